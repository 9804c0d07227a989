// SIGTERM, SIGINT and SIGHUP end the real tokentray window the way its Quit
// does: the clipboard no longer holds the copied token while the window still
// waits for the keychain, the keychain write that was under way is finished,
// and the exit status is 0. A second signal ends the wait at once. A command
// of the command line that waits for another process's lock stops on a
// signal too, with 128 + its number.
//
// To have a keychain write under way at the moment of the signal, the test
// holds the harness's keyring daemon (SIGSTOP) while the window renews a
// token, and lets it go (SIGCONT) once the window is quitting.
#include "accounts/accountstore.h"
#include "desktopapp.h"
#include "fakeapiprocess.h"
#include "secrets/keychainsecretstore.h"
#include "session/storedtoken.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int WaitMs = 30000;
const QString AccountName = u"signals"_s;

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}

// The harness's gnome-keyring, held still so that keychain calls wait; let go
// again when this goes, whatever happened.
class KeyringHold
{
public:
    ~KeyringHold() { release(); }

    bool hold()
    {
        const auto pid = QDBusConnection::sessionBus().interface()->servicePid(u"org.freedesktop.secrets"_s);
        if (!pid.isValid() || pid.value() == 0)
            return false;
        m_pid = pid_t(pid.value());
        m_held = ::kill(m_pid, SIGSTOP) == 0;
        return m_held;
    }

    void release()
    {
        if (m_held)
            ::kill(m_pid, SIGCONT);
        m_held = false;
    }

private:
    pid_t m_pid = 0;
    bool m_held = false;
};

QJsonObject claimsOf(const QString &jwt)
{
    const QByteArray payload = jwt.toLatin1().split('.').value(1);
    return QJsonDocument::fromJson(QByteArray::fromBase64(payload, QByteArray::Base64UrlEncoding)).object();
}

// The newest token of that kind the server issued to the user.
QString lastIssued(FakeApiProcess &api, const QString &kind, const QString &subject)
{
    const QJsonArray issued = api.issuedTokens();
    for (qsizetype i = issued.size() - 1; i >= 0; --i) {
        const QJsonObject entry = issued.at(i).toObject();
        if (entry.value(u"kind"_s).toString() == kind && entry.value(u"subject"_s).toString() == subject)
            return entry.value(u"token"_s).toString();
    }
    return {};
}

std::optional<SecretResult> readSecret(const QString &configDir, const QUuid &account, SecretKind kind)
{
    KeychainSecretStore store(u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(configDir));
    std::optional<SecretResult> result;
    QObject context;
    store.read(account, kind, &context, [&result](const SecretResult &r) { result = r; });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return result.has_value(); }, WaitMs);
    return result;
}

} // namespace

class TestStopSignals : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_bin;

    // One window with one signed-in 7G account whose token is on the
    // clipboard, and a renewal whose keychain write waits on the held keyring.
    struct Session
    {
        FakeApiProcess api;
        std::unique_ptr<DesktopApp> app;
        QString user;
        QUuid account;
        QString copiedToken;
        KeyringHold keyring;
    };

    void prepare(Session &s, const QString &name, bool captureErrors = false)
    {
        s.user = randomText(u"signals."_s);
        QVERIFY2(s.api.start({ u"--seveng-ttl"_s, u"600"_s, u"--quiet"_s }), qPrintable(s.api.errorString()));
        const QString password = randomText(u"pw-"_s);
        QVERIFY(s.api.addSevenGUser(s.user, password));

        s.app = std::make_unique<DesktopApp>(m_bin, QDir(m_dir.filePath(name)).absolutePath());
        if (!captureErrors)
            s.app->window().setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QVERIFY(s.app->start());
        QVERIFY2(s.app->waitUntilListening(), "the window did not open its instance socket");

        const DesktopApp::Run added
            = s.app->cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, AccountName, u"--base-url"_s,
                           s.api.baseUrl().toString(), u"--username"_s, s.user, u"--password-stdin"_s },
                         password.toUtf8());
        QVERIFY2(added.exitCode == 0, added.err.constData());
        AccountStore accounts(QDir(s.app->configDir()).filePath(u"accounts.json"_s));
        QVERIFY(accounts.load());
        const auto account = accounts.findByNameOrId(AccountName);
        QVERIFY(account);
        s.account = account->id;

        const auto signedIn = [&] {
            const DesktopApp::Run list = s.app->cli({ u"list"_s, u"--json"_s }, {}, 10000);
            const QJsonArray all = QJsonDocument::fromJson(list.out).array();
            return !all.isEmpty() && all.first().toObject().value(u"secondsLeft"_s).toInt() > 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(signedIn(), WaitMs);
        s.copiedToken = lastIssued(s.api, u"access"_s, s.user);
        QVERIFY(!s.copiedToken.isEmpty());

        // Copy Token (Ctrl+C) on the selected row, as the user would.
        QTRY_VERIFY_WITH_TIMEOUT(!s.app->mainWindowId().isEmpty(), WaitMs);
        bool copied = false;
        for (int attempt = 0; attempt < 3 && !copied; ++attempt) {
            QVERIFY(s.app->pressKeys(u"ctrl+c"_s));
            copied
                = QTest::qWaitFor([&] { return DesktopApp::clipboard() == s.copiedToken.toLatin1(); }, 5000);
        }
        QVERIFY2(copied, "Ctrl+C in the window did not put the token on the clipboard");

        // Renew (F5) with the keyring held: the new tokens reach the window,
        // their keychain write cannot finish.
        QVERIFY2(s.keyring.hold(), "could not hold the harness keyring");
        QVERIFY(s.app->pressKeys(u"F5"_s));
        QTRY_VERIFY_WITH_TIMEOUT(lastIssued(s.api, u"access"_s, s.user) != s.copiedToken, WaitMs);
        const QString renewed = claimsOf(lastIssued(s.api, u"access"_s, s.user)).value(u"jti"_s).toString();
        // The window holds the renewed token: its write to the keychain has begun.
        const auto windowHasRenewed = [&] {
            const DesktopApp::Run claims = s.app->cli({ u"claims"_s, AccountName }, {}, 10000);
            return QJsonDocument::fromJson(claims.out).object().value(u"jti"_s).toString() == renewed;
        };
        QTRY_VERIFY_WITH_TIMEOUT(windowHasRenewed(), WaitMs);
        QCOMPARE(s.app->window().state(), QProcess::Running);
    }

    // After the exit: the keychain holds the tokens of the last renewal.
    void verifyKeychain(Session &s)
    {
        const auto refresh = readSecret(s.app->configDir(), s.account, SecretKind::RefreshToken);
        QVERIFY(refresh.has_value());
        QVERIFY2(refresh->ok(), qPrintable(refresh->message));
        QVERIFY2(refresh->value == lastIssued(s.api, u"refresh"_s, s.user),
                 "the keychain does not hold the refresh token of the last renewal");
        const auto access = readSecret(s.app->configDir(), s.account, SecretKind::AccessToken);
        QVERIFY(access.has_value() && access->ok());
        QVERIFY2(StoredToken::decode(access->value).accessToken == lastIssued(s.api, u"access"_s, s.user),
                 "the keychain does not hold the access token of the last renewal");
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the desktop of tests/harness/desktop-session.sh");
        m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
        QVERIFY2(QFileInfo::exists(m_bin), "TOKENTRAY_BIN does not name the tokentray binary");
        for (const QString &tool : { u"xdotool"_s, u"xclip"_s }) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP(qPrintable(tool + u" is not installed"_s));
        }
        QVERIFY(m_dir.isValid());
    }

    void signalQuitsCleanly_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }

    void signalQuitsCleanly()
    {
        QFETCH(int, signalNumber);
        Session s;
        prepare(s, QString::fromLatin1(QTest::currentDataTag()));
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(::kill(pid_t(s.app->window().processId()), signalNumber), 0);
        // Cleared by the quit itself, while the window still waits for the
        // keychain (not merely gone with the process).
        QTRY_VERIFY_WITH_TIMEOUT(DesktopApp::clipboard() != s.copiedToken.toLatin1(), 2000);
        QVERIFY2(s.app->window().state() == QProcess::Running,
                 "the window did not wait for the keychain write under way");

        s.keyring.release();
        QVERIFY2(s.app->window().waitForFinished(WaitMs), "the window did not quit after the signal");
        QCOMPARE(s.app->window().exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.app->window().exitCode(), 0);
        QVERIFY(DesktopApp::clipboard() != s.copiedToken.toLatin1());
        verifyKeychain(s);
    }

    void secondSignalQuitsAtOnce()
    {
        Session s;
        prepare(s, u"second"_s, true);
        if (QTest::currentTestFailed())
            return;

        const auto pid = pid_t(s.app->window().processId());
        QCOMPARE(::kill(pid, SIGTERM), 0);
        QTRY_VERIFY_WITH_TIMEOUT(DesktopApp::clipboard() != s.copiedToken.toLatin1(), 2000);
        QCOMPARE(s.app->window().state(), QProcess::Running);

        // The keyring is still held: only the second signal can end the wait
        // before the quit's own deadline (3 s).
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid, SIGTERM), 0);
        QVERIFY2(s.app->window().waitForFinished(WaitMs), "the window did not quit after two signals");
#if !defined(__SANITIZE_ADDRESS__) // LeakSanitizer's check at exit takes its own time
        QVERIFY2(clock.elapsed() < 1500, qPrintable(u"the second signal took %1 ms"_s.arg(clock.elapsed())));
#endif
        QCOMPARE(s.app->window().exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.app->window().exitCode(), 0);
        const QByteArray err = s.app->window().readAllStandardError();
        QVERIFY2(err.contains("Quitting at once"), "the second signal did not end the wait for the keychain");
    }

    // A command carried out headless waits for the lock of an account that
    // another process holds; SIGTERM ends the wait at once, with 143.
    void commandWaitingForALockStops()
    {
        FakeApiProcess api;
        QVERIFY2(api.start({ u"--quiet"_s }), qPrintable(api.errorString()));
        const QString user = randomText(u"lock."_s);
        const QString password = randomText(u"pw-"_s);
        QVERIFY(api.addSevenGUser(user, password));
        DesktopApp cli(m_bin, QDir(m_dir.filePath(u"lock"_s)).absolutePath());
        const DesktopApp::Run added
            = cli.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, AccountName, u"--base-url"_s,
                        api.baseUrl().toString(), u"--username"_s, user, u"--password-stdin"_s },
                      password.toUtf8());
        QVERIFY2(added.exitCode == 0, added.err.constData());
        AccountStore accounts(QDir(cli.configDir()).filePath(u"accounts.json"_s));
        QVERIFY(accounts.load());
        const auto account = accounts.findByNameOrId(AccountName);
        QVERIFY(account);

        // This process holds the account's lock, as a command renewing it would.
        QDir().mkpath(QDir(cli.configDir()).filePath(u"locks"_s));
        QLockFile lock(QDir(cli.configDir())
                           .filePath(u"locks/%1.lock"_s.arg(account->id.toString(QUuid::WithoutBraces))));
        QVERIFY(lock.tryLock(0));

        QProcess token;
        token.start(m_bin, { u"--config-dir"_s, cli.configDir(), u"token"_s, AccountName });
        QVERIFY(token.waitForStarted(10000));
        QVERIFY2(!token.waitForFinished(1500), "the command did not wait for the lock");
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid_t(token.processId()), SIGTERM), 0);
        QVERIFY2(token.waitForFinished(10000), "the command did not stop on SIGTERM");
        QVERIFY2(clock.elapsed() < 3000, qPrintable(u"stopping took %1 ms"_s.arg(clock.elapsed())));
        QCOMPARE(token.exitStatus(), QProcess::NormalExit);
        QCOMPARE(token.exitCode(), 128 + SIGTERM);
        QVERIFY(token.readAllStandardOutput().isEmpty());
        const QByteArray err = token.readAllStandardError();
        QVERIFY2(err.contains("Stopped by SIGTERM"), err.constData());
        QCOMPARE(api.counters().value(u"logins"_s).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStopSignals)
#include "tst_stopsignals.moc"
