#pragma once

#include "accounts/account.h"
#include "audit/processidentity.h"
#include "commands/clirequest.h"
#include "commands/cliresponse.h"
#include "providers/autherror.h"
#include "providers/tokenset.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class AccessLog;
class AppSettings;
class SessionManager;
class TokenSession;

// Runs one command-line command against a SessionManager, asynchronously:
// headless in the command-line process, or inside the running instance for a
// client on the single-instance socket. Never blocks and never spins an event
// loop, so the GUI stays responsive while it waits for the keychain or the
// service.
class CommandRunner : public QObject
{
    Q_OBJECT
public:
    // Keychain, restore, sign-in and retries all fit in this, or the command
    // fails with a clear message.
    static constexpr int DefaultDeadlineMs = 90'000;
    // Attempts for a transient failure (timeout, 5xx, 429...); credential
    // failures are never retried.
    static constexpr int MaxAttempts = 3;
    static constexpr int MaxRetryDelayMs = 10'000;

    CommandRunner(SessionManager *manager, CliRequest request, QObject *parent = nullptr);
    ~CommandRunner() override;

    void setDeadline(int msecs) { m_deadlineMs = msecs; }
    // The user's defaults for new accounts (refresh lead, D7 lifetime). Optional.
    void setSettings(const AppSettings *settings) { m_settings = settings; }
    // Where each token handed out is recorded, and the process it goes to:
    // the socket's peer, or this process for a headless command. Optional;
    // without a log nothing is recorded, and `log` has nothing to show.
    void setAccessLog(AccessLog *log, ProcessIdentity caller);

    // finished() follows exactly once, later (never from inside start()).
    void start();
    bool isFinished() const { return m_finished; }

    // How an authentication failure maps onto the command line's exit status.
    static ExitCode exitCodeFor(const AuthError &error);

Q_SIGNALS:
    void finished(const CliResponse &response);

private:
    void step();
    bool waitingForKeychain() const;
    // Why the keychain cannot be used, in its own words where it said any.
    QString keychainProblem() const;
    void runList();
    void requestToken();
    void onToken(const TokenSet &tokens, const AuthError &error);
    void runAdd();
    void storeNewAccount(const Account &account);
    // The end of an add or replace: the secret wiped, then success, or the
    // failure sentence with the exit status of its cause.
    void finishStore(const Status &status, const QString &failure);
    // add --token-stdin: checks the pasted token, then adds the application
    // or, with --replace, gives the existing one the new token.
    void addPastedToken(Account account);
    void runRemove();
    void runExport();
    void runImport();
    void runLog();
    void recordHandoff();
    void finish(const CliResponse &response);
    void fail(ExitCode code, const QString &message);

    SessionManager *m_manager;
    const AppSettings *m_settings = nullptr;
    AccessLog *m_accessLog = nullptr;
    ProcessIdentity m_caller;
    QString m_warning;
    CliRequest m_request;
    QPointer<TokenSession> m_session;
    QTimer m_deadline;
    int m_deadlineMs = DefaultDeadlineMs;
    int m_attempts = 0;
    bool m_started = false;
    bool m_acting = false;
    bool m_finished = false;
};
