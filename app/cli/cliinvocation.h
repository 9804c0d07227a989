#pragma once

#include "cli/clirequest.h"
#include "cli/cliresponse.h"

#include <QObject>

// One command-line call: asks the running instance for this config directory
// first and, when none runs, does the work itself with a HeadlessEngine.
class CliInvocation : public QObject
{
    Q_OBJECT
public:
    CliInvocation(const QString &configDir, const QString &caFile, CliRequest request,
                  QObject *parent = nullptr);
    ~CliInvocation() override;

    // finished() follows exactly once, later.
    void start();

Q_SIGNALS:
    void finished(const CliResponse &response);

private:
    void runHeadless();

    QString m_configDir;
    QString m_caFile;
    CliRequest m_request;
};
