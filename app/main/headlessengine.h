#pragma once

#include "cli/localcommand.h"

#include <QObject>
#include <QTimer>

#include <memory>

class AccountLock;
class CommandRunner;
class Engine;

// The engine without a window, for one command when no TokenTray instance
// runs: accounts file, keychain, network and a SessionManager that renews
// nothing by itself. Holds the account's lock file from before the stored
// tokens are read until the new ones are stored.
class HeadlessEngine : public LocalCommand
{
    Q_OBJECT
public:
    // A queue of concurrent callers for one account must all fit in this.
    static constexpr int LockWaitMs = 150'000;
    // Keychain writes still in flight when the command is done.
    static constexpr int PersistWaitMs = 35'000;

    HeadlessEngine(const QString &configDir, const QString &caFile, CliRequest request,
                   QObject *parent = nullptr);
    ~HeadlessEngine() override;

    // finished() follows exactly once, later.
    void start() override;
    // Gives up the command; keychain writes already started still finish
    // (within PersistWaitMs), so a rotated refresh token is never lost.
    void interrupt() override;

private:
    void run();
    void onCommandFinished(const CliResponse &response);
    void waitForPersist();
    void finish(const CliResponse &response);

    QString m_configDir;
    QString m_caFile;
    CliRequest m_request;
    std::unique_ptr<AccountLock> m_accountsLock;
    std::unique_ptr<AccountLock> m_accountLock;
    Engine *m_engine = nullptr;
    CommandRunner *m_runner = nullptr;
    CliResponse m_response;
    QTimer m_persistPoll;
    int m_persistWaitedMs = 0;
    bool m_finished = false;
    bool m_interrupted = false;
};
