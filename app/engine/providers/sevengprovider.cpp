#include "providers/sevengprovider.h"

#include "base/clock.h"
#include "network/networkpolicy.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const auto LoginPath = u"/User/Login"_s;
const auto RefreshPath = u"/User/RefreshToken"_s;
const auto HealthPath = u"/Common/HealthCheck"_s;

// 7G locks a user after three failed sign-ins; the wording of that reply,
// like that of every other refusal, is undocumented (the API notes say only
// "401, body may be empty, JSON or HTML"), so look for the idea rather than
// one phrase.
bool mentionsLockout(int status, const QString &message)
{
    static const QRegularExpression lock(
        u"\\block(ed|out|ed out)?\\b|\\bblocked\\b|"
        "too many (failed |unsuccessful )?(log ?ins?|sign[- ]?ins?|attempts)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return status == 423 || lock.match(message).hasMatch();
}

// An allow-list of addresses per user is a common 7G setting; how a refusal
// for it is worded is not documented.
bool mentionsAddress(const QString &message)
{
    static const QRegularExpression address(
        u"allow[- ]?list|white[- ]?list|\\bip\\b|ip address|ip restrict|"
        "(from|for) (this|your) (address|location|network)|address (is )?not (allowed|permitted)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return address.match(message).hasMatch();
}

bool mentionsDisabled(const QString &message)
{
    static const QRegularExpression disabled(
        u"disabled|deactivated|inactive|suspended|not active|no longer active"_s,
        QRegularExpression::CaseInsensitiveOption);
    return disabled.match(message).hasMatch();
}

bool mentionsCredentials(const QString &message)
{
    static const QRegularExpression credentials(u"password|user ?name|credential|invalid (log ?in|user)|"
                                                "log ?in failed|incorrect|does not match|unauthori[sz]ed|"
                                                "authentication failed"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    return credentials.match(message).hasMatch();
}

// "try again in 7 minutes", "locked for 90 seconds": the time left of a
// lock, when the reply's message says it. nullopt when it does not.
std::optional<int> lockSecondsInMessage(const QString &message)
{
    static const QRegularExpression left(
        u"\\b(?:in|for|after)\\s+(\\d{1,5})\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|h)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto m = left.match(message);
    if (!m.hasMatch())
        return std::nullopt;
    const int n = m.captured(1).toInt();
    const QChar unit = m.captured(2).at(0).toLower();
    const int seconds = unit == u'h' ? n * 3600 : unit == u'm' ? n * 60 : n;
    return std::min(seconds, ReplyParsing::MaxRetryAfterSeconds);
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
    if (call == Call::SignIn && (status >= 400 || refused)
        && (mentionsLockout(status, message) || mentionsAddress(message) || mentionsDisabled(message))) {
        out.error = rejection(response, message, now);
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
                ? rejection(response, message, now)
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
            out.error = rejection(response, message, now);
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

AuthError SevenGProvider::rejection(const HttpResponse &response, const QString &message,
                                    const QDateTime &now)
{
    using Reason = AuthError::Reason;
    const int status = response.status;
    Reason reason = Reason::Unknown;
    QString lead;
    std::optional<int> lockSeconds;
    if (mentionsLockout(status, message)) {
        reason = Reason::Locked;
        // The reply may say how long the lock lasts, in Retry-After or in its
        // message; neither is documented. Without it the session works the
        // time out from the failures it remembers.
        lockSeconds = ReplyParsing::retryAfterSeconds(response.header("Retry-After"), now);
        if (!lockSeconds)
            lockSeconds = lockSecondsInMessage(message);
        lead = tr("Too many failed sign-ins locked the user out. Wait until the lock ends before signing in "
                  "again; TokenTray does not try before then.");
    } else if (mentionsAddress(message)) {
        reason = Reason::AddressNotAllowed;
        lead = tr("The service refused the sign-in from this computer's network address, which is not on "
                  "the user's allow-list. Connect through the VPN, or ask the administrator to add the "
                  "address to the allow-list.");
    } else if (mentionsDisabled(message)) {
        reason = Reason::Disabled;
        lead = tr("The user account is disabled. Ask the administrator of the 7G account to enable it.");
    } else if (mentionsCredentials(message) || (status == 401 && message.isEmpty())) {
        // A bare 401 is what the API notes document for a wrong password.
        reason = Reason::WrongCredentials;
        lead = tr("The user name or password was not accepted. Fix the password (or the user name) and try "
                  "again; TokenTray does not retry on its own.");
    } else {
        lead = tr("The service refused the sign-in and did not say why. Check the user name and password; "
                  "if they are right, ask the administrator of the 7G account.");
    }
    AuthError e = ReplyParsing::statusError(response, AuthError::Kind::Credentials, lead, message, now);
    e.reason = reason;
    e.lockSeconds = lockSeconds;
    return e;
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
