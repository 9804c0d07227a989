#include "base/texttable.h"

#include <algorithm>

QString TextTable::format(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        if (widths.size() < row.size())
            widths.resize(row.size(), 0);
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    QString out;
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            out += c == row.size() - 1 ? row.at(c) : row.at(c).leftJustified(widths.at(c) + 2);
        out += u'\n';
    }
    return out;
}
