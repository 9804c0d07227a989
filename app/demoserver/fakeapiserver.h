#pragma once

#include "demoserver/fakeapiconfig.h"
#include "demoserver/faultinjector.h"
#include "demoserver/httpreply.h"
#include "demoserver/jwtcodec.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>
#include <optional>

class QHttpServerRequest;
class QTcpSocket;

// A loopback HTTP(S) server that behaves like the 7G Registry Platform and D7 Networks
// token APIs, with fault injection and a control endpoint under /_control/ for tests.
// It writes replies to the socket itself (rather than through QHttpServerResponder) so
// it can also drop connections and send broken bodies.
class FakeApiServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit FakeApiServer(const FakeApiConfig &config, QObject *parent = nullptr);
    ~FakeApiServer() override;

    void addSevenGUser(const QString &username, const QString &password);
    void addD7App(const QString &clientId, const QString &clientSecret);

    // Must be called before listen(). PEM files; the key may be RSA or EC.
    bool enableTls(const QString &certificatePath, const QString &keyPath, QString *error);
    bool tlsEnabled() const { return m_tls; }

    const FakeApiConfig &config() const { return m_config; }
    bool applyConfig(const QJsonObject &changes, QString *error);
    QJsonObject counters() const;
    void resetCounters();
    // Empty username: every refresh token. Returns how many were revoked.
    int revokeRefreshTokens(const QString &username);

    static bool isControlPeerAllowed(const QHostAddress &peer);

    // What the tests read back: every token issued ({kind, service, subject,
    // token}) and every API request seen ({method, target}: path and query as
    // received), oldest first, each capped at MaxRecorded entries.
    static constexpr int MaxRecorded = 10000;
    QJsonObject issuedTokens() const;
    QJsonObject requestLog() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    enum class Service { SevenG, D7 };
    enum class TokenCheck { Valid, Missing, Malformed, BadSignature, Expired };

    struct AccountStats
    {
        int logins = 0;
        int loginFailures = 0;
        int lockouts = 0;
        int lockedRefusals = 0;
        int refreshes = 0;
        int refreshFailures = 0;
        int faults = 0;
        int inFlight = 0;
        int maxConcurrent = 0;
    };
    struct LockState
    {
        QList<qint64> failuresMs;
        qint64 lockedUntilMs = 0;
    };
    struct RefreshEntry
    {
        QString username;
        qint64 expiresAt = 0; // seconds since the epoch
    };
    struct OpaqueToken
    {
        Service service = Service::SevenG;
        qint64 expiresAt = 0;
    };
    struct Counters
    {
        int requests = 0;
        int logins = 0;
        int loginFailures = 0;
        int lockouts = 0;
        int lockedRefusals = 0;
        int refreshes = 0;
        int refreshFailures = 0;
        int refreshWithAuthorization = 0;
        int refreshWithoutAuthorization = 0;
        int d7Logins = 0;
        int d7LoginFailures = 0;
        int badRequests = 0;
        int apiCalls = 0;
        int apiUnauthorized = 0;
        int controlRefused = 0;
        QHash<QString, int> faults;
        int maxInFlight = 0;
    };
    struct InFlight
    {
        Service service = Service::SevenG;
        QString account; // empty: the request names no known account
    };

    enum class TokenEndpoint { SevenGLogin, SevenGRefresh, D7Login };
    void handleTokenRequest(TokenEndpoint endpoint, const QHttpServerRequest &request, QTcpSocket *socket);
    InFlight accountOf(TokenEndpoint endpoint, const QHttpServerRequest &request) const;

    HttpReply sevenGLogin(const QHttpServerRequest &request);
    HttpReply sevenGRefresh(const QHttpServerRequest &request);
    HttpReply sevenGHealthCheck();
    HttpReply sevenGLookup(const QHttpServerRequest &request);
    HttpReply sevenGBizEntity(const QHttpServerRequest &request);
    HttpReply d7Login(const QHttpServerRequest &request);
    HttpReply d7Balance(const QHttpServerRequest &request);
    HttpReply control(const QHttpServerRequest &request);
    HttpReply faultReply(FaultInjector::Kind kind, bool sevenG) const;

    std::optional<HttpReply> checkSevenGHeaders(const QHttpServerRequest &request, bool needJson);
    HttpReply sevenGLoginFailure(int status, const QString &message) const;
    QByteArray issueAccessToken(Service service, const QString &subject);
    QString issueRefreshToken(const QString &username);
    TokenCheck checkAccessToken(Service service, const QByteArray &token) const;

    void recordIssued(Service service, const QString &kind, const QString &subject, const QString &token);
    void recordRequest(const QHttpServerRequest &request);

    void beginInFlight(const InFlight &account);
    void endInFlight(const InFlight &account);
    AccountStats &stats(Service service, const QString &account);
    void send(QTcpSocket *socket, const HttpReply &reply, bool closeConnection);
    void deliver(QTcpSocket *socket, const HttpReply &reply, int delayMs, bool closeConnection,
                 std::function<void()> done);

    static QByteArray header(const QHttpServerRequest &request, const QByteArray &name);
    static HttpReply sevenGEnvelope(int status, bool result, const QString &message,
                                    const QJsonValue &data = QJsonValue::Null, int recordCount = 0);

    FakeApiConfig m_config;
    FaultInjector m_faults;
    JwtCodec m_jwt;
    QElapsedTimer m_monotonic;
    bool m_tls = false;

    QHash<QString, QString> m_sevengPasswords;
    QHash<QString, QString> m_d7Secrets;
    QHash<QString, LockState> m_locks;
    QHash<QString, RefreshEntry> m_refreshTokens; // live tokens only: used and revoked ones are gone
    QHash<QByteArray, OpaqueToken> m_opaqueTokens;

    Counters m_counters;
    QHash<QString, AccountStats> m_sevengStats;
    QHash<QString, AccountStats> m_d7Stats;
    int m_inFlight = 0;

    QJsonArray m_issued;
    int m_issuedDropped = 0;
    QJsonArray m_requests;
    int m_requestsDropped = 0;
};
