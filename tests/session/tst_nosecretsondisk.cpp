#include "accounts/accountstore.h"
#include "base/clock.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "secrets/keychainsecretstore.h"
#include "session/sessionmanager.h"
#include "session/sessionpresenter.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTest>
#include <QTextStream>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

// A full engine run with the real keychain (the harness's gnome-keyring), the
// accounts file in the throwaway HOME and the fake server; afterwards no
// secret may be found in any file under HOME or in what the engine printed.
//
// The engine runs in a child process (this binary with --engine-child) so
// that everything it writes to stdout and stderr can be captured. Secrets go
// to it on stdin, never on the command line; it reports the tokens it saw as
// hex of the tokens XORed with a one-time key, so the report itself holds no
// plaintext.

namespace {

const QString SevenGUser = u"disk-check-user"_s;
const QString D7Client = u"disk-check-app"_s;
constexpr int WaitMs = 30000;

QByteArray xorHex(const QByteArray &data, const QByteArray &key)
{
    QByteArray out = data;
    for (qsizetype i = 0; i < out.size(); ++i)
        out[i] = char(out.at(i) ^ key.at(i % key.size()));
    return out.toHex();
}

QByteArray unXorHex(const QByteArray &hex, const QByteArray &key)
{
    QByteArray out = QByteArray::fromHex(hex);
    for (qsizetype i = 0; i < out.size(); ++i)
        out[i] = char(out.at(i) ^ key.at(i % key.size()));
    return out;
}

QString randomSecret(const QString &prefix)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString s = prefix;
    for (int i = 0; i < 24; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return s;
}

// Every way a secret might be spelled in a file: UTF-8 and UTF-16.
QList<QByteArray> spellings(const QString &secret)
{
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
    return { secret.toUtf8(), utf16 };
}

// Waits in the child without a test framework.
bool waitFor(const std::function<bool()> &condition, int timeoutMs = WaitMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

int runEngineChild(const QString &baseUrlText)
{
    QCoreApplication::setOrganizationName(u"TokenTray"_s);
    QCoreApplication::setApplicationName(u"TokenTray"_s);
    QTextStream in(stdin);
    const QString password = in.readLine();
    const QString clientSecret = in.readLine();
    const QByteArray key = QByteArray::fromHex(in.readLine().toLatin1());
    if (password.isEmpty() || clientSecret.isEmpty() || key.isEmpty()) {
        std::fputs("child: no secrets on stdin\n", stderr);
        return 2;
    }

    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    AccountStore accounts(AccountStore::defaultPath());
    accounts.load();
    KeychainSecretStore secrets(u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(configDir));
    QNetworkAccessManager network;
    NetworkPolicy policy(&network);
    SystemClock clock;
    SessionManager manager(&accounts, &secrets, &policy, &clock);
    manager.setAutoRenew(true);

    QSet<QString> tokens;
    const auto watch = [&tokens](TokenSession *s) {
        QObject::connect(s, &TokenSession::tokensChanged, s, [&tokens, s] {
            if (!s->tokens().accessToken.isEmpty())
                tokens.insert(s->tokens().accessToken);
            if (!s->tokens().refreshToken.isEmpty())
                tokens.insert(s->tokens().refreshToken);
        });
    };
    QObject::connect(&manager, &SessionManager::sessionAdded, &manager,
                     [&watch](TokenSession *s, int) { watch(s); });
    manager.start(true);
    if (!waitFor([&] { return manager.keychainMonitor()->status() == KeychainMonitor::Status::Available; })) {
        qWarning("child: keychain not available: %s", qPrintable(manager.keychainMonitor()->message()));
        return 3;
    }

    const QUrl base(baseUrlText);
    const auto add = [&](Provider kind, const QString &login, const QString &secret) -> TokenSession * {
        Account a = Account::create(kind);
        a.name = login;
        a.login = login;
        a.baseUrl = base;
        bool done = false;
        manager.accountService()->addAccount(a, secret, nullptr, [&done](const Status &s) {
            done = true;
            if (!s.ok())
                qWarning("child: add failed: %s", qPrintable(s.error()));
        });
        if (!waitFor([&] { return done; }))
            return nullptr;
        return manager.session(a.id);
    };
    TokenSession *sevenG = add(Provider::SevenG, SevenGUser, password);
    TokenSession *d7 = add(Provider::D7, D7Client, clientSecret);
    if (!sevenG || !d7)
        return 4;
    const auto valid = [](TokenSession *s) {
        return s->state() == SessionState::Valid;
    };
    if (!waitFor([&] { return valid(sevenG) && valid(d7); })) {
        qWarning("child: no sign-in: %s / %s", qPrintable(SessionPresenter::stateDetail(*sevenG)),
                 qPrintable(SessionPresenter::stateDetail(*d7)));
        return 5;
    }
    qInfo("child: both accounts signed in");

    // Refresh with rotation, D7 renewal, a sign-out and a new sign-in, a token handed out.
    const QString firstAccess = sevenG->tokens().accessToken;
    sevenG->renewNow();
    d7->renewNow();
    if (!waitFor([&] { return valid(sevenG) && valid(d7) && sevenG->tokens().accessToken != firstAccess; }))
        return 6;
    sevenG->signOut();
    bool answered = false;
    sevenG->requestToken(60, nullptr,
                         [&answered](const TokenSet &t, const AuthError &) { answered = !t.isEmpty(); });
    if (!waitFor([&] { return answered; }))
        return 7;
    qInfo("child: renewed, signed out and in again");
    if (!waitFor([&] { return manager.pendingWrites() == 0 && secrets.pendingOperations() == 0; }))
        return 8;

    for (const QString &t : std::as_const(tokens))
        std::printf("TOKEN %s\n", xorHex(t.toUtf8(), key).constData());
    std::fflush(stdout);
    return 0;
}

} // namespace

class TestNoSecretsOnDisk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullEngineRunLeavesNoSecret();
};

void TestNoSecretsOnDisk::fullEngineRunLeavesNoSecret()
{
    const QString home = QDir::homePath();
    if (qEnvironmentVariable("TOKENTRAY_HARNESS_HOME") != home)
        QSKIP("Runs only inside tests/harness/desktop-session.sh: it scans HOME and uses the keyring.");

    const QString password = randomSecret(u"pw-"_s);
    const QString clientSecret = randomSecret(u"cs-"_s);
    QByteArray key(32, Qt::Uninitialized);
    for (char &c : key)
        c = char(QRandomGenerator::global()->bounded(256));

    // The server learns the credentials over its control endpoint, not its command line.
    FakeApiProcess api;
    QVERIFY2(api.start(), qPrintable(api.errorString()));
    QVERIFY(api.addSevenGUser(SevenGUser, password));
    QVERIFY(api.addD7App(D7Client, clientSecret));

    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Everything TokenTray logs, debug included.
    env.insert(u"QT_LOGGING_RULES"_s, u"tokentray.*.debug=true"_s);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), { u"--engine-child"_s, api.baseUrl().toString() });
    QVERIFY2(child.waitForStarted(WaitMs), qPrintable(child.errorString()));
    child.write(password.toUtf8() + '\n' + clientSecret.toUtf8() + '\n' + key.toHex() + '\n');
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(120000));
    const QByteArray out = child.readAllStandardOutput();
    const QByteArray err = child.readAllStandardError();
    QVERIFY2(
        child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
        qPrintable(u"child exit %1: %2"_s.arg(child.exitCode()).arg(QString::fromUtf8(err.right(2000)))));

    QStringList secrets { password, clientSecret };
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("TOKEN "))
            secrets.append(QString::fromUtf8(unXorHex(line.mid(6), key)));
    }
    // 7G: three access and three refresh tokens; D7: two access tokens.
    QVERIFY2(secrets.size() >= 2 + 6, qPrintable(QString::number(secrets.size())));
    QCOMPARE(api.counters().value(u"logins"_s).toInt(), 2);
    QCOMPARE(api.counters().value(u"refreshes"_s).toInt(), 1);

    // A secret might leak in part (a log line that shortens it): its last 16
    // characters, random in every kind of secret here (a JWT ends in its
    // signature), are searched for as well.
    QList<QByteArray> needles;
    for (const QString &s : std::as_const(secrets)) {
        needles += spellings(s);
        if (s.size() >= 20)
            needles += spellings(s.right(16));
    }

    // The output of the engine process.
    for (const QByteArray &n : std::as_const(needles)) {
        QVERIFY2(!out.contains(n), "a secret was written to stdout");
        QVERIFY2(!err.contains(n), "a secret was written to stderr");
    }

    // Every file under HOME: configuration, cache, data, and the keyring's own
    // files (encrypted, so the plaintext must not appear there either).
    int files = 0;
    bool sawAccounts = false;
    bool sawKeyring = false;
    QDirIterator it(home, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue; // sockets and the like
        const QByteArray data = f.readAll();
        ++files;
        if (path.endsWith(u"/accounts.json"_s)) {
            sawAccounts = true;
            // The scan works: what is meant to be there is found.
            QVERIFY(data.contains(SevenGUser.toUtf8()));
        }
        if (path.contains(u"/keyrings/"_s))
            sawKeyring = true;
        for (const QByteArray &n : std::as_const(needles))
            QVERIFY2(!data.contains(n), qPrintable(u"a secret was found in %1"_s.arg(path)));
    }
    QVERIFY(sawAccounts);
    qInfo().noquote()
        << u"Scanned %1 files under HOME (keyring files: %2) for %3 secrets; %4 bytes of engine "
           "output"_s.arg(files)
               .arg(sawKeyring ? u"yes"_s : u"no"_s)
               .arg(secrets.size())
               .arg(out.size() + err.size());

    // And the keychain really holds them: the newest refresh token is there.
    KeychainSecretStore store(u"TokenTray"_s,
                              KeychainSecretStore::namespaceForConfigDir(
                                  QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
    AccountStore accounts(AccountStore::defaultPath());
    QVERIFY(accounts.load());
    const auto account = accounts.findByNameOrId(SevenGUser);
    QVERIFY(account);
    std::optional<SecretResult> read;
    store.read(account->id, SecretKind::RefreshToken, this, [&read](const SecretResult &r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), WaitMs);
    QVERIFY2(read->ok(), qPrintable(read->message));
    QVERIFY(secrets.contains(read->value));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--engine-child") == 0)
        return runEngineChild(QString::fromLocal8Bit(argv[2]));
    // The test itself must find the same configuration paths as the child.
    QCoreApplication::setOrganizationName(u"TokenTray"_s);
    QCoreApplication::setApplicationName(u"TokenTray"_s);
    TestNoSecretsOnDisk test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_nosecretsondisk.moc"
