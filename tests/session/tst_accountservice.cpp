#include "session/accountservice.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "sessionfixture.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAccountService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addAccount();
    void addAccountRefusedWithoutKeychain();
    void updateAccountWithNewSecret();
    void newLoginNeverSignsInWithTheOldSecret();
    void updateAccountProviderChange();
    void removeAccountDeletesEverything();
    void removeAccountReadOnlyStoreKeepsEverything();
    void removeAccountRefusedWithoutKeychain();
    void passThroughs();
    void updateMissingAccount();
    void pendingWritesOfItsOwn();
};

void TestAccountService::addAccount()
{
    SessionFixture f;
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QSignalSpy added(f.manager.get(), &SessionManager::sessionAdded);
    const Account a = SessionFixture::makeAccount(Provider::SevenG, u"Alice"_s);
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->addAccount(a, u"pw-alice"_s, &ctx,
                                            [&result](const Status &st) { result = st; });
    QVERIFY(!result); // asynchronous
    QCOMPARE(added.count(), 1);
    SessionFixture::settle();
    QVERIFY(result && result->ok());
    QCOMPARE(f.secrets.storedValue(a.id, SecretKind::Password), std::optional<QString>(u"pw-alice"_s));
    QVERIFY(f.accounts->find(a.id));
    TokenSession *s = f.manager->session(a.id);
    QVERIFY(s);
    QCOMPARE(s->state(), SessionState::Valid);
    QCOMPARE(f.sevenG->calls().at(0).secret, u"pw-alice"_s);

    // A duplicate name is refused by the store, and nothing else happens.
    Account dup = SessionFixture::makeAccount(Provider::D7, u"alice"_s);
    result.reset();
    f.manager->accountService()->addAccount(dup, u"x"_s, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && !result->ok());
    QVERIFY(!result->error().isEmpty());
    QCOMPARE(f.manager->sessions().size(), 1);
    QVERIFY(!f.secrets.storedValue(dup.id, SecretKind::ClientSecret));
}

void TestAccountService::addAccountRefusedWithoutKeychain()
{
    SessionFixture f;
    f.secrets.setFailure(SecretError::AccessDenied);
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->addAccount(SessionFixture::makeAccount(Provider::SevenG, u"Alice"_s),
                                            u"pw"_s, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && !result->ok());
    QCOMPARE(f.accounts->accounts().size(), 0);
    QCOMPARE(f.manager->sessions().size(), 0);
}

void TestAccountService::updateAccountWithNewSecret()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create();
    f.sevenG->scriptError(AuthError::Kind::Credentials);
    f.manager->start(false);
    SessionFixture::settle();
    TokenSession *s = f.manager->session(a.id);
    QCOMPARE(s->state(), SessionState::CredentialsRejected);

    QSignalSpy changed(f.manager.get(), &SessionManager::sessionChanged);
    Account renamed = a;
    renamed.name = u"Alice (prod)"_s;
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->updateAccount(renamed, u"new password"_s, &ctx,
                                               [&result](const Status &st) { result = st; });
    SessionFixture::settle();
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
    f.manager->accountService()->updateAccount(noted, std::nullopt, &ctx,
                                               [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && result->ok());
    QCOMPARE(s->tokens().accessToken, token);
    QCOMPARE(f.sevenG->calls().size(), 2);
}

void TestAccountService::newLoginNeverSignsInWithTheOldSecret()
{
    // A new user name and password in one edit. Whoever asks for a token
    // the moment the session hears of it (here a slot on its signal) must
    // get a sign-in with the new password, not the old one with the new
    // user name, which the server would count as a failed login.
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create(false);
    f.manager->start(false);
    SessionFixture::settle();
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
    f.manager->accountService()->updateAccount(bob, u"bobs password"_s, &ctx,
                                               [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(asked);
    QVERIFY(result && result->ok());
    QVERIFY(f.sevenG->signInCount() >= 1);
    for (const auto &call : f.sevenG->calls())
        QCOMPARE(call.secret, u"bobs password"_s);
}

void TestAccountService::updateAccountProviderChange()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::AccessToken));
    Account d7 = a;
    d7.provider = Provider::D7;
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->updateAccount(d7, u"client-secret"_s, &ctx,
                                               [&result](const Status &st) { result = st; });
    SessionFixture::settle();
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

void TestAccountService::removeAccountDeletesEverything()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    const Account b = f.seed(Provider::D7, u"Bob"_s);
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.secrets.entryCount(), 5); // Alice: password and token pair; Bob: client secret and token
    QSignalSpy about(f.manager.get(), &SessionManager::sessionAboutToBeRemoved);
    QSignalSpy removed(f.manager.get(), &SessionManager::sessionRemoved);
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
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

void TestAccountService::removeAccountReadOnlyStoreKeepsEverything()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    // The accounts file cannot be replaced (a directory took its place, which
    // stops even root): the removal fails and nothing is deleted.
    const QString path = f.dir.filePath(u"accounts.json"_s);
    QVERIFY(QFile::remove(path));
    QVERIFY(QDir().mkpath(path + u"/blocker"_s));
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && !result->ok());
    QVERIFY(f.manager->session(a.id));
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::Password));
}

void TestAccountService::removeAccountRefusedWithoutKeychain()
{
    // With the keyring locked the entries cannot be deleted; removing the
    // account anyway would leave its password in the keyring for good.
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.secrets.setFailure(SecretError::Locked);
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && !result->ok());
    QVERIFY2(result->error().contains(u"not removed"_s), qPrintable(result->error()));
    QVERIFY(f.accounts->find(a.id));
    QVERIFY(f.manager->session(a.id));
    QVERIFY(f.secrets.storedValue(a.id, SecretKind::Password));

    // Unlocked: removed with everything it had.
    f.secrets.clearFailure();
    f.manager->keychainMonitor()->retry();
    SessionFixture::settle();
    result.reset();
    f.manager->accountService()->removeAccount(a.id, &ctx, [&result](const Status &st) { result = st; });
    SessionFixture::settle();
    QVERIFY(result && result->ok());
    QVERIFY(!f.accounts->find(a.id));
    QCOMPARE(f.secrets.entryCount(), 0);
}

void TestAccountService::passThroughs()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    // Test sign-in: goes to the provider, stores nothing.
    const Account probe = SessionFixture::makeAccount(Provider::SevenG, u"Probe"_s);
    const int entries = f.secrets.entryCount();
    std::unique_ptr<AuthReply> reply(f.manager->accountService()->testSignIn(probe, u"typed"_s));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(1000));
    QVERIFY(!reply->error().isError());
    QCOMPARE(f.sevenG->calls().last().secret, u"typed"_s);
    SessionFixture::settle();
    QCOMPARE(f.secrets.entryCount(), entries);
    QVERIFY(!f.manager->session(probe.id));

    std::unique_ptr<AuthReply> check(f.manager->accountService()->checkService(a.id));
    QSignalSpy checked(check.get(), &AuthReply::finished);
    QVERIFY(checked.wait(1000));
    QCOMPARE(check->summary(), u"Service healthy"_s);

    std::unique_ptr<AuthReply> missing(f.manager->accountService()->checkService(QUuid::createUuid()));
    QSignalSpy missingDone(missing.get(), &AuthReply::finished);
    QVERIFY(missingDone.wait(1000));
    QVERIFY(missing->error().isError());

    QObject ctx;
    SecretResult read;
    f.manager->accountService()->readCredential(a.id, &ctx, [&read](const SecretResult &r) { read = r; });
    SessionFixture::settle();
    QCOMPARE(read.value, u"secret-Alice"_s);
}

void TestAccountService::updateMissingAccount()
{
    SessionFixture f;
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QObject ctx;
    std::optional<Status> result;
    f.manager->accountService()->updateAccount(SessionFixture::makeAccount(Provider::SevenG, u"Ghost"_s),
                                               u"pw"_s, &ctx, [&result](const Status &st) { result = st; });
    QVERIFY(!result); // answered later, as always
    SessionFixture::settle();
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error(), u"This account no longer exists."_s);
    QCOMPARE(f.accounts->accounts().size(), 0);
    QCOMPARE(f.secrets.entryCount(), 0);
}

void TestAccountService::pendingWritesOfItsOwn()
{
    SessionFixture f;
    const Account a = f.seed(Provider::SevenG, u"Alice"_s);
    SessionFixture::settle();
    f.create(false);
    f.manager->start(false);
    SessionFixture::settle();
    AccountService *service = f.manager->accountService();
    QCOMPARE(service->pendingWrites(), 0);
    f.secrets.setLatency(100);
    QObject ctx;
    bool removed = false;
    service->removeAccount(a.id, &ctx, [&removed](const Status &st) { removed = st.ok(); });
    QCOMPARE(service->pendingWrites(), 1);
    QTRY_VERIFY(removed);
    QCOMPARE(service->pendingWrites(), 0);
}

QTEST_GUILESS_MAIN(TestAccountService)
#include "tst_accountservice.moc"
