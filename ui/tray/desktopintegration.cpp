#include "tray/desktopintegration.h"

#include "clipboard/clipboardguard.h"
#include "platform/resumewatcher.h"
#include "ipc/instanceclient.h"
#include "ipc/instanceserver.h"
#include "network/networkpolicy.h"
#include "providers/tokenprovider.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "settings/appsettings.h"
#include "dialogs/settingsdialog.h"
#include "tray/desktopnotifications.h"
#include "tray/notifier.h"
#include "tray/trayicon.h"

#include <QApplication>
#include <QEvent>
#include <QMessageBox>
#include <QSystemTrayIcon>
#include <QWidget>

#include <cstdio>

using namespace Qt::StringLiterals;

DesktopIntegration::DesktopIntegration(QWidget *mainWindow, SessionManager *manager, AppSettings *settings,
                                       ClipboardGuard *clipboard, QObject *parent)
    : QObject(parent)
    , m_window(mainWindow)
    , m_manager(manager)
    , m_settings(settings)
    , m_clipboard(clipboard)
    , m_notifier(new Notifier(this))
    , m_desktopNotifications(new DesktopNotifications(this))
    , m_resume(new ResumeWatcher(manager->clock(), this))
{
    // Closing the window is not quitting once there is a tray, and a dialog
    // closed while the window is hidden must not end the application
    // either: quitting is decided here, and always goes through quit().
    QApplication::setQuitOnLastWindowClosed(false);
    if (m_window)
        m_window->installEventFilter(this);

    m_trayTimer.setSingleShot(true);
    m_trayTimer.setInterval(DefaultTrayRetryMs);
    connect(&m_trayTimer, &QTimer::timeout, this, &DesktopIntegration::lookForTray);

    m_quitTimer.setInterval(QuitPollMs);
    connect(&m_quitTimer, &QTimer::timeout, this, &DesktopIntegration::finishQuit);

    // Waking up or getting the network back: every session looks at the time
    // now, and those waiting on a transient retry try at once.
    connect(m_resume, &ResumeWatcher::wakeUp, m_manager, &SessionManager::retryNow);

    m_notifier->watch(m_manager);
    connect(m_notifier, &Notifier::notify, this,
            [this](const QString &title, const QString &body, bool critical) {
                if (m_settings->notificationsEnabled())
                    showNotice(title, body, critical);
            });

    // A last resort for quits that do not come through quit() (the session
    // ending): never leave a token behind on the clipboard.
    connect(qApp, &QCoreApplication::aboutToQuit, this, [this] {
        if (m_clipboard)
            m_clipboard->clearNow();
    });

    applySettings();
}

DesktopIntegration::~DesktopIntegration()
{
    if (m_window)
        m_window->removeEventFilter(this);
    delete m_settingsDialog;
}

void DesktopIntegration::setAutostartCommand(const QStringList &command)
{
    m_autostartCommand = command;
    if (m_settingsDialog)
        m_settingsDialog->setAutostartAvailable(autostartAvailable());
}

SettingsDialog *DesktopIntegration::settingsDialog() const
{
    return m_settingsDialog;
}

void DesktopIntegration::setTrayRetry(int attempts, int intervalMs)
{
    m_trayAttemptsLeft = attempts;
    m_trayTimer.setInterval(intervalMs);
}

bool DesktopIntegration::claimSingleInstance(const QString &configDir)
{
    auto *server = new InstanceServer(m_manager, this);
    server->setSettings(m_settings);
    connect(server, &InstanceServer::activateRequested, this, &DesktopIntegration::showMainWindow);
    switch (server->listen(configDir)) {
    case InstanceServer::ListenResult::Listening:
        return true;
    case InstanceServer::ListenResult::Failed:
        // Still usable on its own; a second launch just will not find it.
        std::fprintf(
            stderr, "tokentray: %s\n",
            qUtf8Printable(tr("Running without the single-instance socket: %1").arg(server->errorString())));
        delete server;
        return true;
    case InstanceServer::ListenResult::AnotherInstance:
        break;
    }
    delete server;
    InstanceClient::activate(configDir, this, [](bool answered) {
        if (!answered) {
            std::fprintf(stderr, "tokentray: %s\n",
                         qUtf8Printable(tr("TokenTray is already running but did not answer.")));
        }
        QCoreApplication::exit(answered ? 0 : 1);
    });
    return false;
}

void DesktopIntegration::start(bool startMinimized)
{
    m_started = true;
    m_startMinimized = startMinimized;
    m_resume->start();
    m_resume->watchNetwork();
    // Rewritten at each start so the entry follows the program if it moved.
    // A failure here is reported but keeps the setting: the old entry may
    // still work, and the user did ask for it.
    if (m_settings->startAtLogin() && autostartAvailable()) {
        const Status written = m_autostart.enable(m_autostartCommand);
        if (!written)
            m_startupProblems.append(written.error());
    }

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
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        createTray();
        m_trayDecided = true;
        Q_EMIT trayAvailabilityDecided(true);
        noticeStartupProblems();
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
    noticeStartupProblems();
}

void DesktopIntegration::createTray()
{
    m_tray = new TrayIcon(m_manager, this);
    connect(m_tray, &TrayIcon::toggleWindowRequested, this, &DesktopIntegration::toggleMainWindow);
    connect(m_tray, &TrayIcon::showWindowRequested, this, &DesktopIntegration::showMainWindow);
    connect(m_tray, &TrayIcon::messageClicked, this, &DesktopIntegration::showMainWindow);
    connect(m_tray, &TrayIcon::settingsRequested, this, &DesktopIntegration::openSettings);
    connect(m_tray, &TrayIcon::quitRequested, this, &DesktopIntegration::quit);
    connect(m_tray, &TrayIcon::copyTokenRequested, this, [this](const QUuid &id) { copyToken(id, false); });
    connect(m_tray, &TrayIcon::copyHeaderRequested, this, [this](const QUuid &id) { copyToken(id, true); });
    m_tray->show();
}

void DesktopIntegration::noticeStartupProblems()
{
    if (m_startupProblems.isEmpty())
        return;
    const QString body = m_startupProblems.join(u'\n');
    m_startupProblems.clear();
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

void DesktopIntegration::applySettings()
{
    NetworkPolicy *network = m_manager->network();
    if (m_clipboard)
        m_clipboard->setTimeout(m_settings->clipboardClearSeconds());
    const ProxySettings proxy = m_settings->proxy();
    network->setProxy(proxy.mode, proxy.host, proxy.port);
    applyExtraCaFile();
    m_notifier->setEnabled(m_settings->notificationsEnabled());
    if (!m_settings->loadProblem().isEmpty())
        m_startupProblems.append(m_settings->loadProblem());

    connect(m_settings, &AppSettings::clipboardClearSecondsChanged, this, [this](int seconds) {
        if (m_clipboard)
            m_clipboard->setTimeout(seconds);
    });
    connect(m_settings, &AppSettings::proxyChanged, this,
            [this](const ProxySettings &p) { m_manager->network()->setProxy(p.mode, p.host, p.port); });
    connect(m_settings, &AppSettings::extraCaFileChanged, this, [this] {
        applyExtraCaFile();
        // New trust may fix sessions that failed on TLS.
        m_manager->tick();
    });
    connect(m_settings, &AppSettings::notificationsEnabledChanged, m_notifier, &Notifier::setEnabled);
    connect(m_settings, &AppSettings::startAtLoginChanged, this, [this](bool on) {
        if (!m_revertingAutostart)
            applyAutostart(on);
    });
    connect(this, &DesktopIntegration::settingProblem, this, [this](const QString &message) {
        if (m_settingsDialog)
            m_settingsDialog->showProblem(message);
        else
            m_startupProblems.append(message);
    });
}

void DesktopIntegration::applyExtraCaFile()
{
    NetworkPolicy *network = m_manager->network();
    const QString path = m_settings->extraCaFile();
    if (path.isEmpty()) {
        network->clearExtraCa();
        return;
    }
    if (network->extraCaFile() == path)
        return;
    const Status loaded = network->setExtraCaFile(path);
    if (!loaded)
        Q_EMIT settingProblem(tr("The extra CA certificate is not in use: %1").arg(loaded.error()));
}

void DesktopIntegration::applyAutostart(bool on)
{
    if (on && !autostartAvailable()) {
        m_revertingAutostart = true;
        m_settings->setStartAtLogin(false);
        m_revertingAutostart = false;
        Q_EMIT settingProblem(
            tr("The demo never changes your desktop session, so it cannot start at login."));
        return;
    }
    const Status done = on ? m_autostart.enable(m_autostartCommand) : m_autostart.disable();
    if (done)
        return;
    // Keep the setting truthful: it says what will happen at the next login.
    m_revertingAutostart = true;
    m_settings->setStartAtLogin(m_autostart.isEnabled());
    m_revertingAutostart = false;
    Q_EMIT settingProblem(done.error());
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

void DesktopIntegration::openSettings()
{
    if (m_quitting)
        return;
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(m_settings, m_manager->network(), m_window);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_settingsDialog->setAutostartAvailable(autostartAvailable());
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

void DesktopIntegration::copyToken(const QUuid &account, bool asHeader)
{
    TokenSession *session = m_manager->session(account);
    if (!session || !m_clipboard || m_quitting)
        return;
    const QString name = session->account().name;
    const Provider kind = session->account().provider;
    session->requestToken(
        CopyMinValidSeconds, this,
        [this, account, name, kind, asHeader](const TokenSet &tokens, const AuthError &error) {
            if (error.isError() || tokens.isEmpty()) {
                const QString message = error.message.isEmpty()
                    ? tr("No token could be obtained for %1.").arg(name)
                    : tr("The token for %1 could not be copied: %2").arg(name, error.message);
                Q_EMIT copyFailed(account, message);
                showNotice(tr("Token not copied"), message, false);
                return;
            }
            if (!m_clipboard || m_quitting)
                return;
            QString text = tokens.accessToken;
            if (asHeader) {
                const TokenProvider *provider = m_manager->providers()->provider(kind);
                const QString value = provider ? provider->authorizationValue(tokens.accessToken) : text;
                text = u"Authorization: "_s + value;
            }
            m_clipboard->copySecret(text);
            Q_EMIT copied(account);
            if (m_tray && m_settings->notificationsEnabled()) {
                const int seconds = m_clipboard->timeout();
                const QString what = asHeader ? tr("The Authorization header for %1 is on "
                                                   "the clipboard; it clears in %n s.",
                                                   nullptr, seconds)
                                              : tr("The token for %1 is on the clipboard; "
                                                   "it clears in %n s.",
                                                   nullptr, seconds);
                m_tray->showMessage(tr("Copied"), what.arg(name), TrayStatus::Level::Ok, 3000);
            }
        });
}

bool DesktopIntegration::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window || event->type() != QEvent::Close || m_quitting)
        return QObject::eventFilter(watched, event);

    event->ignore();
    // The tray host may have gone away since the icon was made.
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::isSystemTrayAvailable()) {
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
        quit();
    }
    return true;
}

void DesktopIntegration::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    Q_EMIT quitting();
    m_trayTimer.stop();
    m_resume->stop();

    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (w->isVisible())
            w->hide();
    }
    if (m_tray)
        m_tray->hide();
    if (m_clipboard)
        m_clipboard->clearNow();
    m_settings->save();

    // Keychain writes (a rotated refresh token) finish from the event loop;
    // polling keeps this free of a nested loop, and the deadline keeps a hung
    // keychain from holding the quit forever.
    m_quitClock.start();
    m_quitTimer.start();
}

void DesktopIntegration::finishQuit()
{
    if (m_manager->pendingWrites() > 0 && m_quitClock.elapsed() < QuitWaitMs)
        return;
    m_quitTimer.stop();
    QCoreApplication::exit(0);
}
