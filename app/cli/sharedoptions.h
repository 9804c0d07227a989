#pragma once

#include "base/result.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>

// The options both processes take, the window and a command-line command:
//
//   --config-dir DIR   --ca-file PEM   (also written --config-dir=DIR)
//
// Parsed here once; each front end then reads the options of its own from
// what is left.
struct SharedOptions
{
    QString configDir; // empty: the default configuration directory
    QString caFile; // empty: none

    // True for "config-dir" and "ca-file" (the name without its dashes).
    static bool isSharedOption(QStringView name);

    // Takes the shared options and their values out of arguments (without the
    // program name); everything else stays, in order. Nothing after "--" is
    // an option. takesValue names the caller's own options that take a value,
    // so that a value of theirs is never read as an option. A failure is a
    // usage error (exit 2): no value, an empty value, or an option twice.
    static Result<SharedOptions> take(QStringList &arguments,
                                      const std::function<bool(QStringView)> &takesValue = {});

    // For a QCommandLineParser's --help: the same options, described once.
    static QList<QCommandLineOption> helpOptions();
};
