#include "platform/accountlock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLockFile>

using namespace Qt::StringLiterals;

AccountLock::AccountLock(const QString &configDir, const QString &name)
    : m_path(QDir(configDir).filePath(u"locks/"_s + name + u".lock"_s))
{ }

AccountLock::~AccountLock()
{
    release();
}

Status AccountLock::acquire(int timeoutMs, const std::function<bool()> &stopped)
{
    // How often a blocked wait looks at `stopped`.
    constexpr int SliceMs = 100;
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        return Status::failure(
            QCoreApplication::translate("AccountLock", "Cannot create the lock directory %1.").arg(dir));
    }
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_lock = std::make_unique<QLockFile>(m_path);
    m_lock->setStaleLockTime(StaleAfterMs);
    const QDeadlineTimer deadline(timeoutMs);
    bool locked = false;
    do {
        if (stopped && stopped()) {
            m_lock.reset();
            return Status::failure(QCoreApplication::translate(
                "AccountLock", "Stopped while waiting for another TokenTray process."));
        }
        const qint64 slice = deadline.isForever() ? SliceMs : qMin<qint64>(SliceMs, deadline.remainingTime());
        locked = m_lock->tryLock(int(slice));
    } while (!locked && m_lock->error() == QLockFile::LockFailedError && !deadline.hasExpired());
    if (locked)
        return Status::success();
    const QLockFile::LockError error = m_lock->error();
    m_lock.reset();
    if (error == QLockFile::LockFailedError) {
        return Status::failure(
            QCoreApplication::translate("AccountLock",
                                        "Another TokenTray process is still renewing this account; "
                                        "gave up waiting after %n seconds.",
                                        nullptr, timeoutMs / 1000));
    }
    return Status::failure(
        QCoreApplication::translate("AccountLock", "Cannot create the lock file %1.").arg(m_path));
}

void AccountLock::release()
{
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

bool AccountLock::isLocked() const
{
    return m_lock && m_lock->isLocked();
}
