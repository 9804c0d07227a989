// End-to-end tests of tokentray-fakeapi: the real server process over loopback,
// driven with QNetworkAccessManager as the application will drive it.
#include "fakeapiprocess.h"
#include "testca.h"

#include <QElapsedTimer>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

const QString alice = u"demo.alice"_s;
const QString alicePassword = u"alice-demo-password"_s;
const QString appOne = u"demo-app-one"_s;
const QString appOneSecret = u"demo-secret-one"_s;

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QJsonObject json;
    bool jsonOk = false;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

QJsonObject jwtPart(const QString &token, int index)
{
    const QStringList parts = token.split(u'.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(parts.at(index).toLatin1(),
                                      QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
        .object();
}

} // namespace

class FakeApiTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiProcess> m_api;
    QNetworkAccessManager m_nam;
    QJsonObject m_defaultConfig;

    HttpResult finish(QNetworkReply *reply, int timeoutMs = 20000)
    {
        HttpResult result;
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(timeoutMs)) {
            reply->abort();
            result.errorString = u"timed out"_s;
            result.error = QNetworkReply::TimeoutError;
            reply->deleteLater();
            return result;
        }
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.errorString = reply->errorString();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
        result.jsonOk = parseError.error == QJsonParseError::NoError && doc.isObject();
        result.json = doc.object();
        reply->deleteLater();
        return result;
    }

    QNetworkRequest sevenGRequest(const QString &path, const QByteArray &version = "2.0",
                                  const QByteArray &contentType = "application/json") const
    {
        QNetworkRequest request(m_api->url(path));
        if (!contentType.isEmpty())
            request.setRawHeader("Content-Type", contentType);
        if (!version.isEmpty())
            request.setRawHeader("Version", version);
        return request;
    }

    HttpResult sevenGLogin(const QString &user, const QString &password)
    {
        const QJsonObject body { { u"username"_s, user }, { u"password"_s, password } };
        return finish(m_nam.post(sevenGRequest(u"/User/Login"_s), QJsonDocument(body).toJson()));
    }

    HttpResult sevenGRefresh(const QString &refreshToken, const QByteArray &authorization = {})
    {
        QNetworkRequest request = sevenGRequest(u"/User/RefreshToken"_s);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        const QJsonObject body { { u"refreshToken"_s, refreshToken } };
        return finish(m_nam.post(request, QJsonDocument(body).toJson()));
    }

    HttpResult bizEntity(const QByteArray &authorization, const QString &id = u"12345"_s)
    {
        QNetworkRequest request = sevenGRequest(u"/BizEntity?bizEntityID="_s + id, "2.0", {});
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        return finish(m_nam.get(request));
    }

    HttpResult d7LoginUrlEncoded(const QString &clientId, const QString &secret)
    {
        QUrlQuery form;
        form.addQueryItem(u"client_id"_s, clientId);
        form.addQueryItem(u"client_secret"_s, secret);
        QNetworkRequest request(m_api->url(u"/auth/v1/login/application"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
        return finish(m_nam.post(request, form.toString(QUrl::FullyEncoded).toLatin1()));
    }

    HttpResult d7LoginMultipart(const QList<QPair<QString, QString>> &fields)
    {
        auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        for (const auto &[name, value] : fields) {
            QHttpPart part;
            part.setHeader(QNetworkRequest::ContentDispositionHeader, u"form-data; name=\"%1\""_s.arg(name));
            part.setBody(value.toUtf8());
            multiPart->append(part);
        }
        QNetworkReply *reply
            = m_nam.post(QNetworkRequest(m_api->url(u"/auth/v1/login/application"_s)), multiPart);
        multiPart->setParent(reply);
        return finish(reply);
    }

    HttpResult balance(const QByteArray &authorization)
    {
        QNetworkRequest request(m_api->url(u"/messages/v1/balance"_s));
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        return finish(m_nam.get(request));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_api = std::make_unique<FakeApiProcess>();
        QVERIFY2(m_api->start({ u"--demo"_s, u"--seveng-ttl"_s, u"1200"_s, u"--d7-ttl"_s, u"3600"_s }),
                 qPrintable(m_api->errorString()));
        QCOMPARE(m_api->baseUrl().scheme(), u"http"_s);
        QCOMPARE(m_api->baseUrl().host(), u"127.0.0.1"_s);
        QVERIFY(m_api->port() > 0);
        QVERIFY(m_api->pid() > 0);
        m_defaultConfig = m_api->config();
        QCOMPARE(m_defaultConfig.value(u"sevengTtl"_s).toInt(), 1200);
    }

    void cleanupTestCase()
    {
        // Whatever happened, the log must not contain a secret.
        const QByteArray log = m_api->standardError();
        QVERIFY(!log.contains(alicePassword.toUtf8()));
        QVERIFY(!log.contains(appOneSecret.toUtf8()));
        QVERIFY(!log.contains("eyJ"));
        QVERIFY(m_api->stop());
    }

    void init()
    {
        QVERIFY2(m_api->configure(m_defaultConfig), qPrintable(m_api->errorString()));
        QVERIFY(m_api->resetCounters());
        QVERIFY(m_api->unlock());
        // Connections left over from a fault test must not leak into the next test.
        m_nam.clearConnectionCache();
    }

    void healthCheck()
    {
        const HttpResult r = finish(m_nam.get(QNetworkRequest(m_api->url(u"/Common/HealthCheck"_s))));
        QCOMPARE(r.status, 200);
        QVERIFY(r.jsonOk);
        QCOMPARE(r.json.value(u"status"_s).toString(), u"Healthy"_s);
    }

    void lookupInfo()
    {
        HttpResult r = finish(m_nam.get(QNetworkRequest(m_api->url(u"/Common/Lookup?Name=info"_s))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"result"_s).toBool(), true);
        QCOMPARE(r.json.value(u"recordCount"_s).toInt(), 1);
        QVERIFY(r.json.value(u"data"_s).isArray());
        QVERIFY(r.json.contains(u"message"_s));

        r = finish(m_nam.get(QNetworkRequest(m_api->url(u"/Common/Lookup?Name=nothing"_s))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"result"_s).toBool(), false);
        QVERIFY(!r.json.value(u"message"_s).toString().isEmpty());
    }

    void loginRequiresHeaders_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::newRow("both") << "2.0"_ba
                              << "application/json"_ba << 200;
        QTest::newRow("charset") << "2.0"_ba
                                 << "application/json; charset=utf-8"_ba << 200;
        QTest::newRow("no version") << QByteArray() << "application/json"_ba << 400;
        QTest::newRow("version 1.0") << "1.0"_ba
                                     << "application/json"_ba << 400;
        QTest::newRow("text/plain") << "2.0"_ba
                                    << "text/plain"_ba << 400;
        QTest::newRow("form") << "2.0"_ba
                              << "application/x-www-form-urlencoded"_ba << 400;
    }

    void loginRequiresHeaders()
    {
        QFETCH(QByteArray, version);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        const QJsonObject body { { u"username"_s, alice }, { u"password"_s, alicePassword } };
        const HttpResult r = finish(
            m_nam.post(sevenGRequest(u"/User/Login"_s, version, contentType), QJsonDocument(body).toJson()));
        QCOMPARE(r.status, status);
        QVERIFY2(r.jsonOk, r.body.constData());
        if (status == 400) {
            QVERIFY(!r.json.value(u"message"_s).toString().isEmpty());
            QCOMPARE(m_api->counters().value(u"badRequests"_s).toInt(), 1);
            QCOMPARE(m_api->counters().value(u"logins"_s).toInt(), 0);
        } else {
            QVERIFY(r.json.value(u"accessToken"_s).isString());
        }
    }

    void loginIssuesJwtWithTtl()
    {
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const HttpResult r = sevenGLogin(alice, alicePassword);
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(r.status, 200);
        const QString access = r.json.value(u"accessToken"_s).toString();
        QVERIFY(!r.json.value(u"refreshToken"_s).toString().isEmpty());

        const QJsonObject header = jwtPart(access, 0);
        QCOMPARE(header.value(u"alg"_s).toString(), u"HS256"_s);
        QCOMPARE(header.value(u"typ"_s).toString(), u"JWT"_s);
        const QJsonObject payload = jwtPart(access, 1);
        QCOMPARE(payload.value(u"sub"_s).toString(), alice);
        const qint64 iat = payload.value(u"iat"_s).toInteger();
        QVERIFY(iat >= before && iat <= after);
        QCOMPARE(payload.value(u"exp"_s).toInteger(), iat + 1200);
        QVERIFY(!payload.value(u"jti"_s).toString().isEmpty());
        // Signature: 32 bytes of HMAC-SHA256, base64url without padding.
        QCOMPARE(access.split(u'.').at(2).size(), 43);
        QCOMPARE(m_api->counters().value(u"logins"_s).toInt(), 1);
    }

    void loginBadCredentials_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("wrong password") << alice << u"nope"_s;
        QTest::newRow("unknown user") << u"nobody"_s << alicePassword;
        QTest::newRow("password of another user") << u"demo.bob"_s << alicePassword;
    }

    void loginBadCredentials()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        const HttpResult r = sevenGLogin(user, password);
        QCOMPARE(r.status, 401);
        QVERIFY(!r.body.isEmpty());
        QCOMPARE(r.json.value(u"result"_s).toBool(true), false);
        QVERIFY(!r.json.contains(u"accessToken"_s));
        QCOMPARE(m_api->counters().value(u"loginFailures"_s).toInt(), 1);
    }

    void refreshRotates()
    {
        const HttpResult login = sevenGLogin(alice, alicePassword);
        QCOMPARE(login.status, 200);
        const QString firstRefresh = login.json.value(u"refreshToken"_s).toString();
        const QByteArray access = login.json.value(u"accessToken"_s).toString().toLatin1();

        const HttpResult refreshed = sevenGRefresh(firstRefresh, access);
        QCOMPARE(refreshed.status, 200);
        const QString secondRefresh = refreshed.json.value(u"refreshToken"_s).toString();
        QVERIFY(!secondRefresh.isEmpty());
        QVERIFY(secondRefresh != firstRefresh);
        const QString newAccess = refreshed.json.value(u"accessToken"_s).toString();
        QCOMPARE(jwtPart(newAccess, 1).value(u"sub"_s).toString(), alice);
        QVERIFY(newAccess.toLatin1() != access);

        // Single use: the old refresh token is gone, the new one works once.
        const HttpResult reused = sevenGRefresh(firstRefresh);
        QCOMPARE(reused.status, 401);
        QCOMPARE(sevenGRefresh(secondRefresh).status, 200);
        QCOMPARE(sevenGRefresh(secondRefresh).status, 401);
        QCOMPARE(sevenGRefresh(u"not-a-refresh-token"_s).status, 401);

        const QJsonObject counters = m_api->counters();
        QCOMPARE(counters.value(u"refreshes"_s).toInt(), 2);
        QCOMPARE(counters.value(u"refreshFailures"_s).toInt(), 3);
        QCOMPARE(counters.value(u"refreshWithAuthorization"_s).toInt(), 1);
        QCOMPARE(counters.value(u"refreshWithoutAuthorization"_s).toInt(), 4);
        QCOMPARE(counters.value(u"sevengUsers"_s)[alice][u"refreshes"_s].toInt(), 2);
    }

    void issuedTokensAndRequestLog()
    {
        const int issuedBefore = int(m_api->issuedTokens().size());
        const int seenBefore = int(m_api->requestLog().size());
        const HttpResult login = sevenGLogin(alice, alicePassword);
        QCOMPARE(login.status, 200);
        const HttpResult refreshed = sevenGRefresh(login.json.value(u"refreshToken"_s).toString());
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(finish(m_nam.get(QNetworkRequest(m_api->url(u"/Common/Lookup?Name=info"_s)))).status, 200);

        // Exactly the four tokens handed out, in order, with what they are.
        const QJsonArray issued = m_api->issuedTokens();
        QCOMPARE(int(issued.size()), issuedBefore + 4);
        const auto entry = [&](int i) {
            return issued.at(issuedBefore + i).toObject();
        };
        QCOMPARE(entry(0).value(u"token"_s).toString(), login.json.value(u"accessToken"_s).toString());
        QCOMPARE(entry(0).value(u"kind"_s).toString(), u"access"_s);
        QCOMPARE(entry(0).value(u"service"_s).toString(), u"7g"_s);
        QCOMPARE(entry(0).value(u"subject"_s).toString(), alice);
        QCOMPARE(entry(1).value(u"token"_s).toString(), login.json.value(u"refreshToken"_s).toString());
        QCOMPARE(entry(1).value(u"kind"_s).toString(), u"refresh"_s);
        QCOMPARE(entry(2).value(u"token"_s).toString(), refreshed.json.value(u"accessToken"_s).toString());
        QCOMPARE(entry(3).value(u"token"_s).toString(), refreshed.json.value(u"refreshToken"_s).toString());

        // Every API request with its query; the control requests are not in it.
        const QJsonArray seen = m_api->requestLog();
        QCOMPARE(int(seen.size()), seenBefore + 3);
        const auto target = [&](int i) {
            return seen.at(seenBefore + i).toObject().value(u"target"_s).toString();
        };
        QCOMPARE(target(0), u"/User/Login"_s);
        QCOMPARE(seen.at(seenBefore).toObject().value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(target(1), u"/User/RefreshToken"_s);
        QCOMPARE(target(2), u"/Common/Lookup?Name=info"_s);
        QCOMPARE(seen.at(seenBefore + 2).toObject().value(u"method"_s).toString(), u"GET"_s);
    }

    void refreshRequiresHeaders()
    {
        const HttpResult login = sevenGLogin(alice, alicePassword);
        const QJsonObject body { { u"refreshToken"_s, login.json.value(u"refreshToken"_s) } };
        HttpResult r
            = finish(m_nam.post(sevenGRequest(u"/User/RefreshToken"_s, {}), QJsonDocument(body).toJson()));
        QCOMPARE(r.status, 400);
        // A refused request does not use the token up.
        r = finish(m_nam.post(sevenGRequest(u"/User/RefreshToken"_s), QJsonDocument(body).toJson()));
        QCOMPARE(r.status, 200);
    }

    void bizEntityWithRawToken()
    {
        const QByteArray access
            = sevenGLogin(alice, alicePassword).json.value(u"accessToken"_s).toString().toLatin1();
        HttpResult r = bizEntity(access);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"result"_s).toBool(), true);
        QCOMPARE(r.json.value(u"recordCount"_s).toInt(), 1);
        QVERIFY(r.json.contains(u"message"_s));
        QCOMPARE(r.json.value(u"data"_s)[u"bizEntityID"_s].toInt(), 12345);

        // Errors can come as HTTP 200 with "result": false.
        r = bizEntity(access, u"999999"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"result"_s).toBool(true), false);
        QVERIFY(!r.json.value(u"message"_s).toString().isEmpty());
        QCOMPARE(bizEntity(access, u"abc"_s).json.value(u"result"_s).toBool(true), false);
    }

    void bizEntityRefusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << u"none"_s << 401;
        QTest::newRow("bearer prefix") << u"bearer"_s << 401;
        QTest::newRow("garbage") << u"garbage"_s << 401;
        QTest::newRow("tampered") << u"tampered"_s << 401;
        QTest::newRow("d7 token") << u"d7"_s << 401;
        QTest::newRow("no version header") << u"noversion"_s << 400;
    }

    void bizEntityRefusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        const QByteArray access
            = sevenGLogin(alice, alicePassword).json.value(u"accessToken"_s).toString().toLatin1();
        HttpResult r;
        if (kind == "none"_L1) {
            r = bizEntity({});
        } else if (kind == "bearer"_L1) {
            r = bizEntity("Bearer " + access);
        } else if (kind == "garbage"_L1) {
            r = bizEntity("garbage");
        } else if (kind == "tampered"_L1) {
            QByteArray tampered = access;
            tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == 'A' ? 'B' : 'A';
            r = bizEntity(tampered);
        } else if (kind == "d7"_L1) {
            r = bizEntity(
                d7LoginUrlEncoded(appOne, appOneSecret).json.value(u"access_token"_s).toString().toLatin1());
        } else {
            QNetworkRequest request = sevenGRequest(u"/BizEntity?bizEntityID=1"_s, {}, {});
            request.setRawHeader("Authorization", access);
            r = finish(m_nam.get(request));
        }
        QCOMPARE(r.status, status);
        QCOMPARE(r.json.value(u"result"_s).toBool(true), false);
    }

    void d7Login_data()
    {
        QTest::addColumn<bool>("multipart");
        QTest::newRow("multipart/form-data") << true;
        QTest::newRow("x-www-form-urlencoded") << false;
    }

    void d7Login()
    {
        QFETCH(bool, multipart);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const HttpResult r = multipart
            ? d7LoginMultipart({ { u"client_id"_s, appOne }, { u"client_secret"_s, appOneSecret } })
            : d7LoginUrlEncoded(appOne, appOneSecret);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"token_type"_s).toString(), u"bearer"_s);
        const QString token = r.json.value(u"access_token"_s).toString();
        QVERIFY(token.startsWith("eyJ"_L1));
        const QJsonObject payload = jwtPart(token, 1);
        QCOMPARE(payload.value(u"sub"_s).toString(), appOne);
        QVERIFY(payload.value(u"iat"_s).toInteger() >= before);
        QCOMPARE(payload.value(u"exp"_s).toInteger(), payload.value(u"iat"_s).toInteger() + 3600);
        QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), 1);
    }

    void d7LoginErrors_data()
    {
        QTest::addColumn<bool>("multipart");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        for (bool multipart : { true, false }) {
            const char *kind = multipart ? "multipart" : "urlencoded";
            QTest::addRow("%s unknown app", kind)
                << multipart << u"no-such-app"_s << u"x"_s << 404 << u"APPLICATION_NOT_EXISTS"_s;
            QTest::addRow("%s wrong secret", kind)
                << multipart << appOne << u"wrong"_s << 401 << u"INVALID_CLIENT_SECRET"_s;
            QTest::addRow("%s no secret", kind)
                << multipart << appOne << QString() << 422 << u"client_secret"_s;
            QTest::addRow("%s no id", kind)
                << multipart << QString() << appOneSecret << 422 << u"client_id"_s;
        }
    }

    void d7LoginErrors()
    {
        QFETCH(bool, multipart);
        QFETCH(QString, clientId);
        QFETCH(QString, secret);
        QFETCH(int, status);
        QFETCH(QString, code);
        QList<QPair<QString, QString>> fields;
        if (!clientId.isNull())
            fields.append({ u"client_id"_s, clientId });
        if (!secret.isNull())
            fields.append({ u"client_secret"_s, secret });
        HttpResult r;
        if (multipart) {
            r = d7LoginMultipart(fields);
        } else {
            QUrlQuery form;
            for (const auto &[name, value] : fields)
                form.addQueryItem(name, value);
            QNetworkRequest request(m_api->url(u"/auth/v1/login/application"_s));
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
            r = finish(m_nam.post(request, form.toString(QUrl::FullyEncoded).toLatin1()));
        }
        QCOMPARE(r.status, status);
        QVERIFY2(r.jsonOk, r.body.constData());
        if (status == 422) {
            const QJsonArray detail = r.json.value(u"detail"_s).toArray();
            QCOMPARE(detail.size(), 1);
            const QJsonObject entry = detail.at(0).toObject();
            QCOMPARE(entry.value(u"loc"_s).toArray(), (QJsonArray { u"body"_s, code }));
            QCOMPARE(entry.value(u"msg"_s).toString(), u"field required"_s);
            QCOMPARE(entry.value(u"type"_s).toString(), u"value_error.missing"_s);
        } else {
            QCOMPARE(r.json.value(u"detail"_s)[u"code"_s].toString(), code);
            QVERIFY(!r.json.value(u"detail"_s)[u"message"_s].toString().isEmpty());
        }
        if (status == 404)
            QCOMPARE(r.json.value(u"detail"_s)[u"message"_s].toString(), u"Application not exists"_s);
        QVERIFY(!r.json.contains(u"access_token"_s));
    }

    void balanceWithBearer()
    {
        const QByteArray token
            = d7LoginUrlEncoded(appOne, appOneSecret).json.value(u"access_token"_s).toString().toLatin1();
        HttpResult r = balance("Bearer " + token);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(u"balance"_s).isDouble());

        QByteArray tampered = token;
        tampered[tampered.size() - 3] = tampered.at(tampered.size() - 3) == 'A' ? 'B' : 'A';
        r = balance("Bearer " + tampered);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json.value(u"detail"_s)[u"code"_s].toString(),
                 u"ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED"_s);

        // The raw token without the scheme, or nothing: FastAPI's string detail.
        r = balance(token);
        QCOMPARE(r.status, 403);
        QVERIFY(r.json.value(u"detail"_s).isString());
        QCOMPARE(balance({}).status, 403);
    }

    void lockoutAfterThreeFailures()
    {
        const QString user = u"lock.test"_s;
        const QString password = u"lock-test-password"_s;
        QVERIFY(m_api->addSevenGUser(user, password));

        for (int i = 1; i <= 3; ++i) {
            const HttpResult r = sevenGLogin(user, u"wrong"_s);
            QCOMPARE(r.status, 401);
            QCOMPARE(m_api->counters().value(u"lockouts"_s).toInt(), i == 3 ? 1 : 0);
        }
        // Locked: even the right password is refused, and the refusal is counted.
        const HttpResult locked = sevenGLogin(user, password);
        QCOMPARE(locked.status, 401);
        QVERIFY(!locked.json.contains(u"accessToken"_s));
        QVERIFY(locked.json.value(u"message"_s).toString().contains(u"locked"_s));

        const QJsonObject counters = m_api->counters();
        QCOMPARE(counters.value(u"lockouts"_s).toInt(), 1);
        QCOMPARE(counters.value(u"lockedRefusals"_s).toInt(), 1);
        QCOMPARE(counters.value(u"loginFailures"_s).toInt(), 4);
        QCOMPARE(counters.value(u"logins"_s).toInt(), 0);
        const QJsonObject perUser = counters.value(u"sevengUsers"_s)[user].toObject();
        QCOMPARE(perUser.value(u"lockouts"_s).toInt(), 1);
        QCOMPARE(perUser.value(u"lockedRefusals"_s).toInt(), 1);

        // Other users are not affected.
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
    }

    void lockoutTwoFailuresDoNotLock()
    {
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
        // A success clears the failures: two more do not lock either.
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
        QCOMPARE(m_api->counters().value(u"lockouts"_s).toInt(), 0);
    }

    void lockoutWindowAndDuration()
    {
        QVERIFY(m_api->configure(
            { { u"lockoutWindow"_s, 2 }, { u"lockoutDuration"_s, 2 }, { u"lockoutStatus"_s, 423 } }));
        // Failures older than the window do not count.
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QTest::qWait(2300);
        QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);

        for (int i = 0; i < 3; ++i)
            QCOMPARE(sevenGLogin(alice, u"wrong"_s).status, 401);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 423);
        // The lock ends after lockoutDuration.
        QTest::qWait(2300);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
    }

    void loginFailureBodies_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("json") << u"json"_s << "application/json"_ba;
        QTest::newRow("empty") << u"empty"_s << QByteArray();
        QTest::newRow("html") << u"html"_s << "text/html"_ba;
    }

    void loginFailureBodies()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, contentType);
        QVERIFY(m_api->configure({ { u"loginFailureBody"_s, kind } }));
        const HttpResult r = sevenGLogin(alice, u"wrong"_s);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("Content-Type"), contentType);
        QCOMPARE(r.body.isEmpty(), contentType.isEmpty());
    }

    void revokeRefreshTokens()
    {
        m_api->revokeRefreshTokens(); // those left by earlier tests
        const QString aliceFirst = sevenGLogin(alice, alicePassword).json.value(u"refreshToken"_s).toString();
        const QString aliceSecond
            = sevenGLogin(alice, alicePassword).json.value(u"refreshToken"_s).toString();
        const QString bob
            = sevenGLogin(u"demo.bob"_s, u"bob-demo-password"_s).json.value(u"refreshToken"_s).toString();
        QVERIFY(!aliceFirst.isEmpty() && !aliceSecond.isEmpty() && !bob.isEmpty());

        QCOMPARE(m_api->revokeRefreshTokens(alice), 2);
        QCOMPARE(sevenGRefresh(aliceFirst).status, 401);
        QCOMPARE(sevenGRefresh(aliceSecond).status, 401);
        const HttpResult bobRefreshed = sevenGRefresh(bob);
        QCOMPARE(bobRefreshed.status, 200);

        QVERIFY(m_api->revokeRefreshTokens() >= 1);
        QCOMPARE(sevenGRefresh(bobRefreshed.json.value(u"refreshToken"_s).toString()).status, 401);
    }

    void refreshWithoutRotation()
    {
        QVERIFY(m_api->configure({ { u"rotateRefreshTokens"_s, false } }));
        const QString refresh = sevenGLogin(alice, alicePassword).json.value(u"refreshToken"_s).toString();
        for (int i = 0; i < 2; ++i) {
            const HttpResult r = sevenGRefresh(refresh);
            QCOMPARE(r.status, 200);
            QVERIFY(r.json.value(u"accessToken"_s).isString());
            QVERIFY(!r.json.contains(u"refreshToken"_s));
        }
    }

    void ttlChangesAtRunTime()
    {
        QVERIFY(m_api->configure({ { u"sevengTtl"_s, 20 }, { u"d7Ttl"_s, 45 } }));
        const QJsonObject seveng
            = jwtPart(sevenGLogin(alice, alicePassword).json.value(u"accessToken"_s).toString(), 1);
        QCOMPARE(seveng.value(u"exp"_s).toInteger(), seveng.value(u"iat"_s).toInteger() + 20);
        const QJsonObject d7
            = jwtPart(d7LoginUrlEncoded(appOne, appOneSecret).json.value(u"access_token"_s).toString(), 1);
        QCOMPARE(d7.value(u"exp"_s).toInteger(), d7.value(u"iat"_s).toInteger() + 45);
    }

    void expiredTokensAreRefused()
    {
        // A negative TTL issues tokens that are expired from the start.
        QVERIFY(m_api->configure({ { u"sevengTtl"_s, -5 }, { u"d7Ttl"_s, -5 } }));
        const QByteArray access
            = sevenGLogin(alice, alicePassword).json.value(u"accessToken"_s).toString().toLatin1();
        HttpResult r = bizEntity(access);
        QCOMPARE(r.status, 401);
        QVERIFY(r.json.value(u"message"_s).toString().contains(u"expired"_s));

        const QByteArray d7
            = d7LoginUrlEncoded(appOne, appOneSecret).json.value(u"access_token"_s).toString().toLatin1();
        r = balance("Bearer " + d7);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json.value(u"detail"_s)[u"code"_s].toString(), u"ACCESS_TOKEN_EXPIRED"_s);
    }

    void tokenFormats_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("jwt-noexp") << u"jwt-noexp"_s;
        QTest::newRow("opaque") << u"opaque"_s;
        QTest::newRow("opaque-quoted") << u"opaque-quoted"_s;
    }

    void tokenFormats()
    {
        QFETCH(QString, format);
        QVERIFY(m_api->configure({ { u"tokenFormat"_s, format } }));
        const QString access = sevenGLogin(alice, alicePassword).json.value(u"accessToken"_s).toString();
        const QString d7 = d7LoginUrlEncoded(appOne, appOneSecret).json.value(u"access_token"_s).toString();
        if (format.startsWith("opaque"_L1)) {
            QVERIFY(!access.contains(u'.'));
            QVERIFY(jwtPart(access, 1).isEmpty());
            // Printable ASCII without spaces, as a client accepts tokens.
            for (const QChar c : QString(access + d7))
                QVERIFY(c.unicode() > 0x20 && c.unicode() < 0x7f);
            const bool quoted = format == "opaque-quoted"_L1;
            for (const QChar c : QStringView(u"'\"$`\\"))
                QCOMPARE(access.contains(c) && d7.contains(c), quoted);
        } else {
            const QJsonObject payload = jwtPart(access, 1);
            QCOMPARE(payload.value(u"sub"_s).toString(), alice);
            QVERIFY(!payload.contains(u"exp"_s));
            QVERIFY(payload.contains(u"iat"_s));
        }
        // Either way the server accepts its own tokens, and only for their own service.
        QCOMPARE(bizEntity(access.toLatin1()).status, 200);
        QCOMPARE(balance("Bearer " + d7.toLatin1()).status, 200);
        QCOMPARE(balance("Bearer " + access.toLatin1()).status, 401);
    }

    void accountsAddedAtRunTime()
    {
        QCOMPARE(sevenGLogin(u"carol"_s, u"carol-pass"_s).status, 401);
        QVERIFY(m_api->addSevenGUser(u"carol"_s, u"carol-pass"_s));
        QCOMPARE(sevenGLogin(u"carol"_s, u"carol-pass"_s).status, 200);

        QCOMPARE(d7LoginUrlEncoded(u"app-three"_s, u"s3"_s).status, 404);
        QVERIFY(m_api->addD7App(u"app-three"_s, u"s3"_s));
        QCOMPARE(d7LoginUrlEncoded(u"app-three"_s, u"s3"_s).status, 200);
    }

    void faults_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("endpoint");
        for (const char *fault : { "503", "502html", "429", "drop", "slow", "truncated" }) {
            for (const char *endpoint : { "login", "refresh", "d7" })
                QTest::addRow("%s %s", fault, endpoint)
                    << QString::fromLatin1(fault) << QString::fromLatin1(endpoint);
        }
    }

    void faults()
    {
        QFETCH(QString, fault);
        QFETCH(QString, endpoint);
        const QString refresh = sevenGLogin(alice, alicePassword).json.value(u"refreshToken"_s).toString();
        QVERIFY(m_api->resetCounters());
        QVERIFY(m_api->configure({ { u"faultRate"_s, 1.0 },
                                   { u"faults"_s, QJsonArray { fault } },
                                   { u"seed"_s, 7 },
                                   { u"slowMs"_s, 600 },
                                   { u"retryAfter"_s, 3 } }));

        QElapsedTimer timer;
        timer.start();
        HttpResult r;
        if (endpoint == "login"_L1)
            r = sevenGLogin(alice, alicePassword);
        else if (endpoint == "refresh"_L1)
            r = sevenGRefresh(refresh);
        else
            r = d7LoginMultipart({ { u"client_id"_s, appOne }, { u"client_secret"_s, appOneSecret } });
        const qint64 elapsed = timer.elapsed();

        if (fault == "503"_L1) {
            QCOMPARE(r.status, 503);
            QVERIFY(r.body.isEmpty());
        } else if (fault == "502html"_L1) {
            QCOMPARE(r.status, 502);
            QVERIFY(r.header("Content-Type").startsWith("text/html"));
            QVERIFY(r.body.contains("<html>"));
            QVERIFY(!r.jsonOk);
        } else if (fault == "429"_L1) {
            QCOMPARE(r.status, 429);
            QCOMPARE(r.header("Retry-After"), "3"_ba);
        } else if (fault == "drop"_L1) {
            QCOMPARE(r.status, 0);
            QVERIFY2(r.error != QNetworkReply::NoError, qPrintable(r.errorString));
            QVERIFY(r.body.isEmpty());
        } else if (fault == "slow"_L1) {
            QCOMPARE(r.status, 200);
            QVERIFY2(elapsed >= 550, qPrintable(QString::number(elapsed)));
        } else if (fault == "truncated"_L1) {
            QCOMPARE(r.status, 200);
            QVERIFY(!r.body.isEmpty());
            QVERIFY(!r.jsonOk);
        }

        const QJsonObject counters = m_api->counters();
        QVERIFY(counters.value(u"faults"_s)[fault].toInt() >= 1);
        QCOMPARE(counters.value(u"faultsInjected"_s).toInt(), counters.value(u"faults"_s)[fault].toInt());
        // Only "slow" lets the request through; the others never reach the service.
        const int served = counters.value(u"logins"_s).toInt() + counters.value(u"refreshes"_s).toInt()
            + counters.value(u"d7Logins"_s).toInt();
        QCOMPARE(served, fault == "slow"_L1 ? 1 : 0);
        if (endpoint == "refresh"_L1 && fault != "slow"_L1) {
            // The refresh token was not used up by the failed attempt.
            QVERIFY(m_api->configure({ { u"faultRate"_s, 0.0 } }));
            QCOMPARE(sevenGRefresh(refresh).status, 200);
        }

        // Faults are for token endpoints only.
        QVERIFY(m_api->configure({ { u"faultRate"_s, 1.0 } }));
        QCOMPARE(finish(m_nam.get(QNetworkRequest(m_api->url(u"/Common/HealthCheck"_s)))).status, 200);
    }

    void faultsAreDeterministicForASeed()
    {
        auto run = [this](int seed) {
            m_api->configure({ { u"faultRate"_s, 0.5 }, { u"faults"_s, u"503,429"_s }, { u"seed"_s, seed } });
            QList<int> statuses;
            for (int i = 0; i < 16; ++i)
                statuses.append(d7LoginUrlEncoded(appOne, appOneSecret).status);
            return statuses;
        };
        const QList<int> first = run(1234);
        const QList<int> again = run(1234);
        const QList<int> other = run(99);
        QCOMPARE(again, first);
        QVERIFY(first != other);
        QVERIFY(first.contains(200));
        QVERIFY(first.contains(503));
        QVERIFY(first.contains(429));
    }

    void concurrentTokenRequestsAreCounted()
    {
        QVERIFY(
            m_api->configure({ { u"faultRate"_s, 1.0 }, { u"faults"_s, u"slow"_s }, { u"slowMs"_s, 2500 } }));
        QList<QNetworkReply *> replies;
        const QJsonObject aliceBody { { u"username"_s, alice }, { u"password"_s, alicePassword } };
        const QJsonObject bobBody { { u"username"_s, u"demo.bob"_s },
                                    { u"password"_s, u"bob-demo-password"_s } };
        for (int i = 0; i < 3; ++i)
            replies.append(m_nam.post(sevenGRequest(u"/User/Login"_s), QJsonDocument(aliceBody).toJson()));
        for (int i = 0; i < 2; ++i)
            replies.append(m_nam.post(sevenGRequest(u"/User/Login"_s), QJsonDocument(bobBody).toJson()));

        // While they wait, the control endpoint still answers and sees them in flight.
        QTRY_COMPARE_WITH_TIMEOUT(m_api->counters().value(u"inFlight"_s).toInt(), 5, 2300);
        QJsonObject counters = m_api->counters();
        QCOMPARE(counters.value(u"sevengUsers"_s)[alice][u"inFlight"_s].toInt(), 3);

        for (QNetworkReply *reply : replies)
            QCOMPARE(finish(reply).status, 200);
        counters = m_api->counters();
        QCOMPARE(counters.value(u"inFlight"_s).toInt(), 0);
        QCOMPARE(counters.value(u"maxConcurrentPerAccount"_s).toInt(), 3);
        QCOMPARE(counters.value(u"sevengUsers"_s)[alice][u"maxConcurrent"_s].toInt(), 3);
        QCOMPARE(counters.value(u"sevengUsers"_s)[u"demo.bob"_s][u"maxConcurrent"_s].toInt(), 2);
        QCOMPARE(counters.value(u"logins"_s).toInt(), 5);

        // One request after another never overlaps.
        QVERIFY(m_api->resetCounters());
        QVERIFY(m_api->configure({ { u"slowMs"_s, 100 } }));
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
        QCOMPARE(sevenGLogin(alice, alicePassword).status, 200);
        QCOMPARE(m_api->counters().value(u"maxConcurrentPerAccount"_s).toInt(), 1);
    }

    void delayAppliesToTokenEndpoints()
    {
        QVERIFY(m_api->configure({ { u"delayMs"_s, 400 } }));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(d7LoginUrlEncoded(appOne, appOneSecret).status, 200);
        QVERIFY(timer.elapsed() >= 350);
    }

    void controlEndpoint()
    {
        FakeApiProcess::ControlReply r = m_api->control(u"/_control/health"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.value(u"status"_s).toString(), u"ok"_s);

        const QJsonObject bad { { u"faultRate"_s, 3 } };
        r = m_api->control(u"/_control/config"_s, &bad);
        QCOMPARE(r.status, 400);
        QVERIFY(!r.body.value(u"error"_s).toString().isEmpty());
        const QJsonObject typo { { u"sevengTTL"_s, 3 } };
        QCOMPARE(m_api->control(u"/_control/config"_s, &typo).status, 400);
        QCOMPARE(m_api->config(), m_defaultConfig);

        QCOMPARE(m_api->control(u"/_control/nothing"_s).status, 404);
        // The control endpoint never hands out credentials or tokens.
        QVERIFY(!QJsonDocument(m_api->counters()).toJson().contains(alicePassword.toUtf8()));
        QVERIFY(!QJsonDocument(m_api->config()).toJson().contains(alicePassword.toUtf8()));
    }

    void unknownPathsAndMethods()
    {
        QCOMPARE(finish(m_nam.get(QNetworkRequest(m_api->url(u"/nothing/here"_s)))).status, 404);
        QCOMPARE(finish(m_nam.get(sevenGRequest(u"/User/Login"_s))).status, 405);
    }

    void httpsWithTestCa()
    {
        TestCa ca;
        QVERIFY2(ca.create(), qPrintable(ca.errorString()));
        FakeApiProcess tls;
        QVERIFY2(tls.start({ u"--demo"_s, u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s,
                             ca.serverKeyPath() }),
                 qPrintable(tls.errorString()));
        QCOMPARE(tls.baseUrl().scheme(), u"https"_s);

        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.setCaCertificates(QSslCertificate::fromPath(ca.caPath()));
        for (const QString &host : { u"127.0.0.1"_s, u"localhost"_s }) {
            QUrl url = tls.url(u"/Common/HealthCheck"_s);
            url.setHost(host);
            QNetworkRequest request(url);
            request.setSslConfiguration(trusting);
            const HttpResult r = finish(m_nam.get(request));
            QVERIFY2(r.error == QNetworkReply::NoError, qPrintable(host + u": "_s + r.errorString));
            QCOMPARE(r.status, 200);
        }

        QNetworkRequest login(tls.url(u"/auth/v1/login/application"_s));
        login.setSslConfiguration(trusting);
        login.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
        QCOMPARE(finish(m_nam.post(login, "client_id=demo-app-one&client_secret=demo-secret-one")).status,
                 200);

        // Without the CA the certificate is not trusted. A fresh manager, because a cached
        // connection would be reused without a new handshake.
        QNetworkAccessManager fresh;
        QNetworkRequest untrusted(tls.url(u"/Common/HealthCheck"_s));
        QNetworkReply *reply = fresh.get(untrusted);
        QSignalSpy sslErrors(reply, &QNetworkReply::sslErrors);
        const HttpResult r = finish(reply);
        QCOMPARE(r.error, QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(r.status, 0);
        QVERIFY(!sslErrors.isEmpty());

        // The control endpoint is served over the same HTTPS port.
        QVERIFY(tls.counters().isEmpty());
        tls.setTrustedCa(ca.caPath());
        QCOMPARE(tls.counters().value(u"d7Logins"_s).toInt(), 1);
        QVERIFY(tls.stop());
        QCOMPARE(tls.exitCode(), 0);
    }

    void listensOnIpv6Loopback()
    {
        FakeApiProcess v6;
        if (!v6.start({ u"--listen"_s, u"::1"_s, u"--demo"_s })) {
            if (v6.errorString().contains(u"cannot listen"_s))
                QSKIP("IPv6 loopback is not available here");
            QFAIL(qPrintable(v6.errorString()));
        }
        QCOMPARE(v6.baseUrl().host(), u"::1"_s);
        QVERIFY(v6.baseUrl().toString().startsWith(u"http://[::1]:"_s));
        QCOMPARE(finish(m_nam.get(QNetworkRequest(v6.url(u"/Common/HealthCheck"_s)))).status, 200);
        QCOMPARE(v6.counters().value(u"requests"_s).toInt(), 1);
    }

    void refusesNonLoopbackListen()
    {
        FakeApiProcess wide;
        QVERIFY(!wide.start({ u"--listen"_s, u"0.0.0.0"_s }));
        QVERIFY(wide.errorString().contains(u"loopback"_s));
    }

    void startLineAndSignals_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }

    void startLineAndSignals()
    {
        QFETCH(int, signalNumber);
        QProcess process;
        process.start(qEnvironmentVariable("TOKENTRAY_FAKEAPI"), { u"--demo"_s, u"--delay-ms"_s, u"5000"_s });
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QByteArray line = process.readLine();
        // Exactly one JSON line, keys in the documented order.
        QVERIFY2(line.startsWith("{\"port\":"), line.constData());
        QVERIFY(line.endsWith("}\n"));
        const QJsonObject started = QJsonDocument::fromJson(line).object();
        const int port = started.value(u"port"_s).toInt();
        QCOMPARE(started.value(u"baseUrl"_s).toString(), u"http://127.0.0.1:%1"_s.arg(port));
        QCOMPARE(started.value(u"pid"_s).toInteger(), process.processId());

        // A reply still waiting does not keep the server from stopping.
        QUrl url(u"http://127.0.0.1/User/Login"_s);
        url.setPort(port);
        QNetworkRequest request(url);
        request.setRawHeader("Content-Type", "application/json");
        request.setRawHeader("Version", "2.0");
        QNetworkReply *pending = m_nam.post(request, R"({"username":"demo.alice","password":"x"})");
        QUrl countersUrl = url;
        countersUrl.setPath(u"/_control/counters"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            finish(m_nam.get(QNetworkRequest(countersUrl))).json.value(u"inFlight"_s).toInt(), 1, 5000);

        ::kill(static_cast<pid_t>(process.processId()), signalNumber);
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        pending->abort();
        pending->deleteLater();
    }

    void helpAndBadArguments()
    {
        QProcess process;
        process.start(qEnvironmentVariable("TOKENTRAY_FAKEAPI"), { u"--help"_s });
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray help = process.readAllStandardOutput();
        for (const char *needle : { "demo.alice", "alice-demo-password", "demo-app-one", "demo-secret-one",
                                    "--seveng-ttl", "--fault-rate", "--tls-cert" })
            QVERIFY2(help.contains(needle), needle);

        for (const QStringList &args :
             { QStringList { u"--fault-rate"_s, u"2"_s }, QStringList { u"--faults"_s, u"boom"_s },
               QStringList { u"--seveng-user"_s, u"nocolon"_s },
               QStringList { u"--tls-cert"_s, u"x.pem"_s } }) {
            process.start(qEnvironmentVariable("TOKENTRAY_FAKEAPI"), args);
            QVERIFY(process.waitForFinished(10000));
            QCOMPARE(process.exitCode(), 2);
            QVERIFY(process.readAllStandardOutput().isEmpty());
            QVERIFY(!process.readAllStandardError().isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(FakeApiTest)
#include "tst_fakeapi.moc"
