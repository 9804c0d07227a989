// `tokentray env` and `tokentray exec` as scripts use them: the real binary,
// the real tokentray-fakeapi, the harness's keyring, real shells. exec runs
// on its own here (a local engine) and through a running instance.
#include "fakeapiprocess.h"
#include "secrets/keychainsecretstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    QString describe() const
    {
        return u"exit %1, stdout [%2], stderr [%3]"_s.arg(QString::number(exitCode), outText().left(400),
                                                          errText());
    }
};

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile f(u"/proc/%1/%2"_s.arg(pid).arg(QLatin1StringView(name)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The children of a process, from /proc.
QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> children;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 candidate = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        // "pid (comm) state ppid ...": the command may hold spaces and parentheses.
        const QByteArray stat = procFile(candidate, "stat");
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == pid)
            children.append(candidate);
    }
    return children;
}

// Every token file folder exec made in a runtime directory.
QStringList tokenFolders(const QString &runtimeDir)
{
    return QDir(runtimeDir).entryList({ u"tokentray-exec-*"_s }, QDir::Dirs | QDir::Hidden);
}

bool haveTool(const QString &name)
{
    return !QStandardPaths::findExecutable(name).isEmpty();
}

// Runs a script in a shell with the text on stdin; its stdout.
QByteArray runShell(const QString &shell, const QString &script, const QByteArray &input,
                    int *exitCode = nullptr)
{
    QProcess p;
    p.start(shell, { u"-c"_s, script });
    if (!p.waitForStarted(10000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}
} // namespace

class TestCliHandoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void execPassesTheTokenAndTheExitStatus();
    void execHeaderValueIsTheHeaderCommands_data();
    void execHeaderValueIsTheHeaderCommands();
    void execReportsASignalLikeAShell();
    void execCommandNotFoundOrNotExecutable();
    void execUnknownAccount();
    void execNeverPutsTheTokenOnACommandLine();
    void execForwardsStopSignalsAndRemovesTheFile_data();
    void execForwardsStopSignalsAndRemovesTheFile();
    void tokenFileIsPrivateAndRenewedWhileTheCommandRuns();
    void tokenFileNeedsAPrivateRuntimeDir();
    void envRoundTripsThroughShellsDotenvAndJson_data();
    void envRoundTripsThroughShellsDotenvAndJson();
    void envUnknownAccount();
    void execThroughTheRunningInstanceRenewsThere();

private:
    QProcessEnvironment cliEnvironment() const;
    QProcess *startCli(const QStringList &args, const QProcessEnvironment &env = {},
                       const QByteArray &input = {});
    CliRun finishCli(QProcess *process, int timeoutMs = 90000);
    CliRun cli(const QStringList &args, const QProcessEnvironment &env = {}, const QByteArray &input = {});
    bool startApi(const QStringList &extra = {});
    bool add7g(const QString &name);
    bool addD7(const QString &name);
    QString token(const QString &name);
    int sevenGLogins();
    void remember(const QString &secret);
    bool waitForLine(QProcess *process, const QByteArray &line, int timeoutMs = 30000);

    QString m_bin;
    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<QTemporaryDir> m_runtime; // XDG_RUNTIME_DIR of the command line
    std::unique_ptr<FakeApiProcess> m_api;
    QString m_user;
    QString m_password;
    QString m_clientId;
    QString m_clientSecret;
    QStringList m_secrets;
    QList<QStringList> m_argumentLists;
    QByteArray m_stderr;
};

void TestCliHandoff::initTestCase()
{
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
        QSKIP("needs the keyring of tests/harness/desktop-session.sh");
    for (const QString &tool : { u"sh"_s, u"bash"_s, u"stat"_s, u"curl"_s }) {
        if (!haveTool(tool))
            QSKIP(qPrintable(tool + u" is not installed"_s));
    }
}

void TestCliHandoff::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    m_runtime = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid() && m_runtime->isValid());
    QVERIFY(QFile::setPermissions(m_runtime->path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    m_api = std::make_unique<FakeApiProcess>();
    m_secrets.clear();
    m_argumentLists.clear();
    m_stderr.clear();
    m_user = randomText(u"user."_s);
    m_password = randomText(u"Pw-7g-"_s);
    m_clientId = randomText(u"app-"_s);
    m_clientSecret = randomText(u"Sec-d7-"_s);
    remember(m_password);
    remember(m_clientSecret);
}

void TestCliHandoff::cleanup()
{
    if (!QTest::currentTestFailed()) {
        for (const QString &secret : std::as_const(m_secrets)) {
            QVERIFY2(!m_stderr.contains(secret.toUtf8()), "a secret appeared on stderr");
            for (const QStringList &args : std::as_const(m_argumentLists)) {
                for (const QString &arg : args)
                    QVERIFY2(!arg.contains(secret), "a secret appeared in the arguments");
            }
        }
        // Nothing secret in the config folder, and no token file left behind.
        QDirIterator it(m_config->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            for (const QString &secret : std::as_const(m_secrets))
                QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(f.fileName()));
        }
        QCOMPARE(tokenFolders(m_runtime->path()), QStringList());
    }
    // Leave no keychain entries of this throwaway config dir behind.
    if (m_config && m_config->isValid()) {
        QProcess clear;
        clear.start(m_bin, { u"--config-dir"_s, m_config->path(), u"list"_s, u"--json"_s });
        clear.waitForFinished(30000);
        const QJsonArray accounts = QJsonDocument::fromJson(clear.readAllStandardOutput()).array();
        for (const QJsonValue &a : accounts) {
            QProcess remove;
            remove.start(
                m_bin,
                { u"--config-dir"_s, m_config->path(), u"remove"_s, a.toObject().value(u"id"_s).toString() });
            remove.waitForFinished(30000);
        }
    }
    m_api.reset();
    m_config.reset();
    m_runtime.reset();
}

void TestCliHandoff::remember(const QString &secret)
{
    const QString s = secret.trimmed();
    if (s.size() >= 8 && !m_secrets.contains(s))
        m_secrets.append(s);
}

QProcessEnvironment TestCliHandoff::cliEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.remove(u"TOKENTRAY_TOKEN"_s);
    env.remove(u"TOKENTRAY_AUTHORIZATION"_s);
    env.remove(u"TOKENTRAY_TOKEN_FILE"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, m_runtime->path());
    if (m_api && m_api->isRunning())
        env.insert(u"API_URL"_s, m_api->baseUrl().toString());
    return env;
}

QProcess *TestCliHandoff::startCli(const QStringList &args, const QProcessEnvironment &env,
                                   const QByteArray &input)
{
    const QStringList full = QStringList { u"--config-dir"_s, m_config->path() } + args;
    m_argumentLists.append(full);
    auto *p = new QProcess(this);
    p->setProcessEnvironment(env.isEmpty() ? cliEnvironment() : env);
    p->start(m_bin, full);
    if (p->waitForStarted(10000)) {
        if (!input.isEmpty())
            p->write(input);
        p->closeWriteChannel();
    }
    return p;
}

CliRun TestCliHandoff::finishCli(QProcess *p, int timeoutMs)
{
    CliRun run;
    if (!p->waitForFinished(timeoutMs)) {
        p->kill();
        p->waitForFinished();
    }
    run.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    run.out = p->readAllStandardOutput();
    run.err = p->readAllStandardError();
    m_stderr += run.err;
    p->deleteLater();
    return run;
}

CliRun TestCliHandoff::cli(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input)
{
    return finishCli(startCli(args, env, input));
}

bool TestCliHandoff::waitForLine(QProcess *process, const QByteArray &line, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QByteArray seen;
    while (t.elapsed() < timeoutMs) {
        while (process->canReadLine()) {
            const QByteArray l = process->readLine();
            seen += l;
            if (l.trimmed() == line)
                return true;
        }
        if (process->state() == QProcess::NotRunning)
            break;
        process->waitForReadyRead(200);
    }
    qWarning("waited for \"%s\"; saw: %s; stderr: %s", line.constData(), seen.constData(),
             process->readAllStandardError().constData());
    return false;
}

bool TestCliHandoff::startApi(const QStringList &extra)
{
    if (!m_api->start(QStringList { u"--quiet"_s } + extra)) {
        qWarning("%s", qPrintable(m_api->errorString()));
        return false;
    }
    return m_api->addSevenGUser(m_user, m_password) && m_api->addD7App(m_clientId, m_clientSecret);
}

bool TestCliHandoff::add7g(const QString &name)
{
    const CliRun run = cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, name, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--username"_s, m_user, u"--password-stdin"_s },
                           {}, m_password.toUtf8() + '\n');
    if (run.exitCode != 0)
        qWarning("%s", qPrintable(run.describe()));
    return run.exitCode == 0;
}

bool TestCliHandoff::addD7(const QString &name)
{
    const CliRun run = cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, name, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--client-id"_s, m_clientId, u"--secret-stdin"_s },
                           {}, m_clientSecret.toUtf8());
    if (run.exitCode != 0)
        qWarning("%s", qPrintable(run.describe()));
    return run.exitCode == 0;
}

QString TestCliHandoff::token(const QString &name)
{
    const CliRun run = cli({ u"token"_s, name });
    if (run.exitCode != 0 || !run.out.endsWith('\n')) {
        qWarning("%s", qPrintable(run.describe()));
        return {};
    }
    const QString t = run.outText().chopped(1);
    remember(t);
    return t;
}

int TestCliHandoff::sevenGLogins()
{
    return m_api->counters()
        .value(u"sevengUsers"_s)
        .toObject()
        .value(m_user)
        .toObject()
        .value(u"logins"_s)
        .toInt();
}

// One line, "tokentray: ...", on stderr; nothing on stdout.
#define VERIFY_ERROR_LINE(run)                                                                               \
    do {                                                                                                     \
        QVERIFY2((run).err.startsWith("tokentray: "), qPrintable((run).describe()));                         \
        QCOMPARE((run).err.count('\n'), 1);                                                                  \
        QVERIFY((run).out.isEmpty());                                                                        \
    } while (false)

void TestCliHandoff::execPassesTheTokenAndTheExitStatus()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    const QString expected = token(u"prod"_s);
    QVERIFY(!expected.isEmpty());

    // The program sees the token and the header value, nothing of a token
    // file, reads our stdin, and its status is ours.
    const CliRun run = cli(
        { u"exec"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s,
          uR"sh(printf '%s\n%s\n%s\n' "$TOKENTRAY_TOKEN" "$TOKENTRAY_AUTHORIZATION" "${TOKENTRAY_TOKEN_FILE-unset}"; cat; exit 42)sh"_s },
        {}, "from stdin\n");
    QVERIFY2(run.exitCode == 42, qPrintable(run.describe()));
    QCOMPARE(run.outText(), expected + u'\n' + expected + u"\nunset\nfrom stdin\n"_s);
    QVERIFY(run.err.isEmpty());

    const CliRun ok = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"true"_s });
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
    const CliRun falseRun = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"false"_s });
    QCOMPARE(falseRun.exitCode, 1);
    QVERIFY(falseRun.err.isEmpty());
    // Arguments reach the program as given, options and "--" included.
    const CliRun args = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"printf"_s, u"[%s]"_s, u"--help"_s, u"--"_s,
                              u"a b"_s, u"--config-dir"_s });
    QVERIFY2(args.exitCode == 0, qPrintable(args.describe()));
    QCOMPARE(args.outText(), u"[--help][--][a b][--config-dir]"_s);

    QCOMPARE(sevenGLogins(), 1); // every call used the stored token
}

void TestCliHandoff::execHeaderValueIsTheHeaderCommands_data()
{
    QTest::addColumn<QString>("provider");
    QTest::newRow("7g") << u"7g"_s;
    QTest::newRow("d7") << u"d7"_s;
}

void TestCliHandoff::execHeaderValueIsTheHeaderCommands()
{
    QFETCH(QString, provider);
    QVERIFY(startApi());
    QVERIFY(provider == u"7g" ? add7g(u"acct"_s) : addD7(u"acct"_s));
    const CliRun header = cli({ u"header"_s, u"acct"_s });
    QVERIFY2(header.exitCode == 0, qPrintable(header.describe()));
    QVERIFY(header.outText().startsWith(u"Authorization: "_s));
    const QString value = header.outText().mid(15).chopped(1);
    remember(value);
    QCOMPARE(value.startsWith(u"Bearer "_s), provider == u"d7");

    const CliRun run = cli({ u"exec"_s, u"acct"_s, u"--"_s, u"sh"_s, u"-c"_s,
                             uR"sh(printf '%s' "$TOKENTRAY_AUTHORIZATION")sh"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.outText(), value);
    // And the service takes it as it is.
    const QString check = provider == u"7g"
        ? uR"sh(printf 'Authorization: %s\n' "$TOKENTRAY_AUTHORIZATION" | curl -sf -o /dev/null -H @- -H 'Version: 2.0' "$API_URL/BizEntity?bizEntityID=1")sh"_s
        : uR"sh(printf 'Authorization: %s\n' "$TOKENTRAY_AUTHORIZATION" | curl -sf -o /dev/null -H @- "$API_URL/messages/v1/balance")sh"_s;
    const CliRun used = cli({ u"exec"_s, u"acct"_s, u"--"_s, u"sh"_s, u"-c"_s, check });
    QVERIFY2(used.exitCode == 0, qPrintable(used.describe()));
}

void TestCliHandoff::execReportsASignalLikeAShell()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    const CliRun term = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s, u"kill -TERM $$"_s });
    QVERIFY2(term.exitCode == 128 + SIGTERM, qPrintable(term.describe()));
    const CliRun killed = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s, u"kill -KILL $$"_s });
    QVERIFY2(killed.exitCode == 128 + SIGKILL, qPrintable(killed.describe()));
    QVERIFY(term.err.isEmpty() && killed.err.isEmpty());
}

void TestCliHandoff::execCommandNotFoundOrNotExecutable()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    const CliRun missing = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"tokentray-no-such-command"_s, u"x"_s });
    QVERIFY2(missing.exitCode == 127, qPrintable(missing.describe()));
    VERIFY_ERROR_LINE(missing);
    QVERIFY(missing.errText().contains(u"tokentray-no-such-command"_s));
    QVERIFY(missing.errText().contains(u"not found"_s));
    const CliRun missingPath = cli({ u"exec"_s, u"prod"_s, u"--"_s, m_config->filePath(u"nothing-here"_s) });
    QVERIFY2(missingPath.exitCode == 127, qPrintable(missingPath.describe()));
    VERIFY_ERROR_LINE(missingPath);

    QFile script(m_config->filePath(u"not-executable.sh"_s));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexit 0\n");
    script.close();
    QVERIFY(QFile::setPermissions(script.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const CliRun notExecutable = cli({ u"exec"_s, u"prod"_s, u"--"_s, script.fileName() });
    QVERIFY2(notExecutable.exitCode == 126, qPrintable(notExecutable.describe()));
    VERIFY_ERROR_LINE(notExecutable);
    const CliRun folder = cli({ u"exec"_s, u"prod"_s, u"--"_s, m_config->path() });
    QVERIFY2(folder.exitCode == 126, qPrintable(folder.describe()));
    VERIFY_ERROR_LINE(folder);

    // Found out before any sign-in.
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliHandoff::execUnknownAccount()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    for (const bool file : { false, true }) {
        QStringList args { u"exec"_s, u"nobody"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo ran"_s };
        if (file)
            args.insert(1, u"--token-file"_s);
        const CliRun run = cli(args);
        QVERIFY2(run.exitCode == 3, qPrintable(run.describe()));
        VERIFY_ERROR_LINE(run); // the program never ran
        QVERIFY(run.errText().contains(u"nobody"_s));
    }
    const CliRun usage = cli({ u"exec"_s, u"prod"_s, u"sh"_s });
    QCOMPARE(usage.exitCode, 2);
    VERIFY_ERROR_LINE(usage);
    QVERIFY(usage.errText().contains(u"--"_s));
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliHandoff::execNeverPutsTheTokenOnACommandLine()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    const QString expected = token(u"prod"_s);
    QVERIFY(!expected.isEmpty());

    for (const bool file : { false, true }) {
        QStringList args { u"exec"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo ready; exec sleep 60"_s };
        if (file)
            args.insert(1, u"--token-file"_s);
        QProcess *exec = startCli(args);
        QVERIFY(waitForLine(exec, "ready"));
        const qint64 execPid = exec->processId();
        QList<qint64> children;
        QTRY_VERIFY((children = childrenOf(execPid)).size() == 1);
        const qint64 childPid = children.first();
        QTRY_VERIFY(procFile(childPid, "cmdline").startsWith("sleep"));

        for (const qint64 pid : { execPid, childPid }) {
            const QByteArray cmdline = procFile(pid, "cmdline");
            QVERIFY(!cmdline.isEmpty());
            QVERIFY2(!cmdline.contains(expected.toUtf8()), "the token is on a command line");
        }
        // The program's environment carries it, or the file's name.
        const QList<QByteArray> childEnv = procFile(childPid, "environ").split('\0');
        if (file) {
            QVERIFY(!childEnv.contains("TOKENTRAY_TOKEN=" + expected.toUtf8()));
            QVERIFY(std::none_of(childEnv.cbegin(), childEnv.cend(), [](const QByteArray &v) {
                return v.startsWith("TOKENTRAY_TOKEN=") || v.startsWith("TOKENTRAY_AUTHORIZATION=");
            }));
            const auto named = std::find_if(childEnv.cbegin(), childEnv.cend(), [](const QByteArray &v) {
                return v.startsWith("TOKENTRAY_TOKEN_FILE=");
            });
            QVERIFY(named != childEnv.cend());
            const QString path = QString::fromUtf8(named->mid(21));
            QVERIFY2(path.startsWith(m_runtime->path() + u"/tokentray-exec-"_s), qPrintable(path));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(QString::fromUtf8(f.readAll()), expected);
        } else {
            QVERIFY(childEnv.contains("TOKENTRAY_TOKEN=" + expected.toUtf8()));
            QVERIFY(childEnv.contains("TOKENTRAY_AUTHORIZATION=" + expected.toUtf8()));
        }
        // exec itself keeps the token out of its own environment.
        const QByteArray ownEnviron = procFile(execPid, "environ");
        QVERIFY(!ownEnviron.contains(expected.toUtf8()));

        ::kill(static_cast<pid_t>(execPid), SIGTERM);
        const CliRun run = finishCli(exec);
        QVERIFY2(run.exitCode == 128 + SIGTERM, qPrintable(run.describe()));
        QVERIFY(::kill(static_cast<pid_t>(childPid), 0) != 0); // gone with it
    }
}

void TestCliHandoff::execForwardsStopSignalsAndRemovesTheFile_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

void TestCliHandoff::execForwardsStopSignalsAndRemovesTheFile()
{
    QFETCH(int, signalNumber);
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    // The program cleans up on the signal it is sent and then reports which one it was.
    QProcess *exec = startCli({ u"exec"_s, u"--token-file"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                uR"sh(for s in INT TERM HUP; do trap "echo got-$s; exit 7" $s; done
                                    test -s "$TOKENTRAY_TOKEN_FILE" && echo ready
                                    while :; do sleep 0.1; done)sh"_s });
    QVERIFY(waitForLine(exec, "ready"));
    QCOMPARE(tokenFolders(m_runtime->path()).size(), 1);
    ::kill(static_cast<pid_t>(exec->processId()), signalNumber);
    const CliRun run = finishCli(exec);
    const QString name = signalNumber == SIGTERM ? u"TERM"_s : signalNumber == SIGINT ? u"INT"_s : u"HUP"_s;
    QVERIFY2(run.exitCode == 7, qPrintable(run.describe()));
    QVERIFY2(run.outText().contains(u"got-"_s + name), qPrintable(run.describe()));
    QCOMPARE(tokenFolders(m_runtime->path()), QStringList());

    // A program that ignores the signal is not left with a stale file when it ends by it.
    QProcess *plain = startCli({ u"exec"_s, u"--token-file"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                 u"echo ready; exec sleep 60"_s });
    QVERIFY(waitForLine(plain, "ready"));
    ::kill(static_cast<pid_t>(plain->processId()), signalNumber);
    const CliRun killed = finishCli(plain);
    QVERIFY2(killed.exitCode == 128 + signalNumber, qPrintable(killed.describe()));
    QCOMPARE(tokenFolders(m_runtime->path()), QStringList());
}

void TestCliHandoff::tokenFileIsPrivateAndRenewedWhileTheCommandRuns()
{
    // 12-second tokens: exec renews the file about 6 seconds before a token
    // has less than --min-valid 5 left.
    QVERIFY(startApi({ u"--seveng-ttl"_s, u"12"_s }));
    QVERIFY(add7g(u"short"_s));
    const QString script = uR"sh(f=$TOKENTRAY_TOKEN_FILE
        echo "file $(stat -c %a "$f") dir $(stat -c %a "${f%/*}") ${TOKENTRAY_TOKEN-none}"
        first=$(cat "$f")
        printf 'first %s\n' "$first"
        sleep 10
        second=$(cat "$f")
        printf 'second %s\n' "$second"
        [ -n "$first" ] && [ "$first" != "$second" ] || exit 9
        printf 'Authorization: %s\n' "$second" | curl -sf -o /dev/null -H @- -H 'Version: 2.0' \
            "$API_URL/BizEntity?bizEntityID=1" || exit 10
        echo "$f" >&2
        exit 3)sh"_s;
    const qint64 started = QDateTime::currentSecsSinceEpoch();
    const CliRun run = finishCli(startCli({ u"exec"_s, u"--token-file"_s, u"--min-valid"_s, u"5"_s,
                                            u"short"_s, u"--"_s, u"sh"_s, u"-c"_s, script }),
                                 120000);
    const QStringList lines = run.outText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines)
        remember(line.section(u' ', 1));
    QVERIFY2(run.exitCode == 3, qPrintable(run.describe()));
    QCOMPARE(lines.value(0), u"file 600 dir 700 none"_s);
    const QString first = lines.value(1).section(u' ', 1);
    const QString second = lines.value(2).section(u' ', 1);
    QVERIFY(!first.isEmpty() && first != second);
    // The token read late is a renewed one with life left; the first one has run out.
    const QJsonObject claims
        = QJsonDocument::fromJson(
              QByteArray::fromBase64(second.section(u'.', 1, 1).toLatin1(), QByteArray::Base64UrlEncoding))
              .object();
    QVERIFY2(claims.value(u"exp"_s).toInteger() > started + 12, qPrintable(run.describe()));

    // Removed when the program ended.
    const QString path = run.errText().trimmed();
    QVERIFY2(path.startsWith(m_runtime->path()), qPrintable(path));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(QFileInfo(path).absolutePath()));
    m_stderr.clear(); // the path only

    const QJsonObject c = m_api->counters().value(u"sevengUsers"_s).toObject().value(m_user).toObject();
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QVERIFY(c.value(u"refreshes"_s).toInt() >= 1);
    QCOMPARE(c.value(u"refreshFailures"_s).toInt(), 0);
}

void TestCliHandoff::tokenFileNeedsAPrivateRuntimeDir()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    const QStringList args {
        u"exec"_s, u"--token-file"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo ran"_s
    };
    const auto runWith = [&](const std::optional<QString> &runtimeDir) {
        QProcessEnvironment env = cliEnvironment();
        if (runtimeDir)
            env.insert(u"XDG_RUNTIME_DIR"_s, *runtimeDir);
        else
            env.remove(u"XDG_RUNTIME_DIR"_s);
        return cli(args, env);
    };

    const CliRun unset = runWith(std::nullopt);
    QVERIFY2(unset.exitCode == 8, qPrintable(unset.describe()));
    VERIFY_ERROR_LINE(unset);
    QVERIFY(unset.errText().contains(u"XDG_RUNTIME_DIR is not set"_s));
    const CliRun empty = runWith(QString());
    QVERIFY2(empty.exitCode == 8, qPrintable(empty.describe()));
    VERIFY_ERROR_LINE(empty);

    QTemporaryDir base;
    const QString open = base.filePath(u"open"_s);
    QVERIFY(QDir().mkdir(open));
    QVERIFY(QFile::setPermissions(open,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
    const CliRun shared = runWith(open);
    QVERIFY2(shared.exitCode == 8, qPrintable(shared.describe()));
    VERIFY_ERROR_LINE(shared);
    QVERIFY(shared.errText().contains(u"other users"_s));

    // Unwritable: a read-only mount refuses even root; others get a folder without write permission.
    const QString readOnly = base.filePath(u"read-only"_s);
    QVERIFY(QDir().mkdir(readOnly));
    bool mounted = false;
    auto unmount = qScopeGuard([&] {
        if (mounted)
            QProcess::execute(u"umount"_s, { readOnly });
    });
    if (::geteuid() == 0) {
        mounted = QProcess::execute(
                      u"mount"_s,
                      { u"-t"_s, u"tmpfs"_s, u"-o"_s, u"ro,size=64k,mode=0700"_s, u"tmpfs"_s, readOnly })
            == 0;
    } else {
        QVERIFY(QFile::setPermissions(readOnly, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }
    if (::geteuid() != 0 || mounted) {
        const CliRun unwritable = runWith(readOnly);
        QVERIFY2(unwritable.exitCode == 8, qPrintable(unwritable.describe()));
        VERIFY_ERROR_LINE(unwritable);
        QVERIFY2(unwritable.errText().contains(readOnly), qPrintable(unwritable.describe()));
    } else {
        qWarning("cannot mount a read-only tmpfs here: the unwritable case is not checked");
    }
    if (!mounted)
        QFile::setPermissions(readOnly,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // None of it signed in.
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliHandoff::envRoundTripsThroughShellsDotenvAndJson_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("tokenFormat");
    QTest::newRow("7g jwt") << u"7g"_s << u"jwt"_s;
    QTest::newRow("7g quoted") << u"7g"_s << u"opaque-quoted"_s;
    QTest::newRow("d7 quoted") << u"d7"_s << u"opaque-quoted"_s;
}

void TestCliHandoff::envRoundTripsThroughShellsDotenvAndJson()
{
    QFETCH(QString, provider);
    QFETCH(QString, tokenFormat);
    QVERIFY(startApi({ u"--token-format"_s, tokenFormat }));
    QVERIFY(provider == u"7g" ? add7g(u"acct"_s) : addD7(u"acct"_s));
    const QString expected = token(u"acct"_s);
    QVERIFY(!expected.isEmpty());
    if (tokenFormat == u"opaque-quoted") {
        for (const QChar c : QStringView(u"'\"$`\\"))
            QVERIFY(expected.contains(c));
    }
    const QString authorization = provider == u"d7" ? u"Bearer "_s + expected : expected;

    // Shell: eval in bash and in a plain POSIX sh gives back exactly the token.
    const CliRun shell = cli({ u"env"_s, u"acct"_s });
    QVERIFY2(shell.exitCode == 0, qPrintable(shell.describe()));
    QCOMPARE(shell.out.count('\n'), 2);
    QVERIFY(shell.out.startsWith("export TOKENTRAY_TOKEN="));
    for (const QString &sh : { u"bash"_s, u"sh"_s, u"dash"_s }) {
        if (!haveTool(sh))
            continue;
        int status = -1;
        const QByteArray out = runShell(
            sh, uR"sh(eval "$(cat)"; printf '%s\n%s' "$TOKENTRAY_TOKEN" "$TOKENTRAY_AUTHORIZATION")sh"_s,
            shell.out, &status);
        QCOMPARE(status, 0);
        QCOMPARE(QString::fromUtf8(out), expected + u'\n' + authorization);
    }
    // The exported variables reach a child process as well.
    const QByteArray child
        = runShell(u"sh"_s, uR"sh(eval "$(cat)"; sh -c 'printf %s "$TOKENTRAY_TOKEN"')sh"_s, shell.out);
    QCOMPARE(QString::fromUtf8(child), expected);

    // dotenv: what a dotenv reader makes of it.
    const CliRun dotenv = cli({ u"env"_s, u"--format"_s, u"dotenv"_s, u"acct"_s });
    QVERIFY2(dotenv.exitCode == 0, qPrintable(dotenv.describe()));
    QVERIFY(dotenv.out.startsWith("TOKENTRAY_TOKEN=\""));
    int hasReader = -1;
    runShell(u"python3"_s, u"import dotenv"_s, {}, &hasReader);
    if (hasReader == 0) {
        int status = -1;
        const QByteArray parsed = runShell(
            u"python3"_s,
            u"import io, json, sys, dotenv; print(json.dumps(dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()))))"_s,
            dotenv.out, &status);
        QCOMPARE(status, 0);
        const QJsonObject values = QJsonDocument::fromJson(parsed).object();
        QCOMPARE(values.size(), 2);
        QCOMPARE(values.value(u"TOKENTRAY_TOKEN"_s).toString(), expected);
        QCOMPARE(values.value(u"TOKENTRAY_AUTHORIZATION"_s).toString(), authorization);
    } else {
        qWarning("python-dotenv is not installed: the dotenv output is not read back");
    }

    // JSON: one object.
    const CliRun json = cli({ u"env"_s, u"acct"_s, u"--format=json"_s });
    QVERIFY2(json.exitCode == 0, qPrintable(json.describe()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().size(), 2);
    QCOMPARE(doc.object().value(u"TOKENTRAY_TOKEN"_s).toString(), expected);
    QCOMPARE(doc.object().value(u"TOKENTRAY_AUTHORIZATION"_s).toString(), authorization);

    // exec hands the same bytes over.
    const CliRun exec = cli(
        { u"exec"_s, u"acct"_s, u"--"_s, u"sh"_s, u"-c"_s, uR"sh(printf '%s' "$TOKENTRAY_TOKEN")sh"_s });
    QCOMPARE(exec.outText(), expected);

    const QJsonObject counters = m_api->counters();
    QCOMPARE(provider == u"7g" ? sevenGLogins() : counters.value(u"d7Logins"_s).toInt(), 1);
}

void TestCliHandoff::envUnknownAccount()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"prod"_s));
    for (const QString &format : { u"shell"_s, u"dotenv"_s, u"json"_s }) {
        const CliRun run = cli({ u"env"_s, u"--format"_s, format, u"nobody"_s });
        QVERIFY2(run.exitCode == 3, qPrintable(run.describe()));
        VERIFY_ERROR_LINE(run);
    }
    const CliRun badFormat = cli({ u"env"_s, u"--format"_s, u"yaml"_s, u"prod"_s });
    QCOMPARE(badFormat.exitCode, 2);
    VERIFY_ERROR_LINE(badFormat);
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliHandoff::execThroughTheRunningInstanceRenewsThere()
{
    const QString hostPath = qEnvironmentVariable("TOKENTRAY_CLI_TESTHOST");
    QVERIFY2(QFileInfo(hostPath).isExecutable(), "TOKENTRAY_CLI_TESTHOST must name the test host");
    QVERIFY(startApi({ u"--seveng-ttl"_s, u"12"_s }));
    QVERIFY(add7g(u"shared"_s));

    QProcess host;
    host.setProcessEnvironment(cliEnvironment());
    host.start(hostPath, { u"--config-dir"_s, m_config->path() });
    auto stopHost = qScopeGuard([&host] {
        host.terminate();
        if (!host.waitForFinished(5000))
            host.kill();
        host.waitForFinished();
    });
    QVERIFY(waitForLine(&host, "listening"));

    // Without a keychain of its own, the command line can only be answered by the instance.
    QProcessEnvironment noKeychain = cliEnvironment();
    noKeychain.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);
    const QString script = uR"sh(first=$(cat "$TOKENTRAY_TOKEN_FILE")
        sleep 10
        second=$(cat "$TOKENTRAY_TOKEN_FILE")
        [ -n "$first" ] && [ "$first" != "$second" ] || exit 9
        printf 'Authorization: %s\n' "$second" | curl -sf -o /dev/null -H @- -H 'Version: 2.0' \
            "$API_URL/BizEntity?bizEntityID=1" || exit 10
        printf '%s\n' "$TOKENTRAY_AUTHORIZATION" "$second")sh"_s;
    QProcess *exec = startCli({ u"exec"_s, u"--token-file"_s, u"--min-valid"_s, u"5"_s, u"shared"_s, u"--"_s,
                                u"sh"_s, u"-c"_s, script },
                              noKeychain);
    // Meanwhile the other commands are answered by the same instance.
    const CliRun env = cli({ u"env"_s, u"--format"_s, u"json"_s, u"shared"_s }, noKeychain);
    QVERIFY2(env.exitCode == 0, qPrintable(env.describe()));
    remember(QJsonDocument::fromJson(env.out).object().value(u"TOKENTRAY_TOKEN"_s).toString());
    const CliRun run = finishCli(exec, 120000);
    remember(run.outText().section(u'\n', 1, 1));
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY(run.outText().startsWith(u"\n"_s)); // no TOKENTRAY_AUTHORIZATION with a token file

    // One sign-in for the window and the command line; renewals by refresh.
    const QJsonObject c = m_api->counters().value(u"sevengUsers"_s).toObject().value(m_user).toObject();
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QVERIFY(c.value(u"refreshes"_s).toInt() >= 1);
    QCOMPARE(c.value(u"refreshFailures"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCliHandoff)
#include "tst_cli_handoff_e2e.moc"
