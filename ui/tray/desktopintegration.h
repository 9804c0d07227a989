#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUuid>

class AppSettings;
class DesktopNotifications;
class Notifier;
class ResumeWatcher;
class SessionManager;
class TrayIcon;
class QWidget;

// The tray, behind one small facade: the icon and its menu (looked for again
// while the tray host is late), close-to-tray, showing and hiding the window,
// notifications (in the tray, or through the desktop's notification service),
// and checking every session after resume or when the network returns.
//
// What the menu asks for beyond the window (settings, copying, quitting) is
// signalled; the GUI composition connects it:
//
//   DesktopIntegration desktop(&window, &manager, &settings);
//   QObject::connect(&desktop, &DesktopIntegration::quitRequested, &quit, &QuitSequence::quit);
//   desktop.start(startMinimized);
//
// The window is not changed: closing it is intercepted with an event filter.
class DesktopIntegration : public QObject
{
    Q_OBJECT
public:
    // Tray hosts often start after the applications of a session.
    static constexpr int DefaultTrayAttempts = 5;
    static constexpr int DefaultTrayRetryMs = 5000;

    DesktopIntegration(QWidget *mainWindow, SessionManager *manager, AppSettings *settings,
                       QObject *parent = nullptr);
    ~DesktopIntegration() override;

    // How often to look for a tray host before giving up on it.
    void setTrayRetry(int attempts, int intervalMs);

    // Shows the window (unless startMinimized and a tray appears), the tray
    // icon, and starts watching for resume and network changes. Pass the
    // --minimized option or settings->startMinimized().
    void start(bool startMinimized);

    QWidget *mainWindow() const;
    TrayIcon *trayIcon() const { return m_tray; }
    bool hasTray() const { return m_tray != nullptr; }
    // True once the tray is there or the retries ran out.
    bool trayDecided() const { return m_trayDecided; }
    Notifier *notifier() const { return m_notifier; }
    // Where notifications go when there is no tray (freedesktop service).
    DesktopNotifications *desktopNotifications() const { return m_desktopNotifications; }
    ResumeWatcher *resumeWatcher() const { return m_resume; }
    bool isQuitting() const { return m_quitting; }

    void showMainWindow();
    void toggleMainWindow();

    // A notice in the tray, or from the desktop's notification service when
    // there is no tray; elsewhere the window's rows and banner tell the same.
    void showNotice(const QString &title, const QString &body, bool critical);
    // A short confirmation in the tray only (nothing without a tray).
    void showTrayMessage(const QString &title, const QString &body, int msecs);

    // Something the user should know about at start (a damaged settings file,
    // an autostart entry that could not be written): shown together once the
    // tray is decided, in the tray or over the window; later ones at once.
    void reportProblem(const QString &message);

    // The quit path: stops looking for the tray and for resumes, hides the
    // tray icon and every window. The application quits after it.
    void shutDown();

Q_SIGNALS:
    void trayAvailabilityDecided(bool available);
    void settingsRequested();
    void copyRequested(const QUuid &account, bool asHeader);
    // From the tray menu, or the window closed while there is no tray.
    void quitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void lookForTray();
    void createTray();
    void noticeProblems();

    QPointer<QWidget> m_window;
    SessionManager *m_manager;
    AppSettings *m_settings;
    TrayIcon *m_tray = nullptr;
    Notifier *m_notifier;
    DesktopNotifications *m_desktopNotifications;
    ResumeWatcher *m_resume;
    QTimer m_trayTimer;
    int m_trayAttemptsLeft = DefaultTrayAttempts;
    bool m_trayDecided = false;
    QStringList m_problems;
    bool m_quitting = false;
};
