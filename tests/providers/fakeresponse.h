#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>

// What the fake network answers to one request.
struct FakeResponse
{
    int status = 200; // 0: no HTTP answer at all (see error)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // Real milliseconds before the answer arrives; negative: never (only an
    // abort or the request's transfer timeout ends it).
    int delayMs = 0;
    // > 0: the body arrives in pieces of this size, one per event-loop turn.
    int chunkSize = 0;
    // Sends Content-Length (and a download total); off models chunked encoding.
    bool announceLength = true;

    // A network-level failure. With status 0 it replaces the answer
    // (connection refused, TLS failure ...); with a status it follows the
    // headers and body (a connection dropped mid-reply, an insecure redirect).
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;

    static FakeResponse json(int status, const QJsonObject &object);
    static FakeResponse raw(int status, const QByteArray &body, const QByteArray &contentType = "text/plain");
    static FakeResponse failure(QNetworkReply::NetworkError error, const QString &errorString = {});

    FakeResponse &withHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({ name, value });
        return *this;
    }
    FakeResponse &withDelay(int msecs)
    {
        delayMs = msecs;
        return *this;
    }
};
