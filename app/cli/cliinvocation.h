#pragma once

#include "cli/localcommand.h"
#include "commands/clirequest.h"
#include "commands/cliresponse.h"

#include <QObject>

// One command-line call: asks the running instance for this config directory
// first and, when none runs, has a LocalCommand do the work in this process.
class CliInvocation : public QObject
{
    Q_OBJECT
public:
    CliInvocation(const QString &configDir, const QString &caFile, CliRequest request,
                  LocalCommandFactory localCommand, QObject *parent = nullptr);
    ~CliInvocation() override;

    // finished() follows exactly once, later.
    void start();
    // A stop signal: a command carried out here finishes its keychain writes
    // first; one the running instance carries out is no longer waited for.
    // finished() still follows exactly once.
    void interrupt();

Q_SIGNALS:
    void finished(const CliResponse &response);

private:
    void runHeadless();
    void finish(const CliResponse &response);

    QString m_configDir;
    QString m_caFile;
    CliRequest m_request;
    LocalCommandFactory m_localCommand;
    LocalCommand *m_local = nullptr;
    bool m_finished = false;
};
