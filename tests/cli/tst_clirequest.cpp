#include "cli/secretinput.h"
#include "commands/clirequest.h"
#include "commands/cliresponse.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCliRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void strictRequest_data();
    void strictRequest();
    void responseRoundTrip();
    void strictResponse_data();
    void strictResponse();
    void secretBytes_data();
    void secretBytes();
};

static QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

void TestCliRequest::roundTrip_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < 10; ++i)
        QTest::addRow("%d", i) << i;
}

void TestCliRequest::roundTrip()
{
    QFETCH(int, index);
    CliRequest r;
    switch (index) {
    case 0:
        r.command = CliCommand::List;
        r.json = true;
        break;
    case 1:
        r.command = CliCommand::Curl;
        r.account = u"prod"_s;
        r.minValidSeconds = 0;
        break;
    case 2:
        r.command = CliCommand::Add;
        r.provider = Provider::D7;
        r.name = u"sms"_s;
        r.baseUrl = QUrl(u"http://127.0.0.1:9/"_s);
        r.login = u"client"_s;
        r.secret = u"s3cr3t"_s;
        r.verify = true;
        break;
    case 3:
        r.command = CliCommand::SignOut;
        r.account = u"x"_s;
        break;
    case 4:
        r.command = CliCommand::Env;
        r.account = u"prod"_s;
        r.envFormat = TokenFormat::EnvStyle::Dotenv;
        break;
    case 5:
        r.command = CliCommand::Env;
        r.account = u"prod"_s;
        r.envFormat = TokenFormat::EnvStyle::Json;
        r.minValidSeconds = 7;
        break;
    case 6:
        r.command = CliCommand::Exec;
        r.account = u"prod"_s;
        r.minValidSeconds = 600;
        break;
    case 7:
        r.command = CliCommand::Exec;
        r.account = u"prod"_s;
        r.execDelivery = ExecDelivery::TokenFileRenewal;
        break;
    case 8:
        r.command = CliCommand::Log;
        r.json = true;
        r.limit = 1000;
        break;
    case 9:
        r.command = CliCommand::Log;
        r.limit = 3;
        break;
    }
    QString error;
    const auto back = CliRequest::fromJson(r.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->command, r.command);
    QCOMPARE(back->account, r.account);
    QCOMPARE(back->json, r.json);
    QCOMPARE(back->minValidSeconds, r.minValidSeconds);
    QCOMPARE(back->provider, r.provider);
    QCOMPARE(back->name, r.name);
    QCOMPARE(back->baseUrl, r.baseUrl);
    QCOMPARE(back->login, r.login);
    QCOMPARE(back->secret, r.secret);
    QCOMPARE(back->verify, r.verify);
    QCOMPARE(back->envFormat, r.envFormat);
    QCOMPARE(back->execDelivery, r.execDelivery);
    QCOMPARE(back->limit, r.limit);
}

void TestCliRequest::strictRequest_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::newRow("empty") << QJsonObject();
    QTest::newRow("unknown command") << json(R"({"cmd":"reboot"})");
    QTest::newRow("command not a string") << json(R"({"cmd":1})");
    QTest::newRow("unknown key") << json(R"({"cmd":"list","extra":1})");
    QTest::newRow("key of another command") << json(R"({"cmd":"list","account":"a"})");
    QTest::newRow("token without account") << json(R"({"cmd":"token"})");
    QTest::newRow("account empty") << json(R"({"cmd":"token","account":""})");
    QTest::newRow("account not a string") << json(R"({"cmd":"token","account":5})");
    QTest::newRow("minValid negative") << json(R"({"cmd":"token","account":"a","minValid":-1})");
    QTest::newRow("minValid fraction") << json(R"({"cmd":"token","account":"a","minValid":1.5})");
    QTest::newRow("minValid huge") << json(R"({"cmd":"token","account":"a","minValid":1e12})");
    QTest::newRow("minValid string") << json(R"({"cmd":"token","account":"a","minValid":"60"})");
    QTest::newRow("json not bool") << json(R"({"cmd":"list","json":"yes"})");
    QTest::newRow("env unknown format") << json(R"({"cmd":"env","account":"a","format":"yaml"})");
    QTest::newRow("env format not a string") << json(R"({"cmd":"env","account":"a","format":1})");
    QTest::newRow("format on token") << json(R"({"cmd":"token","account":"a","format":"json"})");
    QTest::newRow("exec with a program") << json(R"({"cmd":"exec","account":"a","program":["sh"]})");
    QTest::newRow("exec unknown delivery") << json(R"({"cmd":"exec","account":"a","delivery":"pipe"})");
    QTest::newRow("exec delivery not a string") << json(R"({"cmd":"exec","account":"a","delivery":1})");
    QTest::newRow("delivery on token") << json(R"({"cmd":"token","account":"a","delivery":"env"})");
    QTest::newRow("log limit zero") << json(R"({"cmd":"log","limit":0})");
    QTest::newRow("log limit huge") << json(R"({"cmd":"log","limit":1001})");
    QTest::newRow("log limit fraction") << json(R"({"cmd":"log","limit":2.5})");
    QTest::newRow("log with account") << json(R"({"cmd":"log","account":"a"})");
    QTest::newRow("limit on list") << json(R"({"cmd":"list","limit":5})");
    QTest::newRow("add without secret") << json(R"({"cmd":"add","provider":"d7","name":"n","login":"c"})");
    QTest::newRow("add empty secret")
        << json(R"({"cmd":"add","provider":"d7","name":"n","login":"c","secret":""})");
    QTest::newRow("add bad provider")
        << json(R"({"cmd":"add","provider":"x","name":"n","login":"c","secret":"s"})");
    QTest::newRow("add secret not a string")
        << json(R"({"cmd":"add","provider":"d7","name":"n","login":"c","secret":[1]})");
}

void TestCliRequest::strictRequest()
{
    QFETCH(QJsonObject, object);
    QString error;
    QVERIFY(!CliRequest::fromJson(object, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(u"s3cr3t"_s));
}

void TestCliRequest::responseRoundTrip()
{
    const CliResponse ok = CliResponse::success(u"tok\n"_s);
    auto back = CliResponse::fromJson(ok.toJson(), nullptr);
    QVERIFY(back);
    QVERIFY(back->ok());
    QCOMPARE(back->output, u"tok\n"_s);

    const CliResponse failed = CliResponse::failure(ExitCode::CredentialsRejected, u"Wrong password."_s);
    back = CliResponse::fromJson(failed.toJson(), nullptr);
    QVERIFY(back);
    QCOMPARE(back->exitCode, ExitCode::CredentialsRejected);
    QCOMPARE(back->error, u"Wrong password."_s);
}

void TestCliRequest::strictResponse_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::newRow("empty") << QJsonObject();
    QTest::newRow("unknown exit") << json(R"({"exit":1,"error":"x"})");
    QTest::newRow("exit as string") << json(R"({"exit":"0"})");
    QTest::newRow("unknown key") << json(R"({"exit":0,"more":1})");
    QTest::newRow("failure without message") << json(R"({"exit":5})");
    QTest::newRow("out not a string") << json(R"({"exit":0,"out":1})");
}

void TestCliRequest::strictResponse()
{
    QFETCH(QJsonObject, object);
    QString error;
    QVERIFY(!CliResponse::fromJson(object, &error));
    QVERIFY(!error.isEmpty());
}

void TestCliRequest::secretBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("secret");
    QTest::newRow("plain") << "pa ss"_ba << true << u"pa ss"_s;
    QTest::newRow("one newline") << "pw\n"_ba << true << u"pw"_s;
    QTest::newRow("crlf") << "pw\r\n"_ba << true << u"pw"_s;
    QTest::newRow("only one newline stripped") << "pw\n\n"_ba << true << u"pw\n"_s;
    QTest::newRow("utf-8") << "p\xc3\xa4ss"_ba << true << u"päss"_s;
    QTest::newRow("empty") << QByteArray() << false << QString();
    QTest::newRow("only newline") << "\n"_ba << false << QString();
    QTest::newRow("not utf-8") << "\xff\xfe"_ba << false << QString();
    QTest::newRow("too long") << QByteArray(SecretInput::MaxBytes + 1, 'a') << false << QString();
}

void TestCliRequest::secretBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(QString, secret);
    const auto result = SecretInput::fromBytes(bytes);
    QCOMPARE(result.ok(), ok);
    if (ok)
        QCOMPARE(result.value(), secret);
    else
        QVERIFY(!result.error().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliRequest)
#include "tst_clirequest.moc"
