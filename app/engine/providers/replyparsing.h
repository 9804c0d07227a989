#pragma once

#include "base/result.h"
#include "providers/autherror.h"
#include "providers/httpresponse.h"
#include "providers/tokenset.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

class AuthReply;
class QNetworkReply;
class QObject;
struct Account;

// The strict, defensive reading of token service replies that both providers
// share: classification of transport failures and status codes, typed access
// to JSON fields, token checks and expiry, and message text that is readable
// and never carries a secret.
class ReplyParsing
{
    Q_DECLARE_TR_FUNCTIONS(ReplyParsing)

public:
    static constexpr int SnippetLength = 200;
    static constexpr int MaxServerMessageLength = 300;
    static constexpr int MaxRetryAfterSeconds = 24 * 60 * 60;
    static constexpr qsizetype MaxTokenLength = 16 * 1024;

    // "api.7g.com.au" or "127.0.0.1:8080": where a reply came from, for messages.
    static QString origin(const QUrl &url);

    // Control characters and runs of white space become one space; trimmed;
    // cut to maxLength characters (an ellipsis marks the cut).
    static QString sanitize(const QString &text, qsizetype maxLength);
    // Every occurrence of every non-empty secret (also percent- and
    // JSON-escaped) replaced by a marker.
    static QString redact(QString text, const QStringList &secrets);
    // The first SnippetLength readable characters of a body; HTML tags,
    // scripts and styles dropped.
    static QString snippet(const QByteArray &body);

    // nullopt unless the body is exactly one JSON object.
    static std::optional<QJsonObject> jsonObject(const QByteArray &body);

    enum class FieldState { Missing, Null, NotString, Empty, Present };
    struct StringField
    {
        FieldState state = FieldState::Missing;
        QString value;
        bool present() const { return state == FieldState::Present; }
    };
    static StringField stringField(const QJsonObject &object, const QString &key);

    // The service's own message in a JSON error body: message, Message,
    // error_description, error, title/detail, an ASP.NET "errors" map. Sanitised.
    static QString serverMessage(const QJsonObject &object);

    // Retry-After as delta-seconds or an HTTP-date, clamped to 0..MaxRetryAfterSeconds.
    static std::optional<int> retryAfterSeconds(const QByteArray &value, const QDateTime &now);

    // 408, 429, 500, 502, 503, 504.
    static bool isTransientStatus(int status);

    // A failure below the level of a service's answer: the body cut off,
    // no HTTP status (timeout, refused, reset, unknown host, TLS), a dropped
    // connection, a redirect that was not followed. nullopt when the reply
    // is a complete HTTP answer to be judged by its status and body.
    static std::optional<AuthError> transportError(const HttpResponse &response);

    // "HTTP 502 from host: <server message or the start of the body>".
    static QString statusDetail(const HttpResponse &response, const QString &serverMessage);

    // An error of the given kind: lead sentence, then the status detail.
    // Transient errors carry Retry-After.
    static AuthError statusError(const HttpResponse &response, AuthError::Kind kind, const QString &lead,
                                 const QString &serverMessage, const QDateTime &now);

    // The fallback for a status no provider rule covers: transient statuses
    // are Transient, everything else a Protocol error.
    static AuthError unexpectedStatus(const HttpResponse &response, const QString &serverMessage,
                                      const QDateTime &now);

    // A token that may go into an HTTP header and a shell command: printable
    // ASCII without spaces, not longer than MaxTokenLength.
    static bool isAcceptableToken(QStringView token);

    // Checks the access token (and the refresh token, when not empty) and
    // works out the expiry: the JWT "exp" claim, or obtainedAt +
    // fallbackSeconds when the token is no JWT or has no numeric "exp".
    // Fails when a token is unacceptable or already expired on arrival.
    static Result<TokenSet> makeTokenSet(const QUrl &from, const QString &accessToken,
                                         const QString &refreshToken, const QDateTime &obtainedAt,
                                         int fallbackSeconds);

    // What a provider made of a reply: tokens, a service summary, or an error.
    struct Outcome
    {
        TokenSet tokens;
        QString summary;
        AuthError error;
    };
    using Interpreter = std::function<Outcome(const HttpResponse &)>;

    // Interprets the response and finishes the reply with the outcome. For
    // an error, the message is rebuilt from a copy of the response in which
    // every secret that was sent is hidden, and hidden once more at the end;
    // the kind of error comes from the untouched response.
    static void finish(AuthReply *reply, const HttpResponse &response, const QStringList &secrets,
                       const Interpreter &interpret);

    // Reads networkReply to the end (ReplyReader) and finishes the returned
    // reply through finish(). context: the provider; gone, it never finishes.
    static AuthReply *track(QNetworkReply *networkReply, QObject *context, const QStringList &secrets,
                            Interpreter interpret);

    // A reply finished with an error before any request was sent.
    static AuthReply *failedReply(AuthError::Kind kind, const QString &message);

    // The Config error reply for a sign-in that must not be sent (an invalid
    // or insecure address, no login, a login with control characters, no
    // secret), or nullptr when it may be.
    static AuthReply *refusedSignIn(const Account &account, const QString &secret, const QString &noLogin,
                                    const QString &noSecret);

    // A Protocol error about a token field that is missing or of the wrong type.
    static AuthError tokenFieldError(const HttpResponse &response, const QString &field,
                                     const StringField &value);
};
