#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

// After a service rejected an account's credentials, TokenSession leaves them
// alone for a while: a script or cron job calling `tokentray token` in a loop,
// or a window started again and again, would otherwise lock the 7G user out
// (three failures in ten minutes). Each command-line process and each start
// of the window is a new session, so the pause is remembered in
// <config>/locks/<account id>.rejected, which holds a time and nothing secret.
class CredentialPause
{
public:
    static constexpr int PauseSeconds = 10 * 60;

    CredentialPause(const QString &configDir, const QUuid &account);

    // When the pause ends; invalid when there is none at `now`.
    QDateTime pausedUntil(const QDateTime &now) const;
    void start(const QDateTime &now);
    void clear();

private:
    QString m_path;
};
