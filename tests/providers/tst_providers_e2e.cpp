#include "base/clock.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "providers/d7provider.h"
#include "providers/jwt.h"
#include "providers/replyreader.h"
#include "providers/sevengprovider.h"
#include "testca.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using Kind = AuthError::Kind;

namespace {
const QString Alice = u"alice"_s;
const QString AlicePassword = u"al1ce-pa55 word+&%"_s;
const QString AppId = u"app-one"_s;
const QString AppSecret = u"app-one-s3cret+/="_s;
} // namespace

// The providers against tokentray-fakeapi, a real HTTP(S) server on loopback.
class TestProvidersE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sevenGSignInAndRefreshWithRotation();
    void sevenGRefreshWithoutRotationKeepsTheOldToken();
    void sevenGRefreshRejectedAfterRevoke();
    void sevenGWrongPasswordIsOneRequest_data();
    void sevenGWrongPasswordIsOneRequest();
    void sevenGLockoutIsACredentialFailure();
    void sevenGFallbackLifetime_data();
    void sevenGFallbackLifetime();
    void sevenGHealthCheck();
    void d7SignIn_data();
    void d7SignIn();
    void d7UnknownClientAndWrongSecret();
    void d7ValidationMessage();
    void gatewayFaults_data();
    void gatewayFaults();
    void transferTimeout();
    void tricklingReplyHitsTheDeadline();
    void redirectToAnotherOriginIsNotFollowed_data();
    void redirectToAnotherOriginIsNotFollowed();
    void connectionRefused();
    void hugeReplyIsCutOffCleanly();
    void tokenWithALineBreakIsRefused_data();
    void tokenWithALineBreakIsRefused();
    void httpsWithTheTestCa();
    void httpsWithoutTheTestCaIsATlsError();

private:
    bool startApi(const QStringList &extra = {});
    Account sevenGAccount() const;
    Account d7Account() const;
    // Waits for the reply to finish (exactly once) and hands over ownership.
    std::unique_ptr<AuthReply> finish(AuthReply *reply, int timeoutMs = 20000);
    int counter(const QString &name);

    std::unique_ptr<FakeApiProcess> m_api;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<NetworkPolicy> m_policy;
    SystemClock m_clock;
    std::unique_ptr<SevenGProvider> m_sevenG;
    std::unique_ptr<D7Provider> m_d7;
    QUrl m_baseUrl;
};

void TestProvidersE2e::init()
{
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_policy = std::make_unique<NetworkPolicy>(m_manager.get());
    m_sevenG = std::make_unique<SevenGProvider>(m_policy.get(), &m_clock);
    m_d7 = std::make_unique<D7Provider>(m_policy.get(), &m_clock);
    m_api = std::make_unique<FakeApiProcess>();
}

void TestProvidersE2e::cleanup()
{
    if (m_api && m_api->isRunning()) {
        // The server never logs a secret; neither may anything it was sent end up there through us.
        const QByteArray log = m_api->standardError();
        QVERIFY(!log.contains(AlicePassword.toUtf8()));
        QVERIFY(!log.contains(AppSecret.toUtf8()));
    }
    m_api.reset();
    m_sevenG.reset();
    m_d7.reset();
    m_policy.reset();
    m_manager.reset();
}

bool TestProvidersE2e::startApi(const QStringList &extra)
{
    QStringList args { u"--quiet"_s, u"--seveng-user"_s, Alice + u':' + AlicePassword, u"--d7-app"_s,
                       AppId + u':' + AppSecret };
    args += extra;
    if (!m_api->start(args)) {
        qWarning("%s", qPrintable(m_api->errorString()));
        return false;
    }
    m_baseUrl = m_api->baseUrl();
    return true;
}

Account TestProvidersE2e::sevenGAccount() const
{
    Account a = Account::create(Provider::SevenG);
    a.environment = u"custom"_s;
    a.baseUrl = m_baseUrl;
    a.login = Alice;
    a.fallbackLifetimeSeconds = 300;
    return a;
}

Account TestProvidersE2e::d7Account() const
{
    Account a = Account::create(Provider::D7);
    a.baseUrl = m_baseUrl;
    a.login = AppId;
    a.fallbackLifetimeSeconds = 900;
    return a;
}

std::unique_ptr<AuthReply> TestProvidersE2e::finish(AuthReply *reply, int timeoutMs)
{
    std::unique_ptr<AuthReply> owned(reply);
    QSignalSpy finished(reply, &AuthReply::finished);
    if (!finished.wait(timeoutMs))
        return nullptr;
    QTest::qWait(10);
    if (finished.size() != 1)
        return nullptr;
    const QString message = owned->error().message;
    if (message.contains(AlicePassword) || message.contains(AppSecret))
        return nullptr;
    return owned;
}

int TestProvidersE2e::counter(const QString &name)
{
    return m_api->counters().value(name).toInt(-1);
}

void TestProvidersE2e::sevenGSignInAndRefreshWithRotation()
{
    QVERIFY(startApi({ u"--seveng-ttl"_s, u"120"_s }));
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto login = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(login);
    QVERIFY2(!login->error().isError(), qPrintable(login->error().message));
    const TokenSet first = login->tokens();
    QVERIFY(Jwt::decode(first.accessToken));
    QVERIFY(!first.refreshToken.isEmpty());
    QVERIFY(first.expiryFromToken);
    QVERIFY(qAbs(before.secsTo(first.expiresAt) - 120) <= 5);

    const auto refreshed = finish(m_sevenG->refresh(sevenGAccount(), first));
    QVERIFY(refreshed);
    QVERIFY2(!refreshed->error().isError(), qPrintable(refreshed->error().message));
    const TokenSet second = refreshed->tokens();
    QVERIFY(!second.accessToken.isEmpty());
    QVERIFY(second.refreshToken != first.refreshToken); // rotated
    QVERIFY(second.expiryFromToken);

    const QJsonObject counters = m_api->counters();
    QCOMPARE(counters.value(u"logins"_s).toInt(), 1);
    QCOMPARE(counters.value(u"refreshes"_s).toInt(), 1);
    QCOMPARE(counters.value(u"refreshWithAuthorization"_s).toInt(), 1);
    QCOMPARE(counters.value(u"badRequests"_s).toInt(), 0);

    // The rotated-out refresh token is spent.
    const auto reused = finish(m_sevenG->refresh(sevenGAccount(), first));
    QVERIFY(reused);
    QCOMPARE(reused->error().kind, Kind::RefreshRejected);
    QCOMPARE(reused->error().httpStatus, 401);
    QVERIFY2(reused->error().message.contains(u"The refresh token is invalid or has expired."_s),
             qPrintable(reused->error().message));
    QVERIFY(!reused->error().message.contains(first.refreshToken));
}

void TestProvidersE2e::sevenGRefreshWithoutRotationKeepsTheOldToken()
{
    QVERIFY(startApi({ u"--no-refresh-rotation"_s }));
    const auto login = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(login && !login->error().isError());
    const auto refreshed = finish(m_sevenG->refresh(sevenGAccount(), login->tokens()));
    QVERIFY(refreshed);
    QVERIFY2(!refreshed->error().isError(), qPrintable(refreshed->error().message));
    QCOMPARE(refreshed->tokens().refreshToken, login->tokens().refreshToken);
    QVERIFY(!refreshed->tokens().accessToken.isEmpty());
    QCOMPARE(counter(u"refreshes"_s), 1);
}

void TestProvidersE2e::sevenGRefreshRejectedAfterRevoke()
{
    QVERIFY(startApi());
    const auto login = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(login && !login->error().isError());
    QCOMPARE(m_api->revokeRefreshTokens(Alice), 1);

    const auto refreshed = finish(m_sevenG->refresh(sevenGAccount(), login->tokens()));
    QVERIFY(refreshed);
    QCOMPARE(refreshed->error().kind, Kind::RefreshRejected);
    QVERIFY(refreshed->tokens().isEmpty());
    QCOMPARE(counter(u"refreshFailures"_s), 1);
    QCOMPARE(counter(u"logins"_s), 1); // the provider does not sign in by itself
}

void TestProvidersE2e::sevenGWrongPasswordIsOneRequest_data()
{
    QTest::addColumn<QString>("failureBody");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("empty") << u"empty"_s;
    QTest::newRow("html") << u"html"_s;
}

void TestProvidersE2e::sevenGWrongPasswordIsOneRequest()
{
    QFETCH(QString, failureBody);
    QVERIFY(startApi({ u"--login-failure-body"_s, failureBody }));
    const QString wrong = u"not-the-password-%1"_s.arg(failureBody);
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), wrong));
    QVERIFY(reply);
    QCOMPARE(reply->error().kind, Kind::Credentials);
    QCOMPARE(reply->error().httpStatus, 401);
    QVERIFY(!reply->error().message.contains(wrong));
    if (failureBody != u"empty")
        QVERIFY2(reply->error().message.contains(u"Invalid username or password."_s),
                 qPrintable(reply->error().message));

    // Exactly one attempt reached the service, and nothing was retried behind the caller's back.
    QTest::qWait(300);
    const QJsonObject counters = m_api->counters();
    QCOMPARE(counters.value(u"loginFailures"_s).toInt(), 1);
    QCOMPARE(counters.value(u"logins"_s).toInt(), 0);
    QCOMPARE(counters.value(u"requests"_s).toInt(), 1);
}

void TestProvidersE2e::sevenGLockoutIsACredentialFailure()
{
    QVERIFY(startApi({ u"--lockout-status"_s, u"423"_s }));
    for (int i = 0; i < 3; ++i) {
        const auto reply = finish(m_sevenG->signIn(sevenGAccount(), u"wrong"_s));
        QVERIFY(reply);
        QCOMPARE(reply->error().kind, Kind::Credentials);
    }
    QCOMPARE(counter(u"lockouts"_s), 1);
    // Even the right password is refused now, and must read as a lockout, not as something to retry.
    const auto locked = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(locked);
    QCOMPARE(locked->error().kind, Kind::Credentials);
    QCOMPARE(locked->error().httpStatus, 423);
    QVERIFY2(locked->error().message.contains(u"locked the user out"_s), qPrintable(locked->error().message));
}

void TestProvidersE2e::sevenGFallbackLifetime_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("opaque") << u"opaque"_s;
    QTest::newRow("JWT without exp") << u"jwt-noexp"_s;
}

void TestProvidersE2e::sevenGFallbackLifetime()
{
    QFETCH(QString, format);
    QVERIFY(startApi({ u"--token-format"_s, format }));
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(reply);
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().message));
    const TokenSet &t = reply->tokens();
    QVERIFY(!t.expiryFromToken);
    QCOMPARE(t.obtainedAt.secsTo(t.expiresAt), 300);
}

void TestProvidersE2e::sevenGHealthCheck()
{
    QVERIFY(startApi());
    const auto reply = finish(m_sevenG->checkService(sevenGAccount(), {}));
    QVERIFY(reply);
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().message));
    QCOMPARE(reply->summary(), u"Service healthy: Healthy"_s);
}

void TestProvidersE2e::d7SignIn_data()
{
    QTest::addColumn<bool>("multipart");
    QTest::newRow("urlencoded") << false;
    QTest::newRow("multipart") << true;
}

void TestProvidersE2e::d7SignIn()
{
    QFETCH(bool, multipart);
    QVERIFY(startApi({ u"--d7-ttl"_s, u"600"_s }));
    m_d7->setFormEncoding(multipart ? D7Provider::FormEncoding::Multipart
                                    : D7Provider::FormEncoding::UrlEncoded);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto reply = finish(m_d7->signIn(d7Account(), AppSecret));
    QVERIFY(reply);
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().message));
    const TokenSet t = reply->tokens();
    QVERIFY(t.expiryFromToken);
    QVERIFY(qAbs(before.secsTo(t.expiresAt) - 600) <= 5);
    QVERIFY(t.refreshToken.isEmpty());
    QCOMPARE(counter(u"d7Logins"_s), 1);

    // Renewal is simply a second sign-in.
    const auto again = finish(m_d7->signIn(d7Account(), AppSecret));
    QVERIFY(again && !again->error().isError());
    QCOMPARE(counter(u"d7Logins"_s), 2);

    // The token works with the Bearer prefix.
    const auto balance = finish(m_d7->checkService(d7Account(), again->tokens().accessToken));
    QVERIFY(balance);
    QVERIFY2(!balance->error().isError(), qPrintable(balance->error().message));
    QCOMPARE(balance->summary(), u"Balance: 42.5 EUR"_s);
}

void TestProvidersE2e::d7UnknownClientAndWrongSecret()
{
    QVERIFY(startApi());
    Account unknown = d7Account();
    unknown.login = u"no-such-app"_s;
    const auto notFound = finish(m_d7->signIn(unknown, AppSecret));
    QVERIFY(notFound);
    QCOMPARE(notFound->error().kind, Kind::Credentials);
    QCOMPARE(notFound->error().httpStatus, 404);
    QVERIFY2(notFound->error().message.contains(u"Application not exists (APPLICATION_NOT_EXISTS)"_s),
             qPrintable(notFound->error().message));

    const auto wrong = finish(m_d7->signIn(d7Account(), u"wrong-secret"_s));
    QVERIFY(wrong);
    QCOMPARE(wrong->error().kind, Kind::Credentials);
    QCOMPARE(wrong->error().httpStatus, 401);
    QVERIFY2(wrong->error().message.contains(u"Invalid client secret (INVALID_CLIENT_SECRET)"_s),
             qPrintable(wrong->error().message));
    QCOMPARE(counter(u"d7LoginFailures"_s), 2);

    const auto balance = finish(m_d7->checkService(d7Account(), u"not.a.token"_s));
    QVERIFY(balance);
    QCOMPARE(balance->error().kind, Kind::Credentials);
    QVERIFY2(balance->error().message.contains(u"ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED"_s),
             qPrintable(balance->error().message));
}

void TestProvidersE2e::d7ValidationMessage()
{
    // The provider never sends an incomplete form, so send one by hand and
    // read the server's 422 the way the provider does.
    QVERIFY(startApi());
    QNetworkRequest request
        = m_policy->request(NetworkPolicy::endpoint(m_baseUrl, u"/auth/v1/login/application"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    ReplyReader reader(m_manager->post(request, "client_id=app-one"_ba), nullptr);
    QSignalSpy done(&reader, &ReplyReader::finished);
    QVERIFY(done.wait(10000));
    const auto response = done.first().first().value<HttpResponse>();
    QCOMPARE(response.status, 422);
    const auto json = ReplyParsing::jsonObject(response.body);
    QVERIFY(json);
    QCOMPARE(D7Provider::detailMessage(*json), u"client_secret: field required"_s);
}

void TestProvidersE2e::gatewayFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("retryAfter");
    QTest::newRow("503 empty") << u"503"_s << int(Kind::Transient) << u"with an empty reply."_s << -1;
    QTest::newRow("502 HTML") << u"502html"_s << int(Kind::Transient) << u"HTTP 502 from 127.0.0.1"_s << -1;
    QTest::newRow("429 Retry-After") << u"429"_s << int(Kind::Transient) << u"slow down"_s << 7;
    QTest::newRow("dropped connection") << u"drop"_s << int(Kind::Transient) << u"127.0.0.1"_s << -1;
    QTest::newRow("truncated JSON") << u"truncated"_s << int(Kind::Protocol) << u"not JSON"_s << -1;
}

void TestProvidersE2e::gatewayFaults()
{
    QFETCH(QString, fault);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFETCH(int, retryAfter);
    QVERIFY(startApi({ u"--fault-rate"_s, u"1"_s, u"--faults"_s, fault, u"--retry-after"_s, u"7"_s }));
    for (int call = 0; call < 3; ++call) {
        m_d7->setFormEncoding(call == 2 ? D7Provider::FormEncoding::Multipart
                                        : D7Provider::FormEncoding::UrlEncoded);
        const auto reply = finish(call == 0 ? m_sevenG->signIn(sevenGAccount(), AlicePassword)
                                            : m_d7->signIn(d7Account(), AppSecret));
        QVERIFY(reply);
        QVERIFY2(int(reply->error().kind) == kind, qPrintable(reply->error().message));
        QVERIFY2(reply->error().message.contains(message), qPrintable(reply->error().message));
        if (retryAfter >= 0)
            QCOMPARE(reply->error().retryAfterSeconds, std::optional<int>(retryAfter));
    }
    // One request per call, also when the connection closes after the
    // request arrived: Qt would send a sign-in again on a new connection,
    // and the server might count a second failed login.
    QCOMPARE(counter(u"faultsInjected"_s), 3);
}

void TestProvidersE2e::transferTimeout()
{
    QVERIFY(startApi({ u"--delay-ms"_s, u"3000"_s }));
    m_policy->setTransferTimeout(300);
    QElapsedTimer timer;
    timer.start();
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(reply);
    QVERIFY(timer.elapsed() < 2500);
    QCOMPARE(reply->error().kind, Kind::Transient);
    QVERIFY2(reply->error().message.contains(u"timed out"_s), qPrintable(reply->error().message));
}

void TestProvidersE2e::tricklingReplyHitsTheDeadline()
{
    // A server that sends one byte every 100 ms never trips the transfer
    // timeout (it restarts with each byte); the request deadline ends it.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTimer drip;
    QList<QPointer<QTcpSocket>> clients;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *client = server.nextPendingConnection()) {
            client->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
            clients.append(client);
        }
    });
    connect(&drip, &QTimer::timeout, this, [&] {
        for (const auto &client : std::as_const(clients)) {
            if (client)
                client->write(" ");
        }
    });
    drip.start(100);
    m_baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort()));
    m_policy->setTransferTimeout(300);

    QElapsedTimer timer;
    timer.start();
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(reply);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(reply->error().kind, Kind::Transient);
    QVERIFY2(reply->error().message.contains(u"timed out"_s), qPrintable(reply->error().message));
}

void TestProvidersE2e::redirectToAnotherOriginIsNotFollowed_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("302 (followed as a GET)") << "302 Found"_ba;
    QTest::newRow("303") << "303 See Other"_ba;
    QTest::newRow("307 (the POST again)") << "307 Temporary Redirect"_ba;
    QTest::newRow("308") << "308 Permanent Redirect"_ba;
}

void TestProvidersE2e::redirectToAnotherOriginIsNotFollowed()
{
    // The service answers every sign-in with a redirect to another port of
    // the same host: another origin. Nothing may arrive there.
    QFETCH(QByteArray, status);
    QTcpServer elsewhere;
    QVERIFY(elsewhere.listen(QHostAddress::LocalHost, 0));
    int reached = 0;
    connect(&elsewhere, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *client = elsewhere.nextPendingConnection()) {
            ++reached;
            client->deleteLater();
        }
    });
    QTcpServer service;
    QVERIFY(service.listen(QHostAddress::LocalHost, 0));
    const QByteArray location = "http://127.0.0.1:" + QByteArray::number(elsewhere.serverPort());
    connect(&service, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *client = service.nextPendingConnection()) {
            connect(client, &QTcpSocket::readyRead, client, [client, location, status] {
                const QByteArray request = client->readAll();
                const QByteArray path = request.mid(request.indexOf(' ') + 1).split(' ').value(0);
                client->write("HTTP/1.1 " + status + "\r\nLocation: " + location + path
                              + "\r\nContent-Length: 0\r\n\r\n");
            });
        }
    });
    m_baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(service.serverPort()));
    for (int call = 0; call < 2; ++call) {
        const auto reply = finish(call == 0 ? m_sevenG->signIn(sevenGAccount(), AlicePassword)
                                            : m_d7->signIn(d7Account(), AppSecret));
        QVERIFY(reply);
        QCOMPARE(reply->error().kind, Kind::Config);
        QVERIFY2(reply->error().message.contains(u"redirected"_s), qPrintable(reply->error().message));
    }
    QTest::qWait(200);
    QCOMPARE(reached, 0);
}

void TestProvidersE2e::hugeReplyIsCutOffCleanly()
{
    // 8 MiB announced and sent as fast as the socket takes it: the reader
    // stops at the cap and aborts instead of holding it all in memory.
    QTcpServer service;
    QVERIFY(service.listen(QHostAddress::LocalHost, 0));
    constexpr qint64 announced = 8 * 1024 * 1024;
    qint64 written = 0;
    connect(&service, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *client = service.nextPendingConnection()) {
            connect(client, &QTcpSocket::readyRead, client, [client, &written] {
                client->readAll();
                client->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + QByteArray::number(announced) + "\r\n\r\n{\"accessToken\": \"");
                const QByteArray chunk(64 * 1024, 'a');
                auto *pump = new QTimer(client);
                connect(pump, &QTimer::timeout, client, [client, chunk, &written] {
                    if (written < announced && client->bytesToWrite() < 4 * chunk.size()) {
                        client->write(chunk);
                        written += chunk.size();
                    }
                });
                pump->start(1);
            });
        }
    });
    m_baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(service.serverPort()));
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(reply);
    QVERIFY(!reply->error().message.isEmpty());
    QVERIFY2(reply->error().message.contains(u"larger than"_s), qPrintable(reply->error().message));
    QVERIFY(reply->tokens().accessToken.isEmpty());
    QTest::qWait(300);
    QVERIFY2(written < announced, "the whole oversized body was read");
}

void TestProvidersE2e::tokenWithALineBreakIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("sevenG");
    QTest::newRow("7G access token") << R"({"accessToken":"abc\r\nX-Evil: 1","refreshToken":"r1"})"_ba
                                     << true;
    QTest::newRow("7G refresh token") << R"({"accessToken":"abc","refreshToken":"r1\nX-Evil: 1"})"_ba << true;
    QTest::newRow("D7 token") << R"({"access_token":"abc\rdef","token_type":"bearer"})"_ba << false;
}

void TestProvidersE2e::tokenWithALineBreakIsRefused()
{
    // A token is copied into Authorization headers and shell commands: one
    // that holds CR or LF must never be accepted, so never sent.
    QFETCH(QByteArray, body);
    QFETCH(bool, sevenG);
    QTcpServer service;
    QVERIFY(service.listen(QHostAddress::LocalHost, 0));
    connect(&service, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *client = service.nextPendingConnection()) {
            connect(client, &QTcpSocket::readyRead, client, [client, body] {
                client->readAll();
                client->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            });
        }
    });
    m_baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(service.serverPort()));
    const auto reply = finish(sevenG ? m_sevenG->signIn(sevenGAccount(), AlicePassword)
                                     : m_d7->signIn(d7Account(), AppSecret));
    QVERIFY(reply);
    QVERIFY2(!reply->error().message.isEmpty(), "a token with a line break was accepted");
    QVERIFY(reply->tokens().accessToken.isEmpty());
    QVERIFY(reply->tokens().refreshToken.isEmpty());
}

void TestProvidersE2e::connectionRefused()
{
    QVERIFY(startApi());
    QVERIFY(m_api->stop());
    const auto reply = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(reply);
    QCOMPARE(reply->error().kind, Kind::Transient);
    QVERIFY2(reply->error().message.contains(u"refused"_s), qPrintable(reply->error().message));
}

void TestProvidersE2e::httpsWithTheTestCa()
{
    TestCa ca;
    if (!ca.create())
        QSKIP(qPrintable(u"no test CA: "_s + ca.errorString()));
    QVERIFY(startApi({ u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s, ca.serverKeyPath() }));
    m_api->setTrustedCa(ca.caPath());
    QCOMPARE(m_baseUrl.scheme(), u"https"_s);
    const Status trusted = m_policy->setExtraCaFile(ca.caPath());
    QVERIFY2(trusted.ok(), qPrintable(trusted.error()));

    const auto login = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(login);
    QVERIFY2(!login->error().isError(), qPrintable(login->error().message));
    const auto refreshed = finish(m_sevenG->refresh(sevenGAccount(), login->tokens()));
    QVERIFY(refreshed);
    QVERIFY2(!refreshed->error().isError(), qPrintable(refreshed->error().message));
    const auto d7 = finish(m_d7->signIn(d7Account(), AppSecret));
    QVERIFY(d7);
    QVERIFY2(!d7->error().isError(), qPrintable(d7->error().message));

    // The certificate names localhost too.
    Account byName = sevenGAccount();
    byName.baseUrl.setHost(u"localhost"_s);
    const auto named = finish(m_sevenG->checkService(byName, {}));
    QVERIFY(named);
    QVERIFY2(!named->error().isError(), qPrintable(named->error().message));
}

void TestProvidersE2e::httpsWithoutTheTestCaIsATlsError()
{
    TestCa ca;
    if (!ca.create())
        QSKIP(qPrintable(u"no test CA: "_s + ca.errorString()));
    QVERIFY(startApi({ u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s, ca.serverKeyPath() }));
    m_api->setTrustedCa(ca.caPath());

    const auto login = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(login);
    QCOMPARE(login->error().kind, Kind::Tls);
    QVERIFY2(login->error().message.contains(u"certificate"_s), qPrintable(login->error().message));
    const auto d7 = finish(m_d7->signIn(d7Account(), AppSecret));
    QVERIFY(d7);
    QCOMPARE(d7->error().kind, Kind::Tls);
    // Nothing got through: the TLS failure happened before any request was read.
    QCOMPARE(counter(u"logins"_s), 0);
    QCOMPARE(counter(u"d7Logins"_s), 0);

    // A CA that is not the server's does not help either.
    TestCa other;
    QVERIFY(other.create());
    QVERIFY(m_policy->setExtraCaFile(other.caPath()).ok());
    const auto wrongCa = finish(m_sevenG->signIn(sevenGAccount(), AlicePassword));
    QVERIFY(wrongCa);
    QCOMPARE(wrongCa->error().kind, Kind::Tls);
}

QTEST_GUILESS_MAIN(TestProvidersE2e)
#include "tst_providers_e2e.moc"
