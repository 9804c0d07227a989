#pragma once

#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

// Talks to the running instance for the same user and configuration directory:
// one request, one reply. Asynchronous; finished() comes exactly once, later.
class InstanceClient : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Answered, // reply holds the instance's answer
        NoInstance, // nobody listens: the caller may do the work itself
        Failed, // an instance exists but gave no usable answer (see error)
    };
    Q_ENUM(Outcome)

    // A local connection is made or refused at once; only a swamped instance
    // needs more than a moment.
    static constexpr int ConnectTimeoutMs = 3000;
    static constexpr int DefaultReplyTimeoutMs = 120'000;

    explicit InstanceClient(const QString &configDir, QObject *parent = nullptr);
    ~InstanceClient() override;

    void setReplyTimeout(int msecs) { m_replyTimeoutMs = msecs; }
    QString serverName() const { return m_serverName; }

    // Sends the request ("v" is added). Call once.
    void send(const QJsonObject &request);

    // Asks the running window to come to the front; done(true) when it said so.
    static void activate(const QString &configDir, QObject *context, std::function<void(bool answered)> done);

Q_SIGNALS:
    void finished(InstanceClient::Outcome outcome, const QJsonObject &reply, const QString &error);

private:
    void onConnected();
    void onReadyRead();
    void onError(QLocalSocket::LocalSocketError error);
    void finish(Outcome outcome, const QJsonObject &reply, const QString &error);

    QString m_serverName;
    QLocalSocket m_socket;
    QTimer m_timer;
    QByteArray m_request;
    QByteArray m_buffer;
    int m_replyTimeoutMs = DefaultReplyTimeoutMs;
    bool m_sent = false;
    bool m_connected = false;
    bool m_finished = false;
};
