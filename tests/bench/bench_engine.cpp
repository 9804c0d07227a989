// Engine benchmark: how long restoring N accounts takes and what one tick
// costs with N sessions. Prints a JSON object (and writes it to argv[1]).
//
// Every base URL points at a closed loopback port: a benchmark never talks to
// a real service, even if a session decided to sign in.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "network/networkpolicy.h"
#include "providers/tokenset.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

void waitUntil(const std::function<bool()> &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

QJsonObject benchAccounts(int count)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"accounts.json"_s);
    ManualClock clock(QDateTime::currentDateTimeUtc());

    QJsonArray accounts;
    QList<Account> list;
    for (int i = 0; i < count; ++i) {
        Account a = Account::create(i % 2 ? Provider::D7 : Provider::SevenG);
        a.name = u"Account %1"_s.arg(i);
        a.environment = a.provider == Provider::SevenG ? u"custom"_s : QString();
        a.baseUrl = QUrl(u"http://127.0.0.1:9"_s);
        a.login = u"user%1"_s.arg(i);
        accounts.append(a.toJson());
        list.append(a);
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write the accounts file");
    file.write(QJsonDocument(QJsonObject { { u"version"_s, 1 }, { u"accounts"_s, accounts } }).toJson());
    file.close();

    MemorySecretStore secrets;
    QObject context;
    int written = 0;
    for (const Account &a : std::as_const(list)) {
        TokenSet t;
        t.accessToken = u"bench-opaque-token-"_s + a.id.toString(QUuid::WithoutBraces);
        t.obtainedAt = clock.now();
        t.expiresAt = clock.now().addSecs(3600);
        secrets.write(a.id, SecretKind::AccessToken, StoredToken::encode(t), &context,
                      [&written](const SecretResult &) { ++written; });
    }
    waitUntil([&] { return written == count; });

    QNetworkAccessManager nam;
    NetworkPolicy policy(&nam);
    AccountStore store(path);

    QElapsedTimer timer;
    timer.start();
    if (!store.load())
        qFatal("cannot load the accounts file");
    const double loadMs = timer.nsecsElapsed() / 1e6;

    SessionManager manager(&store, &secrets, &policy, &clock);
    timer.restart();
    manager.start(false);
    waitUntil([&] {
        return std::all_of(manager.sessions().cbegin(), manager.sessions().cend(),
                           [](const TokenSession *s) { return s->state() == SessionState::Valid; });
    });
    const double restoreMs = timer.nsecsElapsed() / 1e6;

    constexpr int ticks = 2000;
    timer.restart();
    for (int i = 0; i < ticks; ++i) {
        clock.advance(1000);
        manager.tick();
    }
    const double tickUs = timer.nsecsElapsed() / 1e3 / ticks;

    return QJsonObject {
        { u"accounts"_s, count },
        { u"loadAccountsFileMs"_s, loadMs },
        { u"restoreAllTokensMs"_s, restoreMs },
        { u"tickMicroseconds"_s, tickUs },
    };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QJsonArray runs;
    for (int n : { 0, 200, 1000 })
        runs.append(benchAccounts(n));
    const QByteArray json = QJsonDocument(QJsonObject { { u"engine"_s, runs } }).toJson();
    QTextStream(stdout) << QString::fromUtf8(json);
    if (argc > 1) {
        QFile out(QString::fromLocal8Bit(argv[1]));
        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size())
            return 1;
    }
    return 0;
}
