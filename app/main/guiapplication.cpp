#include "main/guiapplication.h"

#include "accounts/accountstore.h"
#include "clipboard/clipboardguard.h"
#include "base/translations.h"
#include "main/demoenvironment.h"
#include "window/mainwindow.h"
#include "network/networkpolicy.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"
#include "base/clock.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "settings/autostart.h"
#include "tray/desktopintegration.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Options
{
    bool demo = false;
    bool minimized = false;
    QString configDir; // empty: the default location
    QString caFile;
};

Options parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("GuiApplication", "Keeps API tokens fresh, in the system tray."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        u"demo"_s,
        QCoreApplication::translate(
            "GuiApplication",
            "Start the offline demo: a local fake server and four demo accounts. Your "
            "accounts and keychain are not touched."));
    const QCommandLineOption configDir(
        u"config-dir"_s,
        QCoreApplication::translate("GuiApplication",
                                    "Keep accounts and settings in DIR instead of the default."),
        u"DIR"_s);
    const QCommandLineOption caFile(
        u"ca-file"_s,
        QCoreApplication::translate("GuiApplication", "Also trust the CA certificates in this PEM file."),
        u"PEM"_s);
    const QCommandLineOption minimized(
        u"minimized"_s, QCoreApplication::translate("GuiApplication", "Start without showing the window."));
    parser.addOptions({ demo, configDir, caFile, minimized });
    parser.process(app); // --help, --version and unknown options end here

    Options options;
    options.demo = parser.isSet(demo);
    options.minimized = parser.isSet(minimized);
    options.configDir = parser.value(configDir);
    options.caFile = parser.value(caFile);
    return options;
}

void fail(const QString &message)
{
    std::fprintf(stderr, "tokentray: %s\n", qUtf8Printable(message));
}

} // namespace

int GuiApplication::run(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"TokenTray"_s);
    QApplication::setOrganizationName(u"TokenTray"_s);
    QApplication::setApplicationVersion(QStringLiteral(TOKENTRAY_VERSION));
    installTranslations(app);
    QApplication::setDesktopFileName(QStringLiteral(TOKENTRAY_APP_ID));
    QApplication::setWindowIcon(QIcon(u":/icons/tokentray.svg"_s));

    const Options options = parseOptions(app);

    // The demo lives in a throwaway directory with secrets in memory only.
    std::unique_ptr<DemoEnvironment> demo;
    QString accountsPath;
    QString configDir;
    if (options.demo) {
        demo = std::make_unique<DemoEnvironment>();
        configDir = demo->configDir();
        accountsPath = demo->accountsPath();
    } else if (!options.configDir.isEmpty()) {
        configDir = QDir(options.configDir).absolutePath();
        accountsPath = QDir(configDir).filePath(u"accounts.json"_s);
    } else {
        accountsPath = AccountStore::defaultPath();
        configDir = QFileInfo(accountsPath).absolutePath();
    }
    if (!QDir().mkpath(configDir)) {
        fail(QCoreApplication::translate("GuiApplication", "cannot create the configuration folder %1")
                 .arg(configDir));
        return 7;
    }

    QNetworkAccessManager networkManager;
    NetworkPolicy network(&networkManager);
    SystemClock clock;
    AccountStore accounts(accountsPath);
    accounts.load(); // a problem is shown in the window, not here

    std::unique_ptr<SecretStore> secrets;
    if (options.demo)
        secrets = std::make_unique<MemorySecretStore>();
    else
        secrets = std::make_unique<KeychainSecretStore>(
            u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(configDir));

    SessionManager manager(&accounts, secrets.get(), &network, &clock);
    manager.setAutoRenew(true);

    // Preferences, and the window's geometry and table layout in their own group: never a secret.
    AppSettings settings(AppSettings::pathInConfigDir(configDir));

    ClipboardGuard clipboard(QGuiApplication::clipboard(), &clock);
    MainWindow window(&manager, &clipboard, settings.store());
    window.setDemoMode(options.demo);
    window.setAccountDefaults([&settings](Account &account) { settings.applyDefaults(account); });

    // Tray, close to tray, notifications, settings applied live, single instance, clean quit.
    auto desktop = std::make_unique<DesktopIntegration>(&window, &manager, &settings, &clipboard);
    // The demo must never touch the user's login session; another config dir
    // starts with that dir.
    if (options.demo)
        desktop->setAutostartCommand({});
    else if (!options.configDir.isEmpty())
        desktop->setAutostartCommand(Autostart::defaultCommand() << u"--config-dir"_s << configDir);
    window.settingsAction()->setVisible(true);
    QObject::connect(window.settingsAction(), &QAction::triggered, desktop.get(),
                     &DesktopIntegration::openSettings);
    QObject::connect(&window, &MainWindow::quitRequested, desktop.get(), &DesktopIntegration::quit);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &window, [&window] { window.saveWindowState(); });

    // After the settings were applied: the command line wins over the settings file.
    if (!options.caFile.isEmpty()) {
        const Status status = network.setExtraCaFile(options.caFile);
        if (!status.ok()) {
            fail(status.error());
            return 2;
        }
    }

    // A second launch for the same configuration hands over to the first and
    // exits. The demo's configuration is its own, so it never collides.
    if (!options.demo && !desktop->claimSingleInstance(configDir))
        return app.exec();

    // The window first; the keychain and the first sign-ins once it is on screen.
    desktop->start(options.minimized || settings.startMinimized());
    QTimer::singleShot(0, &manager, [&manager] { manager.start(); });

    if (demo) {
        window.showStatus(QCoreApplication::translate("GuiApplication", "Starting the offline demo…"), 0);
        QObject::connect(demo.get(), &DemoEnvironment::ready, &window, [&] {
            demo->populate(&manager, [&window](const Status &status) {
                if (status.ok())
                    window.showStatus(QCoreApplication::translate("GuiApplication",
                                                                  "Demo ready: four accounts on a local demo "
                                                                  "server. Their tokens live two to three "
                                                                  "minutes and renew by themselves."),
                                      20000);
                else
                    window.showProblem(status.error());
            });
        });
        QObject::connect(demo.get(), &DemoEnvironment::failed, &window, [&window](const QString &message) {
            window.showStatus({});
            window.showProblem(message);
        });
        demo->start(DemoEnvironment::findServer(QCoreApplication::applicationDirPath()));
    }

    return app.exec();
}
