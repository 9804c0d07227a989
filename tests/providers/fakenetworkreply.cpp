#include "fakenetworkreply.h"

#include <QSslError>

#include <cstring>

using namespace Qt::StringLiterals;

namespace {

// The error Qt attaches to an HTTP error status.
QNetworkReply::NetworkError errorForStatus(int status)
{
    switch (status) {
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        if (status >= 400 && status < 500)
            return QNetworkReply::UnknownContentError;
        if (status >= 500)
            return QNetworkReply::UnknownServerError;
        return QNetworkReply::NoError;
    }
}

} // namespace

FakeNetworkReply::FakeNetworkReply(const FakeRequest &request, const FakeResponse &response, QObject *parent)
    : QNetworkReply(parent)
    , m_response(response)
    , m_undelivered(response.body)
{
    setRequest(request.request);
    setUrl(request.url);
    if (request.method == "GET")
        setOperation(QNetworkAccessManager::GetOperation);
    else if (request.method == "POST")
        setOperation(QNetworkAccessManager::PostOperation);
    else if (request.method == "PUT")
        setOperation(QNetworkAccessManager::PutOperation);
    else if (request.method == "DELETE")
        setOperation(QNetworkAccessManager::DeleteOperation);
    else
        setOperation(QNetworkAccessManager::CustomOperation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    const int timeout = request.request.transferTimeout();
    if (timeout > 0 && (response.delayMs < 0 || response.delayMs >= timeout)) {
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this,
                [this] { fail(OperationCanceledError, u"Operation canceled"_s); });
        m_timeout.start(timeout);
        return;
    }
    if (response.delayMs >= 0)
        QTimer::singleShot(response.delayMs, this, &FakeNetworkReply::start);
}

void FakeNetworkReply::start()
{
    if (isFinished())
        return;
    if (m_response.status <= 0) {
        // A real reply reports the certificate problems before giving up.
        if (m_response.error == SslHandshakeFailedError)
            Q_EMIT sslErrors({ QSslError(QSslError::SelfSignedCertificate) });
        fail(m_response.error == NoError ? UnknownNetworkError : m_response.error, m_response.errorString);
        return;
    }
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_response.status);
    for (const auto &h : std::as_const(m_response.headers))
        setRawHeader(h.first, h.second);
    if (m_response.announceLength && !hasRawHeader("Content-Length"))
        setRawHeader("Content-Length", QByteArray::number(m_response.body.size()));
    Q_EMIT metaDataChanged();
    deliverBody();
}

void FakeNetworkReply::deliverBody()
{
    if (isFinished())
        return;
    const qint64 total = m_response.announceLength ? m_response.body.size() : -1;
    const qint64 piece = m_response.chunkSize > 0 ? qMin<qint64>(m_response.chunkSize, m_undelivered.size())
                                                  : m_undelivered.size();
    if (piece > 0) {
        m_buffer.append(m_undelivered.left(piece));
        m_undelivered.remove(0, piece);
        m_delivered += piece;
        Q_EMIT readyRead();
        if (isFinished())
            return; // the reader aborted
        Q_EMIT downloadProgress(m_delivered, total);
        if (isFinished())
            return;
    }
    if (!m_undelivered.isEmpty()) {
        QTimer::singleShot(0, this, &FakeNetworkReply::deliverBody);
        return;
    }
    complete();
}

void FakeNetworkReply::complete()
{
    if (isFinished())
        return;
    if (m_response.error != NoError) {
        fail(m_response.error, m_response.errorString);
        return;
    }
    const NetworkError statusError = errorForStatus(m_response.status);
    if (statusError != NoError) {
        setError(statusError, u"Server replied: %1"_s.arg(m_response.status));
        Q_EMIT errorOccurred(statusError);
    }
    m_timeout.stop();
    setFinished(true);
    Q_EMIT finished();
}

void FakeNetworkReply::fail(NetworkError error, const QString &message)
{
    if (isFinished())
        return;
    m_timeout.stop();
    setError(error, message.isEmpty() ? u"Network error %1"_s.arg(int(error)) : message);
    Q_EMIT errorOccurred(error);
    setFinished(true);
    Q_EMIT finished();
}

void FakeNetworkReply::abort()
{
    if (isFinished())
        return;
    m_aborted = true;
    fail(OperationCanceledError, u"Operation canceled"_s);
}

qint64 FakeNetworkReply::bytesAvailable() const
{
    return m_buffer.size() + QNetworkReply::bytesAvailable();
}

qint64 FakeNetworkReply::readData(char *data, qint64 maxSize)
{
    const qint64 n = qMin<qint64>(maxSize, m_buffer.size());
    if (n == 0)
        return (isFinished() && m_buffer.isEmpty()) ? -1 : 0;
    std::memcpy(data, m_buffer.constData(), size_t(n));
    m_buffer.remove(0, n);
    return n;
}
