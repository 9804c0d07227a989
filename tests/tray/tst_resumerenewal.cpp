// After a suspend (the wall clock jumps) or when the network returns,
// DesktopIntegration's ResumeWatcher has every session renew at once, without
// waiting for the regular tick. The engine's own timer is off here (tests
// tick by hand), so any renewal seen comes from the watcher.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "platform/resumewatcher.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class ResumeRenewalTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeApiProcess m_api;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<NetworkPolicy> m_network;
    std::unique_ptr<SessionManager> m_manager;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<DesktopIntegration> m_desktop;
    QUuid m_sevenG;
    QUuid m_d7;

    QUuid seed(Provider kind, const QString &name, const QString &login, const QString &secret)
    {
        Account a = Account::create(kind);
        a.name = name;
        a.login = login;
        a.baseUrl = m_api.baseUrl();
        if (kind == Provider::SevenG)
            a.environment = u"custom"_s;
        const Status added = m_accounts->add(a);
        if (!added)
            qFatal("%s", qPrintable(added.error()));
        m_secrets->write(a.id, kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                         secret, nullptr, {});
        return a.id;
    }

    TokenSession *session(const QUuid &id) const { return m_manager->session(id); }

    bool bothValid() const
    {
        return session(m_sevenG)->hasValidToken() && session(m_d7)->hasValidToken()
            && session(m_sevenG)->state() == SessionState::Valid
            && session(m_d7)->state() == SessionState::Valid;
    }

    int counter(const QString &name) { return m_api.counters().value(name).toInt(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Opaque tokens: their expiry is the account's lifetime on the test's
        // clock, so jumping the clock really expires them.
        QVERIFY2(m_api.start({ u"--demo"_s, u"--quiet"_s, u"--token-format"_s, u"opaque"_s }),
                 qPrintable(m_api.errorString()));
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        m_accounts = std::make_unique<AccountStore>(m_dir.filePath(u"accounts.json"_s));
        QVERIFY(m_accounts->load());
        m_secrets = std::make_unique<MemorySecretStore>();
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_network = std::make_unique<NetworkPolicy>(m_nam.get());
        m_sevenG = seed(Provider::SevenG, u"Prod 7G"_s, u"demo.alice"_s, u"alice-demo-password"_s);
        m_d7 = seed(Provider::D7, u"D7 One"_s, u"demo-app-one"_s, u"demo-secret-one"_s);
        m_manager = std::make_unique<SessionManager>(m_accounts.get(), m_secrets.get(), m_network.get(),
                                                     m_clock.get());
        m_settings = std::make_unique<AppSettings>(AppSettings::pathInConfigDir(m_dir.path()));

        m_desktop = std::make_unique<DesktopIntegration>(nullptr, m_manager.get(), m_settings.get());
        m_desktop->setTrayRetry(0, 0);
        m_desktop->resumeWatcher()->setCheckInterval(50);
        m_desktop->resumeWatcher()->setJumpThreshold(2000);
        m_manager->start(false);
        m_desktop->start(true);

        // Signed in once; only the test ticks the engine.
        QTRY_VERIFY_WITH_TIMEOUT((m_manager->tick(), bothValid()), 20000);
    }

    void clockJumpRenewsExpiredTokensAtOnce()
    {
        QVERIFY(m_desktop->resumeWatcher()->isRunning());
        const QString sevenGBefore = session(m_sevenG)->tokens().accessToken;
        const QString d7Before = session(m_d7)->tokens().accessToken;
        const int renewalsBefore = counter(u"refreshes"_s) + counter(u"logins"_s);
        const int d7LoginsBefore = counter(u"d7Logins"_s);
        QSignalSpy resumed(m_desktop->resumeWatcher(), &ResumeWatcher::resumed);

        m_clock->advance(3 * 3600 * 1000); // the lid was closed for three hours
        QVERIFY(!session(m_sevenG)->hasValidToken());
        QVERIFY(!session(m_d7)->hasValidToken());

        // No tick from the test: the watcher notices the jump and renews.
        QVERIFY(resumed.wait(3000));
        QTRY_VERIFY_WITH_TIMEOUT(bothValid(), 10000);
        QVERIFY(session(m_sevenG)->tokens().accessToken != sevenGBefore);
        QVERIFY(session(m_d7)->tokens().accessToken != d7Before);
        QCOMPARE(counter(u"refreshes"_s) + counter(u"logins"_s), renewalsBefore + 1);
        QCOMPARE(counter(u"d7Logins"_s), d7LoginsBefore + 1);
        QCOMPARE(resumed.count(), 1);
    }

    void withoutTheWatcherNothingHappensUntilTheNextTick()
    {
        m_desktop->resumeWatcher()->stop();
        const QString before = session(m_sevenG)->tokens().accessToken;
        m_clock->advance(3 * 3600 * 1000);
        QTest::qWait(1000);
        QCOMPARE(session(m_sevenG)->tokens().accessToken, before);
        QVERIFY(!session(m_sevenG)->hasValidToken());

        // The regular tick would have caught it too, just later.
        m_manager->tick();
        QTRY_VERIFY_WITH_TIMEOUT(bothValid(), 10000);
        m_desktop->resumeWatcher()->start();
    }

    void networkReturnRenewsAtOnce()
    {
        ResumeWatcher *watcher = m_desktop->resumeWatcher();
        watcher->setOnline(false);
        // Offline while the tokens lapse (no jump: the watcher restarted at this time).
        watcher->stop();
        m_clock->advance(3 * 3600 * 1000);
        watcher->start();
        const QString before = session(m_d7)->tokens().accessToken;
        QTest::qWait(300);
        QCOMPARE(session(m_d7)->tokens().accessToken, before);

        watcher->setOnline(true);
        QTRY_VERIFY_WITH_TIMEOUT(bothValid(), 10000);
        QVERIFY(session(m_d7)->tokens().accessToken != before);
    }

    void cleanupTestCase()
    {
        m_desktop.reset();
        m_manager.reset();
    }
};

QTEST_MAIN(ResumeRenewalTest)
#include "tst_resumerenewal.moc"
