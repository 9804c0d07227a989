#include "main/singleinstance.h"

#include "base/exitcode.h"
#include "ipc/instanceclient.h"
#include "ipc/instanceserver.h"

#include <QCoreApplication>

#include <cstdio>

SingleInstance::SingleInstance(SessionManager *manager, const AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_settings(settings)
{ }

bool SingleInstance::claim(const QString &configDir)
{
    auto *server = new InstanceServer(m_manager, this);
    server->setSettings(m_settings);
    server->setAccessLog(m_accessLog);
    connect(server, &InstanceServer::activateRequested, this, &SingleInstance::activateRequested);
    switch (server->listen(configDir)) {
    case InstanceServer::ListenResult::Listening:
        return true;
    case InstanceServer::ListenResult::Failed:
        // Still usable on its own; a second launch just will not find it.
        std::fprintf(
            stderr, "tokentray: %s\n",
            qUtf8Printable(tr("Running without the single-instance socket: %1").arg(server->errorString())));
        delete server;
        return true;
    case InstanceServer::ListenResult::AnotherInstance:
        break;
    }
    delete server;
    InstanceClient::activate(configDir, this, [](bool answered) {
        if (!answered) {
            std::fprintf(stderr, "tokentray: %s\n",
                         qUtf8Printable(tr("TokenTray is already running but did not answer.")));
        }
        QCoreApplication::exit(exitStatus(answered ? ExitCode::Ok : ExitCode::Unavailable));
    });
    return false;
}
