#include "tray/desktopintegration.h"

#include "platform/resumewatcher.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "tray/desktopnotifications.h"
#include "tray/notifier.h"
#include "tray/trayicon.h"

#include <QApplication>
#include <QEvent>
#include <QMessageBox>
#include <QWidget>

using namespace Qt::StringLiterals;

DesktopIntegration::DesktopIntegration(QWidget *mainWindow, SessionManager *manager, AppSettings *settings,
                                       QObject *parent)
    : QObject(parent)
    , m_window(mainWindow)
    , m_manager(manager)
    , m_settings(settings)
    , m_notifier(new Notifier(this))
    , m_desktopNotifications(new DesktopNotifications(this))
    , m_resume(new ResumeWatcher(manager->clock(), this))
{
    // Closing the window is not quitting once there is a tray, and a dialog
    // closed while the window is hidden must not end the application
    // either: quitting is decided by the composition, never by Qt.
    QApplication::setQuitOnLastWindowClosed(false);
    if (m_window)
        m_window->installEventFilter(this);

    m_trayTimer.setSingleShot(true);
    m_trayTimer.setInterval(DefaultTrayRetryMs);
    connect(&m_trayTimer, &QTimer::timeout, this, &DesktopIntegration::lookForTray);

    // Waking up or getting the network back: every session looks at the time
    // now, and those waiting on a transient retry try at once.
    connect(m_resume, &ResumeWatcher::wakeUp, m_manager, &SessionManager::retryNow);

    m_notifier->watch(m_manager);
    connect(m_notifier, &Notifier::notify, this,
            [this](const QString &title, const QString &body, bool critical) {
                if (m_settings->notificationsEnabled())
                    showNotice(title, body, critical);
            });
}

DesktopIntegration::~DesktopIntegration()
{
    if (m_window)
        m_window->removeEventFilter(this);
}

QWidget *DesktopIntegration::mainWindow() const
{
    return m_window;
}

void DesktopIntegration::setTrayRetry(int attempts, int intervalMs)
{
    m_trayAttemptsLeft = attempts;
    m_trayTimer.setInterval(intervalMs);
}

void DesktopIntegration::start(bool startMinimized)
{
    m_resume->start();
    m_resume->watchNetwork();
    // Minimised, the window waits for the tray; lookForTray() shows it if
    // no tray turns up.
    lookForTray();
    if (!startMinimized)
        showMainWindow();
}

void DesktopIntegration::lookForTray()
{
    if (m_tray || m_quitting)
        return;
    // A StatusNotifierItem host (KDE Plasma, GNOME with AppIndicator) or an
    // XEmbed tray.
    if (TrayIcon::isAnyHostAvailable()) {
        createTray();
        m_trayDecided = true;
        Q_EMIT trayAvailabilityDecided(true);
        noticeProblems();
        return;
    }
    if (m_trayAttemptsLeft > 0) {
        --m_trayAttemptsLeft;
        m_trayTimer.start();
        return;
    }
    m_trayDecided = true;
    Q_EMIT trayAvailabilityDecided(false);
    // Without a tray a hidden window could never be reached.
    if (m_window && !m_window->isVisible())
        showMainWindow();
    noticeProblems();
}

void DesktopIntegration::createTray()
{
    m_tray = new TrayIcon(m_manager, this);
    connect(m_tray, &TrayIcon::toggleWindowRequested, this, &DesktopIntegration::toggleMainWindow);
    connect(m_tray, &TrayIcon::showWindowRequested, this, &DesktopIntegration::showMainWindow);
    connect(m_tray, &TrayIcon::messageClicked, this, &DesktopIntegration::showMainWindow);
    connect(m_tray, &TrayIcon::settingsRequested, this, &DesktopIntegration::settingsRequested);
    connect(m_tray, &TrayIcon::quitRequested, this, &DesktopIntegration::quitRequested);
    connect(m_tray, &TrayIcon::copyTokenRequested, this,
            [this](const QUuid &id) { Q_EMIT copyRequested(id, false); });
    connect(m_tray, &TrayIcon::copyHeaderRequested, this,
            [this](const QUuid &id) { Q_EMIT copyRequested(id, true); });
    // Without a tray host a hidden window could never be reached again.
    connect(m_tray, &TrayIcon::hostChanged, this, [this](bool available) {
        if (!available && m_window && !m_window->isVisible())
            showMainWindow();
    });
    m_tray->show();
}

void DesktopIntegration::reportProblem(const QString &message)
{
    if (message.isEmpty() || m_quitting)
        return;
    m_problems.append(message);
    if (m_trayDecided)
        noticeProblems();
}

void DesktopIntegration::noticeProblems()
{
    if (m_problems.isEmpty())
        return;
    const QString body = m_problems.join(u'\n');
    m_problems.clear();
    if (m_tray) {
        m_tray->showMessage(tr("TokenTray"), body, TrayStatus::Level::Warning);
        return;
    }
    if (!m_window)
        return;
    // open(), not exec(): no nested event loop.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("TokenTray"), body, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void DesktopIntegration::showNotice(const QString &title, const QString &body, bool critical)
{
    if (m_tray)
        m_tray->showMessage(title, body, critical ? TrayStatus::Level::Error : TrayStatus::Level::Warning);
    else if (DesktopNotifications::isSupported())
        m_desktopNotifications->show(title, body, critical);
    // Elsewhere the window's rows and banner show the same problems.
}

void DesktopIntegration::showTrayMessage(const QString &title, const QString &body, int msecs)
{
    if (m_tray)
        m_tray->showMessage(title, body, TrayStatus::Level::Ok, msecs);
}

void DesktopIntegration::showMainWindow()
{
    if (!m_window || m_quitting)
        return;
    if (m_window->isMinimized())
        m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void DesktopIntegration::toggleMainWindow()
{
    if (!m_window)
        return;
    if (m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        showMainWindow();
}

bool DesktopIntegration::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window || event->type() != QEvent::Close || m_quitting)
        return QObject::eventFilter(watched, event);

    event->ignore();
    // The tray host may have gone away since the icon was made.
    if (m_tray && m_tray->hasHost()) {
        m_window->hide();
        if (!m_settings->closeToTrayNoticeShown()) {
            m_settings->setCloseToTrayNoticeShown(true);
            m_tray->showMessage(
                tr("TokenTray is still running"),
                tr("TokenTray keeps your tokens fresh from the tray. Click its icon to open the "
                   "window again, or choose Quit TokenTray from its menu."),
                TrayStatus::Level::Ok, 8000);
        }
    } else {
        Q_EMIT quitRequested();
    }
    return true;
}

void DesktopIntegration::shutDown()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_trayTimer.stop();
    m_resume->stop();
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (w->isVisible())
            w->hide();
    }
    if (m_tray)
        m_tray->hide();
}
