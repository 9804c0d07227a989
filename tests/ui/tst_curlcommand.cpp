#include "base/curlcommand.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCurlCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoting_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << u"abc.DEF-123_~"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << u"two words"_s;
        QTest::newRow("single quote") << u"it's"_s;
        QTest::newRow("only quotes") << u"''"_s;
        QTest::newRow("shell specials") << u"$(rm -rf ~) `id` $HOME \\ \" ; | & > < * ? ! #"_s;
        QTest::newRow("jwt") << u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_"_s;
        QTest::newRow("unicode") << u"Grüße — 東京"_s;
    }

    // The shell must hand the exact text back: a real round trip through sh.
    void quoting()
    {
        QFETCH(QString, text);
        const QString sh = QStandardPaths::findExecutable(u"sh"_s);
        if (sh.isEmpty())
            QSKIP("no sh");
        QProcess process;
        process.start(sh, { u"-c"_s, u"printf %s "_s + CurlCommand::shellQuote(text) });
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), text);
    }

    void build()
    {
        const QString command
            = CurlCommand::build(QUrl(u"https://api.7g.com.au"_s),
                                 { { u"Authorization"_s, u"tok'en"_s }, { u"Version"_s, u"2.0"_s } });
        QCOMPARE(command, u"curl -H 'Authorization: tok'\\''en' -H 'Version: 2.0' 'https://api.7g.com.au'"_s);
    }

    void buildDropsUserInfo()
    {
        const QString command = CurlCommand::build(QUrl(u"https://user:pw@example.com/x"_s), {});
        QVERIFY(!command.contains(u"pw"_s));
    }
};

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
