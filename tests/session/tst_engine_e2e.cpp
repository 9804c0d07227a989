#include "accounts/accountstore.h"
#include "base/clock.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/sessionpresenter.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"
#include "testca.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString User = u"e2e.user"_s;
const QString Password = u"e2e-password-Xq7"_s;
const QString ClientId = u"e2e-app"_s;
const QString ClientSecret = u"e2e-client-secret-Vb4"_s;
constexpr int Wait = 15000;

} // namespace

// The engine against the real fake server process, over loopback HTTP(S).
class TestEngineE2e : public QObject
{
    Q_OBJECT

private:
    struct Engine
    {
        QTemporaryDir dir;
        SystemClock clock;
        QNetworkAccessManager network;
        NetworkPolicy policy { &network };
        MemorySecretStore secrets;
        std::unique_ptr<AccountStore> accounts;
        std::unique_ptr<SessionManager> manager;

        explicit Engine(bool autoRenew = true, bool start = true)
        {
            accounts = std::make_unique<AccountStore>(dir.filePath(u"accounts.json"_s));
            accounts->load();
            manager = std::make_unique<SessionManager>(accounts.get(), &secrets, &policy, &clock);
            manager->setAutoRenew(autoRenew);
            if (start)
                manager->start(false);
        }

        TokenSession *add(Provider kind, const QUrl &base, const QString &login, const QString &secret)
        {
            Account a = Account::create(kind);
            a.name = login + u" account"_s;
            a.login = login;
            a.baseUrl = base;
            bool done = false;
            bool ok = false;
            manager->accountService()->addAccount(a, secret, nullptr, [&](const Status &s) {
                done = true;
                ok = s.ok();
            });
            if (!QTest::qWaitFor([&] { return done; }, Wait) || !ok)
                return nullptr;
            return manager->session(a.id);
        }
    };

    std::unique_ptr<FakeApiProcess> m_api;

    bool startApi(const QStringList &extra = {})
    {
        m_api = std::make_unique<FakeApiProcess>();
        QStringList args { u"--seveng-user"_s, User + u':' + Password, u"--d7-app"_s,
                           ClientId + u':' + ClientSecret };
        args += extra;
        if (!m_api->start(args)) {
            qWarning().noquote() << m_api->errorString();
            return false;
        }
        return true;
    }
    int counter(const char *name) { return m_api->counters().value(QLatin1StringView(name)).toInt(); }

    // Posts a refresh token straight to the server, as a stale client would.
    int postRefresh(const QString &refreshToken, const QString &accessToken)
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(m_api->url(u"/User/RefreshToken"_s));
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        req.setRawHeader("Version", "2.0");
        req.setRawHeader("Authorization", accessToken.toUtf8());
        std::unique_ptr<QNetworkReply> reply(
            nam.post(req,
                     QJsonDocument(QJsonObject { { u"refreshToken"_s, refreshToken } })
                         .toJson(QJsonDocument::Compact)));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        if (!done.wait(Wait))
            return -1;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private Q_SLOTS:
    void cleanup() { m_api.reset(); }

    void signInStoresTokens();
    void refreshRotates();
    void revokedRefreshTokenFallsBackToOneLogin();
    void wrongPasswordExactlyOneAttempt();
    void wrongPasswordPausedAcrossRestarts();
    void d7RenewsBySigningIn();
    void singleFlightUnderConcurrentRequests();
    void httpsWithTestCa();
    void httpsWithoutCaFails();
};

void TestEngineE2e::signInStoresTokens()
{
    QVERIFY(startApi());
    Engine e;
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    QCOMPARE(counter("logins"), 1);
    QCOMPARE(counter("loginFailures"), 0);
    QVERIFY(s->tokens().expiryFromToken);
    QVERIFY(s->secondsLeft() > 1100 && s->secondsLeft() <= 1200);
    QTRY_COMPARE_WITH_TIMEOUT(e.manager->pendingWrites(), 0, Wait);
    QCOMPARE(StoredToken::decode(*e.secrets.storedValue(s->id(), SecretKind::AccessToken)).accessToken,
             s->tokens().accessToken);
    QCOMPARE(e.secrets.storedValue(s->id(), SecretKind::RefreshToken),
             std::optional<QString>(s->tokens().refreshToken));

    // The next start (same account, same keychain entries) uses the stored
    // token without a login.
    Engine again(true, false);
    QVERIFY(again.accounts->add(s->account()));
    for (SecretKind k : { SecretKind::Password, SecretKind::AccessToken, SecretKind::RefreshToken })
        again.secrets.write(s->id(), k, *e.secrets.storedValue(s->id(), k), nullptr, {});
    again.manager->start(false);
    TokenSession *restored = again.manager->session(s->id());
    QVERIFY(restored);
    QTRY_COMPARE_WITH_TIMEOUT(restored->state(), SessionState::Valid, Wait);
    QCOMPARE(restored->tokens().accessToken, s->tokens().accessToken);
    QTest::qWait(200);
    QCOMPARE(counter("logins"), 1);
}

void TestEngineE2e::refreshRotates()
{
    QVERIFY(startApi());
    Engine e;
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    const TokenSet first = s->tokens();

    QSignalSpy tokens(s, &TokenSession::tokensChanged);
    s->renewNow();
    QCOMPARE(s->state(), SessionState::Refreshing);
    QVERIFY(tokens.wait(Wait));
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    QCOMPARE(counter("refreshes"), 1);
    QCOMPARE(counter("refreshWithAuthorization"), 1);
    QCOMPARE(counter("logins"), 1);
    QVERIFY(s->tokens().accessToken != first.accessToken);
    QVERIFY(!s->tokens().refreshToken.isEmpty());
    QVERIFY(s->tokens().refreshToken != first.refreshToken);
    QTRY_COMPARE_WITH_TIMEOUT(e.secrets.storedValue(s->id(), SecretKind::RefreshToken),
                              std::optional<QString>(s->tokens().refreshToken), Wait);
    // The server no longer takes the old refresh token.
    const int status = postRefresh(first.refreshToken, s->tokens().accessToken);
    QVERIFY2(status >= 400 && status < 500, qPrintable(QString::number(status)));

    // A caller who needs more validity than is left gets a renewal too.
    std::optional<TokenSet> answered;
    s->requestToken(1300, nullptr, [&answered](const TokenSet &t, const AuthError &) { answered = t; });
    QTRY_VERIFY_WITH_TIMEOUT(answered.has_value(), Wait);
    QCOMPARE(counter("refreshes"), 2);
}

void TestEngineE2e::revokedRefreshTokenFallsBackToOneLogin()
{
    QVERIFY(startApi());
    Engine e;
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    QVERIFY(m_api->revokeRefreshTokens(User) >= 1);
    const QString before = s->tokens().accessToken;
    s->renewNow();
    QTRY_VERIFY_WITH_TIMEOUT(s->state() == SessionState::Valid && s->tokens().accessToken != before, Wait);
    QCOMPARE(counter("refreshFailures"), 1);
    QCOMPARE(counter("logins"), 2);
    QCOMPARE(counter("loginFailures"), 0);

    // Revoked, and the password changed at the service meanwhile: one login, then stop.
    QVERIFY(m_api->revokeRefreshTokens(User) >= 1);
    QVERIFY(m_api->addSevenGUser(User, u"changed-elsewhere"_s));
    s->renewNow();
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::CredentialsRejected, Wait);
    QCOMPARE(counter("refreshFailures"), 2);
    QCOMPARE(counter("loginFailures"), 1);
    for (int i = 0; i < 5; ++i) {
        e.manager->tick();
        QTest::qWait(100);
    }
    QCOMPARE(counter("loginFailures"), 1);
    QCOMPARE(counter("lockouts"), 0);
}

void TestEngineE2e::wrongPasswordExactlyOneAttempt()
{
    QVERIFY(startApi());
    Engine e;
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, u"not-the-password"_s);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::CredentialsRejected, Wait);
    QCOMPARE(s->lastError().kind, AuthError::Kind::Credentials);
    QVERIFY(!SessionPresenter::stateDetail(*s).isEmpty());
    QVERIFY(!SessionPresenter::stateDetail(*s).contains(u"not-the-password"_s));

    // Ticks, callers and time: never a second attempt.
    int answered = 0;
    for (int i = 0; i < 10; ++i) {
        e.manager->tick();
        s->requestToken(0, nullptr, [&answered](const TokenSet &t, const AuthError &err) {
            if (t.isEmpty() && err.kind == AuthError::Kind::Credentials)
                ++answered;
        });
        QTest::qWait(50);
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, 10, Wait);
    QCOMPARE(counter("loginFailures"), 1);
    QCOMPARE(counter("logins"), 0);
    QCOMPARE(counter("lockouts"), 0);

    // The right password, given by the user: one login, and it works.
    std::optional<Status> updated;
    e.manager->accountService()->updateAccount(s->account(), Password, nullptr,
                                               [&updated](const Status &st) { updated = st; });
    QTRY_VERIFY_WITH_TIMEOUT(updated.has_value(), Wait);
    QVERIFY(updated->ok());
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    QCOMPARE(counter("logins"), 1);
    QCOMPARE(counter("loginFailures"), 1);
}

void TestEngineE2e::wrongPasswordPausedAcrossRestarts()
{
    // The window started three times with a wrong password, say by a login
    // script: the service sees one sign-in, not three (which would lock the
    // user out).
    QVERIFY(startApi());
    QTemporaryDir config;
    const QString accountsPath = config.filePath(u"accounts.json"_s);
    MemorySecretStore keychain; // outlives each run, as the real one does
    Account account = Account::create(Provider::SevenG);
    account.name = u"Paused"_s;
    account.login = User;
    account.baseUrl = m_api->baseUrl();
    {
        AccountStore store(accountsPath);
        QVERIFY(store.load());
        QVERIFY(store.add(account));
    }
    keychain.write(account.id, SecretKind::Password, u"not-the-password"_s, nullptr, {});

    for (int run = 0; run < 3; ++run) {
        SystemClock clock;
        QNetworkAccessManager network;
        NetworkPolicy policy(&network);
        AccountStore accounts(accountsPath);
        QVERIFY(accounts.load());
        SessionManager manager(&accounts, &keychain, &policy, &clock);
        manager.start(false);
        TokenSession *s = manager.session(account.id);
        QVERIFY(s);
        QTRY_COMPARE_WITH_TIMEOUT((manager.tick(), s->state()), SessionState::CredentialsRejected, Wait);
        for (int i = 0; i < 5; ++i) {
            manager.tick();
            QTest::qWait(100);
        }
        QCOMPARE(counter("loginFailures"), 1);
        if (run > 0) {
            const QString detail = SessionPresenter::stateDetail(*s);
            QVERIFY2(detail.contains(u"a moment ago"_s), qPrintable(detail));
        }
        QTRY_COMPARE_WITH_TIMEOUT(manager.pendingWrites(), 0, Wait);
    }
    QCOMPARE(counter("loginFailures"), 1);
    QCOMPARE(counter("logins"), 0);
    QCOMPARE(counter("lockouts"), 0);

    // The right password ends the pause at once: the next run signs in.
    {
        SystemClock clock;
        QNetworkAccessManager network;
        NetworkPolicy policy(&network);
        AccountStore accounts(accountsPath);
        QVERIFY(accounts.load());
        SessionManager manager(&accounts, &keychain, &policy, &clock);
        manager.start(false);
        TokenSession *s = manager.session(account.id);
        QTRY_COMPARE_WITH_TIMEOUT((manager.tick(), s->state()), SessionState::CredentialsRejected, Wait);
        std::optional<Status> updated;
        manager.accountService()->updateAccount(s->account(), Password, nullptr,
                                                [&updated](const Status &st) { updated = st; });
        QTRY_VERIFY_WITH_TIMEOUT(updated.has_value(), Wait);
        QVERIFY(updated->ok());
        QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
        QTRY_COMPARE_WITH_TIMEOUT(manager.pendingWrites(), 0, Wait);
    }
    QCOMPARE(counter("logins"), 1);
    QCOMPARE(counter("loginFailures"), 1);
    QVERIFY(QDir(config.filePath(u"locks"_s)).isEmpty());
}
void TestEngineE2e::d7RenewsBySigningIn()
{
    QVERIFY(startApi());
    Engine e;
    TokenSession *s = e.add(Provider::D7, m_api->baseUrl(), ClientId, ClientSecret);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    QCOMPARE(counter("d7Logins"), 1);
    QVERIFY(s->tokens().refreshToken.isEmpty());
    const QString first = s->tokens().accessToken;
    s->renewNow();
    QCOMPARE(s->state(), SessionState::SigningIn);
    QTRY_VERIFY_WITH_TIMEOUT(s->state() == SessionState::Valid && s->tokens().accessToken != first, Wait);
    QCOMPARE(counter("d7Logins"), 2);
    QCOMPARE(counter("refreshes"), 0);

    // A wrong client secret: one attempt, never repeated.
    TokenSession *bad = e.add(Provider::D7, m_api->baseUrl(), u"unknown-app"_s, u"whatever-secret"_s);
    QVERIFY(bad);
    QTRY_COMPARE_WITH_TIMEOUT(bad->state(), SessionState::CredentialsRejected, Wait);
    for (int i = 0; i < 5; ++i) {
        e.manager->tick();
        QTest::qWait(50);
    }
    QCOMPARE(counter("d7LoginFailures"), 1);
}

void TestEngineE2e::singleFlightUnderConcurrentRequests()
{
    QVERIFY(startApi({ u"--delay-ms"_s, u"400"_s }));
    Engine e(false);
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::SignedOut, Wait);
    QCOMPARE(counter("logins"), 0);

    QList<QString> tokens;
    std::vector<std::unique_ptr<QObject>> contexts;
    for (int i = 0; i < 20; ++i) {
        contexts.push_back(std::make_unique<QObject>());
        s->requestToken(60, contexts.back().get(),
                        [&tokens](const TokenSet &t, const AuthError &) { tokens.append(t.accessToken); });
    }
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 20, Wait);
    QCOMPARE(counter("logins"), 1);
    QCOMPARE(counter("maxInFlight"), 1);
    for (const QString &t : std::as_const(tokens))
        QCOMPARE(t, s->tokens().accessToken);

    // The same during a refresh, with the UI asking too.
    tokens.clear();
    for (int i = 0; i < 10; ++i) {
        s->requestToken(1300, contexts.at(i).get(),
                        [&tokens](const TokenSet &t, const AuthError &) { tokens.append(t.accessToken); });
        s->renewNow();
    }
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 10, Wait);
    QCOMPARE(counter("refreshes"), 1);
    QCOMPARE(counter("maxInFlight"), 1);
}

void TestEngineE2e::httpsWithTestCa()
{
    TestCa ca;
    QVERIFY2(ca.create(), qPrintable(ca.errorString()));
    QVERIFY(startApi({ u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s, ca.serverKeyPath() }));
    m_api->setTrustedCa(ca.caPath());
    QCOMPARE(m_api->baseUrl().scheme(), u"https"_s);
    Engine e;
    QVERIFY(e.policy.setExtraCaFile(ca.caPath()));
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    s->renewNow();
    QTRY_COMPARE_WITH_TIMEOUT(counter("refreshes"), 1, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Valid, Wait);
    TokenSession *d = e.add(Provider::D7, m_api->baseUrl(), ClientId, ClientSecret);
    QVERIFY(d);
    QTRY_COMPARE_WITH_TIMEOUT(d->state(), SessionState::Valid, Wait);
}

void TestEngineE2e::httpsWithoutCaFails()
{
    TestCa ca;
    QVERIFY2(ca.create(), qPrintable(ca.errorString()));
    QVERIFY(startApi({ u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s, ca.serverKeyPath() }));
    m_api->setTrustedCa(ca.caPath());
    Engine e;
    TokenSession *s = e.add(Provider::SevenG, m_api->baseUrl(), User, Password);
    QVERIFY(s);
    QTRY_COMPARE_WITH_TIMEOUT(s->state(), SessionState::Failed, Wait);
    QCOMPARE(s->lastError().kind, AuthError::Kind::Tls);
    QCOMPARE(SessionPresenter::stateText(*s), u"TLS error"_s);
    // Not retried on its own, and the password never reached the server.
    for (int i = 0; i < 3; ++i) {
        e.manager->tick();
        QTest::qWait(100);
    }
    QCOMPARE(counter("logins"), 0);
    QCOMPARE(counter("loginFailures"), 0);
    QCOMPARE(counter("requests"), 0);
}

QTEST_GUILESS_MAIN(TestEngineE2e)
#include "tst_engine_e2e.moc"
