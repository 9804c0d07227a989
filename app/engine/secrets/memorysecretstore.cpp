#include "secrets/memorysecretstore.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{ }

QString MemorySecretStore::backendName() const
{
    return tr("in-memory (demo)");
}

QString MemorySecretStore::entryKey(const QUuid &account, SecretKind kind)
{
    return account.toString(QUuid::WithoutBraces) + u'/' + secretKindKey(kind);
}

void MemorySecretStore::setFailure(SecretError error, const QString &message, int times)
{
    m_failure = error;
    m_failuresLeft = times;
    m_failureMessage = message;
    if (!message.isEmpty() || error == SecretError::None)
        return;
    switch (error) {
    case SecretError::None:
        break;
    case SecretError::NotFound:
        m_failureMessage = tr("No saved credential was found.");
        break;
    case SecretError::NoBackend:
        m_failureMessage = tr("No keychain service is available, so credentials cannot be saved.");
        break;
    case SecretError::Locked:
        m_failureMessage = tr("The keyring is locked. Unlock it to use saved credentials.");
        break;
    case SecretError::AccessDenied:
        m_failureMessage = tr("Access to the keychain was denied.");
        break;
    case SecretError::Other:
        m_failureMessage = tr("The keychain reported an unexpected error.");
        break;
    }
}

std::optional<QString> MemorySecretStore::storedValue(const QUuid &account, SecretKind kind) const
{
    const auto it = m_entries.constFind(entryKey(account, kind));
    if (it == m_entries.cend())
        return std::nullopt;
    return *it;
}

std::optional<SecretResult> MemorySecretStore::takeFailure()
{
    if (m_failure == SecretError::None || m_failuresLeft == 0)
        return std::nullopt;
    SecretResult r;
    r.error = m_failure;
    r.message = m_failureMessage;
    if (m_failuresLeft > 0 && --m_failuresLeft == 0)
        m_failure = SecretError::None;
    return r;
}

void MemorySecretStore::answer(QObject *context, Callback done, SecretResult result)
{
    ++m_pending;
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    // The store itself is the timer's receiver so that the pending count stays
    // right even when the caller's context dies first.
    QTimer::singleShot(m_latencyMs, this,
                       [this, guard, hadContext, done = std::move(done), result = std::move(result)] {
                           --m_pending;
                           if (hadContext && !guard)
                               return;
                           if (done)
                               done(result);
                       });
}

// The effect happens at call time and only the answer is deferred, so a
// sequence of calls behaves in call order whatever the latency.
void MemorySecretStore::read(const QUuid &account, SecretKind kind, QObject *context, Callback done)
{
    ++m_operations;
    SecretResult r;
    if (const auto failure = takeFailure()) {
        r = *failure;
    } else if (const auto value = storedValue(account, kind)) {
        r.value = *value;
    } else {
        r.error = SecretError::NotFound;
        r.message = tr("No saved credential was found.");
    }
    answer(context, std::move(done), std::move(r));
}

void MemorySecretStore::write(const QUuid &account, SecretKind kind, const QString &value, QObject *context,
                              Callback done)
{
    ++m_operations;
    SecretResult r;
    if (const auto failure = takeFailure())
        r = *failure;
    else
        m_entries.insert(entryKey(account, kind), value);
    answer(context, std::move(done), std::move(r));
}

void MemorySecretStore::remove(const QUuid &account, SecretKind kind, QObject *context, Callback done)
{
    ++m_operations;
    SecretResult r;
    if (const auto failure = takeFailure()) {
        r = *failure;
    } else if (m_entries.remove(entryKey(account, kind)) == 0) {
        r.error = SecretError::NotFound;
        r.message = tr("No saved credential was found.");
    }
    answer(context, std::move(done), std::move(r));
}

void MemorySecretStore::probe(QObject *context, Callback done)
{
    ++m_operations;
    SecretResult r;
    if (const auto failure = takeFailure())
        r = *failure;
    answer(context, std::move(done), std::move(r));
}

void MemorySecretStore::readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                                BatchCallback done)
{
    if (!m_batchReads) {
        SecretStore::readAll(kinds, expectedEntries, context, std::move(done));
        return;
    }
    readBatch({}, kinds, context, std::move(done));
}

void MemorySecretStore::readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds,
                                     QObject *context, BatchCallback done)
{
    if (!m_batchReads || accounts.isEmpty() || kinds.isEmpty()) {
        SecretStore::readAccounts(accounts, kinds, context, std::move(done));
        return;
    }
    readBatch(accounts, kinds, context, std::move(done));
}

void MemorySecretStore::readBatch(const QList<QUuid> &accounts, const QList<SecretKind> &kinds,
                                  QObject *context, BatchCallback done)
{
    ++m_operations;
    auto batch = std::make_shared<SecretBatch>();
    if (const auto failure = takeFailure()) {
        batch->status = *failure;
    } else {
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
            const QUuid account = QUuid::fromString(it.key().section(u'/', 0, 0));
            if (!accounts.isEmpty() && !accounts.contains(account))
                continue;
            const QString kindKey = it.key().section(u'/', 1);
            for (SecretKind kind : kinds) {
                if (secretKindKey(kind) == kindKey)
                    batch->insert(account, kind, it.value());
            }
        }
        // As the Secret Service does: a read of some accounts that finds
        // nothing at all leaves the answer to reads entry by entry.
        if (!accounts.isEmpty() && batch->values.isEmpty()) {
            batch->status.error = SecretError::NotFound;
            batch->status.message = QCoreApplication::translate(
                "SecretStore", "None of the entries was found at once; they are read one by one.");
        }
    }
    // Answered like every other operation: later, and dropped with its context.
    answer(
        context,
        [batch, done = std::move(done)](const SecretResult &) {
            if (done)
                done(*batch);
        },
        SecretResult());
}
