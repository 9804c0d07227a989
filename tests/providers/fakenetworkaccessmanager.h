#pragma once

#include "fakerequest.h"
#include "fakeresponse.h"

#include <QList>
#include <QNetworkAccessManager>

#include <functional>

// An in-process QNetworkAccessManager: every request goes to a handler
// function (request → response) instead of the network, and the answer
// arrives asynchronously like a real one. Records every request and counts
// the ones in flight.
class FakeNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;

    explicit FakeNetworkAccessManager(QObject *parent = nullptr);

    // Without a handler every request fails with ConnectionRefusedError.
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }
    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    int abortedCount() const { return m_aborted; }

Q_SIGNALS:
    void requestStarted(const FakeRequest &request);

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    Handler m_handler;
    QList<FakeRequest> m_requests;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_aborted = 0;
};
