#include "session/sessionmanager.h"

#include "accounts/accountstore.h"
#include "base/backoff.h"
#include "network/networkpolicy.h"
#include "providers/d7provider.h"
#include "providers/sevengprovider.h"
#include "providers/tokenprovider.h"
#include "base/clock.h"
#include "session/tokensession.h"

#include <QCoreApplication>
#include <QHash>
#include <QPointer>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Sessions restored per event-loop turn: the window paints between batches.
constexpr int RestoreBatchSize = 20;
// A keychain that was not ready at start is asked once more after this long.
constexpr qint64 KeychainRetryMs = 10 * 1000;

QString hostKey(const QUrl &url)
{
    return url.scheme() + u"://"_s + url.authority();
}

// Connection-level: no HTTP reply at all (refused, reset, timeout, no route).
bool isConnectionFailure(const AuthError &error)
{
    return error.kind == AuthError::Kind::Transient && error.httpStatus == 0;
}

// Answers later, through the event loop, unless the context has died.
void answerLater(QObject *context, SessionManager::StatusCallback done, Status status)
{
    if (!done)
        return;
    QObject *receiver = context ? context : QCoreApplication::instance();
    QMetaObject::invokeMethod(
        receiver, [done = std::move(done), status = std::move(status)] { done(status); },
        Qt::QueuedConnection);
}

} // namespace

struct SessionManager::Private
{
    TokenProvider *providers[2] = { nullptr, nullptr };
    bool started = false;
    QList<QPointer<TokenSession>> restoreQueue;
    bool restoreScheduled = false;
    // The probe of a transient keychain failure is repeated once, at this time.
    bool keychainRetried = false;
    QDateTime keychainRetryAt;
    SecretError keychainError = SecretError::None;
    int ownWrites = 0;

    // Offline detection: sessions whose last attempt failed to connect, and
    // the hosts they failed on, since the last answer from any server.
    QSet<QUuid> unreachableSessions;
    QSet<QString> unreachableHosts;
    QPointer<TokenSession> probe; // the one automatic attempt allowed while offline
    QDateTime nextProbeAt;
    int offlineFailures = 0;

    static int index(Provider kind) { return kind == Provider::SevenG ? 0 : 1; }
};

SessionManager::SessionManager(AccountStore *accounts, SecretStore *secrets, NetworkPolicy *network,
                               const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_secrets(secrets)
    , m_network(network)
    , m_clock(clock)
    , d(std::make_unique<Private>())
{
    if (m_network) {
        d->providers[Private::index(Provider::SevenG)] = new SevenGProvider(m_network, m_clock, this);
        d->providers[Private::index(Provider::D7)] = new D7Provider(m_network, m_clock, this);
    }
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &SessionManager::tick);
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

void SessionManager::setProvider(Provider kind, TokenProvider *provider)
{
    TokenProvider *&slot = d->providers[Private::index(kind)];
    if (slot == provider)
        return;
    if (slot && slot->parent() == this)
        slot->deleteLater();
    slot = provider;
    if (provider)
        provider->setParent(this);
}

TokenProvider *SessionManager::provider(Provider kind) const
{
    return d->providers[Private::index(kind)];
}

void SessionManager::start(bool autoTick)
{
    if (d->started)
        return;
    d->started = true;
    for (const Account &account : m_accounts->accounts()) {
        if (session(account.id))
            continue; // added before start()
        TokenSession *s = createSession(account);
        m_sessions.append(s);
        Q_EMIT sessionAdded(s, int(m_sessions.size()) - 1);
    }
    if (autoTick)
        m_timer.start();
    probeKeychain();
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

void SessionManager::retryKeychain()
{
    d->keychainRetryAt = QDateTime();
    probeKeychain();
}

void SessionManager::probeKeychain()
{
    setKeychainStatus(KeychainStatus::Probing, m_keychainMessage);
    m_secrets->probe(this, [this](const SecretResult &r) {
        if (r.ok()) {
            d->keychainError = SecretError::None;
            d->keychainRetryAt = QDateTime();
            setKeychainStatus(KeychainStatus::Available, QString());
            for (TokenSession *s : std::as_const(m_sessions)) {
                if (s->state() == SessionState::Restoring || s->state() == SessionState::KeychainUnavailable)
                    d->restoreQueue.append(s);
            }
            scheduleRestoreBatch();
            return;
        }
        d->keychainError = r.error;
        const QString message = r.message.isEmpty() ? tr("The keychain cannot be used.") : r.message;
        for (TokenSession *s : std::as_const(m_sessions))
            s->setKeychainUnavailable(message, r.error);
        // A keychain daemon that is still starting (or a timeout) often works a
        // moment later; a locked keyring or a refusal needs the user instead.
        const bool transient
            = r.transient || r.error == SecretError::NoBackend || r.error == SecretError::Other;
        if (transient && !d->keychainRetried) {
            d->keychainRetried = true;
            d->keychainRetryAt = m_clock->now().addMSecs(KeychainRetryMs);
        }
        setKeychainStatus(KeychainStatus::Unavailable, message);
    });
}

void SessionManager::setKeychainStatus(KeychainStatus status, const QString &message)
{
    if (m_keychainStatus == status && m_keychainMessage == message)
        return;
    m_keychainStatus = status;
    m_keychainMessage = message;
    Q_EMIT keychainStatusChanged();
}

void SessionManager::scheduleRestoreBatch()
{
    if (d->restoreScheduled || d->restoreQueue.isEmpty())
        return;
    d->restoreScheduled = true;
    QTimer::singleShot(0, this, [this] {
        d->restoreScheduled = false;
        int n = 0;
        while (!d->restoreQueue.isEmpty() && n < RestoreBatchSize) {
            const QPointer<TokenSession> s = d->restoreQueue.takeFirst();
            if (!s || !m_sessions.contains(s.data()))
                continue;
            s->restore();
            ++n;
        }
        scheduleRestoreBatch();
    });
}

// --- sessions ---------------------------------------------------------------

TokenSession *SessionManager::createSession(const Account &account)
{
    auto *s = new TokenSession(account, provider(account.provider), m_secrets, m_clock, this);
    s->setAutoRenew(m_autoRenew);
    s->setAttemptGate([this](TokenSession *t) { return allowAutomaticAttempt(t); });
    connect(s, &TokenSession::stateChanged, this, [this, s] { Q_EMIT sessionChanged(s); });
    connect(s, &TokenSession::tokensChanged, this, [this, s] { Q_EMIT sessionChanged(s); });
    connect(s, &TokenSession::accountChanged, this, [this, s] { Q_EMIT sessionChanged(s); });
    connect(s, &TokenSession::attemptFinished, this,
            [this, s](const AuthError &error) { onAttemptFinished(s, error); });
    if (m_keychainStatus == KeychainStatus::Unavailable)
        s->setKeychainUnavailable(m_keychainMessage, d->keychainError);
    return s;
}

void SessionManager::dropSession(TokenSession *s)
{
    const int index = int(m_sessions.indexOf(s));
    if (index < 0)
        return;
    Q_EMIT sessionAboutToBeRemoved(s, index);
    m_sessions.removeAt(index);
    const QUuid id = s->id();
    // Nobody hears from a removed session again.
    s->disconnect();
    d->unreachableSessions.remove(id);
    // Signing out aborts its request, answers its callers and turns any token
    // write still queued into a removal, so nothing is written back later.
    s->signOut();
    // Later: this may run inside one of the session's own signals.
    s->deleteLater();
    Q_EMIT sessionRemoved(id);
}

void SessionManager::addAccount(const Account &account, const QString &secret, QObject *context,
                                StatusCallback done)
{
    if (m_keychainStatus == KeychainStatus::Unavailable && !secret.isEmpty()) {
        answerLater(context, std::move(done),
                    Status::failure(tr("The account was not added: the keychain is not available, so its "
                                       "credential could not be saved. %1")
                                        .arg(m_keychainMessage)));
        return;
    }
    if (!provider(account.provider)) {
        answerLater(context, std::move(done), Status::failure(tr("This kind of account is not supported.")));
        return;
    }
    if (const Status added = m_accounts->add(account); !added) {
        answerLater(context, std::move(done), added);
        return;
    }
    TokenSession *s = createSession(account);
    m_sessions.append(s);
    Q_EMIT sessionAdded(s, int(m_sessions.size()) - 1);

    if (secret.isEmpty() || m_keychainStatus == KeychainStatus::Unavailable) {
        if (d->started && m_keychainStatus != KeychainStatus::Unavailable)
            s->restore();
        answerLater(context, std::move(done), Status::success());
        return;
    }
    storeCredential(account, secret, context, std::move(done),
                    tr("The account was added, but its credential could not be saved in the keychain: %1"),
                    [this](TokenSession *added, const SecretResult &) {
                        if (d->started)
                            added->restore();
                    });
}

void SessionManager::storeCredential(const Account &account, const QString &secret, QObject *context,
                                     StatusCallback done, const QString &failure,
                                     std::function<void(TokenSession *, const SecretResult &)> then)
{
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    const QUuid id = account.id;
    ++d->ownWrites;
    // The write runs under the manager, so it completes even if the caller goes away.
    m_secrets->write(id, provider(account.provider)->credentialKind(), secret, this,
                     [this, id, ctx, hadContext, failure, then = std::move(then),
                      done = std::move(done)](const SecretResult &r) mutable {
                         --d->ownWrites;
                         if (TokenSession *s = session(id))
                             then(s, r);
                         if (hadContext && !ctx)
                             return;
                         answerLater(ctx, std::move(done),
                                     r.ok() ? Status::success() : Status::failure(failure.arg(r.message)));
                     });
}

void SessionManager::updateAccount(const Account &account, const std::optional<QString> &newSecret,
                                   QObject *context, StatusCallback done)
{
    TokenSession *s = session(account.id);
    if (!s) {
        answerLater(context, std::move(done), Status::failure(tr("This account no longer exists.")));
        return;
    }
    const bool wantsSecret = newSecret && !newSecret->isEmpty();
    if (wantsSecret && m_keychainStatus == KeychainStatus::Unavailable) {
        answerLater(context, std::move(done),
                    Status::failure(tr("Nothing was changed: the keychain is not available, so the new "
                                       "credential could not be saved. %1")
                                        .arg(m_keychainMessage)));
        return;
    }
    if (!provider(account.provider)) {
        answerLater(context, std::move(done), Status::failure(tr("This kind of account is not supported.")));
        return;
    }
    const Account old = s->account();
    if (const Status updated = m_accounts->update(account); !updated) {
        answerLater(context, std::move(done), updated);
        return;
    }
    const bool fresh = old.provider != account.provider;

    // The new credential is handed to the store before the session hears of
    // the change: a sign-in it starts (or a caller's, from a signal) reads
    // the credential after this write, never the old one with a new login.
    if (wantsSecret) {
        storeCredential(
            account, *newSecret, context, std::move(done),
            tr("The account was saved, but the new credential could not be stored in the keychain: %1"),
            [this, fresh](TokenSession *updated, const SecretResult &r) {
                if (fresh && d->started)
                    updated->restore();
                else if (r.ok())
                    updated->credentialsChanged();
            });
    }

    if (fresh) {
        // Another kind of service: a new session, and nothing of the old one kept.
        const int index = int(m_sessions.indexOf(s));
        dropSession(s);
        for (SecretKind kind :
             { provider(old.provider)->credentialKind(), SecretKind::AccessToken, SecretKind::RefreshToken })
            m_secrets->remove(account.id, kind, this, {});
        s = createSession(account);
        m_sessions.insert(index, s);
        Q_EMIT sessionAdded(s, index);
        if (!wantsSecret && d->started && m_keychainStatus == KeychainStatus::Available)
            s->restore();
    } else {
        s->updateAccount(account);
    }
    if (!wantsSecret)
        answerLater(context, std::move(done), Status::success());
}

void SessionManager::removeAccount(const QUuid &id, QObject *context, StatusCallback done)
{
    // Removed now, the account's password and tokens would stay in the
    // keychain for good, with nothing left in TokenTray to find them by.
    if (m_keychainStatus == KeychainStatus::Unavailable) {
        answerLater(context, std::move(done),
                    Status::failure(tr("The account was not removed: the keychain is not available, so its "
                                       "saved credentials could not be deleted with it. %1")
                                        .arg(m_keychainMessage)));
        return;
    }
    if (const Status removed = m_accounts->remove(id); !removed) {
        answerLater(context, std::move(done), removed);
        return;
    }
    if (TokenSession *s = session(id))
        dropSession(s);
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    ++d->ownWrites;
    m_secrets->removeAll(
        id, this, [this, ctx, hadContext, done = std::move(done)](const SecretResult &r) mutable {
            --d->ownWrites;
            if (hadContext && !ctx)
                return;
            answerLater(ctx, std::move(done),
                        r.ok()
                            ? Status::success()
                            : Status::failure(tr("The account was removed, but some of its keychain entries "
                                                 "could not be deleted: %1")
                                                  .arg(r.message)));
        });
}

void SessionManager::readCredential(const QUuid &id, QObject *context, SecretStore::Callback done)
{
    const TokenSession *s = session(id);
    if (!s || !provider(s->account().provider)) {
        if (!done)
            return;
        SecretResult r;
        r.error = SecretError::NotFound;
        r.message = tr("This account no longer exists.");
        QObject *receiver = context ? context : QCoreApplication::instance();
        QMetaObject::invokeMethod(
            receiver, [done = std::move(done), r] { done(r); }, Qt::QueuedConnection);
        return;
    }
    m_secrets->read(id, provider(s->account().provider)->credentialKind(), context, std::move(done));
}

AuthReply *SessionManager::testSignIn(const Account &account, const QString &secret)
{
    if (TokenProvider *p = provider(account.provider))
        return p->signIn(account, secret);
    auto *reply = new AuthReply;
    AuthError err;
    err.kind = AuthError::Kind::Config;
    err.message = tr("This kind of account is not supported.");
    reply->finishWithError(err);
    return reply;
}

AuthReply *SessionManager::checkService(const QUuid &id)
{
    const TokenSession *s = session(id);
    TokenProvider *p = s ? provider(s->account().provider) : nullptr;
    if (!p) {
        auto *reply = new AuthReply;
        AuthError err;
        err.kind = AuthError::Kind::Config;
        err.message = tr("This account no longer exists.");
        reply->finishWithError(err);
        return reply;
    }
    const QString token = s->hasValidToken() ? s->tokens().accessToken : QString();
    return p->checkService(s->account(), token);
}

void SessionManager::tick()
{
    const QDateTime now = m_clock->now();
    // Further away than it was ever set: the clock was set back.
    const bool retryDue = d->keychainRetryAt.isValid()
        && (now >= d->keychainRetryAt || now.msecsTo(d->keychainRetryAt) > KeychainRetryMs);
    if (retryDue) {
        d->keychainRetryAt = QDateTime();
        probeKeychain();
    }
    // A copy: a session's reaction may add or remove sessions.
    const QList<TokenSession *> sessions = m_sessions;
    for (TokenSession *s : sessions)
        s->tick();
    Q_EMIT ticked();
}

void SessionManager::retryNow()
{
    for (TokenSession *s : std::as_const(m_sessions))
        s->retrySoon();
    d->nextProbeAt = QDateTime();
    tick();
}

int SessionManager::pendingWrites() const
{
    int n = d->ownWrites;
    for (const TokenSession *s : m_sessions)
        n += s->pendingWrites();
    return n;
}

// --- offline --------------------------------------------------------------

bool SessionManager::allowAutomaticAttempt(TokenSession *s)
{
    if (!m_offline)
        return true;
    // A server nobody failed to reach yet is worth its own try.
    if (!d->unreachableHosts.contains(hostKey(s->account().baseUrl)))
        return true;
    // Otherwise one probe at a time, on one shared back-off: no retry storm.
    if (d->probe && d->probe->isBusy())
        return false;
    // A probe time further away than the longest back-off means the clock was set back.
    const qint64 wait = d->nextProbeAt.isValid() ? m_clock->now().msecsTo(d->nextProbeAt) : 0;
    if (wait > 0 && wait <= Backoff::DefaultCapMs)
        return false;
    d->probe = s;
    return true;
}

void SessionManager::onAttemptFinished(TokenSession *s, const AuthError &error)
{
    const bool wasProbe = d->probe == s;
    if (wasProbe)
        d->probe = nullptr;
    if (!isConnectionFailure(error)) {
        // Some server answered: the network is there.
        d->unreachableSessions.clear();
        d->unreachableHosts.clear();
        d->offlineFailures = 0;
        d->nextProbeAt = QDateTime();
        if (m_offline) {
            setOffline(false);
            // Everyone who was held back tries again at once.
            for (TokenSession *other : std::as_const(m_sessions))
                other->retrySoon();
        }
        return;
    }
    d->unreachableSessions.insert(s->id());
    d->unreachableHosts.insert(hostKey(s->account().baseUrl));
    const qsizetype needed = std::min<qsizetype>(2, m_sessions.size());
    if (!m_offline && d->unreachableSessions.size() >= needed) {
        setOffline(true);
        d->offlineFailures = 0;
    } else if (!m_offline || !wasProbe) {
        // Failures of attempts started before the outage was known do not
        // lengthen the shared back-off; only failed probes do.
        return;
    }
    ++d->offlineFailures;
    d->nextProbeAt = m_clock->now().addMSecs(Backoff().delayMs(d->offlineFailures));
}

void SessionManager::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline);
}
