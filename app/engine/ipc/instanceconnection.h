#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

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
    QByteArray m_buffer;
    QTimer m_requestTimer;
    bool m_haveRequest = false;
    bool m_closing = false;
    bool m_dropped = false;
};
