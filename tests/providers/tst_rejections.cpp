// Why a sign-in was refused, told apart from the reply alone: the status,
// the body and the headers, through the providers' pure interpreters.
#include "providers/d7provider.h"
#include "providers/sevengprovider.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = AuthError::Kind;
using Reason = AuthError::Reason;

Q_DECLARE_METATYPE(AuthError::Reason)

namespace {
const QDateTime Now = QDateTime(QDate(2031, 5, 6), QTime(7, 8, 9), Qt::UTC);

HttpResponse response(int status, const QByteArray &body, const QString &path,
                      const QList<QPair<QByteArray, QByteArray>> &extra = {})
{
    HttpResponse r;
    r.url = QUrl(u"https://127.0.0.1:8443"_s + path);
    r.status = status;
    r.headers = { { "Content-Type", body.startsWith('<') ? "text/html" : "application/json" } };
    r.headers += extra;
    r.body = body;
    return r;
}

QByteArray envelope(const char *message)
{
    return R"({"result":false,"message":")" + QByteArray(message) + R"(","recordCount":0,"data":null})";
}
} // namespace

class TestRejections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sevenG_data();
    void sevenG();
    void sevenGRefreshIsNeverALockout();
    void d7SignIn_data();
    void d7SignIn();
    void d7ExpiredTokenOnTheBalance();
};

void TestRejections::sevenG_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<int>("lockSeconds"); // -1: none from the reply
    QTest::addColumn<QString>("advice"); // what the message tells the user to do

    const QString fix = u"Fix the password"_s;
    const QString wait = u"Wait until the lock ends"_s;
    const QString vpn = u"Connect through the VPN"_s;
    const QString admin = u"Ask the administrator"_s;
    const QString unknown = u"did not say why"_s;

    QTest::newRow("401 invalid password")
        << 401 << envelope("Invalid username or password.") << ""_ba << Reason::WrongCredentials << -1 << fix;
    QTest::newRow("401 empty body") << 401 << ""_ba
                                    << ""_ba << Reason::WrongCredentials << -1 << fix;
    // The API notes: a wrong password is a 401 whose body may be empty, JSON or HTML.
    QTest::newRow("401 html") << 401 << "<html><body><h1>Access denied</h1></body></html>"_ba
                              << ""_ba << Reason::WrongCredentials << -1 << fix;
    QTest::newRow("400 credentials") << 400 << envelope("The password is incorrect.") << ""_ba
                                     << Reason::WrongCredentials << -1 << fix;
    QTest::newRow("200 result false password")
        << 200 << envelope("Login failed: bad password") << ""_ba << Reason::WrongCredentials << -1 << fix;

    QTest::newRow("423 no time") << 423 << "{}"_ba
                                 << ""_ba << Reason::Locked << -1 << wait;
    QTest::newRow("401 locked no time")
        << 401 << envelope("The account is locked after too many failed sign-in attempts. Try again later.")
        << ""_ba << Reason::Locked << -1 << wait;
    QTest::newRow("401 locked retry-after")
        << 401 << envelope("The account is locked.") << "420"_ba << Reason::Locked << 420 << wait;
    QTest::newRow("423 minutes in message")
        << 423 << envelope("Too many failed attempts. Try again in 7 minutes.") << ""_ba << Reason::Locked
        << 420 << wait;
    QTest::newRow("200 result false locked seconds")
        << 200 << envelope("User locked out for 90 seconds") << ""_ba << Reason::Locked << 90 << wait;
    QTest::newRow("403 retry-after wins over the message")
        << 403 << envelope("Locked; try again in 9 minutes") << "60"_ba << Reason::Locked << 60 << wait;

    QTest::newRow("403 ip allow-list")
        << 403 << envelope("Sign-in from IP address 10.1.2.3 is not allowed for this user.") << ""_ba
        << Reason::AddressNotAllowed << -1 << vpn;
    QTest::newRow("401 whitelist") << 401 << envelope("Your address is not on the whitelist") << ""_ba
                                   << Reason::AddressNotAllowed << -1 << vpn;
    QTest::newRow("200 result false allowlist")
        << 200 << envelope("Access from this location is not permitted (allow-list)") << ""_ba
        << Reason::AddressNotAllowed << -1 << vpn;

    QTest::newRow("403 disabled") << 403 << envelope("The user account is disabled.") << ""_ba
                                  << Reason::Disabled << -1 << admin;
    QTest::newRow("401 deactivated") << 401 << R"({"Message":"User deactivated"})"_ba
                                     << ""_ba << Reason::Disabled << -1 << admin;

    QTest::newRow("403 denied") << 403 << envelope("Request denied.") << ""_ba << Reason::Unknown << -1
                                << unknown;
    QTest::newRow("403 empty") << 403 << ""_ba
                               << ""_ba << Reason::Unknown << -1 << unknown;
    QTest::newRow("200 result false no message") << 200 << R"({"result":false})"_ba
                                                 << ""_ba << Reason::Unknown << -1 << unknown;
}

void TestRejections::sevenG()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(Reason, reason);
    QFETCH(int, lockSeconds);
    QFETCH(QString, advice);

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!retryAfter.isEmpty())
        headers.append({ "Retry-After", retryAfter });
    const auto out = SevenGProvider::interpretTokens(
        SevenGProvider::Call::SignIn, Account::create(Provider::SevenG),
        response(status, body, u"/User/Login"_s, headers), {}, Now.addSecs(-1), Now);
    QCOMPARE(out.error.kind, Kind::Credentials); // never retried
    QCOMPARE(out.error.reason, reason);
    QCOMPARE(out.error.httpStatus, status);
    if (lockSeconds < 0)
        QVERIFY(!out.error.lockSeconds.has_value());
    else
        QCOMPARE(out.error.lockSeconds.value_or(-1), lockSeconds);
    QVERIFY2(out.error.message.contains(advice, Qt::CaseInsensitive), qPrintable(out.error.message));
    QVERIFY(out.tokens.isEmpty());
}

void TestRejections::sevenGRefreshIsNeverALockout()
{
    // A refused refresh falls back to one sign-in; it is not a credential class.
    const auto out = SevenGProvider::interpretTokens(
        SevenGProvider::Call::Refresh, Account::create(Provider::SevenG),
        response(401, envelope("The account is locked."), u"/User/RefreshToken"_s), {}, Now.addSecs(-1), Now);
    QCOMPARE(out.error.kind, Kind::RefreshRejected);
    QCOMPARE(out.error.reason, Reason::None);
}

void TestRejections::d7SignIn_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<QString>("advice");

    QTest::newRow("404 application missing")
        << 404 << R"({"detail":{"code":"APPLICATION_NOT_EXISTS","message":"Application not exists"}})"_ba
        << int(Kind::Credentials) << Reason::ApplicationMissing << u"Check the client id"_s;
    QTest::newRow("404 string detail")
        << 404 << R"({"detail":"Application not exists"})"_ba << int(Kind::Credentials)
        << Reason::ApplicationMissing << u"Check the client id"_s;
    // A bare 404 page: the address is wrong, not the client id.
    QTest::newRow("404 html page") << 404 << "<html><body>Not Found</body></html>"_ba << int(Kind::Config)
                                   << Reason::None << u"Check the service address"_s;
    QTest::newRow("401 secret rejected")
        << 401 << R"({"detail":{"code":"INVALID_CLIENT_SECRET","message":"Invalid client secret"}})"_ba
        << int(Kind::Credentials) << Reason::SecretRejected << u"Copy it again"_s;
    QTest::newRow("401 empty") << 401 << ""_ba << int(Kind::Credentials) << Reason::SecretRejected
                               << u"Copy it again"_s;
    QTest::newRow("401 token expired")
        << 401 << R"({"detail":{"code":"ACCESS_TOKEN_EXPIRED","message":"Access token expired"}})"_ba
        << int(Kind::Credentials) << Reason::TokenExpired << u"create a new one"_s;
}

void TestRejections::d7SignIn()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(Reason, reason);
    QFETCH(QString, advice);
    const auto out = D7Provider::interpretSignIn(
        Account::create(Provider::D7), response(status, body, u"/auth/v1/login/application"_s), Now, Now);
    QCOMPARE(int(out.error.kind), kind);
    QCOMPARE(out.error.reason, reason);
    QVERIFY2(out.error.message.contains(advice, Qt::CaseInsensitive), qPrintable(out.error.message));
}

void TestRejections::d7ExpiredTokenOnTheBalance()
{
    const auto expired = D7Provider::interpretBalance(
        response(401, R"({"detail":{"code":"ACCESS_TOKEN_EXPIRED","message":"Access token expired"}})"_ba,
                 u"/messages/v1/balance"_s),
        Now);
    QCOMPARE(expired.error.kind, Kind::Credentials);
    QCOMPARE(expired.error.reason, Reason::TokenExpired);
    const auto bad = D7Provider::interpretBalance(
        response(
            401,
            R"({"detail":{"code":"ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED","message":"Bad token"}})"_ba,
            u"/messages/v1/balance"_s),
        Now);
    QCOMPARE(bad.error.kind, Kind::Credentials);
    QCOMPARE(bad.error.reason, Reason::None);
}

QTEST_GUILESS_MAIN(TestRejections)
#include "tst_rejections.moc"
