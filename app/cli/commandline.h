#pragma once

#include "cli/localcommand.h"

#include <QString>

// The command-line front end of the tokentray binary:
//
//   tokentray [--config-dir DIR] [--ca-file PEM] <command> [args]
//
// main() hands over before any GUI object exists:
//
//   if (CommandLine::handles(argc, argv))
//       return CommandLine::run(argc, argv, localCommandFactory);
//
// It needs no display (QCoreApplication only) and answers through the running
// TokenTray for the same config directory when there is one.
class CommandLine
{
public:
    // True when the first argument that is not an option is a command (list,
    // token, header, curl, claims, env, exec, add, remove, signout), or when --help/-h or
    // --version/-v is given: those are answered here too, without a display.
    static bool handles(int argc, char **argv);

    // Runs the command and returns the process exit status (0 ok, 2 usage,
    // 3 unknown account, 4 credentials rejected, 5 network or service
    // unavailable, 6 keychain unavailable, 7 bad configuration, 8 no private
    // runtime directory for a token file; exec: the program's own status, or
    // 126/127 when it cannot be run or is not found).
    // localCommand carries a command out in this process when no instance runs.
    static int run(int argc, char **argv, const LocalCommandFactory &localCommand);

    // The configuration directory used when --config-dir is not given.
    static QString defaultConfigDir();
};
