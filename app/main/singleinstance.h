#pragma once

#include <QObject>
#include <QString>

class AccessLog;
class AppSettings;
class SessionManager;

// One window process per user and configuration directory. The first claims
// the per-user socket, serves the command line on it and is asked to show
// itself by a second launch; a second launch hands over and exits.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    // settings: the defaults the command line's `add` uses (may be null).
    SingleInstance(SessionManager *manager, const AppSettings *settings, QObject *parent = nullptr);
    // Records the tokens handed to the command line (optional).
    void setAccessLog(AccessLog *log) { m_accessLog = log; }

    // Listens on the single-instance socket for this config dir. False when
    // another instance is already running: it has been asked to show its
    // window, and this process exits with status 0 once it answered
    // (ExitCode::Unavailable when it did not).
    bool claim(const QString &configDir);

Q_SIGNALS:
    // A second launch asked for the window.
    void activateRequested();

private:
    SessionManager *m_manager;
    const AppSettings *m_settings;
    AccessLog *m_accessLog = nullptr;
};
