#pragma once

#include "fakerequest.h"
#include "fakeresponse.h"

#include <QNetworkReply>
#include <QTimer>

// A QNetworkReply that plays back a FakeResponse the way a real reply
// arrives: always later, from the event loop — metadata, then the body
// (optionally in pieces), then finished(). Honours abort() and the request's
// transfer timeout (ending like Qt 6.4 does: OperationCanceledError).
class FakeNetworkReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeNetworkReply(const FakeRequest &request, const FakeResponse &response, QObject *parent);

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

    bool wasAborted() const { return m_aborted; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void start();
    void deliverBody();
    void complete();
    void fail(NetworkError error, const QString &message);

    FakeResponse m_response;
    QByteArray m_undelivered;
    QByteArray m_buffer;
    qint64 m_delivered = 0;
    bool m_aborted = false;
    QTimer m_timeout;
};
