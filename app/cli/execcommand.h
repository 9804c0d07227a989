#pragma once

#include "cli/localcommand.h"
#include "commands/clirequest.h"
#include "commands/tokenhandoff.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

class CliInvocation;
class TokenFile;

// `tokentray exec [--min-valid S] [--token-file] NAME -- CMD [ARGS...]`:
// runs CMD with the account's token and exits with CMD's status.
//
// The token comes from the running instance, or from a local engine when none
// runs (CliInvocation, as for `token`), and reaches CMD only through its
// environment (TOKENTRAY_TOKEN, TOKENTRAY_AUTHORIZATION) or, with
// --token-file, through a private file named by TOKENTRAY_TOKEN_FILE: never
// on a command line. The file is rewritten with a renewed token shortly
// before the current one has less than S seconds left, each time asking
// again the same way, and removed when CMD ends. SIGINT, SIGTERM and SIGHUP
// are passed on to CMD.
class ExecCommand : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString configDir;
        QString caFile;
        CliRequest request; // command Exec, account, minValidSeconds
        QStringList program; // CMD and its arguments
        bool tokenFile = false;
        QString runtimeDir; // $XDG_RUNTIME_DIR, for the token file
        LocalCommandFactory localCommand;
    };

    explicit ExecCommand(Options options, QObject *parent = nullptr);
    ~ExecCommand() override;

    // finished() follows exactly once, later.
    void start();
    // A stop signal reached this process (see StopSignalWatcher): passed on
    // to CMD while it runs, whose status then becomes ours; before CMD has
    // started, or after it ended, exec stops with 128 + signalNumber.
    void passOnStopSignal(int signalNumber);

    // When to ask for the next token, for a token with secondsLeft left and
    // --min-valid minValid: the delay in seconds and the validity to ask for
    // then, which the current token will no longer have.
    struct Renewal
    {
        qint64 delaySeconds = 1;
        int minValidSeconds = 0;
    };
    static Renewal renewalFor(qint64 secondsLeft, int minValid);

Q_SIGNALS:
    // status: CMD's exit status (128 + N after signal N), or one of
    // TokenTray's own with a message for stderr.
    void finished(int status, const QString &error);
    // Something to tell the user on stderr while CMD runs (never a secret).
    void warning(const QString &message);

private:
    void fetch(int minValidSeconds);
    void onFetched(const CliResponse &response);
    void onRenewalFailed(ExitCode code, const QString &message);
    void scheduleRenewal(qint64 secondsLeft);
    void startChild(const TokenHandoff &handoff);
    void onChildFinished(int exitCode, QProcess::ExitStatus status);
    void finish(int status, const QString &error = {});

    Options m_options;
    QString m_programPath;
    std::unique_ptr<TokenFile> m_tokenFile;
    CliInvocation *m_fetch = nullptr;
    QProcess *m_child = nullptr;
    QTimer m_renewTimer;
    int m_renewMinValid = 0;
    int m_failures = 0;
    bool m_renewing = true;
    std::optional<int> m_childStatus; // CMD has ended; waiting for a renewal in flight
    bool m_warnedOnce = false;
    bool m_finished = false;
};
