#include "desktopapp.h"

#include "ipc/instanceprotocol.h"

#include <QLocalSocket>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

DesktopApp::DesktopApp(const QString &binary, const QString &configDir)
    : m_binary(binary)
    , m_configDir(configDir)
{ }

DesktopApp::~DesktopApp()
{
    if (m_window.state() == QProcess::NotRunning)
        return;
    m_window.terminate();
    if (!m_window.waitForFinished(10000)) {
        m_window.kill();
        m_window.waitForFinished(5000);
    }
}

bool DesktopApp::start(const QStringList &extraArguments, const QProcessEnvironment &env)
{
    QProcessEnvironment full = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        full.insert(key, env.value(key));
    m_window.setProcessEnvironment(full);
    m_window.start(m_binary, QStringList { u"--config-dir"_s, m_configDir } + extraArguments);
    return m_window.waitForStarted(10000);
}

bool DesktopApp::waitUntilListening(int timeoutMs)
{
    // Until the window listens, a command would be carried out headless beside it.
    const auto listening = [this] {
        QLocalSocket probe;
        probe.connectToServer(
            InstanceProtocol::serverName(InstanceProtocol::normalizedConfigDir(m_configDir)));
        return probe.waitForConnected(200);
    };
    return QTest::qWaitFor([&] { return m_window.state() == QProcess::Running && listening(); }, timeoutMs);
}

QByteArray DesktopApp::tool(const QString &program, const QStringList &arguments, int *exitCode)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(2000);
        if (exitCode)
            *exitCode = -1;
        return {};
    }
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

QString DesktopApp::mainWindowId()
{
    // Balloons and notifications carry the application's name too: the
    // largest window is the main one.
    const QByteArray ids = tool(u"xdotool"_s,
                                { u"search"_s, u"--onlyvisible"_s, u"--pid"_s,
                                  QString::number(m_window.processId()), u"--name"_s, u"^TokenTray$"_s });
    QString best;
    qint64 bestArea = 0;
    for (const QByteArray &id : ids.split('\n')) {
        if (id.trimmed().isEmpty())
            continue;
        const QByteArray geometry
            = tool(u"xdotool"_s, { u"getwindowgeometry"_s, u"--shell"_s, QString::fromLatin1(id.trimmed()) });
        qint64 width = 0;
        qint64 height = 0;
        for (const QByteArray &line : geometry.split('\n')) {
            if (line.startsWith("WIDTH="))
                width = line.mid(6).toLongLong();
            else if (line.startsWith("HEIGHT="))
                height = line.mid(7).toLongLong();
        }
        if (width > 100 && width * height > bestArea) {
            bestArea = width * height;
            best = QString::fromLatin1(id.trimmed());
        }
    }
    return best;
}

bool DesktopApp::pressKeys(const QString &keys)
{
    const QString id = mainWindowId();
    if (id.isEmpty()) {
        qWarning("no visible main window to type into");
        return false;
    }
    int status = -1;
    tool(u"xdotool"_s, { u"windowactivate"_s, u"--sync"_s, id }, &status);
    if (status != 0) {
        qWarning("xdotool could not activate the main window (status %d)", status);
        return false;
    }
    tool(u"xdotool"_s, { u"key"_s, u"--clearmodifiers"_s, keys }, &status);
    return status == 0;
}

DesktopApp::Run DesktopApp::cli(const QStringList &arguments, const QByteArray &input, int timeoutMs,
                                const std::function<void(qint64)> &started) const
{
    return run(m_binary, QStringList { u"--config-dir"_s, m_configDir } + arguments, input, timeoutMs, {},
               started);
}

DesktopApp::Run DesktopApp::run(const QString &program, const QStringList &arguments, const QByteArray &input,
                                int timeoutMs, const QProcessEnvironment &env,
                                const std::function<void(qint64)> &started)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(program, arguments);
    Run result;
    if (!p.waitForStarted(10000))
        return result;
    result.pid = p.processId();
    if (started)
        started(result.pid);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    } else if (p.exitStatus() == QProcess::NormalExit) {
        result.exitCode = p.exitCode();
    }
    result.out = p.readAllStandardOutput();
    result.err = p.readAllStandardError();
    return result;
}

QByteArray DesktopApp::clipboard()
{
    // xclip asks the owner for the data; the owner is another process here.
    return tool(u"xclip"_s, { u"-o"_s, u"-selection"_s, u"clipboard"_s });
}
