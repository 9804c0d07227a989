#pragma once

#include "secrets/secretstore.h"

#include <QDBusObjectPath>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

// Reads many entries of the freedesktop Secret Service at once: one search
// for every item of the service name, their attributes, and one GetSecrets
// for all of them, over an encrypted session (dh-ietf1024-sha256-aes128-cbc-pkcs7),
// so that no secret crosses the bus in the clear. The entries are those
// qtkeychain's libsecret backend writes: attribute "server" is the service,
// "user" the entry key "<namespace>/<account id>/<kind>".
//
// Any problem (no Secret Service, a locked item, a failed decryption, the
// timeout) ends it with an error and no values: the caller reads entry by
// entry instead, which also handles unlock prompts.
class SecretServiceBatch : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(SecretBatch &batch)>;

    // expectedEntries: the caller wants about this many; a search that finds
    // far more items of the service (other namespaces, other kinds) gives up,
    // since describing each item costs about as much as reading one.
    SecretServiceBatch(const QString &service, const QString &nameSpace, const QList<SecretKind> &kinds,
                       int expectedEntries, int timeoutMs, QObject *parent = nullptr);
    // Only these accounts' entries: one search per entry, each for its exact
    // attributes, all sent at once, and no item described. Finding none of
    // them is an error too: entries written by another backend are left to
    // read(), and an account with nothing stored costs one more round.
    SecretServiceBatch(const QString &service, const QString &nameSpace, const QList<SecretKind> &kinds,
                       const QList<QUuid> &accounts, int timeoutMs, QObject *parent = nullptr);
    ~SecretServiceBatch() override;

    // Answers once, from the event loop; then the object deletes itself.
    void start(Done done);

private:
    struct Crypto;
    void openSession();
    void search();
    void searchAccounts();
    // One SearchItems; `found` gets the unlocked items. A failed search or
    // any locked item ends the batch with an error instead.
    void searchItems(const QMap<QString, QString> &attributes,
                     std::function<void(const QList<QDBusObjectPath> &unlocked)> found);
    void readAttributes(const QList<QDBusObjectPath> &items);
    void readSecrets();
    void fail(const QString &message);
    void finish();
    void closeSession();

    QString m_service;
    QString m_namespace;
    QList<SecretKind> m_kinds;
    QList<QUuid> m_accounts; // empty: every account of the namespace
    int m_expectedEntries = 0;
    QTimer m_timeout;
    Done m_done;
    std::unique_ptr<Crypto> m_crypto;
    QDBusObjectPath m_session;
    // Item paths of our entries, with the account and kind each holds.
    struct Item
    {
        QDBusObjectPath path;
        QUuid account;
        SecretKind kind;
    };
    QList<Item> m_items;
    int m_attributesPending = 0;
    int m_searchesPending = 0;
    bool m_finished = false;
    SecretBatch m_batch;
};
