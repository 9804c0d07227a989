#include "providers/replyparsing.h"

#include "accounts/account.h"
#include "network/networkpolicy.h"
#include "providers/jwt.h"
#include "providers/replyreader.h"
#include "providers/tokenprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const auto HiddenMarker = u"[hidden]"_s;

// The spellings a secret may take in a reply that echoes the request.
QStringList secretVariants(const QString &secret)
{
    QStringList variants { secret };
    variants << QString::fromLatin1(QUrl::toPercentEncoding(secret));
    QString json = QString::fromUtf8(QJsonDocument(QJsonArray { secret }).toJson(QJsonDocument::Compact));
    json = json.mid(2, json.size() - 4); // strip [" and "]
    variants << json << secret.toHtmlEscaped();
    variants.removeDuplicates();
    variants.removeAll(QString());
    return variants;
}

QString stripTrailingPeriod(QString text)
{
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

QString decodeEntities(const QString &text)
{
    static const QRegularExpression numeric(u"&#(x?)([0-9a-fA-F]{1,6});"_s);
    QString out = text;
    out.replace(u"&nbsp;"_s, u" "_s)
        .replace(u"&lt;"_s, u"<"_s)
        .replace(u"&gt;"_s, u">"_s)
        .replace(u"&quot;"_s, u"\""_s)
        .replace(u"&apos;"_s, u"'"_s);
    QString result;
    qsizetype last = 0;
    auto it = numeric.globalMatch(out);
    while (it.hasNext()) {
        const auto m = it.next();
        bool ok = false;
        const uint code = m.captured(2).toUInt(&ok, m.captured(1).isEmpty() ? 10 : 16);
        result += QStringView(out).sliced(last, m.capturedStart() - last);
        if (ok && code >= 0x20 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF)) {
            const char32_t c = code;
            result += QString::fromUcs4(&c, 1);
        } else {
            result += u' ';
        }
        last = m.capturedEnd();
    }
    result += QStringView(out).sliced(last);
    return result.replace(u"&amp;"_s, u"&"_s);
}

// nullopt unless the body (after a UTF-8 byte order mark) is one JSON document.
std::optional<QJsonDocument> jsonDocument(const QByteArray &body)
{
    QByteArray data = body;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return std::nullopt;
    return document;
}

bool looksLikeHtml(const QString &text)
{
    static const QRegularExpression html(
        u"<\\s*(!doctype|html|head|body|title|h[1-6]|p|div|pre|center|hr|br)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return html.match(text).hasMatch();
}

std::optional<QDateTime> parseHttpDate(const QString &value)
{
    const QString s = value.simplified();
    const QLocale c = QLocale::c();
    // IMF-fixdate, then the obsolete asctime() form; RFC 2822 covers numeric zones.
    for (const QString &format : { u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s, u"ddd MMM d hh:mm:ss yyyy"_s }) {
        QDateTime t = c.toDateTime(s, format);
        if (t.isValid()) {
            t.setTimeSpec(Qt::UTC);
            return t;
        }
    }
    const QDateTime t = QDateTime::fromString(s, Qt::RFC2822Date);
    if (t.isValid())
        return t.toUTC();
    return std::nullopt;
}

} // namespace

QString ReplyParsing::origin(const QUrl &url)
{
    QUrl stripped = url;
    stripped.setUserInfo({});
    const QString authority = stripped.authority();
    return authority.isEmpty() ? tr("the service") : authority;
}

QString ReplyParsing::sanitize(const QString &text, qsizetype maxLength)
{
    QString out;
    out.reserve(std::min(text.size(), maxLength + 1));
    bool pendingSpace = false;
    for (const QChar ch : text) {
        const auto category = ch.category();
        const bool blank = ch.isSpace() || category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph
            || category == QChar::Other_Surrogate;
        if (blank) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out += u' ';
            pendingSpace = false;
        }
        out += ch;
        if (out.size() > maxLength)
            break;
    }
    if (out.size() > maxLength) {
        out.truncate(maxLength);
        out = out.trimmed() + u'…';
    }
    return out;
}

QString ReplyParsing::redact(QString text, const QStringList &secrets)
{
    QStringList all;
    for (const QString &s : secrets) {
        if (!s.isEmpty())
            all += secretVariants(s);
    }
    // Longest first, so that a secret containing another is hidden whole.
    std::sort(all.begin(), all.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &v : std::as_const(all))
        text.replace(v, HiddenMarker);
    return text;
}

QString ReplyParsing::snippet(const QByteArray &body)
{
    // Looking at the start is enough for 200 characters of text.
    QString text = QString::fromUtf8(body.left(64 * 1024));
    if (looksLikeHtml(text)) {
        static const QRegularExpression hidden(u"<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->"_s,
                                               QRegularExpression::CaseInsensitiveOption
                                                   | QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tag(u"<[^>]*>?"_s);
        text.replace(hidden, u" "_s);
        text.replace(tag, u" "_s);
        text = decodeEntities(text);
    }
    return sanitize(text, SnippetLength);
}

std::optional<QJsonObject> ReplyParsing::jsonObject(const QByteArray &body)
{
    const auto document = jsonDocument(body);
    if (!document || !document->isObject())
        return std::nullopt;
    return document->object();
}

ReplyParsing::StringField ReplyParsing::stringField(const QJsonObject &object, const QString &key)
{
    const auto it = object.constFind(key);
    if (it == object.constEnd())
        return { FieldState::Missing, {} };
    if (it->isNull())
        return { FieldState::Null, {} };
    if (!it->isString())
        return { FieldState::NotString, {} };
    const QString value = it->toString();
    if (value.isEmpty())
        return { FieldState::Empty, {} };
    return { FieldState::Present, value };
}

QString ReplyParsing::serverMessage(const QJsonObject &object)
{
    auto text = [&](const QString &key) {
        return object.value(key).isString() ? object.value(key).toString() : QString();
    };

    QString message;
    for (const QString &key : { u"message"_s, u"Message"_s, u"error_description"_s, u"errorMessage"_s }) {
        message = text(key);
        if (!message.trimmed().isEmpty())
            break;
    }
    if (message.trimmed().isEmpty()) {
        const QJsonValue error = object.value(u"error"_s);
        if (error.isString())
            message = error.toString();
        else if (error.isObject())
            message = error.toObject().value(u"message"_s).toString();
    }
    if (message.trimmed().isEmpty()) {
        // RFC 7807 problem details, as ASP.NET Core sends them.
        const QString title = text(u"title"_s);
        const QString detail = text(u"detail"_s);
        message = (title.isEmpty() || detail.isEmpty()) ? QString(title + detail)
                                                        : QString(title + u' ' + detail);
    }
    const QJsonValue errors = object.value(u"errors"_s);
    if (errors.isObject()) {
        QStringList parts;
        const QJsonObject map = errors.toObject();
        for (auto it = map.constBegin(); it != map.constEnd() && parts.size() < 10; ++it) {
            QStringList messages;
            if (it->isArray()) {
                const QJsonArray list = it->toArray();
                for (const QJsonValue &m : list) {
                    if (m.isString())
                        messages += m.toString();
                }
            } else if (it->isString()) {
                messages += it->toString();
            }
            if (!messages.isEmpty())
                parts += it.key() + u": "_s + messages.join(u' ');
        }
        if (!parts.isEmpty())
            message = message.trimmed().isEmpty() ? parts.join(u"; "_s)
                                                  : message.trimmed() + u' ' + parts.join(u"; "_s);
    }
    return sanitize(message, MaxServerMessageLength);
}

std::optional<int> ReplyParsing::retryAfterSeconds(const QByteArray &value, const QDateTime &now)
{
    const QString s = QString::fromLatin1(value).trimmed();
    if (s.isEmpty())
        return std::nullopt;
    static const QRegularExpression digits(u"^[0-9]+$"_s);
    if (digits.match(s).hasMatch()) {
        bool ok = false;
        const qlonglong seconds = s.toLongLong(&ok);
        if (!ok || seconds > MaxRetryAfterSeconds)
            return MaxRetryAfterSeconds;
        return int(seconds);
    }
    const auto date = parseHttpDate(s);
    if (!date)
        return std::nullopt;
    return int(std::clamp<qint64>(now.secsTo(*date), 0, MaxRetryAfterSeconds));
}

bool ReplyParsing::isTransientStatus(int status)
{
    switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
        return true;
    default:
        return false;
    }
}

std::optional<AuthError> ReplyParsing::transportError(const HttpResponse &response)
{
    const QString from = origin(response.url);
    AuthError e;
    e.httpStatus = response.status;

    if (response.tooLarge) {
        e.kind = isTransientStatus(response.status) ? AuthError::Kind::Transient : AuthError::Kind::Protocol;
        e.message = tr("The reply from %1 (HTTP %2) was larger than %3 KiB and was cut off.")
                        .arg(from)
                        .arg(response.status)
                        .arg(NetworkPolicy::MaxReplyBytes / 1024);
        return e;
    }

    using E = QNetworkReply::NetworkError;
    const bool redirected = response.status >= 300 && response.status < 400;
    if (response.error == E::InsecureRedirectError || response.error == E::TooManyRedirectsError
        || redirected) {
        const QUrl target = response.url.resolved(QUrl::fromEncoded(response.header("Location")));
        const QString where = target.isValid() && !target.host().isEmpty()
            ? QString(target.scheme() + u"://"_s + origin(target))
            : tr("another address");
        e.kind = AuthError::Kind::Config;
        e.message = tr("The service at %1 redirected the request to %2. Sign-in requests are not sent on to "
                       "another address; check the service address.")
                        .arg(from, where);
        return e;
    }

    if (response.error == E::SslHandshakeFailedError
        || (response.error != E::NoError && !response.sslErrors.isEmpty())) {
        QString details
            = response.sslErrors.isEmpty() ? response.errorString : response.sslErrors.join(u"; "_s);
        details = stripTrailingPeriod(sanitize(details, MaxServerMessageLength));
        e.kind = AuthError::Kind::Tls;
        e.message = tr("The secure connection to %1 failed: %2. If the service uses a private certificate "
                       "authority, choose its certificate file in the settings.")
                        .arg(from, details);
        return e;
    }

    const int code = int(response.error);
    // ContentReSendError: the connection closed after a one-shot body went
    // out (NetworkPolicy::postOnce), which Qt would otherwise have resent.
    const bool networkLevel = (code > 0 && code < 200) || response.error == E::ContentReSendError;
    if (networkLevel) {
        e.kind = AuthError::Kind::Transient;
        switch (response.error) {
        case E::TimeoutError:
        case E::OperationCanceledError: // what a transfer timeout looks like in Qt 6.4
            e.message = tr("The connection to %1 timed out.").arg(from);
            break;
        case E::ConnectionRefusedError:
            e.message = tr("The connection to %1 was refused; the service may be down.").arg(from);
            break;
        case E::RemoteHostClosedError:
        case E::ContentReSendError:
            e.message = tr("The connection to %1 was closed before the reply was complete.").arg(from);
            break;
        case E::HostNotFoundError:
            e.message = tr("The host %1 was not found. Check the service address and the network connection.")
                            .arg(response.url.host());
            break;
        case E::TemporaryNetworkFailureError:
        case E::NetworkSessionFailedError:
        case E::BackgroundRequestNotAllowedError:
            e.message = tr("The network is not available at the moment.");
            break;
        case E::ProxyAuthenticationRequiredError:
            e.kind = AuthError::Kind::Config;
            e.message = tr("The proxy server requires a password, which TokenTray does not support.");
            break;
        case E::ProxyConnectionRefusedError:
        case E::ProxyConnectionClosedError:
        case E::ProxyNotFoundError:
        case E::ProxyTimeoutError:
        case E::UnknownProxyError:
            e.message = response.proxy.isEmpty()
                ? tr("The proxy server failed: %1.")
                      .arg(stripTrailingPeriod(sanitize(response.errorString, MaxServerMessageLength)))
                : tr("The proxy server %1 failed: %2. Check the proxy in the settings, or the https_proxy "
                     "variable.")
                      .arg(response.proxy,
                           stripTrailingPeriod(sanitize(response.errorString, MaxServerMessageLength)));
            break;
        default:
            if (!response.proxy.isEmpty()) {
                e.message
                    = tr("The request to %1 through the proxy server %2 failed: %3.")
                          .arg(from, response.proxy,
                               stripTrailingPeriod(sanitize(response.errorString, MaxServerMessageLength)));
                break;
            }
            e.message
                = tr("The request to %1 failed: %2.")
                      .arg(from, stripTrailingPeriod(sanitize(response.errorString, MaxServerMessageLength)));
            break;
        }
        return e;
    }

    if (response.status <= 0) {
        // No status and no network error: not an HTTP answer at all.
        e.kind = response.error == E::NoError || code >= 300 ? AuthError::Kind::Protocol
                                                             : AuthError::Kind::Transient;
        const QString details = stripTrailingPeriod(sanitize(response.errorString, MaxServerMessageLength));
        e.message = details.isEmpty() ? tr("The service at %1 sent no HTTP answer.").arg(from)
                                      : tr("The request to %1 failed: %2.").arg(from, details);
        return e;
    }
    return std::nullopt;
}

QString ReplyParsing::statusDetail(const HttpResponse &response, const QString &serverMessage)
{
    const QString from = origin(response.url);
    // The quoted text ends the sentence: give it a full stop unless it has one.
    auto sentence = [](const QString &text) {
        static const QRegularExpression closed(u"[.!?…]$"_s);
        return closed.match(text).hasMatch() ? text : QString(text + u'.');
    };
    if (!serverMessage.isEmpty())
        return tr("HTTP %1 from %2: %3").arg(response.status).arg(from, sentence(serverMessage));
    const bool success = response.status >= 200 && response.status < 300;
    const QString text = snippet(response.body);
    if (text.isEmpty())
        return tr("HTTP %1 from %2 with an empty reply.").arg(response.status).arg(from);
    // A successful reply that is not HTML might be a bare token: never quote it.
    if (success && !looksLikeHtml(QString::fromUtf8(response.body.left(64 * 1024))))
        return tr("HTTP %1 from %2 with a reply that is not JSON (%n bytes).", nullptr,
                  int(response.body.size()))
            .arg(response.status)
            .arg(from);
    return tr("HTTP %1 from %2: %3").arg(response.status).arg(from, sentence(text));
}

AuthError ReplyParsing::statusError(const HttpResponse &response, AuthError::Kind kind, const QString &lead,
                                    const QString &serverMessage, const QDateTime &now)
{
    AuthError e;
    e.kind = kind;
    e.httpStatus = response.status;
    const QString detail = statusDetail(response, serverMessage);
    e.message = lead.isEmpty() ? detail : QString(lead + u' ' + detail);
    if (kind == AuthError::Kind::Transient)
        e.retryAfterSeconds = retryAfterSeconds(response.header("Retry-After"), now);
    return e;
}

AuthError ReplyParsing::unexpectedStatus(const HttpResponse &response, const QString &serverMessage,
                                         const QDateTime &now)
{
    switch (response.status) {
    case 408:
        return statusError(response, AuthError::Kind::Transient,
                           tr("The service timed out waiting for the request."), serverMessage, now);
    case 429:
        return statusError(response, AuthError::Kind::Transient,
                           tr("The service is limiting the rate of requests."), serverMessage, now);
    case 404:
        return statusError(response, AuthError::Kind::Config,
                           tr("The address was not found on the service. Check the service address."),
                           serverMessage, now);
    default:
        break;
    }
    if (isTransientStatus(response.status))
        return statusError(response, AuthError::Kind::Transient,
                           tr("The service is temporarily unavailable."), serverMessage, now);
    return statusError(response, AuthError::Kind::Protocol, tr("The service gave an unexpected answer."),
                       serverMessage, now);
}

bool ReplyParsing::isAcceptableToken(QStringView token)
{
    if (token.isEmpty() || token.size() > MaxTokenLength)
        return false;
    return std::all_of(token.begin(), token.end(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

Result<TokenSet> ReplyParsing::makeTokenSet(const QUrl &from, const QString &accessToken,
                                            const QString &refreshToken, const QDateTime &obtainedAt,
                                            int fallbackSeconds)
{
    if (!isAcceptableToken(accessToken))
        return Result<TokenSet>::failure(tr("The reply from %1 contains an access token that is too long or "
                                            "contains spaces, line breaks or "
                                            "other control characters; it was rejected.")
                                             .arg(origin(from)));
    if (!refreshToken.isEmpty() && !isAcceptableToken(refreshToken))
        return Result<TokenSet>::failure(tr("The reply from %1 contains a refresh token that is too long or "
                                            "contains spaces, line breaks or "
                                            "other control characters; it was rejected.")
                                             .arg(origin(from)));

    TokenSet tokens;
    tokens.accessToken = accessToken;
    tokens.refreshToken = refreshToken;
    tokens.obtainedAt = obtainedAt.toUTC();

    const auto jwt = Jwt::decode(accessToken);
    const auto exp = jwt ? jwt->expiresAt() : std::nullopt;
    if (exp) {
        if (*exp <= tokens.obtainedAt)
            return Result<TokenSet>::failure(tr("The access token from %1 had already expired when it "
                                                "arrived (it expired at %2). Check "
                                                "that this computer's date and time are correct.")
                                                 .arg(origin(from), exp->toString(Qt::ISODate)));
        tokens.expiresAt = *exp;
        tokens.expiryFromToken = true;
    } else {
        tokens.expiresAt = tokens.obtainedAt.addSecs(fallbackSeconds > 0 ? fallbackSeconds : 20 * 60);
        tokens.expiryFromToken = false;
    }
    return tokens;
}

AuthError ReplyParsing::tokenFieldError(const HttpResponse &response, const QString &field,
                                        const StringField &value)
{
    AuthError e;
    e.kind = AuthError::Kind::Protocol;
    e.httpStatus = response.status;
    if (value.state == FieldState::NotString)
        e.message = tr("The \"%1\" field in the reply from %2 is not text.").arg(field, origin(response.url));
    else
        e.message
            = tr("The reply from %1 has no \"%2\" field with a token.").arg(origin(response.url), field);
    return e;
}

void ReplyParsing::finish(AuthReply *reply, const HttpResponse &response, const QStringList &secrets,
                          const Interpreter &interpret)
{
    Outcome outcome = interpret(response);
    if (!outcome.error.isError()) {
        if (outcome.summary.isEmpty())
            reply->finishWithTokens(outcome.tokens);
        else
            reply->finishWithSummary(outcome.summary);
        return;
    }
    HttpResponse hidden = response;
    // JSON may spell a secret with escapes ("\u002B" for '+', "\/" for '/')
    // that no list of variants covers; written out again by Qt, it uses the
    // one plain spelling redact() looks for.
    QByteArray body = response.body;
    if (const auto json = jsonDocument(body))
        body = json->toJson(QJsonDocument::Compact);
    hidden.body = redact(QString::fromUtf8(body), secrets).toUtf8();
    hidden.errorString = redact(response.errorString, secrets);
    AuthError error = outcome.error;
    const Outcome again = interpret(hidden);
    if (again.error.isError())
        error.message = again.error.message;
    error.message = redact(error.message, secrets);
    reply->finishWithError(error);
}

AuthReply *ReplyParsing::track(QNetworkReply *networkReply, QObject *context, const QStringList &secrets,
                               Interpreter interpret)
{
    auto *reply = new AuthReply;
    auto *reader = new ReplyReader(networkReply, reply);
    QObject::connect(reader, &ReplyReader::finished, context,
                     [reply, secrets, interpret = std::move(interpret)](const HttpResponse &response) {
                         finish(reply, response, secrets, interpret);
                     });
    return reply;
}

AuthReply *ReplyParsing::refusedSignIn(const Account &account, const QString &secret, const QString &noLogin,
                                       const QString &noSecret)
{
    if (const Status url = NetworkPolicy::validateBaseUrl(account.baseUrl); !url)
        return failedReply(AuthError::Kind::Config, url.error());
    if (account.login.trimmed().isEmpty())
        return failedReply(AuthError::Kind::Config, noLogin);
    // Typically a pasted line break: the server would see a different name
    // and count a failed sign-in.
    const bool invisible = std::any_of(account.login.cbegin(), account.login.cend(), [](QChar c) {
        const auto category = c.category();
        return category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph;
    });
    if (invisible)
        return failedReply(AuthError::Kind::Config,
                           tr("The sign-in name of this account contains a line break or another invisible "
                              "control character. Edit the account and enter the name again."));
    if (secret.isEmpty())
        return failedReply(AuthError::Kind::Config, noSecret);
    return nullptr;
}

AuthReply *ReplyParsing::failedReply(AuthError::Kind kind, const QString &message)
{
    auto *reply = new AuthReply;
    AuthError e;
    e.kind = kind;
    e.message = message;
    reply->finishWithError(e);
    return reply;
}
