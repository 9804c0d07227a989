#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Unsigned-looking JWTs for tests: the claims are real, the signature is not.
class FakeJwt
{
public:
    static QString make(const QJsonObject &claims, const QJsonObject &header = {});
    // A token with "exp" (and "iat" = issuedAt when valid) plus extra claims.
    static QString expiringAt(const QDateTime &exp, const QJsonObject &extra = {},
                              const QDateTime &issuedAt = {});
};
