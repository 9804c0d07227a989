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

    Kind kind = Kind::None;
    int httpStatus = 0;
    std::optional<int> retryAfterSeconds; // from a 429/503 Retry-After header
    QString message; // whole human sentence, with the server's own message where there is one; never a secret

    bool isError() const { return kind != Kind::None; }
};
