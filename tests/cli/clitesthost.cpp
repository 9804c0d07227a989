// A stand-in for the running TokenTray window in the command-line tests: the
// engine (keychain, network, SessionManager renewing on its own) plus the
// single-instance server, without any widget. It reports on stdout, one line
// each, flushed:
//   listening | another-instance | failed <reason>
//   token <account name> <sha256 of the token, hex>    (never the token itself)
//   activated
#include "accounts/accountstore.h"
#include "audit/accesslog.h"
#include "base/clock.h"
#include "ipc/instanceserver.h"
#include "network/networkpolicy.h"
#include "secrets/keychainsecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QHash>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"TokenTray"_s);
    QCoreApplication::setOrganizationName(u"TokenTray"_s);

    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(u"--config-dir"_s);
    if (at < 0 || at + 1 >= args.size()) {
        say(u"failed usage: clitesthost --config-dir DIR"_s);
        return 2;
    }
    const QString configDir = args.at(at + 1);

    AccountStore store(QDir(configDir).filePath(u"accounts.json"_s));
    if (const Status loaded = store.load(); !loaded) {
        say(u"failed "_s + loaded.error());
        return 1;
    }
    KeychainSecretStore secrets(u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(configDir));
    QNetworkAccessManager network;
    NetworkPolicy policy(&network);
    SystemClock clock;
    SessionManager manager(&store, &secrets, &policy, &clock);
    manager.setAutoRenew(true);

    AccessLog accessLog(AccessLog::defaultPath());
    InstanceServer server(&manager);
    server.setAccessLog(&accessLog);
    QObject::connect(&server, &InstanceServer::activateRequested, &app, [] { say(u"activated"_s); });
    switch (server.listen(configDir)) {
    case InstanceServer::ListenResult::Listening:
        break;
    case InstanceServer::ListenResult::AnotherInstance:
        say(u"another-instance"_s);
        return 0;
    case InstanceServer::ListenResult::Failed:
        say(u"failed "_s + server.errorString());
        return 1;
    }

    QHash<QUuid, QString> reported;
    QObject::connect(&manager, &SessionManager::sessionChanged, &app, [&reported](TokenSession *session) {
        if (!session->hasValidToken())
            return;
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(session->tokens().accessToken.toUtf8(), QCryptographicHash::Sha256)
                .toHex());
        if (reported.value(session->id()) == hash)
            return;
        reported.insert(session->id(), hash);
        say(u"token %1 %2"_s.arg(session->account().name, hash));
    });
    manager.start(true);
    say(u"listening"_s);
    return app.exec();
}
