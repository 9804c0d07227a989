// A pasted D7 token nobody can renew: the tray says it is running out a day
// and an hour before, and when it has; each warning once per token.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "fakejwt.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/accountservice.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "tray/notifier.h"
#include "tray/traystatus.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

void settle()
{
    for (int i = 0; i < 30; ++i)
        QCoreApplication::processEvents();
}

struct Engine
{
    QTemporaryDir dir;
    ManualClock clock { QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC) };
    MemorySecretStore secrets;
    QNetworkAccessManager nam;
    NetworkPolicy network { &nam };
    std::unique_ptr<AccountStore> accounts;
    std::unique_ptr<SessionManager> manager;

    Engine()
    {
        accounts = std::make_unique<AccountStore>(dir.filePath(u"accounts.json"_s));
        accounts->load();
        manager = std::make_unique<SessionManager>(accounts.get(), &secrets, &network, &clock);
    }

    Account seedPasted(const QString &name, const QString &token)
    {
        Account a = Account::create(Provider::D7);
        a.name = name;
        a.credential = Credential::PastedToken;
        a.baseUrl = QUrl(u"http://127.0.0.1:1"_s);
        if (!accounts->add(a))
            qFatal("cannot add");
        secrets.write(a.id, SecretKind::PastedToken, token, nullptr, {});
        settle();
        return a;
    }

    // To `left` seconds before `exp`, then one tick.
    void moveTo(const QDateTime &exp, qint64 left)
    {
        clock.set(exp.addSecs(-left));
        manager->tick();
        settle();
    }
};

} // namespace

class PastedNotifierTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachWarningOnce()
    {
        Engine e;
        const QDateTime exp = e.clock.now().addSecs(30 * 3600);
        const Account a = e.seedPasted(u"SMS pasted"_s, FakeJwt::expiringAt(exp));
        e.manager->start(false);
        settle();
        Notifier notifier;
        notifier.setCoalesceInterval(10);
        QSignalSpy notified(&notifier, &Notifier::notify);
        notifier.watch(e.manager.get());
        TokenSession *s = e.manager->session(a.id);
        QCOMPARE(s->state(), SessionState::Valid);
        QTest::qWait(50);
        QCOMPARE(notified.count(), 0); // more than a day left
        QCOMPARE(TrayStatus::level(*s), TrayStatus::Level::Ok);

        // Inside the last day: one warning, however many ticks follow.
        for (qint64 left : { 23 * 3600, 20 * 3600, 12 * 3600, 2 * 3600 })
            e.moveTo(exp, left);
        QTRY_COMPARE(notified.count(), 1);
        QCOMPARE(notified.at(0).at(0).toString(), u"Pasted token expires soon"_s);
        QVERIFY2(notified.at(0).at(1).toString().contains(u"\"SMS pasted\" expires in"_s),
                 qPrintable(notified.at(0).at(1).toString()));
        QCOMPARE(notified.at(0).at(2).toBool(), false);
        QCOMPARE(TrayStatus::level(*s), TrayStatus::Level::Warning);
        QCOMPARE(TrayStatus::stateLabel(*s), u"Expires within a day — paste a new token"_s);
        TrayStatus::Summary summary = TrayStatus::summarize(e.manager->sessions(), false);
        QCOMPARE(summary.pastedExpiring, 1);
        QVERIFY2(TrayStatus::toolTip(summary).contains(u"1 pasted token expires within a day"_s),
                 qPrintable(TrayStatus::toolTip(summary)));

        // The last hour: one more.
        for (qint64 left : { 3600, 1800, 60 })
            e.moveTo(exp, left);
        QTRY_COMPARE(notified.count(), 2);
        QVERIFY(notified.at(1).at(1).toString().contains(u" min, at "_s));
        QCOMPARE(TrayStatus::stateLabel(*s), u"Expires within the hour — paste a new token"_s);

        // Expired: said once, as something to act on.
        for (qint64 left : { 0, -60, -3600, -48 * 3600 })
            e.moveTo(exp, left);
        QTRY_COMPARE(notified.count(), 3);
        QCOMPARE(notified.at(2).at(0).toString(), u"Pasted token expired"_s);
        QVERIFY(notified.at(2).at(1).toString().contains(u"has expired"_s));
        QCOMPARE(notified.at(2).at(2).toBool(), true);
        QCOMPARE(s->state(), SessionState::Expired);
        QCOMPARE(TrayStatus::level(*s), TrayStatus::Level::Error);
        summary = TrayStatus::summarize(e.manager->sessions(), false);
        QCOMPARE(summary.pastedExpired, 1);
        QCOMPARE(summary.failed, 1);
        QTest::qWait(50);
        QCOMPARE(notified.count(), 3);

        // A new token: its own warnings, once again. It has less than an
        // hour: one warning, not the day's and the hour's both.
        const QDateTime exp2 = e.clock.now().addSecs(1800);
        std::optional<Status> saved;
        e.manager->accountService()->updateAccount(a, FakeJwt::expiringAt(exp2), nullptr,
                                                   [&saved](const Status &st) { saved = st; });
        QTRY_VERIFY(saved);
        QVERIFY2(saved->ok(), qPrintable(saved->error()));
        QTRY_COMPARE(s->state(), SessionState::Valid);
        e.moveTo(exp2, 1700);
        e.moveTo(exp2, 1000);
        QTRY_COMPARE(notified.count(), 4);
        QTest::qWait(50);
        QCOMPARE(notified.count(), 4);
        QVERIFY(notified.at(3).at(1).toString().contains(u" min, at "_s));
    }

    void unknownExpiryNeverWarns()
    {
        Engine e;
        e.seedPasted(u"Opaque"_s, u"opaque-pasted-token"_s);
        e.manager->start(false);
        settle();
        Notifier notifier;
        notifier.setCoalesceInterval(10);
        QSignalSpy notified(&notifier, &Notifier::notify);
        notifier.watch(e.manager.get());
        for (int day = 0; day < 5; ++day) {
            e.clock.advance(qint64(24) * 3600 * 1000);
            e.manager->tick();
            settle();
        }
        QTest::qWait(50);
        QCOMPARE(notified.count(), 0);
        const TokenSession *s = e.manager->sessions().first();
        QCOMPARE(TrayStatus::level(*s), TrayStatus::Level::Ok);
        QCOMPARE(TrayStatus::stateLabel(*s), u"Valid — expiry unknown"_s);
    }
};

QTEST_MAIN(PastedNotifierTest)
#include "tst_pastednotifier.moc"
