// A small GUI host for DesktopIntegration and the quit and single-instance
// classes around it, run as a separate process by the
// tray tests: what only a real process shows (quitting, exit status, the
// single-instance handover between two launches, a display without a tray
// host) is tested through it. A QMainWindow stands in for the main window.
//
//   tokentray-trayhost --config-dir DIR [--minimized] [--tray-retry N:MS]
//                      [--secret-latency MS]
//
// Commands, one per line on stdin: close, hide, quit, state,
// copy TEXT (through the ClipboardGuard), add NAME (adds a 7G account whose
// credential write takes --secret-latency).
// Events, one per line on stdout: started, handover, tray 0|1, shown, hidden,
// active, state visible=V active=A tray=T, added, exit pending=N
// clipboard-ours=C elapsed=MS.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "clipboard/clipboardguard.h"
#include "desktop/quitsequence.h"
#include "main/singleinstance.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"

#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QLabel>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

class WindowWatcher : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        switch (event->type()) {
        case QEvent::Show:
            say(u"shown"_s);
            break;
        case QEvent::Hide:
            say(u"hidden"_s);
            break;
        case QEvent::WindowActivate:
            say(u"active"_s);
            break;
        default:
            break;
        }
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"tokentray-trayhost"_s);

    QCommandLineParser parser;
    const QCommandLineOption configDirOption(u"config-dir"_s, u"configuration directory"_s, u"dir"_s);
    const QCommandLineOption minimizedOption(u"minimized"_s, u"start in the tray"_s);
    const QCommandLineOption trayRetryOption(u"tray-retry"_s, u"attempts:interval"_s, u"n:ms"_s);
    const QCommandLineOption latencyOption(u"secret-latency"_s, u"secret store latency"_s, u"ms"_s);
    parser.addOptions({ configDirOption, minimizedOption, trayRetryOption, latencyOption });
    parser.process(app);
    const QString configDir = parser.value(configDirOption);
    if (configDir.isEmpty()) {
        std::fprintf(stderr, "tokentray-trayhost: --config-dir is required\n");
        return 2;
    }
    QDir().mkpath(configDir);

    SystemClock clock;
    AccountStore accounts(QDir(configDir).filePath(u"accounts.json"_s));
    accounts.load();
    MemorySecretStore secrets;
    secrets.setLatency(parser.value(latencyOption).toInt());
    QNetworkAccessManager nam;
    NetworkPolicy network(&nam);
    SessionManager manager(&accounts, &secrets, &network, &clock);
    AppSettings settings(AppSettings::pathInConfigDir(configDir));
    ClipboardGuard guard(QGuiApplication::clipboard(), &clock);

    QMainWindow window;
    window.setWindowTitle(u"TrayHost %1"_s.arg(QCoreApplication::applicationPid()));
    window.setCentralWidget(new QLabel(u"Tray host"_s, &window));
    window.resize(420, 200);
    WindowWatcher watcher;
    window.installEventFilter(&watcher);

    auto *desktop = new DesktopIntegration(&window, &manager, &settings, &app);
    auto *quit = new QuitSequence(desktop, &manager, &settings, &guard, &app);
    if (parser.isSet(trayRetryOption)) {
        const QStringList parts = parser.value(trayRetryOption).split(u':');
        desktop->setTrayRetry(parts.value(0).toInt(), parts.value(1).toInt());
    }
    QObject::connect(desktop, &DesktopIntegration::trayAvailabilityDecided, &app,
                     [](bool available) { say(u"tray %1"_s.arg(available ? 1 : 0)); });

    SingleInstance instance(&manager, &settings);
    QObject::connect(&instance, &SingleInstance::activateRequested, desktop,
                     &DesktopIntegration::showMainWindow);
    if (!instance.claim(configDir)) {
        say(u"handover"_s);
        return app.exec();
    }

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray buffer;
    QString lastCopied;
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char chunk[1024];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            input.setEnabled(false);
            return;
        }
        buffer.append(chunk, n);
        qsizetype eol;
        while ((eol = buffer.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(buffer.left(eol)).trimmed();
            buffer.remove(0, eol + 1);
            const QString command = line.section(u' ', 0, 0);
            const QString argument = line.section(u' ', 1);
            if (command == u"close") {
                window.close();
            } else if (command == u"hide") {
                window.hide();
            } else if (command == u"quit") {
                quit->quit();
            } else if (command == u"copy") {
                lastCopied = argument;
                guard.copySecret(argument);
            } else if (command == u"add") {
                Account account = Account::create(Provider::SevenG);
                account.name = argument;
                account.login = u"alice"_s;
                account.baseUrl = QUrl(u"http://127.0.0.1:9/"_s);
                account.environment = u"custom"_s;
                manager.setAutoRenew(false);
                manager.accountService()->addAccount(
                    account, u"not-a-real-password"_s, &app,
                    [](const Status &s) { say(s.ok() ? u"added"_s : u"add-failed"_s); });
            } else if (command == u"state") {
                say(u"state visible=%1 active=%2 tray=%3"_s.arg(window.isVisible() ? 1 : 0)
                        .arg(window.isActiveWindow() ? 1 : 0)
                        .arg(desktop->hasTray() ? 1 : 0));
            }
        }
    });

    manager.start();
    desktop->start(parser.isSet(minimizedOption));
    say(u"started"_s);

    QElapsedTimer sinceQuit;
    QObject::connect(quit, &QuitSequence::quitting, &app, [&] { sinceQuit.start(); });
    const int status = app.exec();
    const bool stillOnClipboard
        = !lastCopied.isEmpty() && QGuiApplication::clipboard()->text(QClipboard::Clipboard) == lastCopied;
    say(u"exit pending=%1 clipboard-ours=%2 elapsed=%3"_s.arg(manager.pendingWrites())
            .arg(stillOnClipboard ? 1 : 0)
            .arg(sinceQuit.isValid() ? sinceQuit.elapsed() : -1));
    return status;
}
