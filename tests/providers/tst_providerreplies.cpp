// The providers' reply interpreters called directly, as pure functions of a
// response and the time: no network, no event loop.
#include "fakejwt.h"
#include "providers/d7provider.h"
#include "providers/sevengprovider.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = AuthError::Kind;

namespace {
const QDateTime Now = QDateTime(QDate(2031, 5, 6), QTime(7, 8, 9), Qt::UTC);

HttpResponse response(int status, const QByteArray &body, const QString &path = u"/User/Login"_s)
{
    HttpResponse r;
    r.url = QUrl(u"https://127.0.0.1:8443"_s + path);
    r.status = status;
    r.headers = { { "Content-Type", "application/json" } };
    r.body = body;
    return r;
}
} // namespace

class TestProviderReplies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sevenGSignIn_data();
    void sevenGSignIn();
    void sevenGRefreshKeepsOldRefreshToken();
    void sevenGHealthUsesTheGivenTime();
    void d7SignIn_data();
    void d7SignIn();
    void d7Balance();
};

void TestProviderReplies::sevenGSignIn_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");

    const QByteArray valid = R"({"accessToken":")" + FakeJwt::expiringAt(Now.addSecs(600), {}, Now).toLatin1()
        + R"(","refreshToken":"rt-1"})";
    const QByteArray expired = R"({"accessToken":")"
        + FakeJwt::expiringAt(Now.addSecs(-600), {}, Now.addSecs(-1200)).toLatin1() + R"("})";
    QTest::newRow("tokens") << 200 << valid << int(Kind::None);
    QTest::newRow("expired on arrival") << 200 << expired << int(Kind::Protocol);
    QTest::newRow("not json") << 200 << "<html>"_ba << int(Kind::Protocol);
    QTest::newRow("wrong password") << 401 << R"({"message":"Invalid password"})"_ba
                                    << int(Kind::Credentials);
    QTest::newRow("locked out") << 423 << "{}"_ba << int(Kind::Credentials);
    QTest::newRow("busy") << 503 << ""_ba << int(Kind::Transient);
}

void TestProviderReplies::sevenGSignIn()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    const auto out
        = SevenGProvider::interpretTokens(SevenGProvider::Call::SignIn, Account::create(Provider::SevenG),
                                          response(status, body), {}, Now.addSecs(-1), Now);
    QCOMPARE(int(out.error.kind), kind);
    if (kind == int(Kind::None)) {
        QCOMPARE(out.tokens.refreshToken, u"rt-1"_s);
        QCOMPARE(out.tokens.expiresAt, Now.addSecs(600));
    }
}

void TestProviderReplies::sevenGRefreshKeepsOldRefreshToken()
{
    TokenSet current;
    current.refreshToken = u"rt-old"_s;
    const auto out = SevenGProvider::interpretTokens(
        SevenGProvider::Call::Refresh, Account::create(Provider::SevenG),
        response(200, R"({"accessToken":"opaque-access"})"_ba, u"/User/RefreshToken"_s), current,
        Now.addSecs(-1), Now);
    QCOMPARE(int(out.error.kind), int(Kind::None));
    QCOMPARE(out.tokens.accessToken, u"opaque-access"_s);
    QCOMPARE(out.tokens.refreshToken, u"rt-old"_s);
}

void TestProviderReplies::sevenGHealthUsesTheGivenTime()
{
    HttpResponse busy = response(503, {}, u"/Common/HealthCheck"_s);
    busy.headers.append({ "Retry-After", Now.addSecs(90).toString(Qt::RFC2822Date).toLatin1() });
    const auto out = SevenGProvider::interpretHealth(busy, Now);
    QCOMPARE(int(out.error.kind), int(Kind::Transient));
    QCOMPARE(out.error.retryAfterSeconds, std::optional<int>(90));

    const auto healthy = SevenGProvider::interpretHealth(
        response(200, R"({"status":"Healthy"})"_ba, u"/Common/HealthCheck"_s), Now);
    QCOMPARE(healthy.summary, u"Service healthy: Healthy"_s);
}

void TestProviderReplies::d7SignIn_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");

    QTest::newRow("bearer") << 200 << R"({"access_token":"abc","token_type":"Bearer"})"_ba << int(Kind::None);
    QTest::newRow("other type") << 200 << R"({"access_token":"abc","token_type":"mac"})"_ba
                                << int(Kind::Protocol);
    QTest::newRow("unknown client") << 404
                                    << R"({"detail":{"code":"APPLICATION_NOT_EXISTS","message":"x"}})"_ba
                                    << int(Kind::Credentials);
    QTest::newRow("bare 404, a wrong address") << 404 << "Not Found"_ba << int(Kind::Config);
    QTest::newRow("no credit") << 402 << R"({"detail":"Insufficient credit"})"_ba << int(Kind::Config);
}

void TestProviderReplies::d7SignIn()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    const Account account = Account::create(Provider::D7);
    const auto out = D7Provider::interpretSignIn(
        account, response(status, body, u"/auth/v1/login/application"_s), Now.addSecs(-1), Now);
    QCOMPARE(int(out.error.kind), kind);
    if (kind == int(Kind::None))
        QCOMPARE(out.tokens.expiresAt, Now.addSecs(-1).addSecs(account.fallbackLifetimeSeconds));
}

void TestProviderReplies::d7Balance()
{
    const auto out = D7Provider::interpretBalance(
        response(200, R"({"balance":{"amount":12.5,"currency":"EUR"}})"_ba, u"/messages/v1/balance"_s), Now);
    QCOMPARE(out.summary, u"Balance: 12.5 EUR"_s);
    const auto none = D7Provider::interpretBalance(
        response(200, R"({"balance":true})"_ba, u"/messages/v1/balance"_s), Now);
    QCOMPARE(int(none.error.kind), int(Kind::Protocol));
}

QTEST_GUILESS_MAIN(TestProviderReplies)
#include "tst_providerreplies.moc"
