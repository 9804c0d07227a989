#include "settings/settingsfileformat.h"

#include <QIODevice>
#include <QStringList>

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace SettingsFileFormat {
namespace {

// Qt keeps the keys outside any group in a section of this name.
const QString RootSection = u"General"_s;
const QString ByteArrayPrefix = u"@ByteArray("_s;

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// The escapes of one letter that stand for a control character.
constexpr std::pair<char16_t, char16_t> ControlEscapes[] = {
    { u'a', u'\a' }, { u'b', u'\b' }, { u'f', u'\f' }, { u'n', u'\n' },
    { u'r', u'\r' }, { u't', u'\t' }, { u'v', u'\v' },
};

// Up to maxDigits digits in base 8 or 16 from text[from]: their value and
// how many there were.
struct Digits
{
    int value = 0;
    qsizetype count = 0;
};

Digits readDigits(QStringView text, qsizetype from, qsizetype maxDigits, int base)
{
    Digits d;
    while (d.count < maxDigits && from + d.count < text.size()) {
        const int digit = hexValue(text.at(from + d.count));
        if (digit < 0 || digit >= base)
            break;
        d.value = d.value * base + digit;
        ++d.count;
    }
    return d;
}

// Escapes can name half of a surrogate pair alone; such text is made valid
// (the stray half becomes a replacement character) so it writes back as is.
QString validText(QString text)
{
    if (!QStringView(text).isValidUtf16())
        text = QString::fromUtf8(text.toUtf8());
    return text;
}

bool endsInLineContinuation(const QString &line)
{
    qsizetype backslashes = 0;
    for (qsizetype i = line.size() - 1; i >= 0 && line.at(i) == u'\\'; --i)
        ++backslashes;
    return backslashes % 2 == 1;
}

// Section names and keys: %XX and %UXXXX stand for one character, and a
// backslash separates groups inside a key.
QString decodeKey(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            out += u'/';
            continue;
        }
        if (c == u'%') {
            const bool wide = i + 1 < text.size() && text.at(i + 1) == u'U';
            const qsizetype first = i + (wide ? 2 : 1);
            const qsizetype digits = wide ? 4 : 2;
            if (const Digits code = readDigits(text, first, digits, 16); code.count == digits) {
                out += QChar(char16_t(code.value));
                i = first + digits - 1;
                continue;
            }
        }
        out += c;
    }
    return validText(std::move(out));
}

// As QSettings spells keys: no empty groups, no slash at either end.
QString normalisedKey(const QString &key)
{
    return key.split(u'/', Qt::SkipEmptyParts).join(u'/');
}

QString encodeKey(QStringView key, bool slashSeparatesGroups)
{
    QString out;
    for (const QChar c : key) {
        const char16_t u = c.unicode();
        const bool plain = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
            || u == u'_' || u == u'-' || u == u'.';
        if (plain)
            out += c;
        else if (u == u'/' && slashSeparatesGroups)
            out += u'\\';
        else if (u <= 0xff)
            out += u'%' + QString::number(u, 16).toUpper().rightJustified(2, u'0');
        else
            out += u"%U"_s + QString::number(u, 16).toUpper().rightJustified(4, u'0');
    }
    return out;
}

// Reads the escape sequence whose backslash is at text[i] into out and
// returns the index of its last character.
qsizetype unescape(QStringView text, qsizetype i, QString &out)
{
    if (i + 1 >= text.size())
        return i; // a lone backslash at the very end: nothing follows it
    const QChar c = text.at(++i);
    for (const auto &[letter, control] : ControlEscapes) {
        if (c == letter) {
            out += QChar(control);
            return i;
        }
    }
    if (c == u'x') {
        const Digits code = readDigits(text, i + 1, 4, 16);
        out += code.count > 0 ? QChar(char16_t(code.value)) : c;
        return i + code.count;
    }
    if (c >= u'0' && c <= u'7') {
        const Digits code = readDigits(text, i, 3, 8);
        out += QChar(char16_t(code.value));
        return i + code.count - 1;
    }
    out += c; // \\ \" \' \? \; \, \= and anything unknown stand for themselves
    return i;
}

// The one kind of typed value this format knows besides text. Everything else
// that starts with '@' ("@Variant(", "@DateTime(", …) stays text.
QVariant typedValue(const QString &text)
{
    if (text.startsWith(u"@@"))
        return text.mid(1);
    if (text.startsWith(ByteArrayPrefix) && text.endsWith(u')')) {
        const QStringView inner = QStringView(text).sliced(ByteArrayPrefix.size()).chopped(1);
        for (const QChar c : inner) {
            if (c.unicode() > 0xff)
                return text;
        }
        return inner.toLatin1();
    }
    return text;
}

// The text after '=': quoted and unquoted runs, backslash escapes, a comment
// after an unquoted ';', and a list when an unquoted ',' separates items.
std::optional<QVariant> decodeValue(QStringView text)
{
    QStringList items;
    QString current;
    qsizetype kept = 0; // current up to its last character that is not trailing blank
    bool inQuotes = false;
    bool isList = false;
    const auto finishItem = [&] {
        current.truncate(kept);
        items.append(current);
        current.clear();
        kept = 0;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            i = unescape(text, i, current);
            kept = current.size();
        } else if (c == u'"') {
            inQuotes = !inQuotes;
            kept = current.size();
        } else if (inQuotes) {
            current += c;
            kept = current.size();
        } else if (c == u';') {
            break;
        } else if (c == u',') {
            isList = true;
            finishItem();
        } else if (c.isSpace()) {
            if (kept > 0)
                current += c;
        } else {
            current += c;
            kept = current.size();
        }
    }
    if (inQuotes)
        return std::nullopt;
    finishItem();
    for (QString &item : items)
        item = validText(std::move(item));
    if (!isList)
        return typedValue(items.constFirst());
    for (QString &item : items) {
        if (item.startsWith(u"@@"))
            item.remove(0, 1);
    }
    return items;
}

// Backslash escapes for a value's text; asBytes also escapes every character
// above ASCII, for byte arrays.
QString escapeValueText(const QString &text, bool asBytes)
{
    QString out;
    out.reserve(text.size());
    bool afterHexEscape = false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const auto *letter = std::find_if(std::begin(ControlEscapes), std::end(ControlEscapes),
                                          [u](const auto &escape) { return escape.second == u; });
        bool hex = false;
        if (u == u'\\' || u == u'"') {
            out += u'\\';
            out += c;
        } else if (letter != std::end(ControlEscapes)) {
            out += u'\\';
            out += QChar(letter->first);
        } else {
            // A hex digit right after "\x…" would be read as part of it.
            hex = u < 0x20 || u == 0x7f || (asBytes && u > 0x7f) || (afterHexEscape && hexValue(c) >= 0);
            if (hex)
                out += u"\\x"_s + QString::number(u, 16);
            else
                out += c;
        }
        afterHexEscape = hex;
    }
    return out;
}

// Quotes keep blanks at either end, and ',' ';' '=' from being read as syntax.
QString quotedIfNeeded(const QString &raw, const QString &escaped)
{
    const bool quote = !raw.isEmpty()
        && (raw.front().isSpace() || raw.back().isSpace() || raw.contains(u',') || raw.contains(u';')
            || raw.contains(u'='));
    return quote ? u'"' + escaped + u'"' : escaped;
}

QString encodeText(QString text)
{
    if (text.startsWith(u'@'))
        text.prepend(u'@');
    return quotedIfNeeded(text, escapeValueText(text, false));
}

QString encodeValue(const QVariant &value)
{
    if (value.typeId() == QMetaType::QByteArray) {
        const QString bytes = QString::fromLatin1(value.toByteArray());
        return quotedIfNeeded(bytes, ByteArrayPrefix + escapeValueText(bytes, true) + u')');
    }
    if (value.typeId() == QMetaType::QStringList) {
        QStringList items;
        for (const QString &item : value.toStringList())
            items.append(encodeText(item));
        return items.join(u", "_s);
    }
    return encodeText(value.toString());
}

} // namespace

QSettings::Format format()
{
    static const QSettings::Format registered = QSettings::registerFormat(u"ini"_s, read, write);
    Q_ASSERT(registered != QSettings::InvalidFormat);
    return registered;
}

bool parse(const QByteArray &bytes, QSettings::SettingsMap &map)
{
    if (bytes.size() > MaxFileBytes || bytes.contains('\0'))
        return false;
    QByteArrayView body(bytes);
    if (body.startsWith("\xef\xbb\xbf"))
        body = body.sliced(3); // a byte order mark
    const QString text = QString::fromUtf8(body);
    if (text.toUtf8() != body)
        return false; // not UTF-8: the decoder replaced something

    const QStringList lines = text.split(u'\n');
    QString group; // "section/" or empty for the root
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        while (endsInLineContinuation(line) && i + 1 < lines.size()) {
            line.chop(1);
            QString next = lines.at(++i);
            if (next.endsWith(u'\r'))
                next.chop(1);
            line += next;
        }
        const QStringView trimmed = QStringView(line).trimmed();
        if (trimmed.isEmpty() || trimmed.front() == u';' || trimmed.front() == u'#')
            continue;
        if (trimmed.front() == u'[') {
            if (!trimmed.endsWith(u']'))
                return false;
            const QStringView name = trimmed.sliced(1, trimmed.size() - 2).trimmed();
            if (name.isEmpty() || name.compare(RootSection, Qt::CaseInsensitive) == 0) {
                group.clear();
            } else if (name.startsWith(u'%')
                       && name.sliced(1).compare(RootSection, Qt::CaseInsensitive) == 0) {
                group = name.sliced(1) + u'/'; // a group really named "General"
            } else {
                group = decodeKey(name) + u'/';
            }
            continue;
        }
        const qsizetype equals = trimmed.indexOf(u'=');
        if (equals <= 0)
            return false;
        const QString key = decodeKey(trimmed.first(equals).trimmed());
        if (key.isEmpty())
            return false;
        std::optional<QVariant> value = decodeValue(trimmed.sliced(equals + 1));
        if (!value)
            return false;
        const QString fullKey = normalisedKey(group + key);
        if (!fullKey.isEmpty()) // only slashes: no key QSettings could ask for
            map.insert(fullKey, std::move(*value));
    }
    return true;
}

QByteArray serialize(const QSettings::SettingsMap &map)
{
    // Keys without a group first, under [General], then each group in order.
    QMap<QString, QStringList> sections;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const qsizetype slash = it.key().indexOf(u'/');
        const QString section = slash < 0 ? QString() : it.key().first(slash);
        const QStringView key = slash < 0 ? QStringView(it.key()) : QStringView(it.key()).sliced(slash + 1);
        sections[section].append(encodeKey(key, true) + u'=' + encodeValue(it.value()));
    }
    QString out;
    for (auto it = sections.cbegin(); it != sections.cend(); ++it) {
        if (!out.isEmpty())
            out += u'\n';
        QString header = it.key().isEmpty() ? RootSection : encodeKey(it.key(), false);
        if (it.key().compare(RootSection, Qt::CaseInsensitive) == 0)
            header.prepend(u'%'); // a group really named "General", not the root
        out += u'[' + header + u"]\n"_s;
        for (const QString &line : it.value())
            out += line + u'\n';
    }
    return out.toUtf8();
}

bool read(QIODevice &device, QSettings::SettingsMap &map)
{
    if (device.size() > MaxFileBytes)
        return false;
    return parse(device.readAll(), map);
}

bool write(QIODevice &device, const QSettings::SettingsMap &map)
{
    const QByteArray text = serialize(map);
    return device.write(text) == text.size();
}

} // namespace SettingsFileFormat
