// StopSignalWatcher: SIGTERM, SIGINT and SIGHUP arrive in the event loop, in
// order and counted; the previous dispositions come back when it goes; and a
// process whose event loop no longer answers still ends on the third signal.
#include "base/stopsignalwatcher.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

class TestStopSignalWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signalsArriveInTheEventLoop_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }

    void signalsArriveInTheEventLoop()
    {
        QFETCH(int, signalNumber);
        StopSignalWatcher watcher;
        QVERIFY(watcher.isValid());
        QCOMPARE(StopSignalWatcher::received(), 0);
        QSignalSpy spy(&watcher, &StopSignalWatcher::stopRequested);

        QCOMPARE(::raise(signalNumber), 0);
        // The handler has run; the event loop has not been asked yet.
        QCOMPARE(StopSignalWatcher::received(), 1);
        QCOMPARE(StopSignalWatcher::lastSignal(), signalNumber);
        QCOMPARE(spy.count(), 0);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), signalNumber);
        QCOMPARE(spy.at(0).at(1).toInt(), 1);

        // A second one is counted as the second.
        QCOMPARE(::raise(SIGTERM), 0);
        QTRY_COMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toInt(), int(SIGTERM));
        QCOMPARE(spy.at(1).at(1).toInt(), 2);
    }

    void oneWatcherPerProcess()
    {
        StopSignalWatcher first;
        QVERIFY(first.isValid());
        StopSignalWatcher second;
        QVERIFY(!second.isValid());
    }

    void dispositionsAreRestored()
    {
        {
            StopSignalWatcher watcher;
            QVERIFY(watcher.isValid());
            struct sigaction current = {};
            ::sigaction(SIGHUP, nullptr, &current);
            QVERIFY(current.sa_handler != SIG_DFL);
        }
        for (const int s : { SIGTERM, SIGINT, SIGHUP }) {
            struct sigaction current = {};
            ::sigaction(s, nullptr, &current);
            QVERIFY(current.sa_handler == SIG_DFL);
        }
        // And a new watcher works again.
        StopSignalWatcher again;
        QVERIFY(again.isValid());
    }

    // A child whose event loop is stuck: two signals are only counted, the
    // third ends the process by the default action of that signal.
    void thirdSignalEndsAStuckProcess()
    {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), { u"--stuck-child"_s });
        QVERIFY(child.waitForStarted(10000));
        QVERIFY(child.waitForReadyRead(10000));
        QCOMPARE(child.readLine().trimmed(), QByteArray("ready"));

        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(::kill(pid_t(child.processId()), SIGTERM), 0);
            QTest::qWait(100);
        }
        QVERIFY2(!child.waitForFinished(300), "two signals ended a process whose event loop was stuck");
        QCOMPARE(::kill(pid_t(child.processId()), SIGTERM), 0);
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit); // killed by the signal
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 2 && qstrcmp(argv[1], "--stuck-child") == 0) {
        StopSignalWatcher watcher;
        if (!watcher.isValid())
            return 2;
        std::fputs("ready\n", stdout);
        std::fflush(stdout);
        // Never returns to an event loop.
        for (int i = 0; i < 600; ++i)
            ::usleep(50'000);
        return 3;
    }
    TestStopSignalWatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stopsignalwatcher.moc"
