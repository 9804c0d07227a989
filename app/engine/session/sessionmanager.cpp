#include "session/sessionmanager.h"

#include "accounts/accountstore.h"
#include "base/clock.h"
#include "session/credentialpause.h"
#include "session/tokensession.h"

#include <QFileInfo>

#include <algorithm>

namespace {
// Sessions restored per event-loop turn: the window paints between batches.
constexpr int RestoreBatchSize = 20;
// With the stored tokens already in memory a restore costs microseconds.
constexpr int ReadyBatchSize = 100;
// From this many sessions on, the keychain is read in one request.
constexpr int ReadAllThreshold = 8;
} // namespace

SessionManager::SessionManager(AccountStore *accounts, SecretStore *secrets, NetworkPolicy *network,
                               const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_secrets(secrets)
    , m_network(network)
    , m_clock(clock)
    , m_providers(new ProviderRegistry(network, clock, this))
    , m_keychain(new KeychainMonitor(secrets, clock, this))
    , m_offline(new OfflineMonitor(clock, this))
    , m_accountService(new AccountService(this))
{
    // The GUI and the command line keep the accounts file in the same
    // config folder, so they share what either learnt about a credential.
    if (m_accounts && !m_accounts->path().isEmpty())
        m_pauseDir = QFileInfo(m_accounts->path()).absolutePath();
    connect(m_keychain, &KeychainMonitor::probeSucceeded, this, &SessionManager::onKeychainAvailable);
    connect(m_keychain, &KeychainMonitor::probeFailed, this, &SessionManager::onKeychainUnavailable);
    connect(m_offline, &OfflineMonitor::networkReturned, this, [this] {
        // Everyone who was held back tries again at once.
        for (TokenSession *s : std::as_const(m_sessions))
            s->retrySoon();
    });
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &SessionManager::tick);
    m_nextTurn.setSingleShot(true);
    m_nextTurn.setInterval(0);
    connect(&m_nextTurn, &QTimer::timeout, this, &SessionManager::tickQueued);
}

SessionManager::~SessionManager()
{
    // Sessions first: they abort their requests, which belong to the providers' manager.
    const QList<TokenSession *> sessions = std::exchange(m_sessions, {});
    for (TokenSession *s : sessions) {
        disconnect(s, nullptr, this, nullptr);
        delete s;
    }
}

void SessionManager::start(bool autoTick, KeychainCheck check)
{
    if (m_started)
        return;
    m_started = true;
    for (const Account &account : m_accounts->accounts()) {
        if (session(account.id))
            continue; // added before start()
        insertSession(account, -1);
    }
    if (autoTick)
        m_timer.start();
    if (check == KeychainCheck::FirstRead)
        m_keychain->assumeAvailable();
    else
        m_keychain->probe();
}

void SessionManager::setAutoRenew(bool on)
{
    m_autoRenew = on;
    for (TokenSession *s : std::as_const(m_sessions))
        s->setAutoRenew(on);
}

TokenSession *SessionManager::session(const QUuid &id) const
{
    for (TokenSession *s : m_sessions) {
        if (s->id() == id)
            return s;
    }
    return nullptr;
}

TokenSession *SessionManager::findSession(const QString &nameOrId) const
{
    const QString wanted = nameOrId.trimmed();
    if (wanted.isEmpty())
        return nullptr;
    for (TokenSession *s : m_sessions) {
        if (s->account().name.compare(wanted, Qt::CaseInsensitive) == 0)
            return s;
    }
    const QUuid id = QUuid::fromString(wanted);
    return id.isNull() ? nullptr : session(id);
}

// --- the keychain ---------------------------------------------------------

void SessionManager::setRestoreAll(bool all)
{
    m_restoreAll = all;
}

void SessionManager::requestRestore(TokenSession *session)
{
    if (!session) {
        m_restoreAll = true;
    } else {
        if (m_restoreRequested.contains(session->id()))
            return;
        m_restoreRequested.insert(session->id());
    }
    if (m_keychain->status() == KeychainMonitor::Status::Available)
        restoreWaiting();
}

void SessionManager::onKeychainAvailable()
{
    restoreWaiting();
}

void SessionManager::onKeychainUnavailable(const QString &message, SecretError error)
{
    for (TokenSession *s : std::as_const(m_sessions))
        s->setKeychainUnavailable(message, error);
}

void SessionManager::restoreWaiting()
{
    QList<QPointer<TokenSession>> waiting;
    for (TokenSession *s : std::as_const(m_sessions)) {
        if (s->state() != SessionState::Restoring && s->state() != SessionState::KeychainUnavailable)
            continue;
        if (!m_restoreAll && !m_restoreRequested.contains(s->id()))
            continue;
        if (m_restoreQueue.contains(s))
            continue;
        if (s->state() == SessionState::Restoring && m_reading.contains(s))
            continue;
        waiting.append(s);
    }
    if (waiting.isEmpty())
        return;
    m_restoreQueue += waiting;
    if (m_batchReading || m_batch)
        return; // these join the reading in progress, or are read one by one after it
    m_batchReading = true;
    QList<SecretKind> kinds { SecretKind::AccessToken, SecretKind::RefreshToken };
    if (std::any_of(waiting.cbegin(), waiting.cend(),
                    [](const TokenSession *s) { return s->account().usesPastedToken(); }))
        kinds.append(SecretKind::PastedToken);
    QSet<QUuid> covered;
    if (waiting.size() < ReadAllThreshold) {
        for (const TokenSession *s : std::as_const(waiting))
            covered.insert(s->id());
    }
    auto done = [this, covered](const SecretBatch &batch) {
        m_batchReading = false;
        if (batch.status.ok()) {
            m_batch = std::make_shared<SecretBatch>(batch);
            m_batchCovers = covered;
        }
        // Without it every session reads its own entries.
        scheduleRestoreBatch();
    };
    if (waiting.size() < ReadAllThreshold) {
        // A few accounts (a command, a window with few accounts): their own
        // entries at once, not everything the keychain holds.
        m_secrets->readAccounts(covered.values(), kinds, this, std::move(done));
        return;
    }
    // Access tokens of all, refresh tokens of about half (7G).
    const int expected = int(waiting.size() + waiting.size() / 2);
    m_secrets->readAll(kinds, expected, this, std::move(done));
}

void SessionManager::scheduleRestoreBatch()
{
    if (m_restoreScheduled || m_restoreQueue.isEmpty() || m_batchReading) {
        if (m_restoreQueue.isEmpty() && m_batch) {
            m_batch->wipe();
            m_batch.reset();
            m_batchCovers.clear();
        }
        return;
    }
    m_restoreScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_restoreScheduled = false;
        int n = 0;
        const int size = m_batch ? ReadyBatchSize : RestoreBatchSize;
        while (!m_restoreQueue.isEmpty() && n < size) {
            const QPointer<TokenSession> s = m_restoreQueue.takeFirst();
            if (!s || !m_sessions.contains(s.data()))
                continue;
            const bool waiting
                = s->state() == SessionState::Restoring || s->state() == SessionState::KeychainUnavailable;
            // A batch of some accounts says nothing about the others' entries.
            const bool inBatch = m_batch && (m_batchCovers.isEmpty() || m_batchCovers.contains(s->id()));
            if (inBatch && waiting && s->account().usesPastedToken())
                s->restoreFrom(m_batch->value(s->id(), SecretKind::PastedToken), std::nullopt);
            else if (inBatch && waiting)
                s->restoreFrom(m_batch->value(s->id(), SecretKind::AccessToken),
                               m_batch->value(s->id(), SecretKind::RefreshToken));
            else if (waiting || !inBatch) {
                m_reading.insert(s);
                s->restore();
            }
            ++n;
        }
        scheduleRestoreBatch();
    });
}

// --- sessions ---------------------------------------------------------------

TokenSession *SessionManager::createSession(const Account &account)
{
    auto *s = new TokenSession(account, m_providers->provider(account.provider), m_secrets, m_clock, this);
    s->setAutoRenew(m_autoRenew);
    s->setCredentialPauseDir(m_pauseDir);
    s->setAttemptGate([this](TokenSession *t) { return m_offline->allowAutomaticAttempt(t); });
    connect(s, &TokenSession::stateChanged, this, [this, s] {
        if (s->state() != SessionState::Restoring)
            m_reading.remove(s);
        Q_EMIT sessionChanged(s);
    });
    connect(s, &TokenSession::tokensChanged, this, [this, s] { Q_EMIT sessionChanged(s); });
    connect(s, &TokenSession::accountChanged, this, [this, s] { Q_EMIT sessionChanged(s); });
    connect(s, &TokenSession::attemptFinished, this,
            [this, s](const AuthError &error) { m_offline->attemptFinished(s, error, m_sessions.size()); });
    if (m_keychain->status() == KeychainMonitor::Status::Unavailable)
        s->setKeychainUnavailable(m_keychain->message(), m_keychain->error());
    return s;
}

TokenSession *SessionManager::insertSession(const Account &account, int index)
{
    TokenSession *s = createSession(account);
    if (index < 0 || index > m_sessions.size())
        index = int(m_sessions.size());
    m_sessions.insert(index, s);
    Q_EMIT sessionAdded(s, index);
    return s;
}

void SessionManager::dropSession(TokenSession *s)
{
    const int index = int(m_sessions.indexOf(s));
    if (index < 0)
        return;
    Q_EMIT sessionAboutToBeRemoved(s, index);
    m_sessions.removeAt(index);
    m_reading.remove(s);
    const QUuid id = s->id();
    // Nobody hears from a removed session again.
    s->disconnect();
    m_offline->forget(id);
    // A removed account, or one moved to another service, starts afresh.
    if (!m_pauseDir.isEmpty())
        CredentialPause(m_pauseDir, id).clear();
    // Signing out aborts its request, answers its callers and turns any token
    // write still queued into a removal, so nothing is written back later.
    s->signOut();
    // Later: this may run inside one of the session's own signals.
    s->deleteLater();
    Q_EMIT sessionRemoved(id);
}

void SessionManager::tick()
{
    m_keychain->tick();
    // Guarded pointers: a session's reaction may add or remove sessions. A
    // queue left from the last tick is replaced: every session is in this one.
    m_tickQueue.clear();
    m_tickQueue.reserve(m_sessions.size());
    for (TokenSession *s : std::as_const(m_sessions))
        m_tickQueue.append(s);
    tickQueued();
    Q_EMIT ticked();
}

void SessionManager::tickQueued()
{
    int started = 0;
    while (!m_tickQueue.isEmpty()) {
        const QPointer<TokenSession> s = m_tickQueue.takeFirst();
        if (!s)
            continue;
        const bool wasBusy = s->isBusy();
        s->tick();
        if (!wasBusy && s->isBusy() && ++started >= MaxRenewalsPerTurn) {
            if (!m_tickQueue.isEmpty())
                m_nextTurn.start();
            return;
        }
    }
}

void SessionManager::retryNow()
{
    for (TokenSession *s : std::as_const(m_sessions))
        s->retrySoon();
    m_offline->probeNow();
    tick();
}

int SessionManager::pendingWrites() const
{
    int n = m_accountService->pendingWrites();
    for (const TokenSession *s : m_sessions)
        n += s->pendingWrites();
    return n;
}
