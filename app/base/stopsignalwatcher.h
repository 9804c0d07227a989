#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal, for every process of the
// project that has an event loop: the window, a command-line command and the
// fake server. The handler only writes one byte into a socket pair (and
// counts); everything else happens in the event loop, which reads the other
// end through a QSocketNotifier.
//
// What a stop means is up to the process; the rule they all follow is: the
// first signal starts the normal, clean way out, a second one while that is
// under way ends the process at once. Should the event loop no longer answer
// at all, the third signal is handled by the system's default action, so a
// process never ignores a stop for good.
//
// One watcher per process: a second one while the first lives is not valid.
class StopSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit StopSignalWatcher(QObject *parent = nullptr);
    ~StopSignalWatcher() override;

    bool isValid() const { return m_notifier != nullptr; }

    // Stop signals delivered to this process since the watcher was made, read
    // straight from the handler's counter: true also while the event loop is
    // blocked and has not seen the byte yet (for waits that poll).
    static int received();
    // The number of the last of them (SIGTERM, ...), 0 before the first.
    static int lastSignal();

Q_SIGNALS:
    // count: 1 for the first stop signal, 2 for the second, ...
    void stopRequested(int signalNumber, int count);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
    int m_delivered = 0;
};
