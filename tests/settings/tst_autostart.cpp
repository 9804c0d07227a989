#include "settings/autostart.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class AutostartTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString readAll(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Never touch the real ~/.config/autostart.
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
    }

    void defaultPathHonoursXdgConfigHome()
    {
        QCOMPARE(Autostart::defaultPath(),
                 m_dir.filePath(u"config"_s) + u"/autostart/io.github.tokentray.TokenTray.desktop"_s);
    }

    void enableWritesEntryAndDisableRemovesIt()
    {
        Autostart autostart;
        QVERIFY(!autostart.isEnabled());
        QVERIFY(!QFile::exists(autostart.path()));

        const Status on = autostart.enable({ u"tokentray"_s, u"--minimized"_s });
        QVERIFY2(on.ok(), qPrintable(on.error()));
        QVERIFY(QFile::exists(autostart.path()));
        QVERIFY(autostart.isEnabled());

        const QString entry = readAll(autostart.path());
        QVERIFY(entry.startsWith(u"[Desktop Entry]\n"_s));
        QVERIFY(entry.contains(u"\nType=Application\n"_s));
        QVERIFY(entry.contains(u"\nExec=tokentray --minimized\n"_s));
        QVERIFY(entry.contains(u"\nX-GNOME-Autostart-enabled=true\n"_s));
        QVERIFY(entry.contains(u"\nIcon=io.github.tokentray.TokenTray\n"_s));

        // Enabling twice just rewrites it.
        QVERIFY(autostart.enable({ u"tokentray"_s, u"--minimized"_s }).ok());
        QVERIFY(autostart.isEnabled());

        QVERIFY(autostart.disable().ok());
        QVERIFY(!QFile::exists(autostart.path()));
        QVERIFY(!autostart.isEnabled());
        // Nothing to remove is fine.
        QVERIFY(autostart.disable().ok());
    }

    void entryPassesDesktopFileValidate()
    {
        const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed");
        Autostart autostart(m_dir.filePath(u"validate/io.github.tokentray.TokenTray.desktop"_s));
        QVERIFY(autostart.enable({ u"/opt/Token Tray/bin/tokentray"_s, u"--minimized"_s }).ok());
        QProcess p;
        p.start(validator, { autostart.path() });
        QVERIFY(p.waitForFinished(20000));
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0 && !out.contains("error"), out.constData());
    }

    void entryDisabledBySessionSettingsIsNotEnabled_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("hidden") << "Hidden=true"_ba;
        QTest::newRow("gnome switch off") << "X-GNOME-Autostart-enabled=false"_ba;
    }

    void entryDisabledBySessionSettingsIsNotEnabled()
    {
        QFETCH(QByteArray, line);
        Autostart autostart(m_dir.filePath(u"off/entry.desktop"_s));
        QVERIFY(autostart.enable({ u"tokentray"_s }).ok());
        QFile f(autostart.path());
        QVERIFY(f.open(QIODevice::Append));
        f.write(line + '\n');
        f.close();
        QVERIFY(!autostart.isEnabled());
    }

    void unusableCommandIsRefused()
    {
        Autostart autostart(m_dir.filePath(u"refused/entry.desktop"_s));
        QVERIFY(!autostart.enable({}).ok());
        QVERIFY(!autostart.enable({ u"token\ntray"_s }).ok());
        QVERIFY(!QFile::exists(autostart.path()));
    }

    void defaultCommandStartsMinimized()
    {
        const QStringList command = Autostart::defaultCommand();
        QCOMPARE(command.size(), 2);
        QCOMPARE(command.last(), u"--minimized"_s);
        // This test binary is not "tokentray" on PATH, so the absolute path is used.
        QCOMPARE(command.first(), QCoreApplication::applicationFilePath());
    }

    void execLineQuoting_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("exec");
        QTest::newRow("plain") << QStringList { u"tokentray"_s, u"--minimized"_s }
                               << u"tokentray --minimized"_s;
        QTest::newRow("space") << QStringList { u"/opt/Token Tray/tokentray"_s }
                               << u"\"/opt/Token Tray/tokentray\""_s;
        QTest::newRow("dollar and quote") << QStringList { u"/a$b\"c"_s } << u"\"/a\\\\$b\\\\\"c\""_s;
        QTest::newRow("backslash") << QStringList { u"/a\\b"_s } << u"\"/a\\\\\\\\b\""_s;
        QTest::newRow("percent") << QStringList { u"/100%/tokentray"_s } << u"/100%%/tokentray"_s;
    }

    void execLineQuoting()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, exec);
        QCOMPARE(Autostart::execLine(command), exec);
    }
};

QTEST_GUILESS_MAIN(AutostartTest)
#include "tst_autostart.moc"
