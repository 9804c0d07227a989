#include "style/statuspalette.h"

#include <QPainter>
#include <QPalette>
#include <QPixmap>

bool StatusPalette::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor StatusPalette::color(StatusSeverity severity, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (severity) {
    case StatusSeverity::Ok:
        return dark ? QColor(0x6c, 0xc9, 0x7a) : QColor(0x1e, 0x7d, 0x32);
    case StatusSeverity::Busy:
        return dark ? QColor(0x6f, 0xa8, 0xf0) : QColor(0x1f, 0x5f, 0xbf);
    case StatusSeverity::Warning:
        return dark ? QColor(0xf2, 0xb1, 0x3c) : QColor(0xa8, 0x5d, 0x00);
    case StatusSeverity::Error:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
    case StatusSeverity::Neutral:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::Text);
}

QColor StatusPalette::countdownColor(qint64 secondsLeft, bool hasToken, const QPalette &palette)
{
    if (!hasToken)
        return color(StatusSeverity::Neutral, palette);
    if (secondsLeft <= 0)
        return color(StatusSeverity::Error, palette);
    if (secondsLeft < 120)
        return color(StatusSeverity::Warning, palette);
    return color(StatusSeverity::Ok, palette);
}

QIcon StatusPalette::dot(const QColor &color)
{
    QIcon icon;
    for (const qreal ratio : { 1.0, 1.5, 2.0, 3.0 }) {
        const int side = qRound(16 * ratio);
        QPixmap pixmap(side, side);
        pixmap.fill(Qt::transparent);
        pixmap.setDevicePixelRatio(ratio);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(4, 4, 8, 8));
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}
