#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QUrl>

// A loopback HTTP server that answers every request with one canned reply:
// for the replies the fake API does not produce on demand (a 422 to a
// well-formed login, an HTML 502 from a proxy in front of the service).
class StubHttpServer : public QObject
{
    Q_OBJECT
public:
    explicit StubHttpServer(QObject *parent = nullptr);

    bool listen();
    QUrl baseUrl() const;
    void setReply(int status, const QByteArray &contentType, const QByteArray &body);
    int requestCount() const { return m_requests; }

private:
    void serve();

    QTcpServer m_server;
    int m_status = 200;
    QByteArray m_contentType = "application/json";
    QByteArray m_body;
    int m_requests = 0;
};
