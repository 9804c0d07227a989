#include "ipc/instanceclient.h"

#include "ipc/instanceprotocol.h"

#include <QPointer>

using namespace Qt::StringLiterals;

InstanceClient::InstanceClient(const QString &configDir, QObject *parent)
    : QObject(parent)
    , m_serverName(InstanceProtocol::serverName(configDir))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_connected) {
            finish(Outcome::Failed, {}, tr("The running TokenTray does not accept connections."));
            return;
        }
        finish(Outcome::Failed, {}, tr("The running TokenTray did not answer in time."));
    });
    connect(&m_socket, &QLocalSocket::connected, this, &InstanceClient::onConnected);
    connect(&m_socket, &QLocalSocket::readyRead, this, &InstanceClient::onReadyRead);
    connect(&m_socket, &QLocalSocket::errorOccurred, this, &InstanceClient::onError);
    connect(&m_socket, &QLocalSocket::disconnected, this, [this] {
        // Reply bytes that arrived with the close are still in the buffer.
        onReadyRead();
        finish(Outcome::Failed, {}, tr("The running TokenTray closed the connection without an answer."));
    });
}

InstanceClient::~InstanceClient()
{
    m_request.fill('\0');
}

void InstanceClient::send(const QJsonObject &request)
{
    if (m_sent)
        return;
    m_sent = true;
    m_request = InstanceProtocol::encode(request);
    m_timer.start(ConnectTimeoutMs);
    // Errors from here are reported through the signal handlers, which defer
    // finished() to the event loop.
    m_socket.connectToServer(m_serverName);
}

void InstanceClient::onConnected()
{
    if (m_finished)
        return;
    m_connected = true;
    if (!InstanceProtocol::peerIsSameUser(m_socket)) {
        finish(Outcome::Failed, {}, tr("The TokenTray socket %1 belongs to another user.").arg(m_serverName));
        return;
    }
    m_timer.start(m_replyTimeoutMs);
    m_socket.write(m_request);
    m_request.fill('\0');
    m_request.clear();
}

void InstanceClient::onReadyRead()
{
    if (m_finished || !m_connected)
        return;
    const qsizetype room = InstanceProtocol::MaxReplyBytes + 1 - m_buffer.size();
    m_buffer.append(m_socket.read(std::max<qsizetype>(room, 0)));
    const qsizetype newline = m_buffer.indexOf('\n');
    if (newline < 0) {
        if (m_buffer.size() > InstanceProtocol::MaxReplyBytes)
            finish(Outcome::Failed, {}, tr("The running TokenTray sent an oversized answer."));
        return;
    }
    QString error;
    const auto reply = InstanceProtocol::decode(m_buffer.left(newline), &error);
    m_buffer.fill('\0');
    m_buffer.clear();
    if (!reply) {
        finish(Outcome::Failed, {}, tr("The running TokenTray sent an unreadable answer: %1").arg(error));
        return;
    }
    finish(Outcome::Answered, *reply, {});
}

void InstanceClient::onError(QLocalSocket::LocalSocketError error)
{
    if (m_finished)
        return;
    if (!m_connected
        && (error == QLocalSocket::ServerNotFoundError || error == QLocalSocket::ConnectionRefusedError)) {
        finish(Outcome::NoInstance, {}, {});
        return;
    }
    if (error == QLocalSocket::PeerClosedError) {
        onReadyRead();
        if (m_finished)
            return;
    }
    finish(Outcome::Failed, {},
           tr("Could not talk to the running TokenTray: %1").arg(m_socket.errorString()));
}

void InstanceClient::finish(Outcome outcome, const QJsonObject &reply, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_socket.abort();
    // Always later, never from inside send().
    QMetaObject::invokeMethod(
        this, [this, outcome, reply, error] { Q_EMIT finished(outcome, reply, error); },
        Qt::QueuedConnection);
}

void InstanceClient::activate(const QString &configDir, QObject *context,
                              std::function<void(bool answered)> done)
{
    auto *client = new InstanceClient(configDir, context);
    client->setReplyTimeout(5000);
    QPointer<QObject> guard(context);
    connect(
        client, &InstanceClient::finished, client,
        [client, guard, done = std::move(done)](Outcome outcome, const QJsonObject &reply, const QString &) {
            client->deleteLater();
            if (guard && done)
                done(outcome == Outcome::Answered && reply.value(u"exit"_s).toInt(-1) == 0);
        });
    client->send(QJsonObject { { u"cmd"_s, u"activate"_s } });
}
