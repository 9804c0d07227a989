#pragma once

#include "settings/autostart.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUuid>

class AppSettings;
class ClipboardGuard;
class DesktopNotifications;
class Notifier;
class ResumeWatcher;
class SessionManager;
class SettingsDialog;
class TrayIcon;
class QWidget;

// Everything that makes TokenTray a desktop citizen, behind one object: the
// tray icon and its menu, close-to-tray, notifications, the settings dialog
// and applying its settings live, start at login, checking every session
// after resume or when the network returns, single instance, and a clean quit.
//
// The GUI composition creates it once and hands over the window:
//
//   auto *desktop = new DesktopIntegration(&window, &sessions, &settings, &clipboard, &app);
//   if (!desktop->claimSingleInstance(configDir))
//       return app.exec(); // another instance was asked to show itself; exits 0
//   sessions.start();
//   desktop->start(startMinimized);
//
// The window is not changed: closing it is intercepted with an event filter.
class DesktopIntegration : public QObject
{
    Q_OBJECT
public:
    // Tray hosts often start after the applications of a session.
    static constexpr int DefaultTrayAttempts = 5;
    static constexpr int DefaultTrayRetryMs = 5000;
    // Bounded wait for secret store writes at quit.
    static constexpr int QuitWaitMs = 3000;
    static constexpr int QuitPollMs = 50;
    // A copied token must stay valid at least this long.
    static constexpr int CopyMinValidSeconds = 10;

    // clipboard may be null (no copying from the tray then).
    DesktopIntegration(QWidget *mainWindow, SessionManager *manager, AppSettings *settings,
                       ClipboardGuard *clipboard, QObject *parent = nullptr);
    ~DesktopIntegration() override;

    // How often to look for a tray host before giving up on it.
    void setTrayRetry(int attempts, int intervalMs);

    // The command the login autostart entry runs; Autostart::defaultCommand()
    // unless set. Add "--config-dir DIR" for a configuration of its own; an
    // empty command (the demo) makes start at login unavailable, so that the
    // user's real session is never changed from there.
    void setAutostartCommand(const QStringList &command);
    bool autostartAvailable() const { return !m_autostartCommand.isEmpty(); }

    // Listens on the per-user single-instance socket for this config dir.
    // False when another instance is already running: it has been asked to
    // show its window, and this process exits with status 0 once it answered.
    bool claimSingleInstance(const QString &configDir);

    // Shows the window (unless startMinimized and a tray appears), the tray
    // icon, and starts watching for resume and network changes. Pass the
    // --minimized option or settings->startMinimized().
    void start(bool startMinimized);

    TrayIcon *trayIcon() const { return m_tray; }
    bool hasTray() const { return m_tray != nullptr; }
    // True once the tray is there or the retries ran out.
    bool trayDecided() const { return m_trayDecided; }
    Notifier *notifier() const { return m_notifier; }
    // Where notifications go when there is no tray (freedesktop service).
    DesktopNotifications *desktopNotifications() const { return m_desktopNotifications; }
    ResumeWatcher *resumeWatcher() const { return m_resume; }
    SettingsDialog *settingsDialog() const;
    bool isQuitting() const { return m_quitting; }

    void showMainWindow();
    void toggleMainWindow();
    void openSettings();

    // Copies the account's token (or its Authorization header line) through
    // the clipboard guard, renewing it first when it is about to expire.
    void copyToken(const QUuid &account, bool asHeader);

    // Hides everything, clears the clipboard if it still holds our token,
    // waits (bounded, from the event loop) for keychain writes, then quits.
    void quit();

Q_SIGNALS:
    void trayAvailabilityDecided(bool available);
    void copied(const QUuid &account);
    void copyFailed(const QUuid &account, const QString &message);
    // A setting could not be applied (the autostart entry, the CA file).
    void settingProblem(const QString &message);
    void quitting();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applySettings();
    void applyExtraCaFile();
    void applyAutostart(bool on);
    void lookForTray();
    void createTray();
    void noticeStartupProblems();
    void showNotice(const QString &title, const QString &body, bool critical);
    void finishQuit();

    QPointer<QWidget> m_window;
    SessionManager *m_manager;
    AppSettings *m_settings;
    QPointer<ClipboardGuard> m_clipboard;
    Autostart m_autostart;
    QStringList m_autostartCommand = Autostart::defaultCommand();
    TrayIcon *m_tray = nullptr;
    Notifier *m_notifier;
    DesktopNotifications *m_desktopNotifications;
    ResumeWatcher *m_resume;
    QPointer<SettingsDialog> m_settingsDialog;
    QTimer m_trayTimer;
    int m_trayAttemptsLeft = DefaultTrayAttempts;
    bool m_trayDecided = false;
    bool m_startMinimized = false;
    bool m_started = false;
    QStringList m_startupProblems;
    bool m_revertingAutostart = false;
    bool m_quitting = false;
    QTimer m_quitTimer;
    QElapsedTimer m_quitClock;
};
