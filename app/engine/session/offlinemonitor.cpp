#include "session/offlinemonitor.h"

#include "base/clock.h"
#include "providers/autherror.h"
#include "session/tokensession.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString hostKey(const QUrl &url)
{
    return url.scheme() + u"://"_s + url.authority();
}

// Connection-level: no HTTP reply at all (refused, reset, timeout, no route).
bool isConnectionFailure(const AuthError &error)
{
    return error.kind == AuthError::Kind::Transient && error.httpStatus == 0;
}

} // namespace

OfflineMonitor::OfflineMonitor(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{ }

bool OfflineMonitor::allowAutomaticAttempt(TokenSession *session)
{
    if (!m_offline)
        return true;
    // A server nobody failed to reach yet is worth its own try.
    if (!m_unreachableHosts.contains(hostKey(session->account().baseUrl)))
        return true;
    // Otherwise one probe at a time, on one shared back-off: no retry storm.
    if (m_probe && m_probe->isBusy())
        return false;
    // A probe time further away than the longest back-off means the clock was set back.
    const qint64 wait = m_nextProbeAt.isValid() ? m_clock->now().msecsTo(m_nextProbeAt) : 0;
    if (wait > 0 && wait <= m_backoff.capMs())
        return false;
    m_probe = session;
    return true;
}

void OfflineMonitor::attemptFinished(TokenSession *session, const AuthError &error, qsizetype sessionCount)
{
    const bool wasProbe = m_probe == session;
    if (wasProbe)
        m_probe = nullptr;
    if (!isConnectionFailure(error)) {
        // Some server answered: the network is there.
        m_unreachableSessions.clear();
        m_unreachableHosts.clear();
        m_failedProbes = 0;
        m_nextProbeAt = QDateTime();
        if (m_offline) {
            setOffline(false);
            Q_EMIT networkReturned();
        }
        return;
    }
    m_unreachableSessions.insert(session->id());
    m_unreachableHosts.insert(hostKey(session->account().baseUrl));
    const qsizetype needed = std::min<qsizetype>(2, sessionCount);
    if (!m_offline && m_unreachableSessions.size() >= needed) {
        setOffline(true);
        m_failedProbes = 0;
    } else if (!m_offline || !wasProbe) {
        // Failures of attempts started before the outage was known do not
        // lengthen the shared back-off; only failed probes do.
        return;
    }
    ++m_failedProbes;
    m_nextProbeAt = m_clock->now().addMSecs(m_backoff.delayMs(m_failedProbes));
}

void OfflineMonitor::forget(const QUuid &session)
{
    m_unreachableSessions.remove(session);
}

void OfflineMonitor::probeNow()
{
    m_nextProbeAt = QDateTime();
}

void OfflineMonitor::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline);
}
