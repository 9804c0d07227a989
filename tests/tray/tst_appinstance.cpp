// The real tokentray binary on the harness desktop: closing its window with a
// tray only hides it, a second launch for the same configuration hands over
// (exit status 0) and the first window comes to the front; on a display
// without a tray host, closing the window quits with status 0.
#include "owndisplay.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString run(const QString &program, const QStringList &arguments,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
            int *exitCode = nullptr)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, arguments);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(2000);
        return {};
    }
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// Visible windows of the process titled exactly "TokenTray" that are larger
// than a tray icon (whose window carries the application name too).
QStringList visibleMainWindows(qint64 pid,
                               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    const QString out = run(
        u"xdotool"_s,
        { u"search"_s, u"--onlyvisible"_s, u"--pid"_s, QString::number(pid), u"--name"_s, u"^TokenTray$"_s },
        env);
    QStringList windows;
    for (const QString &id : out.split(u'\n', Qt::SkipEmptyParts)) {
        const QString geometry = run(u"xdotool"_s, { u"getwindowgeometry"_s, u"--shell"_s, id }, env);
        for (const QString &line : geometry.split(u'\n')) {
            if (line.startsWith(u"WIDTH="_s) && line.mid(6).toInt() > 100)
                windows.append(id);
        }
    }
    return windows;
}

QString activeWindowPid(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return run(u"xdotool"_s, { u"getactivewindow"_s, u"getwindowpid"_s }, env);
}

// Asks the window manager to close the window, as its close button does.
bool closeWindow(const QString &windowId,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    int status = -1;
    run(u"wmctrl"_s, { u"-i"_s, u"-c"_s, windowId }, env, &status);
    return status == 0;
}

bool inTrayerPanel(const QString &needle)
{
    const QStringList lines = run(u"xwininfo"_s, { u"-root"_s, u"-tree"_s }).split(u'\n');
    bool inPanel = false;
    qsizetype panelIndent = 0;
    for (const QString &line : lines) {
        const qsizetype indent = line.size() - line.trimmed().size();
        if (line.contains(u"(\"panel\" \"trayer\")"_s)) {
            inPanel = true;
            panelIndent = indent;
            continue;
        }
        if (inPanel && indent <= panelIndent)
            inPanel = false;
        if (inPanel && line.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// True once the process has shown no main window for a whole second: the
// window hides at once, but the "still running" balloon may appear just after.
bool staysWithoutMainWindow(qint64 pid, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QDeadlineTimer quiet(1000);
    while (!deadline.hasExpired()) {
        if (!visibleMainWindows(pid).isEmpty())
            quiet.setRemainingTime(1000);
        else if (quiet.hasExpired())
            return true;
        QTest::qWait(100);
    }
    return false;
}

} // namespace

class AppInstanceTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_bin;

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the desktop of tests/harness/desktop-session.sh");
        m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
        QVERIFY2(QFileInfo::exists(m_bin), "TOKENTRAY_BIN does not name the tokentray binary");
        for (const QString &tool : { u"xdotool"_s, u"wmctrl"_s, u"xwininfo"_s, u"Xvfb"_s, u"openbox"_s }) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP(qPrintable(tool + u" is not installed"_s));
        }
        QVERIFY(m_dir.isValid());
    }

    void secondLaunchBringsTheFirstWindowForward()
    {
        const QString configDir = m_dir.filePath(u"instance"_s);
        QProcess first;
        const auto stopFirst = qScopeGuard([&first] { stopProcess(first); });
        first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        first.start(m_bin, { u"--config-dir"_s, configDir });
        QVERIFY(first.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!visibleMainWindows(first.processId()).isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(inTrayerPanel(u"tokentray"_s), 30000);

        // Closing with a tray only hides the window.
        const QString window = visibleMainWindows(first.processId()).first();
        QVERIFY(closeWindow(window));
        // The one-time "still running" balloon is a window of the same name
        // for its 8 seconds on screen: wait for it to go as well.
        QVERIFY(staysWithoutMainWindow(first.processId(), 25000));
        QCOMPARE(first.state(), QProcess::Running);

        QProcess second;
        second.start(m_bin, { u"--config-dir"_s, configDir });
        QVERIFY(second.waitForFinished(20000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);

        QTRY_VERIFY_WITH_TIMEOUT(!visibleMainWindows(first.processId()).isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(activeWindowPid(), QString::number(first.processId()), 10000);
        QCOMPARE(first.state(), QProcess::Running);
    }

    void withoutTrayHostClosingTheWindowQuits()
    {
        // A display of our own with a window manager but no tray host.
        OwnDisplay display;
        QVERIFY2(display.start(), qPrintable(display.problem()));
        QVERIFY2(display.startWindowManager(), qPrintable(display.problem()));
        const QProcessEnvironment env = display.environment();

        QProcess app;
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(m_bin, { u"--config-dir"_s, m_dir.filePath(u"no-tray"_s) });
        QVERIFY(app.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!visibleMainWindows(app.processId(), env).isEmpty(), 20000);
        QVERIFY(closeWindow(visibleMainWindows(app.processId(), env).first(), env));
        QVERIFY2(app.waitForFinished(15000), "closing the window without a tray did not quit");
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(AppInstanceTest)
#include "tst_appinstance.moc"
