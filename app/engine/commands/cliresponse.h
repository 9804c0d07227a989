#pragma once

#include "base/exitcode.h"

#include <QJsonObject>
#include <QString>

#include <optional>

// The outcome of one command: what goes to stdout, or one error sentence for
// stderr. Travels over the single-instance socket as JSON.
struct CliResponse
{
    ExitCode exitCode = ExitCode::Ok;
    QString output; // printed to stdout as is (token, header and curl print secrets here only)
    QString error; // one human sentence without the "tokentray:" prefix; never a secret
    // In this process only, never sent over the socket: a problem that did not
    // stop the command (the access log could not be written), for stderr.
    QString warning;

    static CliResponse success(QString output = {});
    static CliResponse failure(ExitCode code, QString error);

    bool ok() const { return exitCode == ExitCode::Ok; }

    QJsonObject toJson() const;
    // Strict: unknown keys, wrong types and unknown exit codes are refused.
    static std::optional<CliResponse> fromJson(const QJsonObject &object, QString *error);
};
