#include "base/tokenformat.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
const QString TokenVariable = u"TOKENTRAY_TOKEN"_s;
const QString AuthorizationVariable = u"TOKENTRAY_AUTHORIZATION"_s;

// Double quotes as dotenv readers (python-dotenv, docker compose, direnv)
// undo them: backslash escapes for the backslash, the quote and newlines.
QString dotenvQuote(const QString &text)
{
    QString quoted;
    quoted.reserve(text.size() + 2);
    quoted += u'"';
    for (const QChar c : text) {
        if (c == u'\\' || c == u'"')
            quoted += u'\\';
        if (c == u'\n') {
            quoted += u"\\n"_s;
            continue;
        }
        quoted += c;
    }
    quoted += u'"';
    return quoted;
}
} // namespace

QString TokenFormat::shellQuote(const QString &text)
{
    if (text.isEmpty())
        return u"''"_s;
    // Inside single quotes only the single quote itself is special: close the
    // quote, add an escaped quote, reopen.
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString TokenFormat::authorizationValue(const Headers &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare(u"Authorization"_s, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString TokenFormat::headerLine(const Headers &headers)
{
    return u"Authorization: "_s + authorizationValue(headers);
}

QString TokenFormat::curlArguments(const Headers &headers)
{
    QStringList parts;
    for (const auto &[name, value] : headers)
        parts.append(u"-H "_s + shellQuote(name + u": "_s + value));
    return parts.join(u' ');
}

QString TokenFormat::curlCommand(const QUrl &url, const Headers &headers)
{
    QString command = u"curl"_s;
    if (!headers.isEmpty())
        command += u' ' + curlArguments(headers);
    command += u' ' + shellQuote(url.toString(QUrl::FullyEncoded | QUrl::RemoveUserInfo));
    return command;
}

QString TokenFormat::copyText(Copy what, const QString &token, const Headers &headers, const QUrl &url)
{
    switch (what) {
    case Copy::Token:
        return token;
    case Copy::Header:
        return headerLine(headers);
    case Copy::Curl:
        return curlCommand(url, headers);
    }
    return token;
}

QString TokenFormat::environment(const QString &token, const Headers &headers, EnvStyle style)
{
    const QString authorization = authorizationValue(headers);
    switch (style) {
    case EnvStyle::Shell:
        return u"export "_s + TokenVariable + u'=' + shellQuote(token) + u"\nexport "_s
            + AuthorizationVariable + u'=' + shellQuote(authorization) + u'\n';
    case EnvStyle::Dotenv:
        return TokenVariable + u'=' + dotenvQuote(token) + u'\n' + AuthorizationVariable + u'='
            + dotenvQuote(authorization) + u'\n';
    case EnvStyle::Json: {
        const QJsonObject object { { TokenVariable, token }, { AuthorizationVariable, authorization } };
        return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + u'\n';
    }
    }
    return {};
}
