#include "providers/sevengprovider.h"

#include "base/clock.h"
#include "network/networkpolicy.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

const auto LoginPath = u"/User/Login"_s;
const auto RefreshPath = u"/User/RefreshToken"_s;
const auto HealthPath = u"/Common/HealthCheck"_s;

// 7G locks a user after three failed sign-ins; the wording of that reply is
// undocumented, so look for the idea rather than one phrase.
bool mentionsLockout(int status, const QString &message)
{
    static const QRegularExpression lock(
        u"\\block(ed|out|ed out)?\\b|\\bblocked\\b|"
        "too many (failed |unsuccessful )?(log ?ins?|sign[- ]?ins?|attempts)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return status == 423 || lock.match(message).hasMatch();
}

bool mentionsCredentials(const QString &message)
{
    static const QRegularExpression credentials(u"password|user ?name|credential|invalid (log ?in|user)|"
                                                "log ?in failed|incorrect|does not match|unauthori[sz]ed|"
                                                "authentication failed"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    return credentials.match(message).hasMatch();
}

} // namespace

QNetworkRequest SevenGProvider::jsonRequest(const QUrl &url) const
{
    QNetworkRequest request = m_network->request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Version", "2.0");
    return request;
}

QList<QPair<QString, QString>> SevenGProvider::requestHeaders(const QString &accessToken) const
{
    return { { u"Authorization"_s, authorizationValue(accessToken) },
             { u"Content-Type"_s, u"application/json"_s },
             { u"Version"_s, u"2.0"_s } };
}

AuthReply *SevenGProvider::signIn(const Account &account, const QString &secret)
{
    if (AuthReply *refused
        = ReplyParsing::refusedSignIn(account, secret, tr("No user name is set for this account."),
                                      tr("No password is stored for this account.")))
        return refused;

    const QJsonObject body { { u"username"_s, account.login }, { u"password"_s, secret } };
    return postForTokens(Call::SignIn, account, LoginPath, QJsonDocument(body).toJson(QJsonDocument::Compact),
                         {}, { secret }, {});
}

AuthReply *SevenGProvider::refresh(const Account &account, const TokenSet &current)
{
    if (const Status url = NetworkPolicy::validateBaseUrl(account.baseUrl); !url)
        return ReplyParsing::failedReply(AuthError::Kind::Config, url.error());
    if (!ReplyParsing::isAcceptableToken(current.refreshToken))
        return ReplyParsing::failedReply(
            AuthError::Kind::RefreshRejected,
            tr("No usable refresh token is stored for this account; a full sign-in is needed."));

    const QJsonObject body { { u"refreshToken"_s, current.refreshToken } };
    // Some 7G deployments want the current, possibly expired, access token
    // too; a token unfit for a header is left out rather than sent.
    const QByteArray authorization = ReplyParsing::isAcceptableToken(current.accessToken)
        ? current.accessToken.toLatin1()
        : QByteArray();
    return postForTokens(Call::Refresh, account, RefreshPath,
                         QJsonDocument(body).toJson(QJsonDocument::Compact), authorization,
                         { current.refreshToken, current.accessToken }, current);
}

AuthReply *SevenGProvider::postForTokens(Call call, const Account &account, const QString &path,
                                         const QByteArray &body, const QByteArray &authorization,
                                         const QStringList &secrets, const TokenSet &current)
{
    QNetworkRequest request = jsonRequest(NetworkPolicy::endpoint(account.baseUrl, path));
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);

    const QDateTime sentAt = m_clock->now();
    return ReplyParsing::track(m_network->postOnce(request, body), this, secrets,
                               [this, call, account, current, sentAt](const HttpResponse &r) {
                                   return interpretTokens(call, account, r, current, sentAt, m_clock->now());
                               });
}

ReplyParsing::Outcome SevenGProvider::interpretTokens(Call call, const Account &account,
                                                      const HttpResponse &response, const TokenSet &current,
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
    const QString message = json ? ReplyParsing::serverMessage(*json) : QString();
    const bool refused = json && json->value(u"result"_s).isBool() && !json->value(u"result"_s).toBool();

    // Before anything else: a lockout must never look like a reason to retry.
    if (call == Call::SignIn && (status >= 400 || refused) && mentionsLockout(status, message)) {
        out.error = ReplyParsing::statusError(
            response, Kind::Credentials,
            tr("The user is locked out after too many failed sign-ins. Wait at least ten minutes before "
               "signing in again; TokenTray will not retry on its own."),
            message, now);
        return out;
    }

    if (status >= 200 && status < 300) {
        if (!json) {
            out.error = ReplyParsing::statusError(
                response, Kind::Protocol, tr("The reply to the sign-in was not understood."), {}, now);
            return out;
        }
        // The envelope other 7G endpoints use: HTTP 200 with "result": false.
        if (refused) {
            out.error = call == Call::SignIn
                ? ReplyParsing::statusError(response, Kind::Credentials,
                                            tr("The service refused the sign-in."), message, now)
                : ReplyParsing::statusError(
                    response, Kind::RefreshRejected,
                    tr("The service refused the refresh token; a full sign-in is needed."), message, now);
            return out;
        }
        QJsonObject source = *json;
        if (!source.contains(u"accessToken"_s) && source.value(u"data"_s).isObject())
            source = source.value(u"data"_s).toObject();

        const auto access = ReplyParsing::stringField(source, u"accessToken"_s);
        if (!access.present()) {
            out.error = ReplyParsing::tokenFieldError(response, u"accessToken"_s, access);
            return out;
        }
        const auto refreshField = ReplyParsing::stringField(source, u"refreshToken"_s);
        if (refreshField.state == ReplyParsing::FieldState::NotString) {
            out.error = ReplyParsing::tokenFieldError(response, u"refreshToken"_s, refreshField);
            return out;
        }
        // Rotation: a new refresh token replaces the old; none keeps the old.
        const QString refreshToken = refreshField.present() ? refreshField.value : current.refreshToken;
        const auto tokens = ReplyParsing::makeTokenSet(response.url, access.value, refreshToken, sentAt,
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

    if (call == Call::SignIn) {
        if (status == 401 || status == 403 || (status == 400 && mentionsCredentials(message))) {
            out.error = ReplyParsing::statusError(
                response, Kind::Credentials, tr("The user name or password was not accepted."), message, now);
            return out;
        }
        if (status == 400) {
            out.error = ReplyParsing::statusError(
                response, Kind::Protocol, tr("The service refused the sign-in request."), message, now);
            return out;
        }
    } else if (status == 400 || status == 401 || status == 403) {
        out.error = ReplyParsing::statusError(
            response, Kind::RefreshRejected,
            tr("The refresh token was not accepted; a full sign-in is needed."), message, now);
        return out;
    }
    out.error = ReplyParsing::unexpectedStatus(response, message, now);
    return out;
}

AuthReply *SevenGProvider::checkService(const Account &account, const QString &accessToken)
{
    Q_UNUSED(accessToken) // the health check is anonymous
    if (const Status url = NetworkPolicy::validateBaseUrl(account.baseUrl); !url)
        return ReplyParsing::failedReply(AuthError::Kind::Config, url.error());

    QNetworkRequest request = m_network->request(NetworkPolicy::endpoint(account.baseUrl, HealthPath));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Version", "2.0");

    return ReplyParsing::track(m_network->manager()->get(request), this, {},
                               [this](const HttpResponse &r) { return interpretHealth(r, m_clock->now()); });
}

ReplyParsing::Outcome SevenGProvider::interpretHealth(const HttpResponse &response, const QDateTime &now)
{
    ReplyParsing::Outcome out;
    if (const auto failure = ReplyParsing::transportError(response)) {
        out.error = *failure;
        return out;
    }
    const auto json = ReplyParsing::jsonObject(response.body);
    const QString message = json ? ReplyParsing::serverMessage(*json) : QString();
    if (response.status < 200 || response.status >= 300) {
        out.error = ReplyParsing::unexpectedStatus(response, message, now);
        return out;
    }
    if (json && json->value(u"result"_s).isBool() && !json->value(u"result"_s).toBool()) {
        out.error = ReplyParsing::statusError(response, AuthError::Kind::Transient,
                                              tr("The service reports a problem."), message, now);
        return out;
    }
    // The body is undocumented: show a short status text when there is one.
    QString detail = message;
    if (detail.isEmpty() && json) {
        const auto status = ReplyParsing::stringField(*json, u"status"_s);
        if (status.present())
            detail = ReplyParsing::sanitize(status.value, 60);
    }
    if (detail.isEmpty() && !json)
        detail = ReplyParsing::sanitize(ReplyParsing::snippet(response.body), 60);
    out.summary = detail.isEmpty() ? tr("Service healthy") : tr("Service healthy: %1").arg(detail);
    return out;
}
