#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class Clock;

// Notices the two moments when every token should be looked at at once: the
// machine woke from sleep (the wall clock jumped ahead of the monotonic one
// between two checks) and the network came back (QNetworkInformation, where
// the platform has a backend). It only says so — wakeUp() — so the owner
// connects it to SessionManager::tick(); the sessions' shared back-off keeps
// that from turning into a retry storm.
class ResumeWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultCheckIntervalMs = 2000;
    static constexpr int DefaultJumpThresholdMs = 5000;

    explicit ResumeWatcher(const Clock *clock, QObject *parent = nullptr);

    // Starts the periodic clock comparison.
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    void setCheckInterval(int msecs);
    int checkInterval() const { return m_timer.interval(); }
    // A gap between wall clock and monotonic clock larger than this is a resume.
    void setJumpThreshold(int msecs) { m_thresholdMs = msecs; }

    // Follows QNetworkInformation's reachability. False when the platform has
    // no backend; the clock comparison works regardless.
    bool watchNetwork();
    QString networkBackend() const { return m_networkBackend; }

    // Whether the network is believed reachable (true until told otherwise).
    bool isOnline() const { return m_online; }
    // Fed by QNetworkInformation, or by tests. Going from offline to online wakes.
    void setOnline(bool online);

    // Compares the clocks now (the timer calls this).
    void check();

Q_SIGNALS:
    // The wall clock moved by jumpMsecs more than the time that passed for the
    // process: suspend/resume, a stopped process, or the clock being set.
    void resumed(qint64 jumpMsecs);
    void onlineChanged(bool online);
    // Check every session now (after resumed(), or when the network returned).
    void wakeUp();

private:
    const Clock *m_clock;
    QTimer m_timer;
    QElapsedTimer m_monotonic;
    QDateTime m_lastWall;
    int m_thresholdMs = DefaultJumpThresholdMs;
    bool m_online = true;
    QString m_networkBackend;
};
