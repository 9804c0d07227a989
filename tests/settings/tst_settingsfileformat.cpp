#include "settings/settingsfileformat.h"

#include <QBuffer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// Every kind of value the application keeps in settings.ini, with the
// characters INI gives a meaning to.
QSettings::SettingsMap sampleValues()
{
    QByteArray allBytes;
    for (int b = 0; b < 256; ++b)
        allBytes.append(char(b));
    QSettings::SettingsMap map;
    map.insert(u"clipboard/clearSeconds"_s, 45);
    map.insert(u"desktop/notifications"_s, false);
    map.insert(u"desktop/startMinimized"_s, true);
    map.insert(u"network/proxyMode"_s, u"manual"_s);
    map.insert(u"network/proxyHost"_s, u"proxy.example.org"_s);
    map.insert(u"network/extraCaFile"_s, u" /home/ops/CA files/root, old; \"2024\" = ok\\ "_s);
    map.insert(u"notes/unicode"_s, u"Zürich ✓ 東京 \U0001F511"_s);
    map.insert(u"notes/at"_s, u"@Variant(looks typed but is text)"_s);
    map.insert(u"notes/controls"_s,
               u"tab\there\nline\rreturn\x01"
               "1f"
               "\a\b\f\v\x1b"_s);
    map.insert(u"notes/empty"_s, QString());
    map.insert(u"mainWindow/geometry"_s, allBytes);
    map.insert(u"mainWindow/state"_s, QByteArray("\x00\x00\x00\xff,=;", 7));
    map.insert(u"rootKey"_s, 7);
    map.insert(u"General/key"_s, u"in a group named General"_s);
    map.insert(u"a group/sub/key with space%"_s, u"nested"_s);
    return map;
}

// Values as the application reads them back: numbers and booleans come back
// as text from either reader.
QVariant asRead(const QVariant &value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return value;
    return value.toString();
}

QSettings::SettingsMap normalised(const QSettings::SettingsMap &map)
{
    QSettings::SettingsMap out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), asRead(it.value()));
    return out;
}

std::optional<QSettings::SettingsMap> parsed(const QByteArray &text)
{
    QSettings::SettingsMap map;
    if (!SettingsFileFormat::parse(text, map))
        return std::nullopt;
    return map;
}
} // namespace

class SettingsFileFormatTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void filesWrittenByQtReadBack()
    {
        const QString path = m_dir.filePath(u"qt.ini"_s);
        const QSettings::SettingsMap values = sampleValues();
        {
            QSettings qt(path, QSettings::IniFormat);
            for (auto it = values.cbegin(); it != values.cend(); ++it)
                qt.setValue(it.key(), it.value());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto map = parsed(file.readAll());
        QVERIFY(map);
        QCOMPARE(*map, normalised(values));
    }

    void filesWrittenHereReadBackInQt()
    {
        const QString path = m_dir.filePath(u"ours.ini"_s);
        const QSettings::SettingsMap values = sampleValues();
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(SettingsFileFormat::write(file, values));
        file.close();

        QSettings qt(path, QSettings::IniFormat);
        QCOMPARE(qt.status(), QSettings::NoError);
        QCOMPARE(qt.allKeys().size(), values.size());
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            QCOMPARE(asRead(qt.value(it.key())), asRead(it.value()));
    }

    void roundTripThroughQSettings()
    {
        const QString path = m_dir.filePath(u"roundtrip.ini"_s);
        const QSettings::SettingsMap values = sampleValues();
        {
            QSettings ours(path, SettingsFileFormat::format());
            for (auto it = values.cbegin(); it != values.cend(); ++it)
                ours.setValue(it.key(), it.value());
        }
        QSettings again(path, SettingsFileFormat::format());
        QCOMPARE(again.status(), QSettings::NoError);
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            QCOMPARE(asRead(again.value(it.key())), asRead(it.value()));
    }

    // Serialised objects are never decoded: they stay the text they are, and
    // no count inside them is ever trusted.
    void serialisedObjectsStayText_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("value");
        QTest::newRow("variant list of 1.9 billion")
            << "v=@Variant(\\0\\0\\0\\traF0)"_ba << u"@Variant(\0\0\0\traF0)"_s;
        QTest::newRow("date time") << "v=@DateTime(\\0\\0\\0\\x10\\0)"_ba << u"@DateTime(\0\0\0\x10\0)"_s;
        QTest::newRow("escaped at sign") << "v=\\x40Variant(\\0\\0\\0\\t)"_ba << u"@Variant(\0\0\0\t)"_s;
        QTest::newRow("rect") << "v=@Rect(1 2 3 4)"_ba << u"@Rect(1 2 3 4)"_s;
        QTest::newRow("invalid") << "v=@Invalid()"_ba << u"@Invalid()"_s;
        QTest::newRow("byte array beyond latin-1") << "v=@ByteArray(\\x4142)"_ba << u"@ByteArray(\u4142)"_s;
        QTest::newRow("doubled at sign") << "v=@@Variant(x)"_ba << u"@Variant(x)"_s;
    }

    void serialisedObjectsStayText()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, value);
        const auto map = parsed("[s]\n" + line + '\n');
        QVERIFY(map);
        QCOMPARE(map->value(u"s/v"_s).typeId(), QMetaType::QString);
        QCOMPARE(map->value(u"s/v"_s).toString(), value);
    }

    void syntax_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("comment after value") << "v=1 ; why"_ba << QVariant(u"1"_s);
        QTest::newRow("quoted semicolon") << "v=\"1 ; 2\""_ba << QVariant(u"1 ; 2"_s);
        QTest::newRow("blanks trimmed") << "v =  a b  "_ba << QVariant(u"a b"_s);
        QTest::newRow("quoted blanks kept") << "v=\"  a \""_ba << QVariant(u"  a "_s);
        QTest::newRow("list") << "v=a, b,c"_ba << QVariant(QStringList { u"a"_s, u"b"_s, u"c"_s });
        QTest::newRow("continued line") << "v=ab\\\ncd"_ba << QVariant(u"abcd"_s);
        QTest::newRow("escaped backslash ends line") << "v=ab\\\\\nw=1"_ba << QVariant(u"ab\\"_s);
        QTest::newRow("escapes") << "v=\\t\\x41\\101\\q\\\"\\;"_ba << QVariant(u"\tAAq\";"_s);
        QTest::newRow("crlf") << "v=x\r\n"_ba << QVariant(u"x"_s);
        QTest::newRow("lone backslash at the end") << "v=x\\"_ba << QVariant(u"x"_s);
        QTest::newRow("byte array") << "v=\"@ByteArray(\\0\\xff,)\""_ba << QVariant(QByteArray("\0\xff,", 3));
        QTest::newRow("unquoted comma splits a byte array")
            << "v=@ByteArray(a,b)"_ba << QVariant(QStringList { u"@ByteArray(a"_s, u"b)"_s });
    }

    void syntax()
    {
        QFETCH(QByteArray, text);
        QFETCH(QVariant, value);
        const auto map = parsed(";a comment\n# another\n\n[s]\n" + text);
        QVERIFY(map);
        QCOMPARE(map->value(u"s/v"_s), value);
    }

    void byteOrderMarkIsSkipped()
    {
        const auto map = parsed("\xef\xbb\xbf[s]\nv=x\n"_ba);
        QVERIFY(map);
        QCOMPARE(map->value(u"s/v"_s), QVariant(u"x"_s));
    }

    void sectionsAndKeys()
    {
        const auto map
            = parsed("top=1\n[General]\nroot=2\n[%General]\ng=3\n[a%20b]\nc\\d=4\n[%U00FCber]\nx%3Dy=5\n"_ba);
        QVERIFY(map);
        QCOMPARE(map->value(u"top"_s), QVariant(u"1"_s));
        QCOMPARE(map->value(u"root"_s), QVariant(u"2"_s));
        QCOMPARE(map->value(u"General/g"_s), QVariant(u"3"_s));
        QCOMPARE(map->value(u"a b/c/d"_s), QVariant(u"4"_s));
        QCOMPARE(map->value(u"über/x=y"_s), QVariant(u"5"_s));
        QCOMPARE(map->size(), 5);
    }

    void notIniIsRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("nul byte") << QByteArray("[s]\nv=1\0\n", 9);
        QTest::newRow("not utf-8") << "[s]\nv=\xff\xfe\n"_ba;
        QTest::newRow("unclosed section") << "[s\nv=1\n"_ba;
        QTest::newRow("line without =") << "[s]\nv\n"_ba;
        QTest::newRow("empty key") << "[s]\n=1\n"_ba;
        QTest::newRow("unterminated quote") << "[s]\nv=\"1\nw=2\n"_ba;
        QTest::newRow("too large") << "[s]\nv=" + QByteArray(SettingsFileFormat::MaxFileBytes, 'x');
    }

    void notIniIsRefused()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parsed(text));
    }

    void qsettingsReportsAFormatError()
    {
        const QString path = m_dir.filePath(u"broken.ini"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[s\nv=1\n");
        file.close();
        QSettings settings(path, SettingsFileFormat::format());
        QCOMPARE(settings.status(), QSettings::FormatError);
    }
};

QTEST_GUILESS_MAIN(SettingsFileFormatTest)
#include "tst_settingsfileformat.moc"
