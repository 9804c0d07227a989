#include "base/clock.h"
#include "fakejwt.h"
#include "fakenetworkaccessmanager.h"
#include "network/networkpolicy.h"
#include "providers/d7provider.h"
#include "providers/sevengprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;
using Kind = AuthError::Kind;

namespace {

const QDateTime T0 = QDateTime(QDate(2031, 5, 6), QTime(7, 8, 9), Qt::UTC);
const QString Password = u"hunter2-P@ss w0rd&+%"_s;
const QString OldRefresh = u"old-refresh-7f3a9c"_s;
const QString OldAccess = u"old-access-1b2c3d"_s;

QString jwtIn(int seconds)
{
    return FakeJwt::expiringAt(T0.addSecs(seconds), { { u"sub"_s, u"alice"_s } }, T0);
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// "Name: value" lines, so that rows stay readable.
QByteArrayList noHeaders()
{
    return {};
}

struct Expectation
{
    int kind = int(Kind::None);
    QString message; // a substring of the error message
    QString access; // expected access token (success only)
    QString refresh; // expected refresh token (success only)
    bool fromToken = false;
    int retryAfter = -1;
};

} // namespace

class TestReplyParsing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void replies_data();
    void replies();

    void sevenGLoginRequest();
    void sevenGRefreshRequest();
    void sevenGRefreshOmitsUnusableAccessToken();
    void sevenGRefreshWithoutRefreshTokenSendsNothing();
    void invalidBaseUrlSendsNothing_data();
    void invalidBaseUrlSendsNothing();
    void missingSecretSendsNothing();
    void loginWithControlCharactersSendsNothing_data();
    void loginWithControlCharactersSendsNothing();
    void d7UrlEncodedBody();
    void d7MultipartBody();
    void d7RefreshIsRefused();
    void authorizationAndHeaders();
    void sevenGHealthCheck_data();
    void sevenGHealthCheck();
    void d7Balance_data();
    void d7Balance();
    void transferTimeoutIsTransient();
    void hugeChunkedBodyIsCutOff();
    void deletingTheReplyAbortsTheRequest();
    void authReplyFinishesOnceAndLater();
    void detailMessage_data();
    void detailMessage();
    void retryAfter_data();
    void retryAfter();
    void snippetIsSanitised();

private:
    Account account(Provider provider) const;
    // Runs one call against a single canned response and returns the finished reply.
    std::unique_ptr<AuthReply> run(const QString &provider, const QString &call,
                                   const FakeResponse &response);
    void verifyNoSecret(const QString &text);

    std::unique_ptr<FakeNetworkAccessManager> m_manager;
    std::unique_ptr<NetworkPolicy> m_policy;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SevenGProvider> m_sevenG;
    std::unique_ptr<D7Provider> m_d7;
};

void TestReplyParsing::init()
{
    m_d7.reset();
    m_sevenG.reset();
    m_policy.reset();
    m_manager = std::make_unique<FakeNetworkAccessManager>();
    m_policy = std::make_unique<NetworkPolicy>(m_manager.get());
    m_clock = std::make_unique<ManualClock>(T0);
    m_sevenG = std::make_unique<SevenGProvider>(m_policy.get(), m_clock.get());
    m_d7 = std::make_unique<D7Provider>(m_policy.get(), m_clock.get());
}

Account TestReplyParsing::account(Provider provider) const
{
    Account a = Account::create(provider);
    a.baseUrl = QUrl(u"http://127.0.0.1:8080"_s);
    a.login = provider == Provider::SevenG ? u"alice"_s : u"client-123"_s;
    a.fallbackLifetimeSeconds = provider == Provider::SevenG ? 1200 : 3600;
    return a;
}

void TestReplyParsing::verifyNoSecret(const QString &text)
{
    for (const QString &secret : { Password, OldRefresh, OldAccess }) {
        QVERIFY2(!text.contains(secret), qPrintable(u"secret in: "_s + text));
        // Nor a spelling of it: every secret here starts with eight plain characters.
        QVERIFY2(!text.contains(secret.left(8)), qPrintable(u"secret in: "_s + text));
        QVERIFY2(!text.contains(QString::fromLatin1(QUrl::toPercentEncoding(secret))), qPrintable(text));
    }
    for (const QChar c : text)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(u"control character in: "_s + text));
}

std::unique_ptr<AuthReply> TestReplyParsing::run(const QString &provider, const QString &call,
                                                 const FakeResponse &response)
{
    m_manager->setHandler([response](const FakeRequest &) { return response; });
    AuthReply *raw = nullptr;
    if (provider == u"7g") {
        if (call == u"refresh") {
            TokenSet current;
            current.accessToken = OldAccess;
            current.refreshToken = OldRefresh;
            raw = m_sevenG->refresh(account(Provider::SevenG), current);
        } else {
            raw = m_sevenG->signIn(account(Provider::SevenG), Password);
        }
    } else {
        raw = m_d7->signIn(account(Provider::D7), Password);
    }
    std::unique_ptr<AuthReply> reply(raw);
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    // Never synchronous, whatever the outcome.
    if (finished.size() != 0)
        return nullptr;
    if (!finished.wait(5000))
        return nullptr;
    QCoreApplication::processEvents();
    QTest::qWait(20);
    if (finished.size() != 1)
        return nullptr;
    return reply;
}

void TestReplyParsing::replies_data()
{
    QTest::addColumn<QString>("provider"); // "7g" or "d7"
    QTest::addColumn<QString>("call"); // "login" or "refresh"
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("networkError");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("access");
    QTest::addColumn<QString>("refresh");
    QTest::addColumn<bool>("fromToken");
    QTest::addColumn<int>("retryAfter");

    const QString good = jwtIn(1200);
    const int ok = int(Kind::None);
    const int protocol = int(Kind::Protocol);
    const int credentials = int(Kind::Credentials);
    const int rejected = int(Kind::RefreshRejected);
    const int transient = int(Kind::Transient);
    const int config = int(Kind::Config);
    const int tls = int(Kind::Tls);
    const int none = 0;
    const QByteArrayList jsonType { "Content-Type: application/json" };
    const QByteArrayList htmlType { "Content-Type: text/html; charset=utf-8" };
    const QByteArray nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                                "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                                "</body>\r\n</html>\r\n"_ba;
    auto tokens = [](const QString &a, const QVariant &r) {
        QJsonObject o { { u"accessToken"_s, a } };
        if (r.isValid())
            o[u"refreshToken"_s] = QJsonValue::fromVariant(r);
        return json(o);
    };

    // ---- 7G sign-in: successes
    QTest::newRow("7g ok") << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, u"r1"_s) << none << ok
                           << QString() << good << u"r1"_s << true << -1;
    QTest::newRow("7g non-JWT token: fallback lifetime")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(u"opaque-token-123"_s, u"r1"_s) << none << ok
        << QString() << u"opaque-token-123"_s << u"r1"_s << false << -1;
    QTest::newRow("7g JWT without exp: fallback")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << tokens(FakeJwt::make({ { u"sub"_s, u"a"_s } }), u"r1"_s) << none << ok << QString()
        << FakeJwt::make({ { u"sub"_s, u"a"_s } }) << u"r1"_s << false << -1;
    QTest::newRow("7g exp as string: fallback")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << tokens(FakeJwt::make({ { u"exp"_s, u"2031-05-06"_s } }), u"r1"_s) << none << ok << QString()
        << FakeJwt::make({ { u"exp"_s, u"2031-05-06"_s } }) << u"r1"_s << false << -1;
    QTest::newRow("7g refreshToken missing on sign-in")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, QVariant()) << none << ok << QString()
        << good << QString() << true << -1;
    QTest::newRow("7g tokens inside a result envelope")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << json({ { u"result"_s, true },
                  { u"data"_s, QJsonObject { { u"accessToken"_s, good }, { u"refreshToken"_s, u"r9"_s } } } })
        << none << ok << QString() << good << u"r9"_s << true << -1;
    QTest::newRow("7g JSON with a byte-order mark")
        << u"7g"_s << u"login"_s << 200 << jsonType << QByteArray("\xEF\xBB\xBF" + tokens(good, u"r1"_s))
        << none << ok << QString() << good << u"r1"_s << true << -1;

    // ---- 7G sign-in: malformed success replies
    QTest::newRow("7g empty 200") << u"7g"_s << u"login"_s << 200 << noHeaders() << QByteArray() << none
                                  << protocol << u"HTTP 200 from 127.0.0.1:8080 with an empty reply."_s
                                  << QString() << QString() << false << -1;
    QTest::newRow("7g HTML 200") << u"7g"_s << u"login"_s << 200 << htmlType
                                 << "<html><body><h1>Welcome to the portal</h1></body></html>"_ba << none
                                 << protocol << u"HTTP 200 from 127.0.0.1:8080: Welcome to the portal"_s
                                 << QString() << QString() << false << -1;
    QTest::newRow("7g plain text 200 is not quoted")
        << u"7g"_s << u"login"_s << 200 << noHeaders() << "eyJsecret-looking-plain-token"_ba << none
        << protocol << u"not JSON"_s << QString() << QString() << false << -1;
    QTest::newRow("7g truncated JSON")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, u"r1"_s).left(40) << none << protocol
        << u"not JSON"_s << QString() << QString() << false << -1;
    QTest::newRow("7g JSON array") << u"7g"_s << u"login"_s << 200 << jsonType << "[1,2,3]"_ba << none
                                   << protocol << u"not JSON"_s << QString() << QString() << false << -1;
    QTest::newRow("7g JSON string") << u"7g"_s << u"login"_s << 200 << jsonType << "\"token\""_ba << none
                                    << protocol << u"not JSON"_s << QString() << QString() << false << -1;
    QTest::newRow("7g missing accessToken")
        << u"7g"_s << u"login"_s << 200 << jsonType << json({ { u"refreshToken"_s, u"r1"_s } }) << none
        << protocol << u"has no \"accessToken\" field"_s << QString() << QString() << false << -1;
    QTest::newRow("7g accessToken null")
        << u"7g"_s << u"login"_s << 200 << jsonType << R"({"accessToken":null,"refreshToken":"r"})"_ba << none
        << protocol << u"has no \"accessToken\" field"_s << QString() << QString() << false << -1;
    QTest::newRow("7g accessToken number")
        << u"7g"_s << u"login"_s << 200 << jsonType << R"({"accessToken":12345,"refreshToken":"r"})"_ba
        << none << protocol << u"The \"accessToken\" field in the reply from 127.0.0.1:8080 is not text."_s
        << QString() << QString() << false << -1;
    QTest::newRow("7g accessToken object")
        << u"7g"_s << u"login"_s << 200 << jsonType << R"({"accessToken":{"value":"x"}})"_ba << none
        << protocol << u"not text"_s << QString() << QString() << false << -1;
    QTest::newRow("7g accessToken empty")
        << u"7g"_s << u"login"_s << 200 << jsonType << R"({"accessToken":"","refreshToken":"r"})"_ba << none
        << protocol << u"has no \"accessToken\""_s << QString() << QString() << false << -1;
    QTest::newRow("7g CR/LF in access token")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good + u"\r\nX-Injected: 1"_s, u"r1"_s) << none
        << protocol << u"control characters"_s << QString() << QString() << false << -1;
    QTest::newRow("7g space in access token")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(u"abc def"_s, u"r1"_s) << none << protocol
        << u"control characters"_s << QString() << QString() << false << -1;
    QTest::newRow("7g NUL in access token")
        << u"7g"_s << u"login"_s << 200 << jsonType << R"({"accessToken":"abc\u0000def"})"_ba << none
        << protocol << u"control characters"_s << QString() << QString() << false << -1;
    QTest::newRow("7g non-ASCII access token")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(u"tökén"_s, u"r1"_s) << none << protocol
        << u"control characters"_s << QString() << QString() << false << -1;
    QTest::newRow("7g LF in refresh token")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, u"r1\nr2"_s) << none << protocol
        << u"refresh token that is too long or contains"_s << QString() << QString() << false << -1;
    QTest::newRow("7g refreshToken number")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, 42) << none << protocol
        << u"The \"refreshToken\" field in the reply from 127.0.0.1:8080 is not text."_s << QString()
        << QString() << false << -1;
    QTest::newRow("7g exp in the past")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(jwtIn(-30), u"r1"_s) << none << protocol
        << u"had already expired"_s << QString() << QString() << false << -1;
    QTest::newRow("7g exp equal to now")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(jwtIn(0), u"r1"_s) << none << protocol
        << u"had already expired"_s << QString() << QString() << false << -1;

    // ---- 7G sign-in: refusals
    QTest::newRow("7g 200 result:false")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << json({ { u"result"_s, false }, { u"message"_s, u"Invalid username or password."_s } }) << none
        << credentials
        << u"The user name or password was not accepted. Fix the password (or the user name) and try again; "
           "TokenTray does not retry on its own. HTTP 200 from 127.0.0.1:8080: Invalid username or password."_s
        << QString() << QString() << false << -1;
    QTest::newRow("7g 401 empty") << u"7g"_s << u"login"_s << 401 << noHeaders() << QByteArray() << none
                                  << credentials << u"HTTP 401 from 127.0.0.1:8080 with an empty reply."_s
                                  << QString() << QString() << false << -1;
    QTest::newRow("7g 401 HTML") << u"7g"_s << u"login"_s << 401 << htmlType
                                 << "<html><body><p>Unauthorized</p></body></html>"_ba << none << credentials
                                 << u"HTTP 401 from 127.0.0.1:8080: Unauthorized"_s << QString() << QString()
                                 << false << -1;
    QTest::newRow("7g 401 JSON message")
        << u"7g"_s << u"login"_s << 401 << jsonType << json({ { u"message"_s, u"Invalid credentials"_s } })
        << none << credentials
        << u"TokenTray does not retry on its own. HTTP 401 from 127.0.0.1:8080: Invalid credentials"_s
        << QString() << QString() << false << -1;
    QTest::newRow("7g 401 echoing the password")
        << u"7g"_s << u"login"_s << 401 << jsonType
        << json({ { u"message"_s, QString(u"Wrong password '"_s + Password + u"' for alice"_s) } }) << none
        << credentials << u"[hidden]"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 403") << u"7g"_s << u"login"_s << 403 << jsonType
                            << json({ { u"Message"_s, u"User disabled"_s } }) << none << credentials
                            << u"User disabled"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 400 credentials message")
        << u"7g"_s << u"login"_s << 400 << jsonType
        << json({ { u"message"_s, u"The password is incorrect"_s } }) << none << credentials
        << u"The password is incorrect"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 400 validation problem details")
        << u"7g"_s << u"login"_s << 400 << QByteArrayList { "Content-Type: application/problem+json" }
        << R"({"title":"One or more validation errors occurred.","status":400,)"
           R"("errors":{"Username":["The Username field is required."]}})"_ba
        << none << credentials << u"Username: The Username field is required."_s << QString() << QString()
        << false << -1;
    QTest::newRow("7g 400 other") << u"7g"_s << u"login"_s << 400 << jsonType
                                  << json({ { u"message"_s, u"Unsupported API version"_s } }) << none
                                  << protocol << u"Unsupported API version"_s << QString() << QString()
                                  << false << -1;
    QTest::newRow("7g 423 lockout") << u"7g"_s << u"login"_s << 423 << jsonType
                                    << json({ { u"message"_s, u"User is temporarily blocked"_s } }) << none
                                    << credentials << u"locked the user out"_s << QString() << QString()
                                    << false << -1;
    QTest::newRow("7g 429 lockout is not transient")
        << u"7g"_s << u"login"_s << 429
        << QByteArrayList { "Content-Type: application/json", "Retry-After: 600" }
        << json({ { u"message"_s, u"Account locked for 10 minutes after 3 failed attempts"_s } }) << none
        << credentials << u"Account locked for 10 minutes"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 200 result:false lockout")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << json({ { u"result"_s, false }, { u"message"_s, u"Too many failed login attempts"_s } }) << none
        << credentials << u"locked the user out"_s << QString() << QString() << false << -1;

    // ---- transient and other statuses
    QTest::newRow("7g 429 Retry-After seconds")
        << u"7g"_s << u"login"_s << 429 << QByteArrayList { "Retry-After: 30" } << QByteArray() << none
        << transient << u"limiting the rate"_s << QString() << QString() << false << 30;
    QTest::newRow("7g 503 Retry-After HTTP-date")
        << u"7g"_s << u"login"_s << 503
        << QByteArrayList { "Retry-After: "
                            + QLocale::c()
                                  .toString(T0.addSecs(120), u"ddd, dd MMM yyyy hh:mm:ss"_s)
                                  .toLatin1()
                            + " GMT" }
        << QByteArray("Service Unavailable") << none << transient
        << u"HTTP 503 from 127.0.0.1:8080: Service Unavailable"_s << QString() << QString() << false << 120;
    QTest::newRow("7g 503 Retry-After garbage")
        << u"7g"_s << u"login"_s << 503 << QByteArrayList { "Retry-After: soon" } << QByteArray() << none
        << transient << u"temporarily unavailable"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 502 nginx HTML")
        << u"7g"_s << u"login"_s << 502 << htmlType << nginx502 << none << transient
        << u"HTTP 502 from 127.0.0.1:8080: 502 Bad Gateway 502 Bad Gateway nginx"_s << QString() << QString()
        << false << -1;
    QTest::newRow("7g 500 JSON") << u"7g"_s << u"login"_s << 500 << jsonType
                                 << json({ { u"message"_s, u"Object reference not set"_s } }) << none
                                 << transient << u"Object reference not set"_s << QString() << QString()
                                 << false << -1;
    QTest::newRow("7g 504") << u"7g"_s << u"login"_s << 504 << noHeaders() << "Gateway Timeout"_ba << none
                            << transient << u"HTTP 504"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 408") << u"7g"_s << u"login"_s << 408 << noHeaders() << QByteArray() << none
                            << transient << u"timed out waiting"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 500 HTML echoing the password")
        << u"7g"_s << u"login"_s << 500 << htmlType
        << ("<html><body><pre>System.Exception: login for alice with password " + Password.toUtf8()
            + "\nat Login()</pre></body></html>")
        << none << transient << u"[hidden]"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 500 JSON echoing the escaped password")
        << u"7g"_s << u"login"_s << 500 << jsonType
        << R"({"request":{"username":"alice","password":"hunter2-P\u0040ss w0rd\u0026\u002B%"}})"_ba << none
        << transient << u"[hidden]"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 500 with control characters")
        << u"7g"_s << u"login"_s << 500 << noHeaders()
        << QByteArray("bad\x01\x02\x1b[31mthing\x00\x7fhere", 21) << none << transient << u"bad"_s
        << QString() << QString() << false << -1;
    QTest::newRow("7g 404 HTML") << u"7g"_s << u"login"_s << 404 << htmlType
                                 << "<html><body><h1>Not Found</h1></body></html>"_ba << none << config
                                 << u"Check the service address"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 418") << u"7g"_s << u"login"_s << 418 << noHeaders() << "I'm a teapot"_ba << none
                            << protocol << u"HTTP 418"_s << QString() << QString() << false << -1;
    QTest::newRow("7g 302 to another origin")
        << u"7g"_s << u"login"_s << 302 << QByteArrayList { "Location: https://evil.example/steal" }
        << QByteArray() << none << config << u"redirected the request to https://evil.example"_s << QString()
        << QString() << false << -1;
    QTest::newRow("7g insecure redirect error")
        << u"7g"_s << u"login"_s << 301 << QByteArrayList { "Location: http://other.example/" }
        << QByteArray() << int(QNetworkReply::InsecureRedirectError) << config << u"redirected"_s << QString()
        << QString() << false << -1;
    QTest::newRow("7g huge 200 body cut off")
        << u"7g"_s << u"login"_s << 200 << jsonType
        << QByteArray(R"({"accessToken":")" + QByteArray(2 * 1024 * 1024, 'a') + R"("})") << none << protocol
        << u"was larger than 1024 KiB and was cut off"_s << QString() << QString() << false << -1;
    QTest::newRow("7g huge 503 body cut off")
        << u"7g"_s << u"login"_s << 503 << htmlType << QByteArray(3 * 1024 * 1024, '<') << none << transient
        << u"cut off"_s << QString() << QString() << false << -1;

    // ---- network failures
    QTest::newRow("connection refused") << u"7g"_s << u"login"_s << 0 << noHeaders() << QByteArray()
                                        << int(QNetworkReply::ConnectionRefusedError) << transient
                                        << u"refused"_s << QString() << QString() << false << -1;
    QTest::newRow("host not found") << u"7g"_s << u"login"_s << 0 << noHeaders() << QByteArray()
                                    << int(QNetworkReply::HostNotFoundError) << transient
                                    << u"The host 127.0.0.1 was not found."_s << QString() << QString()
                                    << false << -1;
    QTest::newRow("timeout") << u"d7"_s << u"login"_s << 0 << noHeaders() << QByteArray()
                             << int(QNetworkReply::TimeoutError) << transient << u"timed out"_s << QString()
                             << QString() << false << -1;
    QTest::newRow("temporary network failure")
        << u"d7"_s << u"login"_s << 0 << noHeaders() << QByteArray()
        << int(QNetworkReply::TemporaryNetworkFailureError) << transient << u"not available"_s << QString()
        << QString() << false << -1;
    QTest::newRow("connection reset mid-body")
        << u"7g"_s << u"login"_s << 200 << jsonType << tokens(good, u"r1"_s).left(20)
        << int(QNetworkReply::RemoteHostClosedError) << transient << u"closed before the reply was complete"_s
        << QString() << QString() << false << -1;
    QTest::newRow("dropped after the body was sent")
        << u"d7"_s << u"login"_s << 0 << noHeaders() << QByteArray() << int(QNetworkReply::ContentReSendError)
        << transient << u"closed before the reply was complete"_s << QString() << QString() << false << -1;
    QTest::newRow("TLS handshake") << u"7g"_s << u"login"_s << 0 << noHeaders() << QByteArray()
                                   << int(QNetworkReply::SslHandshakeFailedError) << tls
                                   << u"certificate file in the settings"_s << QString() << QString() << false
                                   << -1;

    // ---- 7G refresh
    QTest::newRow("7g refresh rotates") << u"7g"_s << u"refresh"_s << 200 << jsonType << tokens(good, u"r2"_s)
                                        << none << ok << QString() << good << u"r2"_s << true << -1;
    QTest::newRow("7g refresh omits refreshToken: keep old")
        << u"7g"_s << u"refresh"_s << 200 << jsonType << tokens(good, QVariant()) << none << ok << QString()
        << good << OldRefresh << true << -1;
    QTest::newRow("7g refresh refreshToken null: keep old")
        << u"7g"_s << u"refresh"_s << 200 << jsonType
        << R"({"accessToken":")" + good.toLatin1() + R"(","refreshToken":null})" << none << ok << QString()
        << good << OldRefresh << true << -1;
    QTest::newRow("7g refresh refreshToken empty: keep old")
        << u"7g"_s << u"refresh"_s << 200 << jsonType << tokens(good, u""_s) << none << ok << QString()
        << good << OldRefresh << true << -1;
    QTest::newRow("7g refresh 401") << u"7g"_s << u"refresh"_s << 401 << noHeaders() << QByteArray() << none
                                    << rejected << u"full sign-in is needed"_s << QString() << QString()
                                    << false << -1;
    QTest::newRow("7g refresh 400 JSON")
        << u"7g"_s << u"refresh"_s << 400 << jsonType
        << json({ { u"message"_s, u"Invalid refresh token"_s } }) << none << rejected
        << u"Invalid refresh token"_s << QString() << QString() << false << -1;
    QTest::newRow("7g refresh 403") << u"7g"_s << u"refresh"_s << 403 << htmlType << "<p>Forbidden</p>"_ba
                                    << none << rejected << u"Forbidden"_s << QString() << QString() << false
                                    << -1;
    QTest::newRow("7g refresh 200 result:false")
        << u"7g"_s << u"refresh"_s << 200 << jsonType
        << json({ { u"result"_s, false }, { u"message"_s, u"Refresh token expired"_s } }) << none << rejected
        << u"Refresh token expired"_s << QString() << QString() << false << -1;
    QTest::newRow("7g refresh 500 echoing tokens")
        << u"7g"_s << u"refresh"_s << 500 << noHeaders()
        << ("refresh " + OldRefresh.toUtf8() + " with access " + OldAccess.toUtf8() + " failed") << none
        << transient << u"refresh [hidden] with access [hidden] failed"_s << QString() << QString() << false
        << -1;

    // ---- D7 sign-in
    const QString d7good = jwtIn(3600);
    auto d7tokens = [](const QJsonValue &access, const QJsonValue &type) {
        QJsonObject o { { u"access_token"_s, access } };
        if (!type.isUndefined())
            o[u"token_type"_s] = type;
        return json(o);
    };
    QTest::newRow("d7 ok") << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(d7good, u"bearer"_s)
                           << none << ok << QString() << d7good << QString() << true << -1;
    QTest::newRow("d7 token_type Bearer")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(d7good, u"Bearer"_s) << none << ok
        << QString() << d7good << QString() << true << -1;
    QTest::newRow("d7 token_type missing")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(d7good, QJsonValue(QJsonValue::Undefined))
        << none << ok << QString() << d7good << QString() << true << -1;
    QTest::newRow("d7 non-JWT token: fallback")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(u"plain-d7-token"_s, u"bearer"_s) << none
        << ok << QString() << u"plain-d7-token"_s << QString() << false << -1;
    QTest::newRow("d7 token_type mac")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(d7good, u"mac"_s) << none << protocol
        << u"unsupported type"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 token_type number")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(d7good, 1) << none << protocol
        << u"unsupported type"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 access_token missing")
        << u"d7"_s << u"login"_s << 200 << jsonType << json({ { u"token_type"_s, u"bearer"_s } }) << none
        << protocol << u"has no \"access_token\" field"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 access_token null")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(QJsonValue::Null, u"bearer"_s) << none
        << protocol << u"\"access_token\""_s << QString() << QString() << false << -1;
    QTest::newRow("d7 access_token array")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(QJsonArray { 1 }, u"bearer"_s) << none
        << protocol << u"not text"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 CR in token") << u"d7"_s << u"login"_s << 200 << jsonType
                                    << d7tokens(QString(d7good + u"\r"_s), u"bearer"_s) << none << protocol
                                    << u"control characters"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 exp in the past")
        << u"d7"_s << u"login"_s << 200 << jsonType << d7tokens(jwtIn(-3600), u"bearer"_s) << none << protocol
        << u"already expired"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 HTML 200") << u"d7"_s << u"login"_s << 200 << htmlType
                                 << "<!DOCTYPE html><title>Hi</title>"_ba << none << protocol
                                 << u"HTTP 200 from 127.0.0.1:8080: Hi"_s << QString() << QString() << false
                                 << -1;
    QTest::newRow("d7 404 detail object")
        << u"d7"_s << u"login"_s << 404 << jsonType
        << R"({"detail":{"code":"APPLICATION_NOT_EXISTS","message":"Application not exists"}})"_ba << none
        << credentials
        << u"Check the client id in the D7 Control Panel. HTTP 404 from 127.0.0.1:8080: Application not "
           u"exists "
           "(APPLICATION_NOT_EXISTS)"_s
        << QString() << QString() << false << -1;
    QTest::newRow("d7 404 HTML") << u"d7"_s << u"login"_s << 404 << htmlType << "<h1>404 Not Found</h1>"_ba
                                 << none << config << u"Check the service address"_s << QString() << QString()
                                 << false << -1;
    QTest::newRow("d7 401 detail string")
        << u"d7"_s << u"login"_s << 401 << jsonType << R"({"detail":"Invalid client secret"})"_ba << none
        << credentials << u"Invalid client secret"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 401 detail object")
        << u"d7"_s << u"login"_s << 401 << jsonType
        << R"({"detail":{"code":"ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED","message":"Signature failed"}})"_ba
        << none << credentials << u"Signature failed (ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED)"_s
        << QString() << QString() << false << -1;
    QTest::newRow("d7 422 detail array")
        << u"d7"_s << u"login"_s << 422 << jsonType
        << R"({"detail":[{"loc":["body","client_secret"],"msg":"field required","type":"value_error.missing"},)"
           R"({"loc":["body","client_id"],"msg":"field required","type":"value_error.missing"}]})"_ba
        << none << config << u"client_secret: field required; client_id: field required"_s << QString()
        << QString() << false << -1;
    QTest::newRow("d7 422 detail array of odd items")
        << u"d7"_s << u"login"_s << 422 << jsonType
        << R"({"detail":[null,5,"plain text",{"loc":[0,"x"]}]})"_ba << none << config
        << u"8080: plain text."_s << QString() << QString() << false << -1;
    QTest::newRow("d7 402 insufficient credit")
        << u"d7"_s << u"login"_s << 402 << jsonType
        << R"({"detail":{"code":"INSUFFICIENT_CREDIT","message":"Not enough credit"}})"_ba << none << config
        << u"insufficient credit"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 detail null") << u"d7"_s << u"login"_s << 401 << jsonType << R"({"detail":null})"_ba
                                    << none << credentials
                                    << u"HTTP 401 from 127.0.0.1:8080: {\"detail\":null}"_s << QString()
                                    << QString() << false << -1;
    QTest::newRow("d7 500 detail") << u"d7"_s << u"login"_s << 500 << jsonType
                                   << R"({"detail":"Internal error"})"_ba << none << transient
                                   << u"Internal error"_s << QString() << QString() << false << -1;
    QTest::newRow("d7 401 detail echoing the secret")
        << u"d7"_s << u"login"_s << 401 << jsonType
        << json({ { u"detail"_s,
                    QString(u"bad secret "_s + QString::fromLatin1(QUrl::toPercentEncoding(Password))) } })
        << none << credentials << u"bad secret [hidden]"_s << QString() << QString() << false << -1;
}

void TestReplyParsing::replies()
{
    QFETCH(QString, provider);
    QFETCH(QString, call);
    QFETCH(int, status);
    QFETCH(QByteArrayList, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, networkError);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFETCH(QString, access);
    QFETCH(QString, refresh);
    QFETCH(bool, fromToken);
    QFETCH(int, retryAfter);

    FakeResponse response;
    response.status = status;
    response.body = body;
    response.error = QNetworkReply::NetworkError(networkError);
    for (const QByteArray &line : std::as_const(headers)) {
        const qsizetype colon = line.indexOf(':');
        response.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }

    const auto reply = run(provider, call, response);
    QVERIFY2(reply, "the reply did not finish exactly once, asynchronously");
    QCOMPARE(m_manager->requests().size(), 1);
    QVERIFY(reply->isFinished());

    const AuthError &error = reply->error();
    QVERIFY2(int(error.kind) == kind,
             qPrintable(u"kind %1, message: %2"_s.arg(int(error.kind)).arg(error.message)));
    if (kind == int(Kind::None)) {
        QVERIFY(error.message.isEmpty());
        const TokenSet &t = reply->tokens();
        QCOMPARE(t.accessToken, access);
        QCOMPARE(t.refreshToken, refresh);
        QCOMPARE(t.obtainedAt, T0);
        QCOMPARE(t.expiryFromToken, fromToken);
        if (fromToken) {
            const int lifetime = provider == u"7g" ? 1200 : 3600;
            QCOMPARE(t.expiresAt, T0.addSecs(lifetime));
        } else {
            QCOMPARE(
                t.expiresAt,
                T0.addSecs(
                    account(provider == u"7g" ? Provider::SevenG : Provider::D7).fallbackLifetimeSeconds));
        }
    } else {
        QVERIFY(reply->tokens().isEmpty());
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        // Whole sentences.
        QVERIFY2(error.message.endsWith(u'.') || error.message.endsWith(u'…'), qPrintable(error.message));
        if (status > 0 && networkError == 0)
            QCOMPARE(error.httpStatus, status);
        if (retryAfter >= 0)
            QCOMPARE(error.retryAfterSeconds, std::optional<int>(retryAfter));
        else
            QVERIFY(!error.retryAfterSeconds.has_value());
    }
    verifyNoSecret(error.message);
}

void TestReplyParsing::sevenGLoginRequest()
{
    const auto reply
        = run(u"7g"_s, u"login"_s, FakeResponse::json(200, { { u"accessToken"_s, jwtIn(600) } }));
    QVERIFY(reply);
    QCOMPARE(m_manager->requests().size(), 1);
    const FakeRequest &r = m_manager->requests().first();
    QCOMPARE(r.method, "POST"_ba);
    QCOMPARE(r.url, QUrl(u"http://127.0.0.1:8080/User/Login"_s));
    QCOMPARE(r.header("Content-Type"), "application/json"_ba);
    QCOMPARE(r.header("Version"), "2.0"_ba);
    QVERIFY(!r.hasHeader("Authorization"));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body, (QJsonObject { { u"username"_s, u"alice"_s }, { u"password"_s, Password } }));
    QCOMPARE(r.request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::SameOriginRedirectPolicy));
    QCOMPARE(r.request.transferTimeout(), NetworkPolicy::DefaultTransferTimeoutMs);
}

void TestReplyParsing::sevenGRefreshRequest()
{
    const auto reply
        = run(u"7g"_s, u"refresh"_s,
              FakeResponse::json(200, { { u"accessToken"_s, jwtIn(600) }, { u"refreshToken"_s, u"n"_s } }));
    QVERIFY(reply);
    const FakeRequest &r = m_manager->requests().first();
    QCOMPARE(r.method, "POST"_ba);
    QCOMPARE(r.url.path(), u"/User/RefreshToken"_s);
    QCOMPARE(r.header("Authorization"), OldAccess.toLatin1()); // raw, no "Bearer "
    QCOMPARE(r.header("Version"), "2.0"_ba);
    QCOMPARE(r.header("Content-Type"), "application/json"_ba);
    QCOMPARE(QJsonDocument::fromJson(r.body).object(), (QJsonObject { { u"refreshToken"_s, OldRefresh } }));
}

void TestReplyParsing::sevenGRefreshOmitsUnusableAccessToken()
{
    m_manager->setHandler([](const FakeRequest &) {
        return FakeResponse::json(200, { { u"accessToken"_s, jwtIn(600) } });
    });
    TokenSet current;
    current.accessToken = u"abc\r\nX-Evil: 1"_s;
    current.refreshToken = OldRefresh;
    std::unique_ptr<AuthReply> reply(m_sevenG->refresh(account(Provider::SevenG), current));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(m_manager->requests().size(), 1);
    QVERIFY(!m_manager->requests().first().hasHeader("Authorization"));
    QVERIFY(!reply->error().isError());
}

void TestReplyParsing::sevenGRefreshWithoutRefreshTokenSendsNothing()
{
    for (const QString &refresh : { QString(), u"bad\ntoken"_s }) {
        TokenSet current;
        current.accessToken = OldAccess;
        current.refreshToken = refresh;
        std::unique_ptr<AuthReply> reply(m_sevenG->refresh(account(Provider::SevenG), current));
        QSignalSpy finished(reply.get(), &AuthReply::finished);
        QCOMPARE(finished.size(), 0);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->error().kind, Kind::RefreshRejected);
    }
    QCOMPARE(m_manager->requests().size(), 0);
}

void TestReplyParsing::invalidBaseUrlSendsNothing_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("plain http to a remote host") << u"http://api.7g.com.au"_s;
    QTest::newRow("user info") << u"https://alice:pw@api.7g.com.au"_s;
    QTest::newRow("ftp") << u"ftp://api.7g.com.au"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << u"::not a url::"_s;
}

void TestReplyParsing::invalidBaseUrlSendsNothing()
{
    QFETCH(QString, url);
    m_manager->setHandler([](const FakeRequest &) { return FakeResponse::json(200, {}); });
    for (Provider p : { Provider::SevenG, Provider::D7 }) {
        Account a = account(p);
        a.baseUrl = QUrl(url);
        TokenProvider *provider
            = p == Provider::SevenG ? static_cast<TokenProvider *>(m_sevenG.get()) : m_d7.get();
        TokenSet current;
        current.accessToken = OldAccess;
        current.refreshToken = OldRefresh;
        // Each spy is attached before the event loop runs: the replies finish from it.
        std::vector<std::unique_ptr<AuthReply>> replies;
        std::vector<std::unique_ptr<QSignalSpy>> spies;
        auto add = [&](AuthReply *raw) {
            replies.emplace_back(raw);
            spies.push_back(std::make_unique<QSignalSpy>(raw, &AuthReply::finished));
            QCOMPARE(spies.back()->size(), 0);
        };
        add(provider->signIn(a, Password));
        add(provider->checkService(a, OldAccess));
        if (provider->canRefresh())
            add(provider->refresh(a, current));
        for (size_t i = 0; i < replies.size(); ++i) {
            QTRY_COMPARE(spies[i]->size(), 1);
            const AuthError &error = replies[i]->error();
            QCOMPARE(error.kind, Kind::Config);
            QVERIFY(!error.message.isEmpty());
            verifyNoSecret(error.message);
            QVERIFY(!error.message.contains(u"pw@"_s));
        }
    }
    QCOMPARE(m_manager->requests().size(), 0);
}

void TestReplyParsing::missingSecretSendsNothing()
{
    for (TokenProvider *provider :
         { static_cast<TokenProvider *>(m_sevenG.get()), static_cast<TokenProvider *>(m_d7.get()) }) {
        Account a = account(provider->kind());
        std::unique_ptr<AuthReply> noSecret(provider->signIn(a, QString()));
        QSignalSpy noSecretFinished(noSecret.get(), &AuthReply::finished);
        a.login.clear();
        std::unique_ptr<AuthReply> noLogin(provider->signIn(a, Password));
        QSignalSpy noLoginFinished(noLogin.get(), &AuthReply::finished);
        QTRY_COMPARE(noSecretFinished.size(), 1);
        QTRY_COMPARE(noLoginFinished.size(), 1);
        QCOMPARE(noSecret->error().kind, Kind::Config);
        QCOMPARE(noLogin->error().kind, Kind::Config);
    }
    QCOMPARE(m_manager->requests().size(), 0);
}

void TestReplyParsing::loginWithControlCharactersSendsNothing_data()
{
    QTest::addColumn<QString>("login");
    QTest::newRow("pasted line break") << u"alice\n"_s;
    QTest::newRow("CR LF inside") << u"alice\r\nX-Injected: 1"_s;
    QTest::newRow("tab") << u"ali\tce"_s;
    QTest::newRow("NUL") << QString(u"alice"_s + QChar(0));
    QTest::newRow("line separator") << u"alice\u2028"_s;
    QTest::newRow("zero-width space") << u"ali\u200bce"_s;
}

void TestReplyParsing::loginWithControlCharactersSendsNothing()
{
    // The server would count it as a failed sign-in (three lock a 7G user),
    // and the value is not what the user meant to type.
    QFETCH(QString, login);
    for (TokenProvider *provider :
         { static_cast<TokenProvider *>(m_sevenG.get()), static_cast<TokenProvider *>(m_d7.get()) }) {
        for (auto encoding : { D7Provider::FormEncoding::UrlEncoded, D7Provider::FormEncoding::Multipart }) {
            m_d7->setFormEncoding(encoding);
            Account a = account(provider->kind());
            a.login = login;
            std::unique_ptr<AuthReply> reply(provider->signIn(a, Password));
            QSignalSpy finished(reply.get(), &AuthReply::finished);
            QTRY_COMPARE(finished.size(), 1);
            QCOMPARE(reply->error().kind, Kind::Config);
            QVERIFY2(reply->error().message.contains(u"control character"_s),
                     qPrintable(reply->error().message));
        }
    }
    QCOMPARE(m_manager->requests().size(), 0);
}

void TestReplyParsing::d7UrlEncodedBody()
{
    const auto reply = run(
        u"d7"_s, u"login"_s,
        FakeResponse::json(200, { { u"access_token"_s, jwtIn(600) }, { u"token_type"_s, u"bearer"_s } }));
    QVERIFY(reply);
    const FakeRequest &r = m_manager->requests().first();
    QCOMPARE(r.method, "POST"_ba);
    QCOMPARE(r.url, QUrl(u"http://127.0.0.1:8080/auth/v1/login/application"_s));
    QCOMPARE(r.header("Content-Type"), "application/x-www-form-urlencoded"_ba);
    QCOMPARE(r.header("Accept"), "application/json"_ba);
    QVERIFY(!r.hasHeader("Authorization"));
    // '+', '&', '%', '@' and the space must all survive the round trip.
    QMap<QString, QString> fields;
    const QList<QByteArray> pairs = r.body.split('&');
    QCOMPARE(pairs.size(), 2);
    for (const QByteArray &pair : pairs) {
        const QList<QByteArray> kv = pair.split('=');
        QCOMPARE(kv.size(), 2);
        QVERIFY(!kv[1].contains('+') && !kv[1].contains(' '));
        fields.insert(QString::fromUtf8(kv[0]), QUrl::fromPercentEncoding(kv[1]));
    }
    QCOMPARE(fields.value(u"client_id"_s), u"client-123"_s);
    QCOMPARE(fields.value(u"client_secret"_s), Password);
}

void TestReplyParsing::d7MultipartBody()
{
    m_d7->setFormEncoding(D7Provider::FormEncoding::Multipart);
    QCOMPARE(m_d7->formEncoding(), D7Provider::FormEncoding::Multipart);
    const auto reply
        = run(u"d7"_s, u"login"_s, FakeResponse::json(200, { { u"access_token"_s, jwtIn(600) } }));
    QVERIFY(reply);
    QVERIFY(!reply->error().isError());
    const FakeRequest &r = m_manager->requests().first();
    QVERIFY2(r.header("Content-Type").startsWith("multipart/form-data; boundary="),
             r.header("Content-Type").constData());
    QVERIFY(r.body.contains("Content-Disposition: form-data; name=\"client_id\"\r\n\r\nclient-123\r\n"));
    const QByteArray secretPart
        = "Content-Disposition: form-data; name=\"client_secret\"\r\n\r\n" + Password.toUtf8() + "\r\n";
    QVERIFY(r.body.contains(secretPart));
}

void TestReplyParsing::d7RefreshIsRefused()
{
    QVERIFY(!m_d7->canRefresh());
    QVERIFY(m_sevenG->canRefresh());
    std::unique_ptr<AuthReply> reply(m_d7->refresh(account(Provider::D7), {}));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(5000));
    QVERIFY(reply->error().isError());
    QCOMPARE(m_manager->requests().size(), 0);
}

void TestReplyParsing::authorizationAndHeaders()
{
    QCOMPARE(m_sevenG->kind(), Provider::SevenG);
    QCOMPARE(m_d7->kind(), Provider::D7);
    QCOMPARE(m_sevenG->credentialKind(), SecretKind::Password);
    QCOMPARE(m_d7->credentialKind(), SecretKind::ClientSecret);
    QCOMPARE(m_sevenG->authorizationValue(u"tok"_s), u"tok"_s);
    QCOMPARE(m_d7->authorizationValue(u"tok"_s), u"Bearer tok"_s);
    using Headers = QList<QPair<QString, QString>>;
    QCOMPARE(m_sevenG->requestHeaders(u"tok"_s),
             (Headers { { u"Authorization"_s, u"tok"_s },
                        { u"Content-Type"_s, u"application/json"_s },
                        { u"Version"_s, u"2.0"_s } }));
    QCOMPARE(m_d7->requestHeaders(u"tok"_s),
             (Headers { { u"Authorization"_s, u"Bearer tok"_s }, { u"Accept"_s, u"application/json"_s } }));
}

void TestReplyParsing::sevenGHealthCheck_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("healthy");
    QTest::addColumn<QString>("text"); // summary or a part of the error message
    QTest::newRow("empty 200") << 200 << QByteArray() << true << u"Service healthy"_s;
    QTest::newRow("plain text") << 200 << "Healthy"_ba << true << u"Service healthy: Healthy"_s;
    QTest::newRow("envelope ok") << 200 << R"({"result":true,"message":"All systems go"})"_ba << true
                                 << u"Service healthy: All systems go"_s;
    QTest::newRow("status field") << 200 << R"({"status":"Healthy"})"_ba << true
                                  << u"Service healthy: Healthy"_s;
    QTest::newRow("envelope false") << 200 << R"({"result":false,"message":"Database down"})"_ba << false
                                    << u"Database down"_s;
    QTest::newRow("503") << 503 << "<h1>Down for maintenance</h1>"_ba << false << u"Down for maintenance"_s;
    QTest::newRow("404") << 404 << QByteArray() << false << u"Check the service address"_s;
}

void TestReplyParsing::sevenGHealthCheck()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, healthy);
    QFETCH(QString, text);
    m_manager->setHandler([&](const FakeRequest &) { return FakeResponse::raw(status, body); });
    std::unique_ptr<AuthReply> reply(m_sevenG->checkService(account(Provider::SevenG), OldAccess));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(m_manager->requests().size(), 1);
    const FakeRequest &r = m_manager->requests().first();
    QCOMPARE(r.method, "GET"_ba);
    QCOMPARE(r.url.path(), u"/Common/HealthCheck"_s);
    QVERIFY(!r.hasHeader("Authorization")); // anonymous
    QCOMPARE(reply->error().isError(), !healthy);
    if (healthy)
        QCOMPARE(reply->summary(), text);
    else
        QVERIFY2(reply->error().message.contains(text), qPrintable(reply->error().message));
}

void TestReplyParsing::d7Balance_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::newRow("number") << 200 << R"({"balance":12.5})"_ba << int(Kind::None) << u"Balance: 12.5"_s;
    QTest::newRow("string with currency")
        << 200 << R"({"balance":"99.00","currency":"EUR"})"_ba << int(Kind::None) << u"Balance: 99.00 EUR"_s;
    QTest::newRow("object") << 200 << R"({"balance":{"amount":7,"currency":"USD"}})"_ba << int(Kind::None)
                            << u"Balance: 7 USD"_s;
    QTest::newRow("missing") << 200 << R"({"credit":1})"_ba << int(Kind::Protocol) << u"has no balance"_s;
    QTest::newRow("HTML") << 200 << "<html><body>hello</body></html>"_ba << int(Kind::Protocol) << u"hello"_s;
    QTest::newRow("401 expired")
        << 401 << R"({"detail":{"code":"ACCESS_TOKEN_EXPIRED","message":"Token expired"}})"_ba
        << int(Kind::Credentials) << u"Token expired (ACCESS_TOKEN_EXPIRED)"_s;
    QTest::newRow("402") << 402 << R"({"detail":"No credit"})"_ba << int(Kind::Config)
                         << u"insufficient credit"_s;
    QTest::newRow("502") << 502 << "bad gateway"_ba << int(Kind::Transient)
                         << u"HTTP 502 from 127.0.0.1:8080: bad gateway"_s;
}

void TestReplyParsing::d7Balance()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, text);
    m_manager->setHandler(
        [&](const FakeRequest &) { return FakeResponse::raw(status, body, "application/json"); });
    std::unique_ptr<AuthReply> reply(m_d7->checkService(account(Provider::D7), u"d7-access"_s));
    QSignalSpy finished(reply.get(), &AuthReply::finished);
    QVERIFY(finished.wait(5000));
    const FakeRequest &r = m_manager->requests().first();
    QCOMPARE(r.method, "GET"_ba);
    QCOMPARE(r.url.path(), u"/messages/v1/balance"_s);
    QCOMPARE(r.header("Authorization"), "Bearer d7-access"_ba);
    QCOMPARE(int(reply->error().kind), kind);
    if (kind == int(Kind::None))
        QCOMPARE(reply->summary(), text);
    else
        QVERIFY2(reply->error().message.contains(text), qPrintable(reply->error().message));
}

void TestReplyParsing::transferTimeoutIsTransient()
{
    m_policy->setTransferTimeout(150);
    FakeResponse never = FakeResponse::json(200, {});
    never.delayMs = -1;
    QElapsedTimer timer;
    timer.start();
    const auto reply = run(u"7g"_s, u"login"_s, never);
    QVERIFY(reply);
    QVERIFY(timer.elapsed() >= 140);
    QCOMPARE(reply->error().kind, Kind::Transient);
    QVERIFY2(reply->error().message.contains(u"timed out"_s), qPrintable(reply->error().message));
}

void TestReplyParsing::hugeChunkedBodyIsCutOff()
{
    // No Content-Length: the cap must hold while reading, and the transfer stop.
    FakeResponse huge = FakeResponse::raw(200, QByteArray(4 * 1024 * 1024, 'x'));
    huge.announceLength = false;
    huge.chunkSize = 256 * 1024;
    const auto reply = run(u"d7"_s, u"login"_s, huge);
    QVERIFY(reply);
    QCOMPARE(reply->error().kind, Kind::Protocol);
    QVERIFY2(reply->error().message.contains(u"cut off"_s), qPrintable(reply->error().message));
    QCOMPARE(m_manager->abortedCount(), 1);
    QCOMPARE(m_manager->inFlight(), 0);
}

void TestReplyParsing::deletingTheReplyAbortsTheRequest()
{
    FakeResponse slow = FakeResponse::json(200, {});
    slow.delayMs = -1;
    m_manager->setHandler([&](const FakeRequest &) { return slow; });
    auto *reply = m_sevenG->signIn(account(Provider::SevenG), Password);
    QCOMPARE(m_manager->inFlight(), 1);
    delete reply;
    QTRY_COMPARE(m_manager->inFlight(), 0);
    QCOMPARE(m_manager->abortedCount(), 1);
}

void TestReplyParsing::authReplyFinishesOnceAndLater()
{
    AuthReply reply;
    QSignalSpy finished(&reply, &AuthReply::finished);
    TokenSet t;
    t.accessToken = u"a"_s;
    reply.finishWithTokens(t);
    AuthError e;
    e.kind = Kind::Transient;
    e.message = u"late"_s;
    reply.finishWithError(e);
    reply.finishWithSummary(u"x"_s);
    QCOMPARE(finished.size(), 0); // not from inside the call
    QVERIFY(reply.isFinished());
    QVERIFY(finished.wait(1000));
    QTest::qWait(20);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(reply.tokens().accessToken, u"a"_s);
    QVERIFY(!reply.error().isError());
    QVERIFY(reply.summary().isEmpty());
}

void TestReplyParsing::detailMessage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("object") << R"({"detail":{"code":"C","message":"M"}})"_ba << u"M (C)"_s;
    QTest::newRow("object, message only") << R"({"detail":{"message":"M"}})"_ba << u"M"_s;
    QTest::newRow("object, code only") << R"({"detail":{"code":"C"}})"_ba << u"C"_s;
    QTest::newRow("string") << R"({"detail":"Something\nbroke"})"_ba << u"Something broke"_s;
    QTest::newRow("array") << R"({"detail":[{"loc":["body","a"],"msg":"bad","type":"t"}]})"_ba << u"a: bad"_s;
    QTest::newRow("array, nested loc")
        << R"({"detail":[{"loc":["query","x",0],"msg":"m"}]})"_ba << u"query.x.0: m"_s;
    QTest::newRow("empty array") << R"({"detail":[]})"_ba << QString();
    QTest::newRow("number") << R"({"detail":3})"_ba << QString();
    QTest::newRow("fallback message") << R"({"message":"From message"})"_ba << u"From message"_s;
    QTest::newRow("nothing") << R"({})"_ba << QString();
}

void TestReplyParsing::detailMessage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QCOMPARE(D7Provider::detailMessage(QJsonDocument::fromJson(body).object()), expected);
}

void TestReplyParsing::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("seconds"); // -1: none
    QTest::newRow("seconds") << "120"_ba << 120;
    QTest::newRow("zero") << "0"_ba << 0;
    QTest::newRow("spaces") << " 15 "_ba << 15;
    QTest::newRow("huge") << "99999999999999999999"_ba << ReplyParsing::MaxRetryAfterSeconds;
    QTest::newRow("negative") << "-5"_ba << -1;
    QTest::newRow("fraction") << "1.5"_ba << -1;
    QTest::newRow("IMF date")
        << QLocale::c().toString(T0.addSecs(90), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1() << 90;
    QTest::newRow("date in the past")
        << QLocale::c().toString(T0.addSecs(-90), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1() << 0;
    QTest::newRow("garbage") << "tomorrow"_ba << -1;
    QTest::newRow("empty") << QByteArray() << -1;
}

void TestReplyParsing::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(int, seconds);
    const auto parsed = ReplyParsing::retryAfterSeconds(value, T0);
    if (seconds < 0)
        QVERIFY(!parsed.has_value());
    else
        QCOMPARE(parsed, std::optional<int>(seconds));
}

void TestReplyParsing::snippetIsSanitised()
{
    const QByteArray html
        = "<html><head><style>body{color:red}</style><script>var x='<b>';</script></head>"
          "<body><h1>Error &amp; more</h1>\n\n<p>line\tbreak&nbsp;&#65;&#x42;</p></body></html>"_ba;
    QCOMPARE(ReplyParsing::snippet(html), u"Error & more line break AB"_s);
    const QString longText = ReplyParsing::snippet(QByteArray(1000, 'z'));
    QCOMPARE(longText.size(), ReplyParsing::SnippetLength + 1);
    QVERIFY(longText.endsWith(u'…'));
    QCOMPARE(ReplyParsing::snippet(QByteArray("a\x00\x01\x1b"
                                              "b",
                                              5)),
             u"a b"_s);
    QCOMPARE(ReplyParsing::redact(u"x secret y s%20cret"_s, { u"secret"_s, u"s cret"_s }),
             u"x [hidden] y [hidden]"_s);
    QCOMPARE(ReplyParsing::origin(QUrl(u"https://user:pw@api.example.com"_s)), u"api.example.com"_s);
    QCOMPARE(ReplyParsing::origin(QUrl(u"http://[::1]:8080/x"_s)), u"[::1]:8080"_s);
}

QTEST_GUILESS_MAIN(TestReplyParsing)
#include "tst_replyparsing.moc"
