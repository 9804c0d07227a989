#pragma once

#include <QDateTime>
#include <QString>

// The tokens one sign-in or refresh produced.
struct TokenSet
{
    QString accessToken;
    QString refreshToken; // 7G only; empty for D7
    QDateTime expiresAt; // UTC; from the JWT "exp" claim or the account's fallback lifetime
    QDateTime obtainedAt; // UTC
    bool expiryFromToken = false; // true when expiresAt came from the JWT

    bool isEmpty() const { return accessToken.isEmpty(); }
    qint64 secondsLeft(const QDateTime &now) const { return isEmpty() ? 0 : now.secsTo(expiresAt); }
};
