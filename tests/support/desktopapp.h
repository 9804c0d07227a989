#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

// The real tokentray binary on the harness desktop, for end-to-end tests:
// one window process started with its own configuration directory, the
// command line beside it, and the X tools that stand in for the user
// (xdotool for keys, xclip for the clipboard).
//
//     DesktopApp app(bin, configDir);
//     QVERIFY(app.start());
//     QVERIFY(app.waitUntilListening());
//     DesktopApp::Run added = app.cli({ u"add"_s, ... }, password.toUtf8());
//     QVERIFY(app.pressKeys(u"ctrl+c"_s));
//     QByteArray clip = DesktopApp::clipboard();
class DesktopApp
{
public:
    struct Run
    {
        int exitCode = -1; // -1: did not start, did not finish, or crashed
        QByteArray out;
        QByteArray err;
        qint64 pid = 0;
    };

    DesktopApp(const QString &binary, const QString &configDir);
    ~DesktopApp(); // stops a window still running (SIGTERM, then SIGKILL)

    QString configDir() const { return m_configDir; }
    QProcess &window() { return m_window; }

    // The window, not minimized; environment additions for it in `extraEnv`.
    bool start(const QStringList &extraArguments = {}, const QProcessEnvironment &env = {});
    // Until the window answers on its instance socket.
    bool waitUntilListening(int timeoutMs = 60000);
    // The id of the visible main window ("TokenTray", wider than a tray icon), or empty.
    QString mainWindowId();
    // Activates the main window and types the keys (xdotool syntax, e.g. "ctrl+c").
    bool pressKeys(const QString &keys);

    // `tokentray --config-dir DIR ARGS` with INPUT on stdin. `started`, when
    // given, is called once the process runs and before it gets its input.
    Run cli(const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 60000,
            const std::function<void(qint64 pid)> &started = {}) const;

    // Any program with ARGUMENTS, INPUT on its stdin and, when not empty, ENV
    // as its whole environment; `started` as for cli().
    static Run run(const QString &program, const QStringList &arguments, const QByteArray &input = {},
                   int timeoutMs = 60000, const QProcessEnvironment &env = {},
                   const std::function<void(qint64 pid)> &started = {});

    // The CLIPBOARD selection as text (empty when nobody holds one).
    static QByteArray clipboard();
    // A tool's stdout, or empty when it fails or hangs.
    static QByteArray tool(const QString &program, const QStringList &arguments, int *exitCode = nullptr);

private:
    QString m_binary;
    QString m_configDir;
    QProcess m_window;
};
