#pragma once

#include "accounts/account.h"
#include "providers/autherror.h"
#include "providers/tokenset.h"
#include "secrets/secretstore.h"

#include <QList>
#include <QObject>
#include <QPair>

class Clock;
class NetworkPolicy;

// One sign-in, refresh or service check in flight. finished() is emitted
// exactly once, asynchronously. The caller owns the reply (deleteLater() it
// in the finished handler); deleting it earlier aborts the request.
class AuthReply : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    const TokenSet &tokens() const { return m_tokens; }
    const AuthError &error() const { return m_error; }
    // For a service check: a short human summary ("Service healthy", "Balance: 12.50 EUR").
    const QString &summary() const { return m_summary; }

    // Used by providers (and by fakes in tests).
    void finishWithTokens(const TokenSet &tokens);
    void finishWithSummary(const QString &summary);
    void finishWithError(const AuthError &error);

Q_SIGNALS:
    void finished();

private:
    void finish();
    bool m_finished = false;
    TokenSet m_tokens;
    AuthError m_error;
    QString m_summary;
};

// A token service (7G or D7). Stateless apart from its dependencies: the
// session owns the tokens.
class TokenProvider : public QObject
{
    Q_OBJECT
public:
    TokenProvider(NetworkPolicy *network, const Clock *clock, QObject *parent = nullptr)
        : QObject(parent)
        , m_network(network)
        , m_clock(clock)
    { }

    virtual Provider kind() const = 0;

    // Which secret signs in: Password (7G) or ClientSecret (D7).
    virtual SecretKind credentialKind() const = 0;

    // A full login with the account's login name and secret.
    virtual AuthReply *signIn(const Account &account, const QString &secret) = 0;

    // 7G refresh with rotation. D7 has no refresh: canRefresh() is false and
    // refresh() must not be called.
    virtual bool canRefresh() const = 0;
    virtual AuthReply *refresh(const Account &account, const TokenSet &current) = 0;

    // Anonymous health check (7G /Common/HealthCheck) or, where the service
    // has none, an authenticated one with the given token (D7 balance).
    virtual AuthReply *checkService(const Account &account, const QString &accessToken) = 0;

    // The value of the Authorization header: the raw token for 7G,
    // "Bearer <token>" for D7.
    virtual QString authorizationValue(const QString &accessToken) const = 0;

    // Every header an API call needs (for "copy as curl"), Authorization first.
    virtual QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const = 0;

protected:
    NetworkPolicy *m_network;
    const Clock *m_clock;
};
