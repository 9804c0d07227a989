#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Plain-text columns for the command line (`list`, `log`): every column as
// wide as its widest cell plus two spaces, the last one unpadded, a newline
// after each row. The first row is usually the header.
namespace TextTable {
QString format(const QList<QStringList> &rows);
}
