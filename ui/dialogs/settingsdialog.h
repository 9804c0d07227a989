#pragma once

#include <QDialog>
#include <QPointer>

class AppSettings;
class NetworkPolicy;
class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

// The preferences window. Every change is stored at once and applied live by
// whoever listens to AppSettings: there is nothing to confirm, only Close.
// Input that can be wrong is checked where it is entered: the extra CA file
// is loaded when chosen and the result shown beside it; a manual proxy is
// stored only once it has a host and a port.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(AppSettings *settings, NetworkPolicy *network, QWidget *parent = nullptr);

    // Shows a problem applying a setting (e.g. the autostart entry could not
    // be written) inside the dialog; an empty text hides it.
    void showProblem(const QString &text);

    // Whether "Start TokenTray when I log in" can be offered (not in the demo).
    void setAutostartAvailable(bool available);

    // Loads and trusts the CA file, stores it on success and shows the result
    // inline. Public so tests need not drive the file chooser.
    void chooseCaFile(const QString &path);

private:
    void load();
    void loadProxy();
    void removeCaFile();
    void openCaFileChooser();
    void storeProxy();
    void updateProxyFields();
    void showCaResult(bool ok, const QString &text);

    AppSettings *m_settings;
    NetworkPolicy *m_network;

    QSpinBox *m_clipboardSeconds;
    QSpinBox *m_refreshLead;
    QSpinBox *m_d7LifetimeMinutes;
    QCheckBox *m_startAtLogin;
    QCheckBox *m_startMinimized;
    QCheckBox *m_notifications;
    QCheckBox *m_hideWhenLocked;
    QLineEdit *m_caFile;
    QPushButton *m_caChoose;
    QPushButton *m_caRemove;
    QLabel *m_caResult;
    QButtonGroup *m_proxyGroup;
    QRadioButton *m_proxySystem;
    QRadioButton *m_proxyNone;
    QRadioButton *m_proxyManual;
    QLineEdit *m_proxyHost;
    QSpinBox *m_proxyPort;
    QLabel *m_proxyHint;
    QLabel *m_problem;
    bool m_loading = false;
};
