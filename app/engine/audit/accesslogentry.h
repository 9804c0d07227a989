#pragma once

#include "audit/processidentity.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <optional>

// One hand-off of a token to another process: when, for which account, by
// which command, to which process. Never the token, a header or any secret.
//
// One line of the access log, compact JSON:
//   {"time":"2026-12-06T04:15:54.120Z","accountId":"…","accountName":"prod",
//    "command":"exec","delivery":"token-file","pid":4242,"uid":1000,"executable":"/usr/bin/sh"}
struct AccessLogEntry
{
    QDateTime time; // UTC
    QUuid accountId;
    QString accountName;
    QString command; // token, header, curl, env, exec
    QString delivery; // exec only: env, token-file or token-file-renewal
    ProcessIdentity caller;

    // The command as the table and the window show it, e.g. "exec (token file)".
    QString commandText() const;

    QJsonObject toJson() const;
    // A complete line, newline included.
    QByteArray toLine() const;
    // Strict about types; unknown keys are ignored, so that a newer TokenTray
    // may add some. Nothing for a line that is damaged or only half there.
    static std::optional<AccessLogEntry> fromJson(const QJsonObject &object);
    static std::optional<AccessLogEntry> fromLine(const QByteArray &line);
};
