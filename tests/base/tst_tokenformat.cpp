#include "base/tokenformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// What the providers hand out for a token (SevenGProvider / D7Provider::requestHeaders).
TokenFormat::Headers sevenGHeaders(const QString &token)
{
    return { { u"Authorization"_s, token },
             { u"Content-Type"_s, u"application/json"_s },
             { u"Version"_s, u"2.0"_s } };
}

TokenFormat::Headers d7Headers(const QString &token)
{
    return { { u"Authorization"_s, u"Bearer "_s + token }, { u"Accept"_s, u"application/json"_s } };
}

// Runs script in sh and returns its standard output.
QString runShell(const QString &script)
{
    const QString sh = QStandardPaths::findExecutable(u"sh"_s);
    if (sh.isEmpty())
        return {};
    QProcess process;
    process.start(sh, { u"-c"_s, script });
    if (!process.waitForFinished(5000))
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}
} // namespace

class TestTokenFormat : public QObject
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
        QTest::newRow("newline") << u"line one\nline two"_s;
        QTest::newRow("jwt") << u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_"_s;
        QTest::newRow("unicode") << u"Grüße — 東京"_s;
    }

    // The shell must hand the exact text back: a real round trip through sh.
    void quoting()
    {
        QFETCH(QString, text);
        if (QStandardPaths::findExecutable(u"sh"_s).isEmpty())
            QSKIP("no sh");
        QCOMPARE(runShell(u"printf %s "_s + TokenFormat::shellQuote(text)), text);
    }

    void header_data()
    {
        QTest::addColumn<TokenFormat::Headers>("headers");
        QTest::addColumn<QString>("value");
        QTest::newRow("7G: the raw token") << sevenGHeaders(u"tok"_s) << u"tok"_s;
        QTest::newRow("D7: Bearer") << d7Headers(u"tok"_s) << u"Bearer tok"_s;
        QTest::newRow("not first, any case")
            << TokenFormat::Headers { { u"Version"_s, u"2.0"_s }, { u"authorization"_s, u"x"_s } } << u"x"_s;
        QTest::newRow("none") << TokenFormat::Headers { { u"Version"_s, u"2.0"_s } } << QString();
    }

    void header()
    {
        QFETCH(TokenFormat::Headers, headers);
        QFETCH(QString, value);
        QCOMPARE(TokenFormat::authorizationValue(headers), value);
        QCOMPARE(TokenFormat::headerLine(headers), u"Authorization: "_s + value);
    }

    void curl_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<TokenFormat::Headers>("headers");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("command");
        QTest::newRow("quote in a value")
            << QUrl(u"https://api.7g.com.au"_s)
            << TokenFormat::Headers { { u"Authorization"_s, u"tok'en"_s }, { u"Version"_s, u"2.0"_s } }
            << u"-H 'Authorization: tok'\\''en' -H 'Version: 2.0'"_s
            << u"curl -H 'Authorization: tok'\\''en' -H 'Version: 2.0' 'https://api.7g.com.au'"_s;
        QTest::newRow("D7") << QUrl(u"https://api.d7networks.com"_s) << d7Headers(u"abc"_s)
                            << u"-H 'Authorization: Bearer abc' -H 'Accept: application/json'"_s
                            << u"curl -H 'Authorization: Bearer abc' -H 'Accept: application/json' "
                               "'https://api.d7networks.com'"_s;
        QTest::newRow("no headers") << QUrl(u"https://example.com/x"_s) << TokenFormat::Headers {}
                                    << QString() << u"curl 'https://example.com/x'"_s;
        QTest::newRow("user info dropped")
            << QUrl(u"https://user:pw@example.com/x"_s) << TokenFormat::Headers {} << QString()
            << u"curl 'https://example.com/x'"_s;
    }

    void curl()
    {
        QFETCH(QUrl, url);
        QFETCH(TokenFormat::Headers, headers);
        QFETCH(QString, arguments);
        QFETCH(QString, command);
        QCOMPARE(TokenFormat::curlArguments(headers), arguments);
        QCOMPARE(TokenFormat::curlCommand(url, headers), command);
    }

    void copyText()
    {
        const QUrl url(u"https://api.d7networks.com"_s);
        const TokenFormat::Headers headers = d7Headers(u"abc"_s);
        QCOMPARE(TokenFormat::copyText(TokenFormat::Copy::Token, u"abc"_s, headers, url), u"abc"_s);
        QCOMPARE(TokenFormat::copyText(TokenFormat::Copy::Header, u"abc"_s, headers, url),
                 TokenFormat::headerLine(headers));
        QCOMPARE(TokenFormat::copyText(TokenFormat::Copy::Curl, u"abc"_s, headers, url),
                 TokenFormat::curlCommand(url, headers));
    }

    void environmentShell_data() { environmentRows(); }
    void environmentDotenv_data() { environmentRows(); }
    void environmentJson_data() { environmentRows(); }

private:
    static void environmentRows()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<TokenFormat::Headers>("headers");
        QTest::addColumn<QString>("authorization");
        QTest::newRow("7G") << u"eyJ.a-b_c.d"_s << sevenGHeaders(u"eyJ.a-b_c.d"_s) << u"eyJ.a-b_c.d"_s;
        QTest::newRow("D7") << u"abc"_s << d7Headers(u"abc"_s) << u"Bearer abc"_s;
        QTest::newRow("hostile") << u"a'b\"c$(id)\\d\ne"_s << d7Headers(u"a'b\"c$(id)\\d\ne"_s)
                                 << u"Bearer a'b\"c$(id)\\d\ne"_s;
    }

private Q_SLOTS:
    // Evaluated by a real shell, the variables hold exactly the token and the header value.
    void environmentShell()
    {
        QFETCH(QString, token);
        QFETCH(TokenFormat::Headers, headers);
        QFETCH(QString, authorization);
        const QString text = TokenFormat::environment(token, headers, TokenFormat::EnvStyle::Shell);
        QVERIFY(text.startsWith(u"export TOKENTRAY_TOKEN="_s));
        QVERIFY(text.contains(u"\nexport TOKENTRAY_AUTHORIZATION="_s));
        if (QStandardPaths::findExecutable(u"sh"_s).isEmpty())
            QSKIP("no sh");
        QCOMPARE(runShell(text + u"printf '%s|%s' \"$TOKENTRAY_TOKEN\" \"$TOKENTRAY_AUTHORIZATION\""_s),
                 token + u'|' + authorization);
    }

    void environmentDotenv()
    {
        QFETCH(QString, token);
        QFETCH(TokenFormat::Headers, headers);
        QFETCH(QString, authorization);
        const QString text = TokenFormat::environment(token, headers, TokenFormat::EnvStyle::Dotenv);
        const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const auto unquote = [](QString value) {
            value = value.mid(1, value.size() - 2);
            QString out;
            for (qsizetype i = 0; i < value.size(); ++i) {
                if (value.at(i) == u'\\' && i + 1 < value.size()) {
                    ++i;
                    out += value.at(i) == u'n' ? u'\n' : value.at(i);
                } else {
                    out += value.at(i);
                }
            }
            return out;
        };
        QVERIFY(lines.at(0).startsWith(u"TOKENTRAY_TOKEN=\""_s));
        QCOMPARE(unquote(lines.at(0).mid(16)), token);
        QVERIFY(lines.at(1).startsWith(u"TOKENTRAY_AUTHORIZATION=\""_s));
        QCOMPARE(unquote(lines.at(1).mid(24)), authorization);
    }

    void environmentJson()
    {
        QFETCH(QString, token);
        QFETCH(TokenFormat::Headers, headers);
        QFETCH(QString, authorization);
        const QString text = TokenFormat::environment(token, headers, TokenFormat::EnvStyle::Json);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject object = document.object();
        QCOMPARE(object.size(), 2);
        QCOMPARE(object.value(u"TOKENTRAY_TOKEN"_s).toString(), token);
        QCOMPARE(object.value(u"TOKENTRAY_AUTHORIZATION"_s).toString(), authorization);
    }
};

QTEST_GUILESS_MAIN(TestTokenFormat)
#include "tst_tokenformat.moc"
