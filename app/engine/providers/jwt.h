#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringView>

#include <optional>

// A JSON Web Token's header and claims, decoded WITHOUT verifying the
// signature: TokenTray only reads the expiry and shows the claims; the
// service that issued the token is the one that checks it.
class Jwt
{
public:
    // Longer strings are not decoded at all (a token is copied into headers).
    static constexpr qsizetype MaxTokenLength = 64 * 1024;

    // nullopt unless the token is three base64url segments whose first two
    // are JSON objects.
    static std::optional<Jwt> decode(QStringView token);

    const QJsonObject &header() const { return m_header; }
    const QJsonObject &claims() const { return m_claims; }

    // "exp", "iat", "nbf" as UTC times; nullopt when absent, not a number or
    // out of range.
    std::optional<QDateTime> expiresAt() const { return numericDate(u"exp"); }
    std::optional<QDateTime> issuedAt() const { return numericDate(u"iat"); }
    std::optional<QDateTime> notBefore() const { return numericDate(u"nbf"); }
    std::optional<QDateTime> numericDate(QStringView claim) const;

    // RFC 7519 NumericDate: seconds since the epoch, possibly fractional.
    // Accepts 0 up to the end of year 9999.
    static std::optional<QDateTime> numericDateFromJson(const QJsonValue &value);

private:
    QJsonObject m_header;
    QJsonObject m_claims;
};
