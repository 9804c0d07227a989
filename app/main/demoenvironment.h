#pragma once

#include "accounts/account.h"
#include "base/result.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class SessionManager;

// The offline demo (`tokentray --demo`): a tokentray-fakeapi process on a
// free loopback port with its demo users, a throwaway config directory, and
// four accounts whose tokens live two to three minutes, so a new user watches
// them count down and renew by themselves. It never touches the user's
// configuration or keychain: the caller pairs it with a MemorySecretStore.
class DemoEnvironment : public QObject
{
    Q_OBJECT
public:
    static constexpr int SevenGLifetimeSeconds = 180;
    static constexpr int D7LifetimeSeconds = 150;
    static constexpr int StartTimeoutMs = 15000;

    explicit DemoEnvironment(QObject *parent = nullptr);
    ~DemoEnvironment() override;

    // The throwaway config directory; removed when this object goes.
    QString configDir() const { return m_configDir.path(); }
    QString accountsPath() const;

    // tokentray-fakeapi beside the executable (the build tree's bin/), else in
    // ../libexec/tokentray/ (an installed copy). Empty when neither exists.
    static QString findServer(const QString &applicationDir);
    static QStringList serverArguments();

    // Starts the server: ready() or failed() follows, once.
    void start(const QString &serverPath);
    bool isReady() const { return m_baseUrl.isValid(); }
    QUrl baseUrl() const { return m_baseUrl; }

    struct DemoAccount
    {
        Account account;
        QString secret; // a fake credential the demo server knows
    };
    // The demo accounts, pointing at the running server.
    QList<DemoAccount> accounts() const;

    // Adds accounts() to the manager one after the other; done(status) at
    // the end (not called if this object goes first).
    void populate(SessionManager *manager, std::function<void(const Status &)> done);

    // Stops the server (also done by the destructor).
    void stop();

Q_SIGNALS:
    void ready(const QUrl &baseUrl);
    void failed(const QString &message);

private:
    void readStartLine();
    void fail(const QString &message);
    void addNext(SessionManager *manager, QList<DemoAccount> remaining,
                 std::function<void(const Status &)> done);

    QTemporaryDir m_configDir;
    std::unique_ptr<QProcess> m_process;
    QTimer m_startTimer;
    QByteArray m_stdout;
    QUrl m_baseUrl;
    bool m_finished = false; // ready() or failed() was emitted
};
