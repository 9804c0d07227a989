#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

// Runs tokentray-fakeapi (the binary named by the TOKENTRAY_FAKEAPI environment variable,
// which tokentray_add_test() sets) as a child process for one test, and talks to its
// loopback-only control endpoint.
//
//     FakeApiProcess api;
//     QVERIFY2(api.start({ u"--seveng-user"_s, u"alice:secret"_s, u"--seveng-ttl"_s, u"20"_s }),
//              qPrintable(api.errorString()));
//     QUrl login = api.baseUrl().resolved(QUrl(u"/User/Login"_s));
//     ...
//     QCOMPARE(api.counters().value(u"logins"_s).toInt(), 1);
//
// The control helpers are synchronous (they spin a local event loop, with a timeout):
// use them only from test code. The process is stopped (SIGTERM, then SIGKILL) when the
// object is destroyed. Useful server options: --demo, --seveng-user USER:PASSWORD,
// --d7-app ID:SECRET, --seveng-ttl S, --d7-ttl S, --fault-rate R, --faults LIST, --seed N,
// --delay-ms MS, --slow-ms MS, --token-format jwt|jwt-noexp|opaque, --tls-cert/--tls-key;
// see `tokentray-fakeapi --help`.
class FakeApiProcess : public QObject
{
    Q_OBJECT

public:
    explicit FakeApiProcess(QObject *parent = nullptr);
    ~FakeApiProcess() override;

    // Starts the server and waits for its start line. False (see errorString()) if the
    // binary is missing, exits early, or says nothing within timeoutMs.
    bool start(const QStringList &arguments = {}, int timeoutMs = 10000);
    // SIGTERM, then SIGKILL after timeoutMs. True if it exited by itself with status 0.
    bool stop(int timeoutMs = 5000);
    bool isRunning() const;

    QUrl baseUrl() const { return m_baseUrl; } // e.g. http://127.0.0.1:41234
    QUrl url(const QString &path) const; // baseUrl() with this path (and query), e.g. u"/User/Login"_s
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    QString errorString() const { return m_error; }
    int exitCode() const { return m_exitCode; }
    QProcess::ExitStatus exitStatus() const { return m_exitStatus; }
    // Everything the server wrote to stderr so far (its log), e.g. to assert that no
    // secret was logged. It is also forwarded to this process's stderr when the
    // environment variable TOKENTRAY_FAKEAPI_VERBOSE is set.
    QByteArray standardError();

    // For HTTPS servers: the CA that control requests trust (e.g. TestCa::caPath()).
    void setTrustedCa(const QString &caPemPath);

    struct ControlReply
    {
        int status = 0; // 0: no HTTP reply (error or timeout)
        QJsonObject body;
    };
    // GET when body is null, POST otherwise. path is e.g. u"/_control/counters"_s.
    ControlReply control(const QString &path, const QJsonObject *body = nullptr, int timeoutMs = 10000);

    QJsonObject counters(); // GET /_control/counters; empty on failure
    QJsonObject config(); // GET /_control/config
    bool configure(const QJsonObject &changes); // POST /_control/config; false if refused
    int revokeRefreshTokens(const QString &user = {}); // every user when empty; -1 on failure
    bool resetCounters();
    bool addSevenGUser(const QString &username, const QString &password);
    bool addD7App(const QString &clientId, const QString &clientSecret);
    bool unlock(const QString &user = {}); // lift a 7G lockout (all users when empty)
    // GET /_control/issued: every token the server issued, {kind, service, subject, token}.
    QJsonArray issuedTokens();
    // GET /_control/request-log: every API request it saw, {method, target}.
    QJsonArray requestLog();

private:
    void collectStandardError();

    QProcess m_process;
    QUrl m_baseUrl;
    quint16 m_port = 0;
    qint64 m_pid = 0;
    QString m_error;
    QByteArray m_stderr;
    QList<QSslCertificate> m_trustedCa;
    int m_exitCode = -1;
    QProcess::ExitStatus m_exitStatus = QProcess::NormalExit;
    bool m_verbose = false;
};
