#pragma once

#include "accounts/account.h"
#include "base/result.h"
#include "providers/autherror.h"
#include "providers/tokenset.h"
#include "secrets/secretstore.h"
#include "session/tokensession.h" // complete type: TokenSession* in queued signals and spies

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class AccountStore;
class AuthReply;
class Clock;
class NetworkPolicy;
class TokenProvider;

// Owns every TokenSession, the providers and the one 1-second tick. The UI,
// the tray and the command line all go through it, so one account has one
// token and one refresh in flight, whoever asks.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    enum class KeychainStatus { Unknown, Probing, Available, Unavailable };

    using StatusCallback = std::function<void(const Status &)>;

    SessionManager(AccountStore *accounts, SecretStore *secrets, NetworkPolicy *network, const Clock *clock,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    // Probes the secret store, creates one session per stored account and
    // restores stored tokens (in batches). With autoTick the manager runs its
    // own 1-second QTimer; tests pass false and call tick() themselves.
    void start(bool autoTick = true);

    // GUI: keep every account signed in and renewed (default). Command line: false.
    void setAutoRenew(bool on);
    bool autoRenew() const { return m_autoRenew; }

    const Clock *clock() const { return m_clock; }
    AccountStore *accountStore() const { return m_accounts; }
    SecretStore *secretStore() const { return m_secrets; }
    NetworkPolicy *network() const { return m_network; }
    TokenProvider *provider(Provider kind) const;
    // Replaces the provider for one kind of account (tests and the demo);
    // the manager takes ownership. Call before start().
    void setProvider(Provider kind, TokenProvider *provider);

    // Sessions in account-store order.
    const QList<TokenSession *> &sessions() const { return m_sessions; }
    TokenSession *session(const QUuid &id) const;
    TokenSession *findSession(const QString &nameOrId) const;

    KeychainStatus keychainStatus() const { return m_keychainStatus; }
    QString keychainMessage() const { return m_keychainMessage; }
    // Probes the keychain again (the user unlocked it, or pressed "Try again");
    // on success every session that could not use it restores its tokens.
    void retryKeychain();

    // True while sessions fail to reach their services (all retrying on
    // connection errors): the UI shows one "Offline — retrying" banner.
    bool isOffline() const { return m_offline; }

    // Adds the account and stores its credential (password or client secret).
    void addAccount(const Account &account, const QString &secret, QObject *context, StatusCallback done);
    // Updates the account; a non-empty newSecret replaces the stored credential.
    void updateAccount(const Account &account, const std::optional<QString> &newSecret, QObject *context,
                       StatusCallback done);
    // Removes the account and all its secret store entries. Refused (nothing
    // changes) while the keychain is unavailable.
    void removeAccount(const QUuid &id, QObject *context, StatusCallback done);

    // Reads the stored credential of an account (for an explicit "reveal").
    void readCredential(const QUuid &id, QObject *context, SecretStore::Callback done);

    // Signs in with the given account and secret without storing anything
    // (the dialog's "Test sign-in"). The caller owns the reply.
    AuthReply *testSignIn(const Account &account, const QString &secret);

    // Checks the account's service (7G health check, D7 balance). Caller owns the reply.
    AuthReply *checkService(const QUuid &id);

    // A new clock check: every session looks at the time. Called by the timer
    // once a second, by tests, and at once after resume or when the network returns.
    void tick();

    // The network is back (or the machine woke up): every session waiting on
    // a transient retry tries at once. Never touches rejected credentials.
    void retryNow();

    // Number of secret store writes in flight (bounded wait at quit).
    int pendingWrites() const;

Q_SIGNALS:
    void sessionAdded(TokenSession *session, int index);
    void sessionAboutToBeRemoved(TokenSession *session, int index);
    void sessionRemoved(const QUuid &id);
    void sessionChanged(TokenSession *session); // state, tokens or account changed
    void ticked(); // after every tick: repaint countdowns
    void keychainStatusChanged();
    void offlineChanged(bool offline);

private:
    void probeKeychain();
    void setKeychainStatus(KeychainStatus status, const QString &message);
    void scheduleRestoreBatch();
    TokenSession *createSession(const Account &account);
    void dropSession(TokenSession *session);
    // Writes the account's credential, then hands the account's session (if
    // it still has one) and the result to `then`, and answers the caller:
    // success, or `failure` with the keychain's message as %1.
    void storeCredential(const Account &account, const QString &secret, QObject *context, StatusCallback done,
                         const QString &failure,
                         std::function<void(TokenSession *, const SecretResult &)> then);
    bool allowAutomaticAttempt(TokenSession *session);
    void onAttemptFinished(TokenSession *session, const AuthError &error);
    void setOffline(bool offline);

    AccountStore *m_accounts;
    SecretStore *m_secrets;
    NetworkPolicy *m_network;
    const Clock *m_clock;
    QList<TokenSession *> m_sessions;
    QTimer m_timer;
    bool m_autoRenew = true;
    bool m_offline = false;
    KeychainStatus m_keychainStatus = KeychainStatus::Unknown;
    QString m_keychainMessage;
    struct Private;
    std::unique_ptr<Private> d;
};
