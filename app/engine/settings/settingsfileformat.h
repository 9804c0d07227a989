#pragma once

#include <QByteArray>
#include <QSettings>

class QIODevice;

// The text format of settings.ini: the INI dialect of QSettings::IniFormat,
// for the kinds of value TokenTray keeps there (text, numbers, booleans, and
// byte arrays for the window's geometry), so that a file written by either
// reads back in the other.
//
// Qt's own INI reader turns "@Variant(…)" and "@DateTime(…)" values back into
// objects with QDataStream, and a damaged count inside one makes it reserve
// tens of gigabytes and abort the program before the first window. This reader
// deserialises nothing: such a value stays the text it is, and the setting
// that holds it fails validation like any other unusable value.
namespace SettingsFileFormat {

// Registered with QSettings on first use: QSettings(path, format()).
QSettings::Format format();

// Largest file read; a settings file is a few hundred bytes.
constexpr qint64 MaxFileBytes = 1024 * 1024;

// False when the text is not INI: larger than MaxFileBytes, not UTF-8, a NUL
// byte, a section header without its ']', an unterminated quote, or a line
// that is neither blank, a comment (';' or '#'), a section nor key=value.
// A value of a type this format does not know is kept as its text.
bool parse(const QByteArray &text, QSettings::SettingsMap &map);
QByteArray serialize(const QSettings::SettingsMap &map);

// The QSettings hooks: parse() and serialize() on a device.
bool read(QIODevice &device, QSettings::SettingsMap &map);
bool write(QIODevice &device, const QSettings::SettingsMap &map);

} // namespace SettingsFileFormat
