#include "window/countdowndelegate.h"

#include "style/statuspalette.h"
#include "window/accounttablemodel.h"

#include <QApplication>
#include <QPainter>

namespace {
constexpr int BarHeight = 3;
constexpr int BarGap = 2; // between the text and the bar
constexpr int Margin = 6;
} // namespace

void CountdownDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    const bool hasToken = index.data(AccountTableModel::HasTokenRole).toBool();
    if (!hasToken) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // Background, selection and focus over the whole cell; the text is drawn
    // by hand a little higher, to make room for the bar underneath.
    const QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    opt.text = text;
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    textRect.adjust(0, 0, 0, -(BarHeight + BarGap));
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled)
        ? ((opt.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive)
        : QPalette::Disabled;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, int(opt.displayAlignment),
                      opt.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();

    const double fraction = index.data(AccountTableModel::CountdownFractionRole).toDouble();
    const qint64 secondsLeft = index.data(AccountTableModel::SecondsLeftRole).toLongLong();

    const QRect cell = option.rect;
    const int barWidth = cell.width() - 2 * Margin;
    if (barWidth < 8)
        return;
    const QRectF track(cell.left() + Margin, cell.bottom() - BarHeight - 3, barWidth, BarHeight);

    QColor fill = StatusPalette::countdownColor(secondsLeft, true, option.palette);
    QColor trackColor = option.palette.color(QPalette::Text);
    trackColor.setAlphaF(0.12);
    if (selected) {
        // Readable on the selection colour too.
        trackColor = option.palette.color(QPalette::HighlightedText);
        trackColor.setAlphaF(0.3);
        if (secondsLeft >= 120)
            fill = option.palette.color(QPalette::HighlightedText);
    }

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(trackColor);
    painter->drawRoundedRect(track, BarHeight / 2.0, BarHeight / 2.0);
    // Expired: the whole track turns red, so the row reads as "dead" at a glance.
    const double shown = secondsLeft <= 0 ? 1.0 : std::max(fraction, 0.02);
    QRectF bar(track);
    bar.setWidth(track.width() * shown);
    painter->setBrush(fill);
    painter->drawRoundedRect(bar, BarHeight / 2.0, BarHeight / 2.0);
    painter->restore();
}

QSize CountdownDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(size.height() + BarHeight + BarGap);
    return size;
}
