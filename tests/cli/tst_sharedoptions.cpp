#include "cli/sharedoptions.h"

#include <QCommandLineParser>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSharedOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void take_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("configDir");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QStringList>("rest");
        QTest::newRow("none") << QStringList { u"--minimized"_s } << QString() << QString()
                              << QStringList { u"--minimized"_s };
        QTest::newRow("both, separate values")
            << QStringList { u"--config-dir"_s, u"/c"_s, u"--demo"_s, u"--ca-file"_s, u"ca.pem"_s } << u"/c"_s
            << u"ca.pem"_s << QStringList { u"--demo"_s };
        QTest::newRow("with =") << QStringList { u"token"_s, u"--config-dir=/a=b"_s, u"x"_s } << u"/a=b"_s
                                << QString() << QStringList { u"token"_s, u"x"_s };
        QTest::newRow("value reads like an option") << QStringList { u"--config-dir"_s, u"--ca-file"_s }
                                                    << u"--ca-file"_s << QString() << QStringList {};
        QTest::newRow("value of another option is left alone")
            << QStringList { u"--name"_s, u"--config-dir"_s, u"add"_s } << QString() << QString()
            << QStringList { u"--name"_s, u"--config-dir"_s, u"add"_s };
        QTest::newRow("nothing after --")
            << QStringList { u"remove"_s, u"--"_s, u"--config-dir"_s, u"/x"_s } << QString() << QString()
            << QStringList { u"remove"_s, u"--"_s, u"--config-dir"_s, u"/x"_s };
        QTest::newRow("single dash is not ours") << QStringList { u"-config-dir"_s, u"/x"_s } << QString()
                                                 << QString() << QStringList { u"-config-dir"_s, u"/x"_s };
    }

    void take()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, configDir);
        QFETCH(QString, caFile);
        QFETCH(QStringList, rest);
        const auto takesValue = [](QStringView name) {
            return name == u"name";
        };
        const Result<SharedOptions> options = SharedOptions::take(arguments, takesValue);
        QVERIFY2(options.ok(), qPrintable(options.ok() ? QString() : options.error()));
        QCOMPARE(options->configDir, configDir);
        QCOMPARE(options->caFile, caFile);
        QCOMPARE(arguments, rest);
    }

    void refused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no value") << QStringList { u"list"_s, u"--config-dir"_s } << u"needs a value"_s;
        QTest::newRow("empty value") << QStringList { u"--ca-file="_s } << u"needs a value"_s;
        QTest::newRow("twice") << QStringList { u"--config-dir=/a"_s, u"--config-dir"_s, u"/b"_s }
                               << u"more than once"_s;
    }

    void refused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QStringList before = arguments;
        const Result<SharedOptions> options = SharedOptions::take(arguments);
        QVERIFY(!options.ok());
        QVERIFY2(options.error().contains(message), qPrintable(options.error()));
        QCOMPARE(arguments, before);
    }

    void helpOptionsDescribeBoth()
    {
        QCommandLineParser parser;
        parser.addOptions(SharedOptions::helpOptions());
        const QString help = parser.helpText();
        QVERIFY(help.contains(u"--config-dir <DIR>"_s));
        QVERIFY(help.contains(u"--ca-file <PEM>"_s));
    }
};

QTEST_GUILESS_MAIN(TestSharedOptions)
#include "tst_sharedoptions.moc"
