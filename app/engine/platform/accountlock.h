#pragma once

#include "base/result.h"

#include <QString>

#include <functional>
#include <memory>

class QLockFile;

// A lock file shared by every TokenTray process using one config directory:
// <config>/locks/<name>.lock. Held by the command line around "read stored
// tokens, decide, sign in or refresh, store the new tokens", so that two
// processes never renew the same account at once (a rotated 7G refresh token
// must never be used twice). A lock left by a process that died is taken over.
class AccountLock
{
public:
    // A holder that hangs longer than this loses the lock to the next waiter.
    static constexpr int StaleAfterMs = 10 * 60 * 1000;

    AccountLock(const QString &configDir, const QString &name);
    ~AccountLock();
    AccountLock(const AccountLock &) = delete;
    AccountLock &operator=(const AccountLock &) = delete;

    QString path() const { return m_path; }

    // Blocks for at most timeoutMs (the command line has no window to freeze).
    // `stopped`, when given, is asked a few times a second; once it answers
    // true the wait ends with a failure.
    Status acquire(int timeoutMs, const std::function<bool()> &stopped = {});
    void release();
    bool isLocked() const;

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};
