#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

// After a service rejected an account's credentials, TokenSession leaves them
// alone for a while: a script or cron job calling `tokentray token` in a loop,
// or a window started again and again, would otherwise lock the 7G user out
// (three failures in ten minutes). Each command-line process and each start
// of the window is a new session, so the pause is remembered in
// <config>/locks/<account id>.rejected, which holds times and nothing secret:
// one line per rejection of the last ten minutes, and "locked-until <time>"
// while the service has locked the user.
class CredentialPause
{
public:
    static constexpr int PauseSeconds = 10 * 60;
    // 7G: three failures in ten minutes lock a user for ten minutes.
    static constexpr int LockSeconds = 10 * 60;

    CredentialPause(const QString &configDir, const QUuid &account);

    // When the pause ends; invalid when there is none at `now`.
    QDateTime pausedUntil(const QDateTime &now) const;
    // When the service's lock of the user ends; invalid when none is known at `now`.
    QDateTime lockedUntil(const QDateTime &now) const;
    // The earliest rejection of the last PauseSeconds; invalid when none.
    QDateTime firstRejection(const QDateTime &now) const;

    // A rejection at `now` (kept with the others of the last ten minutes).
    void start(const QDateTime &now);
    // The service locked the user until `until`: no attempt before, whatever
    // the credential.
    void lock(const QDateTime &now, const QDateTime &until);
    // Forgets everything (a sign-in worked, another user or service).
    void clear();
    // Forgets the rejections but not a lock: a new password does not lift it.
    void clearRejections(const QDateTime &now);

private:
    struct Contents
    {
        QList<QDateTime> rejections;
        QDateTime lockedUntil;
    };
    Contents read(const QDateTime &now) const;
    void write(const Contents &contents) const;

    QString m_path;
};
