#include "audit/accesslogreport.h"

#include "base/texttable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("AccessLogReport", text);
}

QString number(qint64 value)
{
    return value < 0 ? u"-"_s : QString::number(value);
}
} // namespace

QString AccessLogReport::table(const QList<AccessLogEntry> &entries)
{
    if (entries.isEmpty())
        return tr("No token has been handed out yet.") + u'\n';
    QList<QStringList> rows;
    rows.append({ tr("TIME"), tr("ACCOUNT"), tr("COMMAND"), tr("PID"), tr("UID"), tr("EXECUTABLE") });
    for (const AccessLogEntry &e : entries) {
        rows.append({ e.time.toUTC().toString(Qt::ISODate), e.accountName, e.commandText(),
                      number(e.caller.pid), number(e.caller.uid),
                      e.caller.executable.isEmpty() ? u"-"_s : e.caller.executable });
    }
    return TextTable::format(rows);
}

QString AccessLogReport::json(const QList<AccessLogEntry> &entries)
{
    QJsonArray array;
    for (const AccessLogEntry &e : entries)
        array.append(e.toJson());
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
}
