#include "desktop/screenlockpolicy.h"

#include "clipboard/clipboardguard.h"
#include "platform/screenlockwatcher.h"
#include "settings/appsettings.h"
#include "window/mainwindow.h"

ScreenLockPolicy::ScreenLockPolicy(ScreenLockWatcher *watcher, ClipboardGuard *clipboard, MainWindow *window,
                                   AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_watcher(watcher)
    , m_clipboard(clipboard)
    , m_window(window)
    , m_settings(settings)
{
    connect(m_watcher, &ScreenLockWatcher::lockedChanged, this, &ScreenLockPolicy::onLockedChanged);
    connect(m_settings, &AppSettings::hideWhenLockedChanged, this, &ScreenLockPolicy::apply);
    apply();
}

void ScreenLockPolicy::onLockedChanged(bool locked)
{
    // clearNow() empties the clipboard only while it still holds our token.
    if (locked && m_clipboard)
        m_clipboard->clearNow();
    apply();
}

void ScreenLockPolicy::apply()
{
    m_window->setConcealed(m_watcher->isLocked() && m_settings->hideWhenLocked());
}
