#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>

// One reply of the fake server, written to the socket byte by byte by FakeApiServer
// so that faults (dropped connections, cut bodies) are possible.
struct HttpReply
{
    enum class Action {
        Send,
        Drop, // close the connection without sending anything
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Action action = Action::Send;

    static HttpReply json(int status, const QJsonDocument &document);
    static HttpReply raw(int status, const QByteArray &contentType, const QByteArray &body);
    static HttpReply drop();

    // Status line, headers (with Content-Length) and body.
    QByteArray serialize(bool closeConnection) const;
    static QByteArray reasonPhrase(int status);
};
