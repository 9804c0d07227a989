#pragma once

#include <QObject>
#include <QPointer>

class AppSettings;
class ClipboardGuard;
class MainWindow;
class ScreenLockWatcher;

// What TokenTray does when the desktop session locks: the clipboard is
// cleared if it still holds a token TokenTray put there (the clipboard
// guard's one rule: whatever else is on it stays), and, unless the user
// turned it off, the window hides logins and tokens until the session is
// unlocked. Turning the setting off while locked shows them at once.
class ScreenLockPolicy : public QObject
{
    Q_OBJECT
public:
    // clipboard may be null (no copying in this process).
    ScreenLockPolicy(ScreenLockWatcher *watcher, ClipboardGuard *clipboard, MainWindow *window,
                     AppSettings *settings, QObject *parent = nullptr);

private:
    void onLockedChanged(bool locked);
    void apply();

    ScreenLockWatcher *m_watcher;
    QPointer<ClipboardGuard> m_clipboard;
    MainWindow *m_window;
    AppSettings *m_settings;
};
