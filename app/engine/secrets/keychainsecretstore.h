#pragma once

#include "secrets/secretstore.h"

#include <memory>

namespace QKeychain {
class Job;
}

// Secrets in the platform keychain through qtkeychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows). The insecure
// plaintext fallback is never enabled. Entries are named
// "<namespace>/<account id>/<kind>" under one service name, so two config
// directories (two namespaces) never see each other's secrets.
class SecretServiceBatch;

class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 30'000;

    // service: the keychain service name, e.g. "TokenTray".
    // nameSpace: see namespaceForConfigDir().
    KeychainSecretStore(const QString &service, const QString &nameSpace, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    // "default" for the default configuration directory, otherwise a short
    // stable hash of the directory's canonical path.
    static QString namespaceForConfigDir(const QString &configDir);

    void read(const QUuid &account, SecretKind kind, QObject *context, Callback done) override;
    void write(const QUuid &account, SecretKind kind, const QString &value, QObject *context,
               Callback done) override;
    void remove(const QUuid &account, SecretKind kind, QObject *context, Callback done) override;
    void probe(QObject *context, Callback done) override;
    // On the Secret Service: one search and one GetSecrets for all entries of
    // this namespace (see SecretServiceBatch); elsewhere the default.
    void readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                 BatchCallback done) override;
    // On the Secret Service: one exact search per entry and one GetSecrets.
    void readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds, QObject *context,
                      BatchCallback done) override;

    int pendingOperations() const override { return m_pending; }
    QString backendName() const override;

    QString service() const { return m_service; }
    QString nameSpace() const { return m_namespace; }
    // The keychain key of an entry: "<namespace>/<account id>/<kind>".
    QString entryKey(const QUuid &account, SecretKind kind) const;
    QString probeKey() const;

    // An operation that has not finished after this long is answered with a
    // transient error (a backend waiting on an unlock prompt can take forever).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }

private:
    enum class JobKind { Read, Write, Remove };
    struct Operation;
    // Starts the job and answers `done` exactly once, later.
    void run(QKeychain::Job *job, JobKind kind, QObject *context, Callback done);
    void deliver(const std::shared_ptr<Operation> &op, SecretResult result);
    void deliverNotFoundOrLocked(const std::shared_ptr<Operation> &op, SecretResult notFound);
    // Starts a batch read of the Secret Service (where there is one) and answers `done` once.
    void runBatch(SecretServiceBatch *batch, QObject *context, BatchCallback done);

    QString m_service;
    QString m_namespace;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_pending = 0;
};
