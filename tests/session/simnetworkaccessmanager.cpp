#include "simnetworkaccessmanager.h"

#include "base/clock.h"
#include "simtokenserver.h"

#include <algorithm>

SimNetworkAccessManager::SimNetworkAccessManager(SimTokenServer *server, const Clock *clock, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_server(server)
    , m_clock(clock)
{ }

int SimNetworkAccessManager::maxInFlightAnyPort() const
{
    int n = 0;
    for (const int v : m_maxInFlight)
        n = std::max(n, v);
    return n;
}

QNetworkReply *SimNetworkAccessManager::createRequest(Operation op, const QNetworkRequest &request,
                                                      QIODevice *outgoingData)
{
    const QByteArray body = outgoingData ? outgoingData->readAll() : QByteArray();
    auto *reply = new SimReply(op, request, this);
    const int port = request.url().port();
    const int now = ++m_inFlight[port];
    m_maxInFlight[port] = std::max(m_maxInFlight.value(port), now);

    Pending p;
    p.reply = reply;
    p.response = m_server->handle(op, request, body);
    p.port = port;
    p.due = m_clock->now().addMSecs(std::max<qint64>(0, p.response.latencyMs));
    m_pending.append(p);
    // Finished by delivery or by an abort: either way no longer in flight.
    connect(reply, &QNetworkReply::finished, this, [this, reply, port] { finished(reply, port); });
    if (p.response.latencyMs == 0)
        QMetaObject::invokeMethod(this, &SimNetworkAccessManager::deliverDue, Qt::QueuedConnection);
    return reply;
}

void SimNetworkAccessManager::finished(SimReply *reply, int port)
{
    --m_inFlight[port];
    m_pending.removeIf([reply](const Pending &p) { return p.reply == reply || !p.reply; });
}

void SimNetworkAccessManager::deliverDue()
{
    const QDateTime now = m_clock->now();
    QList<Pending> due;
    for (const Pending &p : std::as_const(m_pending)) {
        if (p.reply && p.due <= now)
            due.append(p);
    }
    for (const Pending &p : std::as_const(due)) {
        if (p.reply)
            p.reply->deliver(p.response);
    }
}
