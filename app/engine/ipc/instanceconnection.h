#pragma once

#include "audit/processidentity.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

class AccessLog;
class AppSettings;
class QLocalSocket;
class SessionManager;

// One client of the single-instance socket: reads its request line, answers
// it (activation at once, commands through a CommandRunner) and closes.
// Deletes itself when the client is gone.
class InstanceConnection : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the socket.
    InstanceConnection(QLocalSocket *socket, SessionManager *manager, const AppSettings *settings,
                       QObject *parent = nullptr);
    ~InstanceConnection() override;

    // Records each token handed out to this client (optional).
    void setAccessLog(AccessLog *log) { m_accessLog = log; }

Q_SIGNALS:
    void activateRequested();

private:
    void onReadyRead();
    void handle(const QByteArray &line);
    void reply(const QJsonObject &message);
    void drop();

    QLocalSocket *m_socket;
    SessionManager *m_manager;
    const AppSettings *m_settings;
    AccessLog *m_accessLog = nullptr;
    // Read at once: the client may be gone by the time a token is handed out.
    ProcessIdentity m_peer;
    QByteArray m_buffer;
    QTimer m_requestTimer;
    bool m_haveRequest = false;
    bool m_closing = false;
    bool m_dropped = false;
};
