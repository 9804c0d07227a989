#include "platform/resumewatcher.h"

#include "base/clock.h"

#include <QNetworkInformation>

#include <cstdlib>

ResumeWatcher::ResumeWatcher(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_timer.setInterval(DefaultCheckIntervalMs);
    // A second of slack is fine: a coarse timer lets the system batch wake-ups.
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ResumeWatcher::check);
}

void ResumeWatcher::start()
{
    m_lastWall = m_clock->now();
    m_monotonic.start();
    m_timer.start();
}

void ResumeWatcher::stop()
{
    m_timer.stop();
}

void ResumeWatcher::setCheckInterval(int msecs)
{
    m_timer.setInterval(msecs);
}

void ResumeWatcher::check()
{
    const QDateTime wall = m_clock->now();
    if (!m_monotonic.isValid() || !m_lastWall.isValid()) {
        m_lastWall = wall;
        m_monotonic.start();
        return;
    }
    const qint64 passed = m_monotonic.restart();
    const qint64 wallPassed = m_lastWall.msecsTo(wall);
    m_lastWall = wall;

    // On Linux and macOS the monotonic clock stands still during sleep, so the
    // wall clock runs ahead of it. Where it keeps running (Windows), the timer
    // simply fires far too late; catch that too.
    const qint64 skew = wallPassed - passed;
    const bool late = passed > m_timer.interval() + m_thresholdMs;
    if (std::llabs(skew) > m_thresholdMs || late) {
        Q_EMIT resumed(late && std::llabs(skew) <= m_thresholdMs ? passed : skew);
        Q_EMIT wakeUp();
    }
}

bool ResumeWatcher::watchNetwork()
{
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend())
        return false;
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Reachability))
        return false;
    m_networkBackend = info->backendName();
    const auto follow = [this](QNetworkInformation::Reachability reachability) {
        // Unknown is not evidence of being offline; only Disconnected is.
        setOnline(reachability != QNetworkInformation::Reachability::Disconnected);
    };
    connect(info, &QNetworkInformation::reachabilityChanged, this, follow);
    follow(info->reachability());
    return true;
}

void ResumeWatcher::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    Q_EMIT onlineChanged(online);
    if (online)
        Q_EMIT wakeUp();
}
