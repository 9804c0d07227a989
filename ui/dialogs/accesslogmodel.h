#pragma once

#include "audit/accesslogentry.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

class AccessLog;

// The access log as a read-only table, oldest entry first: time (local),
// account, command, program, process id, user id. Reads the file once and
// then follows what this process appends, dropping the oldest rows past the
// log's own bound.
class AccessLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        AccountColumn,
        CommandColumn,
        ProcessColumn,
        PidColumn,
        UserColumn,
        ColumnCount
    };

    explicit AccessLogModel(AccessLog *log, QObject *parent = nullptr);

    // Reads the file again (another process may have added entries).
    void reload();
    const AccessLogEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void add(const AccessLogEntry &entry);

    QPointer<AccessLog> m_log;
    QList<AccessLogEntry> m_entries;
};
