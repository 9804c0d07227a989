#pragma once

#include "base/backoff.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUuid>

struct AuthError;
class Clock;
class TokenSession;

// Tells when sessions fail to reach their services, so that the window and
// the tray show one "Offline — retrying" and the sessions do not all retry
// on their own: while offline, one automatic attempt at a time goes out to a
// server that could not be reached, on one shared back-off.
class OfflineMonitor : public QObject
{
    Q_OBJECT
public:
    explicit OfflineMonitor(const Clock *clock, QObject *parent = nullptr);

    // True from the moment two sessions (or the only one) failed to connect
    // until any server answers.
    bool isOffline() const { return m_offline; }

    // Consulted before every automatic attempt of a session; false defers it.
    bool allowAutomaticAttempt(TokenSession *session);

    // A session's sign-in or refresh ended (error.kind None on success);
    // sessionCount: how many sessions there are in all.
    void attemptFinished(TokenSession *session, const AuthError &error, qsizetype sessionCount);

    // The session is gone: its failures no longer count.
    void forget(const QUuid &session);

    // The network is back or the machine woke up: the next probe may go at once.
    void probeNow();

Q_SIGNALS:
    void offlineChanged(bool offline);
    // A server answered after an outage: whoever was held back may try at once.
    // Emitted after offlineChanged(false).
    void networkReturned();

private:
    void setOffline(bool offline);

    const Clock *m_clock;
    Backoff m_backoff;
    bool m_offline = false;
    // Sessions whose last attempt failed to connect, and the hosts they
    // failed on, since the last answer from any server.
    QSet<QUuid> m_unreachableSessions;
    QSet<QString> m_unreachableHosts;
    QPointer<TokenSession> m_probe; // the one automatic attempt allowed while offline
    QDateTime m_nextProbeAt;
    int m_failedProbes = 0;
};
