// The configuration folder failing under the files: a full disk (a tiny
// tmpfs) and a read-only folder (a read-only bind mount, which refuses root
// too). Every save fails with a clear message and leaves what was on disk
// and in memory exactly as it was. Mounting needs root; elsewhere the test
// is skipped with the reason.
#include "accounts/accountstore.h"
#include "settings/appsettings.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

Account sevenG(const QString &name)
{
    Account a = Account::create(Provider::SevenG);
    a.name = name;
    a.environment = u"dev"_s;
    a.baseUrl = QUrl(u"https://dev-api.7g.com.au"_s);
    a.login = u"user-"_s + name;
    return a;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool run(const QString &program, const QStringList &arguments, QString *error = nullptr)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        return false;
    }
    return true;
}

// Fills the file system that holds dir until a write fails.
void fill(const QString &dir)
{
    QFile filler(QDir(dir).filePath(u"filler"_s));
    QVERIFY(filler.open(QIODevice::WriteOnly));
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size() && filler.flush()) { }
    filler.close();
}

} // namespace

class TestConfigFailures : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_base;
    QString m_mount;
    bool m_mounted = false;

    // A config folder of its own file system: tmpfs of `bytes`.
    bool mountTmpfs(qint64 bytes)
    {
        m_mount = m_base.filePath(u"config"_s);
        QDir().mkpath(m_mount);
        QString error;
        if (!run(u"mount"_s,
                 { u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=%1,mode=0700"_s.arg(bytes), u"tmpfs"_s, m_mount },
                 &error)) {
            qWarning("mount failed: %s", qPrintable(error));
            return false;
        }
        m_mounted = true;
        return true;
    }

    // Makes the mounted folder read-only for everyone, root included.
    bool remountReadOnly() { return run(u"mount"_s, { u"-o"_s, u"remount,ro"_s, m_mount }); }

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("mounting a tmpfs for the configuration folder needs root");
        QVERIFY(m_base.isValid());
    }

    void cleanup()
    {
        if (m_mounted)
            run(u"umount"_s, { m_mount });
        m_mounted = false;
    }

    void accountsOnAFullDisk()
    {
        if (!mountTmpfs(64 * 1024))
            QSKIP("this machine does not allow mounting a tmpfs");
        const QString path = QDir(m_mount).filePath(u"accounts.json"_s);
        AccountStore store(path);
        QVERIFY(store.load().ok());
        const Account alpha = sevenG(u"Alpha"_s);
        QVERIFY(store.add(alpha).ok());
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        fill(m_mount);
        QList<Account> many;
        Status failed = Status::success();
        // The first account may still fit in a partly filled block: add until one does not.
        for (int i = 0; i < 50 && failed.ok(); ++i)
            failed = store.add(sevenG(u"Bravo %1 with a long name to take room on the disk"_s.arg(i)));
        QVERIFY2(!failed.ok(), "a save on a full disk succeeded");
        QVERIFY2(failed.error().contains(u"could not be saved"_s), qPrintable(failed.error()));
        QVERIFY(store.find(alpha.id).has_value());

        // Whatever was saved before the disk filled is intact and loads again.
        AccountStore again(path);
        QVERIFY2(again.load().ok(), qPrintable(again.loadProblem()));
        QCOMPARE(again.accounts().size(), store.accounts().size());
        // No temporary file left behind.
        const QStringList left = QDir(m_mount).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(left, (QStringList { u"accounts.json"_s, u"filler"_s }));

        // Room again: saving works.
        QVERIFY(QFile::remove(QDir(m_mount).filePath(u"filler"_s)));
        QVERIFY(store.add(sevenG(u"Charlie"_s)).ok());
    }

    void accountsInAReadOnlyFolder()
    {
        if (!mountTmpfs(1024 * 1024))
            QSKIP("this machine does not allow mounting a tmpfs");
        const QString path = QDir(m_mount).filePath(u"accounts.json"_s);
        {
            AccountStore store(path);
            QVERIFY(store.load().ok());
            QVERIFY(store.add(sevenG(u"Alpha"_s)).ok());
        }
        const QByteArray before = readAll(path);
        QVERIFY(remountReadOnly());

        AccountStore store(path);
        QVERIFY2(store.load().ok(), qPrintable(store.loadProblem()));
        QCOMPARE(store.accounts().size(), 1);
        const Status s = store.add(sevenG(u"Bravo"_s));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(u"could not be saved"_s), qPrintable(s.error()));
        QCOMPARE(store.accounts().size(), 1);
        QCOMPARE(readAll(path), before);
    }

    void damagedAccountsInAReadOnlyFolderAreNotTouched()
    {
        if (!mountTmpfs(1024 * 1024))
            QSKIP("this machine does not allow mounting a tmpfs");
        const QString path = QDir(m_mount).filePath(u"accounts.json"_s);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"version\": 1, \"accounts\": [tru");
        }
        const QByteArray before = readAll(path);
        QVERIFY(remountReadOnly());

        AccountStore store(path);
        const Status loaded = store.load();
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().contains(u"could not be moved aside"_s), qPrintable(loaded.error()));
        QVERIFY(store.isReadOnly());
        QVERIFY(!store.add(sevenG(u"Alpha"_s)).ok());
        QCOMPARE(readAll(path), before);
    }

    void settingsOnAFullDisk()
    {
        if (!mountTmpfs(64 * 1024))
            QSKIP("this machine does not allow mounting a tmpfs");
        const QString path = AppSettings::pathInConfigDir(m_mount);
        {
            AppSettings settings(path);
            settings.setRefreshLeadSeconds(300);
            QVERIFY(settings.save().ok());
        }
        const QByteArray before = readAll(path);
        QVERIFY(before.contains("300"));

        fill(m_mount);
        AppSettings settings(path);
        QCOMPARE(settings.refreshLeadSeconds(), 300);
        // Enough text that it cannot fit in the file's last block.
        settings.store()->setValue(u"window/padding"_s, QString(8192, u'p'));
        settings.setRefreshLeadSeconds(240);
        const Status s = settings.save();
        QVERIFY2(!s.ok(), "a settings save on a full disk succeeded");
        QVERIFY(!s.error().isEmpty());
        QCOMPARE(readAll(path), before);
    }

    void damagedSettingsInAReadOnlyFolderAreNotTouched()
    {
        if (!mountTmpfs(1024 * 1024))
            QSKIP("this machine does not allow mounting a tmpfs");
        const QString path = AppSettings::pathInConfigDir(m_mount);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("\x00\x01\x02\xff binary settings", 20));
        }
        const QByteArray before = readAll(path);
        QVERIFY(remountReadOnly());

        {
            AppSettings settings(path);
            QVERIFY2(settings.loadProblem().contains(u"could not be moved aside"_s),
                     qPrintable(settings.loadProblem()));
            // Changes live for this run only, somewhere else.
            settings.setRefreshLeadSeconds(240);
            QCOMPARE(settings.refreshLeadSeconds(), 240);
            settings.save();
        }
        QCOMPARE(readAll(path), before);
    }
};

QTEST_GUILESS_MAIN(TestConfigFailures)
#include "tst_configfailures.moc"
