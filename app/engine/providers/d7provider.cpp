#include "providers/d7provider.h"

#include "base/clock.h"
#include "network/networkpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const auto LoginPath = u"/auth/v1/login/application"_s;
const auto BalancePath = u"/messages/v1/balance"_s;

QString jsonScalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

// multipart/form-data written out here rather than with QHttpMultiPart, so
// that the body goes through NetworkPolicy::postOnce like every other
// sign-in. The boundary is random and never occurs in a value.
QByteArray multipartBody(const QList<QPair<QByteArray, QByteArray>> &fields, QByteArray *boundary)
{
    const auto occursIn = [&fields](const QByteArray &b) {
        return std::any_of(fields.cbegin(), fields.cend(),
                           [&b](const auto &f) { return f.second.contains(b); });
    };
    do {
        *boundary = "tokentray-" + QByteArray::number(QRandomGenerator::system()->generate64(), 36)
            + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
    } while (occursIn(*boundary));
    QByteArray body;
    for (const auto &[name, value] : fields)
        body += "--" + *boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
            + "\r\n";
    body += "--" + *boundary + "--\r\n";
    return body;
}

} // namespace

QString D7Provider::authorizationValue(const QString &accessToken) const
{
    return u"Bearer "_s + accessToken;
}

QList<QPair<QString, QString>> D7Provider::requestHeaders(const QString &accessToken) const
{
    return { { u"Authorization"_s, authorizationValue(accessToken) },
             { u"Accept"_s, u"application/json"_s } };
}

QString D7Provider::detailMessage(const QJsonObject &reply)
{
    const QJsonValue detail = reply.value(u"detail"_s);
    QString message;
    if (detail.isString()) {
        message = detail.toString();
    } else if (detail.isObject()) {
        const QJsonObject o = detail.toObject();
        const QString text = jsonScalarText(o.value(u"message"_s)).trimmed();
        const QString code = jsonScalarText(o.value(u"code"_s)).trimmed();
        if (!text.isEmpty() && !code.isEmpty())
            message = tr("%1 (%2)").arg(text, code);
        else
            message = text.isEmpty() ? code : text;
    } else if (detail.isArray()) {
        // FastAPI-style validation errors: say which field and what is wrong.
        QStringList parts;
        const QJsonArray items = detail.toArray();
        for (const QJsonValue &item : items) {
            if (parts.size() >= 10)
                break;
            if (item.isString()) {
                parts += item.toString();
                continue;
            }
            const QJsonObject o = item.toObject();
            QStringList location;
            const QJsonArray loc = o.value(u"loc"_s).toArray();
            for (const QJsonValue &l : loc) {
                const QString piece = jsonScalarText(l);
                if (!piece.isEmpty())
                    location += piece;
            }
            // "body" only says where the field was looked for.
            if (location.size() > 1 && location.first() == u"body")
                location.removeFirst();
            const QString msg = jsonScalarText(o.value(u"msg"_s));
            if (msg.isEmpty())
                continue;
            parts += location.isEmpty() ? msg : tr("%1: %2").arg(location.join(u'.'), msg);
        }
        message = parts.join(u"; "_s);
    }
    message = ReplyParsing::sanitize(message, ReplyParsing::MaxServerMessageLength);
    return message.isEmpty() ? ReplyParsing::serverMessage(reply) : message;
}

AuthReply *D7Provider::signIn(const Account &account, const QString &secret)
{
    if (AuthReply *refused
        = ReplyParsing::refusedSignIn(account, secret, tr("No client id is set for this application."),
                                      tr("No client secret is stored for this application.")))
        return refused;

    QNetworkRequest request = m_network->request(NetworkPolicy::endpoint(account.baseUrl, LoginPath));
    request.setRawHeader("Accept", "application/json");

    QByteArray body;
    if (m_encoding == FormEncoding::Multipart) {
        QByteArray boundary;
        body = multipartBody(
            { { "client_id", account.login.toUtf8() }, { "client_secret", secret.toUtf8() } }, &boundary);
        request.setRawHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
    } else {
        // Every byte outside the unreserved set is escaped, '+' and '&' included.
        body = "client_id=" + QUrl::toPercentEncoding(account.login)
            + "&client_secret=" + QUrl::toPercentEncoding(secret);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    }
    const QDateTime sentAt = m_clock->now();
    return ReplyParsing::track(m_network->postOnce(request, body), this, { secret },
                               [this, account, sentAt](const HttpResponse &r) {
                                   return interpretSignIn(account, r, sentAt, m_clock->now());
                               });
}

ReplyParsing::Outcome D7Provider::interpretSignIn(const Account &account, const HttpResponse &response,
                                                  const QDateTime &sentAt, const QDateTime &now)
{
    using Kind = AuthError::Kind;
    ReplyParsing::Outcome out;
    if (const auto failure = ReplyParsing::transportError(response)) {
        out.error = *failure;
        return out;
    }
    const int status = response.status;
    const auto json = ReplyParsing::jsonObject(response.body);
    const QString message = json ? detailMessage(*json) : QString();

    if (status >= 200 && status < 300) {
        if (!json) {
            out.error = ReplyParsing::statusError(
                response, Kind::Protocol, tr("The reply to the sign-in was not understood."), {}, now);
            return out;
        }
        const auto access = ReplyParsing::stringField(*json, u"access_token"_s);
        if (!access.present()) {
            out.error = ReplyParsing::tokenFieldError(response, u"access_token"_s, access);
            return out;
        }
        const auto type = ReplyParsing::stringField(*json, u"token_type"_s);
        if (type.state == ReplyParsing::FieldState::NotString
            || (type.present() && type.value.compare(u"bearer"_s, Qt::CaseInsensitive) != 0)) {
            out.error.kind = Kind::Protocol;
            out.error.httpStatus = status;
            out.error.message
                = tr("The reply from %1 has a token of an unsupported type (\"token_type\" is not "
                     "\"bearer\").")
                      .arg(ReplyParsing::origin(response.url));
            return out;
        }
        const auto tokens = ReplyParsing::makeTokenSet(response.url, access.value, {}, sentAt,
                                                       account.fallbackLifetimeSeconds);
        if (!tokens) {
            out.error.kind = Kind::Protocol;
            out.error.httpStatus = status;
            out.error.message = tokens.error();
            return out;
        }
        out.tokens = tokens.value();
        return out;
    }

    const QString code = json && json->value(u"detail"_s).isObject()
        ? json->value(u"detail"_s).toObject().value(u"code"_s).toString()
        : QString();
    const bool expired = code == u"ACCESS_TOKEN_EXPIRED";
    switch (status) {
    case 401:
        if (expired) {
            out.error = tokenExpired(response, message, now);
            return out;
        }
        out.error = ReplyParsing::statusError(
            response, Kind::Credentials,
            tr("The client secret was not accepted. Copy it again from the D7 Control Panel and save it; "
               "TokenTray does not retry on its own."),
            message, now);
        out.error.reason = AuthError::Reason::SecretRejected;
        return out;
    case 403:
        out.error = ReplyParsing::statusError(
            response, Kind::Credentials,
            tr("The application is not allowed to sign in. Check it in the D7 Control Panel."), message, now);
        out.error.reason = AuthError::Reason::SecretRejected;
        return out;
    case 404:
        // D7 answers an unknown client id with 404 and a JSON detail; a bare
        // 404 page means the address is wrong instead.
        if (!message.isEmpty() || code == u"APPLICATION_NOT_EXISTS") {
            out.error = ReplyParsing::statusError(
                response, Kind::Credentials,
                tr("The service does not know this client id: the application does not exist. Check the "
                   "client id in the D7 Control Panel."),
                message, now);
            out.error.reason = AuthError::Reason::ApplicationMissing;
            return out;
        }
        break;
    case 422:
        out.error = ReplyParsing::statusError(response, Kind::Config,
                                              tr("The service rejected the sign-in request as incomplete or "
                                                 "invalid."),
                                              message, now);
        return out;
    case 402:
        out.error = ReplyParsing::statusError(response, Kind::Config,
                                              tr("The D7 account has insufficient credit."), message, now);
        return out;
    default:
        break;
    }
    out.error = ReplyParsing::unexpectedStatus(response, message, now);
    return out;
}

AuthError D7Provider::tokenExpired(const HttpResponse &response, const QString &message, const QDateTime &now)
{
    AuthError e = ReplyParsing::statusError(
        response, AuthError::Kind::Credentials,
        tr("The access token has expired. Sign in again, or for a token pasted from the D7 Control Panel, "
           "create a new one there and save it."),
        message, now);
    e.reason = AuthError::Reason::TokenExpired;
    return e;
}

AuthReply *D7Provider::refresh(const Account &account, const TokenSet &current)
{
    Q_UNUSED(account)
    Q_UNUSED(current)
    return ReplyParsing::failedReply(AuthError::Kind::Config,
                                     tr("D7 tokens cannot be refreshed; a new sign-in is needed instead."));
}

AuthReply *D7Provider::checkService(const Account &account, const QString &accessToken)
{
    if (const Status url = NetworkPolicy::validateBaseUrl(account.baseUrl); !url)
        return ReplyParsing::failedReply(AuthError::Kind::Config, url.error());
    if (!ReplyParsing::isAcceptableToken(accessToken))
        return ReplyParsing::failedReply(AuthError::Kind::Config,
                                         tr("There is no valid access token to check the service with."));

    QNetworkRequest request = m_network->request(NetworkPolicy::endpoint(account.baseUrl, BalancePath));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", authorizationValue(accessToken).toLatin1());

    return ReplyParsing::track(m_network->manager()->get(request), this, { accessToken },
                               [this](const HttpResponse &r) { return interpretBalance(r, m_clock->now()); });
}

ReplyParsing::Outcome D7Provider::interpretBalance(const HttpResponse &response, const QDateTime &now)
{
    using Kind = AuthError::Kind;
    ReplyParsing::Outcome out;
    if (const auto failure = ReplyParsing::transportError(response)) {
        out.error = *failure;
        return out;
    }
    const auto json = ReplyParsing::jsonObject(response.body);
    const QString message = json ? detailMessage(*json) : QString();

    if (response.status >= 200 && response.status < 300) {
        if (!json) {
            out.error = ReplyParsing::statusError(response, Kind::Protocol,
                                                  tr("The balance reply was not understood."), {}, now);
            return out;
        }
        QJsonValue balance = json->value(u"balance"_s);
        QString currency = json->value(u"currency"_s).toString();
        if (balance.isObject()) {
            const QJsonObject o = balance.toObject();
            currency = o.value(u"currency"_s).toString(currency);
            balance = o.contains(u"amount"_s) ? o.value(u"amount"_s) : o.value(u"balance"_s);
        }
        const QString amount = ReplyParsing::sanitize(jsonScalarText(balance), 40);
        if (amount.isEmpty() || balance.isBool()) {
            out.error.kind = Kind::Protocol;
            out.error.httpStatus = response.status;
            out.error.message
                = tr("The balance reply from %1 has no balance.").arg(ReplyParsing::origin(response.url));
            return out;
        }
        currency = ReplyParsing::sanitize(currency, 12);
        out.summary
            = currency.isEmpty() ? tr("Balance: %1").arg(amount) : tr("Balance: %1 %2").arg(amount, currency);
        return out;
    }
    const QString code = json && json->value(u"detail"_s).isObject()
        ? json->value(u"detail"_s).toObject().value(u"code"_s).toString()
        : QString();
    switch (response.status) {
    case 401:
    case 403:
        if (code == u"ACCESS_TOKEN_EXPIRED") {
            out.error = tokenExpired(response, message, now);
            return out;
        }
        out.error = ReplyParsing::statusError(response, Kind::Credentials,
                                              tr("The access token was not accepted."), message, now);
        return out;
    case 402:
        out.error = ReplyParsing::statusError(response, Kind::Config,
                                              tr("The D7 account has insufficient credit."), message, now);
        return out;
    default:
        break;
    }
    out.error = ReplyParsing::unexpectedStatus(response, message, now);
    return out;
}
