#pragma once

#include <QStyledItemDelegate>

// Draws the "time left" cell: the countdown text with a thin bar under it
// showing the share of the token's life that is left — the normal accent
// colour, amber under two minutes, red once expired.
class CountdownDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
