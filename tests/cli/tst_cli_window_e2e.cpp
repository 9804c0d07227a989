// The real TokenTray window answers the command line: the tokentray GUI
// process on the harness desktop with the real fake service, and token,
// header, exec, env and list --json asked of it. They all share the one
// sign-in the window made, and the window's access log names each command
// line that was handed a token.
#include "desktopapp.h"
#include "fakeapiprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
struct CliRun
{
    int exitCode = -1;
    qint64 pid = 0;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString describe() const
    {
        return u"exit %1, stdout [%2], stderr [%3]"_s.arg(QString::number(exitCode), outText().left(400),
                                                          QString::fromUtf8(err));
    }
};

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}
} // namespace

class TestCliWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void windowAnswersEveryCommandWithOneSignIn();
    void rejectedPasswordOneAttemptAcrossWindowRestarts();

private:
    CliRun cli(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input = {});

    QString m_bin;
    QTemporaryDir m_config;
};

void TestCliWindow::initTestCase()
{
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
        QSKIP("needs the desktop and keyring of tests/harness/desktop-session.sh");
    QVERIFY(m_config.isValid());
}

CliRun TestCliWindow::cli(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input)
{
    const DesktopApp::Run r = DesktopApp::run(
        m_bin, QStringList { u"--config-dir"_s, m_config.path() } + args, input, 90000, env);
    CliRun run;
    run.exitCode = r.exitCode;
    run.pid = r.pid;
    run.out = r.out;
    run.err = r.err;
    return run;
}

void TestCliWindow::windowAnswersEveryCommandWithOneSignIn()
{
    FakeApiProcess api;
    QVERIFY2(api.start({ u"--quiet"_s }), qPrintable(api.errorString()));
    const QString user = randomText(u"user."_s);
    const QString password = randomText(u"Pw-"_s);
    const QString clientId = randomText(u"app-"_s);
    const QString clientSecret = randomText(u"Sec-"_s);
    QVERIFY(api.addSevenGUser(user, password) && api.addD7App(clientId, clientSecret));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"TOKENTRAY_TOKEN"_s);
    env.remove(u"TOKENTRAY_AUTHORIZATION"_s);
    env.remove(u"TOKENTRAY_TOKEN_FILE"_s);
    QVERIFY2(!env.value(u"XDG_RUNTIME_DIR"_s).isEmpty(), "the harness sets XDG_RUNTIME_DIR");
    // The access log of this run alone.
    QTemporaryDir data;
    QVERIFY(data.isValid());
    env.insert(u"XDG_DATA_HOME"_s, data.path());

    // The accounts go in before the window starts, so that the window signs them in.
    const QString url = api.baseUrl().toString();
    const CliRun added7g = cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"registry"_s,
                                 u"--base-url"_s, url, u"--username"_s, user, u"--password-stdin"_s },
                               env, password.toUtf8() + '\n');
    QVERIFY2(added7g.exitCode == 0, qPrintable(added7g.describe()));
    const CliRun addedD7 = cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"sms"_s, u"--base-url"_s,
                                 url, u"--client-id"_s, clientId, u"--secret-stdin"_s },
                               env, clientSecret.toUtf8());
    QVERIFY2(addedD7.exitCode == 0, qPrintable(addedD7.describe()));
    QCOMPARE(api.counters().value(u"requests"_s).toInt(), 0);

    QProcess window;
    window.setProcessEnvironment(env);
    window.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    window.start(m_bin, { u"--config-dir"_s, m_config.path(), u"--minimized"_s });
    QVERIFY(window.waitForStarted(10000));
    auto stopWindow = qScopeGuard([&window] {
        window.terminate();
        if (!window.waitForFinished(10000)) {
            window.kill();
            window.waitForFinished();
        }
    });

    // From here on the command line has neither a display nor a keychain:
    // only the window can answer it.
    QProcessEnvironment viaWindow = env;
    viaWindow.remove(u"DISPLAY"_s);
    viaWindow.remove(u"WAYLAND_DISPLAY"_s);
    viaWindow.remove(u"QT_QPA_PLATFORM"_s);
    viaWindow.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);

    // The window signs both accounts in by itself.
    QJsonArray listed;
    const auto bothValid = [&] {
        const CliRun list = cli({ u"list"_s, u"--json"_s }, viaWindow);
        if (list.exitCode != 0)
            return false;
        listed = QJsonDocument::fromJson(list.out).array();
        return listed.size() == 2 && std::all_of(listed.cbegin(), listed.cend(), [](const QJsonValue &a) {
                   return a.toObject().value(u"state"_s).toString() == u"valid";
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(bothValid(), 60000);
    QCOMPARE(window.state(), QProcess::Running);

    const CliRun token = cli({ u"token"_s, u"registry"_s }, viaWindow);
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    const QString t7g = token.outText().chopped(1);
    QCOMPARE(t7g.count(u'.'), 2);
    const CliRun header = cli({ u"header"_s, u"registry"_s }, viaWindow);
    QCOMPARE(header.outText(), u"Authorization: "_s + t7g + u'\n');
    const CliRun headerD7 = cli({ u"header"_s, u"sms"_s }, viaWindow);
    QVERIFY2(headerD7.outText().startsWith(u"Authorization: Bearer "_s), qPrintable(headerD7.describe()));
    const QString tD7 = headerD7.outText().mid(22).chopped(1);

    const CliRun exec = cli({ u"exec"_s, u"registry"_s, u"--"_s, u"sh"_s, u"-c"_s,
                              uR"sh(printf '%s\n%s\n' "$TOKENTRAY_TOKEN" "$TOKENTRAY_AUTHORIZATION")sh"_s },
                            viaWindow);
    QVERIFY2(exec.exitCode == 0, qPrintable(exec.describe()));
    QCOMPARE(exec.outText(), t7g + u'\n' + t7g + u'\n');
    const CliRun execD7 = cli({ u"exec"_s, u"--token-file"_s, u"sms"_s, u"--"_s, u"sh"_s, u"-c"_s,
                                uR"sh(printf 'Bearer %s' "$(cat "$TOKENTRAY_TOKEN_FILE")")sh"_s },
                              viaWindow);
    QVERIFY2(execD7.exitCode == 0, qPrintable(execD7.describe()));
    QCOMPARE(execD7.outText(), u"Bearer "_s + tD7);

    const CliRun env7g = cli({ u"env"_s, u"registry"_s }, viaWindow);
    QVERIFY2(env7g.exitCode == 0, qPrintable(env7g.describe()));
    QProcess shell;
    shell.start(u"sh"_s, { u"-c"_s, uR"sh(eval "$(cat)"; printf '%s' "$TOKENTRAY_TOKEN")sh"_s });
    QVERIFY(shell.waitForStarted(10000));
    shell.write(env7g.out);
    shell.closeWriteChannel();
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), t7g);
    const CliRun envD7 = cli({ u"env"_s, u"--format"_s, u"json"_s, u"sms"_s }, viaWindow);
    QCOMPARE(QJsonDocument::fromJson(envD7.out).object().value(u"TOKENTRAY_AUTHORIZATION"_s).toString(),
             u"Bearer "_s + tD7);

    const CliRun list = cli({ u"list"_s, u"--json"_s }, viaWindow);
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(accounts.size(), 2);
    for (const QJsonValue &a : accounts)
        QCOMPARE(a.toObject().value(u"state"_s).toString(), u"valid"_s);

    // The window's access log: each hand-off, in order, with the pid of the
    // command line that asked, never the window's own, and no token.
    const CliRun log = cli({ u"log"_s, u"--json"_s }, viaWindow);
    QVERIFY2(log.exitCode == 0, qPrintable(log.describe()));
    const QJsonArray entries = QJsonDocument::fromJson(log.out).array();
    const struct
    {
        const CliRun &run;
        const char *command;
        const char *delivery;
        const char *account;
    } handoffs[] = {
        { token, "token", "", "registry" },
        { header, "header", "", "registry" },
        { headerD7, "header", "", "sms" },
        { exec, "exec", "env", "registry" },
        { execD7, "exec", "token-file", "sms" },
        { env7g, "env", "", "registry" },
        { envD7, "env", "", "sms" },
    };
    QCOMPARE(entries.size(), qsizetype(std::size(handoffs)));
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        const auto &x = handoffs[i];
        const QByteArray where = QJsonDocument(e).toJson(QJsonDocument::Compact);
        QVERIFY2(e.value(u"command"_s).toString() == QLatin1StringView(x.command), where.constData());
        QVERIFY2(e.value(u"delivery"_s).toString() == QLatin1StringView(x.delivery), where.constData());
        QVERIFY2(e.value(u"accountName"_s).toString() == QLatin1StringView(x.account), where.constData());
        QVERIFY2(e.value(u"pid"_s).toInteger() == x.run.pid, where.constData());
        QVERIFY2(e.value(u"pid"_s).toInteger() != window.processId(), where.constData());
        QVERIFY2(QFileInfo(e.value(u"executable"_s).toString()).canonicalFilePath()
                     == QFileInfo(m_bin).canonicalFilePath(),
                 where.constData());
    }
    QFile logFile(QDir(data.path()).filePath(u"TokenTray/TokenTray/access-log.jsonl"_s));
    QVERIFY2(logFile.open(QIODevice::ReadOnly), qPrintable(logFile.fileName()));
    const QByteArray logged = logFile.readAll();
    QVERIFY(!logged.isEmpty());
    QVERIFY(!logged.contains(t7g.toUtf8()));
    QVERIFY(!logged.contains(tD7.toUtf8()));

    // Exactly one sign-in each, made by the window and shared by all.
    const QJsonObject c = api.counters();
    const QJsonObject c7g = c.value(u"sevengUsers"_s).toObject().value(user).toObject();
    QCOMPARE(c7g.value(u"logins"_s).toInt(), 1);
    QCOMPARE(c7g.value(u"refreshes"_s).toInt(), 0);
    QCOMPARE(c.value(u"d7Logins"_s).toInt(), 1);
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QCOMPARE(window.state(), QProcess::Running);

    stopWindow.dismiss();
    window.terminate();
    if (!window.waitForFinished(10000)) {
        window.kill();
        window.waitForFinished();
    }
    // No token file left, and no keychain entries of this throwaway configuration.
    QCOMPARE(QDir(env.value(u"XDG_RUNTIME_DIR"_s)).entryList({ u"tokentray-exec-*"_s }, QDir::Dirs),
             QStringList());
    for (const QString &name : { u"registry"_s, u"sms"_s })
        QCOMPARE(cli({ u"remove"_s, name }, env).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestCliWindow)
void TestCliWindow::rejectedPasswordOneAttemptAcrossWindowRestarts()
{
    // The window started three times with a password the service rejects (by
    // a login script, say), with command lines asking for the token through
    // it and on their own in between: the service sees one attempt, never the
    // three failures in ten minutes that lock a 7G user.
    FakeApiProcess api;
    QVERIFY2(api.start({ u"--quiet"_s }), qPrintable(api.errorString()));
    const QString user = randomText(u"user."_s);
    QVERIFY(api.addSevenGUser(user, randomText(u"Pw-"_s)));
    QTemporaryDir config;
    QVERIFY(config.isValid());
    DesktopApp app(m_bin, config.path());
    const auto describe = [](const DesktopApp::Run &r) {
        return u"exit %1, stdout [%2], stderr [%3]"_s.arg(
            QString::number(r.exitCode), QString::fromUtf8(r.out).left(400), QString::fromUtf8(r.err));
    };

    const DesktopApp::Run added
        = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"typo"_s, u"--base-url"_s,
                    api.baseUrl().toString(), u"--username"_s, user, u"--password-stdin"_s },
                  randomText(u"Wrong-"_s).toUtf8());
    QVERIFY2(added.exitCode == 0, qPrintable(describe(added)));
    QCOMPARE(api.counters().value(u"requests"_s).toInt(), 0);

    const auto stateOfTypo = [&app] {
        const DesktopApp::Run listed = app.cli({ u"list"_s, u"--json"_s });
        const QJsonArray accounts = QJsonDocument::fromJson(listed.out).array();
        for (const QJsonValue &v : accounts) {
            if (v.toObject().value(u"name"_s).toString() == u"typo")
                return v.toObject().value(u"state"_s).toString();
        }
        return QString();
    };

    for (int run = 0; run < 3; ++run) {
        QVERIFY(app.start({ u"--minimized"_s }));
        QVERIFY2(app.waitUntilListening(), "the window does not answer on its instance socket");
        // The window has restored the session and decided about it: the first
        // time by signing in, afterwards from the remembered rejection.
        QTRY_COMPARE_WITH_TIMEOUT(stateOfTypo(), u"credentials-rejected"_s, 60000);
        const DesktopApp::Run viaWindow = app.cli({ u"token"_s, u"typo"_s });
        QVERIFY2(viaWindow.exitCode == int(4), qPrintable(describe(viaWindow)));

        app.window().terminate();
        QVERIFY(app.window().waitForFinished(20000));
        QCOMPARE(app.window().exitCode(), 0);

        const DesktopApp::Run alone = app.cli({ u"token"_s, u"typo"_s });
        QVERIFY2(alone.exitCode == int(4), qPrintable(describe(alone)));
        QCOMPARE(api.counters().value(u"loginFailures"_s).toInt(), 1);
    }
    const QJsonObject counters = api.counters();
    QCOMPARE(counters.value(u"loginFailures"_s).toInt(), 1);
    QCOMPARE(counters.value(u"logins"_s).toInt(), 0);
    QCOMPARE(counters.value(u"lockouts"_s).toInt(), 0);
}

#include "tst_cli_window_e2e.moc"
