#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

// PastedToken: a D7 token the user pasted, the only credential of such an
// application (it is never renewed, so it is kept apart from AccessToken).
enum class SecretKind { Password, ClientSecret, RefreshToken, AccessToken, PastedToken };

// Stable spelling used in keychain entry names: "password", "client-secret", ...
QString secretKindKey(SecretKind kind);

enum class SecretError {
    None,
    NotFound, // no entry (not an error for a token that was never stored)
    NoBackend, // no Secret Service / keychain reachable
    Locked, // keyring locked and the user did not unlock it
    AccessDenied, // refused by the backend or the user
    Other,
};

struct SecretResult
{
    SecretError error = SecretError::None;
    QString value; // the secret, for a successful read only
    QString message; // human sentence for any error; never contains a secret
    // The same request may well succeed if asked again after a pause (a
    // timeout, a keychain daemon still starting): worth one delayed retry.
    bool transient = false;

    bool ok() const { return error == SecretError::None; }
};

// Stored secrets of many accounts, read in one go (SecretStore::readAll).
struct SecretBatch
{
    // An error: nothing was read, and the caller reads entry by entry instead.
    SecretResult status;
    // Every stored entry of the kinds asked for; an entry missing here is not stored.
    QHash<QUuid, QHash<int, QString>> values;

    std::optional<QString> value(const QUuid &account, SecretKind kind) const;
    void insert(const QUuid &account, SecretKind kind, const QString &value);
    // Overwrites the secrets in memory before forgetting them.
    void wipe();
};

// Asynchronous secret storage, keyed by account id and kind. Every operation
// answers exactly once, later (never from inside the call), through the
// callback, which is dropped if `context` is destroyed first.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;

    using QObject::QObject;
    ~SecretStore() override = default;

    virtual void read(const QUuid &account, SecretKind kind, QObject *context, Callback done) = 0;
    virtual void write(const QUuid &account, SecretKind kind, const QString &value, QObject *context,
                       Callback done)
        = 0;
    virtual void remove(const QUuid &account, SecretKind kind, QObject *context, Callback done) = 0;

    // Whether the backend answers and is unlocked, without changing it: a
    // write to a large keyring costs as much as rewriting all of it.
    virtual void probe(QObject *context, Callback done) = 0;

    using BatchCallback = std::function<void(const SecretBatch &batch)>;
    // Reads every stored entry of these kinds, of every account, at once: one
    // request to the backend instead of one per entry. Answers exactly once,
    // later, like read(). A backend that cannot (the default) answers with an
    // error, and the caller falls back to read(). expectedEntries: about how
    // many entries the caller wants; a backend whose one request would cost
    // far more than that many reads (a keyring shared with many others'
    // entries) answers with an error as well.
    virtual void readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                         BatchCallback done);
    // The same for these accounts only: for a few accounts, where reading
    // everything would cost more than it saves. A backend that cannot (the
    // default), or that finds none of the entries, answers with an error, and
    // the caller reads entry by entry. No accounts or no kinds: an error too.
    virtual void readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds, QObject *context,
                              BatchCallback done);

    // Removes every kind stored for the account; reports the first error.
    void removeAll(const QUuid &account, QObject *context, Callback done);

    // Number of operations started and not yet answered (for a bounded wait at quit).
    virtual int pendingOperations() const = 0;

    // A human description of the backend ("Secret Service", "in-memory (demo)").
    virtual QString backendName() const = 0;

protected:
    // Answers a batch read with "not supported", later, like every answer.
    void refuseBatch(QObject *context, BatchCallback done);
};
