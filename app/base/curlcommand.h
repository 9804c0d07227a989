#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// A ready-to-paste curl command line for a token service.
class CurlCommand
{
public:
    // Quotes for a POSIX shell: the result is one word whatever the text holds.
    static QString shellQuote(const QString &text);
    // curl -H 'Name: value' ... 'url'
    static QString build(const QUrl &url, const QList<QPair<QString, QString>> &headers);
};
