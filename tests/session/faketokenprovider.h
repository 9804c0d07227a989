#pragma once

#include "providers/tokenprovider.h"

#include <QList>
#include <QPointer>

// A scriptable TokenProvider for the session tests: every sign-in or refresh
// is recorded and answered later, from the event loop, with the next scripted
// outcome (a fresh token pair by default). In manual mode the replies wait
// until the test finishes them.
class FakeTokenProvider : public TokenProvider
{
    Q_OBJECT
public:
    struct Outcome
    {
        AuthError error; // None: success
        int lifetimeSeconds = -1; // -1: defaultLifetime()
        bool omitRefreshToken = false; // a refresh reply without a new refresh token
    };

    struct Call
    {
        enum Kind { SignIn, Refresh } kind;
        QString secret; // the password / client secret (sign-in only)
        TokenSet current; // the tokens sent along (refresh only)
        QPointer<AuthReply> reply;
    };

    FakeTokenProvider(Provider kind, const Clock *clock, QObject *parent = nullptr);

    Provider kind() const override { return m_kind; }
    SecretKind credentialKind() const override
    {
        return m_kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret;
    }
    AuthReply *signIn(const Account &account, const QString &secret) override;
    bool canRefresh() const override { return m_kind == Provider::SevenG; }
    AuthReply *refresh(const Account &account, const TokenSet &current) override;
    AuthReply *checkService(const Account &account, const QString &accessToken) override;
    QString authorizationValue(const QString &accessToken) const override;
    QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const override;

    void setDefaultLifetime(int seconds) { m_lifetime = seconds; }
    int defaultLifetime() const { return m_lifetime; }
    void script(const Outcome &outcome) { m_script.append(outcome); }
    void scriptError(AuthError::Kind kind, std::optional<int> retryAfter = std::nullopt);
    // Every request fails with this error until cleared (a network outage).
    void setPersistentError(std::optional<AuthError> error) { m_persistent = std::move(error); }
    void setManual(bool manual) { m_manual = manual; }
    // Manual mode: answers the oldest unanswered request with the next outcome.
    bool finishNext();

    const QList<Call> &calls() const { return m_calls; }
    int signInCount() const;
    int refreshCount() const;
    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }

private:
    AuthReply *start(Call call);
    void dropAborted();
    void finish(AuthReply *reply, const Call &call);

    Provider m_kind;
    int m_lifetime = 1200;
    bool m_manual = false;
    QList<Outcome> m_script;
    std::optional<AuthError> m_persistent;
    QList<Call> m_calls;
    QList<int> m_unanswered; // indexes into m_calls
    int m_serial = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
};
