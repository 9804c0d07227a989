#pragma once

#include "providers/replyparsing.h"
#include "providers/tokenprovider.h"

// D7 Networks: an application signs in with its client id and secret as form
// data and gets a bearer token. There is no refresh: renewal is a new sign-in.
class D7Provider : public TokenProvider
{
    Q_OBJECT
public:
    // The service documents multipart/form-data and also accepts URL-encoded forms.
    enum class FormEncoding { UrlEncoded, Multipart };

    using TokenProvider::TokenProvider;

    void setFormEncoding(FormEncoding encoding) { m_encoding = encoding; }
    FormEncoding formEncoding() const { return m_encoding; }

    Provider kind() const override { return Provider::D7; }
    SecretKind credentialKind() const override { return SecretKind::ClientSecret; }

    AuthReply *signIn(const Account &account, const QString &secret) override;
    bool canRefresh() const override { return false; }
    AuthReply *refresh(const Account &account, const TokenSet &current) override;
    AuthReply *checkService(const Account &account, const QString &accessToken) override;

    QString authorizationValue(const QString &accessToken) const override;
    QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const override;

    // D7's "detail" as a readable sentence, whether it is an object
    // {code, message}, a string or a list of {loc, msg, type}; falls back to
    // the generic message fields. Sanitised; empty when there is none.
    static QString detailMessage(const QJsonObject &reply);

    // What a reply says, as pure functions of the response and the clock's
    // time when it arrived (now), so that they can be tested and fuzzed
    // without a network. sentAt: when the request went out.
    static ReplyParsing::Outcome interpretSignIn(const Account &account, const HttpResponse &response,
                                                 const QDateTime &sentAt, const QDateTime &now);
    // The 401 ACCESS_TOKEN_EXPIRED answer, on a sign-in or a service check.
    static AuthError tokenExpired(const HttpResponse &response, const QString &message, const QDateTime &now);
    static ReplyParsing::Outcome interpretBalance(const HttpResponse &response, const QDateTime &now);

private:
    FormEncoding m_encoding = FormEncoding::UrlEncoded;
};
