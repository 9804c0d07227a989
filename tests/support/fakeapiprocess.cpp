#include "fakeapiprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

#include <cstdio>
#include <signal.h>

using namespace Qt::StringLiterals;

FakeApiProcess::FakeApiProcess(QObject *parent)
    : QObject(parent)
    , m_verbose(!qEnvironmentVariableIsEmpty("TOKENTRAY_FAKEAPI_VERBOSE"))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardError, this, &FakeApiProcess::collectStandardError);
}

FakeApiProcess::~FakeApiProcess()
{
    stop();
}

void FakeApiProcess::collectStandardError()
{
    const QByteArray chunk = m_process.readAllStandardError();
    m_stderr += chunk;
    if (m_verbose) {
        std::fwrite(chunk.constData(), 1, static_cast<size_t>(chunk.size()), stderr);
        std::fflush(stderr);
    }
}

QByteArray FakeApiProcess::standardError()
{
    collectStandardError();
    return m_stderr;
}

bool FakeApiProcess::start(const QStringList &arguments, int timeoutMs)
{
    if (isRunning()) {
        m_error = u"the fake API server is already running"_s;
        return false;
    }
    const QString program = qEnvironmentVariable("TOKENTRAY_FAKEAPI");
    if (program.isEmpty()) {
        m_error = u"TOKENTRAY_FAKEAPI is not set (it names the tokentray-fakeapi binary)"_s;
        return false;
    }
    m_stderr.clear();
    m_baseUrl.clear();
    m_port = 0;
    m_pid = 0;
    m_exitCode = -1;
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = u"cannot start %1: %2"_s.arg(program, m_process.errorString());
        return false;
    }

    const QDeadlineTimer deadline(timeoutMs);
    while (!m_process.canReadLine()) {
        if (m_process.state() != QProcess::Running || deadline.hasExpired()) {
            collectStandardError();
            m_error = u"the fake API server did not print its start line; stderr: %1"_s.arg(
                QString::fromUtf8(m_stderr));
            stop(1000);
            return false;
        }
        m_process.waitForReadyRead(static_cast<int>(std::min<qint64>(deadline.remainingTime(), 200)));
    }

    const QByteArray line = m_process.readLine();
    QJsonParseError parseError;
    const QJsonObject started = QJsonDocument::fromJson(line, &parseError).object();
    m_baseUrl = QUrl(started.value(u"baseUrl"_s).toString());
    m_port = static_cast<quint16>(started.value(u"port"_s).toInt());
    m_pid = static_cast<qint64>(started.value(u"pid"_s).toDouble());
    if (parseError.error != QJsonParseError::NoError || !m_baseUrl.isValid() || m_port == 0) {
        m_error = u"unexpected start line: %1"_s.arg(QString::fromUtf8(line.trimmed()));
        stop(1000);
        return false;
    }
    return true;
}

bool FakeApiProcess::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_exitStatus == QProcess::NormalExit && m_exitCode == 0;
    const qint64 pid = m_process.processId();
    if (pid > 0)
        ::kill(static_cast<pid_t>(pid), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(timeoutMs);
        collectStandardError();
        m_exitCode = -1;
        m_exitStatus = QProcess::CrashExit;
        return false;
    }
    collectStandardError();
    m_exitCode = m_process.exitCode();
    m_exitStatus = m_process.exitStatus();
    return m_exitStatus == QProcess::NormalExit && m_exitCode == 0;
}

bool FakeApiProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

QUrl FakeApiProcess::url(const QString &path) const
{
    return m_baseUrl.resolved(QUrl(path));
}

void FakeApiProcess::setTrustedCa(const QString &caPemPath)
{
    m_trustedCa = QSslCertificate::fromPath(caPemPath, QSsl::Pem);
}

FakeApiProcess::ControlReply FakeApiProcess::control(const QString &path, const QJsonObject *body,
                                                     int timeoutMs)
{
    ControlReply result;
    if (!m_baseUrl.isValid())
        return result;

    QNetworkAccessManager manager;
    QNetworkRequest request(url(path));
    request.setTransferTimeout(timeoutMs);
    if (!m_trustedCa.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(m_trustedCa);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply *reply = nullptr;
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        reply = manager.post(request, QJsonDocument(*body).toJson(QJsonDocument::Compact));
    } else {
        reply = manager.get(request);
    }

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    if (reply->isFinished()) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = QJsonDocument::fromJson(reply->readAll()).object();
    } else {
        reply->abort();
    }
    delete reply;
    return result;
}

QJsonObject FakeApiProcess::counters()
{
    const ControlReply reply = control(u"/_control/counters"_s);
    return reply.status == 200 ? reply.body : QJsonObject();
}

QJsonObject FakeApiProcess::config()
{
    const ControlReply reply = control(u"/_control/config"_s);
    return reply.status == 200 ? reply.body : QJsonObject();
}

bool FakeApiProcess::configure(const QJsonObject &changes)
{
    const ControlReply reply = control(u"/_control/config"_s, &changes);
    if (reply.status != 200)
        m_error = reply.body.value(u"error"_s).toString(u"no reply from the control endpoint"_s);
    return reply.status == 200;
}

int FakeApiProcess::revokeRefreshTokens(const QString &user)
{
    QJsonObject body;
    if (!user.isEmpty())
        body.insert(u"user"_s, user);
    const ControlReply reply = control(u"/_control/revoke-refresh"_s, &body);
    return reply.status == 200 ? reply.body.value(u"revoked"_s).toInt() : -1;
}

bool FakeApiProcess::resetCounters()
{
    const QJsonObject body;
    return control(u"/_control/reset-counters"_s, &body).status == 200;
}

bool FakeApiProcess::addSevenGUser(const QString &username, const QString &password)
{
    const QJsonObject body { { u"username"_s, username }, { u"password"_s, password } };
    return control(u"/_control/users"_s, &body).status == 200;
}

bool FakeApiProcess::addD7App(const QString &clientId, const QString &clientSecret)
{
    const QJsonObject body { { u"clientId"_s, clientId }, { u"clientSecret"_s, clientSecret } };
    return control(u"/_control/apps"_s, &body).status == 200;
}

bool FakeApiProcess::unlock(const QString &user)
{
    QJsonObject body;
    if (!user.isEmpty())
        body.insert(u"user"_s, user);
    return control(u"/_control/unlock"_s, &body).status == 200;
}

QJsonArray FakeApiProcess::issuedTokens()
{
    return control(u"/_control/issued"_s).body.value(u"tokens"_s).toArray();
}

QJsonArray FakeApiProcess::requestLog()
{
    return control(u"/_control/request-log"_s).body.value(u"requests"_s).toArray();
}
