#pragma once

#include <QByteArray>
#include <QHash>
#include <QIconEngine>
#include <QPixmap>

// An icon engine for single-colour SVGs: the drawing's colour is replaced by
// the palette colour of the icon's mode (text, disabled text, highlighted
// text) when it is rendered, at the exact size and device pixel ratio asked.
class TintedSvgIconEngine : public QIconEngine
{
public:
    // svg: the file's contents; every occurrence of placeholderColor is recoloured.
    TintedSvgIconEngine(const QByteArray &svg, const QByteArray &placeholderColor);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override;
    QIconEngine *clone() const override;
    QString key() const override;
    bool isNull() override { return m_svg.isEmpty(); }

private:
    QByteArray m_svg;
    QByteArray m_placeholder;
    QHash<QString, QPixmap> m_cache;
};
