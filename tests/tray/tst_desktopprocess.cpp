// DesktopIntegration in real processes (tokentray-trayhost): the single-instance
// handover between two launches, quitting with and without a tray, the bounded
// wait for keychain writes, clearing the clipboard, and a tray host that starts
// late. Runs under tests/harness/desktop-session.sh; the no-tray cases start a
// display of their own so that the harness's tray host is left alone.
#include "owndisplay.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// One tokentray-trayhost process and the lines it printed.
class Host
{
public:
    explicit Host(const QString &configDir, const QStringList &extra = {},
                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(TRAYHOST_PATH), QStringList { u"--config-dir"_s, configDir } + extra);
    }
    ~Host()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }

    void send(const QByteArray &line) { m_process.write(line + '\n'); }

    // Waits for a line starting with prefix that no earlier wait returned.
    QString waitFor(const QString &prefix, int timeoutMs = 15000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (true) {
            read();
            for (qsizetype i = 0; i < m_lines.size(); ++i) {
                if (!m_consumed.contains(i) && m_lines.at(i).startsWith(prefix)) {
                    m_consumed.insert(i);
                    return m_lines.at(i);
                }
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(50);
        }
    }

    bool saw(const QString &prefix)
    {
        read();
        return std::any_of(m_lines.cbegin(), m_lines.cend(),
                           [&](const QString &l) { return l.startsWith(prefix); });
    }

    bool waitForExit(int timeoutMs = 15000)
    {
        const bool done = m_process.waitForFinished(timeoutMs);
        read();
        return done;
    }

    QString transcript()
    {
        read();
        return m_lines.join(u" | "_s) + u" || stderr: "_s
            + QString::fromUtf8(m_process.readAllStandardError());
    }

private:
    void read()
    {
        m_partial += m_process.readAllStandardOutput();
        qsizetype eol;
        while ((eol = m_partial.indexOf('\n')) >= 0) {
            m_lines.append(QString::fromUtf8(m_partial.left(eol)));
            m_partial.remove(0, eol + 1);
        }
    }

    QProcess m_process;
    QByteArray m_partial;
    QStringList m_lines;
    QSet<qsizetype> m_consumed;
};

QString activeWindowName()
{
    QProcess p;
    p.start(u"xdotool"_s, { u"getactivewindow"_s, u"getwindowname"_s });
    if (!p.waitForFinished(10000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

int fieldValue(const QString &line, const QString &field)
{
    const QRegularExpression re(field + u"=(-?\\d+)"_s);
    const auto m = re.match(line);
    return m.hasMatch() ? m.captured(1).toInt() : -99;
}
} // namespace

class DesktopProcessTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString configDir(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the desktop of tests/harness/desktop-session.sh (X display and tray host)");
        QVERIFY(m_dir.isValid());
        for (const QString &tool : { u"Xvfb"_s, u"trayer"_s, u"xdotool"_s, u"xwininfo"_s }) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP(qPrintable(tool + u" is not installed"_s));
        }
    }

    void secondLaunchHandsOverAndFirstRaisesItsWindow()
    {
        const QString dir = configDir(u"single"_s);
        // A busy machine can start the harness's tray host late: look often.
        Host first(dir, { u"--tray-retry"_s, u"60:500"_s });
        QVERIFY2(!first.waitFor(u"started"_s).isEmpty(), qPrintable(first.transcript()));
        QVERIFY2(!first.waitFor(u"tray 1"_s, 35000).isEmpty(), qPrintable(first.transcript()));
        QVERIFY(!first.waitFor(u"shown"_s).isEmpty());

        // Closing with a tray only hides the window.
        first.send("close");
        QVERIFY2(!first.waitFor(u"hidden"_s).isEmpty(), qPrintable(first.transcript()));
        first.send("state");
        QVERIFY(first.waitFor(u"state"_s).startsWith(u"state visible=0"_s));
        QCOMPARE(first.process().state(), QProcess::Running);

        Host second(dir);
        QVERIFY2(second.waitForExit(), qPrintable(second.transcript()));
        QCOMPARE(second.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.process().exitCode(), 0);
        QVERIFY(second.saw(u"handover"_s));
        QVERIFY(!second.saw(u"started"_s));

        // The first instance shows its window and the window manager gives it focus.
        QVERIFY2(!first.waitFor(u"shown"_s).isEmpty(), qPrintable(first.transcript()));
        const QString title = u"TrayHost %1"_s.arg(first.pid());
        QTRY_COMPARE_WITH_TIMEOUT(activeWindowName(), title, 10000);
        QString state;
        for (QDeadlineTimer deadline(10000); !deadline.hasExpired();) {
            first.send("state");
            state = first.waitFor(u"state"_s, 2000);
            if (state.startsWith(u"state visible=1 active=1"_s))
                break;
            QTest::qWait(100);
        }
        QVERIFY2(state.startsWith(u"state visible=1 active=1"_s), qPrintable(first.transcript()));

        first.send("quit");
        QVERIFY(first.waitForExit());
        QCOMPARE(first.process().exitCode(), 0);
    }

    void startMinimizedStaysInTheTray()
    {
        Host host(configDir(u"minimized"_s), { u"--minimized"_s, u"--tray-retry"_s, u"60:500"_s });
        QVERIFY2(!host.waitFor(u"tray 1"_s, 35000).isEmpty(), qPrintable(host.transcript()));
        QTest::qWait(500);
        host.send("state");
        QVERIFY(host.waitFor(u"state"_s).startsWith(u"state visible=0"_s));
        QVERIFY2(!host.saw(u"shown"_s), qPrintable(host.transcript()));
        host.send("quit");
        QVERIFY(host.waitForExit());
        QCOMPARE(host.process().exitCode(), 0);
    }

    void otherConfigDirIsAnotherInstance()
    {
        Host a(configDir(u"dir-a"_s));
        QVERIFY2(!a.waitFor(u"started"_s).isEmpty(), qPrintable(a.transcript()));
        Host b(configDir(u"dir-b"_s));
        QVERIFY2(!b.waitFor(u"started"_s).isEmpty(), qPrintable(b.transcript()));
        QVERIFY(!b.saw(u"handover"_s));
        a.send("quit");
        b.send("quit");
        QVERIFY(a.waitForExit());
        QVERIFY(b.waitForExit());
        QCOMPARE(a.process().exitCode(), 0);
        QCOMPARE(b.process().exitCode(), 0);
    }

    void quitClearsOurClipboardAndWaitsForKeychainWrites()
    {
        Host host(configDir(u"quit-wait"_s),
                  { u"--secret-latency"_s, u"1500"_s, u"--tray-retry"_s, u"60:500"_s });
        QVERIFY2(!host.waitFor(u"tray 1"_s, 35000).isEmpty(), qPrintable(host.transcript()));
        host.send("copy not-really-a-token-1234");
        host.send("add slow-write");
        // Give the add a moment to reach the secret store, then quit at once.
        QTest::qWait(200);
        host.send("quit");
        QVERIFY2(host.waitForExit(10000), qPrintable(host.transcript()));
        QCOMPARE(host.process().exitCode(), 0);
        const QString exitLine = host.waitFor(u"exit"_s, 1000);
        QVERIFY2(!exitLine.isEmpty(), qPrintable(host.transcript()));
        QCOMPARE(fieldValue(exitLine, u"pending"_s), 0);
        QCOMPARE(fieldValue(exitLine, u"clipboard-ours"_s), 0);
        // It waited for the write (1.5 s latency, started ~0.2 s before quit).
        QVERIFY2(fieldValue(exitLine, u"elapsed"_s) >= 1000, qPrintable(exitLine));
        QVERIFY(host.saw(u"added"_s));
    }

    void quitWaitIsBounded()
    {
        Host host(configDir(u"quit-bounded"_s), { u"--secret-latency"_s, u"30000"_s });
        QVERIFY2(!host.waitFor(u"started"_s).isEmpty(), qPrintable(host.transcript()));
        host.send("add never-finishes");
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        host.send("quit");
        QVERIFY2(host.waitForExit(15000), qPrintable(host.transcript()));
        QCOMPARE(host.process().exitCode(), 0);
        const QString exitLine = host.waitFor(u"exit"_s, 1000);
        QCOMPARE(fieldValue(exitLine, u"pending"_s), 1);
        const int elapsed = fieldValue(exitLine, u"elapsed"_s);
        QVERIFY2(elapsed >= 2900 && elapsed < 6000, qPrintable(exitLine));
        QVERIFY(clock.elapsed() < 10000);
    }

    void withoutTrayHostClosingQuits()
    {
        OwnDisplay display;
        QVERIFY2(display.start(), qPrintable(display.problem()));
        // Even asked to start minimised, with no tray the window must appear.
        Host host(configDir(u"no-tray"_s), { u"--minimized"_s, u"--tray-retry"_s, u"2:200"_s },
                  display.environment());
        QVERIFY2(!host.waitFor(u"started"_s).isEmpty(), qPrintable(host.transcript()));
        QVERIFY2(!host.waitFor(u"tray 0"_s).isEmpty(), qPrintable(host.transcript()));
        QVERIFY2(!host.waitFor(u"shown"_s).isEmpty(), qPrintable(host.transcript()));
        host.send("close");
        QVERIFY2(host.waitForExit(), qPrintable(host.transcript()));
        QCOMPARE(host.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(host.process().exitCode(), 0);
    }

    void trayHostStartingLateIsFound()
    {
        OwnDisplay display;
        QVERIFY2(display.start(), qPrintable(display.problem()));
        Host host(configDir(u"late-tray"_s), { u"--minimized"_s, u"--tray-retry"_s, u"20:250"_s },
                  display.environment());
        QVERIFY2(!host.waitFor(u"started"_s).isEmpty(), qPrintable(host.transcript()));
        QTest::qWait(800);
        QVERIFY(!host.saw(u"tray"_s));
        QVERIFY(!host.saw(u"shown"_s)); // minimised, waiting for the tray
        QVERIFY2(display.startTrayer(), qPrintable(display.problem()));
        QVERIFY2(!host.waitFor(u"tray 1"_s, 15000).isEmpty(), qPrintable(host.transcript()));
        QTest::qWait(300);
        QVERIFY(!host.saw(u"shown"_s)); // it stays in the tray
        host.send("quit");
        QVERIFY(host.waitForExit());
        QCOMPARE(host.process().exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(DesktopProcessTest)
#include "tst_desktopprocess.moc"
