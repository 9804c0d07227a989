#pragma once

#include "accounts/account.h"
#include "providers/autherror.h"
#include "providers/tokenset.h"
#include "secrets/secretstore.h"
#include "session/sessionstate.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class Clock;
class SecretStore;
class TokenProvider;
class AuthReply;

// The life of one account's token: a small explicit state machine.
// Created and owned by SessionManager. All timing is decided on tick(now), so
// a wall-clock jump (suspend/resume) is handled at the next tick.
class TokenSession : public QObject
{
    Q_OBJECT
public:
    using TokenCallback = std::function<void(const TokenSet &tokens, const AuthError &error)>;

    TokenSession(const Account &account, TokenProvider *provider, SecretStore *secrets, const Clock *clock,
                 QObject *parent);
    ~TokenSession() override;

    const Account &account() const { return m_account; }
    QUuid id() const { return m_account.id; }
    SessionState state() const { return m_state; }
    const TokenSet &tokens() const { return m_tokens; }
    const AuthError &lastError() const { return m_lastError; }
    QDateTime lastRenewed() const { return m_lastRenewed; } // UTC; invalid if never
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; } // UTC; valid while RetryScheduled
    // A pasted token whose expiry is unknown counts as valid for any time.
    bool hasValidToken(int minValidSeconds = 0) const;
    // A token is held whose expiry nobody knows (a pasted token without one):
    // there is nothing to count down.
    bool expiryUnknown() const;
    qint64 secondsLeft() const;

    // While RetryScheduled: milliseconds until the next attempt (0 or less: due).
    qint64 msecsToNextAttempt() const;
    // A credential the service rejected is remembered for a while in this
    // folder (the config folder), so that neither a restart nor the command
    // line sends it again at once; empty: only for the life of this session.
    void setCredentialPauseDir(const QString &configDir);
    // Until when automatic and command-line sign-ins are refused; invalid when not paused.
    QDateTime credentialPausedUntil() const;
    // Until when the service locks the user (7G, after too many failed
    // sign-ins): no sign-in at all before, not even a person's. Invalid when
    // no lock is known.
    QDateTime lockedUntil() const;
    // Milliseconds from the clock's now to lockedUntil(); 0 without a lock.
    qint64 msecsToLockEnd() const;

    // While KeychainUnavailable: what went wrong, and the keychain's own sentence.
    SecretError keychainError() const;
    QString keychainMessage() const;

    // When the current token will be renewed: exp - min(lead, lifetime / 4).
    // Invalid without a token, and for a pasted token (never renewed).
    QDateTime refreshAt() const;

    // True while a sign-in or refresh (including reading the credential) is in flight.
    bool isBusy() const;

    // Secret store writes and removals queued or in flight for this account.
    int pendingWrites() const;

    // Calls back with a token valid for at least minValidSeconds, signing in
    // or refreshing first when needed. Single-flight: concurrent callers share
    // one request. The callback runs later, never inside this call, and is
    // dropped if context dies (a null context: answered through the
    // application object). On failure the tokens are empty and the error says
    // why. A fresh token is handed out even if its whole lifetime is shorter
    // than minValidSeconds.
    void requestToken(int minValidSeconds, QObject *context, TokenCallback done);

    // User asked: refresh (or sign in) now. Also the only way out of
    // CredentialsRejected, because it is a deliberate human action.
    void renewNow();

    // Forget the tokens (memory and secret store); keep the credentials.
    void signOut();

    // Keep this account signed in and renewed before expiry (the GUI), or
    // act only on requestToken() (the headless command line).
    void setAutoRenew(bool on);

    // Replaces the account's settings (name, URL, lead...). A changed login or
    // base URL drops the current tokens.
    void updateAccount(const Account &account);

    // The credential was changed: leave CredentialsRejected / NeedsCredentials.
    void credentialsChanged();

    // A scheduled retry after a transient failure becomes due now (the network
    // came back). Does nothing in any other state.
    void retrySoon();

    // Called by SessionManager: restore stored tokens, then follow auto-renew.
    // A pasted-token application reads its pasted token instead.
    void restore();
    // The same with the stored values already read (SecretStore::readAll):
    // nullopt is an entry that is not stored. Nothing is read. For a
    // pasted-token application accessToken is the pasted token.
    void restoreFrom(const std::optional<QString> &accessToken, const std::optional<QString> &refreshToken);
    void setKeychainUnavailable(const QString &message, SecretError error = SecretError::Other);

    // Consulted before every automatic attempt (scheduled renewal or retry,
    // never one a caller is waiting for); false defers it to a later tick.
    // SessionManager uses it to send one probe at a time while offline.
    using AttemptGate = std::function<bool(TokenSession *session)>;
    void setAttemptGate(AttemptGate gate);

    // Called once a second by SessionManager with the clock's time.
    void tick();

Q_SIGNALS:
    void stateChanged();
    void tokensChanged(); // new token pair (or signed out)
    void accountChanged(); // updateAccount() was called
    // A sign-in or refresh answered (error.kind None on success). Emitted
    // after the state has changed.
    void attemptFinished(const AuthError &error);

private:
    // The wait before retrying after a transient failure (see the .cpp).
    qint64 retryDelayMs(const AuthError &error) const;
    enum class Flight : int {
        None,
        ReadingCredential, // the password / client secret is being read for a sign-in
        SigningIn,
        Refreshing,
    };
    struct Waiter
    {
        int minValidSeconds = 0;
        QPointer<QObject> context;
        bool hadContext = false;
        TokenCallback done;
    };
    struct PendingWrite
    {
        SecretKind kind;
        std::optional<QString> value; // nullopt: remove the entry
    };

    void setState(SessionState state);
    // Ends any request, answers the waiters with reason, and forgets the
    // tokens in memory and in the store: SignedOut (unless the keychain is out).
    void dropTokens(const QString &reason);
    SessionState restingState() const;
    AuthError keychainFailure() const;
    void finishRestore(const TokenSet &tokens);
    // A pasted-token application: its token as stored (nullopt: none), never renewed.
    void adoptPasted(const std::optional<QString> &stored);
    void loadPasted();
    AuthError pastedExpiredError() const;
    AuthError noPastedTokenError() const;
    void serveWaiters();
    void startRenewal(bool automatic);
    void startRefresh();
    void startSignIn();
    void watch(AuthReply *reply);
    void abortFlight();
    void onReplyFinished(AuthReply *reply);
    void adopt(const TokenSet &tokens);
    void handleFailure(Flight flight, const AuthError &error);
    static void answer(const Waiter &waiter, const TokenSet &tokens, const AuthError &error);
    void failWaiters(const AuthError &error);
    void clearCredentialPause();
    // The lock the service reported: until when, from the reply or else from
    // the first rejection remembered; remembered across runs.
    QDateTime noteLock(const AuthError &error);
    AuthError lockedError(const QDateTime &until, const AuthError &cause) const;
    void queueWrite(SecretKind kind, const QString &value);
    void queueRemove(SecretKind kind);
    void pumpWrites();
    // Writes go out one at a time, in order; a newer value replaces one that
    // has not started yet, so the store always ends with the latest.
    void enqueueWrite(SecretKind kind, const std::optional<QString> &value);

    Account m_account;
    TokenProvider *m_provider;
    SecretStore *m_secrets;
    const Clock *m_clock;
    SessionState m_state = SessionState::Restoring;
    TokenSet m_tokens;
    AuthError m_lastError;
    QDateTime m_lastRenewed;
    QDateTime m_nextAttemptAt;
    bool m_autoRenew = false;
    // The user signed out: auto-renew leaves the account alone until someone asks.
    bool m_userSignedOut = false;
    // The service rejected the stored credential. Kept through keychain loss,
    // restores and sign-outs, so that no path but a person's (renewNow, a new
    // credential, another login) sends it again; rejection says why.
    bool m_credentialsRejected = false;
    AuthError m_rejection;
    // Where the rejection is remembered across runs; empty: not at all.
    QString m_pauseDir;
    // The service's lock of the user; invalid when none is known.
    QDateTime m_lockedUntil;
    // A person asked (renewNow): a sign-in now is not held back by the pause.
    bool m_deliberate = false;
    Flight m_flight = Flight::None;
    QPointer<AuthReply> m_reply;
    // Bumped whenever answers still on their way must be ignored (sign-out,
    // new login or URL, keychain loss, destruction).
    quint64 m_generation = 0;
    int m_failures = 0; // consecutive transient failures: the back-off exponent
    qint64 m_retryDelayMs = 0; // the wait m_nextAttemptAt was set with
    QList<Waiter> m_waiters;
    QString m_keychainMessage;
    SecretError m_keychainError = SecretError::Other;
    AttemptGate m_gate;
    QList<PendingWrite> m_writes;
    bool m_writing = false;
};
