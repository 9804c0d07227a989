#pragma once

#include "simreply.h"

#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QPointer>

class Clock;
class SimTokenServer;

// A QNetworkAccessManager whose requests go to a SimTokenServer and whose
// replies arrive on the simulated clock: call deliverDue() after every clock
// step. Answers due "now" still arrive from the event loop, never inside the
// call that sent the request. Counts requests in flight per port (account).
class SimNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    SimNetworkAccessManager(SimTokenServer *server, const Clock *clock, QObject *parent = nullptr);

    // Delivers every reply whose time has come.
    void deliverDue();

    int inFlight() const { return int(m_pending.size()); }
    int maxInFlight(int port) const { return m_maxInFlight.value(port); }
    int maxInFlightAnyPort() const;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    struct Pending
    {
        QPointer<SimReply> reply;
        QDateTime due;
        SimResponse response;
        int port = 0;
    };

    void finished(SimReply *reply, int port);

    SimTokenServer *m_server;
    const Clock *m_clock;
    QList<Pending> m_pending;
    QHash<int, int> m_inFlight;
    QHash<int, int> m_maxInFlight;
};
