#pragma once

// The two ways a tokentray process starts: a command without a window, or
// the window, which on Unix is a program of its own (see CMakeLists.txt).
namespace Launcher {
// Runs a command (list, token, exec, ...) or --help/--version without a
// window and returns the process's exit status.
int runCommandLine(int argc, char **argv);

// Replaces this process with the window program, passing every argument on.
// Returns only when that failed, after saying why on stderr, with the exit
// status to end with (127: not found, 126: found but not startable).
int execWindow(char **argv);

// No core dumps, and no attaching with ptrace by other processes of the
// same user: the process holds passwords and tokens in memory.
void protectMemory();
} // namespace Launcher
