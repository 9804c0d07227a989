// The access log as scripts and reviewers see it: the real tokentray binary,
// the real fake server and the harness's keyring. token, header, env and exec
// (environment, token file and its rewrite) run on their own and through a
// running instance (the test host); `tokentray log --json` then lists each
// with its command, account and the calling command line's pid, and the log
// file holds no token.
#include "desktopapp.h"
#include "fakeapiprocess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
struct CliRun
{
    int exitCode = -1;
    qint64 pid = 0;
    QByteArray out;
    QByteArray err;

    QString describe() const
    {
        return u"exit %1, stdout [%2], stderr [%3]"_s.arg(
            QString::number(exitCode), QString::fromUtf8(out).left(400), QString::fromUtf8(err));
    }
};

struct Expected
{
    QString command;
    QString delivery;
    qint64 pid = 0;
};

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}
} // namespace

class TestAccessLogE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyHandoffIsLoggedWithoutTheToken();
    void unwritableLogWarnsButHandsOut();

private:
    QProcessEnvironment environment(bool keychain = true) const;
    CliRun cli(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input = {});
    bool waitForLine(QProcess *process, const QByteArray &line, int timeoutMs = 30000);
    QJsonArray log(const QProcessEnvironment &env);
    void runHandoffs(const QProcessEnvironment &env, QList<Expected> *expected, bool renewal);
    void verifyLog(const QJsonArray &log, const QList<Expected> &expected);

    QString m_bin;
    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<QTemporaryDir> m_data; // XDG_DATA_HOME: the access log's folder
    std::unique_ptr<QTemporaryDir> m_runtime; // XDG_RUNTIME_DIR: the token files
    std::unique_ptr<FakeApiProcess> m_api;
    QString m_user;
    QString m_password;
    QString m_accountId;
};

void TestAccessLogE2e::initTestCase()
{
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
        QSKIP("needs the keyring of tests/harness/desktop-session.sh");
}

void TestAccessLogE2e::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    m_data = std::make_unique<QTemporaryDir>();
    m_runtime = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid() && m_data->isValid() && m_runtime->isValid());
    QVERIFY(QFile::setPermissions(m_runtime->path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    m_api = std::make_unique<FakeApiProcess>();
    m_user = randomText(u"user."_s);
    m_password = randomText(u"Pw-7g-"_s);
}

void TestAccessLogE2e::cleanup()
{
    if (m_config && m_config->isValid() && !m_accountId.isEmpty())
        cli({ u"remove"_s, m_accountId }, environment());
    m_accountId.clear();
    m_api.reset();
    m_config.reset();
    m_data.reset();
    m_runtime.reset();
}

QProcessEnvironment TestAccessLogE2e::environment(bool keychain) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.insert(u"XDG_DATA_HOME"_s, m_data->path());
    env.insert(u"XDG_RUNTIME_DIR"_s, m_runtime->path());
    // Without a keychain of its own, a command can only be answered by the instance.
    if (!keychain)
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);
    return env;
}

CliRun TestAccessLogE2e::cli(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input)
{
    const DesktopApp::Run r = DesktopApp::run(
        m_bin, QStringList { u"--config-dir"_s, m_config->path() } + args, input, 60000, env);
    CliRun run;
    run.exitCode = r.exitCode;
    run.pid = r.pid;
    run.out = r.out;
    run.err = r.err;
    return run;
}

bool TestAccessLogE2e::waitForLine(QProcess *process, const QByteArray &line, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        while (process->canReadLine()) {
            if (process->readLine().trimmed() == line)
                return true;
        }
        if (process->state() == QProcess::NotRunning)
            return false;
        process->waitForReadyRead(200);
    }
    return false;
}

QJsonArray TestAccessLogE2e::log(const QProcessEnvironment &env)
{
    const CliRun run = cli({ u"log"_s, u"--json"_s, u"--limit"_s, u"100"_s }, env);
    if (run.exitCode != 0) {
        qWarning("%s", qPrintable(run.describe()));
        return {};
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        qWarning("not a JSON array: %s", run.out.constData());
    return doc.array();
}

void TestAccessLogE2e::runHandoffs(const QProcessEnvironment &env, QList<Expected> *expected, bool renewal)
{
    const QStringList valid = { u"--min-valid"_s, u"2"_s };
    for (const QString &command : { u"token"_s, u"header"_s, u"env"_s }) {
        const CliRun run = cli(QStringList { command } + valid + QStringList { u"prod"_s }, env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.err.isEmpty());
        expected->append({ command, QString(), run.pid });
    }
    const CliRun exec
        = cli(QStringList { u"exec"_s } + valid + QStringList { u"prod"_s, u"--"_s, u"true"_s }, env);
    QVERIFY2(exec.exitCode == 0, qPrintable(exec.describe()));
    expected->append({ u"exec"_s, u"env"_s, exec.pid });

    // With a token file; with a renewal, the script waits for the file to be rewritten.
    const QString script = renewal ? uR"sh(first=$(cat "$TOKENTRAY_TOKEN_FILE")
        i=0
        while [ "$(cat "$TOKENTRAY_TOKEN_FILE")" = "$first" ]; do
            i=$((i + 1)); [ $i -lt 100 ] || exit 9; sleep 0.2
        done)sh"_s
                                   : u"test -s \"$TOKENTRAY_TOKEN_FILE\""_s;
    const CliRun file = cli({ u"exec"_s, u"--token-file"_s, u"--min-valid"_s, u"5"_s, u"prod"_s, u"--"_s,
                              u"sh"_s, u"-c"_s, script },
                            env);
    QVERIFY2(file.exitCode == 0, qPrintable(file.describe()));
    expected->append({ u"exec"_s, u"token-file"_s, file.pid });
    if (renewal)
        expected->append({ u"exec"_s, u"token-file-renewal"_s, file.pid });
}

void TestAccessLogE2e::verifyLog(const QJsonArray &entries, const QList<Expected> &expected)
{
    QCOMPARE(entries.size(), expected.size());
    const QString executable = QFileInfo(m_bin).canonicalFilePath();
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        const Expected &x = expected.at(i);
        const QByteArray where = QJsonDocument(e).toJson(QJsonDocument::Compact);
        QVERIFY2(e.value(u"command"_s).toString() == x.command, where.constData());
        QVERIFY2(e.value(u"delivery"_s).toString() == x.delivery, where.constData());
        QVERIFY2(e.value(u"accountName"_s).toString() == u"prod", where.constData());
        QVERIFY2(e.value(u"accountId"_s).toString() == m_accountId, where.constData());
        QVERIFY2(e.value(u"pid"_s).toInteger() == x.pid, where.constData());
        QVERIFY2(e.value(u"uid"_s).toInteger() == qint64(::getuid()), where.constData());
        QVERIFY2(QFileInfo(e.value(u"executable"_s).toString()).canonicalFilePath() == executable,
                 where.constData());
        const QDateTime time = QDateTime::fromString(e.value(u"time"_s).toString(), Qt::ISODateWithMs);
        QVERIFY2(time.isValid() && time.timeSpec() == Qt::UTC, where.constData());
        QVERIFY(qAbs(time.secsTo(QDateTime::currentDateTimeUtc())) < 300);
    }
}

void TestAccessLogE2e::everyHandoffIsLoggedWithoutTheToken()
{
    const QString hostPath = qEnvironmentVariable("TOKENTRAY_CLI_TESTHOST");
    QVERIFY2(QFileInfo(hostPath).isExecutable(), "TOKENTRAY_CLI_TESTHOST must name the test host");
    QVERIFY2(m_api->start({ u"--quiet"_s, u"--seveng-ttl"_s, u"12"_s }), qPrintable(m_api->errorString()));
    QVERIFY(m_api->addSevenGUser(m_user, m_password));
    const QProcessEnvironment env = environment();
    const CliRun add = cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"prod"_s, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--username"_s, m_user, u"--password-stdin"_s },
                           env, m_password.toUtf8() + '\n');
    QVERIFY2(add.exitCode == 0, qPrintable(add.describe()));
    const CliRun list = cli({ u"list"_s, u"--json"_s }, env);
    m_accountId = QJsonDocument::fromJson(list.out).array().at(0).toObject().value(u"id"_s).toString();
    QVERIFY(!m_accountId.isEmpty());

    // Nothing handed out yet.
    QCOMPARE(log(env).size(), 0);
    QVERIFY(cli({ u"log"_s }, env).out.contains("No token"));

    // Each command on its own: the command line is the caller.
    QList<Expected> expected;
    runHandoffs(env, &expected, false);
    if (QTest::currentTestFailed())
        return;
    QJsonArray entries = log(env);
    verifyLog(entries, expected);
    if (QTest::currentTestFailed())
        return;

    // Through the running instance: the caller is the command line at the
    // other end of the socket, not the instance.
    QProcess host;
    host.setProcessEnvironment(env);
    host.start(hostPath, { u"--config-dir"_s, m_config->path() });
    auto stopHost = qScopeGuard([&host] {
        host.terminate();
        if (!host.waitForFinished(5000))
            host.kill();
        host.waitForFinished();
    });
    QVERIFY(waitForLine(&host, "listening"));
    const QProcessEnvironment noKeychain = environment(false);
    runHandoffs(noKeychain, &expected, true);
    if (QTest::currentTestFailed())
        return;
    const QJsonArray viaInstance = log(noKeychain);
    verifyLog(viaInstance, expected);
    QVERIFY(!QList<qint64> { host.processId() }.contains(
        viaInstance.last().toObject().value(u"pid"_s).toInteger()));
    // The file says the same as the instance.
    stopHost.dismiss();
    host.terminate();
    host.waitForFinished(5000);
    QCOMPARE(log(env), viaInstance);

    // The file: private, and not one byte of any token the server issued.
    QStringList files;
    QDirIterator it(m_data->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    QCOMPARE(files.size(), 1);
    QVERIFY(files.first().endsWith(u"access-log.jsonl"_s));
    struct stat info
    {
    };
    QCOMPARE(::stat(QFile::encodeName(files.first()).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    QFile file(files.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QCOMPARE(content.count('\n'), expected.size());
    const QJsonArray issued = m_api->issuedTokens();
    QVERIFY(issued.size() >= 2);
    for (const QJsonValue &t : issued) {
        const QByteArray token = t.toObject().value(u"token"_s).toString().toUtf8();
        QVERIFY(token.size() >= 16);
        QVERIFY2(!content.contains(token), "a token is in the access log");
        // Nor a recognisable piece of it (a JWT's signature, say).
        QVERIFY2(!content.contains(token.right(16)), "part of a token is in the access log");
    }
    QVERIFY(!content.contains(m_password.toUtf8()));
    QVERIFY(!content.contains("Bearer"));
    QVERIFY(!content.contains("Authorization"));
}

void TestAccessLogE2e::unwritableLogWarnsButHandsOut()
{
    QVERIFY2(m_api->start({ u"--quiet"_s }), qPrintable(m_api->errorString()));
    QVERIFY(m_api->addSevenGUser(m_user, m_password));
    QProcessEnvironment env = environment();
    const CliRun add = cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"prod"_s, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--username"_s, m_user, u"--password-stdin"_s },
                           env, m_password.toUtf8() + '\n');
    QVERIFY2(add.exitCode == 0, qPrintable(add.describe()));
    const CliRun list = cli({ u"list"_s, u"--json"_s }, env);
    m_accountId = QJsonDocument::fromJson(list.out).array().at(0).toObject().value(u"id"_s).toString();

    // The data folder's place is taken by a file: the log cannot be written.
    const QString blocked = m_data->filePath(u"not-a-folder"_s);
    QFile blocker(blocked);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    env.insert(u"XDG_DATA_HOME"_s, blocked);
    const CliRun token = cli({ u"token"_s, u"prod"_s }, env);
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    const QByteArray issued = token.out.trimmed();
    QVERIFY(issued.size() > 16);
    // One line on stderr, that names the log and holds no secret.
    QVERIFY2(token.err.startsWith("tokentray: Cannot write the access log "), token.err.constData());
    QCOMPARE(token.err.count('\n'), 1);
    QVERIFY(!token.err.contains(issued));
    QVERIFY(!token.err.contains(m_password.toUtf8()));
    // exec warns once and still runs the program with the token.
    const CliRun exec
        = cli({ u"exec"_s, u"prod"_s, u"--"_s, u"sh"_s, u"-c"_s, u"test -n \"$TOKENTRAY_TOKEN\""_s }, env);
    QVERIFY2(exec.exitCode == 0, qPrintable(exec.describe()));
    QCOMPARE(exec.err.count('\n'), 1);
    QVERIFY(exec.err.contains("access log"));
}

QTEST_GUILESS_MAIN(TestAccessLogE2e)
#include "tst_accesslog_e2e.moc"
