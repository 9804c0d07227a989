#pragma once

#include "base/result.h"

#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// Every rule about talking to a token service, in one place: the one injected
// QNetworkAccessManager, https only (except loopback), TLS errors never ignored
// but an extra CA trusted, no redirect to another origin, a transfer timeout,
// a cap on reply size.
class NetworkPolicy : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxReplyBytes = 1024 * 1024;
    static constexpr int DefaultTransferTimeoutMs = 15000;
    // The transfer timeout restarts with every byte, so a server that trickles
    // its answer would hold a request (and the account's one renewal) open for
    // days. Altogether a request may take this many transfer timeouts.
    static constexpr int RequestDeadlineFactor = 4;

    explicit NetworkPolicy(QNetworkAccessManager *manager, QObject *parent = nullptr);

    QNetworkAccessManager *manager() const { return m_manager; }

    // https://, or http:// to a loopback host (127.0.0.0/8, ::1, localhost).
    // The message names what is wrong in a whole sentence.
    static Status validateBaseUrl(const QUrl &url);
    static bool isLoopbackHost(const QString &host);

    // Trust the certificates in this PEM file in addition to the system store.
    // Fails (and changes nothing) when the file is unreadable or holds no certificate.
    Status setExtraCaFile(const QString &path);
    void clearExtraCa();
    QString extraCaFile() const { return m_caFile; }

    void setTransferTimeout(int msecs) { m_timeoutMs = msecs; }
    int transferTimeout() const { return m_timeoutMs; }

    // base + path ("/User/Login"), keeping any path prefix of the base
    // ("https://host/api" gives "https://host/api/User/Login").
    static QUrl endpoint(const QUrl &base, const QString &path);

    // A request to url with timeout, redirect policy and TLS configuration set.
    QNetworkRequest request(const QUrl &url) const;

    // POSTs a body that must reach the server at most once (sign-in,
    // refresh): a connection dropped after the body went out ends the reply
    // with an error instead of Qt sending it again (see OneShotUpload).
    QNetworkReply *postOnce(const QNetworkRequest &request, const QByteArray &body) const;

    // Sets the application-wide proxy: system, none, or host:port.
    enum class ProxyMode { System, None, Manual };
    void setProxy(ProxyMode mode, const QString &host = {}, quint16 port = 0);

Q_SIGNALS:
    void configurationChanged();

private:
    QNetworkAccessManager *m_manager;
    QString m_caFile;
    QList<QSslCertificate> m_extraCa;
    QList<QSslCertificate> m_trustedCa; // system store + m_extraCa, computed once per change
    int m_timeoutMs = DefaultTransferTimeoutMs;
};
