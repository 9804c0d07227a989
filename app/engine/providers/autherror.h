#pragma once

#include <QString>

#include <optional>

struct AuthError
{
    enum class Kind {
        None,
        Credentials, // the service rejected the username/password or client id/secret: never retry
        RefreshRejected, // 7G refused the refresh token (400/401/403): fall back to one full login
        Transient, // timeout, connection error, 408, 429, 500, 502, 503, 504: retry with back-off
        Tls, // certificate or TLS failure: needs the user (CA file), not a retry
        Protocol, // reply not understood (malformed JSON, missing token, control characters)
        Config, // invalid or insecure base URL, missing secret
    };

    // Why a service refused a sign-in (Kind::Credentials), as far as its reply
    // tells; each has its own sentence on what to do. None is retried.
    enum class Reason {
        None,
        WrongCredentials, // 7G: user name or password not accepted
        Locked, // 7G: too many failed sign-ins; lockSeconds says for how long when the reply does
        AddressNotAllowed, // 7G: the sign-in came from an address not on the user's allow-list
        Disabled, // 7G: the user account is disabled
        Unknown, // 7G: refused, and the reply does not say why
        ApplicationMissing, // D7: 404, the client id names no application
        SecretRejected, // D7: the client secret was not accepted
        TokenExpired, // D7: the access token has expired (a pasted token cannot be renewed)
        PastedTokenExpired, // D7: the token the user pasted has expired; only a new one helps
    };

    Kind kind = Kind::None;
    Reason reason = Reason::None;
    int httpStatus = 0;
    std::optional<int> lockSeconds; // Locked: the time left, when the reply says it
    std::optional<int> retryAfterSeconds; // from a 429/503 Retry-After header
    QString message; // whole human sentence, with the server's own message where there is one; never a secret

    bool isError() const { return kind != Kind::None; }
};
