#include "accounts/accountstore.h"
#include "base/clock.h"
#include "faketokenprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime Start = QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC);

void settle()
{
    for (int i = 0; i < 30; ++i)
        QCoreApplication::processEvents();
}

Account makeAccount(Provider kind, const QString &name, const QString &host = u"127.0.0.1:1"_s)
{
    Account a = Account::create(kind);
    a.name = name;
    a.login = name.toLower();
    a.baseUrl = QUrl(u"http://"_s + host);
    return a;
}

AuthError connectionRefused()
{
    AuthError e;
    e.kind = AuthError::Kind::Transient;
    e.httpStatus = 0;
    e.message = u"Connection refused"_s;
    return e;
}

} // namespace

class TestSessionManager : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        QTemporaryDir dir;
        ManualClock clock { Start };
        MemorySecretStore secrets;
        std::unique_ptr<AccountStore> accounts;
        FakeTokenProvider *sevenG = nullptr;
        FakeTokenProvider *d7 = nullptr;
        std::unique_ptr<SessionManager> manager;

        Fixture()
        {
            accounts = std::make_unique<AccountStore>(dir.filePath(u"accounts.json"_s));
            accounts->load();
        }

        // Accounts already in the store (with their credential) before the manager starts.
        Account seed(Provider kind, const QString &name, const QString &host = u"127.0.0.1:1"_s)
        {
            const Account a = makeAccount(kind, name, host);
            const Status added = accounts->add(a);
            if (!added)
                qFatal("%s", qPrintable(added.error()));
            secrets.write(a.id, kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                          u"secret-"_s + name, nullptr, {});
            return a;
        }

        void create(bool autoRenew = true)
        {
            manager = std::make_unique<SessionManager>(accounts.get(), &secrets, nullptr, &clock);
            sevenG = new FakeTokenProvider(Provider::SevenG, &clock);
            d7 = new FakeTokenProvider(Provider::D7, &clock);
            manager->setProvider(Provider::SevenG, sevenG);
            manager->setProvider(Provider::D7, d7);
            manager->setAutoRenew(autoRenew);
        }

        void run(int seconds)
        {
            for (int i = 0; i < seconds; ++i) {
                clock.advance(1000);
                manager->tick();
                settle();
            }
        }

        int count(SessionState state) const
        {
            const auto &list = manager->sessions();
            return int(std::count_if(list.cbegin(), list.cend(),
                                     [state](const TokenSession *s) { return s->state() == state; }));
        }
    };

private Q_SLOTS:
    void startRestoresInBatchesAndSignsIn();
    void restoredTokenUsedWithoutLogin();
    void keychainUnavailable();
    void transientKeychainErrorRetriedOnce();
    void keychainRetryAfterClockSetBack();
    void addAccount();
    void addAccountRefusedWithoutKeychain();
    void updateAccountWithNewSecret();
    void newLoginNeverSignsInWithTheOldSecret();
    void updateAccountProviderChange();
    void removeAccountDeletesEverything();
    void removeAccountReadOnlyStoreKeepsEverything();
    void removeAccountRefusedWithoutKeychain();
    void findSession();
    void tickAndSignals();
    void withoutAutoRenewOnlyOnRequest();
    void offlineSharesOneBackoff();
    void offlineProbeAfterClockSetBack();
    void unreachableServerDoesNotHoldBackOthers();
    void passThroughs();
    void pendingWrites();
};

void TestSessionManager::startRestoresInBatchesAndSignsIn()
{
    Fixture f;
    for (int i = 0; i < 45; ++i)
        f.seed(i % 3 ? Provider::SevenG : Provider::D7, u"Account %1"_s.arg(i));
    settle();
    f.create();
    QSignalSpy added(f.manager.get(), &SessionManager::sessionAdded);
    QSignalSpy keychain(f.manager.get(), &SessionManager::keychainStatusChanged);
    f.manager->start(false);
    QCOMPARE(added.count(), 45);
    QCOMPARE(f.manager->sessions().size(), 45);
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Probing);
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
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Available);
    QVERIFY(keychain.count() >= 2);
    settle();
    QCOMPARE(f.count(SessionState::Valid), 45);
    QCOMPARE(f.sevenG->signInCount(), 30);
    QCOMPARE(f.d7->signInCount(), 15);
    QCOMPARE(f.sevenG->calls().at(0).secret, u"secret-Account 1"_s);
}

void TestSessionManager::restoredTokenUsedWithoutLogin()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    // A previous run's token, still valid.
    f.secrets.write(
        a.id, SecretKind::AccessToken,
        u"{\"v\":1,\"token\":\"kept\",\"exp\":%1,\"iat\":%2}"_s.arg(Start.addSecs(600).toSecsSinceEpoch())
            .arg(Start.addSecs(-600).toSecsSinceEpoch()),
        nullptr, {});
    f.secrets.write(a.id, SecretKind::RefreshToken, u"kept-refresh"_s, nullptr, {});
    settle();
    f.create();
    f.manager->start(false);
    settle();
    TokenSession *s = f.manager->session(a.id);
    QVERIFY(s);
    QCOMPARE(s->state(), SessionState::Valid);
    QCOMPARE(s->tokens().accessToken, u"kept"_s);
    QCOMPARE(f.sevenG->calls().size(), 0);
}

void TestSessionManager::keychainUnavailable()
{
    Fixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    f.seed(Provider::D7, u"Dora"_s);
    settle();
    f.secrets.setFailure(SecretError::Locked);
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    QVERIFY(f.manager->keychainMessage().contains(u"locked"_s));
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
    f.manager->retryKeychain();
    settle();
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Available);
    QVERIFY(f.manager->keychainMessage().isEmpty());
    QCOMPARE(f.count(SessionState::Valid), 2);
}

void TestSessionManager::transientKeychainErrorRetriedOnce()
{
    Fixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.secrets.setFailure(SecretError::NoBackend);
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    const int ops = f.secrets.operationCount();
    f.run(9);
    QCOMPARE(f.secrets.operationCount(), ops);
    f.run(1);
    QCOMPARE(f.secrets.operationCount(), ops + 1); // the one retry
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    f.run(120);
    QCOMPARE(f.secrets.operationCount(), ops + 1); // and only one

    // A daemon that comes up within the ten seconds is picked up.
    Fixture g;
    g.seed(Provider::SevenG, u"Alice"_s);
    settle();
    g.secrets.setFailure(SecretError::NoBackend, {}, 1);
    g.create();
    g.manager->start(false);
    settle();
    QCOMPARE(g.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    g.run(10);
    QCOMPARE(g.manager->keychainStatus(), SessionManager::KeychainStatus::Available);
    QCOMPARE(g.count(SessionState::Valid), 1);
}

void TestSessionManager::keychainRetryAfterClockSetBack()
{
    Fixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.secrets.setFailure(SecretError::NoBackend, {}, 1);
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    f.clock.set(Start.addSecs(-3600));
    f.run(10);
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Available);
    QCOMPARE(f.count(SessionState::Valid), 1);
}

void TestSessionManager::addAccount()
{
    Fixture f;
    f.create();
    f.manager->start(false);
    settle();
    QSignalSpy added(f.manager.get(), &SessionManager::sessionAdded);
    const Account a = makeAccount(Provider::SevenG, u"Alice"_s);
    QObject ctx;
    std::optional<Status> result;
    f.manager->addAccount(a, u"pw-alice"_s, &ctx, [&result](const Status &st) { result = st; });
    QVERIFY(!result); // asynchronous
    QCOMPARE(added.count(), 1);
    settle();
    QVERIFY(result && result->ok());
    QCOMPARE(f.secrets.storedValue(a.id, SecretKind::Password), std::optional<QString>(u"pw-alice"_s));
    QVERIFY(f.accounts->find(a.id));
    TokenSession *s = f.manager->session(a.id);
    QVERIFY(s);
    QCOMPARE(s->state(), SessionState::Valid);
    QCOMPARE(f.sevenG->calls().at(0).secret, u"pw-alice"_s);

    // A duplicate name is refused by the store, and nothing else happens.
    Account dup = makeAccount(Provider::D7, u"alice"_s);
    result.reset();
    f.manager->addAccount(dup, u"x"_s, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && !result->ok());
    QVERIFY(!result->error().isEmpty());
    QCOMPARE(f.manager->sessions().size(), 1);
    QVERIFY(!f.secrets.storedValue(dup.id, SecretKind::ClientSecret));
}

void TestSessionManager::addAccountRefusedWithoutKeychain()
{
    Fixture f;
    f.secrets.setFailure(SecretError::AccessDenied);
    f.create();
    f.manager->start(false);
    settle();
    QObject ctx;
    std::optional<Status> result;
    f.manager->addAccount(makeAccount(Provider::SevenG, u"Alice"_s), u"pw"_s, &ctx,
                          [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && !result->ok());
    QCOMPARE(f.accounts->accounts().size(), 0);
    QCOMPARE(f.manager->sessions().size(), 0);
}

void TestSessionManager::updateAccountWithNewSecret()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create();
    f.sevenG->scriptError(AuthError::Kind::Credentials);
    f.manager->start(false);
    settle();
    TokenSession *s = f.manager->session(a.id);
    QCOMPARE(s->state(), SessionState::CredentialsRejected);

    QSignalSpy changed(f.manager.get(), &SessionManager::sessionChanged);
    Account renamed = a;
    renamed.name = u"Alice (prod)"_s;
    QObject ctx;
    std::optional<Status> result;
    f.manager->updateAccount(renamed, u"new password"_s, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && result->ok());
    QVERIFY(changed.count() >= 1);
    QCOMPARE(f.accounts->find(a.id)->name, u"Alice (prod)"_s);
    QCOMPARE(s->account().name, u"Alice (prod)"_s);
    QCOMPARE(f.secrets.storedValue(a.id, SecretKind::Password), std::optional<QString>(u"new password"_s));
    QCOMPARE(f.sevenG->calls().size(), 2);
    QCOMPARE(f.sevenG->calls().at(1).secret, u"new password"_s);
    QCOMPARE(s->state(), SessionState::Valid);

    // Without a new secret nothing is written and the token stays.
    const QString token = s->tokens().accessToken;
    Account noted = renamed;
    noted.notes = u"note"_s;
    result.reset();
    f.manager->updateAccount(noted, std::nullopt, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && result->ok());
    QCOMPARE(s->tokens().accessToken, token);
    QCOMPARE(f.sevenG->calls().size(), 2);
}

void TestSessionManager::newLoginNeverSignsInWithTheOldSecret()
{
    // A new user name and password in one edit. Whoever asks for a token
    // the moment the session hears of it (here a slot on its signal) must
    // get a sign-in with the new password, not the old one with the new
    // user name, which the server would count as a failed login.
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create(false);
    f.manager->start(false);
    settle();
    TokenSession *s = f.manager->session(a.id);
    bool asked = false;
    connect(f.manager.get(), &SessionManager::sessionChanged, s, [&asked, s] {
        if (!asked && s->account().login == u"bob"_s) {
            asked = true;
            s->requestToken(0, s, {});
        }
    });
    Account bob = a;
    bob.login = u"bob"_s;
    QObject ctx;
    std::optional<Status> result;
    f.manager->updateAccount(bob, u"bobs password"_s, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(asked);
    QVERIFY(result && result->ok());
    QVERIFY(f.sevenG->signInCount() >= 1);
    for (const auto &call : f.sevenG->calls())
        QCOMPARE(call.secret, u"bobs password"_s);
}

void TestSessionManager::updateAccountProviderChange()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create();
    f.manager->start(false);
    settle();
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::AccessToken));
    Account d7 = a;
    d7.provider = Provider::D7;
    QObject ctx;
    std::optional<Status> result;
    f.manager->updateAccount(d7, u"client-secret"_s, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && result->ok());
    TokenSession *s = f.manager->session(a.id);
    QCOMPARE(s->account().provider, Provider::D7);
    QCOMPARE(f.manager->sessions().size(), 1);
    QVERIFY(!f.secrets.storedValue(a.id, SecretKind::Password));
    QVERIFY(!f.secrets.storedValue(a.id, SecretKind::RefreshToken));
    QCOMPARE(f.d7->signInCount(), 1);
    QCOMPARE(f.d7->calls().at(0).secret, u"client-secret"_s);
    QCOMPARE(s->state(), SessionState::Valid);
}

void TestSessionManager::removeAccountDeletesEverything()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    const Account b = f.seed(Provider::D7, u"Bob"_s);
    settle();
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.secrets.entryCount(), 5); // Alice: password and token pair; Bob: client secret and token
    QSignalSpy about(f.manager.get(), &SessionManager::sessionAboutToBeRemoved);
    QSignalSpy removed(f.manager.get(), &SessionManager::sessionRemoved);
    QObject ctx;
    std::optional<Status> result;
    f.manager->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && result->ok());
    QCOMPARE(about.count(), 1);
    QCOMPARE(about.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).value<QUuid>(), a.id);
    QVERIFY(!f.manager->session(a.id));
    QVERIFY(!f.accounts->find(a.id));
    for (SecretKind k : { SecretKind::Password, SecretKind::ClientSecret, SecretKind::AccessToken,
                          SecretKind::RefreshToken })
        QVERIFY(!f.secrets.storedValue(a.id, k));
    // Bob is untouched.
    QVERIFY(f.secrets.storedValue(b.id, SecretKind::ClientSecret));
    QVERIFY(f.secrets.storedValue(b.id, SecretKind::AccessToken));
    // Ticking on does not resurrect anything.
    f.run(3600);
    QVERIFY(!f.secrets.storedValue(a.id, SecretKind::AccessToken));
    QVERIFY(!f.secrets.storedValue(a.id, SecretKind::RefreshToken));
}

void TestSessionManager::removeAccountRefusedWithoutKeychain()
{
    // With the keyring locked the entries cannot be deleted; removing the
    // account anyway would leave its password in the keyring for good.
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.secrets.setFailure(SecretError::Locked);
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.manager->keychainStatus(), SessionManager::KeychainStatus::Unavailable);
    QObject ctx;
    std::optional<Status> result;
    f.manager->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && !result->ok());
    QVERIFY2(result->error().contains(u"not removed"_s), qPrintable(result->error()));
    QVERIFY(f.accounts->find(a.id));
    QVERIFY(f.manager->session(a.id));
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::Password));

    // Unlocked: removed with everything it had.
    f.secrets.clearFailure();
    f.manager->retryKeychain();
    settle();
    result.reset();
    f.manager->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && result->ok());
    QVERIFY(!f.accounts->find(a.id));
    QCOMPARE(f.secrets.entryCount(), 0);
}

void TestSessionManager::removeAccountReadOnlyStoreKeepsEverything()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create();
    f.manager->start(false);
    settle();
    // The accounts file cannot be replaced (a directory took its place, which
    // stops even root): the removal fails and nothing is deleted.
    const QString path = f.dir.filePath(u"accounts.json"_s);
    QVERIFY(QFile::remove(path));
    QVERIFY(QDir().mkpath(path + u"/blocker"_s));
    QObject ctx;
    std::optional<Status> result;
    f.manager->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    settle();
    QVERIFY(result && !result->ok());
    QVERIFY(f.manager->session(a.id));
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::Password));
}

void TestSessionManager::findSession()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice Prod"_s);
    settle();
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
    Fixture f;
    f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create();
    QSignalSpy changed(f.manager.get(), &SessionManager::sessionChanged);
    QSignalSpy ticked(f.manager.get(), &SessionManager::ticked);
    f.manager->start(false);
    settle();
    QVERIFY(changed.count() >= 3); // restoring → signed out → signing in → valid, and the token
    f.run(5);
    QCOMPARE(ticked.count(), 5);
    // The manager's own timer, when asked for.
    Fixture g;
    g.create();
    QSignalSpy gTicked(g.manager.get(), &SessionManager::ticked);
    g.manager->start(true);
    QVERIFY(gTicked.wait(2500));
}

void TestSessionManager::withoutAutoRenewOnlyOnRequest()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create(false);
    f.manager->start(false);
    settle();
    TokenSession *s = f.manager->session(a.id);
    QCOMPARE(s->state(), SessionState::SignedOut);
    f.run(60);
    QCOMPARE(f.sevenG->calls().size(), 0);
    QObject ctx;
    QString token;
    s->requestToken(0, &ctx, [&token](const TokenSet &t, const AuthError &) { token = t.accessToken; });
    settle();
    QCOMPARE(token, u"access-1"_s);
    f.run(1300);
    QCOMPARE(f.sevenG->calls().size(), 1);
    QCOMPARE(s->state(), SessionState::Expired);
}

void TestSessionManager::offlineSharesOneBackoff()
{
    Fixture f;
    QList<Account> all;
    for (int i = 0; i < 10; ++i)
        all.append(f.seed(Provider::SevenG, u"A%1"_s.arg(i)));
    settle();
    f.create();
    f.manager->start(false);
    settle();
    QCOMPARE(f.count(SessionState::Valid), 10);

    // The network goes away just before everyone's renewal.
    f.sevenG->setPersistentError(connectionRefused());
    QSignalSpy offline(f.manager.get(), &SessionManager::offlineChanged);
    const int before = int(f.sevenG->calls().size());
    f.run(1140);
    QVERIFY(f.manager->isOffline());
    QCOMPARE(offline.count(), 1);
    // Over the next ten minutes: one shared back-off, not ten.
    const int atOffline = int(f.sevenG->calls().size());
    QVERIFY2(atOffline - before <= 10, qPrintable(QString::number(atOffline - before)));
    f.run(600);
    const int probes = int(f.sevenG->calls().size()) - atOffline;
    // 1, 2, 4 ... 60 s: about 15 attempts in ten minutes; ten sessions on their own would make 100+.
    QVERIFY2(probes >= 8 && probes <= 20, qPrintable(QString::number(probes)));
    QCOMPARE(f.sevenG->maxInFlight(), 10); // the first round, before the outage was known
    QCOMPARE(f.count(SessionState::RetryScheduled), 10);

    // Back online: the next probe succeeds and everyone renews within seconds.
    f.sevenG->setPersistentError(std::nullopt);
    int waited = 0;
    while (f.count(SessionState::Valid) < 10 && waited < 70) {
        f.run(1);
        ++waited;
    }
    QCOMPARE(f.count(SessionState::Valid), 10);
    QVERIFY(!f.manager->isOffline());
    QCOMPARE(offline.count(), 2);
    QCOMPARE(offline.at(1).at(0).toBool(), false);
}

void TestSessionManager::offlineProbeAfterClockSetBack()
{
    Fixture f;
    for (int i = 0; i < 3; ++i)
        f.seed(Provider::SevenG, u"A%1"_s.arg(i));
    settle();
    f.create();
    f.sevenG->setPersistentError(connectionRefused());
    f.manager->start(false);
    settle();
    f.run(120);
    QVERIFY(f.manager->isOffline());

    // Back online, and the clock set back an hour at the same moment: the
    // shared probe still comes within a minute.
    f.sevenG->setPersistentError(std::nullopt);
    f.clock.set(f.clock.now().addSecs(-3600));
    int waited = 0;
    while (f.count(SessionState::Valid) < 3 && waited < 70) {
        f.run(1);
        ++waited;
    }
    QCOMPARE(f.count(SessionState::Valid), 3);
    QVERIFY(!f.manager->isOffline());
}

void TestSessionManager::unreachableServerDoesNotHoldBackOthers()
{
    Fixture f;
    // Two accounts on a dead custom server, one D7 application elsewhere.
    f.seed(Provider::SevenG, u"Dead1"_s, u"127.0.0.2:1"_s);
    f.seed(Provider::SevenG, u"Dead2"_s, u"127.0.0.2:1"_s);
    const Account live = f.seed(Provider::D7, u"Live"_s, u"127.0.0.3:1"_s);
    settle();
    f.create();
    f.sevenG->setPersistentError(connectionRefused());
    f.manager->start(false);
    settle();
    f.run(5);
    TokenSession *s = f.manager->session(live.id);
    QCOMPARE(s->state(), SessionState::Valid);
    // The D7 renewal is not held back by the 7G outage.
    for (int i = 0; i < 3600; ++i) {
        f.run(1);
        QVERIFY(s->hasValidToken());
    }
}

void TestSessionManager::passThroughs()
{
    Fixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    settle();
    f.create();
    f.manager->start(false);
    settle();
    // Test sign-in: goes to the provider, stores nothing.
    const Account probe = makeAccount(Provider::SevenG, u"Probe"_s);
    const int entries = f.secrets.entryCount();
    std::unique_ptr<AuthReply> reply(f.manager->testSignIn(probe, u"typed"_s));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(1000));
    QVERIFY(!reply->error().isError());
    QCOMPARE(f.sevenG->calls().last().secret, u"typed"_s);
    settle();
    QCOMPARE(f.secrets.entryCount(), entries);
    QVERIFY(!f.manager->session(probe.id));

    std::unique_ptr<AuthReply> check(f.manager->checkService(a.id));
    QSignalSpy checked(check.get(), &AuthReply::finished);
    QVERIFY(checked.wait(1000));
    QCOMPARE(check->summary(), u"Service healthy"_s);

    std::unique_ptr<AuthReply> missing(f.manager->checkService(QUuid::createUuid()));
    QSignalSpy missingDone(missing.get(), &AuthReply::finished);
    QVERIFY(missingDone.wait(1000));
    QVERIFY(missing->error().isError());

    QObject ctx;
    SecretResult read;
    f.manager->readCredential(a.id, &ctx, [&read](const SecretResult &r) { read = r; });
    settle();
    QCOMPARE(read.value, u"secret-Alice"_s);
}

void TestSessionManager::pendingWrites()
{
    Fixture f;
    f.create();
    f.manager->start(false);
    settle();
    f.secrets.setLatency(200);
    QObject ctx;
    bool done = false;
    f.manager->addAccount(makeAccount(Provider::SevenG, u"Alice"_s), u"pw"_s, &ctx,
                          [&done](const Status &) { done = true; });
    QCOMPARE(f.manager->pendingWrites(), 1);
    QTRY_VERIFY(done);
    // Then the sign-in's token pair is written.
    QTRY_COMPARE(f.manager->session(f.accounts->accounts().at(0).id)->state(), SessionState::Valid);
    QVERIFY(f.manager->pendingWrites() >= 1);
    QTRY_COMPARE(f.manager->pendingWrites(), 0);
}

QTEST_GUILESS_MAIN(TestSessionManager)
#include "tst_sessionmanager.moc"
