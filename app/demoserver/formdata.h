#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// The form bodies D7 accepts: multipart/form-data and application/x-www-form-urlencoded.
// Anything else yields no fields, which the server reports like the real service does:
// as missing fields (422).
class FormData
{
public:
    static QHash<QString, QString> parse(const QByteArray &contentType, const QByteArray &body);
    static QHash<QString, QString> parseUrlEncoded(const QByteArray &body);
    static QHash<QString, QString> parseMultipart(const QByteArray &boundary, const QByteArray &body);
    // The value of a parameter such as boundary="x" in a header value, unquoted.
    static QByteArray headerParameter(const QByteArray &headerValue, const QByteArray &name);
};
