#include "style/icons.h"

#include "style/tintedsvgiconengine.h"

#include <QFile>

using namespace Qt::StringLiterals;

QIcon Icons::get(const QString &name)
{
    QFile file(u":/ui/icons/"_s + name + u".svg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // The icons are drawn in #5f6368; the engine swaps in the palette's colour.
    return QIcon(new TintedSvgIconEngine(file.readAll(), "#5f6368"_ba));
}
