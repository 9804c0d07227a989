#pragma once

#include "base/result.h"

#include <QDateTime>
#include <QString>

// The one rule for a configuration file that cannot be used: its bytes are
// kept for the user under a name never used before, next to it
// ("accounts.json.corrupt-20261203-091500", then "...-2", "...-3"), and the
// caller starts over. Nothing is ever written over a damaged file.
class CorruptFile
{
public:
    // The name the file would get at `now`, skipping names that exist
    // (also as dangling symbolic links).
    static QString asideName(const QString &path, const QDateTime &now);

    // Renames the file to asideName(). The new path, or why it failed (the
    // file is then left untouched).
    static Result<QString> moveAside(const QString &path, const QDateTime &now);
};
