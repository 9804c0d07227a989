#include "base/clock.h"
#include "clipboard/clipboardguard.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// Under Wayland another process sees our clipboard only when it was set in
// answer to fresh user input (Weston keeps the first of two selections made
// with the same input serial) and we learn of another owner only while we
// have the keyboard focus: this process has neither. tst_wayland_e2e checks
// the real window's copy, made with a key press, with wl-paste instead.
bool onWayland()
{
    return QGuiApplication::platformName() == u"wayland"_s;
}
const char *const WaylandSkip
    = "Wayland: another process's view of the clipboard needs focus and user input; "
      "tst_wayland_e2e checks it for the real window";
} // namespace

// Runs under a real X11 server (the test harness's Xvfb): the clipboard is
// shared with other processes, which is what the guard must respect. Under
// Wayland (tests/harness/wayland-session.sh) the in-process parts run again.
class TestClipboardGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QApplication::clipboard()->clear();
        QTRY_VERIFY(QApplication::clipboard()->text().isEmpty());
    }

    void copiesExactTextWithSecretHint()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        const QString token = u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"_s;
        guard.copySecret(token);
        QCOMPARE(QApplication::clipboard()->text(), token);
        const QMimeData *mime = QApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QCOMPARE(mime->data(u"x-kde-passwordManagerHint"_s), "secret"_ba);
        QVERIFY(guard.holdsOurSecret());
        QCOMPARE(guard.clearAt(), clock.now().addSecs(ClipboardGuard::DefaultTimeoutSeconds));
    }

    void clearsAfterTimeoutOnFakeClock()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        QSignalSpy cleared(&guard, &ClipboardGuard::cleared);
        guard.copySecret(u"token-one"_s);

        clock.advance(29'000);
        guard.check();
        QCOMPARE(QApplication::clipboard()->text(), u"token-one"_s);
        QCOMPARE(cleared.count(), 0);

        clock.advance(1'000);
        guard.check();
        QVERIFY(QApplication::clipboard()->text().isEmpty());
        QCOMPARE(cleared.count(), 1);
        QVERIFY(!guard.clearAt().isValid());
    }

    void ownTimerChecksTheClock()
    {
        // No check() call: the guard's own timer notices the clock has moved on.
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        QSignalSpy cleared(&guard, &ClipboardGuard::cleared);
        guard.setTimeout(5);
        guard.copySecret(u"token-two"_s);
        clock.advance(5'000);
        QVERIFY(cleared.wait(3000));
        QVERIFY(QApplication::clipboard()->text().isEmpty());
    }

    void configurableTimeout()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        guard.setTimeout(90);
        guard.copySecret(u"token-three"_s);
        clock.advance(60'000);
        guard.check();
        QCOMPARE(QApplication::clipboard()->text(), u"token-three"_s);
        clock.advance(30'000);
        guard.check();
        QVERIFY(QApplication::clipboard()->text().isEmpty());
    }

    void zeroTimeoutNeverClearsByTime()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        guard.setTimeout(0);
        guard.copySecret(u"token-four"_s);
        clock.advance(24LL * 3600 * 1000);
        guard.check();
        QCOMPARE(QApplication::clipboard()->text(), u"token-four"_s);
        // ...but quitting still clears it.
        guard.clearNow();
        QVERIFY(QApplication::clipboard()->text().isEmpty());
    }

    void textCopiedByTheUserIsNotCleared()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        QSignalSpy cleared(&guard, &ClipboardGuard::cleared);
        QSignalSpy released(&guard, &ClipboardGuard::released);
        guard.copySecret(u"token-five"_s);
        QApplication::clipboard()->setText(u"an address the user copied"_s);
        QTRY_COMPARE(released.count(), 1);
        clock.advance(60'000);
        guard.check();
        guard.clearNow();
        QCOMPARE(QApplication::clipboard()->text(), u"an address the user copied"_s);
        QCOMPARE(cleared.count(), 0);
        QVERIFY(!guard.holdsOurSecret());
    }

    void anotherProcessSeesTheSecretAndItsHint()
    {
        if (onWayland())
            QSKIP(WaylandSkip);
        const QString xclip = QStandardPaths::findExecutable(u"xclip"_s);
        if (xclip.isEmpty() || qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs xclip and an X11 display (run under tests/harness/desktop-session.sh)");
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        guard.copySecret(u"token-six"_s);

        // xclip asks us for the data, so our event loop must run meanwhile.
        QProcess targets;
        targets.start(xclip, { u"-o"_s, u"-selection"_s, u"clipboard"_s, u"-t"_s, u"TARGETS"_s });
        QTRY_VERIFY_WITH_TIMEOUT(targets.state() == QProcess::NotRunning, 10000);
        QVERIFY(targets.readAllStandardOutput().contains("x-kde-passwordManagerHint"));

        QProcess text;
        text.start(xclip, { u"-o"_s, u"-selection"_s, u"clipboard"_s });
        QTRY_VERIFY_WITH_TIMEOUT(text.state() == QProcess::NotRunning, 10000);
        QCOMPARE(text.readAllStandardOutput(), "token-six"_ba);
    }

    void clipboardTakenByAnotherProcessIsNotCleared()
    {
        if (onWayland())
            QSKIP(WaylandSkip);
        const QString xclip = QStandardPaths::findExecutable(u"xclip"_s);
        if (xclip.isEmpty() || qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs xclip and an X11 display (run under tests/harness/desktop-session.sh)");
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        QSignalSpy released(&guard, &ClipboardGuard::released);
        guard.copySecret(u"token-seven"_s);

        // xclip -quiet stays in the foreground and serves the selection until killed.
        QProcess owner;
        owner.start(xclip, { u"-i"_s, u"-selection"_s, u"clipboard"_s, u"-quiet"_s });
        QVERIFY(owner.waitForStarted());
        owner.write("copied in a terminal");
        owner.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::clipboard()->text(), u"copied in a terminal"_s, 10000);
        QTRY_COMPARE(released.count(), 1);

        clock.advance(31'000);
        guard.check();
        guard.clearNow();
        QCOMPARE(QApplication::clipboard()->text(), u"copied in a terminal"_s);
        owner.kill();
        owner.waitForFinished();
    }

    void quitClearsOnlyOurSecret()
    {
        ManualClock clock;
        ClipboardGuard guard(QApplication::clipboard(), &clock);
        guard.copySecret(u"token-eight"_s);
        QSignalSpy cleared(&guard, &ClipboardGuard::cleared);
        guard.clearNow();
        QCOMPARE(cleared.count(), 1);
        QVERIFY(QApplication::clipboard()->text().isEmpty());
        // A second quit path (aboutToQuit after the window closed) does nothing.
        QApplication::clipboard()->setText(u"later text"_s);
        guard.clearNow();
        QCOMPARE(QApplication::clipboard()->text(), u"later text"_s);
        QCOMPARE(cleared.count(), 1);
    }
};

QTEST_MAIN(TestClipboardGuard)
#include "tst_clipboardguard.moc"
