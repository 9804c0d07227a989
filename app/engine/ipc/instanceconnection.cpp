#include "ipc/instanceconnection.h"

#include "commands/clirequest.h"
#include "commands/cliresponse.h"
#include "commands/commandrunner.h"
#include "ipc/instanceprotocol.h"

#include <QLocalSocket>

using namespace Qt::StringLiterals;

InstanceConnection::InstanceConnection(QLocalSocket *socket, SessionManager *manager,
                                       const AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_manager(manager)
    , m_settings(settings)
{
    m_socket->setParent(this);
    connect(m_socket, &QLocalSocket::readyRead, this, &InstanceConnection::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &InstanceConnection::drop);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &InstanceConnection::drop);
    m_requestTimer.setSingleShot(true);
    connect(&m_requestTimer, &QTimer::timeout, this, &InstanceConnection::drop);
    m_requestTimer.start(InstanceProtocol::RequestTimeoutMs);

    if (!InstanceProtocol::peerIsSameUser(*m_socket)) {
        // Not our user: say nothing at all.
        QTimer::singleShot(0, this, &InstanceConnection::drop);
        m_haveRequest = true;
        return;
    }
    if (const auto peer = InstanceProtocol::peerProcess(*m_socket))
        m_peer = *peer;
    // Data may have arrived before we connected to readyRead.
    QTimer::singleShot(0, this, &InstanceConnection::onReadyRead);
}

InstanceConnection::~InstanceConnection()
{
    m_buffer.fill('\0');
}

void InstanceConnection::onReadyRead()
{
    if (m_haveRequest)
        return;
    const qsizetype room = InstanceProtocol::MaxRequestBytes + 1 - m_buffer.size();
    m_buffer.append(m_socket->read(std::max<qsizetype>(room, 0)));
    const qsizetype newline = m_buffer.indexOf('\n');
    if (newline < 0) {
        if (m_buffer.size() > InstanceProtocol::MaxRequestBytes) {
            m_haveRequest = true;
            reply(CliResponse::failure(ExitCode::Usage, tr("The request is too long.")).toJson());
        }
        return;
    }
    m_haveRequest = true;
    m_requestTimer.stop();
    const QByteArray line = m_buffer.left(newline);
    // Anything after the one request line is a protocol error: one request per connection.
    const bool trailing = newline + 1 < m_buffer.size() || m_socket->bytesAvailable() > 0;
    m_buffer.fill('\0');
    m_buffer.clear();
    if (trailing) {
        reply(CliResponse::failure(ExitCode::Usage, tr("Only one request per connection is accepted."))
                  .toJson());
        return;
    }
    handle(line);
}

void InstanceConnection::handle(const QByteArray &line)
{
    const InstanceRequest request = InstanceProtocol::parseRequest(line);
    if (request.activate) {
        Q_EMIT activateRequested();
        reply(CliResponse::success().toJson());
        return;
    }
    if (!request.command) {
        reply(CliResponse::failure(ExitCode::Usage, request.error).toJson());
        return;
    }
    auto *runner = new CommandRunner(m_manager, *request.command, this);
    runner->setSettings(m_settings);
    if (m_accessLog)
        runner->setAccessLog(m_accessLog, m_peer);
    connect(runner, &CommandRunner::finished, this, [this, runner](const CliResponse &response) {
        runner->deleteLater();
        reply(response.toJson());
    });
    runner->start();
}

void InstanceConnection::reply(const QJsonObject &message)
{
    if (m_closing)
        return;
    m_closing = true;
    m_requestTimer.stop();
    m_socket->write(InstanceProtocol::encode(message));
    // Closes once the reply is written; disconnected() then deletes us.
    m_socket->disconnectFromServer();
    if (m_socket->state() == QLocalSocket::UnconnectedState)
        drop();
}

void InstanceConnection::drop()
{
    if (m_dropped)
        return;
    m_dropped = true;
    m_closing = true;
    m_requestTimer.stop();
    m_socket->abort();
    deleteLater();
}
