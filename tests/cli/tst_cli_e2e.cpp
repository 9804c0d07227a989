// The real tokentray binary on the command line, against the real
// tokentray-fakeapi and the harness's real gnome-keyring, with no X display.
#include "fakeapiprocess.h"
#include "fakejwt.h"
#include "ipc/instanceclient.h"
#include "ipc/instanceprotocol.h"
#include "keyringcontrol.h"
#include "secrets/keychainsecretstore.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <signal.h>

using namespace Qt::StringLiterals;

namespace {
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    QString describe() const
    {
        return u"exit %1, stdout [%2], stderr [%3]"_s.arg(QString::number(exitCode), outText().left(300),
                                                          errText());
    }
};

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}

QString sha256(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString runTool(const QString &program, const QStringList &args, QByteArray *stdoutBytes = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
        return u"<%1 timed out>"_s.arg(program);
    }
    const QByteArray out = p.readAllStandardOutput();
    if (stdoutBytes)
        *stdoutBytes = out;
    return QString::fromUtf8(out + p.readAllStandardError());
}

using namespace KeyringControl;

// Every TokenTray keychain entry of one namespace: key ("<ns>/<id>/<kind>") -> secret.
QHash<QString, QString> keychainEntries(const QString &nameSpace)
{
    QProcess p;
    p.start(u"secret-tool"_s, { u"search"_s, u"--all"_s, u"server"_s, u"TokenTray"_s });
    if (!p.waitForFinished(15000))
        return {};
    // secret-tool prints each item's secret on stdout and its attributes on
    // stderr, item by item in the same order.
    QStringList secrets;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (line.startsWith("secret = "))
            secrets.append(QString::fromUtf8(line.mid(9)));
    }
    QList<QHash<QString, QString>> attributes;
    for (const QByteArray &line : p.readAllStandardError().split('\n')) {
        if (!line.startsWith("attribute."))
            continue;
        const qsizetype eq = line.indexOf(" = ");
        const QString key = QString::fromUtf8(line.mid(10, eq - 10));
        if (attributes.isEmpty() || attributes.last().contains(key))
            attributes.append(QHash<QString, QString>());
        attributes.last().insert(key, QString::fromUtf8(line.mid(eq + 3)));
    }
    QHash<QString, QString> entries;
    for (qsizetype i = 0; i < attributes.size() && i < secrets.size(); ++i) {
        const QString user = attributes.at(i).value(u"user"_s);
        if (user.startsWith(nameSpace + u'/'))
            entries.insert(user, secrets.at(i));
    }
    return entries;
}

int httpGet(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    if (!done.wait(10000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QJsonObject userCounters(FakeApiProcess &api, const QString &group, const QString &user)
{
    return api.counters().value(group).toObject().value(user).toObject();
}
} // namespace

class TestCliEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void helpAndVersionWithoutDisplay();
    void sevenGAddTokenHeaderCurlClaimsList();
    void d7AddTokenHeaderCurlList();
    void pastedTokenIsServedWithoutRequests();
    void pastedTokenReplacedAndExpired();
    void pastedTokenNeverOnTheCommandLine();
    void secondTokenAfterExpiryRefreshes();
    void concurrentCallsSignInOnce();
    void concurrentCallsRefreshOnce();
    void wrongPasswordExits4AfterOneAttempt();
    void rejectionClassesExplained_data();
    void rejectionClassesExplained();
    void verifiedAddStoresNothingOnWrongSecret();
    void exportHoldsNoSecretImportAddsAllOrNothing();
    void unknownNameExits3();
    void usageErrorsExit2();
    void duplicateNameRefused();
    void keychainLockedExits6();
    void noKeychainExits6();
    void corruptAccountsFileExits7();
    void badCaFileExits7();
    void accountLockMakesOthersWait();
    void lockOfADeadProcessIsTakenOver();
    void signoutForgetsTokensKeepsCredentials();
    void removeDeletesAccountAndKeychainEntries();
    void configDirsDoNotShareSecrets();
    void runningInstanceServesTheCommand();
    void staleInstanceSocketFallsBackToHeadless();

private:
    QProcessEnvironment cliEnvironment() const;
    QProcess *startCli(const QStringList &args, const QByteArray &input = {},
                       const QProcessEnvironment &env = {}, const QString &configDir = {});
    CliRun finishCli(QProcess *process, int timeoutMs = 90000);
    CliRun cli(const QStringList &args, const QByteArray &input = {}, const QProcessEnvironment &env = {});
    bool startApi(const QStringList &extra = {});
    CliRun add7g(const QString &name, const QString &password, const QStringList &extra = {});
    CliRun addD7(const QString &name, const QString &secret, const QStringList &extra = {});
    QString nameSpace() const { return KeychainSecretStore::namespaceForConfigDir(m_config->path()); }
    void remember(const QString &secret);
    void checkNoSecretLeaked();

    QString m_bin;
    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<FakeApiProcess> m_api;
    QString m_user;
    QString m_password;
    QString m_clientId;
    QString m_clientSecret;
    QStringList m_secrets; // every secret used or seen in this test
    QList<QStringList> m_argumentLists; // every argument list given to tokentray
    QByteArray m_stderr; // everything tokentray wrote to stderr
};

void TestCliEndToEnd::initTestCase()
{
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
        QSKIP("needs the keyring of tests/harness/desktop-session.sh");
    QVERIFY2(!loginCollectionLocked(), "the harness keyring should start unlocked");
}

void TestCliEndToEnd::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    QVERIFY(m_config->isValid());
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

void TestCliEndToEnd::cleanup()
{
    if (loginCollectionLocked())
        unlockLoginCollection();
    if (!QTest::currentTestFailed())
        checkNoSecretLeaked();
    // Leave no entries of this throwaway config dir behind in the keychain.
    const auto entries = keychainEntries(nameSpace());
    for (auto it = entries.begin(); it != entries.end(); ++it)
        runTool(u"secret-tool"_s, { u"clear"_s, u"server"_s, u"TokenTray"_s, u"user"_s, it.key() });
    m_api.reset();
    m_config.reset();
}

void TestCliEndToEnd::remember(const QString &secret)
{
    const QString s = secret.trimmed();
    if (s.size() >= 8 && !m_secrets.contains(s))
        m_secrets.append(s);
}

void TestCliEndToEnd::checkNoSecretLeaked()
{
    // The keychain holds the refresh tokens this test never saw: scan for those too.
    const auto entries = keychainEntries(nameSpace());
    static const QRegularExpression piece(u"[A-Za-z0-9._~+/=-]{16,}"_s);
    for (const QString &value : entries) {
        remember(value);
        for (auto it = piece.globalMatch(value); it.hasNext();)
            remember(it.next().captured());
    }
    QVERIFY(!m_secrets.isEmpty());

    for (const QString &secret : std::as_const(m_secrets)) {
        QVERIFY2(!m_stderr.contains(secret.toUtf8()), "a secret appeared on stderr");
        for (const QStringList &args : std::as_const(m_argumentLists)) {
            for (const QString &arg : args)
                QVERIFY2(!arg.contains(secret), "a secret appeared in the arguments");
        }
    }
    QDirIterator it(m_config->path(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        ++files;
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY2(!content.contains(secret.toUtf8()),
                     qPrintable(u"a secret appeared in %1"_s.arg(f.fileName())));
    }
    Q_UNUSED(files)
}

QProcessEnvironment TestCliEndToEnd::cliEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The command line must work over SSH: no display at all.
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    return env;
}

QProcess *TestCliEndToEnd::startCli(const QStringList &args, const QByteArray &input,
                                    const QProcessEnvironment &env, const QString &configDir)
{
    const QStringList full
        = QStringList { u"--config-dir"_s, configDir.isEmpty() ? m_config->path() : configDir } + args;
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

CliRun TestCliEndToEnd::finishCli(QProcess *p, int timeoutMs)
{
    CliRun run;
    run.finished = p->waitForFinished(timeoutMs);
    if (!run.finished) {
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

CliRun TestCliEndToEnd::cli(const QStringList &args, const QByteArray &input, const QProcessEnvironment &env)
{
    return finishCli(startCli(args, input, env));
}

bool TestCliEndToEnd::startApi(const QStringList &extra)
{
    if (!m_api->start(QStringList { u"--quiet"_s } + extra)) {
        qWarning("%s", qPrintable(m_api->errorString()));
        return false;
    }
    // Through the control endpoint, so the secrets never sit in a process's arguments.
    return m_api->addSevenGUser(m_user, m_password) && m_api->addD7App(m_clientId, m_clientSecret);
}

CliRun TestCliEndToEnd::add7g(const QString &name, const QString &password, const QStringList &extra)
{
    return cli(QStringList { u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, name, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--username"_s, m_user, u"--password-stdin"_s }
                   + extra,
               password.toUtf8() + '\n');
}

CliRun TestCliEndToEnd::addD7(const QString &name, const QString &secret, const QStringList &extra)
{
    return cli(QStringList { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, name, u"--base-url"_s,
                             m_api->baseUrl().toString(), u"--client-id"_s, m_clientId, u"--secret-stdin"_s }
                   + extra,
               secret.toUtf8());
}

// One line, "tokentray: ...", on stderr; nothing on stdout.
#define VERIFY_ERROR_LINE(run)                                                                               \
    do {                                                                                                     \
        QVERIFY2((run).err.startsWith("tokentray: "), qPrintable((run).describe()));                         \
        QCOMPARE((run).err.count('\n'), 1);                                                                  \
        QVERIFY((run).err.endsWith('\n'));                                                                   \
        QVERIFY((run).out.isEmpty());                                                                        \
    } while (false)

void TestCliEndToEnd::helpAndVersionWithoutDisplay()
{
    const CliRun help = cli({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    for (const char *word : { "--demo", "--minimized", "--config-dir", "--ca-file", "token", "header", "curl",
                              "claims", "signout", "--password-stdin", "--secret-stdin", "--min-valid" })
        QVERIFY2(help.out.contains(word), word);
    QVERIFY(help.err.isEmpty());

    const CliRun version = cli({ u"--version"_s });
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.contains(TOKENTRAY_VERSION), version.out.constData());

    // Even the window's own options get help rather than a window.
    QCOMPARE(cli({ u"--demo"_s, u"-h"_s }).exitCode, 0);
}

void TestCliEndToEnd::sevenGAddTokenHeaderCurlClaimsList()
{
    QVERIFY(startApi());
    const CliRun added = add7g(u"Prod 7G"_s, m_password);
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY(added.err.isEmpty());
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(),
             0); // add does not sign in

    const CliRun token = cli({ u"token"_s, u"Prod 7G"_s });
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    QVERIFY(token.out.endsWith('\n'));
    const QString accessToken = token.outText().chopped(1);
    remember(accessToken);
    QCOMPARE(accessToken.count(u'.'), 2); // a JWT
    QVERIFY(!accessToken.contains(u'\n'));
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);
    // The token works on the service as printed.
    QCOMPARE(httpGet(m_api->url(u"/BizEntity?bizEntityID=1"_s),
                     { { "Authorization", accessToken.toUtf8() }, { "Version", "2.0" } }),
             200);

    // The same stored token serves the next calls: no new sign-in.
    const CliRun header = cli({ u"header"_s, u"prod 7g"_s }); // names match without case
    QVERIFY2(header.exitCode == 0, qPrintable(header.describe()));
    QCOMPARE(header.outText(), u"Authorization: "_s + accessToken + u'\n');

    const CliRun curl = cli({ u"curl"_s, u"Prod 7G"_s });
    QVERIFY2(curl.exitCode == 0, qPrintable(curl.describe()));
    QCOMPARE(
        curl.outText(),
        u"-H 'Authorization: %1' -H 'Content-Type: application/json' -H 'Version: 2.0'\n"_s.arg(accessToken));

    const CliRun claims = cli({ u"claims"_s, u"Prod 7G"_s });
    QVERIFY2(claims.exitCode == 0, qPrintable(claims.describe()));
    QVERIFY(!claims.out.contains(accessToken.toUtf8()));
    const QJsonObject claimObject = QJsonDocument::fromJson(claims.out).object();
    QVERIFY2(claimObject.value(u"exp"_s).isDouble(), claims.out.constData());
    QCOMPARE(claimObject.value(u"sub"_s).toString(), m_user);

    const CliRun list = cli({ u"list"_s, u"--json"_s });
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(accounts.size(), 1);
    const QJsonObject a = accounts.first().toObject();
    QCOMPARE(a.value(u"name"_s).toString(), u"Prod 7G"_s);
    QCOMPARE(a.value(u"provider"_s).toString(), u"7g"_s);
    QCOMPARE(a.value(u"environment"_s).toString(), u"custom"_s);
    QCOMPARE(a.value(u"login"_s).toString(), m_user);
    QCOMPARE(a.value(u"state"_s).toString(), u"valid"_s);
    QVERIFY(!QUuid::fromString(a.value(u"id"_s).toString()).isNull());
    const int left = a.value(u"secondsLeft"_s).toInt();
    QVERIFY2(left > 1100 && left <= 1200, qPrintable(QString::number(left)));
    for (const QString &key :
         { u"id"_s, u"name"_s, u"provider"_s, u"environment"_s, u"login"_s, u"state"_s, u"secondsLeft"_s })
        QVERIFY2(a.contains(key), qPrintable(key));

    // By id too.
    const CliRun byId = cli({ u"token"_s, a.value(u"id"_s).toString() });
    QCOMPARE(byId.outText(), token.outText());

    const CliRun table = cli({ u"list"_s });
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.outText().contains(u"Prod 7G"_s) && table.outText().contains(u"valid"_s),
             table.out.constData());
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);
    QCOMPARE(m_api->counters().value(u"refreshes"_s).toInt(), 0);
}

void TestCliEndToEnd::d7AddTokenHeaderCurlList()
{
    QVERIFY(startApi());
    const CliRun added = addD7(u"sms"_s, m_clientSecret);
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));

    const CliRun token = cli({ u"token"_s, u"sms"_s });
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    const QString accessToken = token.outText().chopped(1);
    remember(accessToken);
    QCOMPARE(accessToken.count(u'.'), 2);
    QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), 1);
    QCOMPARE(httpGet(m_api->url(u"/messages/v1/balance"_s),
                     { { "Authorization", "Bearer " + accessToken.toUtf8() } }),
             200);

    const CliRun header = cli({ u"header"_s, u"sms"_s });
    QVERIFY2(header.exitCode == 0, qPrintable(header.describe()));
    QCOMPARE(header.outText(), u"Authorization: Bearer "_s + accessToken + u'\n');

    const CliRun curl = cli({ u"curl"_s, u"sms"_s });
    QVERIFY2(curl.exitCode == 0, qPrintable(curl.describe()));
    QVERIFY2(curl.outText().startsWith(u"-H 'Authorization: Bearer %1'"_s.arg(accessToken)),
             curl.out.constData());

    const CliRun list = cli({ u"list"_s, u"--json"_s });
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(accounts.size(), 1);
    const QJsonObject a = accounts.first().toObject();
    QCOMPARE(a.value(u"provider"_s).toString(), u"d7"_s);
    QCOMPARE(a.value(u"login"_s).toString(), m_clientId);
    QCOMPARE(a.value(u"state"_s).toString(), u"valid"_s);
    QVERIFY(a.value(u"secondsLeft"_s).toInt() > 3000);
    QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), 1);
}

void TestCliEndToEnd::pastedTokenIsServedWithoutRequests()
{
    QVERIFY(startApi());
    const QDateTime exp = QDateTime::currentDateTimeUtc().addSecs(3 * 3600);
    const QString token = FakeJwt::expiringAt(exp, { { u"sub"_s, randomText(u"pasted-"_s) } });
    remember(token);
    const QStringList add { u"add"_s,
                            u"--provider"_s,
                            u"d7"_s,
                            u"--name"_s,
                            u"pasted"_s,
                            u"--base-url"_s,
                            m_api->baseUrl().toString(),
                            u"--token-stdin"_s };
    const CliRun added = cli(add, token.toUtf8());
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY(!added.out.contains(token.toUtf8()));
    QVERIFY(!added.err.contains(token.toUtf8()));

    const CliRun first = cli({ u"token"_s, u"pasted"_s });
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    QCOMPARE(first.outText(), token + u'\n');
    const CliRun header = cli({ u"header"_s, u"pasted"_s });
    QCOMPARE(header.outText(), u"Authorization: Bearer "_s + token + u'\n');

    const CliRun list = cli({ u"list"_s, u"--json"_s });
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    const QJsonObject a = QJsonDocument::fromJson(list.out).array().first().toObject();
    QCOMPARE(a.value(u"credential"_s).toString(), u"pasted-token"_s);
    QCOMPARE(a.value(u"state"_s).toString(), u"valid"_s);
    QCOMPARE(a.value(u"expiresAt"_s).toString(), exp.toString(Qt::ISODate));
    QCOMPARE(a.value(u"expiryKnown"_s).toBool(), true);
    QVERIFY(a.value(u"secondsLeft"_s).toInt() > 3 * 3600 - 120);
    QVERIFY(!list.out.contains(token.toUtf8()));

    // Not one request reached the service: no sign-in, no check.
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
    QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), 0);

    // Only in the keychain, in its own entry.
    const auto entries = keychainEntries(nameSpace());
    QStringList kinds;
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        kinds.append(it.key().section(u'/', -1));
        if (it.key().endsWith(u"/pasted-token"_s))
            QCOMPARE(it.value(), token);
    }
    QCOMPARE(kinds, QStringList { u"pasted-token"_s });
    QFile file(m_config->filePath(u"accounts.json"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(!json.contains(token.toUtf8()));
    QVERIFY(json.contains("\"credential\": \"token\""));
}

void TestCliEndToEnd::pastedTokenReplacedAndExpired()
{
    QVERIFY(startApi());
    // A token without an expiry of its own, given 3 seconds on the command line.
    const QString opaque = randomText(u"opaque-d7-token-"_s);
    remember(opaque);
    const QStringList add { u"add"_s,
                            u"--provider"_s,
                            u"d7"_s,
                            u"--name"_s,
                            u"short"_s,
                            u"--base-url"_s,
                            m_api->baseUrl().toString(),
                            u"--token-stdin"_s };
    CliRun run = cli(add + QStringList { u"--expires-in"_s, u"3"_s }, opaque.toUtf8());
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli({ u"token"_s, u"short"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.outText(), opaque + u'\n');

    QTest::qSleep(4000);
    run = cli({ u"token"_s, u"short"_s });
    QCOMPARE(run.exitCode, 11);
    QVERIFY2(run.errText().contains(u"expired"_s) && run.errText().contains(u"--token-stdin"_s),
             qPrintable(run.describe()));
    QVERIFY(run.out.isEmpty());
    run = cli({ u"list"_s, u"--json"_s });
    QCOMPARE(QJsonDocument::fromJson(run.out).array().first().toObject().value(u"state"_s).toString(),
             u"expired"_s);

    // The same name again: refused without --replace, replaced with it.
    const QString fresh = FakeJwt::expiringAt(QDateTime::currentDateTimeUtc().addSecs(3600));
    remember(fresh);
    run = cli(add, fresh.toUtf8());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(u"--replace"_s), qPrintable(run.describe()));
    run = cli(add + QStringList { u"--replace"_s }, fresh.toUtf8());
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli({ u"token"_s, u"short"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.outText(), fresh + u'\n');

    // A token that has expired already is not stored at all.
    const QString stale = FakeJwt::expiringAt(QDateTime::currentDateTimeUtc().addSecs(-60));
    remember(stale);
    run = cli(add + QStringList { u"--replace"_s }, stale.toUtf8());
    QCOMPARE(run.exitCode, 11);
    run = cli({ u"token"_s, u"short"_s });
    QCOMPARE(run.outText(), fresh + u'\n');

    // --replace gives no pasted token to an application that signs in.
    QVERIFY(addD7(u"signs-in"_s, m_clientSecret).exitCode == 0);
    run = cli(QStringList { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"signs-in"_s, u"--base-url"_s,
                            m_api->baseUrl().toString(), u"--token-stdin"_s, u"--replace"_s },
              fresh.toUtf8());
    QCOMPARE(run.exitCode, 2);

    // A token with no expiry at all: valid, its expiry unknown.
    const QString unknown = randomText(u"opaque-d7-unknown-"_s);
    remember(unknown);
    run = cli(QStringList { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"unknown"_s, u"--base-url"_s,
                            m_api->baseUrl().toString(), u"--token-stdin"_s },
              unknown.toUtf8());
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli({ u"token"_s, u"unknown"_s });
    QCOMPARE(run.outText(), unknown + u'\n');
    run = cli({ u"list"_s, u"--json"_s });
    bool listed = false;
    for (const QJsonValue &v : QJsonDocument::fromJson(run.out).array()) {
        const QJsonObject o = v.toObject();
        if (o.value(u"name"_s).toString() != u"unknown")
            continue;
        listed = true;
        QCOMPARE(o.value(u"state"_s).toString(), u"valid"_s);
        QVERIFY(o.value(u"expiresAt"_s).isNull());
        QCOMPARE(o.value(u"expiryKnown"_s).toBool(true), false);
    }
    QVERIFY(listed);

    QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), 0);
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliEndToEnd::pastedTokenNeverOnTheCommandLine()
{
    const QString value = randomText(u"would-leak-"_s);
    for (const QString &option : QStringList { u"--token"_s, u"--token="_s + value }) {
        QStringList args { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"x"_s, option };
        if (!option.contains(u'='))
            args.append(value);
        const CliRun run = finishCli([&] {
            auto *p = new QProcess(this);
            p->setProcessEnvironment(cliEnvironment());
            p->start(m_bin, QStringList { u"--config-dir"_s, m_config->path() } + args);
            p->waitForStarted(10000);
            p->closeWriteChannel();
            return p;
        }());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errText().contains(u"--token-stdin"_s), qPrintable(run.describe()));
        QVERIFY(!run.errText().contains(value));
    }
    // Options that only make sense with a pasted token.
    const CliRun run = cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"x"_s, u"--environment"_s,
                             u"dev"_s, u"--username"_s, u"u"_s, u"--token-stdin"_s },
                           "whatever");
    QCOMPARE(run.exitCode, 2);
    const CliRun bad = cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"x"_s, u"--token-stdin"_s,
                             u"--expires-at"_s, u"tomorrow"_s },
                           "whatever");
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.errText().contains(u"--expires-at"_s), qPrintable(bad.describe()));
}

void TestCliEndToEnd::secondTokenAfterExpiryRefreshes()
{
    QVERIFY(startApi({ u"--seveng-ttl"_s, u"3"_s }));
    QVERIFY(add7g(u"short"_s, m_password).exitCode == 0);

    const CliRun first = cli({ u"token"_s, u"short"_s, u"--min-valid"_s, u"0"_s });
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    remember(first.outText());
    QTest::qSleep(4000); // the 3-second token has lapsed

    const CliRun second = cli({ u"token"_s, u"short"_s, u"--min-valid"_s, u"0"_s });
    QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
    remember(second.outText());
    QVERIFY(second.out != first.out);
    QJsonObject c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QCOMPARE(c.value(u"refreshes"_s).toInt(), 1);
    QCOMPARE(c.value(u"refreshFailures"_s).toInt(), 0);

    // The default --min-valid of 60 s is more than a 3-second token has: it
    // renews again, with the refresh token the last refresh rotated in.
    const CliRun third = cli({ u"token"_s, u"short"_s });
    QVERIFY2(third.exitCode == 0, qPrintable(third.describe()));
    remember(third.outText());
    QVERIFY(third.out != second.out);
    c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QCOMPARE(c.value(u"refreshes"_s).toInt(), 2);
    QCOMPARE(c.value(u"refreshFailures"_s).toInt(), 0);
}

void TestCliEndToEnd::concurrentCallsSignInOnce()
{
    QVERIFY(startApi({ u"--delay-ms"_s, u"300"_s }));
    QVERIFY(add7g(u"busy"_s, m_password).exitCode == 0);

    QList<QProcess *> processes;
    for (int i = 0; i < 10; ++i)
        processes.append(startCli({ u"token"_s, u"busy"_s }));
    QSet<QByteArray> tokens;
    for (QProcess *p : std::as_const(processes)) {
        const CliRun run = finishCli(p, 120000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        tokens.insert(run.out);
        remember(run.outText());
    }
    QCOMPARE(tokens.size(), 1); // everyone got the one token
    const QJsonObject c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"logins"_s).toInt(), 1);
    QCOMPARE(c.value(u"refreshes"_s).toInt(), 0);
    QCOMPARE(c.value(u"maxConcurrent"_s).toInt(), 1);
}

void TestCliEndToEnd::concurrentCallsRefreshOnce()
{
    QVERIFY(startApi({ u"--seveng-ttl"_s, u"2"_s }));
    QVERIFY(add7g(u"busy"_s, m_password).exitCode == 0);
    const CliRun first = cli({ u"token"_s, u"busy"_s, u"--min-valid"_s, u"0"_s });
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    remember(first.outText());
    QTest::qSleep(3000); // expired; the refresh token is in the keychain
    QVERIFY(m_api->configure({ { u"sevengTtl"_s, 1200 }, { u"delayMs"_s, 300 } }));
    QVERIFY(m_api->resetCounters());

    QList<QProcess *> processes;
    for (int i = 0; i < 10; ++i)
        processes.append(startCli({ u"token"_s, u"busy"_s }));
    QSet<QByteArray> tokens;
    for (QProcess *p : std::as_const(processes)) {
        const CliRun run = finishCli(p, 120000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        tokens.insert(run.out);
        remember(run.outText());
    }
    QCOMPARE(tokens.size(), 1);
    QVERIFY(!tokens.contains(first.out));
    const QJsonObject c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"refreshes"_s).toInt(), 1); // one renewal, by refresh
    QCOMPARE(c.value(u"logins"_s).toInt(), 0);
    QCOMPARE(c.value(u"refreshFailures"_s).toInt(), 0); // no rotated token used twice
}

void TestCliEndToEnd::wrongPasswordExits4AfterOneAttempt()
{
    QVERIFY(startApi());
    const QString wrong = randomText(u"Wrong-"_s);
    remember(wrong);
    QVERIFY(add7g(u"typo"_s, wrong).exitCode == 0);

    QElapsedTimer t;
    t.start();
    const CliRun run = cli({ u"token"_s, u"typo"_s });
    QCOMPARE(run.exitCode, 4);
    VERIFY_ERROR_LINE(run);
    QVERIFY(t.elapsed() < 20000); // not retried with back-off
    const QJsonObject c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"loginFailures"_s).toInt(), 1);
    QCOMPARE(c.value(u"logins"_s).toInt(), 0);
    QCOMPARE(c.value(u"lockouts"_s).toInt(), 0);

    // A script calling again at once does not spend another attempt: three
    // would lock the user out.
    const CliRun again = cli({ u"token"_s, u"typo"_s });
    QCOMPARE(again.exitCode, 4);
    VERIFY_ERROR_LINE(again);
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"loginFailures"_s).toInt(), 1);
    // Stored again with the right password, the account works at once.
    QCOMPARE(cli({ u"remove"_s, u"typo"_s }).exitCode, 0);
    QVERIFY(add7g(u"typo"_s, m_password).exitCode == 0);
    const CliRun fixed = cli({ u"token"_s, u"typo"_s });
    QVERIFY2(fixed.exitCode == 0, qPrintable(fixed.describe()));
    remember(fixed.outText());

    // D7 too.
    const QString wrongSecret = randomText(u"WrongSecret-"_s);
    remember(wrongSecret);
    QVERIFY(addD7(u"typo-d7"_s, wrongSecret).exitCode == 0);
    const CliRun d7 = cli({ u"header"_s, u"typo-d7"_s });
    QCOMPARE(d7.exitCode, 4);
    VERIFY_ERROR_LINE(d7);
    QCOMPARE(m_api->counters().value(u"d7LoginFailures"_s).toInt(), 1);
}

void TestCliEndToEnd::rejectionClassesExplained_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QStringList>("serverOptions");
    QTest::addColumn<bool>("rightSecret"); // the stored secret is the right one
    QTest::addColumn<bool>("knownApp"); // D7: the client id exists
    QTest::addColumn<QString>("advice");

    QTest::newRow("7g wrong password") << u"7g"_s << QStringList() << false << true << u"Fix the password"_s;
    QTest::newRow("7g locked") << u"7g"_s << QStringList { u"--reject-as"_s, u"locked"_s } << true << true
                               << u"(in 10 min)"_s;
    QTest::newRow("7g locked, time in the reply")
        << u"7g"_s
        << QStringList { u"--reject-as"_s, u"locked"_s, u"--lock-time-in-reply"_s, u"--lockout-duration"_s,
                         u"300"_s }
        << true << true << u"(in 5 min)"_s;
    QTest::newRow("7g allow-list") << u"7g"_s << QStringList { u"--reject-as"_s, u"allowlist"_s } << true
                                   << true << u"Connect through the VPN"_s;
    QTest::newRow("7g disabled") << u"7g"_s << QStringList { u"--reject-as"_s, u"disabled"_s } << true << true
                                 << u"Ask the administrator"_s;
    QTest::newRow("7g unknown") << u"7g"_s << QStringList { u"--reject-as"_s, u"unknown"_s } << true << true
                                << u"did not say why"_s;
    QTest::newRow("d7 application missing")
        << u"d7"_s << QStringList() << true << false << u"the application does not exist"_s;
    QTest::newRow("d7 secret rejected") << u"d7"_s << QStringList() << false << true << u"Copy it again"_s;
}

void TestCliEndToEnd::rejectionClassesExplained()
{
    QFETCH(QString, provider);
    QFETCH(QStringList, serverOptions);
    QFETCH(bool, rightSecret);
    QFETCH(bool, knownApp);
    QFETCH(QString, advice);
    QVERIFY(startApi(serverOptions));
    const QString wrong = randomText(u"Wrong-"_s);
    remember(wrong);

    const bool sevenG = provider == u"7g";
    if (sevenG) {
        QVERIFY(add7g(u"acct"_s, rightSecret ? m_password : wrong).exitCode == 0);
    } else {
        const QString clientId = knownApp ? m_clientId : randomText(u"no-such-app-"_s);
        const CliRun added
            = cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"acct"_s, u"--base-url"_s,
                    m_api->baseUrl().toString(), u"--client-id"_s, clientId, u"--secret-stdin"_s },
                  (rightSecret ? m_clientSecret : wrong).toUtf8());
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    }
    const auto attempts = [&] {
        return sevenG ? userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"loginFailures"_s).toInt()
                      : m_api->counters().value(u"d7LoginFailures"_s).toInt();
    };

    QElapsedTimer t;
    t.start();
    const CliRun run = cli({ u"token"_s, u"acct"_s });
    QCOMPARE(run.exitCode, 4);
    VERIFY_ERROR_LINE(run);
    QVERIFY2(run.errText().contains(advice), qPrintable(run.describe()));
    QVERIFY(t.elapsed() < 20000); // not retried with back-off
    QCOMPARE(attempts(), 1);
    if (sevenG)
        QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 0);

    // Asked again at once: still one attempt on the server.
    const CliRun again = cli({ u"token"_s, u"acct"_s });
    QCOMPARE(again.exitCode, 4);
    VERIFY_ERROR_LINE(again);
    QCOMPARE(attempts(), 1);
    if (advice.endsWith(u" min)"_s)) {
        // The lock is remembered across runs, with the time it ends.
        QVERIFY2(again.errText().contains(u"locked"_s) && again.errText().contains(u" min)"_s),
                 qPrintable(again.describe()));
        QCOMPARE(attempts(), 1);
    }
}

void TestCliEndToEnd::exportHoldsNoSecretImportAddsAllOrNothing()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"Registry"_s, m_password).exitCode == 0);
    QVERIFY(addD7(u"SMS"_s, m_clientSecret).exitCode == 0);
    // Tokens in the keychain too: none may reach the export.
    const CliRun token = cli({ u"token"_s, u"Registry"_s });
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    remember(token.outText());
    remember(cli({ u"token"_s, u"SMS"_s }).outText());
    QVERIFY(!keychainEntries(nameSpace()).isEmpty());

    // Inside the config dir, so that cleanup's scan for secrets reads it too.
    const QString file = m_config->filePath(u"accounts-export.json"_s);
    const CliRun exported = cli({ u"export"_s, u"--output"_s, file });
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe()));
    QVERIFY(exported.out.isEmpty());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    f.close();
    const auto entries = keychainEntries(nameSpace());
    for (const QString &secret : entries)
        QVERIFY2(!content.contains(secret.toUtf8()), "a keychain entry appeared in the export");
    QVERIFY(!content.contains(m_password.toUtf8()) && !content.contains(m_clientSecret.toUtf8()));
    const QJsonObject root = QJsonDocument::fromJson(content).object();
    QCOMPARE(root.value(u"format"_s).toString(), u"tokentray-accounts"_s);
    QCOMPARE(root.value(u"version"_s).toInt(), 1);
    QCOMPARE(root.value(u"accounts"_s).toArray().size(), 2);
    // To stdout without --output: the same document.
    QCOMPARE(cli({ u"export"_s }).out, content);

    QTemporaryDir other;
    const auto inOther = [&](const QStringList &args) {
        return finishCli(startCli(args, {}, {}, other.path()));
    };
    const auto namesInOther = [&] {
        QStringList names;
        for (const QJsonValue &v : QJsonDocument::fromJson(inOther({ u"list"_s, u"--json"_s }).out).array())
            names.append(v.toObject().value(u"name"_s).toString());
        return names;
    };
    const CliRun imported = inOther({ u"import"_s, file });
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.describe()));
    QVERIFY2(imported.outText().contains(u"Needs a password: Registry"_s), qPrintable(imported.describe()));
    QVERIFY2(imported.outText().contains(u"Needs a client secret: SMS"_s), qPrintable(imported.describe()));
    QCOMPARE(namesInOther(), (QStringList { u"Registry"_s, u"SMS"_s }));
    // No credential came along: the imported account asks for one, and the server saw nothing.
    const int loginsBefore = userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"loginFailures"_s).toInt();
    QCOMPARE(inOther({ u"token"_s, u"Registry"_s }).exitCode, 7);
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"loginFailures"_s).toInt(), loginsBefore);

    // Again: every name exists, so nothing is added, with the names said.
    const CliRun conflict = inOther({ u"import"_s, file });
    QCOMPARE(conflict.exitCode, 9);
    VERIFY_ERROR_LINE(conflict);
    QVERIFY2(conflict.errText().contains(u"\"Registry\", \"SMS\""_s), qPrintable(conflict.describe()));
    QCOMPARE(namesInOther().size(), 2);
    const CliRun skipped = inOther({ u"import"_s, u"--on-duplicate"_s, u"skip"_s, file });
    QVERIFY2(skipped.exitCode == 0 && skipped.outText().contains(u"Skipped"_s),
             qPrintable(skipped.describe()));
    QCOMPARE(namesInOther().size(), 2);
    const CliRun renamed = inOther({ u"import"_s, u"--on-duplicate"_s, u"rename"_s, file });
    QVERIFY2(renamed.exitCode == 0, qPrintable(renamed.describe()));
    QCOMPARE(namesInOther(), (QStringList { u"Registry"_s, u"SMS"_s, u"Registry (2)"_s, u"SMS (2)"_s }));

    // A damaged file, one from a newer version, wrong types: nothing added.
    const auto writeFile = [&](const QString &name, const QByteArray &bytes) {
        QFile out(other.filePath(name));
        if (out.open(QIODevice::WriteOnly))
            out.write(bytes);
        return out.fileName();
    };
    QByteArray newer = content;
    newer.replace("\"version\": 1", "\"version\": 2");
    QByteArray wrongType = content;
    wrongType.replace("\"refreshLeadSeconds\": ", "\"refreshLeadSeconds\": \"x\", \"unused\": ");
    for (const QString &bad :
         { writeFile(u"cut.json"_s, content.left(content.size() / 2)), writeFile(u"newer.json"_s, newer),
           writeFile(u"types.json"_s, wrongType), other.filePath(u"missing.json"_s) }) {
        const CliRun refused = inOther({ u"import"_s, u"--on-duplicate"_s, u"rename"_s, bad });
        QCOMPARE(refused.exitCode, 10);
        VERIFY_ERROR_LINE(refused);
        QCOMPARE(namesInOther().size(), 4);
    }
    QVERIFY(inOther({ u"import"_s, writeFile(u"newer2.json"_s, newer) }).errText().contains(u"newer"_s));
    QCOMPARE(cli({ u"import"_s, u"--on-duplicate"_s, u"keep"_s, file }).exitCode, 2);
}

void TestCliEndToEnd::verifiedAddStoresNothingOnWrongSecret()
{
    QVERIFY(startApi());
    const QString wrong = randomText(u"Wrong-"_s);
    remember(wrong);
    const CliRun run = add7g(u"checked"_s, wrong, { u"--verify"_s });
    QCOMPARE(run.exitCode, 4);
    VERIFY_ERROR_LINE(run);
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"loginFailures"_s).toInt(), 1);
    QCOMPARE(QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().size(), 0);
    QVERIFY(keychainEntries(nameSpace()).isEmpty());

    const CliRun good = add7g(u"checked"_s, m_password, { u"--verify"_s });
    QVERIFY2(good.exitCode == 0, qPrintable(good.describe()));
    QCOMPARE(QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().size(), 1);
}

void TestCliEndToEnd::unknownNameExits3()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"known"_s, m_password).exitCode == 0);
    for (const QString &command :
         { u"token"_s, u"header"_s, u"curl"_s, u"claims"_s, u"signout"_s, u"remove"_s }) {
        const CliRun run = cli({ command, u"unknown-account"_s });
        QVERIFY2(run.exitCode == 3, qPrintable(command + u": "_s + run.describe()));
        VERIFY_ERROR_LINE(run);
        QVERIFY(run.errText().contains(u"unknown-account"_s));
    }
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliEndToEnd::usageErrorsExit2()
{
    QVERIFY(startApi());
    const QList<QStringList> cases = {
        { u"token"_s },
        { u"token"_s, u"a"_s, u"b"_s },
        { u"list"_s, u"--frobnicate"_s },
        { u"token"_s, u"a"_s, u"--min-valid"_s, u"soon"_s },
        { u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"x"_s, u"--environment"_s, u"dev"_s,
          u"--username"_s, u"u"_s },
        { u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"x"_s, u"--base-url"_s, u"http://example.com"_s,
          u"--username"_s, u"u"_s, u"--password-stdin"_s },
    };
    for (const QStringList &args : cases) {
        const CliRun run = cli(args, "some-input\n");
        QVERIFY2(run.exitCode == 2, qPrintable(args.join(u' ') + u": "_s + run.describe()));
        VERIFY_ERROR_LINE(run);
    }
    // An empty secret is refused and nothing is stored.
    const CliRun empty = add7g(u"empty"_s, QString());
    QCOMPARE(empty.exitCode, 2);
    VERIFY_ERROR_LINE(empty);
    QCOMPARE(QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().size(), 0);
}

void TestCliEndToEnd::duplicateNameRefused()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"twin"_s, m_password).exitCode == 0);
    const CliRun again = addD7(u"Twin"_s, m_clientSecret);
    QCOMPARE(again.exitCode, 2);
    VERIFY_ERROR_LINE(again);
    QVERIFY(again.errText().contains(u"Twin"_s));
    QCOMPARE(QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().size(), 1);
}

void TestCliEndToEnd::keychainLockedExits6()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"locked"_s, m_password).exitCode == 0);
    const CliRun before = cli({ u"token"_s, u"locked"_s });
    QVERIFY2(before.exitCode == 0, qPrintable(before.describe()));
    remember(before.outText());

    QVERIFY2(lockLoginCollection(), "could not lock the login collection");
    auto unlock = qScopeGuard([] { unlockLoginCollection(); });
    QElapsedTimer t;
    t.start();
    const CliRun run = cli({ u"token"_s, u"locked"_s });
    QCOMPARE(run.exitCode, 6);
    VERIFY_ERROR_LINE(run);
    QVERIFY2(run.errText().contains(u"locked"_s, Qt::CaseInsensitive), run.err.constData());
    QVERIFY(t.elapsed() < 45000);
    const CliRun addLocked = addD7(u"while-locked"_s, m_clientSecret);
    QCOMPARE(addLocked.exitCode, 6);
    VERIFY_ERROR_LINE(addLocked);

    QVERIFY(unlockLoginCollection());
    unlock.dismiss();
    const CliRun after = cli({ u"token"_s, u"locked"_s });
    QVERIFY2(after.exitCode == 0, qPrintable(after.describe()));
    QCOMPARE(after.out, before.out); // nothing was lost
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);
    // The refused add left no account behind.
    QCOMPARE(QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().size(), 1);
}

void TestCliEndToEnd::noKeychainExits6()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"nobus"_s, m_password).exitCode == 0);
    QProcessEnvironment env = cliEnvironment();
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);
    const CliRun run = cli({ u"token"_s, u"nobus"_s }, {}, env);
    QCOMPARE(run.exitCode, 6);
    VERIFY_ERROR_LINE(run);
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliEndToEnd::corruptAccountsFileExits7()
{
    QFile file(m_config->filePath(u"accounts.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"accounts\": [ {\"id\": ");
    file.close();
    const CliRun run = cli({ u"token"_s, u"anything"_s });
    QCOMPARE(run.exitCode, 7);
    VERIFY_ERROR_LINE(run);
    QVERIFY(run.err.size() > 30);
    // Moved aside, not lost.
    const QStringList aside = QDir(m_config->path()).entryList({ u"accounts.json.corrupt*"_s }, QDir::Files);
    QCOMPARE(aside.size(), 1);
}

void TestCliEndToEnd::badCaFileExits7()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"ca"_s, m_password).exitCode == 0);
    QFile bogus(m_config->filePath(u"bogus.pem"_s));
    QVERIFY(bogus.open(QIODevice::WriteOnly));
    bogus.write("not a certificate\n");
    bogus.close();
    const CliRun run = cli({ u"--ca-file"_s, bogus.fileName(), u"token"_s, u"ca"_s });
    QCOMPARE(run.exitCode, 7);
    VERIFY_ERROR_LINE(run);
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliEndToEnd::accountLockMakesOthersWait()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"waits"_s, m_password).exitCode == 0);
    const QString id = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out)
                           .array()
                           .first()
                           .toObject()
                           .value(u"id"_s)
                           .toString();
    QLockFile lock(m_config->filePath(u"locks/%1.lock"_s.arg(id)));
    QVERIFY(lock.tryLock(0));
    QProcess *p = startCli({ u"token"_s, u"waits"_s });
    QTest::qWait(2500);
    QCOMPARE(p->state(), QProcess::Running); // waiting for the lock
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
    lock.unlock();
    const CliRun run = finishCli(p);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    remember(run.outText());
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);
}

void TestCliEndToEnd::lockOfADeadProcessIsTakenOver()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"orphan"_s, m_password).exitCode == 0);
    const QString id = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out)
                           .array()
                           .first()
                           .toObject()
                           .value(u"id"_s)
                           .toString();
    // What a tokentray killed while renewing leaves behind.
    QProcess dead;
    dead.start(m_bin, { u"--version"_s });
    QVERIFY(dead.waitForFinished(10000));
    const qint64 deadPid = dead.processId() ? dead.processId() : 999999;
    QVERIFY(QDir().mkpath(m_config->filePath(u"locks"_s)));
    QFile lockFile(m_config->filePath(u"locks/%1.lock"_s.arg(id)));
    QVERIFY(lockFile.open(QIODevice::WriteOnly));
    lockFile.write(QByteArray::number(deadPid) + "\ntokentray\n" + QSysInfo::machineHostName().toUtf8()
                   + '\n');
    lockFile.close();

    QElapsedTimer t;
    t.start();
    const CliRun run = cli({ u"token"_s, u"orphan"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    remember(run.outText());
    QVERIFY2(t.elapsed() < 15000, "a dead holder's lock is taken over at once");
}

void TestCliEndToEnd::signoutForgetsTokensKeepsCredentials()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"out"_s, m_password).exitCode == 0);
    const CliRun first = cli({ u"token"_s, u"out"_s });
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    remember(first.outText());
    const QString id = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out)
                           .array()
                           .first()
                           .toObject()
                           .value(u"id"_s)
                           .toString();
    const QString prefix = nameSpace() + u'/' + id + u'/';
    QVERIFY(keychainEntries(nameSpace()).contains(prefix + u"refresh-token"_s));

    const CliRun out = cli({ u"signout"_s, u"out"_s });
    QVERIFY2(out.exitCode == 0, qPrintable(out.describe()));
    const auto entries = keychainEntries(nameSpace());
    QVERIFY(entries.contains(prefix + u"password"_s));
    QVERIFY(!entries.contains(prefix + u"refresh-token"_s));
    QVERIFY(!entries.contains(prefix + u"access-token"_s));
    const QJsonObject listed
        = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array().first().toObject();
    QCOMPARE(listed.value(u"secondsLeft"_s).toInt(), 0);
    QVERIFY(listed.value(u"state"_s).toString() != u"valid"_s);

    const CliRun again = cli({ u"token"_s, u"out"_s });
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
    remember(again.outText());
    QVERIFY(again.out != first.out);
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 2);
}

void TestCliEndToEnd::removeDeletesAccountAndKeychainEntries()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"gone"_s, m_password).exitCode == 0);
    QVERIFY(addD7(u"stays"_s, m_clientSecret).exitCode == 0);
    const CliRun token = cli({ u"token"_s, u"gone"_s });
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    remember(token.outText());
    const QJsonArray before = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array();
    QCOMPARE(before.size(), 2);
    const QString goneId = before.at(0).toObject().value(u"id"_s).toString();
    const QString staysId = before.at(1).toObject().value(u"id"_s).toString();
    QCOMPARE(keychainEntries(nameSpace()).size(), 4); // password, two tokens; client secret

    const CliRun removed = cli({ u"remove"_s, u"gone"_s });
    QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
    const auto entries = keychainEntries(nameSpace());
    for (auto it = entries.begin(); it != entries.end(); ++it)
        QVERIFY2(!it.key().contains(goneId), qPrintable(it.key()));
    QVERIFY(entries.contains(nameSpace() + u'/' + staysId + u"/client-secret"_s));
    const QJsonArray after = QJsonDocument::fromJson(cli({ u"list"_s, u"--json"_s }).out).array();
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().toObject().value(u"name"_s).toString(), u"stays"_s);
    QCOMPARE(cli({ u"token"_s, u"gone"_s }).exitCode, 3);
}

void TestCliEndToEnd::configDirsDoNotShareSecrets()
{
    QVERIFY(startApi());
    QVERIFY(add7g(u"mine"_s, m_password).exitCode == 0);
    QTemporaryDir other;
    // The same accounts file in another directory: its keychain namespace is empty.
    QVERIFY(QFile::copy(m_config->filePath(u"accounts.json"_s), other.filePath(u"accounts.json"_s)));
    QProcess *p = startCli({ u"token"_s, u"mine"_s }, {}, {}, other.path());
    const CliRun run = finishCli(p);
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    VERIFY_ERROR_LINE(run);
    QCOMPARE(m_api->counters().value(u"requests"_s).toInt(), 0);
}

void TestCliEndToEnd::runningInstanceServesTheCommand()
{
    const QString hostPath = qEnvironmentVariable("TOKENTRAY_CLI_TESTHOST");
    QVERIFY2(QFileInfo(hostPath).isExecutable(), "TOKENTRAY_CLI_TESTHOST must name the test host");
    QVERIFY(startApi());
    QVERIFY(add7g(u"shared"_s, m_password).exitCode == 0);

    QProcess host;
    host.setProcessEnvironment(cliEnvironment());
    host.start(hostPath, { u"--config-dir"_s, m_config->path() });
    auto stopHost = qScopeGuard([&host] {
        host.terminate();
        if (!host.waitForFinished(5000))
            host.kill();
        host.waitForFinished();
    });
    QStringList hostLines;
    const auto waitForLine = [&host, &hostLines](const QString &prefix) -> QString {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            for (const QString &line : std::as_const(hostLines)) {
                if (line.startsWith(prefix))
                    return line;
            }
            if (!host.canReadLine() && !host.waitForReadyRead(500))
                continue;
            while (host.canReadLine())
                hostLines.append(QString::fromUtf8(host.readLine()).trimmed());
        }
        return {};
    };
    QVERIFY2(!waitForLine(u"listening"_s).isEmpty(), qPrintable(hostLines.join(u" | "_s)));
    // The stand-in window signs in by itself.
    const QString signedIn = waitForLine(u"token shared "_s);
    QVERIFY2(!signedIn.isEmpty(), qPrintable(hostLines.join(u" | "_s)));
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);

    // Without any keychain for the command line: only the instance can answer.
    QProcessEnvironment noKeychain = cliEnvironment();
    noKeychain.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);
    const CliRun token = cli({ u"token"_s, u"shared"_s }, {}, noKeychain);
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    remember(token.outText());
    QCOMPARE(u"token shared "_s + sha256(token.outText().chopped(1)), signedIn); // the instance's token
    QCOMPARE(userCounters(*m_api, u"sevengUsers"_s, m_user).value(u"logins"_s).toInt(), 1);

    const CliRun header = cli({ u"header"_s, u"shared"_s }, {}, noKeychain);
    QCOMPARE(header.outText(), u"Authorization: "_s + token.outText());
    const CliRun list = cli({ u"list"_s, u"--json"_s }, {}, noKeychain);
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out).array().first().toObject().value(u"state"_s).toString(),
             u"valid"_s);
    const CliRun unknown = cli({ u"token"_s, u"nobody"_s }, {}, noKeychain);
    QCOMPARE(unknown.exitCode, 3);
    VERIFY_ERROR_LINE(unknown);

    // A renewal asked for by the command line happens in the instance: one
    // refresh for both, and the window sees the new token.
    QVERIFY(m_api->resetCounters());
    const CliRun renewed = cli({ u"token"_s, u"shared"_s, u"--min-valid"_s, u"3600"_s }, {}, noKeychain);
    QVERIFY2(renewed.exitCode == 0, qPrintable(renewed.describe()));
    remember(renewed.outText());
    QVERIFY(renewed.out != token.out);
    QVERIFY2(!waitForLine(u"token shared "_s + sha256(renewed.outText().chopped(1))).isEmpty(),
             qPrintable(hostLines.join(u" | "_s)));
    const QJsonObject c = userCounters(*m_api, u"sevengUsers"_s, m_user);
    QCOMPARE(c.value(u"refreshes"_s).toInt(), 1);
    QCOMPARE(c.value(u"logins"_s).toInt(), 0);

    // An `add` travels with its secret over the user-only socket.
    const CliRun added
        = cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"via-instance"_s, u"--base-url"_s,
                m_api->baseUrl().toString(), u"--client-id"_s, m_clientId, u"--secret-stdin"_s },
              m_clientSecret.toUtf8(), noKeychain);
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY2(!waitForLine(u"token via-instance "_s).isEmpty(), qPrintable(hostLines.join(u" | "_s)));

    // A second launch of the window asks the first to come forward.
    bool answered = false;
    QObject context;
    InstanceClient::activate(m_config->path(), &context, [&answered](bool ok) { answered = ok; });
    QTRY_VERIFY(answered);
    QVERIFY2(!waitForLine(u"activated"_s).isEmpty(), qPrintable(hostLines.join(u" | "_s)));

    // A second instance for the same config dir does not start.
    QProcess second;
    second.start(hostPath, { u"--config-dir"_s, m_config->path() });
    QVERIFY(second.waitForFinished(15000));
    QCOMPARE(QString::fromUtf8(second.readAllStandardOutput()).trimmed(), u"another-instance"_s);
}

void TestCliEndToEnd::staleInstanceSocketFallsBackToHeadless()
{
    const QString hostPath = qEnvironmentVariable("TOKENTRAY_CLI_TESTHOST");
    QVERIFY(QFileInfo(hostPath).isExecutable());
    QVERIFY(startApi());
    QVERIFY(add7g(u"stale"_s, m_password).exitCode == 0);

    QProcess host;
    host.setProcessEnvironment(cliEnvironment());
    host.start(hostPath, { u"--config-dir"_s, m_config->path() });
    QVERIFY(host.waitForReadyRead(15000));
    QVERIFY(host.readLine().startsWith("listening"));
    ::kill(static_cast<pid_t>(host.processId()), SIGKILL);
    QVERIFY(host.waitForFinished(5000));
    const QString socketPath = InstanceProtocol::serverName(m_config->path());
    QVERIFY2(QFileInfo::exists(socketPath), "a killed instance leaves its socket file behind");

    const CliRun token = cli({ u"token"_s, u"stale"_s });
    QVERIFY2(token.exitCode == 0, qPrintable(token.describe()));
    remember(token.outText());

    // The next instance takes the leftover socket over.
    QProcess next;
    next.setProcessEnvironment(cliEnvironment());
    next.start(hostPath, { u"--config-dir"_s, m_config->path() });
    QVERIFY(next.waitForReadyRead(15000));
    QCOMPARE(next.readLine().trimmed(), "listening"_ba);
    next.terminate();
    QVERIFY(next.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestCliEndToEnd)
#include "tst_cli_e2e.moc"
