// The single-instance socket: who may listen, what it answers, and how it
// copes with bad clients, leftover socket files and bad servers.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "ipc/instanceclient.h"
#include "ipc/instanceprotocol.h"
#include "ipc/instanceserver.h"
#include "scriptedprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
struct Instance
{
    QTemporaryDir dir;
    AccountStore store { dir.filePath(u"accounts.json"_s) };
    MemorySecretStore secrets;
    ManualClock clock;
    std::unique_ptr<SessionManager> manager;
    std::unique_ptr<InstanceServer> server;

    Instance()
    {
        Account a = Account::create(Provider::SevenG);
        a.name = u"alpha"_s;
        a.login = u"ops"_s;
        a.environment = u"custom"_s;
        a.baseUrl = QUrl(u"http://127.0.0.1:9"_s);
        store.add(a);
        secrets.write(a.id, SecretKind::Password, u"alpha-password"_s, nullptr, {});
        manager = std::make_unique<SessionManager>(&store, &secrets, nullptr, &clock);
        manager->providers()->setProvider(Provider::SevenG, new ScriptedProvider(Provider::SevenG, &clock));
        manager->providers()->setProvider(Provider::D7, new ScriptedProvider(Provider::D7, &clock));
        manager->start(false);
        server = std::make_unique<InstanceServer>(manager.get());
    }
    QString name() const { return InstanceProtocol::serverName(dir.path()); }
};

// Sends raw bytes and collects everything until the server closes or a line arrives.
QByteArray exchange(const QString &name, const QByteArray &bytes, int timeoutMs = 5000)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!QTest::qWaitFor([&socket] { return socket.state() == QLocalSocket::ConnectedState; }, 2000))
        return "<no connection>";
    socket.write(bytes);
    QByteArray reply;
    (void)QTest::qWaitFor(
        [&] {
            reply += socket.readAll();
            return reply.contains('\n') || socket.state() == QLocalSocket::UnconnectedState;
        },
        timeoutMs);
    reply += socket.readAll();
    return reply;
}

QJsonObject replyObject(const QByteArray &line)
{
    return QJsonDocument::fromJson(line.trimmed()).object();
}

struct ClientResult
{
    InstanceClient::Outcome outcome = InstanceClient::Outcome::Failed;
    QJsonObject reply;
    QString error;
};

std::optional<ClientResult> ask(const QString &configDir, const QJsonObject &request,
                                int replyTimeoutMs = 5000)
{
    InstanceClient client(configDir);
    client.setReplyTimeout(replyTimeoutMs);
    std::optional<ClientResult> result;
    QObject::connect(&client, &InstanceClient::finished, &client,
                     [&result](InstanceClient::Outcome o, const QJsonObject &r, const QString &e) {
                         result = ClientResult { o, r, e };
                     });
    client.send(request);
    if (result) // must come later, never from inside send()
        return std::nullopt;
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, replyTimeoutMs + 5000))
        return std::nullopt;
    return result;
}
} // namespace

class TestInstanceServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void oneInstancePerConfigDir();
    void namesArePerUserAndDirectory();
    void activateRaisesTheWindow();
    void answersCommands();
    void badRequestsGetUsageErrors_data();
    void badRequestsGetUsageErrors();
    void oversizedRequestIsRefused();
    void silentClientIsDropped();
    void clientLeavingMidRequestIsHarmless();
    void leftoverSocketFileIsReplaced();
    void clientWithoutInstance();
    void clientAgainstBadServers_data();
    void clientAgainstBadServers();

private:
    QTemporaryDir m_runtime;
};

void TestInstanceServer::initTestCase()
{
    // Sockets of this test live in a private runtime directory.
    QVERIFY(m_runtime.isValid());
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
}

void TestInstanceServer::oneInstancePerConfigDir()
{
    Instance first;
    QCOMPARE(first.server->listen(first.dir.path()), InstanceServer::ListenResult::Listening);
    QVERIFY(first.server->isListening());
    QVERIFY(first.server->serverName().startsWith(m_runtime.path()));
#ifdef Q_OS_UNIX
    struct stat info
    {
    };
    QCOMPARE(::stat(QFile::encodeName(first.server->serverName()).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0077, 0u); // the user's only
#endif

    InstanceServer second(first.manager.get());
    QCOMPARE(second.listen(first.dir.path()), InstanceServer::ListenResult::AnotherInstance);
    QVERIFY(!second.isListening());
    // The first still answers.
    QCOMPARE(replyObject(exchange(first.name(), R"({"v":1,"cmd":"activate"})"_ba + '\n'))
                 .value(u"exit"_s)
                 .toInt(-1),
             0);

    Instance other;
    QCOMPARE(other.server->listen(other.dir.path()), InstanceServer::ListenResult::Listening);
}

void TestInstanceServer::namesArePerUserAndDirectory()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QVERIFY(InstanceProtocol::serverName(a.path()) != InstanceProtocol::serverName(b.path()));
    QCOMPARE(InstanceProtocol::serverName(a.path()), InstanceProtocol::serverName(a.path() + u"/./"_s));
#ifdef Q_OS_UNIX
    QVERIFY(QFileInfo(InstanceProtocol::serverName(a.path()))
                .fileName()
                .startsWith(u"tokentray-%1-"_s.arg(::getuid())));
#endif
}

void TestInstanceServer::activateRaisesTheWindow()
{
    Instance i;
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    QSignalSpy activated(i.server.get(), &InstanceServer::activateRequested);
    std::optional<bool> answered;
    QObject context;
    InstanceClient::activate(i.dir.path(), &context, [&answered](bool ok) { answered = ok; });
    QVERIFY(!answered);
    QTRY_VERIFY(answered.has_value());
    QVERIFY(*answered);
    QCOMPARE(activated.size(), 1);
}

void TestInstanceServer::answersCommands()
{
    Instance i;
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    const auto token = ask(i.dir.path(), { { u"cmd"_s, u"token"_s }, { u"account"_s, u"alpha"_s } });
    QVERIFY(token);
    QCOMPARE(token->outcome, InstanceClient::Outcome::Answered);
    QCOMPARE(token->reply.value(u"exit"_s).toInt(-1), 0);
    const QString accessToken = token->reply.value(u"out"_s).toString();
    QCOMPARE(accessToken.count(u'.'), 2);

    const auto list = ask(i.dir.path(), { { u"cmd"_s, u"list"_s }, { u"json"_s, true } });
    QVERIFY(list);
    const QJsonArray accounts
        = QJsonDocument::fromJson(list->reply.value(u"out"_s).toString().toUtf8()).array();
    QCOMPARE(accounts.size(), 1);
    QCOMPARE(accounts.first().toObject().value(u"state"_s).toString(), u"valid"_s);

    const auto unknown = ask(i.dir.path(), { { u"cmd"_s, u"header"_s }, { u"account"_s, u"beta"_s } });
    QVERIFY(unknown);
    QCOMPARE(unknown->reply.value(u"exit"_s).toInt(-1), 3);
    QVERIFY(unknown->reply.value(u"error"_s).toString().contains(u"beta"_s));

    // Same token again: the instance's session is shared.
    const auto again = ask(i.dir.path(), { { u"cmd"_s, u"token"_s }, { u"account"_s, u"alpha"_s } });
    QVERIFY(again);
    QCOMPARE(again->reply.value(u"out"_s).toString(), accessToken);
}

void TestInstanceServer::badRequestsGetUsageErrors_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("not json") << "hello\n"_ba;
    QTest::newRow("array") << "[1,2]\n"_ba;
    QTest::newRow("no version") << R"({"cmd":"list"})"_ba + '\n';
    QTest::newRow("other version") << R"({"v":2,"cmd":"list"})"_ba + '\n';
    QTest::newRow("version as text") << R"({"v":"1","cmd":"list"})"_ba + '\n';
    QTest::newRow("unknown command") << R"({"v":1,"cmd":"shutdown"})"_ba + '\n';
    QTest::newRow("activate with extras") << R"({"v":1,"cmd":"activate","x":1})"_ba + '\n';
    QTest::newRow("wrong type") << R"({"v":1,"cmd":"token","account":7})"_ba + '\n';
    QTest::newRow("two requests") << R"({"v":1,"cmd":"list"})"_ba + '\n' + R"({"v":1,"cmd":"list"})"_ba
            + '\n';
    QTest::newRow("empty line") << "\n"_ba;
    QTest::newRow("nul bytes") << QByteArray("{\"v\":1,\0\"cmd\":\"list\"}\n", 23);
}

void TestInstanceServer::badRequestsGetUsageErrors()
{
    QFETCH(QByteArray, request);
    Instance i;
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    const QByteArray reply = exchange(i.name(), request);
    QCOMPARE(reply.count('\n'), 1);
    const QJsonObject o = replyObject(reply);
    QCOMPARE(o.value(u"v"_s).toInt(), 1);
    QCOMPARE(o.value(u"exit"_s).toInt(-1), 2);
    QVERIFY(!o.value(u"error"_s).toString().isEmpty());
    // Still serving.
    QCOMPARE(replyObject(exchange(i.name(), R"({"v":1,"cmd":"list"})"_ba + '\n')).value(u"exit"_s).toInt(-1),
             0);
}

void TestInstanceServer::oversizedRequestIsRefused()
{
    Instance i;
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    const QByteArray huge
        = R"({"v":1,"cmd":"list","pad":")"_ba + QByteArray(InstanceProtocol::MaxRequestBytes, 'x');
    const QByteArray reply = exchange(i.name(), huge);
    QVERIFY2(reply.isEmpty() || replyObject(reply).value(u"exit"_s).toInt(-1) == 2,
             reply.left(200).constData());
    QCOMPARE(replyObject(exchange(i.name(), R"({"v":1,"cmd":"list"})"_ba + '\n')).value(u"exit"_s).toInt(-1),
             0);
}

void TestInstanceServer::silentClientIsDropped()
{
    Instance i;
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    QLocalSocket socket;
    socket.connectToServer(i.name());
    QTRY_COMPARE(socket.state(), QLocalSocket::ConnectedState);
    socket.write(R"({"v":1,"cmd":)"); // and nothing more
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QLocalSocket::UnconnectedState,
                              InstanceProtocol::RequestTimeoutMs + 3000);
}

void TestInstanceServer::clientLeavingMidRequestIsHarmless()
{
    Instance i;
    i.secrets.setLatency(300); // the sign-in waits for the keychain
    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    {
        QLocalSocket socket;
        socket.connectToServer(i.name());
        QTRY_COMPARE(socket.state(), QLocalSocket::ConnectedState);
        socket.write(R"({"v":1,"cmd":"token","account":"alpha"})"_ba + '\n');
        QTest::qWait(100);
        socket.abort();
    }
    QTest::qWait(1000);
    i.secrets.setLatency(0);
    QCOMPARE(replyObject(exchange(i.name(), R"({"v":1,"cmd":"token","account":"alpha"})"_ba + '\n'))
                 .value(u"exit"_s)
                 .toInt(-1),
             0);
}

void TestInstanceServer::leftoverSocketFileIsReplaced()
{
#ifdef Q_OS_LINUX
    Instance i;
    const QByteArray path = QFile::encodeName(i.name());
    // What a crashed instance leaves: a socket file nobody listens on.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    QVERIFY(size_t(path.size()) < sizeof address.sun_path);
    std::copy(path.begin(), path.end(), address.sun_path);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    ::close(fd);
    QVERIFY(QFileInfo::exists(i.name()));

    QCOMPARE(i.server->listen(i.dir.path()), InstanceServer::ListenResult::Listening);
    QCOMPARE(
        replyObject(exchange(i.name(), R"({"v":1,"cmd":"activate"})"_ba + '\n')).value(u"exit"_s).toInt(-1),
        0);
#else
    QSKIP("Unix sockets only");
#endif
}

void TestInstanceServer::clientWithoutInstance()
{
    QTemporaryDir dir;
    const auto r = ask(dir.path(), { { u"cmd"_s, u"list"_s } });
    QVERIFY(r);
    QCOMPARE(r->outcome, InstanceClient::Outcome::NoInstance);
}

void TestInstanceServer::clientAgainstBadServers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("close");
    QTest::newRow("closes at once") << QByteArray() << true;
    QTest::newRow("never answers") << QByteArray() << false;
    QTest::newRow("garbage") << "<html>\n"_ba << true;
    QTest::newRow("wrong version") << R"({"v":9,"exit":0})"_ba + '\n' << true;
    QTest::newRow("no newline, then closes") << R"({"v":1,"exit":0})"_ba << true;
    QTest::newRow("oversized") << QByteArray(InstanceProtocol::MaxReplyBytes + 10, 'x') << false;
}

void TestInstanceServer::clientAgainstBadServers()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, close);
    QTemporaryDir dir;
    QLocalServer bad;
    bad.setSocketOptions(QLocalServer::UserAccessOption);
    QVERIFY(bad.listen(InstanceProtocol::serverName(dir.path())));
    connect(&bad, &QLocalServer::newConnection, &bad, [&bad, answer, close] {
        QLocalSocket *s = bad.nextPendingConnection();
        if (!answer.isEmpty())
            s->write(answer);
        if (close)
            s->disconnectFromServer();
    });
    const auto r = ask(dir.path(), { { u"cmd"_s, u"list"_s } }, 1500);
    QVERIFY(r);
    QCOMPARE(r->outcome, InstanceClient::Outcome::Failed);
    QVERIFY(!r->error.isEmpty());
}

QTEST_GUILESS_MAIN(TestInstanceServer)
#include "tst_instanceserver.moc"
