#include "audit/accesslogentry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

QString AccessLogEntry::commandText() const
{
    if (delivery == u"token-file")
        return QCoreApplication::translate("AccessLogEntry", "%1 (token file)").arg(command);
    if (delivery == u"token-file-renewal")
        return QCoreApplication::translate("AccessLogEntry", "%1 (token file, renewed)").arg(command);
    return command;
}

QJsonObject AccessLogEntry::toJson() const
{
    QJsonObject o;
    o[u"time"_s] = time.toUTC().toString(Qt::ISODateWithMs);
    o[u"accountId"_s] = accountId.toString(QUuid::WithoutBraces);
    o[u"accountName"_s] = accountName;
    o[u"command"_s] = command;
    if (!delivery.isEmpty())
        o[u"delivery"_s] = delivery;
    o[u"pid"_s] = caller.pid;
    o[u"uid"_s] = caller.uid;
    o[u"executable"_s] = caller.executable;
    return o;
}

QByteArray AccessLogEntry::toLine() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<AccessLogEntry> AccessLogEntry::fromJson(const QJsonObject &o)
{
    const QJsonValue time = o.value(u"time"_s);
    const QJsonValue id = o.value(u"accountId"_s);
    const QJsonValue name = o.value(u"accountName"_s);
    const QJsonValue command = o.value(u"command"_s);
    const QJsonValue delivery = o.value(u"delivery"_s);
    const QJsonValue pid = o.value(u"pid"_s);
    const QJsonValue uid = o.value(u"uid"_s);
    const QJsonValue executable = o.value(u"executable"_s);
    if (!time.isString() || !id.isString() || !name.isString() || !command.isString() || !pid.isDouble()
        || !uid.isDouble() || !executable.isString() || !(delivery.isUndefined() || delivery.isString()))
        return std::nullopt;
    AccessLogEntry e;
    e.time = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
    if (!e.time.isValid())
        return std::nullopt;
    e.time = e.time.toUTC();
    e.accountId = QUuid::fromString(id.toString());
    e.accountName = name.toString();
    e.command = command.toString();
    if (e.command.isEmpty())
        return std::nullopt;
    e.delivery = delivery.toString();
    e.caller.pid = static_cast<qint64>(pid.toDouble());
    e.caller.uid = static_cast<qint64>(uid.toDouble());
    e.caller.executable = executable.toString();
    return e;
}

std::optional<AccessLogEntry> AccessLogEntry::fromLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return fromJson(doc.object());
}
