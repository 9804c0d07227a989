// The real TokenTray window as a Wayland client of a real compositor: the
// tokentray binary under Weston (tests/harness/wayland-session.sh), with the
// fake service and the harness keyring, seen from outside the process:
//
//   - Weston's own scene graph (weston-debug, Weston runs with --debug) says
//     which xdg_toplevel windows are mapped, with their process and title;
//   - the accessibility bus says what a screen reader reads (the countdown);
//   - wl-paste reads the Wayland clipboard;
//   - keys and clicks go to Weston's output window on its X display
//     (xdotool), and Weston hands them on as Wayland input, as a keyboard and
//     a mouse would.
//
// What a Wayland client cannot do (raise its window, take it out of the
// minimized state) is checked as what the app does instead: a second launch
// maps the window afresh, so it comes back in front. Weston keeps a copy of
// the clipboard when its owner gives it up: the token must still go.
#include "desktopapp.h"
#include "fakeapiprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRect>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Run = DesktopApp::Run;

QString describe(const Run &r)
{
    return u"exit %1, stdout [%2], stderr [%3]"_s.arg(
        QString::number(r.exitCode), QString::fromUtf8(r.out).left(400), QString::fromUtf8(r.err).left(2000));
}

Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env = {},
        const QByteArray &input = {}, int timeoutMs = 30000)
{
    return DesktopApp::run(program, arguments, input, timeoutMs, env);
}

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}

// One mapped xdg_toplevel in Weston's scene graph.
struct Toplevel
{
    qint64 pid = 0;
    QString title;
    QRect rect; // in output coordinates, the Qt decoration included
};

// The xdg_toplevel windows Weston shows now. A minimized window is in none
// of the compositor's layers, so it is not listed.
QList<Toplevel> mappedToplevels()
{
    const Run dump = run(u"weston-debug"_s, { u"scene-graph"_s }, {}, {}, 10000);
    static const QRegularExpression view(
        uR"(View \d+ \(role xdg_toplevel, PID (\d+), surface ID \d+, top-level window '(.*)' of )"_s);
    static const QRegularExpression position(uR"(position: \((-?\d+), (-?\d+)\) -> \((-?\d+), (-?\d+)\))"_s);
    QList<Toplevel> found;
    const QStringList lines = QString::fromUtf8(dump.out).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch v = view.match(lines.at(i));
        if (!v.hasMatch())
            continue;
        Toplevel t;
        t.pid = v.captured(1).toLongLong();
        t.title = v.captured(2);
        if (i + 1 < lines.size()) {
            const QRegularExpressionMatch p = position.match(lines.at(i + 1));
            if (p.hasMatch())
                t.rect = QRect(QPoint(p.captured(1).toInt(), p.captured(2).toInt()),
                               QPoint(p.captured(3).toInt() - 1, p.captured(4).toInt() - 1));
        }
        found.append(t);
    }
    return found;
}

std::optional<Toplevel> mainWindow(qint64 pid)
{
    for (const Toplevel &t : mappedToplevels()) {
        if (t.pid == pid && t.title == u"TokenTray"_s)
            return t;
    }
    return std::nullopt;
}

// Weston's output: its window on Weston's own X display, found by the wrapper.
QString westonOutputWindow()
{
    return qEnvironmentVariable("TOKENTRAY_WESTON_OUTPUT_WINDOW");
}

// A click at a point of Weston's output, which Weston passes on as Wayland
// pointer input to the window under it.
bool clickAt(const QPoint &point)
{
    const QString output = westonOutputWindow();
    if (output.isEmpty())
        return false;
    if (run(u"xdotool"_s, { u"windowactivate"_s, u"--sync"_s, output }).exitCode != 0)
        return false;
    return run(u"xdotool"_s,
               { u"mousemove"_s, u"--window"_s, output, QString::number(point.x()),
                 QString::number(point.y()), u"click"_s, u"1"_s })
               .exitCode
        == 0;
}

// Keys, as typed on a keyboard, to the window with Weston's keyboard focus.
bool pressKeys(const QString &keys)
{
    const QString output = westonOutputWindow();
    if (output.isEmpty())
        return false;
    if (run(u"xdotool"_s, { u"windowactivate"_s, u"--sync"_s, output }).exitCode != 0)
        return false;
    return run(u"xdotool"_s, { u"key"_s, u"--clearmodifiers"_s, keys }).exitCode == 0;
}

// What the accessibility bus says of the window process (see atspi_window.py).
QJsonObject readByScreenReader(qint64 pid)
{
    const Run probe = run(u"/usr/bin/python3"_s, { QStringLiteral(ATSPI_WINDOW_PY), QString::number(pid) });
    return QJsonDocument::fromJson(probe.out).object();
}

QString firstCountdown(qint64 pid)
{
    return readByScreenReader(pid).value(u"timeLeft"_s).toArray().at(0).toString();
}

} // namespace

class TestWaylandE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void windowCountdownClipboardAndSecondLaunch();

private:
    QString m_bin;
};

void TestWaylandE2e::initTestCase()
{
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER")
        || qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || qEnvironmentVariable("QT_QPA_PLATFORM") != u"wayland"_s)
        QSKIP("needs tests/harness/desktop-session.sh tests/harness/wayland-session.sh");
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_ATSPI"))
        QSKIP("needs the accessibility bus of tests/harness/desktop-session.sh");
    for (const QString &tool : { u"weston-debug"_s, u"wl-paste"_s, u"xdotool"_s }) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QSKIP(qPrintable(tool + u" is missing: run installer/deps.sh"_s));
    }
    QVERIFY2(!westonOutputWindow().isEmpty(), "wayland-session.sh found no Weston output window");
    // Weston answers weston-debug only when started with --debug, as the wrapper does.
    QTRY_VERIFY2_WITH_TIMEOUT(run(u"weston-debug"_s, { u"-l"_s }).exitCode == 0,
                              "weston-debug gets no answer", 10000);
    if (run(u"/usr/bin/python3"_s, { u"-c"_s, u"import pyatspi"_s }).exitCode != 0)
        QSKIP("python3-pyatspi is missing: run installer/deps.sh");
}

void TestWaylandE2e::windowCountdownClipboardAndSecondLaunch()
{
    FakeApiProcess api;
    QVERIFY2(api.start({ u"--quiet"_s, u"--seveng-ttl"_s, u"900"_s }), qPrintable(api.errorString()));
    const QString user = randomText(u"user."_s);
    const QString password = randomText(u"Pw-"_s);
    QVERIFY(api.addSevenGUser(user, password));

    QTemporaryDir config;
    QVERIFY(config.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"TOKENTRAY_TOKEN"_s);
    env.remove(u"TOKENTRAY_AUTHORIZATION"_s);
    env.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
    env.insert(u"QT_ACCESSIBILITY"_s, u"1"_s);
    const QStringList configArgs { u"--config-dir"_s, config.path() };

    const Run added = run(m_bin,
                          configArgs
                              + QStringList { u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"registry"_s,
                                              u"--base-url"_s, api.baseUrl().toString(), u"--username"_s,
                                              user, u"--password-stdin"_s },
                          env, password.toUtf8() + '\n', 60000);
    QVERIFY2(added.exitCode == 0, qPrintable(describe(added)));
    auto removeAccount = qScopeGuard([&] {
        run(m_bin, configArgs + QStringList { u"remove"_s, u"registry"_s }, env);
    });

    // The clipboard cleared 5 s after a copy, for step 3.
    {
        QSettings settings(QDir(config.path()).filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"clipboard/clearSeconds"_s, 5);
    }

    QProcess window;
    window.setProcessEnvironment(env);
    window.start(m_bin, configArgs);
    QVERIFY(window.waitForStarted(10000));
    auto stopWindow = qScopeGuard([&window] {
        window.terminate();
        if (!window.waitForFinished(10000)) {
            window.kill();
            window.waitForFinished();
        }
    });
    const qint64 pid = window.processId();

    // 1. The window is mapped by the compositor.
    QTRY_VERIFY2_WITH_TIMEOUT(mainWindow(pid).has_value(), "no TokenTray window in Weston's scene graph",
                              60000);
    const QJsonObject read = readByScreenReader(pid);
    const QJsonArray frames = read.value(u"frames"_s).toArray();
    QVERIFY2(std::any_of(frames.cbegin(), frames.cend(),
                         [](const QJsonValue &f) {
                             return f.toObject().value(u"name"_s).toString() == u"TokenTray"_s
                                 && f.toObject().value(u"showing"_s).toBool();
                         }),
             QJsonDocument(read).toJson().constData());

    // 2. The countdown counts down: two readings of what a screen reader says differ.
    static const QRegularExpression spoken(uR"(^(\d+ (hours?|minutes?|seconds?) )+left$)"_s);
    QString first;
    QTRY_VERIFY_WITH_TIMEOUT(spoken.match(first = firstCountdown(pid)).hasMatch(), 60000);
    QString later;
    QTRY_VERIFY_WITH_TIMEOUT(spoken.match(later = firstCountdown(pid)).hasMatch() && later != first, 10000);
    qInfo("countdown read as '%s', then '%s'", qPrintable(first), qPrintable(later));

    // 3. Ctrl+C, typed through the compositor, puts exactly the issued token
    // on the Wayland clipboard. A click on the title bar first gives the
    // window the keyboard focus, as a user would.
    QString issued;
    for (const QJsonValue &entry : api.issuedTokens()) {
        const QJsonObject e = entry.toObject();
        if (e.value(u"kind"_s).toString() == u"access"_s && e.value(u"subject"_s).toString() == user)
            issued = e.value(u"token"_s).toString();
    }
    QVERIFY2(!issued.isEmpty(), "the fake service issued no access token");
    const Toplevel shown = *mainWindow(pid);
    QVERIFY(clickAt(QPoint(shown.rect.center().x(), shown.rect.top() + 15)));
    QVERIFY(pressKeys(u"ctrl+c"_s));
    QElapsedTimer sinceCopy;
    sinceCopy.start();
    QByteArray clip;
    QTRY_COMPARE_WITH_TIMEOUT(
        clip = run(u"wl-paste"_s, { u"--no-newline"_s, u"--type"_s, u"text/plain"_s }, {}, {}, 10000).out,
        issued.toUtf8(), 15000);
    // With the hint that keeps it out of clipboard managers' history.
    QVERIFY(run(u"wl-paste"_s, { u"--list-types"_s }).out.contains("x-kde-passwordManagerHint"));
    // And gone after the 5 s, although Weston keeps a copy of what a client
    // gives up: the guard puts an empty text in its place, which wl-paste
    // reads as such (not "No selection").
    Run pasted;
    QTRY_VERIFY_WITH_TIMEOUT(
        (pasted = run(u"wl-paste"_s, { u"--no-newline"_s, u"--type"_s, u"text/plain"_s }, {}, {}, 10000)).out
            != issued.toUtf8(),
        15000);
    qInfo("clipboard cleared %lld ms after the copy", sinceCopy.elapsed());
    QVERIFY2(pasted.exitCode == 0 && pasted.out.isEmpty(), qPrintable(describe(pasted)));
    QVERIFY2(sinceCopy.elapsed() >= 4000, "cleared before its time");

    // 4. The user minimizes the window with its title bar button (Qt draws
    // it: Weston 10 leaves decorations to the client). The button's place:
    // 18-pixel buttons, 5 apart, 8 from the right edge, in a 30-pixel bar.
    const Toplevel before = *mainWindow(pid);
    QVERIFY(clickAt(QPoint(before.rect.right() - 8 - 18 - 5 - 18 - 5 - 9, before.rect.top() + 15)));
    QTRY_VERIFY2_WITH_TIMEOUT(!mainWindow(pid).has_value(), "the window was not minimized", 10000);

    // 5. A second launch hands over to the first and exits; the first maps
    // its window again, in front. Wayland lets no client raise or restore
    // itself, so this is what the app does instead of raising.
    const Run second = run(m_bin, configArgs, env, {}, 30000);
    QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
    QTRY_VERIFY2_WITH_TIMEOUT(mainWindow(pid).has_value(), "the second launch did not bring the window back",
                              15000);
    QCOMPARE(window.state(), QProcess::Running);
    // Weston's topmost application window is ours again.
    const QList<Toplevel> mapped = mappedToplevels();
    QVERIFY(!mapped.isEmpty());
    QCOMPARE(mapped.first().pid, pid);

    // 6. No warnings on the way: Wayland's limits are handled, not reported
    // to the terminal over and over.
    stopWindow.dismiss();
    window.terminate();
    QVERIFY(window.waitForFinished(15000));
    QCOMPARE(window.exitStatus(), QProcess::NormalExit);
    QCOMPARE(window.exitCode(), 0);
    const QString err = QString::fromUtf8(window.readAllStandardError());
    const QStringList warnings = err.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : warnings)
        qInfo("window stderr: %s", qPrintable(line));
    QVERIFY2(!err.contains(u"requestActivate"_s) && !err.contains(u"activateWindow"_s)
                 && !err.contains(u"setGeometry"_s) && !err.contains(u"position"_s),
             qPrintable(err));
    QVERIFY2(warnings.size() <= 3, qPrintable(err));
}

QTEST_GUILESS_MAIN(TestWaylandE2e)
#include "tst_wayland_e2e.moc"
