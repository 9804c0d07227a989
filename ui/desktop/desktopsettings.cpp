#include "desktop/desktopsettings.h"

#include "clipboard/clipboardguard.h"
#include "dialogs/settingsdialog.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"
#include "tray/notifier.h"

#include <QWidget>

DesktopSettings::DesktopSettings(AppSettings *settings, NetworkPolicy *network, ClipboardGuard *clipboard,
                                 DesktopIntegration *desktop, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(network)
    , m_clipboard(clipboard)
    , m_desktop(desktop)
{
    if (m_clipboard)
        m_clipboard->setTimeout(m_settings->clipboardClearSeconds());
    m_desktop->notifier()->setEnabled(m_settings->notificationsEnabled());
    m_desktop->reportProblem(m_settings->loadProblem());

    connect(m_settings, &AppSettings::clipboardClearSecondsChanged, this, [this](int seconds) {
        if (m_clipboard)
            m_clipboard->setTimeout(seconds);
    });
    connect(m_settings, &AppSettings::notificationsEnabledChanged, m_desktop->notifier(),
            &Notifier::setEnabled);
    connect(m_desktop, &DesktopIntegration::settingsRequested, this, &DesktopSettings::openSettings);
}

DesktopSettings::~DesktopSettings()
{
    delete m_dialog;
}

void DesktopSettings::setAutostartAvailable(bool available)
{
    m_autostartAvailable = available;
    if (m_dialog)
        m_dialog->setAutostartAvailable(available);
}

SettingsDialog *DesktopSettings::settingsDialog() const
{
    return m_dialog;
}

void DesktopSettings::openSettings()
{
    if (m_desktop->isQuitting())
        return;
    if (!m_dialog) {
        m_dialog = new SettingsDialog(m_settings, m_network, m_desktop->mainWindow());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setAutostartAvailable(m_autostartAvailable);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void DesktopSettings::reportProblem(const QString &message)
{
    Q_EMIT settingProblem(message);
    if (m_dialog)
        m_dialog->showProblem(message);
    else
        m_desktop->reportProblem(message);
}
