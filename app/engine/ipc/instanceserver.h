#pragma once

#include <QObject>
#include <QString>

class AccessLog;
class AppSettings;
class QLocalServer;
class SessionManager;

// The single-instance socket of the running TokenTray: per user and per
// configuration directory, reachable by that user only. A second launch of the
// window asks it to activate; the command line asks it for tokens, so the GUI
// and scripts share one token and one refresh per account.
//
// In the GUI, right after the SessionManager exists:
//
//   auto *instance = new InstanceServer(&sessionManager, &app);
//   instance->setSettings(&appSettings);
//   QObject::connect(instance, &InstanceServer::activateRequested, &window, &MainWindow::raiseWindow);
//   if (instance->listen(configDir) == InstanceServer::ListenResult::AnotherInstance) {
//       InstanceClient::activate(configDir, &app, [](bool) { QCoreApplication::exit(0); });
//       return app.exec();
//   }
//
// Requests are answered asynchronously through the SessionManager; nothing
// blocks the GUI thread.
class InstanceServer : public QObject
{
    Q_OBJECT
public:
    enum class ListenResult {
        Listening,
        AnotherInstance, // a live process already listens for this user and config dir
        Failed, // the socket could not be created (see errorString()); run without it
    };

    // Above this many clients at once, new ones are turned away.
    static constexpr int MaxConnections = 64;

    explicit InstanceServer(SessionManager *manager, QObject *parent = nullptr);
    ~InstanceServer() override;

    // A socket file left by a crashed instance is removed, but only after
    // nobody answered on it.
    ListenResult listen(const QString &configDir);
    bool isListening() const;
    // The user's defaults for accounts added from the command line. Optional.
    void setSettings(const AppSettings *settings) { m_settings = settings; }
    // Where tokens handed to clients are recorded, and `log` reads. Optional.
    void setAccessLog(AccessLog *log) { m_accessLog = log; }
    QString serverName() const;
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // Another launch of the window: raise and focus the window.
    void activateRequested();

private:
    void onNewConnection();

    SessionManager *m_manager;
    const AppSettings *m_settings = nullptr;
    AccessLog *m_accessLog = nullptr;
    QLocalServer *m_server;
    QString m_error;
    int m_connections = 0;
};
