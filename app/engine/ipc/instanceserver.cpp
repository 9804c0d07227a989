#include "ipc/instanceserver.h"

#include "ipc/instanceconnection.h"
#include "ipc/instanceprotocol.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

using namespace Qt::StringLiterals;

InstanceServer::InstanceServer(SessionManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &InstanceServer::onNewConnection);
}

InstanceServer::~InstanceServer() = default;

namespace {
// Connecting to a local socket finishes or fails at once, without waiting:
// a connection means a live process listens; a refusal means the file is a leftover.
bool someoneListens(const QString &name)
{
    QLocalSocket probe;
    probe.connectToServer(name);
    const bool alive = probe.state() == QLocalSocket::ConnectedState
        || probe.state() == QLocalSocket::ConnectingState
        || probe.error() == QLocalSocket::SocketResourceError;
    probe.abort();
    return alive;
}
} // namespace

InstanceServer::ListenResult InstanceServer::listen(const QString &configDir)
{
    if (m_server->isListening())
        m_server->close();
    m_error.clear();
    const QString name = InstanceProtocol::serverName(configDir);
    // Two instances starting together must not both decide the socket file is
    // a leftover and remove each other's: the check and the listen go under a lock.
    QLockFile lock((QDir::isAbsolutePath(name) ? name : QDir::temp().filePath(name)) + u".lock"_s);
    lock.setStaleLockTime(10'000);
    if (!lock.tryLock(2000)) {
        m_error = tr("Another TokenTray is starting at the same moment.");
        return someoneListens(name) ? ListenResult::AnotherInstance : ListenResult::Failed;
    }
    // Ask first: with access options Qt binds the socket elsewhere and renames
    // it into place, which would silently take over a live instance's name.
    if (someoneListens(name))
        return ListenResult::AnotherInstance;
    // Nobody answered: any file there is a leftover of a crashed instance.
    QLocalServer::removeServer(name);
    if (m_server->listen(name))
        return ListenResult::Listening;
    m_error = m_server->errorString();
    return ListenResult::Failed;
}

bool InstanceServer::isListening() const
{
    return m_server->isListening();
}

QString InstanceServer::serverName() const
{
    return m_server->fullServerName();
}

void InstanceServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections >= MaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        auto *connection = new InstanceConnection(socket, m_manager, m_settings, this);
        connection->setAccessLog(m_accessLog);
        connect(connection, &InstanceConnection::activateRequested, this, &InstanceServer::activateRequested);
        connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    }
}
