#include "base/clock.h"
#include "platform/resumewatcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class ResumeWatcherTest : public QObject
{
    Q_OBJECT

private:
    static constexpr int Interval = 50;
    static constexpr int Threshold = 1000;

    static void configure(ResumeWatcher &watcher)
    {
        watcher.setCheckInterval(Interval);
        watcher.setJumpThreshold(Threshold);
        watcher.start();
    }

private Q_SLOTS:
    void steadyClockDoesNotWake()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        // Real time passes while the wall clock follows it in small steps.
        for (int i = 0; i < 10; ++i) {
            QTest::qWait(Interval);
            clock.advance(Interval);
        }
        QCOMPARE(wake.count(), 0);
    }

    void forwardJumpWakesAtOnce()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        QSignalSpy resumed(&watcher, &ResumeWatcher::resumed);
        QTest::qWait(3 * Interval);
        QCOMPARE(wake.count(), 0);

        clock.advance(3600 * 1000); // an hour asleep
        QVERIFY(wake.wait(10 * Interval));
        QCOMPARE(wake.count(), 1);
        QCOMPARE(resumed.count(), 1);
        const qint64 jump = resumed.first().first().toLongLong();
        QVERIFY2(jump > 3590 * 1000 && jump <= 3600 * 1000, QByteArray::number(jump).constData());

        // One wake per jump, not one per check afterwards.
        QTest::qWait(5 * Interval);
        QCOMPARE(wake.count(), 1);
    }

    void backwardJumpWakes()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        QSignalSpy resumed(&watcher, &ResumeWatcher::resumed);
        clock.advance(-600 * 1000);
        QVERIFY(resumed.wait(10 * Interval));
        QVERIFY(resumed.first().first().toLongLong() < -590 * 1000);
    }

    void smallDriftIsIgnored()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        clock.advance(Threshold / 2);
        QTest::qWait(5 * Interval);
        QCOMPARE(wake.count(), 0);
    }

    void lateTimerCountsAsResume()
    {
        // Where the monotonic clock runs on through sleep, the only sign is a
        // check that comes far too late.
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        QTest::qWait(2 * Interval);
        QTest::qSleep(Interval + Threshold + 200); // the event loop does not run
        clock.advance(Interval + Threshold + 200);
        QVERIFY(wake.wait(10 * Interval));
    }

    void stoppedWatcherIsQuiet()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        configure(watcher);
        watcher.stop();
        QVERIFY(!watcher.isRunning());
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        clock.advance(3600 * 1000);
        QTest::qWait(5 * Interval);
        QCOMPARE(wake.count(), 0);
    }

    void networkReturnWakes()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        QSignalSpy wake(&watcher, &ResumeWatcher::wakeUp);
        QSignalSpy online(&watcher, &ResumeWatcher::onlineChanged);
        QVERIFY(watcher.isOnline());

        watcher.setOnline(true); // no change
        QCOMPARE(online.count(), 0);
        watcher.setOnline(false);
        QCOMPARE(online.count(), 1);
        QCOMPARE(wake.count(), 0); // going offline is no reason to retry
        watcher.setOnline(false);
        QCOMPARE(online.count(), 1);

        watcher.setOnline(true);
        QCOMPARE(online.count(), 2);
        QCOMPARE(wake.count(), 1);
    }

    void networkBackendIsOptional()
    {
        ManualClock clock;
        ResumeWatcher watcher(&clock);
        // Whether a backend exists depends on the machine; either way the
        // watcher keeps working and reports what it found.
        const bool watching = watcher.watchNetwork();
        QCOMPARE(watching, !watcher.networkBackend().isEmpty());
        qInfo("network backend: %s", watching ? qPrintable(watcher.networkBackend()) : "none");
    }
};

QTEST_GUILESS_MAIN(ResumeWatcherTest)
#include "tst_resumewatcher.moc"
