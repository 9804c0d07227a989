#include "style/tintedsvgiconengine.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace {
QColor colorFor(QIcon::Mode mode)
{
    const QPalette palette = QGuiApplication::palette();
    switch (mode) {
    case QIcon::Disabled:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    case QIcon::Selected:
        return palette.color(QPalette::Active, QPalette::HighlightedText);
    case QIcon::Normal:
    case QIcon::Active:
        break;
    }
    // Slightly softer than text, as icon sets usually are.
    QColor c = palette.color(QPalette::Active, QPalette::WindowText);
    c.setAlphaF(0.8);
    return c;
}
} // namespace

TintedSvgIconEngine::TintedSvgIconEngine(const QByteArray &svg, const QByteArray &placeholderColor)
    : m_svg(svg)
    , m_placeholder(placeholderColor)
{ }

QPixmap TintedSvgIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                          qreal scale)
{
    Q_UNUSED(state);
    const QColor color = colorFor(mode);
    const QSize device = (QSizeF(size) * scale).toSize();
    const QString cacheKey
        = u"%1x%2@%3:%4"_s.arg(device.width()).arg(device.height()).arg(scale).arg(color.rgba());
    const auto it = m_cache.constFind(cacheKey);
    if (it != m_cache.constEnd())
        return *it;

    QByteArray svg = m_svg;
    const QByteArray rgb = color.name(QColor::HexRgb).toLatin1();
    svg.replace(m_placeholder, rgb);
    if (color.alphaF() < 1.0)
        svg.replace("<svg ",
                    QByteArray("<svg opacity=\"" + QByteArray::number(color.alphaF(), 'f', 2) + "\" "));
    QSvgRenderer renderer(svg);
    QPixmap pixmap(device);
    pixmap.fill(Qt::transparent);
    if (renderer.isValid()) {
        QPainter p(&pixmap);
        renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(device)));
    }
    pixmap.setDevicePixelRatio(scale);
    if (m_cache.size() > 64)
        m_cache.clear();
    m_cache.insert(cacheKey, pixmap);
    return pixmap;
}

QPixmap TintedSvgIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1.0);
}

void TintedSvgIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state)
{
    const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, scale));
}

QIconEngine *TintedSvgIconEngine::clone() const
{
    return new TintedSvgIconEngine(m_svg, m_placeholder);
}

QString TintedSvgIconEngine::key() const
{
    return u"TintedSvgIconEngine"_s;
}
