#pragma once

#include "base/clock.h"
#include "base/result.h"

#include <QObject>
#include <QString>

#include <memory>

class AccessLog;
class AccountStore;
class AppSettings;
class NetworkPolicy;
class QNetworkAccessManager;
class SecretStore;
class SessionManager;

// The engine of one process, assembled in one place for the window and for a
// headless command: network manager and NetworkPolicy (proxy and extra CA
// from the settings or the command line), the clock, the accounts file, the
// secret store (keychain, or memory for the demo), the SessionManager and the
// settings.
//
// Built in two steps so that a headless command can look at the accounts and
// take its locks before anything else is read:
//
//   Engine engine(options);
//   engine.accounts()->load();
//   const Status network = engine.build(caFileFromCommandLine);
//   engine.sessions()->start();
class Engine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString configDir; // absolute; holds the settings (and the accounts unless accountsPath is set)
        QString accountsPath; // empty: accounts.json in configDir
        bool memorySecrets = false; // the demo: nothing reaches the user's keychain
        QString accessLogPath; // empty: AccessLog::defaultPath()
    };

    explicit Engine(Options options, QObject *parent = nullptr);
    ~Engine() override;

    const QString &configDir() const { return m_options.configDir; }
    const Clock *clock() const { return &m_clock; }
    AccountStore *accounts() const { return m_accounts; }
    // Every token handed to another process; reading and appending need no build().
    AccessLog *accessLog() const { return m_accessLog; }

    // Settings, network, secrets and sessions. caFile (the command line) wins
    // over the extra CA file of the settings. Everything is built even when
    // the CA file is unusable; the failure says why it is not in use.
    Status build(const QString &caFile = {});
    bool isBuilt() const { return m_sessions != nullptr; }

    // After build():
    AppSettings *settings() const { return m_settings; }
    QNetworkAccessManager *networkManager() const { return m_networkManager; }
    NetworkPolicy *network() const { return m_network; }
    SecretStore *secrets() const { return m_secrets; }
    SessionManager *sessions() const { return m_sessions; }

    // From now on, proxy and extra CA changes in the settings take effect at
    // once (the window's settings dialog); a CA file that cannot be used is
    // reported by settingProblem().
    void followSettings();

Q_SIGNALS:
    void settingProblem(const QString &message);

private:
    void applyExtraCaFile();

    Options m_options;
    SystemClock m_clock;
    AccountStore *m_accounts;
    AccessLog *m_accessLog;
    AppSettings *m_settings = nullptr;
    QNetworkAccessManager *m_networkManager = nullptr;
    NetworkPolicy *m_network = nullptr;
    SecretStore *m_secrets = nullptr;
    SessionManager *m_sessions = nullptr;
};
