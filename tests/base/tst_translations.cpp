// The translation files kept in resources/translations against the sources:
// every translatable string of app/ and ui/ has an entry in the German file,
// and English, which only carries plural forms, says "1 day", not "1 days".
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

// "context\nsource" of every message in a .ts file; vanished and obsolete
// entries do not count.
QSet<QString> messages(const QString &tsPath, QString *error)
{
    QFile file(tsPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QSet<QString> found;
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    bool gone = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == "name"_L1)
                context = xml.readElementText();
            else if (xml.name() == "message"_L1)
                source.clear(), gone = false;
            else if (xml.name() == "source"_L1)
                source = xml.readElementText();
            else if (xml.name() == "translation"_L1) {
                const auto type = xml.attributes().value("type"_L1);
                gone = type == "vanished"_L1 || type == "obsolete"_L1;
            }
        } else if (xml.isEndElement() && xml.name() == "message"_L1 && !gone) {
            found.insert(context + u'\n' + source);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void germanFileHasEveryString();
    void englishPluralForms_data();
    void englishPluralForms();
};

void TestTranslations::germanFileHasEveryString()
{
    const QString lupdate = QStringLiteral(TOKENTRAY_LUPDATE);
    QVERIFY2(QFile::exists(lupdate), "lupdate of Qt's linguist tools is missing");
    const QString root = QStringLiteral(TOKENTRAY_SOURCE_DIR);

    // The same sources as the update_translations target: app/ and ui/
    // without the demo server.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile list(dir.filePath(u"sources.lst"_s));
    QVERIFY(list.open(QIODevice::WriteOnly));
    int count = 0;
    for (const QString &top : { u"app"_s, u"ui"_s }) {
        QDirIterator it(root + u'/' + top, { u"*.cpp"_s, u"*.h"_s }, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(u"/app/demoserver/"_s))
                continue;
            list.write(path.toUtf8() + '\n');
            ++count;
        }
    }
    list.close();
    QVERIFY(count > 50);

    const QString fresh = dir.filePath(u"fresh_de.ts"_s);
    QProcess p;
    p.start(lupdate,
            { u"-silent"_s, u"-locations"_s, u"none"_s, u"-I"_s, root + u"/app"_s, u"-I"_s,
              root + u"/app/engine"_s, u"-I"_s, root + u"/ui"_s, u'@' + list.fileName(), u"-ts"_s, fresh });
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

    QString error;
    const QSet<QString> wanted = messages(fresh, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(wanted.size() > 100);
    const QSet<QString> kept = messages(root + u"/resources/translations/tokentray_de.ts"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QStringList missing;
    for (const QString &m : wanted) {
        if (!kept.contains(m))
            missing.append(QString(m).replace(u'\n', u": "_s));
    }
    missing.sort();
    QVERIFY2(
        missing.isEmpty(),
        qPrintable(u"%1 strings are not in resources/translations/tokentray_de.ts; run "
                   "`cmake --build build --target update_translations`. First ones:\n  "_s.arg(missing.size())
                   + missing.mid(0, 10).join(u"\n  "_s)));
}

void TestTranslations::englishPluralForms_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");

    QTest::newRow("days, one") << u"AccountTableModel"_s << u"%n days ago"_s << 1 << u"1 day ago"_s;
    QTest::newRow("days, many") << u"AccountTableModel"_s << u"%n days ago"_s << 3 << u"3 days ago"_s;
    QTest::newRow("minutes, one") << u"AccountTableModel"_s << u"%n minutes"_s << 1 << u"1 minute"_s;
    QTest::newRow("accounts, one") << u"MainWindow"_s << u"%n accounts"_s << 1 << u"1 account"_s;
    QTest::newRow("imported, one") << u"CommandRunner"_s << u"Imported %n account(s)."_s << 1
                                   << u"Imported 1 account."_s;
    QTest::newRow("imported, many") << u"CommandRunner"_s << u"Imported %n account(s)."_s << 2
                                    << u"Imported 2 accounts."_s;
}

void TestTranslations::englishPluralForms()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(int, n);
    QFETCH(QString, expected);

    QTranslator english;
    QVERIFY2(english.load(QStringLiteral(TOKENTRAY_QM_DIR "/tokentray_en.qm")),
             "tokentray_en.qm was not built");
    const QString text
        = english.translate(context.toUtf8().constData(), source.toUtf8().constData(), nullptr, n);
    QVERIFY2(!text.isEmpty(), qPrintable(u"no English plural forms for \"%1\" in %2"_s.arg(source, context)));
    QCOMPARE(QString(text).replace(u"%n"_s, QString::number(n)), expected);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
