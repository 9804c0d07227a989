#include "main/guiapplication.h"

#include "accounts/accountstore.h"
#include "base/exitcode.h"
#include "base/stopsignalwatcher.h"
#include "base/translations.h"
#include "cli/sharedoptions.h"
#include "clipboard/clipboardguard.h"
#include "desktop/desktopsettings.h"
#include "desktop/quitsequence.h"
#include "desktop/screenlockpolicy.h"
#include "desktop/tokencopier.h"
#include "main/demoenvironment.h"
#include "main/engine.h"
#include "main/loginautostart.h"
#include "main/singleinstance.h"
#include "platform/screenlockwatcher.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "settings/autostart.h"
#include "tray/desktopintegration.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
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

void fail(const QString &message)
{
    std::fprintf(stderr, "tokentray: %s\n", qUtf8Printable(message));
}

// --help, --version and unknown options end the process in here.
Result<Options> parseOptions(const QApplication &app)
{
    QStringList arguments = app.arguments();
    const QString program = arguments.isEmpty() ? QString() : arguments.takeFirst();
    const Result<SharedOptions> shared = SharedOptions::take(arguments);
    if (!shared)
        return Result<Options>::failure(shared.error());

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
    const QCommandLineOption minimized(
        u"minimized"_s, QCoreApplication::translate("GuiApplication", "Start without showing the window."));
    parser.addOptions({ demo, minimized });
    parser.addOptions(SharedOptions::helpOptions());
    parser.process(QStringList { program } + arguments);

    Options options;
    options.demo = parser.isSet(demo);
    options.minimized = parser.isSet(minimized);
    options.configDir = shared->configDir;
    options.caFile = shared->caFile;
    return options;
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
    // From here on SIGTERM, SIGINT and SIGHUP wait in the event loop for the
    // quit sequence below (a signal before it exists is read once it does).
    StopSignalWatcher stopSignals;

    const Result<Options> parsed = parseOptions(app);
    if (!parsed) {
        fail(parsed.error());
        return exitStatus(ExitCode::Usage);
    }
    const Options &options = parsed.value();

    // The demo lives in a throwaway directory with secrets in memory only.
    std::unique_ptr<DemoEnvironment> demo;
    Engine::Options engineOptions;
    engineOptions.memorySecrets = options.demo;
    if (options.demo) {
        demo = std::make_unique<DemoEnvironment>();
        engineOptions.configDir = demo->configDir();
        engineOptions.accountsPath = demo->accountsPath();
        engineOptions.accessLogPath = QDir(demo->configDir()).filePath(u"access-log.jsonl"_s);
    } else if (!options.configDir.isEmpty()) {
        engineOptions.configDir = QDir(options.configDir).absolutePath();
    } else {
        engineOptions.accountsPath = AccountStore::defaultPath();
        engineOptions.configDir = QFileInfo(engineOptions.accountsPath).absolutePath();
    }
    const QString configDir = engineOptions.configDir;
    if (!QDir().mkpath(configDir)) {
        fail(QCoreApplication::translate("GuiApplication", "cannot create the configuration folder %1")
                 .arg(configDir));
        return exitStatus(ExitCode::BadConfig);
    }

    Engine engine(engineOptions);
    engine.accounts()->load(); // a problem is shown in the window, not here
    const Status network = engine.build(options.caFile);
    // The command line's CA file must work; the settings' one is reported below.
    if (!network && !options.caFile.isEmpty()) {
        fail(network.error());
        return exitStatus(ExitCode::Usage);
    }
    engine.followSettings();
    SessionManager &manager = *engine.sessions();
    manager.setAutoRenew(true);
    // Preferences, and the window's geometry and table layout in their own group: never a secret.
    AppSettings &settings = *engine.settings();

    ClipboardGuard clipboard(QGuiApplication::clipboard(), engine.clock());
    MainWindow window(&manager, &clipboard, settings.store());
    window.setDemoMode(options.demo);
    window.setAccessLog(engine.accessLog());
    window.setAccountDefaults([&settings](Account &account) { settings.applyDefaults(account); });

    // The tray, and around it: settings applied live, copying from the tray,
    // start at login, a clean quit, single instance.
    DesktopIntegration desktop(&window, &manager, &settings);
    DesktopSettings desktopSettings(&settings, engine.network(), &clipboard, &desktop);
    TokenCopier copier(&manager, &clipboard, &desktop);
    QuitSequence quit(&desktop, &manager, &settings, &clipboard);
    // A locked desktop: the screen saver on the session bus, logind on the system bus.
    ScreenLockWatcher screenLock;
    ScreenLockPolicy screenLockPolicy(&screenLock, &clipboard, &window, &settings);
    LoginAutostart autostart(&settings);
    // The demo must never touch the user's login session; another config dir
    // starts with that dir.
    if (options.demo)
        autostart.setCommand({});
    else if (!options.configDir.isEmpty())
        autostart.setCommand(Autostart::defaultCommand() << u"--config-dir"_s << configDir);
    desktopSettings.setAutostartAvailable(autostart.isAvailable());
    QObject::connect(&autostart, &LoginAutostart::problem, &desktopSettings, &DesktopSettings::reportProblem);
    QObject::connect(&engine, &Engine::settingProblem, &desktopSettings, &DesktopSettings::reportProblem);
    if (!network) {
        desktopSettings.reportProblem(
            QCoreApplication::translate("GuiApplication", "The extra CA certificate is not in use: %1")
                .arg(network.error()));
    }

    window.settingsAction()->setVisible(true);
    QObject::connect(window.settingsAction(), &QAction::triggered, &desktopSettings,
                     &DesktopSettings::openSettings);
    QObject::connect(&window, &MainWindow::quitRequested, &quit, &QuitSequence::quit);
    QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &quit, &QuitSequence::stop);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &window, [&window] { window.saveWindowState(); });

    // A second launch for the same configuration hands over to the first and
    // exits. The demo's configuration is its own, so it never collides.
    SingleInstance instance(&manager, &settings);
    instance.setAccessLog(engine.accessLog());
    QObject::connect(&instance, &SingleInstance::activateRequested, &desktop, [&window, &desktop] {
        // Under Wayland a client can neither raise its window nor restore it
        // from minimized (xdg-shell has no request for either; activation
        // needs a token this launch does not carry), and it is not told when
        // the compositor minimizes it: Weston, for one, leaves a minimized
        // window marked active. Mapped afresh, the window comes back in front
        // with the focus on every compositor. Not while a modal dialog is
        // open: that stays where it is, on top of its window.
        if (QGuiApplication::platformName() == u"wayland"_s && window.isVisible()
            && !QApplication::activeModalWidget())
            window.hide();
        desktop.showMainWindow();
    });
    if (!options.demo && !instance.claim(configDir))
        return app.exec();

    // Rewritten at each start so the entry follows the program if it moved.
    if (const Status restored = autostart.restore(); !restored)
        desktop.reportProblem(restored.error());

    // The window first; the keychain and the first sign-ins once it is on screen.
    desktop.start(options.minimized || settings.startMinimized());
    screenLock.start();
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
