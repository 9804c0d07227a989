#pragma once

#include "providers/replyparsing.h"
#include "providers/tokenprovider.h"

// The 7G Registry Platform: JSON sign-in with user name and password,
// refresh-token rotation, the raw access token in Authorization.
class SevenGProvider : public TokenProvider
{
    Q_OBJECT
public:
    using TokenProvider::TokenProvider;

    Provider kind() const override { return Provider::SevenG; }
    SecretKind credentialKind() const override { return SecretKind::Password; }

    AuthReply *signIn(const Account &account, const QString &secret) override;
    bool canRefresh() const override { return true; }
    AuthReply *refresh(const Account &account, const TokenSet &current) override;
    AuthReply *checkService(const Account &account, const QString &accessToken) override;

    QString authorizationValue(const QString &accessToken) const override { return accessToken; }
    QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const override;

    // What a reply says, as pure functions of the response and the clock's
    // time when it arrived (now), so that they can be tested and fuzzed
    // without a network. sentAt: when the request went out.
    enum class Call { SignIn, Refresh };
    static ReplyParsing::Outcome interpretTokens(Call call, const Account &account,
                                                 const HttpResponse &response, const TokenSet &current,
                                                 const QDateTime &sentAt, const QDateTime &now);
    // A refused sign-in, told apart as far as the reply allows (AuthError::Reason).
    static AuthError rejection(const HttpResponse &response, const QString &message, const QDateTime &now);
    static ReplyParsing::Outcome interpretHealth(const HttpResponse &response, const QDateTime &now);

private:
    QNetworkRequest jsonRequest(const QUrl &url) const;
    AuthReply *postForTokens(Call call, const Account &account, const QString &path, const QByteArray &body,
                             const QByteArray &authorization, const QStringList &secrets,
                             const TokenSet &current);
};
