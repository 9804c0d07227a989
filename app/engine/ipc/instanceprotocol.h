#pragma once

#include "audit/processidentity.h"
#include "commands/clirequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class QLocalSocket;

// What one request line asks the running instance for: to show its window,
// to run a command, or neither (error says why).
struct InstanceRequest
{
    bool activate = false;
    std::optional<CliRequest> command;
    QString error;
};

// The single-instance socket: one JSON object per line each way, one request
// and one reply per connection.
//
//   request:  {"v":1,"cmd":"activate"}
//             {"v":1,"cmd":"token","account":"prod","minValid":60}     (see CliRequest::toJson)
//   reply:    {"v":1,"exit":0,"out":"..."}  or  {"v":1,"exit":3,"error":"..."}
//
// The socket is reachable by its owner only (file mode and, on Linux, a peer
// credential check on both ends), so an `add` may carry its secret in the request.
class InstanceProtocol
{
public:
    static constexpr int Version = 1;
    static constexpr qsizetype MaxRequestBytes = 256 * 1024;
    static constexpr qsizetype MaxReplyBytes = 16 * 1024 * 1024;
    // Time a client has to send its request line once connected.
    static constexpr int RequestTimeoutMs = 5000;

    // The configuration directory as every process spells it: absolute,
    // clean, symbolic links resolved when it exists.
    static QString normalizedConfigDir(const QString &configDir);

    // Per user and per configuration directory: "tokentray-<uid>-<hash>",
    // inside $XDG_RUNTIME_DIR when there is one.
    static QString serverName(const QString &configDir);

    // Compact JSON with "v" added, and a newline.
    static QByteArray encode(const QJsonObject &message);
    // One line without its newline: a JSON object of this version. Returns it
    // without "v".
    static std::optional<QJsonObject> decode(const QByteArray &line, QString *error);

    // One request line, without its newline, checked strictly: decode(),
    // then an activation without other fields or a CliRequest::fromJson().
    static InstanceRequest parseRequest(const QByteArray &line);

    // True when the process at the other end runs as the same user (Linux and
    // the BSDs; elsewhere the socket's access rights are the only check).
    static bool peerIsSameUser(const QLocalSocket &socket);
    // The process at the other end of a connected socket, from its peer
    // credentials (Linux: SO_PEERCRED; the executable from /proc). Nothing
    // where the system does not say.
    static std::optional<ProcessIdentity> peerProcess(const QLocalSocket &socket);
};
