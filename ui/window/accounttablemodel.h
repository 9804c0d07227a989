#pragma once

#include "style/statuspalette.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QUuid>

#include <functional>

class SessionManager;
class TokenSession;

// The accounts as table rows, live: one row per TokenSession, in the
// manager's order. Rows follow sessionAdded / sessionAboutToBeRemoved;
// a changed session updates its row. The manager's one-second tick updates
// only the countdown and "renewed" cells of the rows on screen (and the
// "Retrying in 8 s" of a retrying one) — no reset, no timer of its own.
class AccountTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        EnvironmentColumn,
        LoginColumn,
        StateColumn,
        TimeLeftColumn,
        RenewedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SessionIdRole = Qt::UserRole + 1, // QUuid of the row's account
        CountdownFractionRole, // double 0..1: share of the token's lifetime left (TimeLeftColumn)
        SecondsLeftRole, // qint64; TimeLeftColumn
        HasTokenRole, // bool; TimeLeftColumn
        SeverityRole, // int(StatusSeverity) of the row's state
        SortRole, // a value that only changes with the session, never on a tick
        FilterTextRole, // name, environment and login, for the filter box
    };
    Q_ENUM(Role)

    // Which source rows are on screen; asked on every tick. Unset: all rows.
    using VisibleRowsFunction = std::function<QList<int>()>;

    explicit AccountTableModel(SessionManager *manager, QObject *parent = nullptr);
    ~AccountTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    TokenSession *sessionAt(int row) const;
    int rowOf(const QUuid &id) const;
    int rowOf(const TokenSession *session) const;

    void setVisibleRowsFunction(VisibleRowsFunction function);

    // While concealed (the desktop is locked), the login column and the
    // notes in the name's tooltip read as hidden.
    void setConcealed(bool concealed);
    bool isConcealed() const { return m_concealed; }

    // Emits dataChanged for the ticking cells of the visible rows — time left
    // and renewed, and the state of a row whose retry counts down — with the
    // roles a tick can change (never SortRole or FilterTextRole, so a sorted
    // proxy keeps its order without re-sorting).
    void updateCountdowns();
    static QList<int> tickRoles();

    // 4:05, 59:59, 1:00:00.
    static QString formatTimeLeft(qint64 seconds);
    // The same duration in words, as a screen reader says it: "4 minutes 5
    // seconds", "59 minutes 59 seconds", "1 hour" (seconds are left out once
    // it runs to hours).
    static QString spokenDuration(qint64 seconds);
    // "4 minutes 5 seconds left": the countdown cell's accessible text.
    static QString spokenTimeLeft(qint64 seconds);
    // "just now", "3 min ago", "2 h ago", "5 days ago".
    static QString formatAge(qint64 seconds);
    // "just now", "3 minutes ago", "2 hours ago", "5 days ago".
    static QString spokenAge(qint64 seconds);
    static StatusSeverity severityOf(const TokenSession *session);

private:
    void onSessionAdded(TokenSession *session, int index);
    void onSessionAboutToBeRemoved(TokenSession *session, int index);
    void onSessionRemoved(const QUuid &id);
    void onSessionChanged(TokenSession *session);
    QVariant displayData(const TokenSession *session, int column) const;
    QVariant toolTipData(const TokenSession *session, int column) const;
    QVariant accessibleData(const TokenSession *session, int column) const;
    QVariant sortData(const TokenSession *session, int column) const;
    QIcon severityIcon(StatusSeverity severity) const;

    struct Row
    {
        TokenSession *session;
        QUuid id; // kept apart so a row can be found even after its session is gone
    };

    SessionManager *m_manager;
    QList<Row> m_rows;
    VisibleRowsFunction m_visibleRows;
    mutable QHash<QRgb, QIcon> m_icons;
    bool m_concealed = false;
};
