#include "main/demoenvironment.h"

#include "network/networkpolicy.h"
#include "platform/programfiles.h"
#include "session/sessionmanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString serverFileName()
{
#ifdef Q_OS_WIN
    return u"tokentray-fakeapi.exe"_s;
#else
    return u"tokentray-fakeapi"_s;
#endif
}

} // namespace

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
    , m_configDir(QDir::tempPath() + u"/tokentray-demo-XXXXXX"_s)
{
    m_startTimer.setSingleShot(true);
    m_startTimer.setInterval(StartTimeoutMs);
    connect(&m_startTimer, &QTimer::timeout, this, [this] {
        fail(tr("The demo server did not start within %n seconds.", nullptr, StartTimeoutMs / 1000));
    });
}

DemoEnvironment::~DemoEnvironment()
{
    stop();
}

QString DemoEnvironment::accountsPath() const
{
    return m_configDir.filePath(u"accounts.json"_s);
}

QString DemoEnvironment::findServer(const QString &applicationDir)
{
    const QString server = ProgramFiles::companionProgram(applicationDir, serverFileName());
    return server.isEmpty() ? QString() : QFileInfo(server).canonicalFilePath();
}

QStringList DemoEnvironment::serverArguments()
{
    // --demo adds the users and applications of accounts() below; the short
    // lifetimes make renewals happen while the user watches, and the small
    // delay makes "Refreshing…" visible for a moment.
    return { u"--demo"_s,
             u"--listen"_s,
             u"127.0.0.1"_s,
             u"--port"_s,
             u"0"_s,
             u"--seveng-ttl"_s,
             QString::number(SevenGLifetimeSeconds),
             u"--d7-ttl"_s,
             QString::number(D7LifetimeSeconds),
             u"--delay-ms"_s,
             u"400"_s,
             u"--quiet"_s };
}

void DemoEnvironment::start(const QString &serverPath)
{
    if (m_process || m_finished)
        return;
    if (!m_configDir.isValid()) {
        fail(tr("Cannot create a temporary folder for the demo: %1").arg(m_configDir.errorString()));
        return;
    }
    if (serverPath.isEmpty()) {
        fail(tr("The demo server (tokentray-fakeapi) was not found next to TokenTray or in "
                "../libexec/tokentray. Build it with the tokentray-fakeapi target."));
        return;
    }

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(serverPath);
    m_process->setArguments(serverArguments());
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setStandardInputFile(QProcess::nullDevice());
#ifdef Q_OS_LINUX
    // If TokenTray dies without cleaning up, the server goes with it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &DemoEnvironment::readStartLine);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("The demo server could not be started: %1").arg(m_process->errorString()));
    });
    connect(m_process.get(), &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        if (status == QProcess::CrashExit)
            fail(tr("The demo server stopped unexpectedly."));
        else
            fail(tr("The demo server stopped unexpectedly (exit code %1).").arg(exitCode));
    });
    m_startTimer.start();
    m_process->start();
}

void DemoEnvironment::readStartLine()
{
    m_stdout += m_process->readAllStandardOutput();
    if (m_finished) {
        m_stdout.clear();
        return;
    }
    const qsizetype newline = m_stdout.indexOf('\n');
    if (newline < 0) {
        if (m_stdout.size() > 4096)
            fail(tr("The demo server printed something unexpected on start."));
        return;
    }
    const QByteArray line = m_stdout.left(newline);
    m_stdout.clear();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    const QUrl url(doc.object().value(u"baseUrl"_s).toString(), QUrl::StrictMode);
    if (error.error != QJsonParseError::NoError || !url.isValid()
        || !NetworkPolicy::isLoopbackHost(url.host())) {
        fail(tr("The demo server printed something unexpected on start."));
        return;
    }
    m_startTimer.stop();
    m_finished = true;
    m_baseUrl = url;
    Q_EMIT ready(m_baseUrl);
}

void DemoEnvironment::fail(const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_startTimer.stop();
    Q_EMIT failed(message);
}

void DemoEnvironment::stop()
{
    m_startTimer.stop();
    if (!m_process)
        return;
    // No more signals from here on: stopping on purpose is no failure.
    m_process->disconnect(this);
    m_finished = true;
    if (m_process->state() == QProcess::NotRunning) {
        m_process.reset();
        return;
    }
    // SIGTERM, and let the process object go once the server has exited
    // (no waiting here). Should it outlive the event loop, the application
    // object's destruction still kills it.
    QProcess *process = m_process.release();
    process->setParent(QCoreApplication::instance());
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->terminate();
}

QList<DemoEnvironment::DemoAccount> DemoEnvironment::accounts() const
{
    // The credentials of `tokentray-fakeapi --demo` (see FakeApiOptions):
    // obviously fake, known only to that loopback server.
    struct Entry
    {
        Provider provider;
        const char *name;
        const char *login;
        const char *secret;
    };
    static constexpr Entry entries[] = {
        { Provider::SevenG, QT_TR_NOOP("Registry — Alice (demo)"), "demo.alice", "alice-demo-password" },
        { Provider::SevenG, QT_TR_NOOP("Registry — Bob (demo)"), "demo.bob", "bob-demo-password" },
        { Provider::D7, QT_TR_NOOP("SMS alerts (demo)"), "demo-app-one", "demo-secret-one" },
        { Provider::D7, QT_TR_NOOP("SMS marketing (demo)"), "demo-app-two", "demo-secret-two" },
    };
    QList<DemoAccount> result;
    for (const Entry &e : entries) {
        DemoAccount demo;
        demo.account = Account::create(e.provider);
        demo.account.name = tr(e.name);
        demo.account.login = QString::fromLatin1(e.login);
        demo.account.baseUrl = m_baseUrl;
        if (e.provider == Provider::SevenG)
            demo.account.environment = u"custom"_s;
        demo.account.notes = tr("Demo account on the local demo server.");
        demo.secret = QString::fromLatin1(e.secret);
        result.append(demo);
    }
    return result;
}

void DemoEnvironment::populate(SessionManager *manager, std::function<void(const Status &)> done)
{
    addNext(manager, accounts(), std::move(done));
}

void DemoEnvironment::addNext(SessionManager *manager, QList<DemoAccount> remaining,
                              std::function<void(const Status &)> done)
{
    if (remaining.isEmpty()) {
        done(Status::success());
        return;
    }
    const DemoAccount next = remaining.takeFirst();
    QPointer<SessionManager> guard(manager);
    manager->accountService()->addAccount(next.account, next.secret, this,
                                          [this, guard, remaining, done](const Status &status) {
                                              if (!status.ok() || !guard) {
                                                  done(status);
                                                  return;
                                              }
                                              addNext(guard, remaining, done);
                                          });
}
