#include "cli/cliinvocation.h"

#include "ipc/instanceclient.h"

CliInvocation::CliInvocation(const QString &configDir, const QString &caFile, CliRequest request,
                             LocalCommandFactory localCommand, QObject *parent)
    : QObject(parent)
    , m_configDir(configDir)
    , m_caFile(caFile)
    , m_request(std::move(request))
    , m_localCommand(std::move(localCommand))
{ }

CliInvocation::~CliInvocation()
{
    m_request.secret.fill(u'\0');
}

void CliInvocation::start()
{
    auto *client = new InstanceClient(m_configDir, this);
    connect(client, &InstanceClient::finished, this,
            [this, client](InstanceClient::Outcome outcome, const QJsonObject &reply, const QString &error) {
                client->deleteLater();
                if (m_finished) // stopped meanwhile
                    return;
                switch (outcome) {
                case InstanceClient::Outcome::NoInstance:
                    runHeadless();
                    return;
                case InstanceClient::Outcome::Failed:
                    // Not done here instead: the instance may be renewing this
                    // very account, and a second renewal could spend a rotated token.
                    finish(CliResponse::failure(ExitCode::Unavailable, error));
                    return;
                case InstanceClient::Outcome::Answered:
                    break;
                }
                QString parseError;
                const auto response = CliResponse::fromJson(reply, &parseError);
                if (!response) {
                    finish(CliResponse::failure(
                        ExitCode::Unavailable,
                        tr("The running TokenTray sent an unreadable answer: %1").arg(parseError)));
                    return;
                }
                finish(*response);
            });
    client->send(m_request.toJson());
}

void CliInvocation::runHeadless()
{
    LocalCommand *local = m_localCommand ? m_localCommand(m_configDir, m_caFile, m_request, this) : nullptr;
    if (!local) {
        finish(CliResponse::failure(ExitCode::Unavailable,
                                    tr("No TokenTray is running to carry out the command.")));
        return;
    }
    m_local = local;
    connect(local, &LocalCommand::finished, this, &CliInvocation::finish);
    local->start();
}

void CliInvocation::interrupt()
{
    if (m_finished)
        return;
    if (m_local) {
        m_local->interrupt();
        return;
    }
    finish(CliResponse::failure(ExitCode::Unavailable, tr("The command was stopped.")));
}

void CliInvocation::finish(const CliResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(response);
}
