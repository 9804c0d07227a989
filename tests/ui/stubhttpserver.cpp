#include "stubhttpserver.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

StubHttpServer::StubHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &StubHttpServer::serve);
}

bool StubHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl StubHttpServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
}

void StubHttpServer::setReply(int status, const QByteArray &contentType, const QByteArray &body)
{
    m_status = status;
    m_contentType = contentType;
    m_body = body;
}

void StubHttpServer::serve()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *buffer = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            // Wait for the whole body, so the client never sees a reset.
            qsizetype length = 0;
            for (const QByteArray &line : buffer->left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer->size() < end + 4 + length)
                return;
            buffer->clear();
            ++m_requests;
            QByteArray reply = "HTTP/1.1 " + QByteArray::number(m_status) + " Stub\r\nContent-Type: "
                + m_contentType + "\r\nContent-Length: " + QByteArray::number(m_body.size())
                + "\r\nConnection: close\r\n\r\n" + m_body;
            socket->write(reply);
            socket->disconnectFromHost();
        });
    }
}
