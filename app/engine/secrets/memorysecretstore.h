#pragma once

#include "secrets/secretstore.h"

#include <QHash>

#include <optional>

// Secrets kept in memory only: for tests and the offline demo. Answers like a
// real backend would, asynchronously, and can be told to fail or to be slow.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(const QUuid &account, SecretKind kind, QObject *context, Callback done) override;
    void write(const QUuid &account, SecretKind kind, const QString &value, QObject *context,
               Callback done) override;
    void remove(const QUuid &account, SecretKind kind, QObject *context, Callback done) override;
    void probe(QObject *context, Callback done) override;
    // Only after setBatchReads(true); otherwise the default: read entry by entry.
    void readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                 BatchCallback done) override;
    void readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds, QObject *context,
                      BatchCallback done) override;
    void setBatchReads(bool on) { m_batchReads = on; }

    int pendingOperations() const override { return m_pending; }
    QString backendName() const override;

    // Makes the next `times` operations (all of them if negative) fail with
    // `error`, as a locked or missing keychain would. An empty message gets a
    // default sentence. SecretError::None clears the failure.
    void setFailure(SecretError error, const QString &message = {}, int times = -1);
    void clearFailure() { setFailure(SecretError::None); }
    // Delay before each answer; 0 still answers from the event loop.
    void setLatency(int milliseconds) { m_latencyMs = milliseconds; }

    // Inspection for tests.
    std::optional<QString> storedValue(const QUuid &account, SecretKind kind) const;
    int entryCount() const { return static_cast<int>(m_entries.size()); }
    // Operations started so far (read, write, remove, probe), failed or not.
    int operationCount() const { return m_operations; }

private:
    static QString entryKey(const QUuid &account, SecretKind kind);
    // Every entry of these kinds, of these accounts (all when empty).
    void readBatch(const QList<QUuid> &accounts, const QList<SecretKind> &kinds, QObject *context,
                   BatchCallback done);
    // Consumes one failure if one is set.
    std::optional<SecretResult> takeFailure();
    void answer(QObject *context, Callback done, SecretResult result);

    QHash<QString, QString> m_entries;
    SecretError m_failure = SecretError::None;
    QString m_failureMessage;
    int m_failuresLeft = 0;
    int m_latencyMs = 0;
    int m_pending = 0;
    int m_operations = 0;
    bool m_batchReads = false;
};
