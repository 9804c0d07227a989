#pragma once

#include <QDBusArgument>
#include <QIcon>
#include <QList>
#include <QMetaType>
#include <QString>

// The structures of the org.kde.StatusNotifierItem interface, with their
// D-Bus marshalling. registerStatusNotifierItemTypes() registers them all.

// One picture: (iiay), ARGB32 pixels in network byte order.
struct SniIconPixmap
{
    int width = 0;
    int height = 0;
    QByteArray bytes;

    friend bool operator==(const SniIconPixmap &, const SniIconPixmap &) = default;
};
using SniIconPixmapList = QList<SniIconPixmap>;

// The tooltip: (sa(iiay)ss), icon name, pictures, title and text.
struct SniToolTip
{
    QString iconName;
    SniIconPixmapList pixmaps;
    QString title;
    QString text;

    friend bool operator==(const SniToolTip &, const SniToolTip &) = default;
};

// The pictures of an icon at the sizes trays draw (16, 22, 32 and 48).
SniIconPixmapList sniPixmaps(const QIcon &icon);

QDBusArgument &operator<<(QDBusArgument &argument, const SniIconPixmap &pixmap);
const QDBusArgument &operator>>(const QDBusArgument &argument, SniIconPixmap &pixmap);
QDBusArgument &operator<<(QDBusArgument &argument, const SniToolTip &toolTip);
const QDBusArgument &operator>>(const QDBusArgument &argument, SniToolTip &toolTip);

void registerStatusNotifierItemTypes();

Q_DECLARE_METATYPE(SniIconPixmap)
Q_DECLARE_METATYPE(SniToolTip)
