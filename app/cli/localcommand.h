#pragma once

#include "commands/clirequest.h"
#include "commands/cliresponse.h"

#include <QObject>

#include <functional>

// A command carried out in this process, for when no TokenTray instance runs.
// The front end only knows this interface; the process assembly (app/main)
// supplies the engine behind it.
class LocalCommand : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // finished() follows exactly once, later.
    virtual void start() = 0;
    // A stop signal: end soon. What must not be lost (keychain writes already
    // under way) is finished first; finished() follows once, and its response
    // no longer matters.
    virtual void interrupt() { }

Q_SIGNALS:
    void finished(const CliResponse &response);
};

using LocalCommandFactory = std::function<LocalCommand *(const QString &configDir, const QString &caFile,
                                                         const CliRequest &request, QObject *parent)>;
