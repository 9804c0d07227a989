// End-to-end tests of tokentray-fakeapi: the real server process over loopback,
// driven with QNetworkAccessManager as the application will drive it.
#include "fakeapiprocess.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

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
        QVERIFY(m_api->resetCounters());
        QVERIFY(m_api->unlock());
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
};

QTEST_GUILESS_MAIN(FakeApiTest)
#include "tst_fakeapi.moc"
