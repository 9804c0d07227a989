#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "sessionfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

// The session registry and the tick. The parts SessionManager owns have their
// own tests: tst_accountservice, tst_keychainmonitor, tst_offlinemonitor,
// tst_providerregistry.
class TestSessionManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startRestoresInBatchesAndSignsIn();
    void restoredTokenUsedWithoutLogin();
    void findSession();
    void tickAndSignals();
    void withoutAutoRenewOnlyOnRequest();
    void pendingWrites();
    void keychainLossReachesEverySession();
    void removedSessionNoLongerCountsTowardsOffline();
    void manySessionsReadTheKeychainOnce();
    void failedBatchFallsBackToSingleReads();
    void onDemandRestoresOnlyWhatIsAsked();
    void fewSessionsReadTheirOwnEntriesAtOnce();
    void askingAgainDoesNotRestartReads();
    void renewalsDueTogetherStartInTurns();
};

namespace {
QString storedToken(const QString &token)
{
    return u"{\"v\":1,\"token\":\"%1\",\"exp\":%2,\"iat\":%3}"_s.arg(token)
        .arg(SessionFixture::Start.addSecs(3600).toSecsSinceEpoch())
        .arg(SessionFixture::Start.addSecs(-60).toSecsSinceEpoch());
}
} // namespace

void TestSessionManager::manySessionsReadTheKeychainOnce()
{
    SessionFixture f;
    f.secrets.setBatchReads(true);
    QList<Account> accounts;
    for (int i = 0; i < 30; ++i) {
        accounts.append(f.seed(i % 2 ? Provider::D7 : Provider::SevenG, u"Account %1"_s.arg(i)));
        if (i != 7)
            f.secrets.write(accounts.last().id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)),
                            nullptr, {});
        if (i % 2 == 0)
            f.secrets.write(accounts.last().id, SecretKind::RefreshToken, u"r%1"_s.arg(i), nullptr, {});
    }
    SessionFixture::settle();
    f.create();
    const int before = f.secrets.operationCount();
    f.manager->start(false);
    SessionFixture::settle();
    // The probe and one read for all thirty accounts; account 7 has no stored token and signs in.
    QCOMPARE(f.count(SessionState::Valid), 30);
    QCOMPARE(f.sevenG->signInCount() + f.d7->signInCount(), 1);
    QCOMPARE(f.manager->session(accounts.at(2).id)->tokens().accessToken, u"t2"_s);
    QCOMPARE(f.manager->session(accounts.at(2).id)->tokens().refreshToken, u"r2"_s);
    // Reading the credential for the sign-in of account 7, and writing its new tokens, come on top.
    QVERIFY2(f.secrets.operationCount() - before <= 2 + 4,
             qPrintable(QString::number(f.secrets.operationCount() - before)));
}

void TestSessionManager::failedBatchFallsBackToSingleReads()
{
    SessionFixture f;
    QList<Account> accounts;
    for (int i = 0; i < 10; ++i) {
        accounts.append(f.seed(Provider::D7, u"Account %1"_s.arg(i)));
        f.secrets.write(accounts.last().id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)), nullptr,
                        {});
    }
    SessionFixture::settle();
    // The in-memory store reads entry by entry unless told otherwise: the
    // batch answers with an error and every session reads its own.
    f.create();
    const int before = f.secrets.operationCount();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), 10);
    QCOMPARE(f.d7->signInCount(), 0);
    // D7 has no refresh token: one read per account, plus the probe.
    QCOMPARE(f.secrets.operationCount() - before, 10 + 1);
}

void TestSessionManager::onDemandRestoresOnlyWhatIsAsked()
{
    SessionFixture f;
    QList<Account> accounts;
    for (int i = 0; i < 12; ++i) {
        accounts.append(f.seed(Provider::SevenG, u"Account %1"_s.arg(i)));
        f.secrets.write(accounts.last().id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)), nullptr,
                        {});
    }
    SessionFixture::settle();
    f.create();
    f.manager->setRestoreAll(false);
    f.manager->setAutoRenew(false);
    TokenSession *wanted = nullptr;
    f.manager->start(false);
    wanted = f.manager->session(accounts.at(5).id);
    f.manager->requestRestore(wanted); // before the keychain answered
    const int before = f.secrets.operationCount();
    SessionFixture::settle();
    QCOMPARE(wanted->state(), SessionState::Valid);
    QCOMPARE(f.count(SessionState::Restoring), 11);
    // The probe, and the access and refresh token of one account.
    QVERIFY2(f.secrets.operationCount() - before <= 3,
             qPrintable(QString::number(f.secrets.operationCount() - before)));
    f.manager->requestRestore(nullptr);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), 12);
    QCOMPARE(f.sevenG->signInCount(), 0);
}

void TestSessionManager::fewSessionsReadTheirOwnEntriesAtOnce()
{
    SessionFixture f;
    f.secrets.setBatchReads(true);
    QList<Account> accounts;
    for (int i = 0; i < 12; ++i) {
        accounts.append(f.seed(Provider::SevenG, u"Account %1"_s.arg(i)));
        f.secrets.write(accounts.last().id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)), nullptr,
                        {});
        f.secrets.write(accounts.last().id, SecretKind::RefreshToken, u"r%1"_s.arg(i), nullptr, {});
    }
    SessionFixture::settle();
    f.create();
    f.manager->setRestoreAll(false);
    f.manager->setAutoRenew(false);
    f.manager->start(false);
    TokenSession *first = f.manager->session(accounts.at(3).id);
    TokenSession *second = f.manager->session(accounts.at(4).id);
    f.manager->requestRestore(first);
    f.manager->requestRestore(second);
    const int before = f.secrets.operationCount();
    SessionFixture::settle();
    QCOMPARE(first->state(), SessionState::Valid);
    QCOMPARE(second->state(), SessionState::Valid);
    QCOMPARE(second->tokens().refreshToken, u"r4"_s);
    QCOMPARE(f.count(SessionState::Restoring), 10);
    // The probe and one read of both accounts' entries.
    QVERIFY2(f.secrets.operationCount() - before <= 2,
             qPrintable(QString::number(f.secrets.operationCount() - before)));

    // Asked for while that read of two accounts runs, a third account is not
    // in it: it reads its own entries, and does not count as having none.
    TokenSession *third = f.manager->session(accounts.at(5).id);
    TokenSession *fourth = f.manager->session(accounts.at(6).id);
    f.secrets.setLatency(50);
    f.manager->requestRestore(third);
    QTest::qWait(10);
    f.manager->requestRestore(fourth);
    SessionFixture::settle();
    QTRY_COMPARE(fourth->state(), SessionState::Valid);
    QCOMPARE(third->state(), SessionState::Valid);
    QCOMPARE(fourth->tokens().accessToken, u"t6"_s);
    QCOMPARE(fourth->tokens().refreshToken, u"r6"_s);
    QCOMPARE(f.sevenG->signInCount(), 0);
}

void TestSessionManager::askingAgainDoesNotRestartReads()
{
    // `tokentray list` asks the window to restore everything, and a script
    // may ask every 50 ms while the window is still reading the keychain one
    // entry at a time. Each ask used to start the reads in progress over,
    // so a hundred accounts took eleven seconds instead of one.
    SessionFixture f;
    constexpr int Count = 30;
    for (int i = 0; i < Count; ++i) {
        const Account a = f.seed(Provider::SevenG, u"Account %1"_s.arg(i));
        f.secrets.write(a.id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)), nullptr, {});
        f.secrets.write(a.id, SecretKind::RefreshToken, u"r%1"_s.arg(i), nullptr, {});
    }
    SessionFixture::settle();
    f.secrets.setLatency(5);
    f.create();
    f.manager->setAutoRenew(false);
    const int before = f.secrets.operationCount();
    f.manager->start(false);
    QElapsedTimer waited;
    waited.start();
    while (f.count(SessionState::Restoring) > 0 && waited.elapsed() < 20000) {
        f.manager->requestRestore(nullptr);
        QTest::qWait(2);
    }
    QCOMPARE(f.count(SessionState::Restoring), 0);
    QCOMPARE(f.count(SessionState::Valid), Count);
    // The probe, then each account's access and refresh token, once.
    QCOMPARE(f.secrets.operationCount() - before, 1 + 2 * Count);
}

void TestSessionManager::renewalsDueTogetherStartInTurns()
{
    // Sixty accounts whose stored tokens all reach their refresh time in the
    // same second: one tick starts twenty renewals, the next turns of the event
    // loop the others, and every one of them signs in exactly once.
    SessionFixture f;
    constexpr int Count = 3 * SessionManager::MaxRenewalsPerTurn;
    for (int i = 0; i < Count; ++i) {
        const Account a = f.seed(Provider::D7, u"Account %1"_s.arg(i));
        f.secrets.write(a.id, SecretKind::AccessToken, storedToken(u"t%1"_s.arg(i)), nullptr, {});
    }
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), Count);
    QCOMPARE(f.d7->signInCount(), 0);

    f.clock.advance(3600 * 1000); // the stored tokens expire now
    QSignalSpy ticked(f.manager.get(), &SessionManager::ticked);
    f.manager->tick();
    QCOMPARE(ticked.count(), 1); // countdowns repaint at once
    const auto busy = [&f] {
        int n = 0;
        for (const TokenSession *s : f.manager->sessions())
            n += s->isBusy() ? 1 : 0;
        return n;
    };
    QCOMPARE(busy(), SessionManager::MaxRenewalsPerTurn);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), Count);
    QCOMPARE(f.d7->signInCount(), Count);
}

void TestSessionManager::startRestoresInBatchesAndSignsIn()
{
    SessionFixture f;
    for (int i = 0; i < 45; ++i)
        f.seed(i % 3 ? Provider::SevenG : Provider::D7, u"Account %1"_s.arg(i));
    SessionFixture::settle();
    f.create();
    QSignalSpy added(f.manager.get(), &SessionManager::sessionAdded);
    QSignalSpy keychain(f.manager->keychainMonitor(), &KeychainMonitor::statusChanged);
    f.manager->start(false);
    QCOMPARE(added.count(), 45);
    QCOMPARE(f.manager->sessions().size(), 45);
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Probing);
    QCOMPARE(f.count(SessionState::Restoring), 45);

    // Restores start at most 20 per event-loop turn.
    int previous = 45;
    int maxStep = 0;
    for (int turn = 0; turn < 40 && f.count(SessionState::Restoring) > 0; ++turn) {
        QCoreApplication::processEvents();
        const int now = f.count(SessionState::Restoring);
        maxStep = std::max(maxStep, previous - now);
        previous = now;
    }
    QCOMPARE(f.count(SessionState::Restoring), 0);
    QVERIFY2(maxStep <= 20, qPrintable(QString::number(maxStep)));
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Available);
    QVERIFY(keychain.count() >= 2);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), 45);
    QCOMPARE(f.sevenG->signInCount(), 30);
    QCOMPARE(f.d7->signInCount(), 15);
    QCOMPARE(f.sevenG->calls().at(0).secret, u"secret-Account 1"_s);
}

void TestSessionManager::restoredTokenUsedWithoutLogin()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    // A previous run's token, still valid.
    f.secrets.write(a.id, SecretKind::AccessToken,
                    u"{\"v\":1,\"token\":\"kept\",\"exp\":%1,\"iat\":%2}"_s
                        .arg(SessionFixture::Start.addSecs(600).toSecsSinceEpoch())
                        .arg(SessionFixture::Start.addSecs(-600).toSecsSinceEpoch()),
                    nullptr, {});
    f.secrets.write(a.id, SecretKind::RefreshToken, u"kept-refresh"_s, nullptr, {});
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    TokenSession *s = f.manager->session(a.id);
    QVERIFY(s);
    QCOMPARE(s->state(), SessionState::Valid);
    QCOMPARE(s->tokens().accessToken, u"kept"_s);
    QCOMPARE(f.sevenG->calls().size(), 0);
}

void TestSessionManager::findSession()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice Prod"_s);
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    QCOMPARE(f.manager->findSession(u"alice prod"_s)->id(), a.id);
    QCOMPARE(f.manager->findSession(a.id.toString())->id(), a.id);
    QCOMPARE(f.manager->findSession(a.id.toString(QUuid::WithoutBraces))->id(), a.id);
    QVERIFY(!f.manager->findSession(u"nobody"_s));
    QVERIFY(!f.manager->findSession(QString()));
}

void TestSessionManager::tickAndSignals()
{
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create();
    QSignalSpy changed(f.manager.get(), &SessionManager::sessionChanged);
    QSignalSpy ticked(f.manager.get(), &SessionManager::ticked);
    f.manager->start(false);
    SessionFixture::settle();
    QVERIFY(changed.count() >= 3); // restoring → signed out → signing in → valid, and the token
    f.run(5);
    QCOMPARE(ticked.count(), 5);
    // The manager's own timer, when asked for.
    SessionFixture g;
    g.create();
    QSignalSpy gTicked(g.manager.get(), &SessionManager::ticked);
    g.manager->start(true);
    QVERIFY(gTicked.wait(2500));
}

void TestSessionManager::withoutAutoRenewOnlyOnRequest()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create(false);
    f.manager->start(false);
    SessionFixture::settle();
    TokenSession *s = f.manager->session(a.id);
    QCOMPARE(s->state(), SessionState::SignedOut);
    f.run(60);
    QCOMPARE(f.sevenG->calls().size(), 0);
    QObject ctx;
    QString token;
    s->requestToken(0, &ctx, [&token](const TokenSet &t, const AuthError &) { token = t.accessToken; });
    SessionFixture::settle();
    QCOMPARE(token, u"access-1"_s);
    f.run(1300);
    QCOMPARE(f.sevenG->calls().size(), 1);
    QCOMPARE(s->state(), SessionState::Expired);
}

void TestSessionManager::pendingWrites()
{
    SessionFixture f;
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    f.secrets.setLatency(200);
    QObject ctx;
    bool done = false;
    f.manager->accountService()->addAccount(SessionFixture::makeAccount(Provider::SevenG, u"Alice"_s),
                                            u"pw"_s, &ctx, [&done](const Status &) { done = true; });
    QCOMPARE(f.manager->pendingWrites(), 1);
    QTRY_VERIFY(done);
    // Then the sign-in's token pair is written.
    QTRY_COMPARE(f.manager->session(f.accounts->accounts().at(0).id)->state(), SessionState::Valid);
    QVERIFY(f.manager->pendingWrites() >= 1);
    QTRY_COMPARE(f.manager->pendingWrites(), 0);
}

void TestSessionManager::keychainLossReachesEverySession()
{
    // The manager tells its sessions before anyone hears of the new status,
    // and a session added while the keychain is out starts out knowing it.
    SessionFixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    f.seed(Provider::D7, u"Dora"_s);
    SessionFixture::settle();
    f.secrets.setFailure(SecretError::AccessDenied, u"Refused."_s);
    f.create();
    int unavailableWhenHeard = -1;
    connect(f.manager->keychainMonitor(), &KeychainMonitor::statusChanged, f.manager.get(), [&] {
        if (f.manager->keychainMonitor()->status() == KeychainMonitor::Status::Unavailable)
            unavailableWhenHeard = f.count(SessionState::KeychainUnavailable);
    });
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(unavailableWhenHeard, 2);

    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->addAccount(SessionFixture::makeAccount(Provider::SevenG, u"Bob"_s),
                                            QString(), &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && result->ok());
    QCOMPARE(f.count(SessionState::KeychainUnavailable), 3);
    QCOMPARE(f.manager->sessions().last()->keychainMessage(), u"Refused."_s);
}

void TestSessionManager::removedSessionNoLongerCountsTowardsOffline()
{
    // Of three sessions one failed to connect and was then removed: the next
    // failure alone does not make the manager offline.
    SessionFixture f;
    f.seed(Provider::SevenG, u"A"_s);
    f.seed(Provider::SevenG, u"B"_s);
    f.seed(Provider::SevenG, u"C"_s);
    SessionFixture::settle();
    f.create(false);
    f.manager->start(false);
    SessionFixture::settle();
    f.sevenG->setPersistentError(SessionFixture::connectionRefused());
    const QList<TokenSession *> sessions = f.manager->sessions();
    sessions.at(0)->requestToken(0, nullptr, {});
    SessionFixture::settle();
    QVERIFY(!f.manager->offlineMonitor()->isOffline());
    QObject ctx;
    bool removed = false;
    f.manager->accountService()->removeAccount(sessions.at(0)->id(), &ctx,
                                               [&removed](const Status &st) { removed = st.ok(); });
    SessionFixture::settle();
    QVERIFY(removed);
    sessions.at(1)->requestToken(0, nullptr, {});
    SessionFixture::settle();
    QVERIFY(!f.manager->offlineMonitor()->isOffline());
    sessions.at(2)->requestToken(0, nullptr, {});
    SessionFixture::settle();
    QVERIFY(f.manager->offlineMonitor()->isOffline());
}

QTEST_GUILESS_MAIN(TestSessionManager)
#include "tst_sessionmanager.moc"
