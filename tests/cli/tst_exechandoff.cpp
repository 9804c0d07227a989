// The parts of `exec` that need no service: the hand-off a token travels in,
// when the token file is renewed, and the token file itself.
#include "cli/execcommand.h"
#include "cli/tokenfile.h"
#include "commands/tokenhandoff.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
int modeOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 07777);
}
} // namespace

class TestExecHandoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handoffRoundTrip();
    void handoffIsStrict_data();
    void handoffIsStrict();
    void renewalKeepsMinValid_data();
    void renewalKeepsMinValid();
    void tokenFileIsPrivateAndReplaced();
    void tokenFileNeedsAPrivateRuntimeDir();
    void leftoversOfKilledRunsAreRemoved();
};

void TestExecHandoff::handoffRoundTrip()
{
    TokenHandoff h;
    h.token = u"it's\"$HOME\"`id`\\n#"_s;
    h.authorization = u"Bearer "_s + h.token;
    h.secondsLeft = 3597;
    QString error;
    const auto back = TokenHandoff::fromText(h.toText(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->token, h.token);
    QCOMPARE(back->authorization, h.authorization);
    QCOMPARE(back->secondsLeft, 3597);
}

void TestExecHandoff::handoffIsStrict_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("not json") << u"token"_s;
    QTest::newRow("array") << u"[]"_s;
    QTest::newRow("empty object") << u"{}"_s;
    QTest::newRow("extra field") << uR"({"token":"t","authorization":"t","secondsLeft":1,"x":1})"_s;
    QTest::newRow("no token") << uR"({"authorization":"t","secondsLeft":1})"_s;
    QTest::newRow("empty token") << uR"({"token":"","authorization":"","secondsLeft":1})"_s;
    QTest::newRow("token not a string") << uR"({"token":5,"authorization":"t","secondsLeft":1})"_s;
    QTest::newRow("seconds a string") << uR"({"token":"t","authorization":"t","secondsLeft":"1"})"_s;
    QTest::newRow("seconds a fraction") << uR"({"token":"t","authorization":"t","secondsLeft":1.5})"_s;
    QTest::newRow("newline in token") << uR"({"token":"a\nb","authorization":"t","secondsLeft":1})"_s;
    QTest::newRow("newline in header") << uR"({"token":"a","authorization":"a\r\nX: y","secondsLeft":1})"_s;
}

void TestExecHandoff::handoffIsStrict()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!TokenHandoff::fromText(text, &error));
    QVERIFY(!error.isEmpty());
}

void TestExecHandoff::renewalKeepsMinValid_data()
{
    QTest::addColumn<qint64>("left");
    QTest::addColumn<int>("minValid");
    QTest::newRow("7G default") << qint64(1200) << 60;
    QTest::newRow("D7 default") << qint64(3600) << 60;
    QTest::newRow("long min-valid") << qint64(3600) << 3000;
    QTest::newRow("no min-valid") << qint64(1200) << 0;
    QTest::newRow("short token") << qint64(8) << 2;
    QTest::newRow("token shorter than min-valid") << qint64(30) << 60;
    QTest::newRow("three seconds") << qint64(3) << 60;
    QTest::newRow("one second") << qint64(1) << 0;
    QTest::newRow("expired") << qint64(0) << 60;
}

void TestExecHandoff::renewalKeepsMinValid()
{
    QFETCH(qint64, left);
    QFETCH(int, minValid);
    const auto r = ExecCommand::renewalFor(left, minValid);
    // Never a busy loop, and never after the token has run out.
    QVERIFY(r.delaySeconds >= 1);
    QVERIFY(r.delaySeconds <= std::max<qint64>(1, left));
    const qint64 leftThen = left - r.delaySeconds;
    // Whatever the token has left then, less than what is asked for: it renews.
    QVERIFY2(r.minValidSeconds > leftThen,
             qPrintable(u"asks %1 with %2 left"_s.arg(r.minValidSeconds).arg(leftThen)));
    if (left > minValid + 30) {
        // A token long enough for --min-valid is replaced before it falls below it.
        QVERIFY2(leftThen > minValid, qPrintable(QString::number(leftThen)));
        // ... but not much earlier than needed.
        QVERIFY(leftThen <= minValid + 30);
    } else if (left >= 3) {
        // A shorter one at about two thirds of its life.
        QVERIFY(r.delaySeconds >= left / 2);
    }
}

void TestExecHandoff::leftoversOfKilledRunsAreRemoved()
{
    QTemporaryDir runtime;
    QVERIFY(QFile::setPermissions(runtime.path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    // A process that has ended: the pid of its folder names no one now.
    QProcess ended;
    ended.start(u"sh"_s, { u"-c"_s, u"echo $$"_s });
    QVERIFY(ended.waitForFinished(5000));
    const qint64 deadPid = ended.readAllStandardOutput().trimmed().toLongLong();
    QVERIFY(deadPid > 0);
    QProcess running;
    running.start(u"sleep"_s, { u"30"_s });
    QVERIFY(running.waitForStarted(5000));
    const auto leave = [&](const QString &name) {
        QDir(runtime.path()).mkdir(name);
        QFile token(QDir(runtime.path()).filePath(name + u"/token"_s));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("leftover-token");
    };
    const QString dead = u"tokentray-exec-%1-abcDEF"_s.arg(deadPid);
    const QString alive = u"tokentray-exec-%1-ghiJKL"_s.arg(running.processId());
    const QString foreign = u"tokentray-exec-notapid"_s;
    leave(dead);
    leave(alive);
    leave(foreign);

    auto file = TokenFile::create(runtime.path());
    QVERIFY2(file, qPrintable(file.error()));
    const QStringList left = QDir(runtime.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QVERIFY2(!left.contains(dead), qPrintable(left.join(u' ')));
    QVERIFY(left.contains(alive)); // its process still runs
    QVERIFY(left.contains(foreign)); // not a name TokenTray gives
    QVERIFY(left.contains(QFileInfo(QFileInfo(file.value()->path()).absolutePath()).fileName()));
    running.kill();
    running.waitForFinished(5000);
}

void TestExecHandoff::tokenFileIsPrivateAndReplaced()
{
    QTemporaryDir runtime;
    QVERIFY(QFile::setPermissions(runtime.path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QString path;
    QString dir;
    {
        auto file = TokenFile::create(runtime.path());
        QVERIFY2(file, qPrintable(file.error()));
        path = file.value()->path();
        dir = QFileInfo(path).absolutePath();
        QCOMPARE(QFileInfo(dir).absoluteDir().absolutePath(), QDir(runtime.path()).absolutePath());
        QCOMPARE(modeOf(dir), 0700);
        QVERIFY(!QFileInfo::exists(path)); // nothing before the first token

        QVERIFY(file.value()->write(u"first-token"_s));
        QCOMPARE(modeOf(path), 0600);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), "first-token"_ba);
        f.close();
        const ino_t firstInode = [&] {
            struct stat st = {};
            ::stat(QFile::encodeName(path).constData(), &st);
            return st.st_ino;
        }();

        // A reader that has the old file open keeps reading the old token:
        // the new one is a new file renamed over it.
        QFile reader(path);
        QVERIFY(reader.open(QIODevice::ReadOnly));
        QVERIFY(file.value()->write(u"second-token"_s));
        QCOMPARE(reader.readAll(), "first-token"_ba);
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), "second-token"_ba);
        QCOMPARE(modeOf(path), 0600);
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QVERIFY(st.st_ino != firstInode);
        // No temporary file is left next to it.
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList { u"token"_s });
    }
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(dir));
}

void TestExecHandoff::tokenFileNeedsAPrivateRuntimeDir()
{
    QTemporaryDir base;
    const auto refused = [](const QString &runtimeDir, const QString &expected) {
        auto file = TokenFile::create(runtimeDir);
        if (file)
            return u"accepted %1"_s.arg(runtimeDir);
        if (!file.error().contains(u"XDG_RUNTIME_DIR"_s) || !file.error().contains(expected))
            return u"unclear message: %1"_s.arg(file.error());
        return QString();
    };
    QCOMPARE(refused(QString(), u"not set"_s), QString());
    QCOMPARE(refused(u"relative/dir"_s, u"absolute"_s), QString());
    QCOMPARE(refused(base.filePath(u"missing"_s), u"not a directory"_s), QString());

    const QString open = base.filePath(u"open"_s);
    QVERIFY(QDir().mkdir(open));
    QVERIFY(QFile::setPermissions(open,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QCOMPARE(refused(open, u"other users"_s), QString());

    if (::geteuid() != 0) { // root writes anywhere
        const QString readOnly = base.filePath(u"read-only"_s);
        QVERIFY(QDir().mkdir(readOnly));
        QVERIFY(QFile::setPermissions(readOnly, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        QCOMPARE(refused(readOnly, u"Cannot create"_s), QString());
        QVERIFY(QFile::setPermissions(
            readOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }
}

QTEST_GUILESS_MAIN(TestExecHandoff)
#include "tst_exechandoff.moc"
