#pragma once

#include <QObject>
#include <QPointer>

class AppSettings;
class ClipboardGuard;
class DesktopIntegration;
class NetworkPolicy;
class SettingsDialog;
class QWidget;

// The settings of the desktop side, applied at start and live: how soon the
// clipboard clears and whether notifications show. Opens the settings dialog
// and tells the user of a setting that could not be applied: in the dialog
// when it is open, through the tray otherwise. (Proxy and CA follow the
// settings in the engine; start at login in LoginAutostart.)
class DesktopSettings : public QObject
{
    Q_OBJECT
public:
    // clipboard may be null (no copying in this process).
    DesktopSettings(AppSettings *settings, NetworkPolicy *network, ClipboardGuard *clipboard,
                    DesktopIntegration *desktop, QObject *parent = nullptr);
    ~DesktopSettings() override;

    // Whether the dialog offers start at login (not in the demo).
    void setAutostartAvailable(bool available);
    bool autostartAvailable() const { return m_autostartAvailable; }

    void openSettings();
    SettingsDialog *settingsDialog() const;

    // A setting could not be applied (the autostart entry, the CA file).
    void reportProblem(const QString &message);

Q_SIGNALS:
    void settingProblem(const QString &message);

private:
    AppSettings *m_settings;
    NetworkPolicy *m_network;
    QPointer<ClipboardGuard> m_clipboard;
    DesktopIntegration *m_desktop;
    QPointer<SettingsDialog> m_dialog;
    bool m_autostartAvailable = true;
};
