#pragma once

#include "base/result.h"

#include <QString>

// Reads a password or client secret from standard input: the only way a secret
// enters the command line (never arguments or environment variables, which
// other users and process listings can see).
class SecretInput
{
public:
    static constexpr qsizetype MaxBytes = 64 * 1024;

    // Piped input: all of it, less one trailing newline. A terminal: one line
    // typed after `prompt` (on stderr) with echo turned off. Fails on an empty
    // or oversized secret, or on text that is not UTF-8.
    static Result<QString> readFromStdin(const QString &prompt);

    // The trailing-newline rule on its own, for tests.
    static Result<QString> fromBytes(QByteArray bytes);
};
