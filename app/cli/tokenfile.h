#pragma once

#include "base/result.h"

#include <QString>

#include <memory>

class QTemporaryDir;

// The token file of `exec --token-file`: <runtime dir>/tokentray-exec-PID-XXXXXX/token,
// the folder 0700 and the file 0600, both the user's alone. Every write
// replaces the file atomically (a temporary file in the same folder, renamed
// over it), so a reader sees the old token or the new one, never a mix.
// The folder and the file go when the object does; the folder of a process
// that was killed before it could remove it goes at the next create().
class TokenFile
{
public:
    // The name of the variable that tells the program where the file is.
    static constexpr const char *PathVariable = "TOKENTRAY_TOKEN_FILE";

    // runtimeDir is $XDG_RUNTIME_DIR: it must be set, absolute, a folder of
    // this user that no one else may enter, and writable.
    static Result<std::unique_ptr<TokenFile>> create(const QString &runtimeDir);
    // Removes this user's token folders whose process no longer exists;
    // returns how many.
    static int removeLeftovers(const QString &runtimeDir);
    ~TokenFile();
    TokenFile(const TokenFile &) = delete;
    TokenFile &operator=(const TokenFile &) = delete;

    QString path() const { return m_path; }

    // The bare token, without a newline.
    Status write(const QString &token);
    // Removes the file and its folder now (the destructor does it otherwise).
    void remove();

private:
    explicit TokenFile(std::unique_ptr<QTemporaryDir> dir);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};
