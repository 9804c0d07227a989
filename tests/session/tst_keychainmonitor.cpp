#include "base/clock.h"
#include "secrets/keychainmonitor.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"
#include "sessionfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestKeychainMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The monitor on its own.
    void probeAnswersInOrder();
    void lockedIsNotProbedAgainAlone();
    void transientFailureProbedOnceMore();
    // With the sessions it restores.
    void keychainUnavailable();
    void transientKeychainErrorRetriedOnce();
    void keychainRetryAfterClockSetBack();
    void firstReadInsteadOfProbe();
};

void TestKeychainMonitor::probeAnswersInOrder()
{
    ManualClock clock(SessionFixture::Start);
    MemorySecretStore secrets;
    secrets.setFailure(SecretError::Locked, u"The keyring is locked."_s);
    KeychainMonitor monitor(&secrets, &clock);
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Unknown);
    QList<QString> heard;
    connect(&monitor, &KeychainMonitor::statusChanged, &monitor,
            [&] { heard.append(u"status %1"_s.arg(int(monitor.status()))); });
    connect(&monitor, &KeychainMonitor::probeFailed, &monitor,
            [&](const QString &message, SecretError error) {
                QCOMPARE(error, SecretError::Locked);
                heard.append(u"failed: "_s + message);
            });
    connect(&monitor, &KeychainMonitor::probeSucceeded, &monitor, [&] { heard.append(u"succeeded"_s); });

    monitor.probe();
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Probing);
    SessionFixture::settle();
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Unavailable);
    QCOMPARE(monitor.message(), u"The keyring is locked."_s);
    QCOMPARE(monitor.error(), SecretError::Locked);
    // The sessions are told (probeFailed) before anyone hears of the status.
    QCOMPARE(heard, (QList<QString> { u"status 1"_s, u"failed: The keyring is locked."_s, u"status 3"_s }));

    heard.clear();
    secrets.clearFailure();
    monitor.retry();
    // Probing again keeps the last sentence until there is a new answer.
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Probing);
    QCOMPARE(monitor.message(), u"The keyring is locked."_s);
    SessionFixture::settle();
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Available);
    QVERIFY(monitor.message().isEmpty());
    QCOMPARE(monitor.error(), SecretError::None);
    QCOMPARE(heard, (QList<QString> { u"status 1"_s, u"status 2"_s, u"succeeded"_s }));
}

void TestKeychainMonitor::lockedIsNotProbedAgainAlone()
{
    ManualClock clock(SessionFixture::Start);
    MemorySecretStore secrets;
    secrets.setFailure(SecretError::AccessDenied);
    KeychainMonitor monitor(&secrets, &clock);
    monitor.probe();
    SessionFixture::settle();
    QCOMPARE(monitor.status(), KeychainMonitor::Status::Unavailable);
    QVERIFY(!monitor.message().isEmpty());
    const int ops = secrets.operationCount();
    for (int i = 0; i < 120; ++i) {
        clock.advance(1000);
        monitor.tick();
        SessionFixture::settle();
    }
    QCOMPARE(secrets.operationCount(), ops);
}

void TestKeychainMonitor::transientFailureProbedOnceMore()
{
    ManualClock clock(SessionFixture::Start);
    MemorySecretStore secrets;
    secrets.setFailure(SecretError::Other);
    KeychainMonitor monitor(&secrets, &clock);
    QSignalSpy failed(&monitor, &KeychainMonitor::probeFailed);
    monitor.probe();
    SessionFixture::settle();
    QCOMPARE(failed.count(), 1);
    QVERIFY(!monitor.message().isEmpty());
    for (int i = 0; i < 9; ++i) {
        clock.advance(1000);
        monitor.tick();
        SessionFixture::settle();
    }
    QCOMPARE(failed.count(), 1);
    clock.advance(1000);
    monitor.tick();
    SessionFixture::settle();
    QCOMPARE(failed.count(), 2);
    clock.advance(600 * 1000);
    monitor.tick();
    SessionFixture::settle();
    QCOMPARE(failed.count(), 2);
}

void TestKeychainMonitor::keychainUnavailable()
{
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    f.seed(Provider::D7, u"Dora"_s);
    SessionFixture::settle();
    f.secrets.setFailure(SecretError::Locked);
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    QVERIFY(f.manager->keychainMonitor()->message().contains(u"locked"_s));
    QCOMPARE(f.manager->sessions().size(), 2); // still listed
    QCOMPARE(f.count(SessionState::KeychainUnavailable), 2);
    QCOMPARE(SessionPresenter::stateText(*f.manager->sessions().at(0)), u"Keychain locked"_s);
    // A locked keyring needs the user: not probed again on its own.
    const int ops = f.secrets.operationCount();
    f.run(60);
    QCOMPARE(f.secrets.operationCount(), ops);
    QCOMPARE(f.sevenG->calls().size() + f.d7->calls().size(), 0);
    QCOMPARE(f.accounts->accounts().size(), 2); // nothing lost

    // Unlocked, and "Try again": everything restores and signs in.
    f.secrets.clearFailure();
    f.manager->keychainMonitor()->retry();
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Available);
    QVERIFY(f.manager->keychainMonitor()->message().isEmpty());
    QCOMPARE(f.count(SessionState::Valid), 2);
}

void TestKeychainMonitor::transientKeychainErrorRetriedOnce()
{
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.secrets.setFailure(SecretError::NoBackend);
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    const int ops = f.secrets.operationCount();
    f.run(9);
    QCOMPARE(f.secrets.operationCount(), ops);
    f.run(1);
    QCOMPARE(f.secrets.operationCount(), ops + 1); // the one retry
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    f.run(120);
    QCOMPARE(f.secrets.operationCount(), ops + 1); // and only one

    // A daemon that comes up within the ten seconds is picked up.
    SessionFixture g;
    g.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    g.secrets.setFailure(SecretError::NoBackend, {}, 1);
    g.create();
    g.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(g.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    g.run(10);
    QCOMPARE(g.manager->keychainMonitor()->status(), KeychainMonitor::Status::Available);
    QCOMPARE(g.count(SessionState::Valid), 1);
}

void TestKeychainMonitor::keychainRetryAfterClockSetBack()
{
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.secrets.setFailure(SecretError::NoBackend, {}, 1);
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    f.clock.set(SessionFixture::Start.addSecs(-3600));
    f.run(10);
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Available);
    QCOMPARE(f.count(SessionState::Valid), 1);
}

void TestKeychainMonitor::firstReadInsteadOfProbe()
{
    // A command on one account: no probe; that account's own read tells.
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    f.seed(Provider::D7, u"Dora"_s);
    SessionFixture::settle();
    f.create();
    f.manager->setRestoreAll(false);
    const int before = f.secrets.operationCount();
    f.manager->start(false, SessionManager::KeychainCheck::FirstRead);
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Available);
    QCOMPARE(f.secrets.operationCount(), before); // not a single keychain request yet

    // Locked: the read fails, and the session says so in the keychain's words.
    f.secrets.setFailure(SecretError::Locked, u"The keyring is locked."_s);
    TokenSession *dora = f.manager->findSession(u"Dora"_s);
    f.manager->requestRestore(dora);
    SessionFixture::settle();
    QCOMPARE(dora->state(), SessionState::KeychainUnavailable);
    QCOMPARE(dora->keychainMessage(), u"The keyring is locked."_s);
    QCOMPARE(dora->keychainError(), SecretError::Locked);
    QCOMPARE(f.secrets.operationCount(), before + 1); // Dora's one entry, nothing else
    QCOMPARE(f.sevenG->calls().size() + f.d7->calls().size(), 0);

    // Unlocked: the next read works.
    f.secrets.clearFailure();
    f.manager->requestRestore(nullptr);
    SessionFixture::settle();
    QVERIFY(dora->state() != SessionState::KeychainUnavailable);
    QVERIFY(f.manager->findSession(u"Alice"_s)->state() != SessionState::KeychainUnavailable);
}

QTEST_GUILESS_MAIN(TestKeychainMonitor)
#include "tst_keychainmonitor.moc"
