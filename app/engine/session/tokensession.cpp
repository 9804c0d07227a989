#include "session/tokensession.h"

#include "base/backoff.h"
#include "base/clock.h"
#include "providers/pastedtoken.h"
#include "providers/replyparsing.h"
#include "providers/tokenprovider.h"
#include "session/credentialpause.h"
#include "session/sessionpresenter.h"
#include "session/storedtoken.h"

#include <QCoreApplication>
#include <QList>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QScopedValueRollback>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSession, "tokentray.session")

namespace {

// The service refused this very request (a 4xx other than 408/429) without
// saying it was the credentials: the same request would be refused again, and
// a sign-in the server counts as failed brings the account closer to a
// lockout whatever the reply said. Only a human tries again.
bool isRefusedRequest(const AuthError &error)
{
    return error.kind == AuthError::Kind::Protocol && error.httpStatus >= 400 && error.httpStatus < 500
        && !ReplyParsing::isTransientStatus(error.httpStatus);
}

} // namespace

TokenSession::TokenSession(const Account &account, TokenProvider *provider, SecretStore *secrets,
                           const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_provider(provider)
    , m_secrets(secrets)
    , m_clock(clock)
{ }

TokenSession::~TokenSession()
{
    ++m_generation;
    abortFlight();
    AuthError gone;
    gone.kind = AuthError::Kind::Config;
    gone.message = tr("The account was removed.");
    failWaiters(gone);
}

// --- queries -------------------------------------------------------------

bool TokenSession::hasValidToken(int minValidSeconds) const
{
    if (expiryUnknown())
        return true;
    if (m_tokens.isEmpty() || !m_tokens.expiresAt.isValid())
        return false;
    const qint64 left = m_clock->now().msecsTo(m_tokens.expiresAt);
    return left > 0 && left >= qint64(minValidSeconds) * 1000;
}

bool TokenSession::expiryUnknown() const
{
    return m_account.usesPastedToken() && !m_tokens.isEmpty() && !m_tokens.expiresAt.isValid();
}

qint64 TokenSession::secondsLeft() const
{
    if (m_tokens.isEmpty() || !m_tokens.expiresAt.isValid())
        return 0;
    return std::max<qint64>(0, m_tokens.secondsLeft(m_clock->now()));
}

qint64 TokenSession::retryDelayMs(const AuthError &error) const
{
    qint64 delay = Backoff().delayMs(m_failures);
    // While the current token still works, a retry must come well before it
    // runs out: at most a quarter of the time left, never sooner than a
    // second. A 30-second token renewed at half its life so gets nine tries
    // on the one-second tick before it lapses (the plain back-off, four).
    if (!m_tokens.isEmpty() && m_tokens.expiresAt.isValid()) {
        const qint64 left = m_clock->now().msecsTo(m_tokens.expiresAt);
        if (left > 0)
            delay = std::min(delay, std::max(Backoff::InitialMs, left / 4));
    }
    // The server's own Retry-After is always honoured.
    if (error.retryAfterSeconds && *error.retryAfterSeconds > 0)
        delay = std::max(delay, std::min(Backoff::RetryAfterCapMs, qint64(*error.retryAfterSeconds) * 1000));
    return delay;
}

QDateTime TokenSession::refreshAt() const
{
    // A pasted token is never renewed.
    if (m_account.usesPastedToken() || m_tokens.isEmpty() || !m_tokens.expiresAt.isValid())
        return {};
    const qint64 lead = std::max(0, m_account.refreshLeadSeconds);
    qint64 margin = lead;
    if (m_tokens.obtainedAt.isValid()) {
        // Short-lived tokens are renewed at half their life, which leaves
        // room for several retries (each at most a quarter of the time left)
        // before the token runs out, even when the service fails often.
        const qint64 lifetime = std::max<qint64>(0, m_tokens.obtainedAt.secsTo(m_tokens.expiresAt));
        margin = std::min(lead, lifetime / 2);
    }
    return m_tokens.expiresAt.addSecs(-margin);
}

bool TokenSession::isBusy() const
{
    return m_flight != Flight::None;
}

int TokenSession::pendingWrites() const
{
    return int(m_writes.size()) + (m_writing ? 1 : 0);
}

qint64 TokenSession::msecsToNextAttempt() const
{
    return m_nextAttemptAt.isValid() ? m_clock->now().msecsTo(m_nextAttemptAt) : 0;
}

void TokenSession::setCredentialPauseDir(const QString &configDir)
{
    m_pauseDir = configDir;
}

QDateTime TokenSession::credentialPausedUntil() const
{
    if (m_pauseDir.isEmpty())
        return {};
    return CredentialPause(m_pauseDir, m_account.id).pausedUntil(m_clock->now());
}

QDateTime TokenSession::lockedUntil() const
{
    const QDateTime now = m_clock->now();
    if (m_lockedUntil.isValid() && m_lockedUntil > now)
        return m_lockedUntil;
    return {};
}

qint64 TokenSession::msecsToLockEnd() const
{
    const QDateTime until = lockedUntil();
    return until.isValid() ? m_clock->now().msecsTo(until) : 0;
}

QDateTime TokenSession::noteLock(const AuthError &error)
{
    const QDateTime now = m_clock->now();
    QDateTime until;
    if (error.lockSeconds) {
        until = now.addSecs(*error.lockSeconds);
    } else {
        // The reply does not say how long: ten minutes from the first of the
        // failures remembered (this one, when there is no other).
        QDateTime first = now;
        if (!m_pauseDir.isEmpty()) {
            const QDateTime remembered = CredentialPause(m_pauseDir, m_account.id).firstRejection(now);
            if (remembered.isValid() && remembered < now)
                first = remembered;
        }
        until = first.addSecs(CredentialPause::LockSeconds);
        if (until <= now)
            until = now.addSecs(CredentialPause::LockSeconds);
    }
    if (!m_pauseDir.isEmpty())
        CredentialPause(m_pauseDir, m_account.id).lock(now, until);
    m_lockedUntil = until;
    return until;
}

AuthError TokenSession::lockedError(const QDateTime &until, const AuthError &cause) const
{
    AuthError e = cause;
    e.kind = AuthError::Kind::Credentials;
    e.reason = AuthError::Reason::Locked;
    const QString lead = SessionPresenter::lockedText(m_account, until, m_clock->now());
    e.message = cause.message.isEmpty() ? lead : QString(lead + u' ' + cause.message);
    return e;
}

SecretError TokenSession::keychainError() const
{
    return m_keychainError;
}

QString TokenSession::keychainMessage() const
{
    return m_keychainMessage;
}

// --- actions -------------------------------------------------------------

void TokenSession::requestToken(int minValidSeconds, QObject *context, TokenCallback done)
{
    Waiter w;
    w.minValidSeconds = std::max(0, minValidSeconds);
    w.context = context;
    w.hadContext = context != nullptr;
    w.done = std::move(done);

    if (hasValidToken(w.minValidSeconds)) {
        answer(w, m_tokens, {});
        return;
    }
    if (m_account.usesPastedToken() && m_state != SessionState::Restoring && m_flight == Flight::None) {
        // Nothing can renew a pasted token: while it lasts it is the best
        // there is, whatever minimum was asked for; after, only a new one helps.
        if (hasValidToken(0)) {
            answer(w, m_tokens, {});
            return;
        }
        if (m_state == SessionState::Expired || m_state == SessionState::NeedsCredentials) {
            answer(w, {}, m_lastError);
            return;
        }
    }
    switch (m_state) {
    case SessionState::CredentialsRejected:
        // Only a human (renewNow, a new password) may try these credentials again.
        answer(w, {}, m_lastError);
        return;
    case SessionState::KeychainUnavailable:
        answer(w, {}, keychainFailure());
        return;
    default:
        break;
    }

    // Someone asks for a token: that undoes an earlier sign-out.
    m_userSignedOut = false;
    m_waiters.append(std::move(w));
    if (m_state == SessionState::Restoring || m_flight != Flight::None)
        return; // answered when the restore or the request in flight ends
    startRenewal(false);
}

void TokenSession::renewNow()
{
    m_userSignedOut = false;
    m_credentialsRejected = false;
    if (m_flight != Flight::None || m_state == SessionState::Restoring)
        return;
    if (m_state == SessionState::KeychainUnavailable || m_account.usesPastedToken()) {
        // A pasted token is read again, never renewed.
        restore();
        return;
    }
    const QScopedValueRollback<bool> deliberate(m_deliberate, true);
    startRenewal(false);
}

void TokenSession::signOut()
{
    m_userSignedOut = true;
    dropTokens(tr("The account was signed out."));
}

void TokenSession::setAutoRenew(bool on)
{
    m_autoRenew = on;
}

void TokenSession::updateAccount(const Account &account)
{
    const bool identityChanged = account.login != m_account.login || account.baseUrl != m_account.baseUrl
        || account.provider != m_account.provider || account.credential != m_account.credential;
    const bool pastedExpiryChanged = account.usesPastedToken() && !identityChanged
        && account.pastedTokenExpiresAt != m_account.pastedTokenExpiresAt;
    m_account = account;
    if (pastedExpiryChanged && m_flight == Flight::None && m_state != SessionState::Restoring) {
        // The expiry the user gave applies to the token in hand at once.
        restore();
        Q_EMIT accountChanged();
        return;
    }
    if (identityChanged) {
        // Tokens of the old login or server must not be handed out for the
        // new one, and a rejection was of the old credentials.
        m_lastError = AuthError();
        m_credentialsRejected = false;
        m_lockedUntil = QDateTime();
        clearCredentialPause();
        dropTokens(tr("The account's sign-in settings were changed."));
    }
    Q_EMIT accountChanged();
}

void TokenSession::credentialsChanged()
{
    if (m_account.usesPastedToken()) {
        // A new token was pasted: read it, nothing else.
        m_lastError = AuthError();
        m_userSignedOut = false;
        if (m_flight == Flight::None && m_state != SessionState::KeychainUnavailable)
            restore();
        return;
    }
    // A new password may be tried at once, whatever the old one did; but not
    // while the service locks the user, which no password changes.
    if (!m_pauseDir.isEmpty())
        CredentialPause(m_pauseDir, m_account.id).clearRejections(m_clock->now());
    switch (m_state) {
    case SessionState::CredentialsRejected:
    case SessionState::NeedsCredentials:
    case SessionState::Failed:
        break;
    default:
        return;
    }
    m_lastError = AuthError();
    m_failures = 0;
    m_userSignedOut = false;
    m_credentialsRejected = false;
    setState(restingState());
    // A new password is a deliberate act: with auto-renew, show at once whether it works.
    if (m_autoRenew)
        startRenewal(false);
}

void TokenSession::retrySoon()
{
    if (m_state != SessionState::RetryScheduled)
        return;
    const QDateTime now = m_clock->now();
    if (m_nextAttemptAt.isValid() && m_nextAttemptAt <= now)
        return;
    m_nextAttemptAt = now;
    Q_EMIT stateChanged();
}

void TokenSession::restore()
{
    if (m_flight != Flight::None)
        return; // the answer in flight is newer than anything stored
    const quint64 gen = ++m_generation;
    setState(SessionState::Restoring);
    if (m_account.usesPastedToken()) {
        m_secrets->read(m_account.id, SecretKind::PastedToken, this, [this, gen](const SecretResult &pasted) {
            if (gen != m_generation)
                return;
            if (!pasted.ok() && pasted.error != SecretError::NotFound) {
                setKeychainUnavailable(pasted.message, pasted.error);
                return;
            }
            adoptPasted(pasted.ok() ? std::optional<QString>(pasted.value) : std::nullopt);
        });
        return;
    }
    m_secrets->read(m_account.id, SecretKind::AccessToken, this, [this, gen](const SecretResult &access) {
        if (gen != m_generation)
            return;
        if (!access.ok() && access.error != SecretError::NotFound) {
            setKeychainUnavailable(access.message, access.error);
            return;
        }
        const TokenSet stored = access.ok() ? StoredToken::decode(access.value) : TokenSet();
        if (!m_provider->canRefresh()) {
            // No refresh token to read: one keychain request, not two.
            finishRestore(stored);
            return;
        }
        m_secrets->read(m_account.id, SecretKind::RefreshToken, this,
                        [this, gen, stored](const SecretResult &refresh) {
                            if (gen != m_generation)
                                return;
                            if (!refresh.ok() && refresh.error != SecretError::NotFound) {
                                setKeychainUnavailable(refresh.message, refresh.error);
                                return;
                            }
                            TokenSet tokens = stored;
                            if (refresh.ok())
                                tokens.refreshToken = refresh.value;
                            finishRestore(tokens);
                        });
    });
}

void TokenSession::restoreFrom(const std::optional<QString> &accessToken,
                               const std::optional<QString> &refreshToken)
{
    if (m_flight != Flight::None)
        return;
    ++m_generation; // ends a restore() still reading
    if (m_account.usesPastedToken()) {
        adoptPasted(accessToken);
        return;
    }
    TokenSet tokens = accessToken ? StoredToken::decode(*accessToken) : TokenSet();
    if (refreshToken && m_provider->canRefresh())
        tokens.refreshToken = *refreshToken;
    finishRestore(tokens);
}

void TokenSession::setKeychainUnavailable(const QString &message, SecretError error)
{
    ++m_generation;
    abortFlight();
    m_keychainMessage = message;
    m_keychainError = error;
    setState(SessionState::KeychainUnavailable);
    failWaiters(keychainFailure());
}

void TokenSession::setAttemptGate(AttemptGate gate)
{
    m_gate = std::move(gate);
}

void TokenSession::tick()
{
    if (m_state == SessionState::Valid && !hasValidToken(0)) {
        if (m_account.usesPastedToken())
            m_lastError = pastedExpiredError();
        setState(SessionState::Expired);
    }
    if (!m_autoRenew || m_flight != Flight::None)
        return;
    if (m_account.usesPastedToken()) {
        // Never renewed: no sign-in, no retry, no probe. Only read from the
        // keychain again after the account's settings changed.
        if (m_state == SessionState::SignedOut && !m_userSignedOut)
            loadPasted();
        return;
    }

    const QDateTime now = m_clock->now();
    bool due = false;
    switch (m_state) {
    case SessionState::Valid:
        due = now >= refreshAt();
        break;
    case SessionState::Expired:
        due = true;
        break;
    case SessionState::SignedOut:
        due = !m_userSignedOut;
        break;
    case SessionState::RetryScheduled:
        if (m_nextAttemptAt.isValid() && now.msecsTo(m_nextAttemptAt) > m_retryDelayMs) {
            // The clock was set back: wait the planned delay from now rather
            // than until a time that may be hours away.
            m_nextAttemptAt = now.addMSecs(m_retryDelayMs);
            Q_EMIT stateChanged();
        }
        due = !m_nextAttemptAt.isValid() || now >= m_nextAttemptAt;
        break;
    default:
        // Restoring, in flight, or waiting for a human: never automatic.
        break;
    }
    if (due)
        startRenewal(true);
}

// --- the state machine ----------------------------------------------------

void TokenSession::dropTokens(const QString &reason)
{
    ++m_generation;
    abortFlight();
    AuthError err;
    err.kind = AuthError::Kind::Config;
    err.message = reason;
    failWaiters(err);

    const bool hadTokens = !m_tokens.isEmpty() || !m_tokens.refreshToken.isEmpty();
    m_tokens = TokenSet();
    m_nextAttemptAt = QDateTime();
    m_failures = 0;
    // A pasted token is the application's credential, kept in its own entry.
    if (!m_account.usesPastedToken()) {
        queueRemove(SecretKind::AccessToken);
        queueRemove(SecretKind::RefreshToken);
    }
    // Also ends a restore in progress: its answers are for the old tokens.
    if (m_state != SessionState::KeychainUnavailable)
        setState(SessionState::SignedOut);
    if (hadTokens)
        Q_EMIT tokensChanged();
}

void TokenSession::setState(SessionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

SessionState TokenSession::restingState() const
{
    if (hasValidToken(0))
        return SessionState::Valid;
    if (m_credentialsRejected)
        return SessionState::CredentialsRejected;
    if (!m_tokens.isEmpty() || !m_tokens.refreshToken.isEmpty())
        return SessionState::Expired;
    return SessionState::SignedOut;
}

AuthError TokenSession::keychainFailure() const
{
    AuthError err;
    err.kind = AuthError::Kind::Config;
    err.message = m_keychainMessage.isEmpty()
        ? tr("The keychain cannot be used, so saved credentials cannot be read.")
        : m_keychainMessage;
    return err;
}

void TokenSession::finishRestore(const TokenSet &tokens)
{
    const bool changed = tokens.accessToken != m_tokens.accessToken
        || tokens.refreshToken != m_tokens.refreshToken || tokens.expiresAt != m_tokens.expiresAt;
    m_tokens = tokens;
    setState(restingState());
    if (changed)
        Q_EMIT tokensChanged();
    serveWaiters();
    if (m_flight == Flight::None)
        tick();
}

void TokenSession::serveWaiters()
{
    if (m_waiters.isEmpty())
        return;
    QList<Waiter> unserved;
    for (Waiter &w : m_waiters) {
        if (hasValidToken(w.minValidSeconds))
            answer(w, m_tokens, {});
        else
            unserved.append(std::move(w));
    }
    m_waiters = std::move(unserved);
    if (m_waiters.isEmpty() || m_flight != Flight::None)
        return;
    if (m_state == SessionState::KeychainUnavailable) {
        failWaiters(keychainFailure());
        return;
    }
    if (m_state == SessionState::CredentialsRejected) {
        failWaiters(m_lastError);
        return;
    }
    startRenewal(false);
}

void TokenSession::startRenewal(bool automatic)
{
    if (m_flight != Flight::None)
        return;
    if (m_account.usesPastedToken()) {
        // Only ever a keychain read, and only when someone asks.
        if (!automatic)
            loadPasted();
        return;
    }
    if (automatic && m_gate && !m_gate(this))
        return;
    if (m_provider->canRefresh() && !m_tokens.refreshToken.isEmpty())
        startRefresh();
    else
        startSignIn();
}

void TokenSession::startRefresh()
{
    m_flight = Flight::Refreshing;
    setState(SessionState::Refreshing);
    watch(m_provider->refresh(m_account, m_tokens));
}

void TokenSession::startSignIn()
{
    if (m_credentialsRejected) {
        m_lastError = m_rejection;
        m_nextAttemptAt = QDateTime();
        setState(SessionState::CredentialsRejected);
        failWaiters(m_lastError);
        return;
    }
    QDateTime locked = lockedUntil();
    if (!locked.isValid() && !m_pauseDir.isEmpty()) {
        locked = CredentialPause(m_pauseDir, m_account.id).lockedUntil(m_clock->now());
        m_lockedUntil = locked;
    }
    if (locked.isValid()) {
        // Locked by the service: any attempt before the end would be refused
        // and might lengthen the lock. Not even a person's.
        AuthError cause;
        cause.kind = AuthError::Kind::Credentials;
        const AuthError paused = lockedError(locked, cause);
        m_credentialsRejected = true;
        m_rejection = paused;
        m_lastError = paused;
        m_nextAttemptAt = QDateTime();
        setState(SessionState::CredentialsRejected);
        failWaiters(m_lastError);
        return;
    }
    if (const QDateTime until = credentialPausedUntil(); until.isValid() && !m_deliberate) {
        // Rejected a moment ago, by this run, an earlier one or the command
        // line: a few more tries in a row would lock the 7G user out.
        AuthError paused;
        paused.kind = AuthError::Kind::Credentials;
        paused.message = SessionPresenter::credentialPauseText(m_account, until);
        m_credentialsRejected = true;
        m_rejection = paused;
        m_lastError = paused;
        m_nextAttemptAt = QDateTime();
        setState(SessionState::CredentialsRejected);
        failWaiters(m_lastError);
        return;
    }
    // The credential is read only now, when a sign-in needs it, and not kept.
    m_flight = Flight::ReadingCredential;
    setState(SessionState::SigningIn);
    const quint64 gen = m_generation;
    m_secrets->read(m_account.id, m_provider->credentialKind(), this, [this, gen](const SecretResult &r) {
        if (gen != m_generation || m_flight != Flight::ReadingCredential)
            return;
        if (r.ok() && !r.value.isEmpty()) {
            m_flight = Flight::SigningIn;
            watch(m_provider->signIn(m_account, r.value));
            return;
        }
        m_flight = Flight::None;
        if (r.ok() || r.error == SecretError::NotFound) {
            m_lastError = AuthError();
            m_lastError.kind = AuthError::Kind::Config;
            m_lastError.message = m_account.provider == Provider::SevenG
                ? tr("No password is saved for this account. Enter it to sign in.")
                : tr("No client secret is saved for this application. Enter it to sign in.");
            setState(SessionState::NeedsCredentials);
            failWaiters(m_lastError);
            return;
        }
        setKeychainUnavailable(r.message, r.error);
    });
}

AuthError TokenSession::pastedExpiredError() const
{
    AuthError e;
    e.kind = AuthError::Kind::Credentials;
    e.reason = AuthError::Reason::PastedTokenExpired;
    const QString when = m_tokens.expiresAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    e.message = tr("The token pasted for \"%1\" expired at %2, and TokenTray cannot renew a pasted token. "
                   "Create a new token in the D7 Control Panel and paste it: edit the application, or run "
                   "tokentray add --provider d7 --name \"%1\" --token-stdin --replace.")
                    .arg(m_account.name, when);
    return e;
}

AuthError TokenSession::noPastedTokenError() const
{
    AuthError e;
    e.kind = AuthError::Kind::Config;
    e.message = tr("No token is saved for \"%1\". Paste a token from the D7 Control Panel: edit the "
                   "application, or run tokentray add --provider d7 --name \"%1\" --token-stdin --replace.")
                    .arg(m_account.name);
    return e;
}

void TokenSession::adoptPasted(const std::optional<QString> &stored)
{
    const TokenSet tokens = stored ? PastedToken::tokens(m_account, *stored, m_clock->now()) : TokenSet();
    const bool changed = tokens.accessToken != m_tokens.accessToken || tokens.expiresAt != m_tokens.expiresAt;
    m_tokens = tokens;
    m_nextAttemptAt = QDateTime();
    m_failures = 0;
    if (m_tokens.isEmpty()) {
        m_lastError = noPastedTokenError();
        setState(SessionState::NeedsCredentials);
    } else if (hasValidToken(0)) {
        m_lastError = AuthError();
        setState(SessionState::Valid);
    } else {
        m_lastError = pastedExpiredError();
        setState(SessionState::Expired);
    }
    if (changed)
        Q_EMIT tokensChanged();
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        answer(w, hasValidToken(0) ? m_tokens : TokenSet(), hasValidToken(0) ? AuthError() : m_lastError);
}

void TokenSession::loadPasted()
{
    if (m_flight != Flight::None)
        return;
    m_flight = Flight::ReadingCredential;
    const quint64 gen = m_generation;
    m_secrets->read(m_account.id, SecretKind::PastedToken, this, [this, gen](const SecretResult &r) {
        if (gen != m_generation || m_flight != Flight::ReadingCredential)
            return;
        m_flight = Flight::None;
        if (!r.ok() && r.error != SecretError::NotFound) {
            setKeychainUnavailable(r.message, r.error);
            return;
        }
        adoptPasted(r.ok() ? std::optional<QString>(r.value) : std::nullopt);
    });
}

void TokenSession::watch(AuthReply *reply)
{
    if (!reply) {
        const Flight flight = m_flight;
        m_flight = Flight::None;
        AuthError err;
        err.kind = AuthError::Kind::Config;
        err.message = tr("The request could not be started.");
        handleFailure(flight, err);
        return;
    }
    m_reply = reply;
    connect(reply, &AuthReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void TokenSession::abortFlight()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        // Deleting an unfinished reply aborts its request.
        delete m_reply.data();
    }
    m_reply = nullptr;
    m_flight = Flight::None;
}

void TokenSession::onReplyFinished(AuthReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    const Flight flight = m_flight;
    m_reply = nullptr;
    m_flight = Flight::None;

    const AuthError error = reply->error();
    if (!error.isError()) {
        if (flight == Flight::SigningIn) {
            clearCredentialPause();
            m_lockedUntil = QDateTime();
        }
        adopt(reply->tokens());
        return;
    }
    handleFailure(flight, error);
}

void TokenSession::adopt(const TokenSet &tokens)
{
    const QDateTime now = m_clock->now();
    if (tokens.isEmpty() || !tokens.expiresAt.isValid() || tokens.expiresAt <= now) {
        AuthError err;
        err.kind = AuthError::Kind::Protocol;
        err.message = tokens.isEmpty()
            ? tr("The service answered without a token.")
            : tr("The service issued a token that has already expired. Check the computer's date and time.");
        handleFailure(Flight::None, err);
        return;
    }
    m_tokens = tokens;
    if (!m_tokens.obtainedAt.isValid())
        m_tokens.obtainedAt = now;
    m_lastError = AuthError();
    m_lastRenewed = now;
    m_nextAttemptAt = QDateTime();
    m_failures = 0;

    // The rotated refresh token first: the old one is spent, so if the app
    // dies between the two writes, a new refresh token beside the old access
    // token still works; the other way round only a full sign-in would.
    if (!m_tokens.refreshToken.isEmpty())
        queueWrite(SecretKind::RefreshToken, m_tokens.refreshToken);
    queueWrite(SecretKind::AccessToken, StoredToken::encode(m_tokens));

    setState(SessionState::Valid);
    Q_EMIT tokensChanged();
    Q_EMIT attemptFinished(AuthError());

    // Everyone waiting gets the fresh token, even one that asked for more
    // validity than the service grants: asking again would not help.
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        answer(w, m_tokens, {});
}

void TokenSession::handleFailure(Flight flight, const AuthError &error)
{
    m_lastError = error;
    switch (error.kind) {
    case AuthError::Kind::RefreshRejected:
    case AuthError::Kind::Credentials:
        if (flight == Flight::Refreshing) {
            // The refresh token is dead: forget it and sign in once with the
            // stored password. Whatever that login answers is final.
            m_tokens.refreshToken.clear();
            queueRemove(SecretKind::RefreshToken);
            Q_EMIT attemptFinished(error);
            startSignIn();
            return;
        }
        if (m_lastError.kind == AuthError::Kind::RefreshRejected)
            m_lastError.kind = AuthError::Kind::Credentials;
        if (flight == Flight::SigningIn && !m_pauseDir.isEmpty())
            CredentialPause(m_pauseDir, m_account.id).start(m_clock->now());
        if (m_lastError.reason == AuthError::Reason::Locked)
            m_lastError = lockedError(noteLock(m_lastError), m_lastError);
        m_credentialsRejected = true;
        m_rejection = m_lastError;
        m_nextAttemptAt = QDateTime();
        setState(SessionState::CredentialsRejected);
        break;
    case AuthError::Kind::Transient:
    case AuthError::Kind::Protocol:
    case AuthError::Kind::None: {
        if (isRefusedRequest(error)) {
            m_nextAttemptAt = QDateTime();
            setState(SessionState::Failed);
            break;
        }
        ++m_failures;
        m_retryDelayMs = retryDelayMs(error);
        m_nextAttemptAt = m_clock->now().addMSecs(m_retryDelayMs);
        if (m_state == SessionState::RetryScheduled)
            Q_EMIT stateChanged(); // same state, new countdown
        else
            setState(SessionState::RetryScheduled);
        break;
    }
    case AuthError::Kind::Tls:
    case AuthError::Kind::Config:
        m_nextAttemptAt = QDateTime();
        setState(SessionState::Failed);
        break;
    }
    Q_EMIT attemptFinished(m_lastError);
    failWaiters(m_lastError);
}

// --- callbacks and the secret store --------------------------------------

void TokenSession::answer(const Waiter &waiter, const TokenSet &tokens, const AuthError &error)
{
    QObject *receiver = waiter.hadContext ? waiter.context.data() : QCoreApplication::instance();
    if (!receiver || !waiter.done)
        return;
    // Queued on the receiver: never inside the caller's own call, and gone
    // with the receiver if it dies first.
    QMetaObject::invokeMethod(
        receiver, [done = waiter.done, tokens, error] { done(tokens, error); }, Qt::QueuedConnection);
}

void TokenSession::failWaiters(const AuthError &error)
{
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        answer(w, {}, error);
}

void TokenSession::clearCredentialPause()
{
    if (!m_pauseDir.isEmpty())
        CredentialPause(m_pauseDir, m_account.id).clear();
}

void TokenSession::queueWrite(SecretKind kind, const QString &value)
{
    enqueueWrite(kind, value);
    pumpWrites();
}

void TokenSession::queueRemove(SecretKind kind)
{
    enqueueWrite(kind, std::nullopt);
    pumpWrites();
}

void TokenSession::enqueueWrite(SecretKind kind, const std::optional<QString> &value)
{
    for (PendingWrite &w : m_writes) {
        if (w.kind == kind) {
            w.value = value;
            return;
        }
    }
    m_writes.append({ kind, value });
}

void TokenSession::pumpWrites()
{
    if (m_writing || m_writes.isEmpty())
        return;
    const PendingWrite w = m_writes.takeFirst();
    m_writing = true;
    auto done = [this, kind = w.kind](const SecretResult &r) {
        m_writing = false;
        if (!r.ok() && r.error != SecretError::NotFound)
            qCWarning(lcSession).noquote()
                << "Could not update the" << secretKindKey(kind) << "entry of account"
                << m_account.id.toString(QUuid::WithoutBraces) << "-" << r.message;
        pumpWrites();
    };
    if (w.value)
        m_secrets->write(m_account.id, w.kind, *w.value, this, std::move(done));
    else
        m_secrets->remove(m_account.id, w.kind, this, std::move(done));
}
