#pragma once

#include <QIcon>
#include <QString>

// The window's own monochrome icons (ui/icons/*.svg), drawn in the palette's
// text colour so they suit light and dark themes and stay sharp at any scale.
class Icons
{
public:
    // name: the file name without ".svg", e.g. "copy".
    static QIcon get(const QString &name);
};
