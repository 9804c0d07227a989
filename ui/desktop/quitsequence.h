#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class AppSettings;
class ClipboardGuard;
class DesktopIntegration;
class SessionManager;

// The one way the window process ends: hides everything, clears the clipboard
// if it still holds our token, saves the settings, waits (bounded, from the
// event loop) for keychain writes, then quits with status 0.
class QuitSequence : public QObject
{
    Q_OBJECT
public:
    // Bounded wait for secret store writes at quit.
    static constexpr int QuitWaitMs = 3000;
    static constexpr int QuitPollMs = 50;

    // clipboard may be null.
    QuitSequence(DesktopIntegration *desktop, SessionManager *manager, AppSettings *settings,
                 ClipboardGuard *clipboard, QObject *parent = nullptr);

    bool isQuitting() const { return m_quitting; }

    void quit();
    // A stop from outside the window (SIGTERM, SIGINT, SIGHUP): the same quit;
    // when a quit is already under way, it ends at once without waiting for
    // the keychain any longer.
    void stop();

Q_SIGNALS:
    void quitting();

private:
    void finish();
    void exitNow();

    DesktopIntegration *m_desktop;
    SessionManager *m_manager;
    AppSettings *m_settings;
    QPointer<ClipboardGuard> m_clipboard;
    bool m_quitting = false;
    QTimer m_poll;
    QElapsedTimer m_clock;
};
