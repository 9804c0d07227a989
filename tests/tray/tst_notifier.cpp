// Notifications: which conditions interrupt the user, that each is said once,
// that bursts become one notification, and that they can be turned off. The
// second half drives real sessions against tokentray-fakeapi.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "tray/notifier.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int Window = 150;

struct Engine
{
    QTemporaryDir dir;
    ManualClock clock { QDateTime::currentDateTimeUtc() };
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

    QUuid seed(Provider kind, const QString &name, const QUrl &baseUrl, const QString &login,
               const QString &secret)
    {
        Account a = Account::create(kind);
        a.name = name;
        a.login = login;
        a.baseUrl = baseUrl;
        if (kind == Provider::SevenG)
            a.environment = u"custom"_s;
        accounts->add(a);
        secrets.write(a.id, kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                      secret, nullptr, {});
        return a.id;
    }

    void tick(int seconds = 1)
    {
        clock.advance(seconds * 1000);
        manager->tick();
    }
};
} // namespace

class NotifierTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstBecomesOneNotification()
    {
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        QSignalSpy notified(&notifier, &Notifier::notify);
        const QUuid a = QUuid::createUuid(), b = QUuid::createUuid(), c = QUuid::createUuid();
        notifier.report(Notifier::Kind::CredentialsRejected, a, u"alpha"_s);
        notifier.report(Notifier::Kind::CredentialsRejected, b, u"beta"_s);
        notifier.report(Notifier::Kind::CredentialsRejected, a, u"alpha"_s); // already reported
        notifier.report(Notifier::Kind::CredentialsRejected, c, u"gamma"_s);
        QCOMPARE(notified.count(), 0); // not before the window closes
        QVERIFY(notified.wait(2000));
        QTest::qWait(2 * Window);
        QCOMPARE(notified.count(), 1);
        const QList<QVariant> args = notified.first();
        QCOMPARE(args.at(0).toString(), u"Sign-in rejected"_s);
        QVERIFY2(args.at(1).toString().contains(u"alpha, beta and gamma"_s),
                 qPrintable(args.at(1).toString()));
        QCOMPARE(args.at(2).toBool(), true);
    }

    void longListsAreShortened()
    {
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        QSignalSpy notified(&notifier, &Notifier::notify);
        for (const QString &name : { u"a1"_s, u"a2"_s, u"a3"_s, u"a4"_s, u"a5"_s })
            notifier.report(Notifier::Kind::RenewalFailing, QUuid::createUuid(), name);
        QVERIFY(notified.wait(2000));
        const QString body = notified.first().at(1).toString();
        QVERIFY2(body.contains(u"a1, a2, a3 and 2 more"_s), qPrintable(body));
        QCOMPARE(notified.first().at(0).toString(), u"Tokens could not be renewed"_s);
        QCOMPARE(notified.first().at(2).toBool(), false);
    }

    void mixedKindsShareOneNotification()
    {
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        QSignalSpy notified(&notifier, &Notifier::notify);
        notifier.report(Notifier::Kind::KeychainUnavailable, {}, {}, u"The keyring is locked."_s);
        notifier.report(Notifier::Kind::RenewalFailing, QUuid::createUuid(), u"prod"_s);
        QVERIFY(notified.wait(2000));
        QTest::qWait(2 * Window);
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), u"TokenTray needs attention"_s);
        const QString body = notified.first().at(1).toString();
        QVERIFY(body.contains(u"The keyring is locked."_s));
        QVERIFY(body.contains(u"prod"_s));
    }

    void sameConditionIsSaidOnceUntilItClears()
    {
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        QSignalSpy notified(&notifier, &Notifier::notify);
        const QUuid id = QUuid::createUuid();
        notifier.report(Notifier::Kind::CredentialsRejected, id, u"alpha"_s);
        QVERIFY(notified.wait(2000));
        notifier.report(Notifier::Kind::CredentialsRejected, id, u"alpha"_s);
        QTest::qWait(3 * Window);
        QCOMPARE(notified.count(), 1);
        notifier.clear(Notifier::Kind::CredentialsRejected, id);
        notifier.report(Notifier::Kind::CredentialsRejected, id, u"alpha"_s);
        QVERIFY(notified.wait(2000));
        QCOMPARE(notified.count(), 2);
    }

    void canBeTurnedOff()
    {
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        QSignalSpy notified(&notifier, &Notifier::notify);
        notifier.report(Notifier::Kind::CredentialsRejected, QUuid::createUuid(), u"pending"_s);
        notifier.setEnabled(false); // drops what was collected, too
        notifier.report(Notifier::Kind::CredentialsRejected, QUuid::createUuid(), u"while off"_s);
        QTest::qWait(3 * Window);
        QCOMPARE(notified.count(), 0);
        // Turning them on again does not replay old conditions.
        notifier.setEnabled(true);
        QTest::qWait(3 * Window);
        QCOMPARE(notified.count(), 0);
        notifier.report(Notifier::Kind::CredentialsRejected, QUuid::createUuid(), u"new"_s);
        QVERIFY(notified.wait(2000));
    }

    void rejectedSessionsNotifyOnceTogether()
    {
        FakeApiProcess api;
        QVERIFY2(api.start({ u"--demo"_s, u"--quiet"_s }), qPrintable(api.errorString()));
        Engine engine;
        engine.seed(Provider::SevenG, u"Alice wrong"_s, api.baseUrl(), u"demo.alice"_s,
                    u"not-her-password"_s);
        engine.seed(Provider::SevenG, u"Bob wrong"_s, api.baseUrl(), u"demo.bob"_s, u"not-his-password"_s);
        engine.seed(Provider::D7, u"D7 fine"_s, api.baseUrl(), u"demo-app-one"_s, u"demo-secret-one"_s);
        Notifier notifier;
        notifier.setCoalesceInterval(500);
        notifier.watch(engine.manager.get());
        QSignalSpy notified(&notifier, &Notifier::notify);
        engine.manager->start(false);

        QTRY_VERIFY_WITH_TIMEOUT((engine.tick(), notified.count() == 1), 20000);
        // Ticking on (every second, as the app does) says nothing more.
        for (int i = 0; i < 20; ++i) {
            engine.tick();
            QTest::qWait(20);
        }
        QTest::qWait(600);
        QCOMPARE(notified.count(), 1);
        const QString body = notified.first().at(1).toString();
        QVERIFY2(body.contains(u"Alice wrong and Bob wrong"_s)
                     || body.contains(u"Bob wrong and Alice wrong"_s),
                 qPrintable(body));
        QVERIFY(!body.contains(u"D7 fine"_s));
        QCOMPARE(notified.first().at(2).toBool(), true);
        // Never retried: one failed login per user on the server.
        const QJsonObject users = api.counters().value(u"sevengUsers"_s).toObject();
        QCOMPARE(users.value(u"demo.alice"_s).toObject().value(u"loginFailures"_s).toInt(), 1);
        QCOMPARE(users.value(u"demo.bob"_s).toObject().value(u"loginFailures"_s).toInt(), 1);
    }

    void tokenRunningOutWhileRenewalFailsNotifies()
    {
        FakeApiProcess api;
        QVERIFY2(api.start({ u"--demo"_s, u"--quiet"_s, u"--token-format"_s, u"opaque"_s }),
                 qPrintable(api.errorString()));
        Engine engine;
        const QUuid id = engine.seed(Provider::D7, u"D7 offline"_s, api.baseUrl(), u"demo-app-one"_s,
                                     u"demo-secret-one"_s);
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        notifier.watch(engine.manager.get());
        QSignalSpy notified(&notifier, &Notifier::notify);
        engine.manager->start(false);
        QTRY_VERIFY_WITH_TIMEOUT((engine.tick(0), engine.manager->session(id)->hasValidToken()), 20000);

        // The service goes away; renewal starts failing before expiry, which is
        // no reason to interrupt anyone yet...
        QVERIFY(api.stop());
        const qint64 left = engine.manager->session(id)->secondsLeft();
        engine.tick(int(left - 30));
        QTRY_VERIFY_WITH_TIMEOUT((engine.tick(), engine.manager->session(id)->lastError().isError()), 20000);
        QVERIFY(engine.manager->session(id)->hasValidToken());
        QTest::qWait(3 * Window);
        QCOMPARE(notified.count(), 0);

        // ...but once the token has run out, it is.
        QTRY_VERIFY_WITH_TIMEOUT((engine.tick(5), notified.count() == 1), 20000);
        QCOMPARE(notified.first().at(0).toString(), u"Tokens could not be renewed"_s);
        QVERIFY(notified.first().at(1).toString().contains(u"D7 offline"_s));
        for (int i = 0; i < 10; ++i) {
            engine.tick(5);
            QTest::qWait(20);
        }
        QTest::qWait(3 * Window);
        QCOMPARE(notified.count(), 1);
    }

    void unusableKeychainNotifies()
    {
        Engine engine;
        engine.secrets.setFailure(SecretError::NoBackend);
        Notifier notifier;
        notifier.setCoalesceInterval(Window);
        notifier.watch(engine.manager.get());
        QSignalSpy notified(&notifier, &Notifier::notify);
        engine.manager->start(false);
        QTRY_VERIFY_WITH_TIMEOUT((engine.tick(), notified.count() >= 1), 15000);
        QCOMPARE(notified.first().at(0).toString(), u"Keychain unavailable"_s);
        QCOMPARE(notified.first().at(2).toBool(), true);
        QVERIFY(!notified.first().at(1).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(NotifierTest)
#include "tst_notifier.moc"
