#include "audit/accesslogreport.h"

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
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const auto &row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    QString out;
    for (const auto &row : std::as_const(rows)) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c == row.size() - 1 ? row.at(c) : row.at(c).leftJustified(widths.at(c) + 2);
        out += line + u'\n';
    }
    return out;
}

QString AccessLogReport::json(const QList<AccessLogEntry> &entries)
{
    QJsonArray array;
    for (const AccessLogEntry &e : entries)
        array.append(e.toJson());
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
}
