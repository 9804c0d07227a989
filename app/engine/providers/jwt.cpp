#include "providers/jwt.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace {

// Length of the segment without '=' padding, or -1 when it holds anything but
// the base64url alphabet: such a string is not a JWT, whatever a lenient
// decoder would make of it.
qsizetype base64UrlLength(QStringView segment)
{
    qsizetype end = segment.size();
    while (end > 0 && segment.at(end - 1) == u'=')
        --end;
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = segment.at(i).unicode();
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
        if (!ok)
            return -1;
    }
    if (end % 4 == 1)
        return -1;
    return end;
}

std::optional<QJsonObject> decodeSegment(QStringView segment)
{
    const qsizetype end = base64UrlLength(segment);
    if (end <= 0)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(segment.left(end).toLatin1(),
                                                        QByteArray::Base64UrlEncoding
                                                            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<Jwt> Jwt::decode(QStringView token)
{
    token = token.trimmed();
    if (token.isEmpty() || token.size() > MaxTokenLength)
        return std::nullopt;
    // Exactly three segments: a JWS. Five would be an encrypted JWE, whose
    // claims cannot be read without the key.
    const qsizetype firstDot = token.indexOf(u'.');
    if (firstDot < 0)
        return std::nullopt;
    const qsizetype secondDot = token.indexOf(u'.', firstDot + 1);
    if (secondDot < 0 || token.indexOf(u'.', secondDot + 1) >= 0)
        return std::nullopt;

    const auto header = decodeSegment(token.first(firstDot));
    if (!header)
        return std::nullopt;
    const auto claims = decodeSegment(token.sliced(firstDot + 1, secondDot - firstDot - 1));
    if (!claims)
        return std::nullopt;
    // The signature is not checked, but it must look like one (it may be empty: "alg": "none").
    if (base64UrlLength(token.sliced(secondDot + 1)) < 0)
        return std::nullopt;

    Jwt jwt;
    jwt.m_header = *header;
    jwt.m_claims = *claims;
    return jwt;
}

std::optional<QDateTime> Jwt::numericDate(QStringView claim) const
{
    return numericDateFromJson(m_claims.value(claim));
}

std::optional<QDateTime> Jwt::numericDateFromJson(const QJsonValue &value)
{
    // A number only: a string "exp" is not a NumericDate, and guessing its
    // format could make a token look valid for longer than it is.
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    constexpr double maxSeconds = 253402300799.0; // 9999-12-31T23:59:59Z
    if (!std::isfinite(seconds) || seconds < 0 || seconds > maxSeconds)
        return std::nullopt;
    // Round down: a token is never treated as valid past its real expiry.
    const auto msecs = static_cast<qint64>(std::floor(seconds * 1000.0));
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}
