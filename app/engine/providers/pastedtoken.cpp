#include "providers/pastedtoken.h"

#include "providers/jwt.h"
#include "providers/replyparsing.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace PastedToken {

QString normalized(QStringView text)
{
    QStringView t = text.trimmed();
    if (t.startsWith(u"Bearer ", Qt::CaseInsensitive))
        t = t.mid(7).trimmed();
    return t.toString();
}

Status check(QStringView token)
{
    if (token.isEmpty())
        return Status::failure(QCoreApplication::translate("PastedToken", "The token is empty."));
    if (token.size() > Jwt::MaxTokenLength)
        return Status::failure(QCoreApplication::translate("PastedToken", "The token is too long."));
    if (!ReplyParsing::isAcceptableToken(token))
        return Status::failure(QCoreApplication::translate(
            "PastedToken", "The token may hold only printable characters without spaces."));
    return Status::success();
}

QDateTime expiryInToken(QStringView token)
{
    if (const auto jwt = Jwt::decode(token)) {
        if (const auto exp = jwt->expiresAt())
            return *exp;
    }
    return {};
}

TokenSet tokens(const Account &account, const QString &token, const QDateTime &now)
{
    TokenSet t;
    if (!check(token))
        return t;
    t.accessToken = token;
    t.obtainedAt = now;
    t.expiresAt = expiryInToken(token);
    t.expiryFromToken = t.expiresAt.isValid();
    if (!t.expiresAt.isValid() && account.pastedTokenExpiresAt.isValid())
        t.expiresAt = account.pastedTokenExpiresAt.toUTC();
    return t;
}

} // namespace PastedToken
