#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// Every text a token is handed out as: the bare token, the Authorization
// header, a curl command, and environment variables. The window, the tray and
// the command line all format through here.
//
// The header rule of a provider (raw for 7G, "Bearer" for D7) is not repeated
// here: callers pass the provider's requestHeaders(), whose Authorization
// entry is the value to use.
class TokenFormat
{
public:
    using Headers = QList<QPair<QString, QString>>;

    // A copied token must stay valid at least this long.
    static constexpr int CopyMinValidSeconds = 10;

    // What one copy puts on the clipboard.
    enum class Copy {
        Token, // the bare token
        Header, // Authorization: …
        Curl, // curl -H … 'url'
    };

    enum class EnvStyle {
        Shell, // export TOKENTRAY_TOKEN='…'
        Dotenv, // TOKENTRAY_TOKEN="…"
        Json, // {"TOKENTRAY_TOKEN": "…", …}
    };

    // Quotes for a POSIX shell: the result is one word whatever the text holds.
    static QString shellQuote(const QString &text);

    // The value of the Authorization header in headers (empty when there is none).
    static QString authorizationValue(const Headers &headers);
    // "Authorization: <value>"
    static QString headerLine(const Headers &headers);
    // -H 'Name: value' -H ... (to paste into a curl command of one's own)
    static QString curlArguments(const Headers &headers);
    // curl -H 'Name: value' ... 'url'
    static QString curlCommand(const QUrl &url, const Headers &headers);
    // The text for one copy of kind what (url: the account's service address).
    static QString copyText(Copy what, const QString &token, const Headers &headers, const QUrl &url);
    // TOKENTRAY_TOKEN and TOKENTRAY_AUTHORIZATION, one per line (Json: one object).
    static QString environment(const QString &token, const Headers &headers, EnvStyle style);
};
