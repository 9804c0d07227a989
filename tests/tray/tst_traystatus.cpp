#include "tray/traystatus.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(SessionState)
Q_DECLARE_METATYPE(TrayStatus::Level)

class TrayStatusTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void level_data()
    {
        QTest::addColumn<SessionState>("state");
        QTest::addColumn<qint64>("secondsLeft");
        QTest::addColumn<bool>("hasToken");
        QTest::addColumn<TrayStatus::Level>("expected");
        using L = TrayStatus::Level;
        QTest::newRow("valid") << SessionState::Valid << qint64(600) << true << L::Ok;
        QTest::newRow("valid, renewal late") << SessionState::Valid << qint64(3) << true << L::Warning;
        QTest::newRow("refreshing") << SessionState::Refreshing << qint64(3) << true << L::Ok;
        QTest::newRow("signing in") << SessionState::SigningIn << qint64(0) << false << L::Ok;
        QTest::newRow("restoring") << SessionState::Restoring << qint64(0) << false << L::Ok;
        QTest::newRow("signed out") << SessionState::SignedOut << qint64(0) << false << L::Ok;
        QTest::newRow("retrying") << SessionState::RetryScheduled << qint64(300) << true << L::Warning;
        QTest::newRow("expired") << SessionState::Expired << qint64(-5) << true << L::Warning;
        QTest::newRow("no password") << SessionState::NeedsCredentials << qint64(0) << false << L::Warning;
        QTest::newRow("rejected") << SessionState::CredentialsRejected << qint64(0) << false << L::Error;
        QTest::newRow("keychain") << SessionState::KeychainUnavailable << qint64(0) << false << L::Error;
        QTest::newRow("failed") << SessionState::Failed << qint64(0) << false << L::Error;
    }

    void level()
    {
        QFETCH(SessionState, state);
        QFETCH(qint64, secondsLeft);
        QFETCH(bool, hasToken);
        QFETCH(TrayStatus::Level, expected);
        QCOMPARE(TrayStatus::level(state, secondsLeft, hasToken), expected);
    }

    void toolTip_data()
    {
        QTest::addColumn<int>("accounts");
        QTest::addColumn<int>("attention");
        QTest::addColumn<bool>("offline");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << 0 << 0 << false << u"No accounts yet"_s;
        QTest::newRow("one fine") << 1 << 0 << false << u"1 account · all fine"_s;
        QTest::newRow("twelve, one") << 12 << 1 << false << u"12 accounts · 1 needs attention"_s;
        QTest::newRow("twelve, three") << 12 << 3 << false << u"12 accounts · 3 need attention"_s;
        QTest::newRow("offline") << 2 << 2 << true << u"2 accounts · 2 need attention\nOffline — retrying"_s;
    }

    void toolTip()
    {
        QFETCH(int, accounts);
        QFETCH(int, attention);
        QFETCH(bool, offline);
        QFETCH(QString, expected);
        TrayStatus::Summary summary;
        summary.accounts = accounts;
        summary.needAttention = attention;
        summary.offline = offline;
        QCOMPARE(TrayStatus::toolTip(summary), expected);
    }

    void emptySummaryIsOk()
    {
        const TrayStatus::Summary summary = TrayStatus::summarize({}, true);
        QCOMPARE(summary.accounts, 0);
        QCOMPARE(summary.level, TrayStatus::Level::Ok);
    }
};

QTEST_GUILESS_MAIN(TrayStatusTest)
#include "tst_traystatus.moc"
