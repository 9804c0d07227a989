#pragma once

#include <QString>

// Where TokenTray's programs find each other. On Unix the command line
// `tokentray` and the window `tokentray-gui` are separate programs: the window
// lives beside the command line (a build tree) or in libexec/tokentray next to
// the bin/ folder that holds it (an installed tree, the .deb, the tarball).
namespace ProgramFiles {
inline constexpr auto CommandLineName = "tokentray";
inline constexpr auto WindowName = "tokentray-gui";

// A program of TokenTray's own, by file name, for a program in dir: beside it,
// or in libexec/tokentray when dir is an installed bin/. Empty if none.
QString companionProgram(const QString &dir, const QString &fileName);
// The window program for a command line in commandLineDir; empty if none.
QString windowProgram(const QString &commandLineDir);
// The command line for a window program in windowDir; empty if none.
QString commandLineProgram(const QString &windowDir);
} // namespace ProgramFiles
