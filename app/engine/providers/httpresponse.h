#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

// Everything a finished QNetworkReply said, read once and defensively: the
// providers classify this value and never touch the reply itself.
struct HttpResponse
{
    QUrl url; // the URL that was requested
    int status = 0; // 0: no HTTP status arrived (connection-level failure)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // at most NetworkPolicy::MaxReplyBytes
    bool tooLarge = false; // the body was cut off at the cap and the transfer aborted
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QStringList sslErrors; // human descriptions of certificate problems
    // "host:port" of the proxy the request was sent through; empty when it
    // went direct. Read only for a failed request, to name the proxy.
    QString proxy;

    // Case-insensitive; the first value when the header repeats.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};
