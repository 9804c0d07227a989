#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

// Asks a helper process to end (SIGTERM) and kills it after five seconds.
void stopProcess(QProcess &process);

// An X display of a test's own (Xvfb on the first free display number),
// without the harness's tray host, for what a desktop without a tray does.
// A window manager and a tray host can be started on it; everything started
// here is stopped when the object goes.
class OwnDisplay
{
public:
    OwnDisplay() = default;
    ~OwnDisplay();
    OwnDisplay(const OwnDisplay &) = delete;
    OwnDisplay &operator=(const OwnDisplay &) = delete;

    // Starts Xvfb and returns once the display accepts clients.
    bool start();
    // Starts openbox and returns once it manages the display (wmctrl sees it).
    bool startWindowManager();
    // Starts trayer; the tray host appears on the display soon after.
    bool startTrayer();

    QString display() const { return m_display; }
    // The caller's environment with DISPLAY (and the xcb platform) set to this display.
    QProcessEnvironment environment() const;
    // What went wrong, for the test's failure message.
    QString problem() const { return m_problem; }

private:
    bool runsOk(const QString &program, const QStringList &arguments) const;

    QProcess m_xvfb;
    QProcess m_windowManager;
    QProcess m_trayer;
    QString m_display;
    QString m_problem;
};
