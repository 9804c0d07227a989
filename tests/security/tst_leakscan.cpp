// A whole session of the real tokentray, window and command line, with
// marker secrets: a 7G password, a wrong 7G password, a D7 client secret and
// every token the fake service issued (read back from the service). Then
// every place a secret must never reach is searched for each marker, as it
// is, as UTF-16, base64 (both alphabets, any alignment), URL-encoded, and by
// the tail of a long one:
//
//   - every file under HOME and XDG_RUNTIME_DIR, binary ones and the
//     keyring's own files (which hold the secrets, encrypted) included;
//   - stdout and stderr of every process (except the stdout of the commands
//     that print a token on purpose);
//   - /proc/<pid>/cmdline and /proc/<pid>/environ of every TokenTray process,
//     sampled while it runs;
//   - every URL the fake service was asked for.
//
// A failure names the marker and the place, never the secret; nothing this
// test prints contains one.
#include "desktopapp.h"
#include "fakeapiprocess.h"
#include "keyringcontrol.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int WaitMs = 60000;

// Random text with characters that URL-encoding and base64 change.
QString markerSecret(const QString &prefix)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString s = prefix;
    for (int i = 0; i < 28; ++i) {
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
        if (i == 9)
            s += u"+/ ="_s;
    }
    return s;
}

struct Needle
{
    QString marker; // e.g. "the D7 client secret"
    QString form; // e.g. "base64url"
    QByteArray bytes;
};

// base64 of `data` as it would appear inside a longer base64 text, at each of
// the three alignments: only the characters that depend on `data` alone.
QList<QByteArray> base64Fragments(const QByteArray &data, QByteArray::Base64Options options)
{
    QList<QByteArray> out;
    for (int lead = 0; lead < 3; ++lead) {
        const QByteArray padded = QByteArray(lead, '\0') + data;
        QByteArray encoded = padded.toBase64(options | QByteArray::OmitTrailingEquals);
        const qsizetype total = lead + data.size();
        if (total % 3 != 0)
            encoded.chop(1); // the last character also holds bits of what follows
        const int skip = lead == 0 ? 0 : lead + 1; // ... and the first ones of what precedes
        out.append(encoded.mid(skip));
    }
    return out;
}

QList<Needle> needlesFor(const QString &name, const QString &secret)
{
    QList<Needle> out;
    const auto add = [&](const QString &form, const QByteArray &bytes) {
        for (const Needle &n : std::as_const(out)) {
            if (n.bytes == bytes)
                return;
        }
        out.append({ name, form, bytes });
    };
    const QByteArray utf8 = secret.toUtf8();
    add(u"plain"_s, utf8);
    add(u"UTF-16"_s, QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2));
    for (const QByteArray &b : base64Fragments(utf8, QByteArray::Base64Encoding))
        add(u"base64"_s, b);
    for (const QByteArray &b : base64Fragments(utf8, QByteArray::Base64UrlEncoding))
        add(u"base64url"_s, b);
    const QByteArray percent = QUrl::toPercentEncoding(secret);
    add(u"URL-encoded"_s, percent);
    add(u"URL-encoded (lower-case hex)"_s,
        QByteArray(percent).replace("%2B", "%2b").replace("%2F", "%2f").replace("%3D", "%3d"));
    add(u"form-encoded"_s, QByteArray(percent).replace("%20", "+"));
    // A message that shortens a secret still shows its end: random in every
    // marker here (a JWT ends in its signature).
    if (secret.size() >= 24)
        add(u"its last 16 characters"_s, secret.right(16).toUtf8());
    return out;
}

// Where something was found: the place's name and the data.
struct Place
{
    QString name;
    QByteArray data;
};

// Samples cmdline and environ of every process of the tokentray binary.
class ProcSampler : public QObject
{
public:
    explicit ProcSampler(const QString &binary)
        : m_binary(binary)
    {
        connect(&m_timer, &QTimer::timeout, this, &ProcSampler::sampleAll);
        m_timer.start(200);
    }

    void sampleAll()
    {
        const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &pid : pids) {
            bool numeric = false;
            pid.toLongLong(&numeric);
            if (numeric)
                sample(pid.toLongLong());
        }
    }

    void sample(qint64 pid, const QString &what = {})
    {
        const QByteArray cmdline = read(u"/proc/%1/cmdline"_s.arg(pid));
        if (cmdline.split('\0').value(0) != m_binary.toLocal8Bit())
            return;
        const QByteArray environment = read(u"/proc/%1/environ"_s.arg(pid));
        const QString label = what.isEmpty() ? u"tokentray process %1"_s.arg(pid) : what;
        ++m_samples;
        if (!m_seen.contains(cmdline)) {
            m_seen.insert(cmdline);
            m_places.append({ u"/proc/<pid>/cmdline of %1"_s.arg(label), cmdline });
        }
        if (environment.isEmpty()) {
            ++m_environUnreadable;
        } else if (!m_seen.contains(environment)) {
            m_seen.insert(environment);
            m_places.append({ u"/proc/<pid>/environ of %1"_s.arg(label), environment });
        }
    }

    void stop() { m_timer.stop(); }
    const QList<Place> &places() const { return m_places; }
    int samples() const { return m_samples; }
    int environUnreadable() const { return m_environUnreadable; }

private:
    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QString m_binary;
    QTimer m_timer;
    QList<Place> m_places;
    QSet<QByteArray> m_seen;
    int m_samples = 0;
    int m_environUnreadable = 0;
};

} // namespace

class TestLeakScan : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QList<Needle> m_needles;
    QList<Place> m_outputs; // what processes printed, to search
    QList<Place> m_expectedSecrets; // the stdout of token, header and curl

    void setMarkers(const QList<QPair<QString, QString>> &markers)
    {
        m_needles.clear();
        for (const auto &[name, secret] : markers)
            m_needles += needlesFor(name, secret);
    }

    // Any text this test prints, with every known marker replaced by its name.
    QByteArray redact(QByteArray text) const
    {
        for (const Needle &n : m_needles)
            text.replace(n.bytes, QByteArray("<" + n.marker.toUtf8() + ">"));
        return text;
    }

    QString describe(const DesktopApp::Run &run) const
    {
        return u"exit %1, stderr: %2"_s.arg(run.exitCode).arg(QString::fromUtf8(redact(run.err).left(600)));
    }

    static QStringList hits(const QList<Needle> &needles, const Place &place)
    {
        QStringList found;
        for (const Needle &n : needles) {
            if (place.data.contains(n.bytes))
                found.append(u"%1 (%2) in %3"_s.arg(n.marker, n.form, place.name));
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("TOKENTRAY_HARNESS_HOME") != QDir::homePath())
            QSKIP("Runs only inside tests/harness/desktop-session.sh: it scans HOME and uses the keyring.");
        m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
        QVERIFY2(QFileInfo::exists(m_bin), "TOKENTRAY_BIN does not name the tokentray binary");
        for (const QString &tool : { u"xdotool"_s, u"xclip"_s }) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP(qPrintable(tool + u" is not installed"_s));
        }
        QVERIFY(!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"));
    }

    void wholeSessionLeavesNoSecret();
};

void TestLeakScan::wholeSessionLeavesNoSecret()
{
    const QString password = markerSecret(u"LeakPw-"_s);
    const QString wrongPassword = markerSecret(u"LeakWrong-"_s);
    const QString clientSecret = markerSecret(u"LeakCs-"_s);
    QList<QPair<QString, QString>> markers { { u"the 7G password"_s, password },
                                             { u"the wrong 7G password"_s, wrongPassword },
                                             { u"the D7 client secret"_s, clientSecret } };
    setMarkers(markers);
    const QString user = u"leak.user"_s;
    const QString otherUser = u"leak.other"_s;
    const QString client = u"leak-app"_s;

    // The service learns the credentials on its control endpoint, not its command line.
    FakeApiProcess api;
    QVERIFY2(api.start({ u"--seveng-ttl"_s, u"300"_s, u"--d7-ttl"_s, u"300"_s }),
             qPrintable(api.errorString()));
    QVERIFY(api.addSevenGUser(user, password));
    QVERIFY(api.addSevenGUser(otherUser, markerSecret(u"Unused-"_s)));
    QVERIFY(api.addD7App(client, clientSecret));
    const QString base = api.baseUrl().toString();

    // The configuration inside HOME, so that the scan sees all of it.
    QTemporaryDir config(QDir::home().filePath(u"leakscan-XXXXXX"_s));
    QVERIFY(config.isValid());
    DesktopApp app(m_bin, config.path());
    ProcSampler sampler(m_bin);
    const auto sampled = [&sampler](const QString &what) {
        return [&sampler, what](qint64 pid) {
            sampler.sample(pid, what);
        };
    };
    const auto keep
        = [this](const QString &what, const DesktopApp::Run &run, bool stdoutHoldsSecret = false) {
              (stdoutHoldsSecret ? m_expectedSecrets : m_outputs)
                  .append({ u"stdout of `%1`"_s.arg(what), run.out });
              m_outputs.append({ u"stderr of `%1`"_s.arg(what), run.err });
          };
    const auto unlockAgain = qScopeGuard([] {
        if (KeyringControl::loginCollectionLocked())
            KeyringControl::unlockLoginCollection();
    });

    // ---- The window, with everything TokenTray logs, debug included.
    QProcessEnvironment env;
    env.insert(u"QT_LOGGING_RULES"_s, u"tokentray.*.debug=true"_s);
    QVERIFY(app.start({}, env));
    QVERIFY2(app.waitUntilListening(), "the window did not open its instance socket");
    sampler.sample(app.window().processId(), u"the window"_s);

    // Accounts added through the running window, secrets on stdin.
    DesktopApp::Run run = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"leak-7g"_s,
                                    u"--base-url"_s, base, u"--username"_s, user, u"--password-stdin"_s },
                                  password.toUtf8() + '\n', WaitMs, sampled(u"add 7G"_s));
    keep(u"add 7G"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"leak-d7"_s, u"--base-url"_s, base,
                    u"--client-id"_s, client, u"--secret-stdin"_s },
                  clientSecret.toUtf8(), WaitMs, sampled(u"add D7"_s));
    keep(u"add D7"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));

    const auto allSignedIn = [&] {
        const DesktopApp::Run list = app.cli({ u"list"_s, u"--json"_s }, {}, 10000);
        const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
        int valid = 0;
        for (const QJsonValue &a : accounts)
            valid += a.toObject().value(u"secondsLeft"_s).toInt() > 0 ? 1 : 0;
        return valid == 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allSignedIn(), WaitMs);

    // Copy Token and Copy Header from the window.
    QTRY_VERIFY_WITH_TIMEOUT(!app.mainWindowId().isEmpty(), WaitMs);
    QVERIFY(app.pressKeys(u"ctrl+c"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!DesktopApp::clipboard().isEmpty(), 10000);
    QVERIFY(app.pressKeys(u"ctrl+shift+c"_s));
    QTRY_VERIFY_WITH_TIMEOUT(DesktopApp::clipboard().contains("Authorization"), 10000);

    // Renew from the window (F5).
    const int renewalsBefore
        = api.counters().value(u"refreshes"_s).toInt() + api.counters().value(u"d7Logins"_s).toInt();
    QVERIFY(app.pressKeys(u"F5"_s));
    QTRY_VERIFY_WITH_TIMEOUT(api.counters().value(u"refreshes"_s).toInt()
                                     + api.counters().value(u"d7Logins"_s).toInt()
                                 > renewalsBefore,
                             WaitMs);

    // A wrong password: refused by --verify (nothing stored), and stored
    // without it, so that the window tries it once.
    run = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"leak-wrong"_s, u"--base-url"_s, base,
                    u"--username"_s, otherUser, u"--password-stdin"_s, u"--verify"_s },
                  wrongPassword.toUtf8(), WaitMs, sampled(u"add --verify with a wrong password"_s));
    keep(u"add --verify with a wrong password"_s, run);
    QVERIFY2(run.exitCode == 4, qPrintable(describe(run)));
    run = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"leak-wrong"_s, u"--base-url"_s, base,
                    u"--username"_s, otherUser, u"--password-stdin"_s },
                  wrongPassword.toUtf8(), WaitMs, sampled(u"add with a wrong password"_s));
    keep(u"add with a wrong password"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QTRY_VERIFY_WITH_TIMEOUT(api.counters().value(u"loginFailures"_s).toInt() >= 2, WaitMs);

    // The keychain locked for a while: a renewal that cannot be stored, a
    // token handed out from memory; then unlocked, and renewed again.
    QVERIFY2(KeyringControl::lockLoginCollection(), "could not lock the login collection");
    QVERIFY(app.pressKeys(u"F5"_s));
    run = app.cli({ u"token"_s, u"leak-d7"_s }, {}, WaitMs, sampled(u"token while locked"_s));
    keep(u"token while locked"_s, run, true);
    QTest::qWait(2000);
    QVERIFY2(KeyringControl::unlockLoginCollection(), "could not unlock the login collection");
    QTest::qWait(1000);
    QVERIFY(app.pressKeys(u"F5"_s));
    QTRY_VERIFY_WITH_TIMEOUT(allSignedIn() || app.window().state() != QProcess::Running, WaitMs);

    // The command line through the running window.
    run = app.cli({ u"token"_s, u"leak-7g"_s }, {}, WaitMs, sampled(u"token"_s));
    keep(u"token"_s, run, true);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"header"_s, u"leak-d7"_s }, {}, WaitMs, sampled(u"header"_s));
    keep(u"header"_s, run, true);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"curl"_s, u"leak-7g"_s }, {}, WaitMs, sampled(u"curl"_s));
    keep(u"curl"_s, run, true);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"list"_s, u"--json"_s }, {}, WaitMs, sampled(u"list --json"_s));
    keep(u"list --json"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));

    // Quit from the window (Ctrl+Q).
    QVERIFY(app.pressKeys(u"ctrl+q"_s));
    QVERIFY2(app.window().waitForFinished(WaitMs), "the window did not quit");
    QCOMPARE(app.window().exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.window().exitCode(), 0);
    m_outputs.append({ u"stdout of the window"_s, app.window().readAllStandardOutput() });
    m_outputs.append({ u"stderr of the window"_s, app.window().readAllStandardError() });

    // ---- The command line on its own: no window runs now.
    run = app.cli({ u"token"_s, u"leak-7g"_s }, {}, WaitMs, sampled(u"headless token"_s));
    keep(u"headless token"_s, run, true);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"signout"_s, u"leak-7g"_s }, {}, WaitMs, sampled(u"headless signout"_s));
    keep(u"headless signout"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    // A new sign-in with the stored password, its tokens stored by this process.
    run = app.cli({ u"header"_s, u"leak-7g"_s }, {}, WaitMs, sampled(u"headless header"_s));
    keep(u"headless header"_s, run, true);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"leak-d7-headless"_s, u"--base-url"_s,
                    base, u"--client-id"_s, client, u"--secret-stdin"_s, u"--verify"_s },
                  clientSecret.toUtf8(), WaitMs, sampled(u"headless add --verify"_s));
    keep(u"headless add --verify"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"list"_s, u"--json"_s }, {}, WaitMs, sampled(u"headless list --json"_s));
    keep(u"headless list --json"_s, run);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    sampler.stop();

    // ---- What the service issued and saw.
    const QJsonArray issued = api.issuedTokens();
    int accessTokens = 0;
    int refreshTokens = 0;
    for (const QJsonValue &v : issued) {
        const QJsonObject token = v.toObject();
        const bool access = token.value(u"kind"_s).toString() == u"access"_s;
        const int number = access ? ++accessTokens : ++refreshTokens;
        markers.append(
            { u"%1 %2 token #%3"_s
                  .arg(token.value(u"service"_s).toString().toUpper(), access ? u"access"_s : u"refresh"_s)
                  .arg(number),
              token.value(u"token"_s).toString() });
    }
    setMarkers(markers);
    QByteArray targets;
    const QJsonArray requests = api.requestLog();
    for (const QJsonValue &v : requests)
        targets += v.toObject().value(u"target"_s).toString().toUtf8() + '\n';
    m_outputs.append({ u"the URLs the fake service was asked for"_s, targets });
    m_outputs.append({ u"stderr of the fake service"_s, api.standardError() });
    QVERIFY(api.stop());

    // The session did what it should, so that the scan means something.
    QVERIFY2(accessTokens >= 5 && refreshTokens >= 2,
             qPrintable(
                 u"only %1 access and %2 refresh tokens were issued"_s.arg(accessTokens).arg(refreshTokens)));
    QVERIFY(targets.contains("/User/Login\n") && targets.contains("/auth/v1/login/application\n"));
    for (const Place &p : std::as_const(m_expectedSecrets)) {
        if (p.data.isEmpty())
            continue;
        QVERIFY2(!hits(m_needles, p).isEmpty(), qPrintable(u"the search found no token in %1"_s.arg(p.name)));
    }

    // ---- The search.
    QStringList found;
    for (const Place &p : std::as_const(m_outputs))
        found += hits(m_needles, p);
    for (const Place &p : sampler.places())
        found += hits(m_needles, p);

    int files = 0;
    qint64 bytes = 0;
    bool sawAccounts = false;
    bool sawKeyring = false;
    for (const QString &root : { QDir::homePath(), qEnvironmentVariable("XDG_RUNTIME_DIR") }) {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!hits(m_needles, { {}, path.toUtf8() }).isEmpty()) {
                found.append(u"a secret in the name of a file under %1"_s.arg(
                    root == QDir::homePath() ? u"HOME"_s : u"XDG_RUNTIME_DIR"_s));
                continue;
            }
            QFile f(path);
            if (!QFileInfo(path).isFile() || !f.open(QIODevice::ReadOnly))
                continue; // sockets, and files that went away meanwhile
            const QByteArray data = f.readAll();
            ++files;
            bytes += data.size();
            if (path.startsWith(config.path()) && path.endsWith(u"/accounts.json"_s))
                sawAccounts = data.contains(user.toUtf8()) && data.contains(client.toUtf8());
            if (path.contains(u"/keyrings/"_s))
                sawKeyring = true;
            found += hits(m_needles, { path, data });
        }
    }

    qInfo("Searched %d files (%lld bytes), %d process outputs, %d samples of /proc (%d environ unreadable) "
          "and %d URLs for %d markers in %d spellings.",
          files, bytes, int(m_outputs.size()), sampler.samples(), sampler.environUnreadable(),
          int(requests.size()), int(markers.size()), int(m_needles.size()));
    QVERIFY2(sawAccounts, "the accounts file was not found with both accounts in it");
    QVERIFY2(sawKeyring, "the keyring's own files were not searched");
    QVERIFY2(sampler.places().size() >= 2, "no TokenTray process was sampled in /proc");
    QVERIFY2(found.isEmpty(), qPrintable(u"\n  "_s + found.join(u"\n  "_s)));
}

QTEST_GUILESS_MAIN(TestLeakScan)
#include "tst_leakscan.moc"
