#include "platform/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAtomicFile : public QObject
{
    Q_OBJECT

private:
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void replacesTheFileWithPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"accounts.json"_s);
        QVERIFY(AtomicFile::write(path, "old").ok());
        const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const Status s = AtomicFile::write(path, "new", owner);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(read(path), QByteArray("new"));
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        // Nothing but the file itself is left in the folder.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { u"accounts.json"_s });
    }

    void failureKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"missing-folder/accounts.json"_s);
        const Status s = AtomicFile::write(path, "new");
        QVERIFY(!s.ok());
        QVERIFY(!s.error().isEmpty());
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
