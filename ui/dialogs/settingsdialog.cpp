#include "dialogs/settingsdialog.h"

#include "network/networkpolicy.h"
#include "settings/appsettings.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QSpinBox *spinBox(int min, int max, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    // Store the finished number, not every keystroke on the way to it.
    box->setKeyboardTracking(false);
    return box;
}

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// A host name or address, without scheme, path or spaces.
bool plausibleProxyHost(const QString &host)
{
    if (host.isEmpty() || host.contains(u"://"_s))
        return false;
    for (const QChar c : host) {
        if (c.isSpace() || c == u'/' || c == u'@')
            return false;
    }
    return true;
}
} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, NetworkPolicy *network, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_network(network)
{
    setWindowTitle(tr("TokenTray Settings"));
    setObjectName(u"settingsDialog"_s);

    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"settingsProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setAutoFillBackground(true);
    m_problem->setMargin(8);
    {
        QPalette p = m_problem->palette();
        p.setColor(QPalette::Window, QColor(0xfd, 0xe7, 0xe7));
        p.setColor(QPalette::WindowText, QColor(0x8a, 0x1c, 0x1c));
        m_problem->setPalette(p);
    }
    m_problem->hide();
    layout->addWidget(m_problem);

    // Clipboard
    auto *clipboardBox = new QGroupBox(tr("Clipboard"), this);
    auto *clipboardForm = new QFormLayout(clipboardBox);
    clipboardForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_clipboardSeconds = spinBox(AppSettings::MinClipboardClearSeconds, AppSettings::MaxClipboardClearSeconds,
                                 tr(" s"), clipboardBox);
    m_clipboardSeconds->setObjectName(u"clipboardSeconds"_s);
    m_clipboardSeconds->setAccessibleName(tr("Clear copied tokens after, in seconds"));
    clipboardForm->addRow(tr("&Clear copied tokens after:"), m_clipboardSeconds);
    clipboardForm->addRow(
        noteLabel(tr("The clipboard is only cleared if it still holds the token TokenTray put "
                     "there."),
                  clipboardBox));
    layout->addWidget(clipboardBox);

    // Tokens
    auto *tokensBox = new QGroupBox(tr("New accounts"), this);
    auto *tokensForm = new QFormLayout(tokensBox);
    tokensForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_refreshLead = spinBox(AppSettings::MinRefreshLeadSeconds, AppSettings::MaxRefreshLeadSeconds, tr(" s"),
                            tokensBox);
    m_refreshLead->setObjectName(u"refreshLead"_s);
    m_refreshLead->setAccessibleName(tr("Renew tokens this many seconds before they expire"));
    tokensForm->addRow(tr("&Renew tokens before expiry by:"), m_refreshLead);
    m_d7LifetimeMinutes = spinBox(AppSettings::MinD7LifetimeSeconds / 60,
                                  AppSettings::MaxD7LifetimeSeconds / 60, tr(" min"), tokensBox);
    m_d7LifetimeMinutes->setObjectName(u"d7Lifetime"_s);
    m_d7LifetimeMinutes->setAccessibleName(tr("D7 token lifetime in minutes when the token does not say"));
    tokensForm->addRow(tr("D&7 token lifetime if unknown:"), m_d7LifetimeMinutes);
    tokensForm->addRow(noteLabel(tr("Used for accounts you add from now on; each account can be changed in "
                                    "its own settings."),
                                 tokensBox));
    layout->addWidget(tokensBox);

    // Desktop
    auto *desktopBox = new QGroupBox(tr("Desktop"), this);
    auto *desktopLayout = new QVBoxLayout(desktopBox);
    m_startAtLogin = new QCheckBox(tr("Start TokenTray when I &log in"), desktopBox);
    m_startAtLogin->setObjectName(u"startAtLogin"_s);
    m_startMinimized = new QCheckBox(tr("Start &minimised to the tray"), desktopBox);
    m_startMinimized->setObjectName(u"startMinimized"_s);
    m_notifications = new QCheckBox(tr("&Notify me when an account needs attention"), desktopBox);
    m_notifications->setObjectName(u"notifications"_s);
    desktopLayout->addWidget(m_startAtLogin);
    desktopLayout->addWidget(m_startMinimized);
    m_hideWhenLocked = new QCheckBox(tr("&Hide logins and tokens while the screen is locked"), desktopBox);
    m_hideWhenLocked->setObjectName(u"hideWhenLocked"_s);
    m_hideWhenLocked->setToolTip(tr("When the desktop locks, the clipboard is cleared if it holds a token "
                                    "TokenTray copied, whatever this says."));
    desktopLayout->addWidget(m_notifications);
    desktopLayout->addWidget(m_hideWhenLocked);
    layout->addWidget(desktopBox);

    // Network
    auto *networkBox = new QGroupBox(tr("Network"), this);
    auto *networkForm = new QFormLayout(networkBox);
    auto *caRow = new QHBoxLayout;
    m_caFile = new QLineEdit(networkBox);
    m_caFile->setObjectName(u"caFile"_s);
    m_caFile->setReadOnly(true);
    m_caFile->setPlaceholderText(tr("None"));
    m_caFile->setAccessibleName(tr("Extra CA certificate file"));
    m_caChoose = new QPushButton(tr("Choo&se…"), networkBox);
    m_caChoose->setObjectName(u"caChoose"_s);
    m_caRemove = new QPushButton(tr("Remo&ve"), networkBox);
    m_caRemove->setObjectName(u"caRemove"_s);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_caChoose);
    caRow->addWidget(m_caRemove);
    // The label names the file field, so a screen reader and the mnemonic find it.
    auto *caLabel = new QLabel(tr("E&xtra CA certificate:"), networkBox);
    caLabel->setBuddy(m_caFile);
    networkForm->addRow(caLabel, caRow);
    m_caResult = new QLabel(networkBox);
    m_caResult->setObjectName(u"caResult"_s);
    m_caResult->setWordWrap(true);
    m_caResult->setTextFormat(Qt::PlainText);
    m_caResult->hide();
    networkForm->addRow(QString(), m_caResult);

    auto *proxyColumn = new QVBoxLayout;
    m_proxyGroup = new QButtonGroup(this);
    m_proxySystem = new QRadioButton(tr("Use the s&ystem proxy settings"), networkBox);
    m_proxySystem->setObjectName(u"proxySystem"_s);
    m_proxyNone = new QRadioButton(tr("N&o proxy"), networkBox);
    m_proxyNone->setObjectName(u"proxyNone"_s);
    m_proxyManual = new QRadioButton(tr("Man&ual proxy"), networkBox);
    m_proxyManual->setObjectName(u"proxyManual"_s);
    m_proxyGroup->addButton(m_proxySystem);
    m_proxyGroup->addButton(m_proxyNone);
    m_proxyGroup->addButton(m_proxyManual);
    proxyColumn->addWidget(m_proxySystem);
    proxyColumn->addWidget(m_proxyNone);
    auto *manualRow = new QHBoxLayout;
    manualRow->addWidget(m_proxyManual);
    m_proxyHost = new QLineEdit(networkBox);
    m_proxyHost->setObjectName(u"proxyHost"_s);
    m_proxyHost->setPlaceholderText(tr("proxy.example.com"));
    m_proxyHost->setAccessibleName(tr("Proxy host"));
    auto *hostLabel = new QLabel(tr("Hos&t:"), networkBox);
    hostLabel->setBuddy(m_proxyHost);
    manualRow->addWidget(hostLabel);
    manualRow->addWidget(m_proxyHost, 1);
    auto *portLabel = new QLabel(tr("&Port:"), networkBox);
    manualRow->addWidget(portLabel);
    m_proxyPort = spinBox(1, 65535, QString(), networkBox);
    m_proxyPort->setObjectName(u"proxyPort"_s);
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyPort->setValue(3128);
    portLabel->setBuddy(m_proxyPort);
    manualRow->addWidget(m_proxyPort);
    proxyColumn->addLayout(manualRow);
    m_proxyHint = new QLabel(networkBox);
    m_proxyHint->setObjectName(u"proxyHint"_s);
    m_proxyHint->setWordWrap(true);
    m_proxyHint->hide();
    proxyColumn->addWidget(m_proxyHint);
    networkForm->addRow(tr("Proxy:"), proxyColumn);
    layout->addWidget(networkBox);

    layout->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    load();
    loadProxy();
    const QString ca = m_settings->extraCaFile();
    if (!ca.isEmpty() && m_network->extraCaFile() != ca)
        showCaResult(false,
                     tr("This file is not in use: it could not be loaded. Choose it again to see why."));

    connect(m_clipboardSeconds, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading)
            m_settings->setClipboardClearSeconds(v);
    });
    connect(m_refreshLead, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading)
            m_settings->setRefreshLeadSeconds(v);
    });
    connect(m_d7LifetimeMinutes, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading)
            m_settings->setDefaultD7LifetimeSeconds(v * 60);
    });
    connect(m_startAtLogin, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_settings->setStartAtLogin(on);
    });
    connect(m_startMinimized, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_settings->setStartMinimized(on);
    });
    connect(m_notifications, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_settings->setNotificationsEnabled(on);
    });
    connect(m_hideWhenLocked, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_settings->setHideWhenLocked(on);
    });
    connect(m_caChoose, &QPushButton::clicked, this, &SettingsDialog::openCaFileChooser);
    connect(m_caRemove, &QPushButton::clicked, this, &SettingsDialog::removeCaFile);
    connect(m_proxyGroup, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool checked) {
        if (checked && !m_loading)
            storeProxy();
    });
    connect(m_proxyHost, &QLineEdit::editingFinished, this, [this] {
        if (!m_loading && m_proxyManual->isChecked())
            storeProxy();
    });
    connect(m_proxyPort, &QSpinBox::valueChanged, this, [this] {
        if (!m_loading && m_proxyManual->isChecked())
            storeProxy();
    });

    // Someone else may change a setting while the dialog is open (a failed
    // autostart is switched back off, for one): follow it.
    connect(m_settings, &AppSettings::changed, this, &SettingsDialog::load);
    // Only a stored proxy change resets the proxy fields, so an unfinished
    // manual entry survives other settings changing.
    connect(m_settings, &AppSettings::proxyChanged, this, &SettingsDialog::loadProxy);
}

void SettingsDialog::load()
{
    m_loading = true;
    m_clipboardSeconds->setValue(m_settings->clipboardClearSeconds());
    m_refreshLead->setValue(m_settings->refreshLeadSeconds());
    m_d7LifetimeMinutes->setValue(m_settings->defaultD7LifetimeSeconds() / 60);
    m_startAtLogin->setChecked(m_settings->startAtLogin());
    m_startMinimized->setChecked(m_settings->startMinimized());
    m_notifications->setChecked(m_settings->notificationsEnabled());
    m_hideWhenLocked->setChecked(m_settings->hideWhenLocked());

    const QString ca = m_settings->extraCaFile();
    m_caFile->setText(QDir::toNativeSeparators(ca));
    m_caRemove->setEnabled(!ca.isEmpty());
    m_loading = false;
}

void SettingsDialog::loadProxy()
{
    m_loading = true;
    const ProxySettings proxy = m_settings->proxy();
    switch (proxy.mode) {
    case NetworkPolicy::ProxyMode::System:
        m_proxySystem->setChecked(true);
        break;
    case NetworkPolicy::ProxyMode::None:
        m_proxyNone->setChecked(true);
        break;
    case NetworkPolicy::ProxyMode::Manual:
        m_proxyManual->setChecked(true);
        m_proxyHost->setText(proxy.host);
        m_proxyPort->setValue(proxy.port);
        break;
    }
    updateProxyFields();
    m_loading = false;
}

void SettingsDialog::setAutostartAvailable(bool available)
{
    m_startAtLogin->setEnabled(available);
    m_startAtLogin->setToolTip(
        available ? QString()
                  : tr("The demo never changes your desktop session, so it cannot start at login."));
}

void SettingsDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void SettingsDialog::showCaResult(bool ok, const QString &text)
{
    QPalette p = m_caResult->palette();
    p.setColor(QPalette::WindowText, ok ? QColor(0x1e, 0x7b, 0x45) : QColor(0xb0, 0x24, 0x24));
    m_caResult->setPalette(p);
    m_caResult->setText(text);
    m_caResult->setVisible(!text.isEmpty());
}

void SettingsDialog::openCaFileChooser()
{
    // open(), not exec(): no nested event loop.
    auto *chooser = new QFileDialog(this, tr("Choose a CA certificate"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setNameFilters({ tr("PEM certificates (*.pem *.crt *.cer)"), tr("All files (*)") });
    const QString current = m_settings->extraCaFile();
    if (!current.isEmpty())
        chooser->setDirectory(QFileInfo(current).absolutePath());
    connect(chooser, &QFileDialog::fileSelected, this, &SettingsDialog::chooseCaFile);
    chooser->open();
}

void SettingsDialog::chooseCaFile(const QString &path)
{
    if (path.isEmpty())
        return;
    // Loading is the validation: on failure the policy keeps what it had.
    const Status loaded = m_network->setExtraCaFile(path);
    if (!loaded) {
        showCaResult(false, loaded.error());
        return;
    }
    showCaResult(true, tr("The certificates in this file are now trusted, in addition to the system's."));
    m_settings->setExtraCaFile(path);
}

void SettingsDialog::removeCaFile()
{
    m_network->clearExtraCa();
    m_settings->setExtraCaFile({});
    showCaResult(true, tr("Only the system's certificates are trusted now."));
}

void SettingsDialog::updateProxyFields()
{
    const bool manual = m_proxyManual->isChecked();
    m_proxyHost->setEnabled(manual);
    m_proxyPort->setEnabled(manual);
    if (!manual)
        m_proxyHint->hide();
}

void SettingsDialog::storeProxy()
{
    updateProxyFields();
    ProxySettings proxy;
    if (m_proxyNone->isChecked()) {
        proxy.mode = NetworkPolicy::ProxyMode::None;
    } else if (m_proxyManual->isChecked()) {
        const QString host = m_proxyHost->text().trimmed();
        if (!plausibleProxyHost(host)) {
            m_proxyHint->setText(host.isEmpty() ? tr("Enter the proxy's host name to use it.")
                                                : tr("Enter only the proxy's host name or address, such as "
                                                     "proxy.example.com, without http:// or a path."));
            m_proxyHint->show();
            if (host.isEmpty())
                m_proxyHost->setFocus();
            return; // the previous proxy stays in use until this one is complete
        }
        m_proxyHint->hide();
        proxy.mode = NetworkPolicy::ProxyMode::Manual;
        proxy.host = host;
        proxy.port = static_cast<quint16>(m_proxyPort->value());
    }
    m_settings->setProxy(proxy);
}
