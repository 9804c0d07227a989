#include "base/clock.h"
#include "faketokenprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/credentialpause.h"
#include "session/sessionpresenter.h"
#include "session/sessionstate.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime Start = QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC);
const QString Password = u"correct horse battery staple"_s;

// Answers that are still on their way (zero-delay timers, queued calls) are
// all delivered after a few turns of the event loop.
void settle()
{
    for (int i = 0; i < 30; ++i)
        QCoreApplication::processEvents();
}

struct Answer
{
    int count = 0;
    TokenSet tokens;
    AuthError error;
};

} // namespace

class TestTokenSession : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        ManualClock clock { Start };
        MemorySecretStore store;
        std::unique_ptr<FakeTokenProvider> provider;
        Account account;
        std::unique_ptr<TokenSession> session;

        explicit Fixture(Provider kind = Provider::SevenG, bool storeSecret = true)
        {
            provider = std::make_unique<FakeTokenProvider>(kind, &clock);
            account = Account::create(kind);
            account.name = u"Test"_s;
            account.login = u"alice"_s;
            account.baseUrl = QUrl(u"http://127.0.0.1:1"_s);
            if (storeSecret)
                store.write(account.id, provider->credentialKind(), Password, nullptr, {});
            session = std::make_unique<TokenSession>(account, provider.get(), &store, &clock, nullptr);
        }

        // restore() with auto-renew, and the first sign-in answered.
        void start(bool autoRenew = true)
        {
            session->setAutoRenew(autoRenew);
            session->restore();
            settle();
        }

        // One tick per simulated second for `seconds`, answers delivered between ticks.
        void run(int seconds)
        {
            for (int i = 0; i < seconds; ++i) {
                clock.advance(1000);
                session->tick();
                settle();
            }
        }

        void storeTokens(const TokenSet &t)
        {
            store.write(account.id, SecretKind::AccessToken, StoredToken::encode(t), nullptr, {});
            if (!t.refreshToken.isEmpty())
                store.write(account.id, SecretKind::RefreshToken, t.refreshToken, nullptr, {});
        }

        std::shared_ptr<Answer> request(int minValid, QObject *context)
        {
            auto a = std::make_shared<Answer>();
            session->requestToken(minValid, context, [a](const TokenSet &t, const AuthError &e) {
                ++a->count;
                a->tokens = t;
                a->error = e;
            });
            return a;
        }

        std::optional<QString> stored(SecretKind kind) const { return store.storedValue(account.id, kind); }
    };

private Q_SLOTS:
    void stateKeys();
    void signInAtStartStoresTokens();
    void signInReadsCredentialOnlyWhenNeeded();
    void needsCredentials();
    void needsCredentialsD7Text();
    void refreshAtExpiryMinusLead();
    void refreshAtHalfLifeForShortLifetimes();
    void retriesComeBeforeTheTokenRunsOut();
    void eightFailuresInARowOnTheSecondTick();
    void clockJumpRenewsAtNextTick();
    void clockSetBackDoesNotStallRetry();
    void singleFlight();
    void validTokenAnsweredWithoutRequest();
    void callbackDroppedWhenContextDies();
    void backoffSequenceAndCap();
    void retryAfterHonoured();
    void transientFailureKeepsOldToken();
    void requestTokenWhileRetryingAttemptsAtOnce();
    void protocolErrorRetried();
    void refusedRequestNotRetried_data();
    void refusedRequestNotRetried();
    void credentialFailureNeverRetried();
    void rejectionPausedAcrossRestarts();
    void pauseEndsAfterTenMinutes();
    void newPasswordEndsThePause();
    void renewNowIsNotPaused();
    void lockTimedFromTheFirstRememberedFailure();
    void lockTimeFromTheReply();
    void refreshRejectedFallsBackToOneLogin();
    void refreshRejectedThenWrongPassword();
    void rotationPersisted();
    void rotationOmittedKeepsOldRefreshToken();
    void tlsFailureNotRetried();
    void d7RenewsBySigningIn();
    void signOutClearsStore();
    void restoreUsesValidStoredToken();
    void restoreBareJwt();
    void restoreExpiredTokenRefreshes();
    void restoreWithoutAutoRenewWaits();
    void keychainFailureOnRestore();
    void keychainFailureOnCredentialRead();
    void credentialsChangedLeavesRejected();
    void rejectionSurvivesKeychainLossAndRestore();
    void rejectionSurvivesRestoreOfValidToken();
    void updateAccountWithNewLoginDropsTokens();
    void attemptGateDefersAutomaticAttempts();
    void expiredTokenWithoutAutoRenew();
    void alreadyExpiredTokenIsRetried();
    void destructionAnswersWaiters();
};

void TestTokenSession::stateKeys()
{
    QCOMPARE(sessionStateKey(SessionState::Valid), u"valid"_s);
    QCOMPARE(sessionStateKey(SessionState::RetryScheduled), u"retrying"_s);
    QCOMPARE(sessionStateKey(SessionState::CredentialsRejected), u"credentials-rejected"_s);
    QCOMPARE(sessionStateKey(SessionState::KeychainUnavailable), u"keychain-unavailable"_s);
    QCOMPARE(sessionStateKey(SessionState::NeedsCredentials), u"needs-credentials"_s);
}

void TestTokenSession::signInAtStartStoresTokens()
{
    Fixture f;
    QSignalSpy tokensChanged(f.session.get(), &TokenSession::tokensChanged);
    f.start();

    QCOMPARE(f.provider->signInCount(), 1);
    QCOMPARE(f.provider->refreshCount(), 0);
    QCOMPARE(f.provider->calls().at(0).secret, Password);
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Valid"_s);
    QVERIFY(f.session->hasValidToken(1199));
    QVERIFY(!f.session->hasValidToken(1201));
    QCOMPARE(f.session->secondsLeft(), 1200);
    QCOMPARE(f.session->lastRenewed(), Start);
    QCOMPARE(tokensChanged.count(), 1);

    // The pair is in the store, the access token with its expiry.
    const auto access = f.stored(SecretKind::AccessToken);
    QVERIFY(access);
    const QJsonObject o = QJsonDocument::fromJson(access->toUtf8()).object();
    QCOMPARE(o.value(u"token"_s).toString(), f.session->tokens().accessToken);
    QCOMPARE(qint64(o.value(u"exp"_s).toDouble()), Start.addSecs(1200).toSecsSinceEpoch());
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(f.session->tokens().refreshToken));
    QCOMPARE(f.session->pendingWrites(), 0);
}

void TestTokenSession::signInReadsCredentialOnlyWhenNeeded()
{
    // A valid stored token: the password is never read.
    Fixture f;
    TokenSet t;
    t.accessToken = u"stored-access"_s;
    t.refreshToken = u"stored-refresh"_s;
    t.obtainedAt = Start.addSecs(-100);
    t.expiresAt = Start.addSecs(1100);
    f.storeTokens(t);
    settle();
    const int before = f.store.operationCount();
    f.start();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.store.operationCount() - before, 2); // access token + refresh token, nothing else
    QCOMPARE(f.provider->calls().size(), 0);
}

void TestTokenSession::needsCredentials()
{
    Fixture f(Provider::SevenG, false);
    f.start();
    QCOMPARE(f.session->state(), SessionState::NeedsCredentials);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"No password saved"_s);
    QCOMPARE(f.provider->calls().size(), 0);

    // Not retried on its own.
    f.run(120);
    QCOMPARE(f.session->state(), SessionState::NeedsCredentials);
    QCOMPARE(f.provider->calls().size(), 0);

    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(a->count, 1);
    QVERIFY(a->tokens.isEmpty());
    QCOMPARE(a->error.kind, AuthError::Kind::Config);
    QVERIFY(!a->error.message.isEmpty());
    QCOMPARE(f.provider->calls().size(), 0);

    // The password arrives: a caller's request now signs in.
    f.store.write(f.account.id, SecretKind::Password, Password, nullptr, {});
    f.session->credentialsChanged();
    settle();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.provider->signInCount(), 1);
}

void TestTokenSession::needsCredentialsD7Text()
{
    Fixture f(Provider::D7, false);
    f.start();
    QCOMPARE(f.session->state(), SessionState::NeedsCredentials);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"No client secret saved"_s);
}

void TestTokenSession::refreshAtExpiryMinusLead()
{
    Fixture f;
    f.provider->setDefaultLifetime(1200);
    f.start();
    QCOMPARE(f.session->refreshAt(), Start.addSecs(1200 - 60));

    f.run(1200 - 61);
    QCOMPARE(f.provider->refreshCount(), 0);
    QCOMPARE(f.session->state(), SessionState::Valid);
    f.run(1);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.provider->calls().at(1).current.refreshToken, u"refresh-1"_s);
    QCOMPARE(f.session->tokens().accessToken, u"access-2"_s);
    QCOMPARE(f.session->refreshAt(), Start.addSecs(1140 + 1140));

    // A longer lead from the account is honoured.
    Account changed = f.account;
    changed.refreshLeadSeconds = 300;
    f.session->updateAccount(changed);
    QCOMPARE(f.session->refreshAt(), Start.addSecs(1140 + 1200 - 300));
    QCOMPARE(f.session->state(), SessionState::Valid); // same login and URL: tokens kept
}

void TestTokenSession::refreshAtHalfLifeForShortLifetimes()
{
    Fixture f;
    f.provider->setDefaultLifetime(100);
    f.start();
    QCOMPARE(f.session->refreshAt(), Start.addSecs(50));
    f.run(49);
    QCOMPARE(f.provider->refreshCount(), 0);
    f.run(1);
    QCOMPARE(f.provider->refreshCount(), 1);
    // Over an hour the token never lapses and renews every 50 s.
    int lapsed = 0;
    for (int i = 0; i < 3600; ++i) {
        f.run(1);
        if (!f.session->hasValidToken())
            ++lapsed;
    }
    QCOMPARE(lapsed, 0);
    QCOMPARE(f.provider->refreshCount(), 1 + 3600 / 50);
    QCOMPARE(f.provider->signInCount(), 1);
}

void TestTokenSession::retriesComeBeforeTheTokenRunsOut()
{
    // A 30-second token, renewed at 15 s, and four renewals in a row fail:
    // the plain back-off (1, 2, 4, 8 s) would let it lapse; retries capped at
    // a quarter of the time left keep it usable throughout. The renewed token
    // is due again at about 40 s, after the 38 s watched here.
    Fixture f;
    f.provider->setDefaultLifetime(30);
    f.start();
    for (int i = 0; i < 4; ++i)
        f.provider->scriptError(AuthError::Kind::Transient);
    int lapsed = 0;
    for (int tenth = 0; tenth < 380; ++tenth) {
        f.clock.advance(100);
        f.session->tick();
        settle();
        if (!f.session->hasValidToken())
            ++lapsed;
    }
    QCOMPARE(lapsed, 0);
    QCOMPARE(f.provider->calls().size(), 1 + 4 + 1); // the sign-in, four failures, the renewal
}

void TestTokenSession::eightFailuresInARowOnTheSecondTick()
{
    // As the session manager drives it: one tick a second, out of step with
    // the token's whole-second expiry. A 30-second token survives eight
    // failed renewals in a row (the ninth try succeeds with 0.7 s left);
    // with one request in five failing, that is one renewal in two million
    // (0.2^9). Validity is looked at just before each tick, so a token that
    // lapsed is seen even when the tick renews it at once.
    Fixture f;
    f.provider->setDefaultLifetime(30);
    f.start();
    f.clock.advance(300);
    for (int i = 0; i < 8; ++i)
        f.provider->scriptError(AuthError::Kind::Transient);
    int lapsed = 0;
    for (int second = 0; second < 30; ++second) {
        f.clock.advance(1000);
        if (!f.session->hasValidToken())
            ++lapsed;
        f.session->tick();
        settle();
    }
    QCOMPARE(lapsed, 0);
    QCOMPARE(f.provider->calls().size(), 1 + 8 + 1);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::clockJumpRenewsAtNextTick()
{
    Fixture f;
    f.start();
    f.run(10);
    QCOMPARE(f.provider->calls().size(), 1);
    // Suspended for two hours: the first tick after resume renews.
    f.clock.advance(2 * 3600 * 1000);
    QVERIFY(!f.session->hasValidToken());
    f.session->tick();
    QCOMPARE(f.session->state(), SessionState::Refreshing);
    QCOMPARE(f.provider->refreshCount(), 1);
    settle();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QVERIFY(f.session->hasValidToken(1000));
}

void TestTokenSession::clockSetBackDoesNotStallRetry()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Transient);
    f.start();
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    // The clock is set back an hour (a time sync, a restored snapshot): the
    // retry comes after its back-off, not an hour later.
    f.clock.set(Start.addSecs(-3600));
    f.run(2);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::singleFlight()
{
    Fixture f;
    f.provider->setManual(true);
    f.start(false);
    QCOMPARE(f.session->state(), SessionState::SignedOut);

    QObject ctx;
    QList<std::shared_ptr<Answer>> answers;
    for (int i = 0; i < 10; ++i)
        answers.append(f.request(30, &ctx));
    // Never answered from inside the call.
    for (const auto &a : answers)
        QCOMPARE(a->count, 0);
    settle();
    QCOMPARE(f.session->state(), SessionState::SigningIn);
    QVERIFY(f.session->isBusy());
    // A renewal asked for meanwhile joins the same flight.
    f.session->renewNow();
    f.session->tick();
    settle();
    QCOMPARE(f.provider->calls().size(), 1);
    QCOMPARE(f.provider->inFlight(), 1);

    QVERIFY(f.provider->finishNext());
    settle();
    for (const auto &a : answers) {
        QCOMPARE(a->count, 1);
        QVERIFY(!a->error.isError());
        QCOMPARE(a->tokens.accessToken, u"access-1"_s);
    }
    QCOMPARE(f.provider->calls().size(), 1);
    QCOMPARE(f.provider->maxInFlight(), 1);

    // During a refresh too.
    f.clock.advance(1150 * 1000);
    for (int i = 0; i < 5; ++i)
        answers.append(f.request(300, &ctx));
    settle();
    QCOMPARE(f.provider->refreshCount(), 1);
    QVERIFY(f.provider->finishNext());
    settle();
    for (int i = 10; i < 15; ++i)
        QCOMPARE(answers.at(i)->tokens.accessToken, u"access-2"_s);
    QCOMPARE(f.provider->maxInFlight(), 1);
}

void TestTokenSession::validTokenAnsweredWithoutRequest()
{
    Fixture f;
    f.start();
    QObject ctx;
    auto a = f.request(600, &ctx);
    QCOMPARE(a->count, 0); // asynchronous even when the answer is at hand
    settle();
    QCOMPARE(a->count, 1);
    QCOMPARE(a->tokens.accessToken, u"access-1"_s);
    QCOMPARE(f.provider->calls().size(), 1);

    // Asking for more validity than is left renews first.
    f.clock.advance(700 * 1000);
    auto b = f.request(600, &ctx);
    settle();
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(b->tokens.accessToken, u"access-2"_s);

    // A null context is answered too.
    int answered = 0;
    f.session->requestToken(0, nullptr, [&answered](const TokenSet &, const AuthError &) { ++answered; });
    settle();
    QCOMPARE(answered, 1);
}

void TestTokenSession::callbackDroppedWhenContextDies()
{
    Fixture f;
    f.provider->setManual(true);
    f.start(false);
    auto ctx = std::make_unique<QObject>();
    auto a = f.request(0, ctx.get());
    settle();
    ctx.reset();
    f.provider->finishNext();
    settle();
    QCOMPARE(a->count, 0);
    QCOMPARE(f.session->state(), SessionState::Valid);

    // Also when the answer is already queued.
    auto ctx2 = std::make_unique<QObject>();
    auto b = f.request(0, ctx2.get());
    ctx2.reset();
    settle();
    QCOMPARE(b->count, 0);
}

void TestTokenSession::backoffSequenceAndCap()
{
    Fixture f;
    for (int i = 0; i < 10; ++i)
        f.provider->scriptError(AuthError::Kind::Transient);
    f.session->setAutoRenew(true);
    f.session->restore();
    settle();
    const qint64 expected[] = { 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 };
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(f.session->state(), SessionState::RetryScheduled);
        QCOMPARE(f.provider->calls().size(), i + 1);
        const qint64 delay = f.clock.now().msecsTo(f.session->nextAttemptAt());
        QVERIFY2(delay <= expected[i] * 1000 && delay >= expected[i] * 800,
                 qPrintable(u"attempt %1: delay %2 ms"_s.arg(i + 1).arg(delay)));
        QVERIFY(SessionPresenter::stateText(*f.session).startsWith(u"Retrying in "_s));
        // Nothing happens before the time has come.
        f.clock.set(f.session->nextAttemptAt().addMSecs(-1));
        f.session->tick();
        settle();
        QCOMPARE(f.provider->calls().size(), i + 1);
        f.clock.set(f.session->nextAttemptAt());
        f.session->tick();
        settle();
    }
    QCOMPARE(f.provider->calls().size(), 11);
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.provider->signInCount(), 11); // nothing to refresh with: each attempt is a sign-in
    QVERIFY(!f.session->nextAttemptAt().isValid());
}

void TestTokenSession::retryAfterHonoured()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Transient, 45);
    f.provider->scriptError(AuthError::Kind::Transient, 1); // smaller than the back-off: back-off wins
    f.provider->scriptError(AuthError::Kind::Transient, 1);
    f.start();
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    QCOMPARE(f.clock.now().msecsTo(f.session->nextAttemptAt()), 45000);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Retrying in 45 s"_s);
    f.run(44);
    QCOMPARE(f.provider->calls().size(), 1);
    f.run(1);
    QCOMPARE(f.provider->calls().size(), 2);
    QVERIFY(f.clock.now().msecsTo(f.session->nextAttemptAt())
            >= 1600); // 2 s back-off, jitter at most a fifth
    f.run(2);
    QCOMPARE(f.provider->calls().size(), 3);
    f.run(4);
    QCOMPARE(f.provider->calls().size(), 4);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::transientFailureKeepsOldToken()
{
    Fixture f;
    f.start();
    const QString old = f.session->tokens().accessToken;
    f.provider->scriptError(AuthError::Kind::Transient);
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    QVERIFY(f.session->hasValidToken(50));
    QCOMPARE(f.session->lastError().kind, AuthError::Kind::Transient);

    // Callers get the old token, still valid, without a new request.
    QObject ctx;
    auto a = f.request(30, &ctx);
    settle();
    QCOMPARE(a->tokens.accessToken, old);
    QCOMPARE(f.provider->calls().size(), 2);

    // The retry follows a second later and succeeds.
    f.run(1);
    QCOMPARE(f.provider->refreshCount(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
    QVERIFY(f.session->tokens().accessToken != old);
}

void TestTokenSession::requestTokenWhileRetryingAttemptsAtOnce()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Transient, 600);
    f.start();
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    f.run(5);
    QCOMPARE(f.provider->calls().size(), 1);
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->calls().size(), 2);
    QCOMPARE(a->count, 1);
    QVERIFY(!a->error.isError());
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::protocolErrorRetried()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Protocol);
    f.start();
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    f.run(1);
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.provider->calls().size(), 2);
}

void TestTokenSession::refusedRequestNotRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retried");
    QTest::newRow("400") << 400 << false;
    QTest::newRow("409") << 409 << false;
    QTest::newRow("422") << 422 << false;
    QTest::newRow("408") << 408 << true;
    QTest::newRow("429") << 429 << true;
    QTest::newRow("502") << 502 << true;
    QTest::newRow("200 not understood") << 200 << true;
}

void TestTokenSession::refusedRequestNotRetried()
{
    // A sign-in the service refused with a 4xx that did not read as a
    // credential failure may still count as a failed login on the server:
    // trying it again every minute would lock the user out.
    QFETCH(int, status);
    QFETCH(bool, retried);
    Fixture f;
    FakeTokenProvider::Outcome o;
    o.error.kind = AuthError::Kind::Protocol;
    o.error.httpStatus = status;
    o.error.message = u"Scripted refusal"_s;
    f.provider->script(o);
    f.start();
    QCOMPARE(f.provider->signInCount(), 1);
    f.run(600);
    if (retried) {
        QCOMPARE(f.provider->signInCount(), 2);
        QCOMPARE(f.session->state(), SessionState::Valid);
        return;
    }
    QCOMPARE(f.provider->signInCount(), 1);
    QCOMPARE(f.session->state(), SessionState::Failed);
    QCOMPARE(SessionPresenter::stateDetail(*f.session), u"Scripted refusal"_s);
    QVERIFY(!f.session->nextAttemptAt().isValid());
    // A person asking again is allowed to.
    f.session->renewNow();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::credentialFailureNeverRetried()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Credentials);
    QSignalSpy attempts(f.session.get(), &TokenSession::attemptFinished);
    f.start();
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Wrong password — not retried"_s);
    QCOMPARE(SessionPresenter::stateDetail(*f.session), u"Scripted failure"_s);
    QCOMPARE(attempts.count(), 1);

    // Hours pass, with ticks, callers and a sign-out/in of auto-renew: no second attempt.
    for (int hour = 0; hour < 6; ++hour) {
        for (int i = 0; i < 60; ++i) {
            f.clock.advance(60 * 1000);
            f.session->tick();
        }
        QObject ctx;
        auto a = f.request(0, &ctx);
        settle();
        QCOMPARE(a->count, 1);
        QCOMPARE(a->error.kind, AuthError::Kind::Credentials);
    }
    f.session->setAutoRenew(false);
    f.session->setAutoRenew(true);
    f.run(10);
    QCOMPARE(f.provider->calls().size(), 1);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);

    // A deliberate renewal tries again, once.
    f.session->renewNow();
    settle();
    QCOMPARE(f.provider->calls().size(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::refreshRejectedFallsBackToOneLogin()
{
    Fixture f;
    f.start();
    f.provider->scriptError(AuthError::Kind::RefreshRejected);
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.provider->calls().at(2).secret, Password);
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.session->tokens().refreshToken, u"refresh-2"_s);
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(u"refresh-2"_s));
    // And the next renewal refreshes again with the new refresh token.
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 2);
    QCOMPARE(f.provider->calls().at(3).current.refreshToken, u"refresh-2"_s);
}

void TestTokenSession::refreshRejectedThenWrongPassword()
{
    Fixture f;
    f.start();
    f.provider->scriptError(AuthError::Kind::RefreshRejected);
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(f.session->lastError().kind, AuthError::Kind::Credentials);
    QVERIFY(!f.stored(SecretKind::RefreshToken)); // the dead refresh token is gone
    // The old access token is still usable for its last minute.
    QVERIFY(f.session->hasValidToken(30));
    f.run(12 * 3600 / 60);
    f.clock.advance(12 * 3600 * 1000);
    f.session->tick();
    settle();
    QCOMPARE(f.provider->calls().size(), 3);
    QVERIFY(!f.session->hasValidToken());
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
}

void TestTokenSession::rotationPersisted()
{
    Fixture f;
    f.start();
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(u"refresh-1"_s));
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.session->tokens().refreshToken, u"refresh-2"_s);
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(u"refresh-2"_s));
    const TokenSet stored = StoredToken::decode(*f.stored(SecretKind::AccessToken));
    QCOMPARE(stored.accessToken, u"access-2"_s);
    QCOMPARE(stored.expiresAt, f.session->tokens().expiresAt);

    // The spent refresh token is replaced before anything else is written:
    // stopped between two slow writes, the store still holds a usable pair.
    f.store.setLatency(2000);
    f.run(1140);
    QCOMPARE(f.provider->refreshCount(), 2);
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(u"refresh-3"_s));
    QCOMPARE(StoredToken::decode(*f.stored(SecretKind::AccessToken)).accessToken, u"access-2"_s);
}

void TestTokenSession::rotationOmittedKeepsOldRefreshToken()
{
    Fixture f;
    f.start();
    FakeTokenProvider::Outcome o;
    o.omitRefreshToken = true;
    f.provider->script(o);
    f.run(1140);
    QCOMPARE(f.session->tokens().accessToken, u"access-2"_s);
    QCOMPARE(f.session->tokens().refreshToken, u"refresh-1"_s);
    QCOMPARE(f.stored(SecretKind::RefreshToken), std::optional<QString>(u"refresh-1"_s));
}

void TestTokenSession::tlsFailureNotRetried()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Tls);
    f.start();
    QCOMPARE(f.session->state(), SessionState::Failed);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"TLS error"_s);
    f.run(600);
    QCOMPARE(f.provider->calls().size(), 1);
    // A caller (after fixing the CA file, say) may try again.
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->calls().size(), 2);
    QVERIFY(!a->error.isError());
}

void TestTokenSession::d7RenewsBySigningIn()
{
    Fixture f(Provider::D7);
    f.provider->setDefaultLifetime(300);
    f.start();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QVERIFY(f.session->tokens().refreshToken.isEmpty());
    QCOMPARE(f.session->refreshAt(), Start.addSecs(300 - 60));
    f.run(240);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.provider->refreshCount(), 0);
    QCOMPARE(f.provider->calls().at(1).secret, Password);
    QVERIFY(!f.stored(SecretKind::RefreshToken));

    f.provider->scriptError(AuthError::Kind::Credentials);
    f.run(240);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Client secret rejected — not retried"_s);
    f.run(3600);
    QCOMPARE(f.provider->calls().size(), 3);
}

void TestTokenSession::signOutClearsStore()
{
    Fixture f;
    f.start();
    QVERIFY(f.stored(SecretKind::AccessToken));
    QSignalSpy tokensChanged(f.session.get(), &TokenSession::tokensChanged);
    f.session->signOut();
    settle();
    QCOMPARE(f.session->state(), SessionState::SignedOut);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Signed out"_s);
    QVERIFY(f.session->tokens().isEmpty());
    QVERIFY(f.session->tokens().refreshToken.isEmpty());
    QCOMPARE(tokensChanged.count(), 1);
    QVERIFY(!f.stored(SecretKind::AccessToken));
    QVERIFY(!f.stored(SecretKind::RefreshToken));
    QCOMPARE(f.stored(SecretKind::Password), std::optional<QString>(Password)); // credentials kept
    // Auto-renew leaves a signed-out account alone...
    f.run(120);
    QCOMPARE(f.provider->calls().size(), 1);
    // ...until someone asks.
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->calls().size(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::restoreUsesValidStoredToken()
{
    Fixture f;
    TokenSet t;
    t.accessToken = u"stored-access"_s;
    t.refreshToken = u"stored-refresh"_s;
    t.obtainedAt = Start.addSecs(-600);
    t.expiresAt = Start.addSecs(600);
    f.storeTokens(t);
    settle();
    QSignalSpy tokensChanged(f.session.get(), &TokenSession::tokensChanged);
    f.start();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.provider->calls().size(), 0);
    QCOMPARE(f.session->tokens().accessToken, t.accessToken);
    QCOMPARE(f.session->tokens().refreshToken, t.refreshToken);
    QCOMPARE(f.session->tokens().expiresAt, t.expiresAt);
    QCOMPARE(tokensChanged.count(), 1);
    QCOMPARE(f.session->refreshAt(), t.expiresAt.addSecs(-60));
    f.run(539);
    QCOMPARE(f.provider->calls().size(), 0);
    f.run(1);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.provider->calls().at(0).current.refreshToken, t.refreshToken);
    QCOMPARE(f.provider->calls().at(0).current.accessToken, t.accessToken);
}

void TestTokenSession::restoreBareJwt()
{
    Fixture f;
    // A bare JWT (as an older or foreign entry might hold): its exp claim counts.
    const auto b64 = [](const QByteArray &s) {
        return QString::fromLatin1(
            s.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    const QString jwt = b64(R"({"alg":"HS256","typ":"JWT"})"_ba) + u'.'
        + b64(QByteArray(R"({"sub":"alice","exp":)")
              + QByteArray::number(Start.addSecs(900).toSecsSinceEpoch()) + "}")
        + u'.' + b64("sig"_ba);
    f.store.write(f.account.id, SecretKind::AccessToken, jwt, nullptr, {});
    settle();
    f.start();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.session->secondsLeft(), 900);
    QVERIFY(f.session->tokens().expiryFromToken);
    QCOMPARE(f.provider->calls().size(), 0);

    // A bare token that is not a JWT has no known expiry: renewed at once.
    Fixture g;
    g.store.write(g.account.id, SecretKind::AccessToken, u"opaque"_s, nullptr, {});
    settle();
    g.start();
    QCOMPARE(g.provider->signInCount(), 1);
    QCOMPARE(g.session->state(), SessionState::Valid);

    // Junk is ignored: control characters, spaces, characters outside
    // printable ASCII (a line separator) and tokens no service would issue.
    QVERIFY(StoredToken::decode(u"{\"token\":\"a\\r\\nb\",\"exp\":99999999999}"_s).isEmpty());
    QVERIFY(StoredToken::decode(u"{\"token\":\"a b\",\"exp\":99999999999}"_s).isEmpty());
    QVERIFY(StoredToken::decode(u"{\"token\":\"a\\u2028b\",\"exp\":99999999999}"_s).isEmpty());
    QVERIFY(StoredToken::decode(u"a\u2028b"_s).isEmpty());
    QVERIFY(StoredToken::decode(u"tok\u00e9n"_s).isEmpty());
    QVERIFY(StoredToken::decode(QString(20000, u'x')).isEmpty());
    QCOMPARE(StoredToken::decode(u"opaque-token_1.2~3"_s).accessToken, u"opaque-token_1.2~3"_s);
    QVERIFY(StoredToken::decode(u"{\"token\":7}"_s).isEmpty());
    QVERIFY(StoredToken::decode(u"{broken"_s).isEmpty());
}

void TestTokenSession::restoreExpiredTokenRefreshes()
{
    Fixture f;
    TokenSet t;
    t.accessToken = u"stored-access"_s;
    t.refreshToken = u"stored-refresh"_s;
    t.obtainedAt = Start.addSecs(-3600);
    t.expiresAt = Start.addSecs(-2400);
    f.storeTokens(t);
    settle();
    f.start();
    QCOMPARE(f.provider->calls().size(), 1);
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.provider->calls().at(0).current.refreshToken, u"stored-refresh"_s);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::restoreWithoutAutoRenewWaits()
{
    Fixture f;
    f.start(false);
    QCOMPARE(f.session->state(), SessionState::SignedOut);
    f.run(60);
    QCOMPARE(f.provider->calls().size(), 0);

    // A request that arrives while the restore is still reading waits for it.
    Fixture g;
    TokenSet t;
    t.accessToken = u"stored-access"_s;
    t.obtainedAt = Start;
    t.expiresAt = Start.addSecs(600);
    g.storeTokens(t);
    settle();
    g.session->restore();
    QCOMPARE(g.session->state(), SessionState::Restoring);
    QCOMPARE(SessionPresenter::stateText(*g.session), u"Loading…"_s);
    QObject ctx;
    auto a = g.request(60, &ctx);
    settle();
    QCOMPARE(a->tokens.accessToken, u"stored-access"_s);
    QCOMPARE(g.provider->calls().size(), 0);
}

void TestTokenSession::keychainFailureOnRestore()
{
    Fixture f;
    f.store.setFailure(SecretError::Locked);
    f.start();
    QCOMPARE(f.session->state(), SessionState::KeychainUnavailable);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Keychain locked"_s);
    QVERIFY(SessionPresenter::stateDetail(*f.session).contains(u"locked"_s));
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(a->count, 1);
    QVERIFY(a->error.isError());
    f.run(60);
    QCOMPARE(f.provider->calls().size(), 0);

    // The keychain comes back: a new restore carries on.
    f.store.clearFailure();
    f.session->restore();
    settle();
    QCOMPARE(f.session->state(), SessionState::Valid);
    QCOMPARE(f.provider->calls().size(), 1);

    // Set from outside (the manager's probe failed).
    f.session->setKeychainUnavailable(u"No keychain service is available."_s, SecretError::NoBackend);
    QCOMPARE(f.session->state(), SessionState::KeychainUnavailable);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Keychain unavailable"_s);
    QCOMPARE(SessionPresenter::stateDetail(*f.session), u"No keychain service is available."_s);
    // The token in memory is still handed out while valid.
    auto b = f.request(0, &ctx);
    settle();
    QVERIFY(!b->tokens.isEmpty());
}

void TestTokenSession::keychainFailureOnCredentialRead()
{
    Fixture f;
    f.start(false);
    f.store.setFailure(SecretError::AccessDenied, {}, 1);
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.session->state(), SessionState::KeychainUnavailable);
    QCOMPARE(a->count, 1);
    QVERIFY(a->error.isError());
    QCOMPARE(f.provider->calls().size(), 0);
}

void TestTokenSession::credentialsChangedLeavesRejected()
{
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    f.store.write(f.account.id, SecretKind::Password, u"new password"_s, nullptr, {});
    f.session->credentialsChanged();
    settle();
    QCOMPARE(f.provider->calls().size(), 2);
    QCOMPARE(f.provider->calls().at(1).secret, u"new password"_s);
    QCOMPARE(f.session->state(), SessionState::Valid);

    // Without auto-renew (the command line) it only leaves the state.
    Fixture g;
    g.provider->scriptError(AuthError::Kind::Credentials);
    g.start(false);
    QObject ctx;
    g.request(0, &ctx);
    settle();
    QCOMPARE(g.session->state(), SessionState::CredentialsRejected);
    g.session->credentialsChanged();
    settle();
    QCOMPARE(g.session->state(), SessionState::SignedOut);
    QCOMPARE(g.provider->calls().size(), 1);
}

void TestTokenSession::rejectionSurvivesKeychainLossAndRestore()
{
    // The keychain going away and coming back (the manager then restores
    // every session) is no reason to send a rejected password again.
    Fixture f;
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    f.session->setKeychainUnavailable(u"The keyring is locked."_s, SecretError::Locked);
    QCOMPARE(f.session->state(), SessionState::KeychainUnavailable);
    f.session->restore();
    settle();
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(SessionPresenter::stateDetail(*f.session), u"Scripted failure"_s);
    f.run(3600);
    QObject ctx;
    auto a = f.request(0, &ctx);
    f.session->signOut();
    auto b = f.request(0, &ctx);
    f.run(60);
    QCOMPARE(a->error.kind, AuthError::Kind::Credentials);
    QCOMPARE(b->error.kind, AuthError::Kind::Credentials);
    QCOMPARE(f.provider->signInCount(), 1);

    // A person trying again is the way out.
    f.session->renewNow();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::rejectionSurvivesRestoreOfValidToken()
{
    // Refresh token revoked, then the password rejected: the access token
    // still has a minute. A restore in that minute brings it back, but its
    // renewal must not bring the rejected password back.
    Fixture f;
    f.start();
    f.provider->scriptError(AuthError::Kind::RefreshRejected);
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.run(1140);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(f.provider->signInCount(), 2);
    QVERIFY(f.session->hasValidToken(30));
    f.session->setKeychainUnavailable(u"The keyring is locked."_s, SecretError::Locked);
    f.session->restore();
    settle();
    QVERIFY(f.session->hasValidToken(30));
    QCOMPARE(f.session->tokens().accessToken, u"access-1"_s);
    f.run(600);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QVERIFY(!f.session->hasValidToken());
}

void TestTokenSession::updateAccountWithNewLoginDropsTokens()
{
    Fixture f;
    f.start();
    QSignalSpy accountChanged(f.session.get(), &TokenSession::accountChanged);
    Account changed = f.account;
    changed.login = u"bob"_s;
    f.session->updateAccount(changed);
    settle();
    QCOMPARE(accountChanged.count(), 1);
    QVERIFY(f.session->tokens().isEmpty());
    QCOMPARE(f.session->state(), SessionState::SignedOut);
    QVERIFY(!f.stored(SecretKind::AccessToken));
    // Auto-renew signs in again with the new login.
    f.run(1);
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::Valid);

    // During a restore too: the stored tokens of the old login are not used.
    Fixture g;
    TokenSet t;
    t.accessToken = u"old-login-token"_s;
    t.obtainedAt = Start;
    t.expiresAt = Start.addSecs(600);
    g.storeTokens(t);
    settle();
    g.session->restore();
    QCOMPARE(g.session->state(), SessionState::Restoring);
    Account other = g.account;
    other.login = u"carol"_s;
    g.session->updateAccount(other);
    settle();
    QCOMPARE(g.session->state(), SessionState::SignedOut);
    QVERIFY(g.session->tokens().isEmpty());
    QVERIFY(!g.stored(SecretKind::AccessToken));
}

void TestTokenSession::attemptGateDefersAutomaticAttempts()
{
    Fixture f;
    bool open = false;
    int asked = 0;
    f.session->setAttemptGate([&](TokenSession *) {
        ++asked;
        return open;
    });
    f.start();
    QCOMPARE(f.session->state(), SessionState::SignedOut);
    QVERIFY(asked >= 1);
    f.run(10);
    QCOMPARE(f.provider->calls().size(), 0);
    // A waiting caller is not held back.
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->calls().size(), 1);
    QVERIFY(!a->tokens.isEmpty());
    // Renewal waits for the gate to open.
    f.run(1140 + 5);
    QCOMPARE(f.provider->calls().size(), 1);
    open = true;
    f.run(1);
    QCOMPARE(f.provider->refreshCount(), 1);
}

void TestTokenSession::expiredTokenWithoutAutoRenew()
{
    Fixture f;
    f.start(false);
    QObject ctx;
    f.request(0, &ctx);
    settle();
    QCOMPARE(f.session->state(), SessionState::Valid);
    f.run(1199);
    QCOMPARE(f.session->state(), SessionState::Valid);
    f.run(1);
    QCOMPARE(f.session->state(), SessionState::Expired);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Expired"_s);
    QCOMPARE(f.provider->calls().size(), 1);
    f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->refreshCount(), 1);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::alreadyExpiredTokenIsRetried()
{
    // A service whose clock is far behind issues tokens that are dead on
    // arrival: retried with back-off, not in a tight loop.
    Fixture f;
    FakeTokenProvider::Outcome dead;
    dead.lifetimeSeconds = 0;
    f.provider->script(dead);
    f.provider->script(dead);
    f.start();
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    QCOMPARE(f.session->lastError().kind, AuthError::Kind::Protocol);
    f.run(1);
    QCOMPARE(f.provider->calls().size(), 2);
    QCOMPARE(f.session->state(), SessionState::RetryScheduled);
    f.run(1);
    QCOMPARE(f.provider->calls().size(), 2);
    f.run(2);
    QCOMPARE(f.provider->calls().size(), 3);
    QCOMPARE(f.session->state(), SessionState::Valid);
}

void TestTokenSession::destructionAnswersWaiters()
{
    Fixture f;
    f.provider->setManual(true);
    f.start(false);
    QObject ctx;
    auto a = f.request(0, &ctx);
    settle();
    QCOMPARE(f.provider->inFlight(), 1);
    f.session.reset();
    settle();
    QCOMPARE(a->count, 1);
    QVERIFY(a->error.isError());
    QCOMPARE(f.provider->inFlight(), 0); // the request was aborted
}

namespace {
// The same account in a new session, as after a restart of the window or another command-line call.
std::unique_ptr<TokenSession> restarted(const Account &account, TokenProvider *provider, SecretStore *store,
                                        const Clock *clock, const QString &pauseDir, bool autoRenew = true)
{
    auto s = std::make_unique<TokenSession>(account, provider, store, clock, nullptr);
    s->setCredentialPauseDir(pauseDir);
    s->setAutoRenew(autoRenew);
    s->restore();
    settle();
    return s;
}
} // namespace

void TestTokenSession::rejectionPausedAcrossRestarts()
{
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(f.provider->signInCount(), 1);
    QCOMPARE(f.session->credentialPausedUntil(), Start.addSecs(CredentialPause::PauseSeconds));
    f.session.reset();

    // Started again a minute later, twice: no sign-in, and the sentence says until when.
    for (int run = 0; run < 2; ++run) {
        f.clock.advance(60 * 1000);
        auto s = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
        for (int i = 0; i < 30; ++i) {
            f.clock.advance(1000);
            s->tick();
            settle();
        }
        QCOMPARE(s->state(), SessionState::CredentialsRejected);
        const QString until
            = Start.addSecs(CredentialPause::PauseSeconds).toLocalTime().toString(u"HH:mm:ss"_s);
        QVERIFY2(SessionPresenter::stateDetail(*s).contains(until),
                 qPrintable(SessionPresenter::stateDetail(*s)));
        QCOMPARE(SessionPresenter::stateText(*s), u"Wrong password — not retried"_s);
    }
    QCOMPARE(f.provider->signInCount(), 1);

    // The command line asking for a token gets the same answer, without a request.
    auto cli = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path(), false);
    QObject ctx;
    Answer answer;
    cli->requestToken(0, &ctx, [&answer](const TokenSet &t, const AuthError &e) {
        ++answer.count;
        answer.tokens = t;
        answer.error = e;
    });
    settle();
    QCOMPARE(answer.count, 1);
    QCOMPARE(answer.error.kind, AuthError::Kind::Credentials);
    QVERIFY(answer.error.message.contains(u"a moment ago"_s));
    QCOMPARE(f.provider->signInCount(), 1);
}

void TestTokenSession::pauseEndsAfterTenMinutes()
{
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    f.session.reset();
    f.clock.advance((CredentialPause::PauseSeconds - 1) * 1000);
    QCOMPARE(restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path())->state(),
             SessionState::CredentialsRejected);
    QCOMPARE(f.provider->signInCount(), 1);

    // Ten minutes on, a new run tries once more; this time it works, and the pause is gone.
    f.clock.advance(2000);
    auto s = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(s->state(), SessionState::Valid);
    QVERIFY(!s->credentialPausedUntil().isValid());
    QVERIFY(QDir(config.filePath(u"locks"_s)).isEmpty());

    // A clock set far back does not keep an account paused for good.
    s.reset();
    f.store.remove(f.account.id, SecretKind::AccessToken, nullptr, {});
    f.store.remove(f.account.id, SecretKind::RefreshToken, nullptr, {});
    settle();
    f.provider->scriptError(AuthError::Kind::Credentials);
    auto t = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
    QCOMPARE(f.provider->signInCount(), 3);
    QVERIFY(t->credentialPausedUntil().isValid());
    f.clock.advance(-3600 * 1000);
    QVERIFY(!t->credentialPausedUntil().isValid());
}

void TestTokenSession::newPasswordEndsThePause()
{
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    f.session.reset();
    auto s = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
    QCOMPARE(s->state(), SessionState::CredentialsRejected);
    QCOMPARE(f.provider->signInCount(), 1);

    f.store.write(f.account.id, SecretKind::Password, u"the new one"_s, nullptr, {});
    settle();
    s->credentialsChanged();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.provider->calls().last().secret, u"the new one"_s);
    QCOMPARE(s->state(), SessionState::Valid);
    QVERIFY(!s->credentialPausedUntil().isValid());
}

void TestTokenSession::renewNowIsNotPaused()
{
    // A person pressing "Renew now" means it: one attempt, pause or not.
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->scriptError(AuthError::Kind::Credentials);
    f.start();
    f.session.reset();
    auto s = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
    QCOMPARE(f.provider->signInCount(), 1);
    f.provider->scriptError(AuthError::Kind::Credentials);
    s->renewNow();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(s->state(), SessionState::CredentialsRejected);
    // Rejected again: the pause starts over from now.
    QCOMPARE(s->credentialPausedUntil(), f.clock.now().addSecs(CredentialPause::PauseSeconds));
    // Without a pause folder nothing is remembered beyond the session.
    Fixture g;
    g.provider->scriptError(AuthError::Kind::Credentials);
    g.start();
    QVERIFY(!g.session->credentialPausedUntil().isValid());
}

namespace {
AuthError rejectedAs(AuthError::Reason reason, std::optional<int> lockSeconds = std::nullopt)
{
    AuthError e;
    e.kind = AuthError::Kind::Credentials;
    e.reason = reason;
    e.lockSeconds = lockSeconds;
    e.message = u"Refused."_s;
    return e;
}
} // namespace

void TestTokenSession::lockTimedFromTheFirstRememberedFailure()
{
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->script({ rejectedAs(AuthError::Reason::WrongCredentials) });
    f.start();
    QCOMPARE(f.provider->signInCount(), 1);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Wrong password — not retried"_s);
    QVERIFY(!f.session->lockedUntil().isValid());

    // Two minutes later a person tries again; the service says the user is
    // locked, but not for how long: ten minutes from the first failure.
    f.clock.advance(120 * 1000);
    f.provider->script({ rejectedAs(AuthError::Reason::Locked) });
    f.session->renewNow();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(f.session->state(), SessionState::CredentialsRejected);
    QCOMPARE(f.session->lockedUntil(), Start.addSecs(CredentialPause::LockSeconds));
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Locked — 8:00 left"_s);
    const QString until = Start.addSecs(CredentialPause::LockSeconds).toLocalTime().toString(u"HH:mm:ss"_s);
    QVERIFY2(SessionPresenter::stateDetail(*f.session).contains(until),
             qPrintable(SessionPresenter::stateDetail(*f.session)));

    // Counted down on the clock; no attempt before the end, not even a
    // person's, a new password's or after a restart.
    f.run(61);
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Locked — 6:59 left"_s);
    f.session->renewNow();
    f.session->credentialsChanged();
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    f.session.reset();
    auto s = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path());
    s->renewNow();
    auto cli = restarted(f.account, f.provider.get(), &f.store, &f.clock, config.path(), false);
    QObject ctx;
    AuthError answered;
    cli->requestToken(0, &ctx, [&answered](const TokenSet &, const AuthError &e) { answered = e; });
    settle();
    QCOMPARE(f.provider->signInCount(), 2);
    QCOMPARE(answered.reason, AuthError::Reason::Locked);
    QCOMPARE(SessionPresenter::stateText(*s), u"Locked — 6:59 left"_s);

    // Once the lock is over it says so, and still waits for a person.
    for (int i = 0; i < 7 * 60; ++i) {
        f.clock.advance(1000);
        s->tick();
    }
    settle();
    QCOMPARE(SessionPresenter::stateText(*s), u"Lock over — sign in again"_s);
    QCOMPARE(f.provider->signInCount(), 2);
    s->renewNow();
    settle();
    QCOMPARE(f.provider->signInCount(), 3);
    QCOMPARE(s->state(), SessionState::Valid);
    QVERIFY(!s->lockedUntil().isValid());
}

void TestTokenSession::lockTimeFromTheReply()
{
    QTemporaryDir config;
    Fixture f;
    f.session->setCredentialPauseDir(config.path());
    f.provider->script({ rejectedAs(AuthError::Reason::Locked, 420) });
    f.start();
    QCOMPARE(f.session->lockedUntil(), Start.addSecs(420));
    QCOMPARE(SessionPresenter::stateText(*f.session), u"Locked — 7:00 left"_s);
    QCOMPARE(f.session->lastError().kind, AuthError::Kind::Credentials);
    // Without a pause folder the lock still holds for the session.
    Fixture g;
    g.provider->script({ rejectedAs(AuthError::Reason::Locked) });
    g.start();
    QCOMPARE(g.session->lockedUntil(), Start.addSecs(CredentialPause::LockSeconds));
    g.session->renewNow();
    settle();
    QCOMPARE(g.provider->signInCount(), 1);
}

QTEST_GUILESS_MAIN(TestTokenSession)
#include "tst_tokensession.moc"
