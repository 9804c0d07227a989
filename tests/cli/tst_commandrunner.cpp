// CommandRunner against a real SessionManager, an in-memory keychain and a
// scripted provider: output formats, exit codes, retries and what is stored.
#include "accounts/accountstore.h"
#include "audit/accesslog.h"
#include "base/clock.h"
#include "commands/commandrunner.h"
#include "commands/tokenhandoff.h"
#include "providers/jwt.h"
#include "scriptedprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
struct Engine
{
    QTemporaryDir dir;
    AccountStore store { dir.filePath(u"accounts.json"_s) };
    MemorySecretStore secrets;
    ManualClock clock;
    std::unique_ptr<SessionManager> manager;
    ScriptedProvider *sevenG = nullptr;
    ScriptedProvider *d7 = nullptr;
    QUuid sevenGId;
    QUuid d7Id;

    explicit Engine(bool withAccounts = true)
    {
        if (withAccounts) {
            Account a = Account::create(Provider::SevenG);
            a.name = u"Prod 7G"_s;
            a.login = u"ops"_s;
            a.environment = u"custom"_s;
            a.baseUrl = QUrl(u"http://127.0.0.1:9"_s);
            sevenGId = a.id;
            store.add(a);
            Account b = Account::create(Provider::D7);
            b.name = u"sms"_s;
            b.login = u"client-1"_s;
            d7Id = b.id;
            store.add(b);
        }
    }

    void start()
    {
        manager = std::make_unique<SessionManager>(&store, &secrets, nullptr, &clock);
        sevenG = new ScriptedProvider(Provider::SevenG, &clock);
        d7 = new ScriptedProvider(Provider::D7, &clock);
        manager->providers()->setProvider(Provider::SevenG, sevenG);
        manager->providers()->setProvider(Provider::D7, d7);
        manager->setAutoRenew(false);
        manager->start(false);
    }

    void storeCredentials()
    {
        secrets.write(sevenGId, SecretKind::Password, u"pw-7g-secret"_s, nullptr, {});
        secrets.write(d7Id, SecretKind::ClientSecret, u"d7-client-secret"_s, nullptr, {});
    }
};

CliRequest request(CliCommand command, const QString &account = {})
{
    CliRequest r;
    r.command = command;
    r.account = account;
    return r;
}

std::optional<CliResponse> run(Engine &e, const CliRequest &r, int deadlineMs = 30000,
                               AccessLog *log = nullptr, const ProcessIdentity &caller = {})
{
    CommandRunner runner(e.manager.get(), r);
    runner.setDeadline(deadlineMs);
    if (log)
        runner.setAccessLog(log, caller);
    std::optional<CliResponse> response;
    int answers = 0;
    QObject::connect(&runner, &CommandRunner::finished, &runner, [&](const CliResponse &resp) {
        response = resp;
        ++answers;
    });
    runner.start();
    if (response) // never from inside start()
        return std::nullopt;
    if (!QTest::qWaitFor([&response] { return response.has_value(); }, deadlineMs + 5000))
        return std::nullopt;
    QTest::qWait(10);
    if (answers != 1)
        return std::nullopt;
    return response;
}

#define RUN(var, engine, req)                                                                                \
    const auto var = run(engine, req);                                                                       \
    QVERIFY(var.has_value())
} // namespace

class TestCommandRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenHeaderCurlClaims7g();
    void headerAndCurlD7();
    void envAndExecHandOffTheHeaderRule();
    void listTextAndJson();
    void unknownAccountExits3();
    void credentialsRejectedExits4WithOneAttempt();
    void transientFailureIsRetried();
    void transientFailureGivesUpWithExit5();
    void minValidRenewsEarly();
    void missingCredentialExits7();
    void keychainUnavailableExits6();
    void keychainThatNeverAnswersExits6();
    void addStoresAccountAndSecretWithoutSigningIn();
    void addRefusesDuplicateAndBadInput();
    void addWithVerifyStoresNothingOnRejection();
    void removeDeletesAccountAndSecrets();
    void signoutForgetsTokensKeepsCredential();
    void exitCodeMapping();
    void handOffsAreLogged_data();
    void handOffsAreLogged();
    void unwritableLogDoesNotStopTheHandOff();
};

void TestCommandRunner::tokenHeaderCurlClaims7g()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(token, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(token->exitCode, ExitCode::Ok);
    QVERIFY(token->output.endsWith(u'\n'));
    const QString accessToken = token->output.chopped(1);
    QCOMPARE(accessToken.count(u'.'), 2);
    QCOMPARE(e.sevenG->signIns(), 1);
    QCOMPARE(e.sevenG->lastSecret(), u"pw-7g-secret"_s);

    RUN(header, e, request(CliCommand::Header, u"prod 7g"_s));
    QCOMPARE(header->output, u"Authorization: "_s + accessToken + u'\n');
    RUN(curl, e, request(CliCommand::Curl, e.sevenGId.toString(QUuid::WithoutBraces)));
    QCOMPARE(
        curl->output,
        u"-H 'Authorization: %1' -H 'Content-Type: application/json' -H 'Version: 2.0'\n"_s.arg(accessToken));
    RUN(claims, e, request(CliCommand::Claims, u"Prod 7G"_s));
    QCOMPARE(claims->exitCode, ExitCode::Ok);
    QVERIFY(!claims->output.contains(accessToken));
    const QJsonObject c = QJsonDocument::fromJson(claims->output.toUtf8()).object();
    QCOMPARE(c.value(u"sub"_s).toString(), u"ops"_s);
    QVERIFY(c.value(u"exp"_s).isDouble());
    QCOMPARE(e.sevenG->signIns(), 1); // one token served them all
}

void TestCommandRunner::headerAndCurlD7()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(header, e, request(CliCommand::Header, u"sms"_s));
    QVERIFY2(header->output.startsWith(u"Authorization: Bearer "_s), qPrintable(header->output));
    const QString token = header->output.mid(22).chopped(1);
    RUN(curl, e, request(CliCommand::Curl, u"sms"_s));
    QCOMPARE(curl->output, u"-H 'Authorization: Bearer %1'\n"_s.arg(token));
    QCOMPARE(e.d7->signIns(), 1);
}

void TestCommandRunner::envAndExecHandOffTheHeaderRule()
{
    Engine e;
    e.storeCredentials();
    e.start();
    e.d7->setLifetime(900);
    RUN(token7g, e, request(CliCommand::Token, u"Prod 7G"_s));
    RUN(tokenD7, e, request(CliCommand::Token, u"sms"_s));
    const QString t7g = token7g->output.chopped(1);
    const QString tD7 = tokenD7->output.chopped(1);

    // env: the shell form by default, the others on request; the header value
    // is the one `header` prints.
    CliRequest env = request(CliCommand::Env, u"Prod 7G"_s);
    RUN(shell, e, env);
    QCOMPARE(shell->output, u"export TOKENTRAY_TOKEN='%1'\nexport TOKENTRAY_AUTHORIZATION='%1'\n"_s.arg(t7g));
    env.account = u"sms"_s;
    env.envFormat = TokenFormat::EnvStyle::Dotenv;
    RUN(dotenv, e, env);
    QCOMPARE(dotenv->output, u"TOKENTRAY_TOKEN=\"%1\"\nTOKENTRAY_AUTHORIZATION=\"Bearer %1\"\n"_s.arg(tD7));
    env.envFormat = TokenFormat::EnvStyle::Json;
    RUN(json, e, env);
    const QJsonObject object = QJsonDocument::fromJson(json->output.toUtf8()).object();
    QCOMPARE(object.value(u"TOKENTRAY_TOKEN"_s).toString(), tD7);
    QCOMPARE(object.value(u"TOKENTRAY_AUTHORIZATION"_s).toString(), u"Bearer "_s + tD7);
    QCOMPARE(object.size(), 2);

    // exec: the token, the header value and the seconds left, for the command line.
    RUN(exec7g, e, request(CliCommand::Exec, u"Prod 7G"_s));
    QString error;
    auto handoff = TokenHandoff::fromText(exec7g->output, &error);
    QVERIFY2(handoff, qPrintable(error));
    QCOMPARE(handoff->token, t7g);
    QCOMPARE(handoff->authorization, t7g);
    QVERIFY2(handoff->secondsLeft > 1190 && handoff->secondsLeft <= 1200, qPrintable(exec7g->output));
    e.clock.advance(100'000);
    RUN(execD7, e, request(CliCommand::Exec, u"sms"_s));
    handoff = TokenHandoff::fromText(execD7->output, &error);
    QVERIFY2(handoff, qPrintable(error));
    QCOMPARE(handoff->token, tD7);
    QCOMPARE(handoff->authorization, u"Bearer "_s + tD7);
    QVERIFY2(handoff->secondsLeft > 790 && handoff->secondsLeft <= 800, qPrintable(execD7->output));
    QCOMPARE(e.sevenG->signIns(), 1);
    QCOMPARE(e.d7->signIns(), 1);

    RUN(unknown, e, request(CliCommand::Exec, u"nobody"_s));
    QCOMPARE(unknown->exitCode, ExitCode::UnknownAccount);
}

void TestCommandRunner::listTextAndJson()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(token, e, request(CliCommand::Token, u"sms"_s));
    CliRequest json = request(CliCommand::List);
    json.json = true;
    RUN(listed, e, json);
    QCOMPARE(listed->exitCode, ExitCode::Ok);
    const QJsonArray array = QJsonDocument::fromJson(listed->output.toUtf8()).array();
    QCOMPARE(array.size(), 2);
    const QJsonObject first = array.at(0).toObject();
    QCOMPARE(first.value(u"name"_s).toString(), u"Prod 7G"_s);
    QCOMPARE(first.value(u"provider"_s).toString(), u"7g"_s);
    QCOMPARE(first.value(u"environment"_s).toString(), u"custom"_s);
    QCOMPARE(first.value(u"login"_s).toString(), u"ops"_s);
    QCOMPARE(first.value(u"state"_s).toString(), u"signed-out"_s);
    QCOMPARE(first.value(u"secondsLeft"_s).toInt(), 0);
    QCOMPARE(first.value(u"id"_s).toString(), e.sevenGId.toString(QUuid::WithoutBraces));
    const QJsonObject second = array.at(1).toObject();
    QCOMPARE(second.value(u"provider"_s).toString(), u"d7"_s);
    QCOMPARE(second.value(u"environment"_s).toString(), QString());
    QCOMPARE(second.value(u"state"_s).toString(), u"valid"_s);
    QCOMPARE(second.value(u"secondsLeft"_s).toInt(), 1200);

    RUN(text, e, request(CliCommand::List));
    const QStringList lines = text->output.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(1).startsWith(u"Prod 7G"_s));
    QVERIFY(lines.at(1).contains(u"http://127.0.0.1:9"_s));
    QVERIFY(lines.at(2).contains(u"valid"_s));
    QVERIFY(lines.at(2).endsWith(u"1200"_s));
    QVERIFY(!text->output.contains(token->output.chopped(1)));
}

void TestCommandRunner::unknownAccountExits3()
{
    Engine e;
    e.start();
    for (const CliCommand c : { CliCommand::Token, CliCommand::Header, CliCommand::Curl, CliCommand::Claims,
                                CliCommand::Remove, CliCommand::SignOut }) {
        RUN(r, e, request(c, u"nobody"_s));
        QCOMPARE(r->exitCode, ExitCode::UnknownAccount);
        QVERIFY(r->error.contains(u"nobody"_s));
        QVERIFY(r->output.isEmpty());
    }
}

void TestCommandRunner::credentialsRejectedExits4WithOneAttempt()
{
    Engine e;
    e.storeCredentials();
    e.start();
    e.sevenG->setOutcomes({ AuthError::Kind::Credentials });
    RUN(first, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(first->exitCode, ExitCode::CredentialsRejected);
    QVERIFY(!first->error.contains(u"pw-7g-secret"_s));
    QCOMPARE(e.sevenG->signIns(), 1);
    // Asking again does not try the same credentials again.
    RUN(second, e, request(CliCommand::Header, u"Prod 7G"_s));
    QCOMPARE(second->exitCode, ExitCode::CredentialsRejected);
    QCOMPARE(e.sevenG->signIns(), 1);
}

void TestCommandRunner::transientFailureIsRetried()
{
    Engine e;
    e.storeCredentials();
    e.start();
    e.sevenG->setOutcomes({ AuthError::Kind::Transient, AuthError::Kind::Transient, AuthError::Kind::None });
    QElapsedTimer t;
    t.start();
    RUN(r, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(r->exitCode, ExitCode::Ok);
    QCOMPARE(e.sevenG->signIns(), 3);
    QVERIFY2(t.elapsed() >= 2500, "with back-off between the attempts");
}

void TestCommandRunner::transientFailureGivesUpWithExit5()
{
    Engine e;
    e.storeCredentials();
    e.start();
    e.sevenG->setOutcomes({ AuthError::Kind::Transient });
    RUN(r, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(r->exitCode, ExitCode::Unavailable);
    QCOMPARE(e.sevenG->signIns(), CommandRunner::MaxAttempts);
    QVERIFY(r->error.contains(u"503"_s));
}

void TestCommandRunner::minValidRenewsEarly()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(first, e, request(CliCommand::Token, u"sms"_s));
    e.clock.advance(1000 * 1000); // 200 s left
    CliRequest r = request(CliCommand::Token, u"sms"_s);
    r.minValidSeconds = 100;
    RUN(same, e, r);
    QCOMPARE(same->output, first->output);
    QCOMPARE(e.d7->signIns(), 1);
    r.minValidSeconds = 300;
    RUN(renewed, e, r);
    QVERIFY(renewed->output != first->output);
    QCOMPARE(e.d7->signIns(), 2);
}

void TestCommandRunner::missingCredentialExits7()
{
    Engine e;
    e.start();
    RUN(r, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(r->exitCode, ExitCode::BadConfig);
    QCOMPARE(e.sevenG->signIns(), 0);
}

void TestCommandRunner::keychainUnavailableExits6()
{
    Engine e;
    e.storeCredentials();
    e.secrets.setFailure(SecretError::Locked, u"The keyring is locked."_s);
    e.start();
    RUN(token, e, request(CliCommand::Token, u"Prod 7G"_s));
    QCOMPARE(token->exitCode, ExitCode::KeychainUnavailable);
    QVERIFY(token->error.contains(u"locked"_s));
    CliRequest add = request(CliCommand::Add);
    add.provider = Provider::D7;
    add.name = u"new"_s;
    add.login = u"c"_s;
    add.secret = u"s3cr3t-value"_s;
    RUN(added, e, add);
    QCOMPARE(added->exitCode, ExitCode::KeychainUnavailable);
    QCOMPARE(e.store.accounts().size(), 2);
    // Listing still works: nothing secret is needed for it.
    RUN(list, e, request(CliCommand::List));
    QCOMPARE(list->exitCode, ExitCode::Ok);
    QVERIFY(list->output.contains(u"keychain-unavailable"_s));
    QCOMPARE(e.sevenG->signIns(), 0);
}

void TestCommandRunner::keychainThatNeverAnswersExits6()
{
    Engine e;
    e.secrets.setLatency(60000);
    e.start();
    const auto r = run(e, request(CliCommand::Token, u"Prod 7G"_s), 300);
    QVERIFY(r);
    QCOMPARE(r->exitCode, ExitCode::KeychainUnavailable);
}

void TestCommandRunner::addStoresAccountAndSecretWithoutSigningIn()
{
    Engine e(false);
    e.start();
    CliRequest add = request(CliCommand::Add);
    add.provider = Provider::SevenG;
    add.name = u"new 7g"_s;
    add.environment = u"test"_s;
    add.login = u"someone"_s;
    add.secret = u"a-new-password"_s;
    RUN(r, e, add);
    QCOMPARE(r->exitCode, ExitCode::Ok);
    QCOMPARE(e.store.accounts().size(), 1);
    const Account stored = e.store.accounts().first();
    QCOMPARE(stored.name, u"new 7g"_s);
    QCOMPARE(stored.environment, u"test"_s);
    QCOMPARE(stored.baseUrl, QUrl(u"https://test-api.7g.com.au"_s));
    QCOMPARE(e.secrets.storedValue(stored.id, SecretKind::Password),
             std::optional<QString>(u"a-new-password"_s));
    QCOMPARE(e.sevenG->signIns(), 0);
    // The file holds no secret.
    QFile file(e.store.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("a-new-password"));
}

void TestCommandRunner::addRefusesDuplicateAndBadInput()
{
    Engine e;
    e.start();
    CliRequest add = request(CliCommand::Add);
    add.provider = Provider::D7;
    add.name = u"SMS"_s;
    add.login = u"c"_s;
    add.secret = u"x-secret-x"_s;
    RUN(duplicate, e, add);
    QCOMPARE(duplicate->exitCode, ExitCode::Usage);
    add.name = u"other"_s;
    add.baseUrl = QUrl(u"http://d7.example.com"_s);
    RUN(insecure, e, add);
    QCOMPARE(insecure->exitCode, ExitCode::Usage);
    add.baseUrl = QUrl();
    add.secret.clear();
    RUN(empty, e, add);
    QCOMPARE(empty->exitCode, ExitCode::Usage);
    QCOMPARE(e.store.accounts().size(), 2);
}

void TestCommandRunner::addWithVerifyStoresNothingOnRejection()
{
    Engine e(false);
    e.start();
    e.d7->setOutcomes({ AuthError::Kind::Credentials, AuthError::Kind::None });
    CliRequest add = request(CliCommand::Add);
    add.provider = Provider::D7;
    add.name = u"checked"_s;
    add.login = u"c"_s;
    add.secret = u"wrong-secret"_s;
    add.verify = true;
    RUN(rejected, e, add);
    QCOMPARE(rejected->exitCode, ExitCode::CredentialsRejected);
    QVERIFY(!rejected->error.contains(u"wrong-secret"_s));
    QCOMPARE(e.store.accounts().size(), 0);
    QCOMPARE(e.secrets.entryCount(), 0);
    add.secret = u"right-secret"_s;
    RUN(accepted, e, add);
    QCOMPARE(accepted->exitCode, ExitCode::Ok);
    QCOMPARE(e.store.accounts().size(), 1);
    QCOMPARE(e.d7->signIns(), 2);
}

void TestCommandRunner::removeDeletesAccountAndSecrets()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(token, e, request(CliCommand::Token, u"Prod 7G"_s));
    QVERIFY(e.secrets.storedValue(e.sevenGId, SecretKind::AccessToken));
    RUN(removed, e, request(CliCommand::Remove, u"Prod 7G"_s));
    QCOMPARE(removed->exitCode, ExitCode::Ok);
    QTRY_COMPARE(e.manager->pendingWrites(), 0);
    QCOMPARE(e.store.accounts().size(), 1);
    QVERIFY(!e.secrets.storedValue(e.sevenGId, SecretKind::Password));
    QVERIFY(!e.secrets.storedValue(e.sevenGId, SecretKind::AccessToken));
    QVERIFY(e.secrets.storedValue(e.d7Id, SecretKind::ClientSecret));
}

void TestCommandRunner::signoutForgetsTokensKeepsCredential()
{
    Engine e;
    e.storeCredentials();
    e.start();
    RUN(token, e, request(CliCommand::Token, u"sms"_s));
    RUN(out, e, request(CliCommand::SignOut, u"sms"_s));
    QCOMPARE(out->exitCode, ExitCode::Ok);
    QVERIFY(out->output.isEmpty());
    QTRY_COMPARE(e.manager->pendingWrites(), 0);
    QVERIFY(!e.secrets.storedValue(e.d7Id, SecretKind::AccessToken));
    QVERIFY(e.secrets.storedValue(e.d7Id, SecretKind::ClientSecret));
    QCOMPARE(e.manager->findSession(u"sms"_s)->state(), SessionState::SignedOut);
}

void TestCommandRunner::handOffsAreLogged_data()
{
    QTest::addColumn<int>("command");
    QTest::addColumn<int>("delivery");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("deliveryKey");
    QTest::addColumn<bool>("logged");
    const int env = int(ExecDelivery::Environment);
    QTest::newRow("token") << int(CliCommand::Token) << env << u"token"_s << QString() << true;
    QTest::newRow("header") << int(CliCommand::Header) << env << u"header"_s << QString() << true;
    QTest::newRow("curl") << int(CliCommand::Curl) << env << u"curl"_s << QString() << true;
    QTest::newRow("env") << int(CliCommand::Env) << env << u"env"_s << QString() << true;
    QTest::newRow("exec") << int(CliCommand::Exec) << env << u"exec"_s << u"env"_s << true;
    QTest::newRow("exec token file") << int(CliCommand::Exec) << int(ExecDelivery::TokenFile) << u"exec"_s
                                     << u"token-file"_s << true;
    QTest::newRow("exec rewrite") << int(CliCommand::Exec) << int(ExecDelivery::TokenFileRenewal) << u"exec"_s
                                  << u"token-file-renewal"_s << true;
    QTest::newRow("claims, no token") << int(CliCommand::Claims) << env << QString() << QString() << false;
}

void TestCommandRunner::handOffsAreLogged()
{
    QFETCH(int, command);
    QFETCH(int, delivery);
    QFETCH(QString, key);
    QFETCH(QString, deliveryKey);
    QFETCH(bool, logged);
    Engine e;
    e.storeCredentials();
    e.start();
    AccessLog log(e.dir.filePath(u"data/access-log.jsonl"_s));
    ProcessIdentity caller;
    caller.pid = 4242;
    caller.uid = 1000;
    caller.executable = u"/usr/bin/tokentray"_s;
    CliRequest r = request(CliCommand(command), u"sms"_s);
    r.execDelivery = ExecDelivery(delivery);
    const auto response = run(e, r, 30000, &log, caller);
    QVERIFY(response.has_value());
    QCOMPARE(response->exitCode, ExitCode::Ok);
    QVERIFY(response->warning.isEmpty());
    const QList<AccessLogEntry> entries = log.read();
    if (!logged) {
        QVERIFY(entries.isEmpty());
        return;
    }
    QCOMPARE(entries.size(), 1);
    const AccessLogEntry &entry = entries.first();
    QCOMPARE(entry.command, key);
    QCOMPARE(entry.delivery, deliveryKey);
    QCOMPARE(entry.accountId, e.d7Id);
    QCOMPARE(entry.accountName, u"sms"_s);
    QCOMPARE(entry.caller.pid, 4242);
    QCOMPARE(entry.caller.uid, 1000);
    QCOMPARE(entry.caller.executable, u"/usr/bin/tokentray"_s);
    QCOMPARE(entry.time, e.clock.now().toUTC());
    // Not the token, nor anything of the secret.
    QFile file(log.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    const QString token = e.manager->findSession(u"sms"_s)->tokens().accessToken;
    QVERIFY(token.size() > 8);
    QVERIFY(!content.contains(token.toUtf8()));
    QVERIFY(!content.contains("d7-client-secret"));

    // `log` through the runner reads the same.
    CliRequest show = request(CliCommand::Log);
    show.json = true;
    RUN(listed, e, show);
    const QJsonArray array = QJsonDocument::fromJson(listed->output.toUtf8()).array();
    QVERIFY(array.isEmpty()); // without a log, there is nothing to show
    const auto viaLog = run(e, show, 30000, &log, caller);
    QVERIFY(viaLog.has_value());
    const QJsonArray shown = QJsonDocument::fromJson(viaLog->output.toUtf8()).array();
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().toObject().value(u"pid"_s).toInteger(), 4242);
}

void TestCommandRunner::unwritableLogDoesNotStopTheHandOff()
{
    Engine e;
    e.storeCredentials();
    e.start();
    QFile blocker(e.dir.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    AccessLog log(e.dir.filePath(u"blocker/access-log.jsonl"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Cannot write the access log .*"_s));
    const auto response
        = run(e, request(CliCommand::Token, u"sms"_s), 30000, &log, ProcessIdentity::current());
    QVERIFY(response.has_value());
    QCOMPARE(response->exitCode, ExitCode::Ok);
    QVERIFY(!response->output.isEmpty());
    QVERIFY2(response->warning.contains(u"access log"_s), qPrintable(response->warning));
    QVERIFY(!response->warning.contains(response->output.trimmed()));
    // Never sent over the socket.
    QVERIFY(!response->toJson().contains(u"warning"_s));
}

void TestCommandRunner::exitCodeMapping()
{
    const auto code = [](AuthError::Kind kind) {
        AuthError e;
        e.kind = kind;
        return CommandRunner::exitCodeFor(e);
    };
    QCOMPARE(code(AuthError::Kind::None), ExitCode::Ok);
    QCOMPARE(code(AuthError::Kind::Credentials), ExitCode::CredentialsRejected);
    QCOMPARE(code(AuthError::Kind::RefreshRejected), ExitCode::CredentialsRejected);
    QCOMPARE(code(AuthError::Kind::Transient), ExitCode::Unavailable);
    QCOMPARE(code(AuthError::Kind::Tls), ExitCode::Unavailable);
    QCOMPARE(code(AuthError::Kind::Protocol), ExitCode::Unavailable);
    QCOMPARE(code(AuthError::Kind::Config), ExitCode::BadConfig);
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
