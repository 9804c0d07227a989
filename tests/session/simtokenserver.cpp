#include "simtokenserver.h"

#include "base/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

SimResponse json(int status, const QJsonObject &object)
{
    SimResponse r;
    r.status = status;
    r.headers.append({ "Content-Type"_ba, "application/json"_ba });
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

SimTokenServer::SimTokenServer(const Clock *clock, quint32 seed)
    : m_clock(clock)
    , m_random(seed)
{ }

void SimTokenServer::addSevenGUser(int port, const QString &user, const QString &password)
{
    Identity &who = m_identities[port];
    who.d7 = false;
    who.login = user;
    who.secret = password;
}

void SimTokenServer::addD7App(int port, const QString &clientId, const QString &secret)
{
    Identity &who = m_identities[port];
    who.d7 = true;
    who.login = clientId;
    who.secret = secret;
}

void SimTokenServer::setLifetimes(int sevenGSeconds, int d7Seconds, int refreshTokenSeconds)
{
    m_sevenGLifetime = sevenGSeconds;
    m_d7Lifetime = d7Seconds;
    m_refreshLifetime = refreshTokenSeconds;
}

int SimTokenServer::failedLogins(int port) const
{
    return m_identities.value(port).failedLogins;
}

int SimTokenServer::acceptedLogins(int port) const
{
    return m_identities.value(port).acceptedLogins;
}

bool SimTokenServer::accepts(int port, const QString &accessToken) const
{
    const auto who = m_identities.constFind(port);
    if (who == m_identities.cend() || accessToken.isEmpty())
        return false;
    const auto exp = who->accessTokens.constFind(accessToken);
    return exp != who->accessTokens.cend() && m_clock->now() < *exp;
}

SimResponse SimTokenServer::handle(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                                   const QByteArray &body)
{
    ++m_counters.requests;
    const auto who = m_identities.find(request.url().port());
    if (who == m_identities.end() || operation != QNetworkAccessManager::PostOperation) {
        SimResponse r;
        r.error = QNetworkReply::ConnectionRefusedError;
        r.errorString = u"Connection refused"_s;
        return r;
    }
    const QString path = request.url().path();

    // A tenth of all requests meet a transient fault. Some happen before the
    // service acts on the request, some after (the reply is lost on the way).
    if (m_random.generateDouble() < m_faultRate) {
        ++m_counters.faults;
        SimResponse r;
        int fault = int(m_random.bounded(8));
        // A refused credential whose answer is lost cannot be told from a
        // network fault by any client; keep those faults before the check so
        // that the count of failed logins measures the client alone.
        if ((fault == 5 || fault == 6) && rejectsCredentials(*who, path, body))
            fault = 0;
        switch (fault) {
        case 0:
            r.error = QNetworkReply::ConnectionRefusedError;
            r.errorString = u"Connection refused"_s;
            return r;
        case 1:
            r = json(503, { { u"message"_s, u"Service temporarily unavailable"_s } });
            r.headers.append({ "Retry-After"_ba, QByteArray::number(1 + m_random.bounded(3)) });
            return r;
        case 2:
            r = json(429, { { u"message"_s, u"Too many requests"_s } });
            r.headers.append({ "Retry-After"_ba, "2"_ba });
            return r;
        case 3:
            r.status = 502;
            r.headers.append({ "Content-Type"_ba, "text/html"_ba });
            r.body = "<html><body><h1>502 Bad Gateway</h1></body></html>"_ba;
            return r;
        case 4:
            r = json(500, { { u"message"_s, u"Internal error"_s } });
            return r;
        case 5:
            // Hangs until the client gives up; the service may have acted.
            if (m_random.bounded(2) == 0) {
                ++m_counters.processedButLost;
                answer(*who, path, request, body);
            }
            r.latencyMs = m_timeoutMs;
            r.error = QNetworkReply::OperationCanceledError;
            r.errorString = u"Operation canceled"_s;
            return r;
        case 6: {
            // The service acted, then the connection dropped mid-reply.
            ++m_counters.processedButLost;
            SimResponse acted = answer(*who, path, request, body);
            acted.body.truncate(acted.body.size() / 2);
            acted.error = QNetworkReply::RemoteHostClosedError;
            acted.errorString = u"Connection closed"_s;
            acted.latencyMs = 1000;
            return acted;
        }
        default:
            // Slow but fine: answers after three seconds.
            --m_counters.faults;
            SimResponse slow = answer(*who, path, request, body);
            slow.latencyMs = 3000;
            return slow;
        }
    }
    SimResponse r = answer(*who, path, request, body);
    // Most answers come within the same second; a few take a little longer.
    r.latencyMs = m_random.bounded(10) == 0 ? 1000 + m_random.bounded(2000) : 0;
    return r;
}

bool SimTokenServer::rejectsCredentials(const Identity &who, const QString &path,
                                        const QByteArray &body) const
{
    if (!who.d7 && path == u"/User/Login"_s) {
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        return o.value(u"username"_s).toString() != who.login
            || o.value(u"password"_s).toString() != who.secret;
    }
    if (who.d7 && path == u"/auth/v1/login/application"_s) {
        const QUrlQuery form(QString::fromUtf8(body));
        return form.queryItemValue(u"client_id"_s, QUrl::FullyDecoded) != who.login
            || form.queryItemValue(u"client_secret"_s, QUrl::FullyDecoded) != who.secret;
    }
    return false;
}

SimResponse SimTokenServer::answer(Identity &who, const QString &path, const QNetworkRequest &request,
                                   const QByteArray &body)
{
    prune(who);
    if (!who.d7 && path == u"/User/Login"_s)
        return sevenGLogin(who, body);
    if (!who.d7 && path == u"/User/RefreshToken"_s)
        return sevenGRefresh(who, request, body);
    if (who.d7 && path == u"/auth/v1/login/application"_s)
        return d7Login(who, body);
    return json(404, { { u"message"_s, u"Not found"_s } });
}

SimResponse SimTokenServer::sevenGLogin(Identity &who, const QByteArray &body)
{
    const QDateTime now = m_clock->now();
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (who.lockedUntil.isValid() && now < who.lockedUntil)
        return json(401, { { u"message"_s, u"The user is locked out. Try again later."_s } });
    ++m_counters.sevenGLogins;
    if (o.value(u"username"_s).toString() != who.login || o.value(u"password"_s).toString() != who.secret) {
        ++who.failedLogins;
        ++m_counters.credentialFailures;
        const QDateTime windowStart = now.addSecs(-600);
        who.failures.removeIf([&](const QDateTime &t) { return t < windowStart; });
        who.failures.append(now);
        if (who.failures.size() >= 3) {
            who.lockedUntil = now.addSecs(600);
            who.failures.clear();
            ++m_counters.lockouts;
        }
        return json(401, { { u"message"_s, u"Invalid username or password"_s } });
    }
    who.failures.clear();
    ++who.acceptedLogins;
    const QString refresh = mintOpaque();
    who.refreshTokens.insert(refresh, now.addSecs(m_refreshLifetime));
    return json(
        200,
        { { u"accessToken"_s, mintAccessToken(who, m_sevenGLifetime) }, { u"refreshToken"_s, refresh } });
}

SimResponse SimTokenServer::sevenGRefresh(Identity &who, const QNetworkRequest &request,
                                          const QByteArray &body)
{
    ++m_counters.sevenGRefreshes;
    const QDateTime now = m_clock->now();
    const QString presented = QJsonDocument::fromJson(body).object().value(u"refreshToken"_s).toString();
    const auto it = who.refreshTokens.find(presented);
    // The current access token comes along, raw, as some vendor pages ask.
    const QByteArray authorization = request.rawHeader("Authorization");
    if (it == who.refreshTokens.end() || now >= *it || authorization.isEmpty()
        || authorization.startsWith("Bearer ")) {
        ++m_counters.refreshRejected;
        return json(401, { { u"message"_s, u"Invalid refresh token"_s } });
    }
    QJsonObject reply { { u"accessToken"_s, mintAccessToken(who, m_sevenGLifetime) } };
    // Now and then the reply omits the refresh token: the old one stays valid.
    if (m_random.bounded(10) == 0) {
        ++m_counters.omittedRefreshTokens;
    } else {
        const QDateTime expires = *it;
        who.refreshTokens.erase(it);
        const QString next = mintOpaque();
        who.refreshTokens.insert(next, expires); // rotation keeps the chain's lifetime
        reply.insert(u"refreshToken"_s, next);
    }
    return json(200, reply);
}

SimResponse SimTokenServer::d7Login(Identity &who, const QByteArray &body)
{
    ++m_counters.d7Logins;
    const QUrlQuery form(QString::fromUtf8(body));
    if (form.queryItemValue(u"client_id"_s, QUrl::FullyDecoded) != who.login
        || form.queryItemValue(u"client_secret"_s, QUrl::FullyDecoded) != who.secret) {
        ++who.failedLogins;
        ++m_counters.credentialFailures;
        return json(401,
                    { { u"detail"_s,
                        QJsonObject { { u"code"_s, u"INVALID_CLIENT"_s },
                                      { u"message"_s, u"Invalid client credentials"_s } } } });
    }
    ++who.acceptedLogins;
    return json(
        200, { { u"access_token"_s, mintAccessToken(who, m_d7Lifetime) }, { u"token_type"_s, u"bearer"_s } });
}

QString SimTokenServer::mintAccessToken(Identity &who, int lifetimeSeconds)
{
    const QDateTime now = m_clock->now();
    const QDateTime exp = now.addSecs(lifetimeSeconds);
    const QJsonObject header { { u"alg"_s, u"HS256"_s }, { u"typ"_s, u"JWT"_s } };
    const QJsonObject claims { { u"sub"_s, who.login },
                               { u"iat"_s, now.toSecsSinceEpoch() },
                               { u"exp"_s, exp.toSecsSinceEpoch() },
                               { u"jti"_s, QString::number(++m_serial) } };
    const QByteArray token = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QByteArray::number(m_random.generate64()));
    const QString text = QString::fromLatin1(token);
    // Whole seconds, as the client reads them from "exp".
    who.accessTokens.insert(text, QDateTime::fromSecsSinceEpoch(exp.toSecsSinceEpoch(), Qt::UTC));
    who.accessToken = text;
    return text;
}

QString SimTokenServer::mintOpaque()
{
    return QString::fromLatin1(
        base64Url(QByteArray::number(m_random.generate64()) + '-' + QByteArray::number(++m_serial)));
}

void SimTokenServer::prune(Identity &who) const
{
    if (who.accessTokens.size() < 64 && who.refreshTokens.size() < 64)
        return;
    const QDateTime now = m_clock->now();
    who.accessTokens.removeIf([&](const auto &it) { return it.value() <= now; });
    who.refreshTokens.removeIf([&](const auto &it) { return it.value() <= now; });
}
