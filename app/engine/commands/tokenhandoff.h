#pragma once

#include <QString>

#include <optional>

// What `exec` needs to hand a token to a program: the token, the value of the
// Authorization header the service expects (the rule of the `header`
// command), and how many seconds the token has left. It is the output of an
// exec request, here or from the running instance, as one compact JSON
// object:
//
//   {"token":"…","authorization":"Bearer …","secondsLeft":3597}
struct TokenHandoff
{
    QString token;
    QString authorization;
    qint64 secondsLeft = 0;

    QString toText() const;
    // Strict: unknown keys, wrong types, an empty token or a token holding a
    // control character are refused.
    static std::optional<TokenHandoff> fromText(const QString &text, QString *error);
};
