#include "platform/corruptfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCorruptFile : public QObject
{
    Q_OBJECT

private:
    static void write(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void movesAsideWithTimestamp()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"accounts.json"_s);
        write(path, "{damaged");
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 15, 0));

        const auto aside = CorruptFile::moveAside(path, now);
        QVERIFY2(aside.ok(), qPrintable(aside.error()));
        QCOMPARE(*aside, dir.filePath(u"accounts.json.corrupt-20261203-091500"_s));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(read(*aside), QByteArray("{damaged"));
    }

    void neverReusesAName()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 15, 0));
        const QString stem = path + u".corrupt-20261203-091500"_s;
        write(stem, "first");
        // A dangling link counts as taken too: renaming onto it would follow nothing but lose the link.
        QVERIFY(QFile::link(dir.filePath(u"nowhere"_s), stem + u"-2"_s));

        write(path, "second");
        const auto aside = CorruptFile::moveAside(path, now);
        QVERIFY2(aside.ok(), qPrintable(aside.error()));
        QCOMPARE(*aside, stem + u"-3"_s);
        QCOMPARE(read(stem), QByteArray("first"));
        QCOMPARE(read(*aside), QByteArray("second"));
    }

    void failureLeavesNothingChanged()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(u"gone/accounts.json"_s);
        const auto aside = CorruptFile::moveAside(missing, QDateTime::currentDateTime());
        QVERIFY(!aside.ok());
        QVERIFY(!aside.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCorruptFile)
#include "tst_corruptfile.moc"
