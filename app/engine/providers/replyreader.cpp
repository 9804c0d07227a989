#include "providers/replyreader.h"

#include "network/networkpolicy.h"

#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslError>
#include <QTimer>

ReplyReader::ReplyReader(QNetworkReply *reply, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
{
    m_response.url = reply->request().url();
    connect(reply, &QNetworkReply::readyRead, this, &ReplyReader::readAvailable);
    connect(reply, &QNetworkReply::downloadProgress, this,
            [this](qint64, qint64 total) { checkAnnouncedSize(total); });
    // Record certificate problems for the message; they are never ignored.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_response.sslErrors.append(e.errorString());
    });
    connect(reply, &QNetworkReply::finished, this, &ReplyReader::complete);
    if (reply->isFinished()) {
        QMetaObject::invokeMethod(this, &ReplyReader::complete, Qt::QueuedConnection);
        return;
    }
    if (const int transferTimeout = reply->request().transferTimeout(); transferTimeout > 0) {
        // Ends like Qt's own transfer timeout: OperationCanceledError.
        QTimer::singleShot(transferTimeout * NetworkPolicy::RequestDeadlineFactor, this, [this] {
            if (!m_done && m_reply && m_reply->isRunning())
                m_reply->abort();
        });
    }
}

ReplyReader::~ReplyReader()
{
    if (m_reply) {
        m_reply->disconnect(this);
        if (m_reply->isRunning())
            m_reply->abort();
        m_reply->deleteLater();
    }
}

void ReplyReader::checkAnnouncedSize(qint64 total)
{
    if (!m_done && total > NetworkPolicy::MaxReplyBytes)
        cutOff();
}

void ReplyReader::readAvailable()
{
    // After an abort (timeout, cut-off) the reply is closed: nothing left to read.
    if (m_done || !m_reply || m_response.tooLarge || !m_reply->isOpen())
        return;
    const qint64 room = NetworkPolicy::MaxReplyBytes - m_response.body.size();
    const qint64 available = m_reply->bytesAvailable();
    if (available > room) {
        m_response.body.append(m_reply->read(room));
        cutOff();
        return;
    }
    m_response.body.append(m_reply->read(available));
}

void ReplyReader::cutOff()
{
    if (m_response.tooLarge)
        return;
    m_response.tooLarge = true;
    // abort() finishes the reply; complete() then reports the cut-off body.
    if (m_reply && m_reply->isRunning())
        m_reply->abort();
    else
        complete();
}

void ReplyReader::complete()
{
    if (m_done || !m_reply)
        return;
    // Status first: a reply with a status is judged by it, whatever the body.
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    m_response.status = status.isValid() ? status.toInt() : 0;
    m_response.headers = m_reply->rawHeaderPairs();
    readAvailable();
    m_done = true;
    if (!m_response.tooLarge) {
        m_response.error = m_reply->error();
        m_response.errorString = m_reply->errorString();
    }
    if (m_response.error != QNetworkReply::NoError && m_response.status == 0) {
        // The manager asks the same factory: this is the proxy it used.
        const QList<QNetworkProxy> proxies
            = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(m_response.url));
        if (!proxies.isEmpty() && proxies.first().type() != QNetworkProxy::NoProxy
            && proxies.first().type() != QNetworkProxy::DefaultProxy && !proxies.first().hostName().isEmpty())
            m_response.proxy = proxies.first().hostName() + u':' + QString::number(proxies.first().port());
    }
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    reply->disconnect(this);
    reply->deleteLater();
    Q_EMIT finished(m_response);
}
