#include "demoserver/fakeapiserver.h"

#include "demoserver/formdata.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFakeApi, "tokentray.fakeapi")

namespace {

constexpr int maxBizEntityId = 99999;

const QByteArray badGatewayPage = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                                  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
                                  "</body></html>\n";

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}

QJsonObject d7Detail(const QString &code, const QString &message)
{
    return QJsonObject { { u"detail"_s, QJsonObject { { u"code"_s, code }, { u"message"_s, message } } } };
}

// Client ids are half of a credential: log only enough to tell accounts apart.
QString maskedClientId(const QString &clientId)
{
    return clientId.size() <= 4 ? u"****"_s : clientId.left(4) + u"…"_s;
}

QJsonObject parseJsonObject(const QByteArray &body, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

QJsonObject statsToJson(int logins, int loginFailures, int lockouts, int lockedRefusals, int refreshes,
                        int refreshFailures, int faults, int inFlight, int maxConcurrent)
{
    return QJsonObject {
        { u"logins"_s, logins },
        { u"loginFailures"_s, loginFailures },
        { u"lockouts"_s, lockouts },
        { u"lockedRefusals"_s, lockedRefusals },
        { u"refreshes"_s, refreshes },
        { u"refreshFailures"_s, refreshFailures },
        { u"faults"_s, faults },
        { u"inFlight"_s, inFlight },
        { u"maxConcurrent"_s, maxConcurrent },
    };
}

} // namespace

FakeApiServer::FakeApiServer(const FakeApiConfig &config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(config)
    , m_jwt(JwtCodec::withRandomKey())
{
    m_faults.configure(m_config.faultRate, m_config.faults, m_config.seed);
    m_monotonic.start();
}

FakeApiServer::~FakeApiServer() = default;

void FakeApiServer::addSevenGUser(const QString &username, const QString &password)
{
    m_sevengPasswords.insert(username, password);
    m_locks.remove(username);
}

void FakeApiServer::addD7App(const QString &clientId, const QString &clientSecret)
{
    m_d7Secrets.insert(clientId, clientSecret);
}

bool FakeApiServer::enableTls(const QString &certificatePath, const QString &keyPath, QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = u"cannot read a PEM certificate from %1"_s.arg(certificatePath);
        return false;
    }
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = u"cannot open the key file %1"_s.arg(keyPath);
        return false;
    }
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = u"cannot read an RSA or EC private key from %1"_s.arg(keyPath);
        return false;
    }
    sslSetup(chain.constFirst(), key);
    m_tls = true;
    return true;
}

bool FakeApiServer::isControlPeerAllowed(const QHostAddress &peer)
{
    if (peer.isLoopback())
        return true;
    // An IPv4 loopback peer seen through a dual-stack socket.
    bool isV4 = false;
    const QHostAddress v4(peer.toIPv4Address(&isV4));
    return isV4 && v4.isLoopback();
}

QByteArray FakeApiServer::header(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

bool FakeApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    const auto method = request.method();
    const bool close = header(request, "Connection").compare("close", Qt::CaseInsensitive) == 0;
    const bool get = method == QHttpServerRequest::Method::Get;
    const bool post = method == QHttpServerRequest::Method::Post;

    auto answer = [&](const HttpReply &reply) {
        send(socket, reply, close);
    };
    auto methodNotAllowed = [&]() {
        answer(HttpReply::json(405, QJsonDocument(QJsonObject { { u"detail"_s, u"Method Not Allowed"_s } })));
    };

    if (path.startsWith("/_control/"_L1)) {
        if (!isControlPeerAllowed(request.remoteAddress())) {
            ++m_counters.controlRefused;
            answer(HttpReply::json(
                403,
                QJsonDocument(QJsonObject { { u"error"_s, u"the control endpoint is loopback-only"_s } })));
            return true;
        }
        answer(control(request));
        return true;
    }

    ++m_counters.requests; // API requests only, so that polling the counters does not change them
    recordRequest(request);

    if (path == "/User/Login"_L1) {
        if (!post)
            methodNotAllowed();
        else
            handleTokenRequest(TokenEndpoint::SevenGLogin, request, socket);
    } else if (path == "/User/RefreshToken"_L1) {
        if (!post)
            methodNotAllowed();
        else
            handleTokenRequest(TokenEndpoint::SevenGRefresh, request, socket);
    } else if (path == "/auth/v1/login/application"_L1) {
        if (!post)
            methodNotAllowed();
        else
            handleTokenRequest(TokenEndpoint::D7Login, request, socket);
    } else if (path == "/Common/HealthCheck"_L1) {
        get ? answer(sevenGHealthCheck()) : methodNotAllowed();
    } else if (path == "/Common/Lookup"_L1) {
        get ? answer(sevenGLookup(request)) : methodNotAllowed();
    } else if (path == "/BizEntity"_L1) {
        get ? answer(sevenGBizEntity(request)) : methodNotAllowed();
    } else if (path == "/messages/v1/balance"_L1) {
        get ? answer(d7Balance(request)) : methodNotAllowed();
    } else {
        answer(HttpReply::json(404, QJsonDocument(QJsonObject { { u"detail"_s, u"Not Found"_s } })));
    }
    return true;
}

void FakeApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; this only runs if that ever changes.
    Q_UNUSED(request);
    send(socket, HttpReply::json(404, QJsonDocument(QJsonObject { { u"detail"_s, u"Not Found"_s } })), true);
}

FakeApiServer::InFlight FakeApiServer::accountOf(TokenEndpoint endpoint,
                                                 const QHttpServerRequest &request) const
{
    bool ok = false;
    switch (endpoint) {
    case TokenEndpoint::SevenGLogin: {
        const QJsonObject body = parseJsonObject(request.body(), &ok);
        return { Service::SevenG, body.value(u"username"_s).toString() };
    }
    case TokenEndpoint::SevenGRefresh: {
        const QJsonObject body = parseJsonObject(request.body(), &ok);
        const auto it = m_refreshTokens.constFind(body.value(u"refreshToken"_s).toString());
        return { Service::SevenG, it == m_refreshTokens.cend() ? QString() : it->username };
    }
    case TokenEndpoint::D7Login: {
        const auto fields = FormData::parse(header(request, "Content-Type"), request.body());
        return { Service::D7, fields.value(u"client_id"_s) };
    }
    }
    return {};
}

void FakeApiServer::handleTokenRequest(TokenEndpoint endpoint, const QHttpServerRequest &request,
                                       QTcpSocket *socket)
{
    const InFlight account = accountOf(endpoint, request);
    beginInFlight(account);

    // A fault stands for a broken proxy or an overloaded gateway: the request never
    // reaches the service, so no state changes (except for "slow", which is served).
    const FaultInjector::Kind fault = m_faults.next();
    int delayMs = m_config.delayMs;
    HttpReply reply;
    if (fault != FaultInjector::Kind::None) {
        ++m_counters.faults[FaultInjector::name(fault)];
        if (!account.account.isEmpty())
            ++stats(account.service, account.account).faults;
        qCInfo(lcFakeApi, "injecting fault %s on %s", qUtf8Printable(FaultInjector::name(fault)),
               qUtf8Printable(request.url().path()));
    }
    if (fault == FaultInjector::Kind::None || fault == FaultInjector::Kind::Slow) {
        switch (endpoint) {
        case TokenEndpoint::SevenGLogin:
            reply = sevenGLogin(request);
            break;
        case TokenEndpoint::SevenGRefresh:
            reply = sevenGRefresh(request);
            break;
        case TokenEndpoint::D7Login:
            reply = d7Login(request);
            break;
        }
        if (fault == FaultInjector::Kind::Slow)
            delayMs += m_config.slowMs;
    } else {
        reply = faultReply(fault, endpoint != TokenEndpoint::D7Login);
    }

    const bool close = reply.action == HttpReply::Action::Drop
        || header(request, "Connection").compare("close", Qt::CaseInsensitive) == 0;
    deliver(socket, reply, delayMs, close, [this, account]() { endInFlight(account); });
}

HttpReply FakeApiServer::faultReply(FaultInjector::Kind kind, bool sevenG) const
{
    switch (kind) {
    case FaultInjector::Kind::ServiceUnavailable:
        return HttpReply::raw(503, {}, {});
    case FaultInjector::Kind::BadGatewayHtml:
        return HttpReply::raw(502, "text/html", badGatewayPage);
    case FaultInjector::Kind::TooManyRequests: {
        HttpReply reply = HttpReply::json(
            429, QJsonDocument(QJsonObject { { u"detail"_s, u"Too many requests, slow down"_s } }));
        reply.headers.append({ "Retry-After", QByteArray::number(m_config.retryAfter) });
        return reply;
    }
    case FaultInjector::Kind::Drop:
        return HttpReply::drop();
    case FaultInjector::Kind::Truncated: {
        // Looks like the start of a real success body, cut in the middle of the token.
        const QByteArray full = sevenG
            ? R"({"accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIi)"_ba
            : R"({"access_token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIi)"_ba;
        return HttpReply::raw(200, "application/json", full);
    }
    case FaultInjector::Kind::Slow:
    case FaultInjector::Kind::None:
        break;
    }
    return HttpReply::raw(500, {}, {});
}

HttpReply FakeApiServer::sevenGEnvelope(int status, bool result, const QString &message,
                                        const QJsonValue &data, int recordCount)
{
    return HttpReply::json(status,
                           QJsonDocument(QJsonObject {
                               { u"result"_s, result },
                               { u"message"_s, message },
                               { u"recordCount"_s, recordCount },
                               { u"data"_s, data },
                           }));
}

std::optional<HttpReply> FakeApiServer::checkSevenGHeaders(const QHttpServerRequest &request, bool needJson)
{
    QString problem;
    const QByteArray contentType
        = header(request, "Content-Type").split(';').constFirst().trimmed().toLower();
    if (needJson && contentType != "application/json")
        problem = u"Content-Type must be application/json."_s;
    else if (header(request, "Version") != "2.0")
        problem = u"The Version header must be 2.0."_s;
    if (problem.isEmpty())
        return std::nullopt;
    ++m_counters.badRequests;
    return sevenGEnvelope(400, false, problem);
}

HttpReply FakeApiServer::sevenGLoginFailure(int status, const QString &message) const
{
    switch (m_config.loginFailureBody) {
    case FakeApiConfig::FailureBody::Json:
        return sevenGEnvelope(status, false, message);
    case FakeApiConfig::FailureBody::Empty:
        return HttpReply::raw(status, {}, {});
    case FakeApiConfig::FailureBody::Html:
        return HttpReply::raw(status, "text/html",
                              "<html><body><h1>Access denied</h1><p>" + message.toHtmlEscaped().toUtf8()
                                  + "</p></body></html>");
    }
    return HttpReply::raw(status, {}, {});
}

HttpReply FakeApiServer::sevenGLogin(const QHttpServerRequest &request)
{
    if (auto bad = checkSevenGHeaders(request, true))
        return *bad;
    bool ok = false;
    const QJsonObject body = parseJsonObject(request.body(), &ok);
    const QString username = body.value(u"username"_s).toString();
    const QJsonValue password = body.value(u"password"_s);
    if (!ok || username.isEmpty() || !password.isString()) {
        ++m_counters.badRequests;
        return sevenGEnvelope(400, false, u"The body must be a JSON object with username and password."_s);
    }

    AccountStats &account = stats(Service::SevenG, username);
    LockState &lock = m_locks[username];
    const qint64 nowMs = m_monotonic.elapsed();
    const auto lockedReply = [this](qint64 leftMs) {
        if (!m_config.lockTimeInReply)
            return sevenGLoginFailure(m_config.lockoutStatus,
                                      u"The account is locked after too many failed sign-in attempts. "
                                      "Try again later."_s);
        const qint64 seconds = std::max<qint64>(1, (leftMs + 999) / 1000);
        HttpReply reply = sevenGLoginFailure(
            m_config.lockoutStatus,
            u"The account is locked after too many failed sign-in attempts. Try again in %1 minutes."_s.arg(
                (seconds + 59) / 60));
        reply.headers.append({ "Retry-After", QByteArray::number(seconds) });
        return reply;
    };
    if (m_config.rejectAs != FakeApiConfig::RejectAs::None) {
        ++m_counters.loginFailures;
        ++account.loginFailures;
        qCInfo(lcFakeApi, "login for user %s refused as %s", qUtf8Printable(username),
               qUtf8Printable(FakeApiConfig::rejectAsName(m_config.rejectAs)));
        switch (m_config.rejectAs) {
        case FakeApiConfig::RejectAs::Locked:
            ++m_counters.lockedRefusals;
            ++account.lockedRefusals;
            return lockedReply(qint64(m_config.lockoutDuration) * 1000);
        case FakeApiConfig::RejectAs::AllowList:
            return sevenGLoginFailure(403,
                                      u"Sign-in from IP address %1 is not allowed for this user."_s.arg(
                                          request.remoteAddress().toString()));
        case FakeApiConfig::RejectAs::Disabled:
            return sevenGLoginFailure(403, u"The user account is disabled."_s);
        case FakeApiConfig::RejectAs::Unknown:
        case FakeApiConfig::RejectAs::None:
            break;
        }
        return sevenGLoginFailure(403, u"Request denied."_s);
    }
    if (lock.lockedUntilMs > nowMs) {
        ++m_counters.loginFailures;
        ++m_counters.lockedRefusals;
        ++account.loginFailures;
        ++account.lockedRefusals;
        qCInfo(lcFakeApi, "login refused for locked user %s", qUtf8Printable(username));
        return lockedReply(lock.lockedUntilMs - nowMs);
    }

    const auto known = m_sevengPasswords.constFind(username);
    if (known != m_sevengPasswords.cend() && *known == password.toString()) {
        lock.failuresMs.clear();
        ++m_counters.logins;
        ++account.logins;
        qCInfo(lcFakeApi, "login ok for user %s", qUtf8Printable(username));
        const QJsonObject reply {
            { u"accessToken"_s, QString::fromLatin1(issueAccessToken(Service::SevenG, username)) },
            { u"refreshToken"_s, issueRefreshToken(username) },
        };
        return HttpReply::json(200, QJsonDocument(reply));
    }

    const qint64 windowStart = nowMs - qint64(m_config.lockoutWindow) * 1000;
    lock.failuresMs.removeIf([windowStart](qint64 t) { return t <= windowStart; });
    lock.failuresMs.append(nowMs);
    ++m_counters.loginFailures;
    ++account.loginFailures;
    if (lock.failuresMs.size() >= m_config.lockoutThreshold) {
        lock.failuresMs.clear();
        lock.lockedUntilMs = nowMs + qint64(m_config.lockoutDuration) * 1000;
        ++m_counters.lockouts;
        ++account.lockouts;
        qCInfo(lcFakeApi, "user %s is now locked out", qUtf8Printable(username));
    } else {
        qCInfo(lcFakeApi, "login failed for user %s", qUtf8Printable(username));
    }
    return sevenGLoginFailure(401, u"Invalid username or password."_s);
}

HttpReply FakeApiServer::sevenGRefresh(const QHttpServerRequest &request)
{
    if (auto bad = checkSevenGHeaders(request, true))
        return *bad;
    if (header(request, "Authorization").isEmpty())
        ++m_counters.refreshWithoutAuthorization;
    else
        ++m_counters.refreshWithAuthorization;

    bool ok = false;
    const QJsonObject body = parseJsonObject(request.body(), &ok);
    const QString refreshToken = body.value(u"refreshToken"_s).toString();
    if (!ok || refreshToken.isEmpty()) {
        ++m_counters.badRequests;
        return sevenGEnvelope(400, false, u"The body must be a JSON object with refreshToken."_s);
    }

    const auto it = m_refreshTokens.constFind(refreshToken);
    if (it == m_refreshTokens.cend() || it->expiresAt <= nowSecs()) {
        ++m_counters.refreshFailures;
        if (it != m_refreshTokens.cend()) {
            ++stats(Service::SevenG, it->username).refreshFailures;
            m_refreshTokens.erase(it);
        }
        qCInfo(lcFakeApi, "refresh refused: unknown, used, revoked or expired refresh token");
        return sevenGEnvelope(401, false, u"The refresh token is invalid or has expired."_s);
    }

    const QString username = it->username;
    ++m_counters.refreshes;
    ++stats(Service::SevenG, username).refreshes;
    qCInfo(lcFakeApi, "refresh ok for user %s", qUtf8Printable(username));
    QJsonObject reply { { u"accessToken"_s,
                          QString::fromLatin1(issueAccessToken(Service::SevenG, username)) } };
    if (m_config.rotateRefreshTokens) {
        m_refreshTokens.erase(it);
        reply.insert(u"refreshToken"_s, issueRefreshToken(username));
    }
    return HttpReply::json(200, QJsonDocument(reply));
}

HttpReply FakeApiServer::sevenGHealthCheck()
{
    return HttpReply::json(200, QJsonDocument(QJsonObject { { u"status"_s, u"Healthy"_s } }));
}

HttpReply FakeApiServer::sevenGLookup(const QHttpServerRequest &request)
{
    const QString name = request.query().queryItemValue(u"Name"_s, QUrl::FullyDecoded);
    if (name.compare("info"_L1, Qt::CaseInsensitive) != 0)
        return sevenGEnvelope(200, false, u"Unknown lookup name."_s);
    const QJsonObject info {
        { u"apiVersion"_s, u"2.0"_s },
        { u"environment"_s, u"fake"_s },
        { u"serverTime"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
    };
    return sevenGEnvelope(200, true, {}, QJsonArray { info }, 1);
}

HttpReply FakeApiServer::sevenGBizEntity(const QHttpServerRequest &request)
{
    ++m_counters.apiCalls;
    if (auto bad = checkSevenGHeaders(request, false))
        return *bad;
    const QByteArray authorization = header(request, "Authorization");
    TokenCheck check = TokenCheck::Missing;
    // 7G takes the raw token; "Bearer <token>" is simply not a token it knows.
    if (!authorization.isEmpty())
        check = checkAccessToken(Service::SevenG, authorization);
    if (check != TokenCheck::Valid) {
        ++m_counters.apiUnauthorized;
        if (check == TokenCheck::Expired)
            return sevenGEnvelope(401, false, u"The access token has expired."_s);
        return sevenGEnvelope(401, false, u"Authorization has been denied for this request."_s);
    }

    bool ok = false;
    const int id = request.query().queryItemValue(u"bizEntityID"_s).toInt(&ok);
    if (!ok || id <= 0)
        return sevenGEnvelope(200, false, u"bizEntityID must be a positive number."_s);
    if (id > maxBizEntityId)
        return sevenGEnvelope(200, false, u"BizEntity %1 was not found."_s.arg(id));
    const QJsonObject entity {
        { u"bizEntityID"_s, id },
        { u"name"_s, u"Demo Entity %1 Pty Ltd"_s.arg(id) },
        { u"status"_s, u"Active"_s },
    };
    return sevenGEnvelope(200, true, {}, entity, 1);
}

HttpReply FakeApiServer::d7Login(const QHttpServerRequest &request)
{
    const auto fields = FormData::parse(header(request, "Content-Type"), request.body());
    QJsonArray missing;
    for (const QString &name : { u"client_id"_s, u"client_secret"_s }) {
        if (!fields.contains(name)) {
            missing.append(QJsonObject { { u"loc"_s, QJsonArray { u"body"_s, name } },
                                         { u"msg"_s, u"field required"_s },
                                         { u"type"_s, u"value_error.missing"_s } });
        }
    }
    if (!missing.isEmpty()) {
        ++m_counters.d7LoginFailures;
        return HttpReply::json(422, QJsonDocument(QJsonObject { { u"detail"_s, missing } }));
    }

    const QString clientId = fields.value(u"client_id"_s);
    AccountStats &account = stats(Service::D7, clientId);
    const auto known = m_d7Secrets.constFind(clientId);
    if (known == m_d7Secrets.cend()) {
        ++m_counters.d7LoginFailures;
        ++account.loginFailures;
        qCInfo(lcFakeApi, "d7 login for unknown application %s", qUtf8Printable(maskedClientId(clientId)));
        return HttpReply::json(
            404, QJsonDocument(d7Detail(u"APPLICATION_NOT_EXISTS"_s, u"Application not exists"_s)));
    }
    if (*known != fields.value(u"client_secret"_s)) {
        ++m_counters.d7LoginFailures;
        ++account.loginFailures;
        qCInfo(lcFakeApi, "d7 login with a wrong secret for %s", qUtf8Printable(maskedClientId(clientId)));
        return HttpReply::json(
            401, QJsonDocument(d7Detail(u"INVALID_CLIENT_SECRET"_s, u"Invalid client secret"_s)));
    }

    ++m_counters.d7Logins;
    ++account.logins;
    qCInfo(lcFakeApi, "d7 login ok for application %s", qUtf8Printable(maskedClientId(clientId)));
    const QJsonObject reply {
        { u"access_token"_s, QString::fromLatin1(issueAccessToken(Service::D7, clientId)) },
        { u"token_type"_s, u"bearer"_s },
    };
    return HttpReply::json(200, QJsonDocument(reply));
}

HttpReply FakeApiServer::d7Balance(const QHttpServerRequest &request)
{
    ++m_counters.apiCalls;
    const QByteArray authorization = header(request, "Authorization");
    if (!authorization.left(7).toLower().startsWith("bearer ")) {
        ++m_counters.apiUnauthorized;
        // What FastAPI's bearer scheme answers: a string detail, not an object.
        return HttpReply::json(403, QJsonDocument(QJsonObject { { u"detail"_s, u"Not authenticated"_s } }));
    }
    switch (checkAccessToken(Service::D7, authorization.mid(7).trimmed())) {
    case TokenCheck::Valid:
        return HttpReply::json(
            200, QJsonDocument(QJsonObject { { u"balance"_s, 42.5 }, { u"currency"_s, u"EUR"_s } }));
    case TokenCheck::Expired:
        ++m_counters.apiUnauthorized;
        return HttpReply::json(
            401, QJsonDocument(d7Detail(u"ACCESS_TOKEN_EXPIRED"_s, u"Access token signature has expired"_s)));
    case TokenCheck::Missing:
    case TokenCheck::Malformed:
    case TokenCheck::BadSignature:
        break;
    }
    ++m_counters.apiUnauthorized;
    return HttpReply::json(401,
                           QJsonDocument(d7Detail(u"ACCESS_TOKEN_SIGNATURE_VERIFICATION_FAILED"_s,
                                                  u"Access token signature verification failed"_s)));
}

QByteArray FakeApiServer::issueAccessToken(Service service, const QString &subject)
{
    const qint64 iat = nowSecs();
    const int ttl = service == Service::SevenG ? m_config.sevengTtl : m_config.d7Ttl;
    if (m_config.tokenFormat == FakeApiConfig::TokenFormat::Opaque
        || m_config.tokenFormat == FakeApiConfig::TokenFormat::OpaqueQuoted) {
        QByteArray raw(24, Qt::Uninitialized);
        QRandomGenerator::system()->generate(raw.begin(), raw.end());
        QByteArray token = raw.toHex();
        // Printable ASCII without spaces, as tokens are, but everything that
        // quoting for a shell or a .env file has to get right.
        if (m_config.tokenFormat == FakeApiConfig::TokenFormat::OpaqueQuoted)
            token = "it's\"$HOME\"`id`\\n#!;&|*?~=" + token;
        m_opaqueTokens.insert(token, { service, iat + ttl });
        recordIssued(service, u"access"_s, subject, QString::fromLatin1(token));
        return token;
    }
    QJsonObject payload {
        { u"iss"_s, u"tokentray-fakeapi"_s },
        { u"aud"_s, service == Service::SevenG ? u"7g"_s : u"d7"_s },
        { u"sub"_s, subject },
        { u"iat"_s, iat },
        { u"jti"_s, QUuid::createUuid().toString(QUuid::WithoutBraces) },
    };
    if (m_config.tokenFormat == FakeApiConfig::TokenFormat::Jwt)
        payload.insert(u"exp"_s, iat + ttl);
    const QByteArray token = m_jwt.encode(payload);
    recordIssued(service, u"access"_s, subject, QString::fromLatin1(token));
    return token;
}

QString FakeApiServer::issueRefreshToken(const QString &username)
{
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_refreshTokens.insert(token, { username, nowSecs() + m_config.refreshTtl });
    recordIssued(Service::SevenG, u"refresh"_s, username, token);
    return token;
}

void FakeApiServer::recordIssued(Service service, const QString &kind, const QString &subject,
                                 const QString &token)
{
    if (m_issued.size() >= MaxRecorded) {
        m_issued.removeFirst();
        ++m_issuedDropped;
    }
    m_issued.append(QJsonObject { { u"kind"_s, kind },
                                  { u"service"_s, service == Service::SevenG ? u"7g"_s : u"d7"_s },
                                  { u"subject"_s, subject },
                                  { u"token"_s, token } });
}

void FakeApiServer::recordRequest(const QHttpServerRequest &request)
{
    QString method;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        method = u"GET"_s;
        break;
    case QHttpServerRequest::Method::Post:
        method = u"POST"_s;
        break;
    case QHttpServerRequest::Method::Put:
        method = u"PUT"_s;
        break;
    case QHttpServerRequest::Method::Delete:
        method = u"DELETE"_s;
        break;
    case QHttpServerRequest::Method::Head:
        method = u"HEAD"_s;
        break;
    default:
        method = u"OTHER"_s;
        break;
    }
    if (m_requests.size() >= MaxRecorded) {
        m_requests.removeFirst();
        ++m_requestsDropped;
    }
    const QString target
        = request.url().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::FullyEncoded);
    m_requests.append(QJsonObject { { u"method"_s, method }, { u"target"_s, target } });
}

QJsonObject FakeApiServer::issuedTokens() const
{
    return { { u"tokens"_s, m_issued }, { u"dropped"_s, m_issuedDropped } };
}

QJsonObject FakeApiServer::requestLog() const
{
    return { { u"requests"_s, m_requests }, { u"dropped"_s, m_requestsDropped } };
}

FakeApiServer::TokenCheck FakeApiServer::checkAccessToken(Service service, const QByteArray &token) const
{
    if (token.isEmpty())
        return TokenCheck::Missing;
    const auto opaque = m_opaqueTokens.constFind(token);
    if (opaque != m_opaqueTokens.cend()) {
        if (opaque->service != service)
            return TokenCheck::BadSignature;
        return opaque->expiresAt > nowSecs() ? TokenCheck::Valid : TokenCheck::Expired;
    }
    const JwtCodec::Decoded decoded = m_jwt.decode(token);
    switch (decoded.verdict) {
    case JwtCodec::Verdict::Malformed:
        return TokenCheck::Malformed;
    case JwtCodec::Verdict::BadSignature:
        return TokenCheck::BadSignature;
    case JwtCodec::Verdict::Valid:
        break;
    }
    if (decoded.payload.value(u"aud"_s).toString() != (service == Service::SevenG ? "7g"_L1 : "d7"_L1))
        return TokenCheck::BadSignature;
    const QJsonValue exp = decoded.payload.value(u"exp"_s);
    if (exp.isDouble() && static_cast<qint64>(exp.toDouble()) <= nowSecs())
        return TokenCheck::Expired;
    return TokenCheck::Valid;
}

FakeApiServer::AccountStats &FakeApiServer::stats(Service service, const QString &account)
{
    return service == Service::SevenG ? m_sevengStats[account] : m_d7Stats[account];
}

void FakeApiServer::beginInFlight(const InFlight &account)
{
    ++m_inFlight;
    m_counters.maxInFlight = std::max(m_counters.maxInFlight, m_inFlight);
    if (account.account.isEmpty())
        return;
    AccountStats &s = stats(account.service, account.account);
    ++s.inFlight;
    s.maxConcurrent = std::max(s.maxConcurrent, s.inFlight);
}

void FakeApiServer::endInFlight(const InFlight &account)
{
    --m_inFlight;
    if (!account.account.isEmpty())
        --stats(account.service, account.account).inFlight;
}

void FakeApiServer::send(QTcpSocket *socket, const HttpReply &reply, bool closeConnection)
{
    if (reply.action == HttpReply::Action::Drop) {
        socket->abort();
        return;
    }
    socket->write(reply.serialize(closeConnection));
    if (closeConnection)
        socket->disconnectFromHost();
}

void FakeApiServer::deliver(QTcpSocket *socket, const HttpReply &reply, int delayMs, bool closeConnection,
                            std::function<void()> done)
{
    if (delayMs <= 0) {
        send(socket, reply, closeConnection);
        done();
        return;
    }
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(delayMs, this, [this, guarded, reply, closeConnection, done = std::move(done)]() {
        if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
            send(guarded, reply, closeConnection);
        done();
    });
}

bool FakeApiServer::applyConfig(const QJsonObject &changes, QString *error)
{
    if (!m_config.apply(changes, error))
        return false;
    if (changes.contains(u"faultRate"_s) || changes.contains(u"faults"_s) || changes.contains(u"seed"_s))
        m_faults.configure(m_config.faultRate, m_config.faults, m_config.seed);
    return true;
}

QJsonObject FakeApiServer::counters() const
{
    int maxConcurrentPerAccount = 0;
    auto accounts = [&maxConcurrentPerAccount](const QHash<QString, AccountStats> &all) {
        QJsonObject out;
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            const AccountStats &s = it.value();
            maxConcurrentPerAccount = std::max(maxConcurrentPerAccount, s.maxConcurrent);
            out.insert(it.key(),
                       statsToJson(s.logins, s.loginFailures, s.lockouts, s.lockedRefusals, s.refreshes,
                                   s.refreshFailures, s.faults, s.inFlight, s.maxConcurrent));
        }
        return out;
    };
    const QJsonObject sevengAccounts = accounts(m_sevengStats);
    const QJsonObject d7Accounts = accounts(m_d7Stats);

    QJsonObject faults;
    int faultTotal = 0;
    for (FaultInjector::Kind kind : FaultInjector::allKinds()) {
        const int n = m_counters.faults.value(FaultInjector::name(kind));
        faults.insert(FaultInjector::name(kind), n);
        faultTotal += n;
    }
    return QJsonObject {
        { u"requests"_s, m_counters.requests },
        { u"logins"_s, m_counters.logins },
        { u"loginFailures"_s, m_counters.loginFailures },
        { u"lockouts"_s, m_counters.lockouts },
        { u"lockedRefusals"_s, m_counters.lockedRefusals },
        { u"refreshes"_s, m_counters.refreshes },
        { u"refreshFailures"_s, m_counters.refreshFailures },
        { u"refreshWithAuthorization"_s, m_counters.refreshWithAuthorization },
        { u"refreshWithoutAuthorization"_s, m_counters.refreshWithoutAuthorization },
        { u"d7Logins"_s, m_counters.d7Logins },
        { u"d7LoginFailures"_s, m_counters.d7LoginFailures },
        { u"badRequests"_s, m_counters.badRequests },
        { u"apiCalls"_s, m_counters.apiCalls },
        { u"apiUnauthorized"_s, m_counters.apiUnauthorized },
        { u"controlRefused"_s, m_counters.controlRefused },
        { u"faultsInjected"_s, faultTotal },
        { u"faults"_s, faults },
        { u"inFlight"_s, m_inFlight },
        { u"maxInFlight"_s, m_counters.maxInFlight },
        { u"maxConcurrentPerAccount"_s, maxConcurrentPerAccount },
        { u"sevengUsers"_s, sevengAccounts },
        { u"d7Apps"_s, d7Accounts },
    };
}

void FakeApiServer::resetCounters()
{
    m_counters = Counters();
    m_counters.maxInFlight = m_inFlight;
    // Requests still in flight must be able to finish their bookkeeping.
    auto reset = [](QHash<QString, AccountStats> &all) {
        for (auto it = all.begin(); it != all.end();) {
            if (it->inFlight == 0) {
                it = all.erase(it);
            } else {
                const int inFlight = it->inFlight;
                *it = AccountStats();
                it->inFlight = inFlight;
                it->maxConcurrent = inFlight;
                ++it;
            }
        }
    };
    reset(m_sevengStats);
    reset(m_d7Stats);
}

int FakeApiServer::revokeRefreshTokens(const QString &username)
{
    const qsizetype before = m_refreshTokens.size();
    if (username.isEmpty())
        m_refreshTokens.clear();
    else
        m_refreshTokens.removeIf(
            [&username](const auto &entry) { return entry.value().username == username; });
    return static_cast<int>(before - m_refreshTokens.size());
}

HttpReply FakeApiServer::control(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    const bool get = request.method() == QHttpServerRequest::Method::Get;
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    auto ok = [](const QJsonObject &o) {
        return HttpReply::json(200, QJsonDocument(o));
    };
    auto fail = [](int status, const QString &message) {
        return HttpReply::json(status, QJsonDocument(QJsonObject { { u"error"_s, message } }));
    };

    QJsonObject body;
    if (post && !request.body().trimmed().isEmpty()) {
        bool parsed = false;
        body = parseJsonObject(request.body(), &parsed);
        if (!parsed)
            return fail(400, u"the body must be a JSON object"_s);
    }

    if (path == "/_control/health"_L1 && get)
        return ok({ { u"status"_s, u"ok"_s }, { u"tls"_s, m_tls } });
    if (path == "/_control/counters"_L1 && get)
        return ok(counters());
    if (path == "/_control/config"_L1 && get)
        return ok(m_config.toJson());
    if (path == "/_control/issued"_L1 && get)
        return ok(issuedTokens());
    if (path == "/_control/request-log"_L1 && get)
        return ok(requestLog());
    if (path == "/_control/config"_L1 && post) {
        QString error;
        if (!applyConfig(body, &error))
            return fail(400, error);
        qCInfo(lcFakeApi, "configuration changed");
        return ok(m_config.toJson());
    }
    if (path == "/_control/reset-counters"_L1 && post) {
        resetCounters();
        return ok({ { u"ok"_s, true } });
    }
    if (path == "/_control/revoke-refresh"_L1 && post) {
        const QString user = body.value(u"user"_s).toString();
        const int revoked = revokeRefreshTokens(user);
        qCInfo(lcFakeApi, "revoked %d refresh token(s)", revoked);
        return ok({ { u"revoked"_s, revoked } });
    }
    if (path == "/_control/unlock"_L1 && post) {
        const QString user = body.value(u"user"_s).toString();
        if (user.isEmpty())
            m_locks.clear();
        else
            m_locks.remove(user);
        return ok({ { u"ok"_s, true } });
    }
    if (path == "/_control/users"_L1 && post) {
        const QString user = body.value(u"username"_s).toString();
        const QJsonValue password = body.value(u"password"_s);
        if (user.isEmpty() || !password.isString())
            return fail(400, u"username and password are required"_s);
        addSevenGUser(user, password.toString());
        qCInfo(lcFakeApi, "added 7G user %s", qUtf8Printable(user));
        return ok({ { u"ok"_s, true } });
    }
    if (path == "/_control/apps"_L1 && post) {
        const QString clientId = body.value(u"clientId"_s).toString(body.value(u"client_id"_s).toString());
        const QJsonValue secret = body.contains(u"clientSecret"_s) ? body.value(u"clientSecret"_s)
                                                                   : body.value(u"client_secret"_s);
        if (clientId.isEmpty() || !secret.isString())
            return fail(400, u"clientId and clientSecret are required"_s);
        addD7App(clientId, secret.toString());
        qCInfo(lcFakeApi, "added D7 application %s", qUtf8Printable(maskedClientId(clientId)));
        return ok({ { u"ok"_s, true } });
    }
    return fail(404, u"unknown control request %1 %2"_s.arg(get ? u"GET"_s : u"POST"_s, path));
}
