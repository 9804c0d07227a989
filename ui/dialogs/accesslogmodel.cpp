#include "dialogs/accesslogmodel.h"

#include "audit/accesslog.h"

#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

AccessLogModel::AccessLogModel(AccessLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    if (m_log)
        connect(m_log, &AccessLog::appended, this, &AccessLogModel::add);
    reload();
}

void AccessLogModel::reload()
{
    beginResetModel();
    m_entries = m_log ? m_log->read() : QList<AccessLogEntry> {};
    endResetModel();
}

void AccessLogModel::add(const AccessLogEntry &entry)
{
    const int bound = m_log ? m_log->maxEntries() : AccessLog::DefaultMaxEntries;
    if (m_entries.size() >= bound) {
        const int extra = int(m_entries.size()) - bound + 1;
        beginRemoveRows({}, 0, extra - 1);
        m_entries.remove(0, extra);
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
}

int AccessLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AccessLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccessLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AccessLogEntry &e = m_entries.at(index.row());
    const auto number = [this](qint64 value) {
        return value < 0 ? tr("unknown") : QString::number(value);
    };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(e.time.toLocalTime(), QLocale::ShortFormat);
        case AccountColumn:
            return e.accountName;
        case CommandColumn:
            return e.commandText();
        case ProcessColumn:
            return e.caller.executable.isEmpty() ? tr("unknown") : QFileInfo(e.caller.executable).fileName();
        case PidColumn:
            return number(e.caller.pid);
        case UserColumn:
            return number(e.caller.uid);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TimeColumn:
            return tr("%1 UTC").arg(e.time.toUTC().toString(Qt::ISODate));
        case AccountColumn:
            return e.accountId.toString(QUuid::WithoutBraces);
        case ProcessColumn:
            return e.caller.executable.isEmpty() ? tr("The program could not be read.") : e.caller.executable;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == PidColumn || index.column() == UserColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AccessLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case AccountColumn:
        return tr("Account");
    case CommandColumn:
        return tr("Command");
    case ProcessColumn:
        return tr("Process");
    case PidColumn:
        return tr("PID");
    case UserColumn:
        return tr("User");
    default:
        return {};
    }
}
