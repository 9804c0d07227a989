#include "window/accountfilterproxymodel.h"

#include "window/accounttablemodel.h"

AccountFilterProxyModel::AccountFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Custom roles whose values never change on a countdown tick: the proxy
    // then neither re-sorts nor re-filters every second.
    setSortRole(AccountTableModel::SortRole);
    setFilterRole(AccountTableModel::FilterTextRole);
    setFilterKeyColumn(AccountTableModel::NameColumn);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void AccountFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    // invalidateRowsFilter() is Qt 6.4's cheaper variant: columns never filter here.
    invalidateRowsFilter();
}

bool AccountFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString haystack = sourceModel()
                                 ->index(sourceRow, AccountTableModel::NameColumn, sourceParent)
                                 .data(AccountTableModel::FilterTextRole)
                                 .toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool AccountFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l != r)
        return QSortFilterProxyModel::lessThan(left, right);
    // Ties (same state, same service...) in name order, so the order is stable.
    const QString ln = left.siblingAtColumn(AccountTableModel::NameColumn).data().toString();
    const QString rn = right.siblingAtColumn(AccountTableModel::NameColumn).data().toString();
    return QString::localeAwareCompare(ln, rn) < 0;
}
