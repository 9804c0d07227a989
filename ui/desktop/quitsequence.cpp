#include "desktop/quitsequence.h"

#include "base/exitcode.h"
#include "clipboard/clipboardguard.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"

#include <QCoreApplication>

QuitSequence::QuitSequence(DesktopIntegration *desktop, SessionManager *manager, AppSettings *settings,
                           ClipboardGuard *clipboard, QObject *parent)
    : QObject(parent)
    , m_desktop(desktop)
    , m_manager(manager)
    , m_settings(settings)
    , m_clipboard(clipboard)
{
    m_poll.setInterval(QuitPollMs);
    connect(&m_poll, &QTimer::timeout, this, &QuitSequence::finish);
    connect(m_desktop, &DesktopIntegration::quitRequested, this, &QuitSequence::quit);

    // A last resort for quits that do not come through quit() (the session
    // ending): never leave a token behind on the clipboard.
    connect(qApp, &QCoreApplication::aboutToQuit, this, [this] {
        if (m_clipboard)
            m_clipboard->clearNow();
    });
}

void QuitSequence::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    Q_EMIT quitting();
    m_desktop->shutDown();
    if (m_clipboard)
        m_clipboard->clearNow();
    m_settings->save();

    // Keychain writes (a rotated refresh token) finish from the event loop;
    // polling keeps this free of a nested loop, and the deadline keeps a hung
    // keychain from holding the quit forever.
    m_clock.start();
    m_poll.start();
}

void QuitSequence::stop()
{
    if (!m_quitting) {
        quit();
        return;
    }
    if (const int pending = m_manager->pendingWrites(); pending > 0)
        qWarning("Quitting at once: %d keychain writes were not finished.", pending);
    exitNow();
}

void QuitSequence::finish()
{
    if (m_manager->pendingWrites() > 0 && m_clock.elapsed() < QuitWaitMs)
        return;
    exitNow();
}

void QuitSequence::exitNow()
{
    m_poll.stop();
    QCoreApplication::exit(exitStatus(ExitCode::Ok));
}
