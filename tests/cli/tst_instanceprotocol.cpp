// InstanceProtocol::parseRequest: the instance socket's request line, parsed
// without a socket.
#include "ipc/instanceprotocol.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestInstanceProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseRequest_data();
    void parseRequest();
    void roundTrip();
};

void TestInstanceProtocol::parseRequest_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("activate");
    QTest::addColumn<bool>("command");

    QTest::newRow("activate") << R"({"v":1,"cmd":"activate"})"_ba << true << false;
    QTest::newRow("activate with a field") << R"({"v":1,"cmd":"activate","x":1})"_ba << false << false;
    QTest::newRow("token") << R"({"v":1,"cmd":"token","account":"prod","minValid":5})"_ba << false << true;
    QTest::newRow("unknown field") << R"({"v":1,"cmd":"list","pad":""})"_ba << false << false;
    QTest::newRow("other version") << R"({"v":2,"cmd":"list"})"_ba << false << false;
    QTest::newRow("no version") << R"({"cmd":"activate"})"_ba << false << false;
    QTest::newRow("not json") << "activate"_ba << false << false;
    QTest::newRow("array") << "[1]"_ba << false << false;
    QTest::newRow("empty") << QByteArray() << false << false;
}

void TestInstanceProtocol::parseRequest()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, activate);
    QFETCH(bool, command);
    const InstanceRequest request = InstanceProtocol::parseRequest(line);
    QCOMPARE(request.activate, activate);
    QCOMPARE(request.command.has_value(), command);
    QCOMPARE(request.error.isEmpty(), activate || command);
}

void TestInstanceProtocol::roundTrip()
{
    CliRequest add;
    add.command = CliCommand::Add;
    add.provider = Provider::D7;
    add.name = u"D7"_s;
    add.login = u"client"_s;
    add.secret = u"s3cret"_s;
    add.baseUrl = QUrl(u"https://127.0.0.1:8443/d7"_s);
    QByteArray line = InstanceProtocol::encode(add.toJson());
    line.chop(1);
    const InstanceRequest request = InstanceProtocol::parseRequest(line);
    QVERIFY(request.command);
    QCOMPARE(request.command->toJson(), add.toJson());
}

QTEST_GUILESS_MAIN(TestInstanceProtocol)
#include "tst_instanceprotocol.moc"
