#pragma once

#include "audit/accesslogentry.h"

#include <QList>
#include <QString>

// The output of `tokentray log`, oldest entry first: a table for people or a
// JSON array (the objects of AccessLogEntry::toJson) for scripts.
class AccessLogReport
{
public:
    static constexpr int DefaultLimit = 50;

    static QString table(const QList<AccessLogEntry> &entries);
    static QString json(const QList<AccessLogEntry> &entries);
};
