#pragma once

#include "base/result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// Starting TokenTray with the desktop session. On Linux and other XDG
// desktops this is a desktop entry in $XDG_CONFIG_HOME/autostart (the
// location every XDG-compliant session reads); on Windows the per-user Run
// key; on macOS a per-user LaunchAgent.
class Autostart
{
    Q_DECLARE_TR_FUNCTIONS(Autostart)
public:
    // entryPath: where the desktop entry (or LaunchAgent plist) lives; tests
    // pass their own. Ignored on Windows, where the registry is used.
    explicit Autostart(const QString &entryPath = defaultPath());

    // <XDG_CONFIG_HOME or ~/.config>/autostart/<app id>.desktop, or
    // ~/Library/LaunchAgents/<app id>.plist on macOS.
    static QString defaultPath();

    // The command written into the entry: "tokentray --minimized", with the
    // absolute program path when the running program is not the one found
    // on PATH (a build tree, an AppImage).
    static QStringList defaultCommand();

    // command quoted for the Exec key of a desktop entry.
    static QString execLine(const QStringList &command);

    QString path() const { return m_path; }

    // True when an entry exists and is not disabled.
    bool isEnabled() const;

    // Writes (or rewrites) the entry starting command; command[0] is the program.
    Status enable(const QStringList &command = defaultCommand());
    // Removes the entry; succeeds when there is none.
    Status disable();

private:
    QString m_path;
};
