#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

// Sorts the accounts table and filters it by the text of the filter box:
// every word typed must appear in the name, the service/environment or the
// login (case-insensitive, any order).
class AccountFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AccountFilterProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_words;
};
