#include "accounts/accountsfilewriter.h"

#include <QStringView>

using namespace Qt::StringLiterals;

namespace {

void appendHex4(QByteArray &out, char16_t unit)
{
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += digits[(unit >> shift) & 0xf];
}

// A JSON string: UTF-8, with quotes, backslashes and control characters
// escaped. A lone surrogate (which UTF-8 cannot hold) is written as its
// \uXXXX escape, so that the text reads back exactly as it was.
void appendString(QByteArray &out, QStringView text)
{
    out += '"';
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    appendHex4(out, c);
                else
                    out += char(c);
            }
        } else if (c < 0x800) {
            out += char(0xc0 | (c >> 6));
            out += char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t code = QChar::surrogateToUcs4(c, text[++i].unicode());
            out += char(0xf0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3f));
            out += char(0x80 | ((code >> 6) & 0x3f));
            out += char(0x80 | (code & 0x3f));
        } else if (QChar::isSurrogate(c)) {
            appendHex4(out, c);
        } else {
            out += char(0xe0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        }
    }
    out += '"';
}

void appendValue(QByteArray &out, const QString &text)
{
    appendString(out, text);
}

void appendValue(QByteArray &out, int number)
{
    out += QByteArray::number(number);
}

} // namespace

QByteArray AccountsFileWriter::write(const QList<Account> &accounts, int version)
{
    QByteArray out;
    out.reserve(64 + accounts.size() * 400);
    out += "{\n    \"accounts\": [";
    bool firstAccount = true;
    for (const Account &account : accounts) {
        out += firstAccount ? "\n        {" : ",\n        {";
        firstAccount = false;
        bool firstField = true;
        account.visitFields([&](QLatin1StringView key, const auto &value) {
            out += firstField ? "\n            \"" : ",\n            \"";
            firstField = false;
            out += QByteArrayView(key.data(), key.size());
            out += "\": ";
            appendValue(out, value);
        });
        out += "\n        }";
    }
    out += "\n    ],\n    \"version\": ";
    out += QByteArray::number(version);
    out += "\n}\n";
    return out;
}
