#include "session/storedtoken.h"

#include "providers/jwt.h"
#include "providers/replyparsing.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

constexpr int FormatVersion = 1;

} // namespace

namespace StoredToken {

QString encode(const TokenSet &tokens)
{
    QJsonObject o;
    o.insert(u"v"_s, FormatVersion);
    o.insert(u"token"_s, tokens.accessToken);
    if (tokens.expiresAt.isValid())
        o.insert(u"exp"_s, tokens.expiresAt.toSecsSinceEpoch());
    if (tokens.obtainedAt.isValid())
        o.insert(u"iat"_s, tokens.obtainedAt.toSecsSinceEpoch());
    o.insert(u"jwt"_s, tokens.expiryFromToken);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

TokenSet decode(const QString &value)
{
    TokenSet t;
    if (value.isEmpty())
        return t;

    if (value.startsWith(u'{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8());
        const QJsonObject o = doc.object();
        const QJsonValue token = o.value(u"token"_s);
        if (!doc.isObject() || !token.isString())
            return t;
        t.accessToken = token.toString();
        // A number that does not fit a time leaves the expiry invalid: the
        // token then counts as expired, which only costs one renewal.
        if (const auto exp = Jwt::numericDateFromJson(o.value(u"exp"_s)))
            t.expiresAt = *exp;
        if (const auto iat = Jwt::numericDateFromJson(o.value(u"iat"_s)))
            t.obtainedAt = *iat;
        t.expiryFromToken = o.value(u"jwt"_s).toBool();
    } else {
        t.accessToken = value;
        if (const auto jwt = Jwt::decode(value)) {
            if (const auto exp = jwt->expiresAt()) {
                t.expiresAt = *exp;
                t.expiryFromToken = true;
            }
            if (const auto iat = jwt->issuedAt())
                t.obtainedAt = *iat;
        }
    }

    // The same test as a token fresh from the service: a restored token goes
    // into headers, the clipboard and shell commands just the same.
    if (!ReplyParsing::isAcceptableToken(t.accessToken))
        return TokenSet();
    return t;
}

} // namespace StoredToken
