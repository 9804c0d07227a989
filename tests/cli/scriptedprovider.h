#pragma once

#include "providers/tokenprovider.h"

#include <QList>

// A TokenProvider that answers sign-ins from a script, without a network:
// each sign-in takes the next outcome (the last one repeats). Tokens are
// JWT-shaped with an "exp" claim, valid for `lifetimeSeconds` from the clock.
class ScriptedProvider : public TokenProvider
{
    Q_OBJECT
public:
    ScriptedProvider(Provider kind, const Clock *clock, QObject *parent = nullptr);

    void setOutcomes(QList<AuthError::Kind> outcomes) { m_outcomes = std::move(outcomes); }
    void setLifetime(int seconds) { m_lifetimeSeconds = seconds; }
    int signIns() const { return m_signIns; }
    QString lastSecret() const { return m_lastSecret; }

    Provider kind() const override { return m_kind; }
    SecretKind credentialKind() const override;
    AuthReply *signIn(const Account &account, const QString &secret) override;
    bool canRefresh() const override { return false; }
    AuthReply *refresh(const Account &account, const TokenSet &current) override;
    AuthReply *checkService(const Account &account, const QString &accessToken) override;
    QString authorizationValue(const QString &accessToken) const override;
    QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const override;

    // A JWT-shaped token with these claims (unsigned).
    static QString makeToken(const QJsonObject &claims);

private:
    Provider m_kind;
    QList<AuthError::Kind> m_outcomes { AuthError::Kind::None };
    int m_lifetimeSeconds = 1200;
    int m_signIns = 0;
    QString m_lastSecret;
};
