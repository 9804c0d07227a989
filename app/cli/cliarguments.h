#pragma once

#include "base/result.h"
#include "commands/clirequest.h"

#include <QString>
#include <QStringList>

// The command line of one `tokentray <command>` call, parsed and checked.
//
//   tokentray [--config-dir DIR] [--ca-file PEM] <command> [options] [NAME]
//   tokentray [--config-dir DIR] [--ca-file PEM] exec [options] NAME -- CMD [ARGS...]
//
// Options may come before or after the command; `--` ends the options (for a
// name that starts with a dash). For exec, the first `--` after the name
// starts the program to run: what follows is its own, untouched.
struct CliArguments
{
    enum class Action { Run, Help, Version };

    Action action = Action::Run;
    QString configDir; // empty: the default configuration directory
    QString caFile; // empty: none
    CliRequest request;
    // `add`: the secret is to be read from stdin (--password-stdin / --secret-stdin / --token-stdin).
    bool secretFromStdin = false;
    // `exec`: the program and its arguments (never empty), and whether the
    // token goes to a file (--token-file) rather than into the environment.
    QStringList program;
    bool tokenFile = false;
    // `export --output FILE` (empty: stdout); `import FILE`.
    QString outputFile;
    QString importFile;

    // True when the arguments (without the program name) are for the command
    // line rather than the window: the first argument that is not an option is
    // a command, or help or version is asked for.
    static bool isCommandLine(const QStringList &arguments);

    // arguments without the program name. A failure is a usage error (exit 2).
    static Result<CliArguments> parse(const QStringList &arguments);

    // The --help text: commands, their options, and the window's options.
    static QString helpText();
};
