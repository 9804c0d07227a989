// Seeds a configuration folder for the process benchmarks: N accounts (half
// 7G, half D7) on one loopback fake server, each with its credential, a stored
// access token and, for 7G, a refresh token in the real keychain, written
// through the project's own secret store. One process instead of N `add`
// commands.
//
//   tokentray-bench-seed --config-dir DIR --accounts N --base-url http://127.0.0.1:PORT
//                        [--expires-in SECONDS] [--obtained-ago SECONDS]
//
// Logins and secrets follow one scheme that the benchmark driver registers
// with the fake server: 7G account i signs in as bench-user-i with
// bench-password-i, D7 account i as bench-app-i with bench-secret-i. They are
// fake and only ever sent to loopback. Nothing secret is printed.
#include "accounts/account.h"
#include "accounts/accountstore.h"
#include "platform/atomicfile.h"
#include "providers/tokenset.h"
#include "secrets/keychainsecretstore.h"
#include "session/storedtoken.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    QUuid account;
    SecretKind kind;
    QString value;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"TokenTray"_s);
    QCoreApplication::setOrganizationName(u"TokenTray"_s);

    QCommandLineParser parser;
    const QCommandLineOption configDir(u"config-dir"_s, u"Configuration folder to fill."_s, u"DIR"_s);
    const QCommandLineOption count(u"accounts"_s, u"Number of accounts."_s, u"N"_s);
    const QCommandLineOption baseUrl(u"base-url"_s, u"Loopback URL of the fake server."_s, u"URL"_s);
    const QCommandLineOption expiresIn(u"expires-in"_s, u"Life left in the stored access tokens."_s,
                                       u"SECONDS"_s, u"86400"_s);
    const QCommandLineOption obtainedAgo(u"obtained-ago"_s, u"How long ago the stored tokens were issued."_s,
                                         u"SECONDS"_s, u"60"_s);
    parser.addOptions({ configDir, count, baseUrl, expiresIn, obtainedAgo });
    parser.process(app);

    const QString dir = QDir(parser.value(configDir)).absolutePath();
    const int n = parser.value(count).toInt();
    const QUrl url(parser.value(baseUrl));
    if (dir.isEmpty() || n < 0 || !url.isValid()
        || (url.host() != u"127.0.0.1" && url.host() != u"::1" && url.host() != u"localhost")) {
        std::fputs("tokentray-bench-seed: needs --config-dir, --accounts and a loopback --base-url\n",
                   stderr);
        return 2;
    }
    if (!QDir().mkpath(dir)) {
        std::fputs("tokentray-bench-seed: cannot create the configuration folder\n", stderr);
        return 1;
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 life = parser.value(expiresIn).toLongLong();
    QJsonArray list;
    QList<Entry> entries;
    for (int i = 0; i < n; ++i) {
        const bool d7 = i % 2 == 1;
        Account a = Account::create(d7 ? Provider::D7 : Provider::SevenG);
        a.name = u"bench-%1"_s.arg(i, 4, 10, QChar(u'0'));
        a.baseUrl = url;
        if (!d7)
            a.environment = u"custom"_s;
        a.login = d7 ? u"bench-app-%1"_s.arg(i) : u"bench-user-%1"_s.arg(i);
        list.append(a.toJson());

        TokenSet tokens;
        tokens.accessToken = u"bench-access-%1-%2"_s.arg(i).arg(now.toSecsSinceEpoch());
        tokens.obtainedAt = now.addSecs(-parser.value(obtainedAgo).toLongLong());
        tokens.expiresAt = now.addSecs(life);
        entries.append({ a.id, d7 ? SecretKind::ClientSecret : SecretKind::Password,
                         d7 ? u"bench-secret-%1"_s.arg(i) : u"bench-password-%1"_s.arg(i) });
        entries.append({ a.id, SecretKind::AccessToken, StoredToken::encode(tokens) });
        if (!d7)
            entries.append({ a.id, SecretKind::RefreshToken, u"bench-refresh-%1"_s.arg(i) });
    }

    // The file in the store's own format; AccountStore reads it back below as
    // the check that it is one TokenTray accepts.
    const QString path = QDir(dir).filePath(u"accounts.json"_s);
    const QJsonObject root { { u"version"_s, AccountStore::SchemaVersion }, { u"accounts"_s, list } };
    if (const Status written = AtomicFile::write(path, QJsonDocument(root).toJson(),
                                                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        !written) {
        std::fprintf(stderr, "tokentray-bench-seed: %s\n", qUtf8Printable(written.error()));
        return 1;
    }
    AccountStore check(path);
    if (const Status loaded = check.load(); !loaded || check.accounts().size() != n) {
        std::fputs("tokentray-bench-seed: the accounts file does not load\n", stderr);
        return 1;
    }

    KeychainSecretStore secrets(u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(dir));
    QElapsedTimer timer;
    timer.start();
    int answered = 0;
    int failed = 0;
    // A few writes in flight at a time; qtkeychain queues them anyway.
    qsizetype next = 0;
    std::function<void()> pump = [&] {
        while (next < entries.size() && secrets.pendingOperations() < 8) {
            const Entry &e = entries.at(next++);
            secrets.write(e.account, e.kind, e.value, &app, [&](const SecretResult &r) {
                ++answered;
                if (!r.ok())
                    ++failed;
                if (answered == entries.size())
                    QCoreApplication::quit();
                else
                    pump();
            });
        }
    };
    if (entries.isEmpty())
        return 0;
    QTimer::singleShot(0, &app, pump);
    app.exec();
    for (Entry &e : entries)
        e.value.fill(u'\0');
    QTextStream(stdout) << QJsonDocument(QJsonObject { { u"accounts"_s, n },
                                                       { u"keychainEntries"_s, answered },
                                                       { u"failed"_s, failed },
                                                       { u"seconds"_s, timer.elapsed() / 1000.0 } })
                               .toJson(QJsonDocument::Compact)
                        << '\n';
    return failed == 0 ? 0 : 1;
}
