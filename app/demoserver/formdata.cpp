#include "demoserver/formdata.h"

#include <QList>

using namespace Qt::StringLiterals;

QByteArray FormData::headerParameter(const QByteArray &headerValue, const QByteArray &name)
{
    const QList<QByteArray> parts = headerValue.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0 || part.left(eq).trimmed().toLower() != name)
            continue;
        QByteArray value = part.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

QHash<QString, QString> FormData::parse(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray mime = contentType.split(';').constFirst().trimmed().toLower();
    if (mime == "application/x-www-form-urlencoded")
        return parseUrlEncoded(body);
    if (mime == "multipart/form-data") {
        const QByteArray boundary = headerParameter(contentType, "boundary");
        if (!boundary.isEmpty())
            return parseMultipart(boundary, body);
    }
    return {};
}

QHash<QString, QString> FormData::parseUrlEncoded(const QByteArray &body)
{
    QHash<QString, QString> fields;
    const QList<QByteArray> pairs = body.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray key = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        key.replace('+', ' ');
        value.replace('+', ' ');
        fields.insert(QString::fromUtf8(QByteArray::fromPercentEncoding(key)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value)));
    }
    return fields;
}

QHash<QString, QString> FormData::parseMultipart(const QByteArray &boundary, const QByteArray &body)
{
    QHash<QString, QString> fields;
    const QByteArray delimiter = "--" + boundary;
    const QByteArray partEnd = "\r\n" + delimiter;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // closing delimiter
        const qsizetype next = body.indexOf(partEnd, pos);
        if (next < 0)
            break; // unterminated part: ignore it, as a strict parser would
        // A part is CRLF, headers, an empty line, then content up to the CRLF before the next delimiter.
        const QByteArray part = body.mid(pos, next - pos);
        const qsizetype headerEnd = part.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            const QList<QByteArray> headerLines = part.left(headerEnd).split('\n');
            QByteArray name;
            bool isFile = false;
            for (const QByteArray &rawLine : headerLines) {
                const QByteArray line = rawLine.trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0 || line.left(colon).trimmed().toLower() != "content-disposition")
                    continue;
                const QByteArray value = line.mid(colon + 1);
                name = headerParameter(value, "name");
                isFile = !headerParameter(value, "filename").isEmpty();
            }
            if (!name.isEmpty() && !isFile)
                fields.insert(QString::fromUtf8(name), QString::fromUtf8(part.mid(headerEnd + 4)));
        }
        pos = next + 2;
    }
    return fields;
}
