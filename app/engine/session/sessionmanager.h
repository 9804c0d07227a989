#pragma once

#include "accounts/account.h"
#include "providers/autherror.h"
// Complete types: callers reach the parts through the manager, and
// TokenSession* travels in queued signals and spies.
#include "providers/providerregistry.h"
#include "secrets/keychainmonitor.h"
#include "session/accountservice.h"
#include "session/offlinemonitor.h"
#include "session/tokensession.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class AccountStore;
class Clock;
class NetworkPolicy;
class SecretStore;

// Owns every TokenSession and the one 1-second tick, and the parts around
// them: the providers, the keychain and offline monitors, and the account
// service that changes the set of accounts. The UI, the tray and the command
// line all go through it, so one account has one token and one refresh in
// flight, whoever asks.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    SessionManager(AccountStore *accounts, SecretStore *secrets, NetworkPolicy *network, const Clock *clock,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    // How start() learns whether the keychain works: a probe, or the first
    // read of the one account a command needs (KeychainMonitor::assumeAvailable).
    enum class KeychainCheck { Probe, FirstRead };

    // Probes the secret store, creates one session per stored account and
    // restores stored tokens (in batches). With autoTick the manager runs its
    // own 1-second QTimer; tests pass false and call tick() themselves.
    void start(bool autoTick = true, KeychainCheck check = KeychainCheck::Probe);
    bool isStarted() const { return m_started; }

    // Whether every session reads its stored tokens once the keychain is
    // available (the window, default), or only those asked for with
    // requestRestore() (a command: one that needs one account reads one
    // account's tokens, however many accounts there are).
    void setRestoreAll(bool all);
    bool restoresAll() const { return m_restoreAll; }
    // Reads the session's stored tokens, now or once the keychain is available;
    // nothing if they are read already. Null: every session.
    void requestRestore(TokenSession *session);

    // GUI: keep every account signed in and renewed (default). Command line: false.
    void setAutoRenew(bool on);
    bool autoRenew() const { return m_autoRenew; }

    const Clock *clock() const { return m_clock; }
    AccountStore *accountStore() const { return m_accounts; }
    SecretStore *secretStore() const { return m_secrets; }
    NetworkPolicy *network() const { return m_network; }

    ProviderRegistry *providers() const { return m_providers; }
    KeychainMonitor *keychainMonitor() const { return m_keychain; }
    OfflineMonitor *offlineMonitor() const { return m_offline; }
    AccountService *accountService() const { return m_accountService; }

    // Sessions in account-store order.
    const QList<TokenSession *> &sessions() const { return m_sessions; }
    TokenSession *session(const QUuid &id) const;
    TokenSession *findSession(const QString &nameOrId) const;

    // A new clock check: every session looks at the time. Called by the timer
    // once a second, by tests, and at once after resume or when the network returns.
    // Sessions that start a renewal do so at most MaxRenewalsPerTurn per turn of
    // the event loop; the others look at the time in the turns that follow, so
    // a thousand accounts due at once never hold the window still.
    void tick();
    static constexpr int MaxRenewalsPerTurn = 20;

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

private:
    // The account service alone changes which sessions there are, in step
    // with the accounts file and the keychain.
    friend class AccountService;

    // Creates the account's session at index (-1: at the end) and announces it.
    TokenSession *insertSession(const Account &account, int index);
    void dropSession(TokenSession *session);
    TokenSession *createSession(const Account &account);
    void onKeychainAvailable();
    void onKeychainUnavailable(const QString &message, SecretError error);
    void scheduleRestoreBatch();
    // Ticks the sessions still queued by tick(), up to MaxRenewalsPerTurn starts.
    void tickQueued();
    // Queues the sessions that wait for their stored tokens and reads them:
    // all at once when there are many, else one by one.
    void restoreWaiting();

    AccountStore *m_accounts;
    SecretStore *m_secrets;
    NetworkPolicy *m_network;
    const Clock *m_clock;
    ProviderRegistry *m_providers;
    KeychainMonitor *m_keychain;
    OfflineMonitor *m_offline;
    AccountService *m_accountService;
    QList<TokenSession *> m_sessions;
    QTimer m_timer;
    QList<QPointer<TokenSession>> m_tickQueue;
    QTimer m_nextTurn; // single shot, 0 ms: the rest of m_tickQueue
    bool m_autoRenew = true;
    bool m_started = false;
    QList<QPointer<TokenSession>> m_restoreQueue;
    // Sessions reading their own entries right now: asked again, they go on
    // reading instead of starting over.
    QSet<const TokenSession *> m_reading;
    bool m_restoreAll = true;
    // requestRestore() before the keychain was available (restoreAll off).
    QSet<QUuid> m_restoreRequested;
    // Stored tokens read at once, handed to the queued sessions batch by batch.
    std::shared_ptr<SecretBatch> m_batch;
    // The accounts m_batch holds every entry of; empty: all accounts.
    QSet<QUuid> m_batchCovers;
    bool m_batchReading = false;
    // Beside the accounts file: where rejected credentials are remembered.
    QString m_pauseDir;
    bool m_restoreScheduled = false;
};
