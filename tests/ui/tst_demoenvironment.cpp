#include "main/demoenvironment.h"
#include "testengine.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDemoEnvironment : public QObject
{
    Q_OBJECT

    static QString serverPath() { return qEnvironmentVariable("TOKENTRAY_FAKEAPI"); }

    static bool makeExecutable(const QString &path)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write("#!/bin/sh\n");
        file.close();
        return file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    static QList<qint64> childrenOf(qint64 pid)
    {
        QList<qint64> result;
        QDir task(u"/proc/%1/task"_s.arg(pid));
        for (const QString &thread : task.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile children(task.filePath(thread + u"/children"_s));
            if (!children.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray &child : children.readAll().split(' ')) {
                if (!child.trimmed().isEmpty())
                    result << child.trimmed().toLongLong();
            }
        }
        return result;
    }

private Q_SLOTS:
    void findsTheServerBesideTheExecutableOrInLibexec()
    {
        QTemporaryDir root;
        const QString bin = root.filePath(u"bin"_s);
        QDir().mkpath(bin);
        QCOMPARE(DemoEnvironment::findServer(bin), QString());

        // An installed copy: <prefix>/bin/tokentray and <prefix>/libexec/tokentray/tokentray-fakeapi.
        const QString installed = root.filePath(u"libexec/tokentray/tokentray-fakeapi"_s);
        QVERIFY(makeExecutable(installed));
        QCOMPARE(DemoEnvironment::findServer(bin), QFileInfo(installed).canonicalFilePath());

        // The build tree: both in bin/. That one wins.
        const QString beside = root.filePath(u"bin/tokentray-fakeapi"_s);
        QVERIFY(makeExecutable(beside));
        QCOMPARE(DemoEnvironment::findServer(bin), QFileInfo(beside).canonicalFilePath());
    }

    void missingServerIsAReadableFailure()
    {
        DemoEnvironment demo;
        QSignalSpy failed(&demo, &DemoEnvironment::failed);
        demo.start(QString());
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(u"tokentray-fakeapi"_s));
        QVERIFY(!demo.isReady());
    }

    // The whole demo against the real server: four accounts sign in and
    // their tokens live a couple of minutes.
    void startsTheServerAndItsAccountsSignIn()
    {
        QVERIFY2(QFileInfo(serverPath()).isExecutable(), "TOKENTRAY_FAKEAPI must name the built server");
        auto demo = std::make_unique<DemoEnvironment>();
        QSignalSpy ready(demo.get(), &DemoEnvironment::ready);
        QSignalSpy failed(demo.get(), &DemoEnvironment::failed);
        demo->start(DemoEnvironment::findServer(QFileInfo(serverPath()).absolutePath()));
        QVERIFY(ready.wait(DemoEnvironment::StartTimeoutMs));
        QCOMPARE(failed.count(), 0);
        const QUrl url = demo->baseUrl();
        QCOMPARE(url.scheme(), u"http"_s);
        QCOMPARE(url.host(), u"127.0.0.1"_s);
        QVERIFY(url.port() > 0);

        // Its config lives in a fresh temporary folder, not the user's.
        const QString configDir = demo->configDir();
        QVERIFY(configDir.startsWith(QDir::tempPath()));
        QVERIFY(QFileInfo(configDir).isDir());
        QCOMPARE(QFileInfo(demo->accountsPath()).absolutePath(), configDir);

        TestEngine engine;
        engine.clock.set(QDateTime::currentDateTimeUtc());
        engine.start();
        bool populated = false;
        demo->populate(engine.manager.get(), [&](const Status &status) {
            QVERIFY2(status.ok(), qPrintable(status.error()));
            populated = true;
        });
        QTRY_VERIFY(populated);
        QCOMPARE(engine.manager->sessions().size(), 4);
        int sevenG = 0;
        for (TokenSession *s : engine.manager->sessions()) {
            QVERIFY2(engine.waitForState(s->id(), SessionState::Valid), qPrintable(s->account().name));
            const bool isSevenG = s->account().provider == Provider::SevenG;
            sevenG += isSevenG ? 1 : 0;
            const int lifetime
                = isSevenG ? DemoEnvironment::SevenGLifetimeSeconds : DemoEnvironment::D7LifetimeSeconds;
            QVERIFY(s->secondsLeft() <= lifetime && s->secondsLeft() > lifetime - 30);
            QVERIFY(s->account().baseUrl == url);
            QVERIFY(s->account().name.contains(u"demo"_s));
        }
        QCOMPARE(sevenG, 2);

        // Stopping the demo stops the server and removes the folder.
        demo.reset();
        QVERIFY(!QFileInfo::exists(configDir));
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, quint16(url.port()));
        QTRY_VERIFY(socket.state() == QAbstractSocket::UnconnectedState);
        QVERIFY(!socket.waitForConnected(500));
    }

    // `tokentray --demo` as a user starts it: a window titled Demo, nothing
    // written to the user's configuration, and no server left behind.
    void demoCommand()
    {
        const QString bin = qEnvironmentVariable("TOKENTRAY_BIN");
        // The window as the display server sees it: under X11 through xdotool,
        // under Wayland (tests/harness/wayland-session.sh, Weston started with
        // --debug) in Weston's scene graph.
        const bool wayland = QGuiApplication::platformName() == u"wayland"_s;
        const QString finder = QStandardPaths::findExecutable(wayland ? u"weston-debug"_s : u"xdotool"_s);
        if (wayland && finder.isEmpty())
            QSKIP("needs weston-debug (run under tests/harness/wayland-session.sh)");
        if (!wayland && (qEnvironmentVariableIsEmpty("DISPLAY") || finder.isEmpty()))
            QSKIP("needs an X11 display and xdotool (run under tests/harness/desktop-session.sh)");
        // Everything TokenTray could write for the user, before and after.
        const QString userConfig
            = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/TokenTray"_s;
        const auto snapshot = [&userConfig] {
            QStringList files;
            QDirIterator it(userConfig, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                it.next();
                files << it.filePath() + u' '
                        + QString::number(it.fileInfo().lastModified().toMSecsSinceEpoch());
            }
            files.sort();
            return files;
        };
        const QStringList before = snapshot();

        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedChannels);
        app.start(bin, { u"--demo"_s });
        QVERIFY(app.waitForStarted());
        bool found = false;
        for (int i = 0; i < 100 && !found; ++i) {
            QProcess search;
            if (wayland)
                search.start(finder, { u"scene-graph"_s });
            else
                search.start(finder, { u"search"_s, u"--name"_s, u"TokenTray — Demo"_s });
            search.waitForFinished(5000);
            const QByteArray out = search.readAllStandardOutput();
            found = wayland ? out.contains(u"top-level window 'TokenTray — Demo'"_s.toUtf8())
                            : !out.trimmed().isEmpty();
            if (!found)
                QTest::qWait(100);
        }
        QVERIFY2(found, "no window titled \"TokenTray — Demo\"");
        QList<qint64> servers;
        QTRY_VERIFY((servers = childrenOf(app.processId())).size() == 1);

        app.terminate();
        QVERIFY(app.waitForFinished(10000));
        // The server goes with the app, even on a hard stop.
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(u"/proc/%1/cmdline"_s.arg(servers.first())), 5000);
        QCOMPARE(snapshot(), before);
    }
};

QTEST_MAIN(TestDemoEnvironment)
#include "tst_demoenvironment.moc"
