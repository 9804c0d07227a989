#pragma once

#include <QObject>
#include <QString>

// Tells when the desktop session is locked and unlocked. It listens to two
// kinds of source, and the last one to speak wins:
//
//  - the screen saver's ActiveChanged(bool) signal on the session bus:
//    org.freedesktop.ScreenSaver (KDE, Xfce, LXQt, …) and org.gnome.ScreenSaver
//    (GNOME Shell);
//  - logind's Lock and Unlock signals on this session's object
//    (org.freedesktop.login1.Session), on the system bus. The session's path
//    is asked of the manager (GetSession "auto") without waiting for it.
//
// At start the screen savers are asked whether they are active (GetActive),
// so that a session locked before TokenTray started reads as locked.
//
// Which bus carries which source is configurable, so that a test can play
// both the screen saver and logind on its own session bus. Where Qt has no
// D-Bus support, or no bus answers, nothing is ever reported: the session
// simply never reads as locked.
class ScreenLockWatcher : public QObject
{
    Q_OBJECT
public:
    enum class Bus { None, Session, System };
    struct Sources
    {
        Bus screenSaver = Bus::Session;
        Bus logind = Bus::System;
    };

    explicit ScreenLockWatcher(QObject *parent = nullptr);
    ~ScreenLockWatcher() override;

    // Starts listening: the screen saver on the session bus, logind on the
    // system bus. True when at least one source could be asked (logind's
    // session is found later: logindSessionFound()).
    bool start();
    bool start(const Sources &sources);

    bool isLocked() const { return m_locked; }
    // The logind session object followed; empty until found, or when none is.
    QString logindSessionPath() const { return m_logindSession; }

    // Whether this build can listen at all (Qt with D-Bus support).
    static bool isSupported();

Q_SIGNALS:
    void lockedChanged(bool locked);
    // logind's session object was found and is followed from now on.
    void logindSessionFound(const QString &path);

private Q_SLOTS:
    void onScreenSaverActiveChanged(bool active);
    void onLogindLock();
    void onLogindUnlock();

private:
    void setLocked(bool locked);
    bool followScreenSaver(Bus bus);
    bool findLogindSession(Bus bus);

    bool m_locked = false;
    // Lock and unlock signals received: tells a late GetActive answer from news.
    quint64 m_events = 0;
    QString m_logindSession;
};
