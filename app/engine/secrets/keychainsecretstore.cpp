#include "secrets/keychainsecretstore.h"

#include "secrets/keychainerrors.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTimer>
#include <qt6keychain/keychain.h>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
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

struct KeychainSecretStore::ProbeState
{
    QString key;
    QString value;
    QPointer<QObject> context;
    bool hadContext = false;
    Callback done;
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
    // Write, read back, compare, delete: only a full round trip proves that
    // the backend exists, is unlocked and keeps what it is given.
    auto state = std::make_shared<ProbeState>();
    state->key = probeKey();
    state->value = u"probe-"_s + QString::number(QRandomGenerator::system()->generate64(), 36);
    state->context = context;
    state->hadContext = context != nullptr;
    state->done = std::move(done);

    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(state->key);
    job->setTextData(state->value);
    // The steps run under the store so that the probe entry is cleaned up
    // even if the caller goes away; only the answer depends on the caller.
    run(job, JobKind::Write, this, [this, state](const SecretResult &written) {
        if (!written.ok()) {
            finishProbe(state, written);
            return;
        }
        probeReadBack(state);
    });
}

void KeychainSecretStore::probeReadBack(const std::shared_ptr<ProbeState> &state)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(state->key);
    run(job, JobKind::Read, this, [this, state](const SecretResult &readBack) {
        SecretResult outcome = readBack;
        outcome.value.clear();
        if (readBack.ok() && readBack.value != state->value) {
            outcome.error = SecretError::Other;
            outcome.message = tr("The keychain returned a different value than the one just stored.");
        } else if (readBack.error == SecretError::NotFound) {
            outcome.error = SecretError::Other;
            outcome.message = tr("The keychain did not keep a value that was just stored in it.");
        }
        auto *del = new QKeychain::DeletePasswordJob(m_service);
        del->setKey(state->key);
        run(del, JobKind::Remove, this, [this, state, outcome](const SecretResult &deleted) {
            const bool deleteOk = deleted.ok() || deleted.error == SecretError::NotFound;
            finishProbe(state, !outcome.ok() || deleteOk ? outcome : deleted);
        });
    });
}

void KeychainSecretStore::finishProbe(const std::shared_ptr<ProbeState> &state, const SecretResult &result)
{
    if (state->hadContext && !state->context)
        return;
    if (state->done)
        state->done(result);
}
