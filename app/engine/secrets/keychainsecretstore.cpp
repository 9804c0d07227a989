#include "secrets/keychainsecretstore.h"

#include "secrets/keychainerrors.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>
#include <qt6keychain/keychain.h>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
#include "secrets/secretservicebatch.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#define TOKENTRAY_SECRET_SERVICE 1
#endif

#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcKeychain, "tokentray.secrets.keychain", QtWarningMsg)

struct KeychainSecretStore::Operation
{
    QPointer<QObject> context;
    bool hadContext = false;
    Callback done;
    bool answered = false;
};

KeychainSecretStore::KeychainSecretStore(const QString &service, const QString &nameSpace, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
    , m_namespace(nameSpace)
{ }

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::namespaceForConfigDir(const QString &configDir)
{
    const auto canonical = [](const QString &dir) {
        const QFileInfo info(dir);
        const QString c = info.canonicalFilePath();
        return c.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : c;
    };
    const QString dir = canonical(configDir);
    if (dir == canonical(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)))
        return u"default"_s;
    // 12 hex digits: short enough to read in a keyring browser, long enough never to collide in practice.
    const QByteArray hash = QCryptographicHash::hash(dir.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QString::fromLatin1(hash.left(12));
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_DARWIN)
    return tr("macOS Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service");
#endif
}

QString KeychainSecretStore::entryKey(const QUuid &account, SecretKind kind) const
{
    return m_namespace + u'/' + account.toString(QUuid::WithoutBraces) + u'/' + secretKindKey(kind);
}

QString KeychainSecretStore::probeKey() const
{
    return m_namespace + "/probe"_L1;
}

void KeychainSecretStore::deliver(const std::shared_ptr<Operation> &op, SecretResult result)
{
    if (op->answered)
        return;
    op->answered = true;
    // Always from the event loop: qtkeychain may finish a job inside start().
    QTimer::singleShot(0, this, [this, op, result = std::move(result)] {
        --m_pending;
        if (op->hadContext && !op->context)
            return;
        if (op->done)
            op->done(result);
    });
}

void KeychainSecretStore::run(QKeychain::Job *job, JobKind kind, QObject *context, Callback done)
{
    auto op = std::make_shared<Operation>();
    op->context = context;
    op->hadContext = context != nullptr;
    op->done = std::move(done);
    ++m_pending;

    job->setAutoDelete(true);
    // Never: on some backends it writes the secret in plain text to a settings file.
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, op, kind](QKeychain::Job *finished) {
        if (op->answered)
            return; // answered already by the timeout
        SecretResult r = KeychainErrors::resultFor(finished->error(), finished->errorString(),
                                                   KeychainErrors::sessionBusReachable());
        if (!r.ok()) {
            // errorString() is backend text (libsecret, D-Bus); it never holds the secret.
            qCDebug(lcKeychain) << "job on" << finished->key() << "failed:" << finished->error()
                                << finished->errorString();
        }
        if (r.ok() && kind == JobKind::Read)
            r.value = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
#ifdef TOKENTRAY_SECRET_SERVICE
        if (r.error == SecretError::NotFound && kind == JobKind::Read) {
            deliverNotFoundOrLocked(op, std::move(r));
            return;
        }
#endif
        deliver(op, std::move(r));
    });
    if (m_timeoutMs > 0) {
        // The job keeps running in qtkeychain's queue; its late answer is ignored.
        QTimer::singleShot(m_timeoutMs, this, [this, op, seconds = (m_timeoutMs + 999) / 1000] {
            deliver(op, KeychainErrors::timedOut(seconds));
        });
    }
    job->start();
}

void KeychainSecretStore::deliverNotFoundOrLocked(const std::shared_ptr<Operation> &op, SecretResult notFound)
{
#ifdef TOKENTRAY_SECRET_SERVICE
    // libsecret cannot search a locked collection and, when no unlock prompt
    // can be shown, answers "no such entry" instead of "locked". Asking the
    // Secret Service whether the default collection is locked tells them apart.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        deliver(op, std::move(notFound));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(u"org.freedesktop.secrets"_s,
                                                       u"/org/freedesktop/secrets/aliases/default"_s,
                                                       u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
    call << u"org.freedesktop.Secret.Collection"_s << u"Locked"_s;
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, op, notFound = std::move(notFound)](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<QDBusVariant> reply = *w;
                if (reply.isValid() && reply.value().variant().toBool()) {
                    SecretResult locked;
                    locked.error = SecretError::Locked;
                    locked.message = KeychainErrors::messageFor(SecretError::Locked);
                    deliver(op, std::move(locked));
                } else {
                    deliver(op, notFound);
                }
            });
#else
    deliver(op, std::move(notFound));
#endif
}

void KeychainSecretStore::read(const QUuid &account, SecretKind kind, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(entryKey(account, kind));
    run(job, JobKind::Read, context, std::move(done));
}

void KeychainSecretStore::write(const QUuid &account, SecretKind kind, const QString &value, QObject *context,
                                Callback done)
{
#if defined(Q_OS_WIN) && QTKEYCHAIN_VERSION < 0x000F00
    // Credential Manager holds at most 2,560 bytes per secret before
    // qtkeychain 0.15 split long values; a long JWT can exceed that.
    if (value.toUtf8().size() > 2560) {
        auto op = std::make_shared<Operation>();
        op->context = context;
        op->hadContext = context != nullptr;
        op->done = std::move(done);
        ++m_pending;
        SecretResult r;
        r.error = SecretError::Other;
        r.message = tr("The credential is too long for the Windows Credential Manager.");
        deliver(op, std::move(r));
        return;
    }
#endif
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(entryKey(account, kind));
    job->setTextData(value);
    run(job, JobKind::Write, context, std::move(done));
}

void KeychainSecretStore::remove(const QUuid &account, SecretKind kind, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(entryKey(account, kind));
    run(job, JobKind::Remove, context, std::move(done));
}

void KeychainSecretStore::probe(QObject *context, Callback done)
{
    // A read of an entry that is never written: it answers "not found" when
    // the backend works and is unlocked, and the backend's error otherwise
    // (a locked collection is told apart from an empty one in run()). A
    // write would prove more, but every change to a keyring rewrites the
    // whole keyring file, which at a thousand accounts costs a large part
    // of a second, at every start of every command.
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(probeKey());
    run(job, JobKind::Read, context, [done = std::move(done)](const SecretResult &r) {
        SecretResult outcome = r;
        outcome.value.fill(u'\0');
        outcome.value.clear();
        if (r.error == SecretError::NotFound) {
            outcome.error = SecretError::None;
            outcome.message.clear();
        }
        if (done)
            done(outcome);
    });
}

void KeychainSecretStore::readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                                  BatchCallback done)
{
#ifdef TOKENTRAY_SECRET_SERVICE
    runBatch(new SecretServiceBatch(m_service, m_namespace, kinds, expectedEntries, m_timeoutMs, this),
             context, std::move(done));
#else
    SecretStore::readAll(kinds, expectedEntries, context, std::move(done));
#endif
}

void KeychainSecretStore::readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds,
                                       QObject *context, BatchCallback done)
{
#ifdef TOKENTRAY_SECRET_SERVICE
    if (accounts.isEmpty() || kinds.isEmpty()) {
        refuseBatch(context, std::move(done));
        return;
    }
    runBatch(new SecretServiceBatch(m_service, m_namespace, kinds, accounts, m_timeoutMs, this), context,
             std::move(done));
#else
    SecretStore::readAccounts(accounts, kinds, context, std::move(done));
#endif
}

#ifdef TOKENTRAY_SECRET_SERVICE
void KeychainSecretStore::runBatch(SecretServiceBatch *batch, QObject *context, BatchCallback done)
{
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    ++m_pending;
    batch->start([this, ctx, hadContext, done = std::move(done)](SecretBatch &result) {
        --m_pending;
        if (!result.status.ok())
            qCDebug(lcKeychain) << "reading entries at once failed:" << result.status.message;
        if (hadContext && !ctx)
            return;
        if (done)
            done(result);
    });
}
#endif
