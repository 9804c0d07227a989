// View → Recent Access…: AccessLogModel under QAbstractItemModelTester, and
// the dialog showing an entry that arrives while it is open.
#include "audit/accesslog.h"
#include "dialogs/accesslogmodel.h"
#include "dialogs/recentaccessdialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
AccessLogEntry makeEntry(int n, const QString &executable = u"/usr/bin/curl"_s)
{
    AccessLogEntry e;
    e.time = QDateTime::currentDateTimeUtc().addSecs(n);
    e.accountId = QUuid::createUuid();
    e.accountName = u"account %1"_s.arg(n);
    e.command = u"exec"_s;
    e.delivery = u"token-file"_s;
    e.caller.pid = 4000 + n;
    e.caller.uid = 1000;
    e.caller.executable = executable;
    return e;
}
} // namespace

class TestRecentAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void modelFollowsTheLog();
    void modelKeepsToTheBound();
    void dialogShowsANewEntryWhileOpen();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestRecentAccess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"access-log.jsonl"_s);
}

void TestRecentAccess::modelFollowsTheLog()
{
    AccessLog log(m_path);
    QVERIFY(log.append(makeEntry(1)).ok());
    QVERIFY(log.append(makeEntry(2, QString())).ok());
    AccessLogModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(AccessLogModel::ColumnCount));
    QCOMPARE(model.index(0, AccessLogModel::AccountColumn).data().toString(), u"account 1"_s);
    QCOMPARE(model.index(0, AccessLogModel::CommandColumn).data().toString(), u"exec (token file)"_s);
    QCOMPARE(model.index(0, AccessLogModel::ProcessColumn).data().toString(), u"curl"_s);
    QCOMPARE(model.index(0, AccessLogModel::ProcessColumn).data(Qt::ToolTipRole).toString(),
             u"/usr/bin/curl"_s);
    QCOMPARE(model.index(0, AccessLogModel::PidColumn).data().toString(), u"4001"_s);
    QCOMPARE(model.index(0, AccessLogModel::UserColumn).data().toString(), u"1000"_s);
    QCOMPARE(model.index(1, AccessLogModel::ProcessColumn).data().toString(), u"unknown"_s);
    for (int c = 0; c < model.columnCount(); ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());

    QVERIFY(log.append(makeEntry(3)).ok());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, AccessLogModel::AccountColumn).data().toString(), u"account 3"_s);

    // Entries of other processes come with a reload.
    AccessLog other(m_path);
    QVERIFY(other.append(makeEntry(4)).ok());
    QCOMPARE(model.rowCount(), 3);
    model.reload();
    QCOMPARE(model.rowCount(), 4);
}

void TestRecentAccess::modelKeepsToTheBound()
{
    AccessLog log(m_path);
    log.setLimits(3, 1024 * 1024);
    AccessLogModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 6; ++i)
        QVERIFY(log.append(makeEntry(i)).ok());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, AccessLogModel::AccountColumn).data().toString(), u"account 3"_s);
    QCOMPARE(model.index(2, AccessLogModel::AccountColumn).data().toString(), u"account 5"_s);
}

void TestRecentAccess::dialogShowsANewEntryWhileOpen()
{
    AccessLog log(m_path);
    QVERIFY(log.append(makeEntry(1)).ok());
    RecentAccessDialog dialog(&log);
    QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTableView *table = dialog.findChild<QTableView *>(u"recentAccessTable"_s);
    QVERIFY(table);
    QVERIFY(!table->accessibleName().isEmpty());
    QCOMPARE(table->editTriggers(), QAbstractItemView::NoEditTriggers);
    QCOMPARE(table->model()->rowCount(), 1);
    auto *summary = dialog.findChild<QLabel *>(u"recentAccessSummary"_s);
    QVERIFY(summary);
    const QString before = summary->text();

    QVERIFY(log.append(makeEntry(2)).ok());
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(1, AccessLogModel::AccountColumn).data().toString(), u"account 2"_s);
    QVERIFY(summary->text() != before);

    // Keyboard: the table takes the focus, and the Close button is a Tab away.
    dialog.activateWindow();
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QWidget *start = QApplication::focusWidget();
    bool leftTable = false;
    for (int i = 0; i < 5 && !leftTable; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        leftTable = QApplication::focusWidget() != start;
    }
    QVERIFY(leftTable);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QTRY_VERIFY(!dialog.isVisible());
}

QTEST_MAIN(TestRecentAccess)
#include "tst_recentaccess.moc"
