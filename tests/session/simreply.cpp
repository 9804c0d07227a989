#include "simreply.h"

#include <cstring>

using namespace Qt::StringLiterals;

SimReply::SimReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                   QObject *parent)
    : QNetworkReply(parent)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

void SimReply::deliver(const SimResponse &response)
{
    if (isFinished())
        return;
    if (response.status > 0) {
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, response.status);
        for (const auto &h : response.headers)
            setRawHeader(h.first, h.second);
        setRawHeader("Content-Length", QByteArray::number(response.body.size()));
        Q_EMIT metaDataChanged();
        m_buffer = response.body;
        if (!m_buffer.isEmpty())
            Q_EMIT readyRead();
        if (isFinished())
            return; // the reader gave up
        if (response.error == NoError && response.status >= 400) {
            // As Qt does: an error status is also a reply error.
            const NetworkError e = response.status == 401 ? AuthenticationRequiredError
                : response.status == 403                  ? ContentAccessDenied
                : response.status == 503                  ? ServiceUnavailableError
                : response.status >= 500                  ? UnknownServerError
                                                          : UnknownContentError;
            setError(e, u"Server replied: %1"_s.arg(response.status));
            Q_EMIT errorOccurred(e);
        }
    }
    if (response.error != NoError) {
        setError(response.error, response.errorString);
        Q_EMIT errorOccurred(response.error);
    }
    setFinished(true);
    Q_EMIT finished();
}

void SimReply::abort()
{
    if (isFinished())
        return;
    setError(OperationCanceledError, u"Operation canceled"_s);
    Q_EMIT errorOccurred(OperationCanceledError);
    setFinished(true);
    Q_EMIT finished();
}

qint64 SimReply::bytesAvailable() const
{
    return m_buffer.size() + QIODevice::bytesAvailable();
}

qint64 SimReply::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_buffer.size());
    if (n > 0) // QIODevice may ask for nothing with a null buffer; memcpy() must not see it
        std::memcpy(data, m_buffer.constData(), size_t(n));
    m_buffer.remove(0, n);
    return n;
}
