#include "scriptedprovider.h"

#include "base/clock.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

ScriptedProvider::ScriptedProvider(Provider kind, const Clock *clock, QObject *parent)
    : TokenProvider(nullptr, clock, parent)
    , m_kind(kind)
{ }

SecretKind ScriptedProvider::credentialKind() const
{
    return m_kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret;
}

QString ScriptedProvider::makeToken(const QJsonObject &claims)
{
    const auto part = [](const QJsonObject &o) {
        return QString::fromLatin1(
            QJsonDocument(o)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return part({ { u"alg"_s, u"none"_s }, { u"typ"_s, u"JWT"_s } }) + u'.' + part(claims) + u".c2ln"_s;
}

AuthReply *ScriptedProvider::signIn(const Account &account, const QString &secret)
{
    const AuthError::Kind outcome = m_outcomes.value(m_signIns, m_outcomes.last());
    ++m_signIns;
    m_lastSecret = secret;
    auto *reply = new AuthReply;
    if (outcome != AuthError::Kind::None) {
        AuthError error;
        error.kind = outcome;
        error.httpStatus = outcome == AuthError::Kind::Credentials ? 401 : 503;
        error.message = outcome == AuthError::Kind::Credentials ? u"The service refused the password."_s
                                                                : u"The service is unavailable (HTTP 503)."_s;
        reply->finishWithError(error);
        return reply;
    }
    const QDateTime now = m_clock->now();
    TokenSet tokens;
    tokens.obtainedAt = now;
    tokens.expiresAt = now.addSecs(m_lifetimeSeconds);
    tokens.expiryFromToken = true;
    tokens.accessToken = makeToken({ { u"sub"_s, account.login },
                                     { u"exp"_s, tokens.expiresAt.toSecsSinceEpoch() },
                                     { u"n"_s, m_signIns } });
    reply->finishWithTokens(tokens);
    return reply;
}

AuthReply *ScriptedProvider::refresh(const Account &, const TokenSet &)
{
    return nullptr;
}

AuthReply *ScriptedProvider::checkService(const Account &, const QString &)
{
    auto *reply = new AuthReply;
    reply->finishWithSummary(u"fine"_s);
    return reply;
}

QString ScriptedProvider::authorizationValue(const QString &accessToken) const
{
    return m_kind == Provider::SevenG ? accessToken : u"Bearer "_s + accessToken;
}

QList<QPair<QString, QString>> ScriptedProvider::requestHeaders(const QString &accessToken) const
{
    QList<QPair<QString, QString>> headers { { u"Authorization"_s, authorizationValue(accessToken) } };
    if (m_kind == Provider::SevenG) {
        headers.append({ u"Content-Type"_s, u"application/json"_s });
        headers.append({ u"Version"_s, u"2.0"_s });
    }
    return headers;
}
