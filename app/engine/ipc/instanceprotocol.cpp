#include "ipc/instanceprotocol.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocalSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

QString InstanceProtocol::normalizedConfigDir(const QString &configDir)
{
    const QFileInfo info(configDir);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

QString InstanceProtocol::serverName(const QString &configDir)
{
    const QByteArray hash
        = QCryptographicHash::hash(normalizedConfigDir(configDir).toUtf8(), QCryptographicHash::Sha256)
              .toHex()
              .left(16);
#ifdef Q_OS_UNIX
    const QString name = u"tokentray-%1-%2"_s.arg(QString::number(::getuid()), QString::fromLatin1(hash));
    // The runtime directory belongs to the user alone; without one, Qt puts the
    // socket in the temporary directory and the access option plus the peer
    // check keep other users out.
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const QFileInfo runtimeInfo(runtime);
    if (!runtime.isEmpty() && runtimeInfo.isDir() && runtimeInfo.ownerId() == ::getuid())
        return QDir(runtime).filePath(name);
    return name;
#else
    return u"tokentray-%1-%2"_s.arg(qEnvironmentVariable("USERNAME"), QString::fromLatin1(hash));
#endif
}

QByteArray InstanceProtocol::encode(const QJsonObject &message)
{
    QJsonObject o = message;
    o[u"v"_s] = Version;
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<QJsonObject> InstanceProtocol::decode(const QByteArray &line, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QCoreApplication::translate("InstanceProtocol", "The message is not a JSON object."));
    QJsonObject o = doc.object();
    const QJsonValue v = o.value(u"v"_s);
    if (!v.isDouble() || v.toInt(-1) != Version)
        return fail(QCoreApplication::translate("InstanceProtocol",
                                                "The message is for another version of TokenTray."));
    o.remove(u"v"_s);
    return o;
}

InstanceRequest InstanceProtocol::parseRequest(const QByteArray &line)
{
    InstanceRequest request;
    const auto message = decode(line, &request.error);
    if (!message)
        return request;
    if (message->value(u"cmd"_s).toString() == u"activate") {
        if (message->size() != 1) {
            request.error = QCoreApplication::translate("InstanceConnection",
                                                        "The activation request has unexpected fields.");
            return request;
        }
        request.activate = true;
        return request;
    }
    request.command = CliRequest::fromJson(*message, &request.error);
    return request;
}

bool InstanceProtocol::peerIsSameUser(const QLocalSocket &socket)
{
#if defined(Q_OS_LINUX)
    struct ucred credentials
    {
    };
    socklen_t size = sizeof credentials;
    const auto fd = static_cast<int>(socket.socketDescriptor());
    if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0)
        return false;
    return credentials.uid == ::geteuid();
#elif defined(Q_OS_UNIX)
    uid_t uid = 0;
    gid_t gid = 0;
    const auto fd = static_cast<int>(socket.socketDescriptor());
    if (fd < 0 || ::getpeereid(fd, &uid, &gid) != 0)
        return false;
    return uid == ::geteuid();
#else
    Q_UNUSED(socket)
    return true;
#endif
}

std::optional<ProcessIdentity> InstanceProtocol::peerProcess(const QLocalSocket &socket)
{
#if defined(Q_OS_LINUX)
    struct ucred credentials
    {
    };
    socklen_t size = sizeof credentials;
    const auto fd = static_cast<int>(socket.socketDescriptor());
    if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0 || credentials.pid <= 0)
        return std::nullopt;
    return ProcessIdentity::of(credentials.pid, credentials.uid);
#else
    Q_UNUSED(socket)
    return std::nullopt;
#endif
}
