// AccessLog: appends, reads, the bound, damaged lines, file permissions, an
// unwritable folder and writers in several threads at once.
#include "audit/accesslog.h"
#include "audit/accesslogreport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
AccessLogEntry makeEntry(int n, const QString &command = u"token"_s)
{
    AccessLogEntry e;
    e.time = QDateTime(QDate(2026, 12, 6), QTime(4, 0), Qt::UTC).addSecs(n);
    e.accountId = QUuid::createUuid();
    e.accountName = u"account %1"_s.arg(n);
    e.command = command;
    e.caller.pid = 1000 + n;
    e.caller.uid = 1000;
    e.caller.executable = u"/usr/bin/program-%1"_s.arg(n);
    return e;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 0777) : 0;
}
} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void entryRoundTrip_data();
    void entryRoundTrip();
    void appendAndRead();
    void missingFileIsEmpty();
    void fileIsPrivate();
    void trimKeepsTheNewest_data();
    void trimKeepsTheNewest();
    void damagedLinesAreSkipped();
    void aCutLineDoesNotSwallowTheNext();
    void unwritableFolderFailsWithOneWarning();
    void concurrentWriters_data();
    void concurrentWriters();
    void report();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestAccessLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"data/access-log.jsonl"_s);
}

void TestAccessLog::entryRoundTrip_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("delivery");
    QTest::addColumn<QString>("text");
    QTest::newRow("token") << u"token"_s << QString() << u"token"_s;
    QTest::newRow("exec env") << u"exec"_s << u"env"_s << u"exec"_s;
    QTest::newRow("exec file") << u"exec"_s << u"token-file"_s << u"exec (token file)"_s;
    QTest::newRow("exec renewal") << u"exec"_s << u"token-file-renewal"_s << u"exec (token file, renewed)"_s;
}

void TestAccessLog::entryRoundTrip()
{
    QFETCH(QString, command);
    QFETCH(QString, delivery);
    QFETCH(QString, text);
    AccessLogEntry e = makeEntry(1, command);
    e.delivery = delivery;
    const QByteArray line = e.toLine();
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    const auto back = AccessLogEntry::fromLine(line.chopped(1));
    QVERIFY(back);
    QCOMPARE(back->time, e.time);
    QCOMPARE(back->time.timeSpec(), Qt::UTC);
    QCOMPARE(back->accountId, e.accountId);
    QCOMPARE(back->accountName, e.accountName);
    QCOMPARE(back->command, command);
    QCOMPARE(back->delivery, delivery);
    QCOMPARE(back->caller.pid, e.caller.pid);
    QCOMPARE(back->caller.uid, e.caller.uid);
    QCOMPARE(back->caller.executable, e.caller.executable);
    QCOMPARE(back->commandText(), text);
    QVERIFY(e.toJson().value(u"time"_s).toString().endsWith(u'Z'));
}

void TestAccessLog::appendAndRead()
{
    AccessLog log(m_path);
    QSignalSpy appended(&log, &AccessLog::appended);
    for (int i = 0; i < 5; ++i)
        QVERIFY(log.append(makeEntry(i)).ok());
    QCOMPARE(appended.size(), 5);
    QCOMPARE(appended.last().first().value<AccessLogEntry>().accountName, u"account 4"_s);

    const QList<AccessLogEntry> all = log.read();
    QCOMPARE(all.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(all.at(i).accountName, u"account %1"_s.arg(i));
    const QList<AccessLogEntry> newest = log.read(2);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.at(0).accountName, u"account 3"_s);
    QCOMPARE(newest.at(1).accountName, u"account 4"_s);
    // Another object on the same file sees the same.
    QCOMPARE(AccessLog(m_path).read().size(), 5);
    QCOMPARE(fileBytes(m_path).count('\n'), 5);
}

void TestAccessLog::missingFileIsEmpty()
{
    AccessLog log(m_path);
    QVERIFY(log.read().isEmpty());
    QVERIFY(!QFile::exists(m_path));
}

void TestAccessLog::fileIsPrivate()
{
    AccessLog log(m_path);
    QVERIFY(log.append(makeEntry(1)).ok());
    QCOMPARE(modeOf(m_path), mode_t(0600));
    // A file someone opened up is made private again at the next append.
    QVERIFY(QFile::setPermissions(m_path,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                      | QFileDevice::ReadOther));
    QCOMPARE(modeOf(m_path), mode_t(0644));
    QVERIFY(log.append(makeEntry(2)).ok());
    QCOMPARE(modeOf(m_path), mode_t(0600));
    // And after a trim, which replaces the file.
    log.setLimits(1, 10);
    QVERIFY(log.append(makeEntry(3)).ok());
    QCOMPARE(log.read().size(), 1);
    QCOMPARE(modeOf(m_path), mode_t(0600));
    // The folder it created is the user's alone.
    QCOMPARE(modeOf(QFileInfo(m_path).absolutePath()), mode_t(0700));
}

void TestAccessLog::trimKeepsTheNewest_data()
{
    QTest::addColumn<int>("maxEntries");
    QTest::addColumn<int>("trimAboveBytes");
    QTest::addColumn<int>("appends");
    QTest::newRow("entries bound") << 10 << 64 * 1024 << 400;
    QTest::newRow("bytes bound") << 1000 << 4000 << 400;
    QTest::newRow("default") << AccessLog::DefaultMaxEntries << int(AccessLog::DefaultTrimAboveBytes) << 2500;
}

void TestAccessLog::trimKeepsTheNewest()
{
    QFETCH(int, maxEntries);
    QFETCH(int, trimAboveBytes);
    QFETCH(int, appends);
    AccessLog log(m_path);
    log.setLimits(maxEntries, trimAboveBytes);
    const qint64 lineBytes = makeEntry(appends).toLine().size();
    for (int i = 0; i < appends; ++i)
        QVERIFY(log.append(makeEntry(i)).ok());
    const QList<AccessLogEntry> kept = log.read();
    QVERIFY(!kept.isEmpty());
    QVERIFY(kept.size() <= maxEntries);
    QCOMPARE(kept.last().accountName, u"account %1"_s.arg(appends - 1));
    for (qsizetype i = 1; i < kept.size(); ++i)
        QVERIFY(kept.at(i - 1).time < kept.at(i).time);
    // Never more than the bound plus the line that crossed it.
    QVERIFY(QFileInfo(m_path).size() <= trimAboveBytes + lineBytes);
    QVERIFY(fileBytes(m_path).count('\n') >= kept.size());
}

void TestAccessLog::damagedLinesAreSkipped()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    QByteArray content;
    content += makeEntry(1).toLine();
    content += "not json at all\n";
    content += "{\"time\":\"yesterday\",\"accountId\":\"x\"}\n";
    content += "\n";
    content += "[1,2,3]\n";
    content += makeEntry(2).toLine();
    content += QByteArray("\xff\xfe\x00garbage", 10) + '\n';
    content += makeEntry(3).toLine().left(40); // cut short, no newline
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();

    AccessLog log(m_path);
    const QList<AccessLogEntry> entries = log.read();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).accountName, u"account 1"_s);
    QCOMPARE(entries.at(1).accountName, u"account 2"_s);
    // A trim drops them for good.
    log.setLimits(100, 10);
    QVERIFY(log.append(makeEntry(4)).ok());
    QCOMPARE(log.read().size(), 1);
    QCOMPARE(log.read().first().accountName, u"account 4"_s);
}

void TestAccessLog::aCutLineDoesNotSwallowTheNext()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(makeEntry(1).toLine() + makeEntry(2).toLine().left(30));
    f.close();
    AccessLog log(m_path);
    QVERIFY(log.append(makeEntry(3)).ok());
    const QList<AccessLogEntry> entries = log.read();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(1).accountName, u"account 3"_s);
}

void TestAccessLog::unwritableFolderFailsWithOneWarning()
{
    // The folder's place is taken by a file: no user, root included, can write there.
    const QString blocker = m_dir->filePath(u"blocker"_s);
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    AccessLog log(QDir(blocker).filePath(u"sub/access-log.jsonl"_s));
    QSignalSpy appended(&log, &AccessLog::appended);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Cannot write the access log .*"_s));
    const Status first = log.append(makeEntry(1));
    QVERIFY(!first.ok());
    QVERIFY2(first.error().contains(u"access-log.jsonl"_s), qPrintable(first.error()));
    // Once per process: no second warning (an unexpected one fails the test).
    QVERIFY(!log.append(makeEntry(2)).ok());
    QCOMPARE(appended.size(), 0);
    QVERIFY(log.read().isEmpty());

    // A read-only folder, unless we are root (who may write anyway).
    if (::geteuid() != 0) {
        const QString dir = m_dir->filePath(u"readonly"_s);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        AccessLog readOnly(QDir(dir).filePath(u"access-log.jsonl"_s));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Cannot write the access log .*"_s));
        QVERIFY(!readOnly.append(makeEntry(1)).ok());
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
}

void TestAccessLog::concurrentWriters_data()
{
    QTest::addColumn<bool>("trimming");
    QTest::newRow("appends only") << false;
    QTest::newRow("with trims") << true;
}

void TestAccessLog::concurrentWriters()
{
    QFETCH(bool, trimming);
    constexpr int Threads = 4;
    constexpr int PerThread = 250;
    std::vector<std::unique_ptr<AccessLog>> logs;
    for (int t = 0; t < Threads; ++t) {
        logs.push_back(std::make_unique<AccessLog>(m_path));
        if (trimming)
            logs.back()->setLimits(100, 16 * 1024);
    }
    std::atomic<int> failures = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < PerThread; ++i) {
                if (!logs.at(size_t(t))->append(makeEntry(t * PerThread + i)).ok())
                    ++failures;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(failures.load(), 0);
    const QByteArray bytes = fileBytes(m_path);
    const QList<AccessLogEntry> entries = AccessLog(m_path).read();
    // Every line whole: as many entries as lines.
    QCOMPARE(entries.size(), bytes.count('\n'));
    if (!trimming) {
        QCOMPARE(entries.size(), Threads * PerThread);
    } else {
        QVERIFY(entries.size() <= 100 + Threads * 60);
        QVERIFY(bytes.size() <= 16 * 1024 + Threads * 200);
    }
}

void TestAccessLog::report()
{
    QVERIFY(AccessLogReport::table({}).contains(u"No token"_s));
    QCOMPARE(AccessLogReport::json({}).trimmed(), u"[\n]"_s);
    AccessLogEntry e = makeEntry(7, u"exec"_s);
    e.delivery = u"token-file"_s;
    AccessLogEntry unknown = makeEntry(8, u"header"_s);
    unknown.caller.executable.clear();
    const QString table = AccessLogReport::table({ e, unknown });
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith(u"TIME"_s));
    QVERIFY(lines.at(1).contains(u"exec (token file)"_s));
    QVERIFY(lines.at(1).contains(u"1007"_s));
    QVERIFY(lines.at(1).endsWith(u"/usr/bin/program-7"_s));
    QVERIFY(lines.at(2).endsWith(u"-"_s));
    const QJsonArray array = QJsonDocument::fromJson(AccessLogReport::json({ e }).toUtf8()).array();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array.at(0).toObject().value(u"delivery"_s).toString(), u"token-file"_s);
    QCOMPARE(array.at(0).toObject().value(u"pid"_s).toInteger(), 1007);
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
