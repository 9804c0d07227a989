#pragma once

#include "accounts/account.h"
#include "base/result.h"
#include "secrets/secretstore.h"

#include <QObject>

#include <functional>
#include <optional>

class AuthReply;
class SessionManager;
class TokenSession;

// Adds, edits and removes accounts together with their secrets, and does
// what the account dialog and the command line need besides a token: read
// the stored credential, test a sign-in, check a service. Keeps the
// accounts file, the keychain and SessionManager's sessions in step.
class AccountService : public QObject
{
    Q_OBJECT
public:
    using StatusCallback = std::function<void(const Status &)>;

    explicit AccountService(SessionManager *sessions);

    // Adds the account and stores its credential (password or client secret).
    void addAccount(const Account &account, const QString &secret, QObject *context, StatusCallback done);
    // Adds these accounts, without credentials, in one write of the accounts
    // file: all or none. They ask for a password or client secret when used.
    Status importAccounts(const QList<Account> &accounts);
    // Updates the account; a non-empty newSecret replaces the stored credential.
    void updateAccount(const Account &account, const std::optional<QString> &newSecret, QObject *context,
                       StatusCallback done);
    // Removes the account and all its secret store entries. Refused (nothing
    // changes) while the keychain is unavailable.
    void removeAccount(const QUuid &id, QObject *context, StatusCallback done);

    // Reads the stored credential of an account (for an explicit "reveal").
    void readCredential(const QUuid &id, QObject *context, SecretStore::Callback done);

    // Signs in with the given account and secret without storing anything
    // (the dialog's "Test sign-in"). The caller owns the reply.
    AuthReply *testSignIn(const Account &account, const QString &secret);

    // Checks the account's service (7G health check, D7 balance). Caller owns the reply.
    AuthReply *checkService(const QUuid &id);

    // Credential writes and removals of this service still in flight.
    int pendingWrites() const { return m_writes; }

private:
    // Writes the account's credential, then hands the account's session (if
    // it still has one) and the result to `then`, and answers the caller:
    // success, or `failure` with the keychain's message as %1.
    void storeCredential(const Account &account, const QString &secret, QObject *context, StatusCallback done,
                         const QString &failure,
                         std::function<void(TokenSession *, const SecretResult &)> then);
    bool keychainUnavailable() const;

    SessionManager *m_sessions;
    int m_writes = 0;
};
