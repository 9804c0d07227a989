#include "base/backoff.h"

#include <QSet>
#include <QTest>

#include <optional>

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delay_data();
    void delay();
    void randomJitterStaysInRange_data();
    void randomJitterStaysInRange();
    void randomJitterSpreads();
    void capBelowFirstStep();
};

void TestBackoff::delay_data()
{
    QTest::addColumn<qint64>("capMs");
    QTest::addColumn<int>("failures");
    QTest::addColumn<std::optional<int>>("retryAfter");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<qint64>("expectedMs");

    const qint64 cap = Backoff::DefaultCapMs;
    const std::optional<int> none;
    QTest::newRow("first failure") << cap << 1 << none << 0.0 << qint64(1000);
    QTest::newRow("no failure counts as one") << cap << 0 << none << 0.0 << qint64(1000);
    QTest::newRow("negative counts as one") << cap << -3 << none << 0.0 << qint64(1000);
    QTest::newRow("second doubles") << cap << 2 << none << 0.0 << qint64(2000);
    QTest::newRow("sixth") << cap << 6 << none << 0.0 << qint64(32000);
    QTest::newRow("seventh capped") << cap << 7 << none << 0.0 << qint64(60000);
    QTest::newRow("far beyond, no overflow") << cap << 1000 << none << 0.0 << qint64(60000);
    QTest::newRow("full jitter: a fifth off") << cap << 1 << none << 1.0 << qint64(800);
    QTest::newRow("half jitter") << cap << 3 << none << 0.5 << qint64(3600);
    QTest::newRow("full jitter at the cap") << cap << 9 << none << 1.0 << qint64(48000);
    QTest::newRow("jitter above one clamped") << cap << 1 << none << 7.0 << qint64(800);
    QTest::newRow("jitter below zero clamped") << cap << 1 << none << -1.0 << qint64(1000);
    QTest::newRow("longer Retry-After wins") << cap << 1 << std::optional<int>(45) << 1.0 << qint64(45000);
    QTest::newRow("shorter Retry-After loses") << cap << 6 << std::optional<int>(2) << 0.0 << qint64(32000);
    QTest::newRow("Retry-After beyond the cap")
        << cap << 1 << std::optional<int>(600) << 0.0 << qint64(600000);
    QTest::newRow("Retry-After capped at an hour")
        << cap << 1 << std::optional<int>(86400) << 0.0 << Backoff::RetryAfterCapMs;
    QTest::newRow("Retry-After zero ignored") << cap << 2 << std::optional<int>(0) << 0.0 << qint64(2000);
    QTest::newRow("Retry-After negative ignored")
        << cap << 2 << std::optional<int>(-5) << 0.0 << qint64(2000);
    QTest::newRow("own cap") << qint64(10000) << 5 << none << 0.0 << qint64(10000);
    QTest::newRow("own cap, below it") << qint64(10000) << 4 << none << 0.0 << qint64(8000);
}

void TestBackoff::delay()
{
    QFETCH(qint64, capMs);
    QFETCH(int, failures);
    QFETCH(std::optional<int>, retryAfter);
    QFETCH(double, jitter);
    QFETCH(qint64, expectedMs);
    const Backoff backoff(capMs);
    QCOMPARE(backoff.delayMs(failures, retryAfter, jitter), expectedMs);
    if (!retryAfter)
        QVERIFY(backoff.delayMs(failures, retryAfter, jitter) <= backoff.baseMs(failures));
}

void TestBackoff::randomJitterStaysInRange_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");
    QTest::newRow("1") << 1 << qint64(800) << qint64(1000);
    QTest::newRow("4") << 4 << qint64(6400) << qint64(8000);
    QTest::newRow("capped") << 20 << qint64(48000) << qint64(60000);
}

void TestBackoff::randomJitterStaysInRange()
{
    QFETCH(int, failures);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);
    const Backoff backoff;
    for (int i = 0; i < 500; ++i) {
        const qint64 d = backoff.delayMs(failures);
        QVERIFY2(d >= minMs && d <= maxMs, qPrintable(QString::number(d)));
    }
}

void TestBackoff::randomJitterSpreads()
{
    // Accounts that failed together must not all come back at the same moment.
    const Backoff backoff;
    QSet<qint64> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(backoff.delayMs(6));
    QVERIFY2(seen.size() > 20, qPrintable(QString::number(seen.size())));
}

void TestBackoff::capBelowFirstStep()
{
    // A cap below the first step would make every wait shorter than a second.
    const Backoff backoff(10);
    QCOMPARE(backoff.capMs(), Backoff::InitialMs);
    QCOMPARE(backoff.delayMs(5, std::nullopt, 0.0), Backoff::InitialMs);
}

QTEST_APPLESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
