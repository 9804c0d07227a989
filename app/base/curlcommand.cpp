#include "base/curlcommand.h"

using namespace Qt::StringLiterals;

QString CurlCommand::shellQuote(const QString &text)
{
    if (text.isEmpty())
        return u"''"_s;
    // Inside single quotes only the single quote itself is special: close the
    // quote, add an escaped quote, reopen.
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString CurlCommand::build(const QUrl &url, const QList<QPair<QString, QString>> &headers)
{
    QString command = u"curl"_s;
    for (const auto &[name, value] : headers)
        command += u" -H "_s + shellQuote(name + u": "_s + value);
    command += u' ' + shellQuote(url.toString(QUrl::FullyEncoded | QUrl::RemoveUserInfo));
    return command;
}
