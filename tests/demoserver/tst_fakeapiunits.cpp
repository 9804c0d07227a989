// Unit tests of the fake server's building blocks, without a network.
#include "demoserver/fakeapiconfig.h"
#include "demoserver/fakeapioptions.h"
#include "demoserver/fakeapiserver.h"
#include "demoserver/faultinjector.h"
#include "demoserver/formdata.h"
#include "demoserver/jwtcodec.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

class FakeApiUnitsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hmacSha256KnownAnswer()
    {
        // RFC 4231, test case 2.
        QCOMPARE(JwtCodec::hmacSha256("Jefe", "what do ya want for nothing?").toHex(),
                 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"_ba);
    }

    void base64Url_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("one byte") << "f"_ba
                                  << "Zg"_ba;
        QTest::newRow("url alphabet") << QByteArray::fromHex("fbff") << "-_8"_ba;
        QTest::newRow("three bytes") << "foo"_ba
                                     << "Zm9v"_ba;
    }

    void base64Url()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, encoded);
        QCOMPARE(JwtCodec::base64UrlEncode(raw), encoded);
        bool ok = false;
        QCOMPARE(JwtCodec::base64UrlDecode(encoded, &ok), raw);
        QVERIFY(ok);
    }

    void jwtRoundTripAndTampering()
    {
        const JwtCodec codec("key-one");
        const QJsonObject payload { { u"sub"_s, u"alice"_s }, { u"iat"_s, 100 }, { u"exp"_s, 160 } };
        const QByteArray token = codec.encode(payload);
        QCOMPARE(token.count('.'), 2);

        JwtCodec::Decoded decoded = codec.decode(token);
        QCOMPARE(decoded.verdict, JwtCodec::Verdict::Valid);
        QCOMPARE(decoded.payload, payload);
        QCOMPARE(decoded.header.value(u"alg"_s).toString(), u"HS256"_s);

        QCOMPARE(JwtCodec("key-two").decode(token).verdict, JwtCodec::Verdict::BadSignature);

        // A changed payload with the old signature.
        const QList<QByteArray> parts = token.split('.');
        const QByteArray forged = parts.at(0) + '.'
            + JwtCodec::base64UrlEncode(R"({"sub":"mallory","iat":100,"exp":999999})") + '.' + parts.at(2);
        QCOMPARE(codec.decode(forged).verdict, JwtCodec::Verdict::BadSignature);

        for (const QByteArray &bad : { "abc"_ba, "a.b"_ba, "a.b.c.d"_ba, "!!.??.**"_ba, QByteArray() })
            QCOMPARE(codec.decode(bad).verdict, JwtCodec::Verdict::Malformed);
    }

    void urlEncodedForm()
    {
        const auto fields = FormData::parse("application/x-www-form-urlencoded; charset=utf-8",
                                            "client_id=my+app&client_secret=a%2Bb%26c%3D&empty=");
        QCOMPARE(fields.value(u"client_id"_s), u"my app"_s);
        QCOMPARE(fields.value(u"client_secret"_s), u"a+b&c="_s);
        QVERIFY(fields.contains(u"empty"_s));
    }

    void multipartForm_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("plain boundary")
            << "multipart/form-data; boundary=XyZ"_ba
            << "--XyZ\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\napp\r\n"
               "--XyZ\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n"
               "Content-Type: text/plain\r\n\r\nse\r\ncret\r\n--XyZ--\r\n"_ba;
        QTest::newRow("quoted boundary, preamble")
            << "multipart/form-data; boundary=\"a b\""_ba
            << "preamble\r\n--a b\r\ncontent-disposition: form-data; name=client_id\r\n\r\napp\r\n"
               "--a b\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\nse\r\ncret\r\n--a b--"_ba;
    }

    void multipartForm()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        const auto fields = FormData::parse(contentType, body);
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.value(u"client_id"_s), u"app"_s);
        QCOMPARE(fields.value(u"client_secret"_s), u"se\r\ncret"_s);
    }

    void otherBodiesGiveNoFields()
    {
        QVERIFY(FormData::parse("application/json", R"({"client_id":"a"})").isEmpty());
        QVERIFY(FormData::parse("multipart/form-data", "--x\r\n").isEmpty());
        QVERIFY(FormData::parse("multipart/form-data; boundary=x",
                                "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated")
                    .isEmpty());
    }

    void faultSequenceDependsOnlyOnSeed()
    {
        const QList<FaultInjector::Kind> kinds { FaultInjector::Kind::ServiceUnavailable,
                                                 FaultInjector::Kind::Drop };
        auto sequence = [&](std::uint64_t seed, double rate) {
            FaultInjector injector;
            injector.configure(rate, kinds, seed);
            QList<FaultInjector::Kind> out;
            for (int i = 0; i < 200; ++i)
                out.append(injector.next());
            return out;
        };
        const auto a = sequence(42, 0.3);
        QCOMPARE(sequence(42, 0.3), a);
        QVERIFY(sequence(43, 0.3) != a);
        const auto faults = 200 - a.count(FaultInjector::Kind::None);
        QVERIFY2(faults > 30 && faults < 90, qPrintable(QString::number(faults)));
        QVERIFY(a.contains(FaultInjector::Kind::ServiceUnavailable));
        QVERIFY(a.contains(FaultInjector::Kind::Drop));
        QVERIFY(!a.contains(FaultInjector::Kind::Slow));

        QCOMPARE(sequence(1, 0.0).count(FaultInjector::Kind::None), 200);
        QCOMPARE(sequence(1, 1.0).count(FaultInjector::Kind::None), 0);
    }

    void faultNames()
    {
        for (FaultInjector::Kind kind : FaultInjector::allKinds())
            QCOMPARE(FaultInjector::fromName(FaultInjector::name(kind)), kind);
        QString bad;
        const auto kinds = FaultInjector::parseList({ u"503"_s, u" drop "_s, u"503"_s }, &bad);
        QVERIFY(kinds);
        QCOMPARE(kinds->size(), 2);
        QVERIFY(!FaultInjector::parseList({ u"503"_s, u"boom"_s }, &bad));
        QCOMPARE(bad, u"boom"_s);
    }

    void configValidation_data()
    {
        QTest::addColumn<QJsonObject>("changes");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("ttl") << QJsonObject { { u"sevengTtl"_s, 20 } } << true;
        QTest::newRow("negative ttl") << QJsonObject { { u"d7Ttl"_s, -5 } } << true;
        QTest::newRow("fractional ttl") << QJsonObject { { u"sevengTtl"_s, 2.5 } } << false;
        QTest::newRow("ttl as string") << QJsonObject { { u"sevengTtl"_s, u"20"_s } } << false;
        QTest::newRow("rate 1") << QJsonObject { { u"faultRate"_s, 1 } } << true;
        QTest::newRow("rate above 1") << QJsonObject { { u"faultRate"_s, 1.5 } } << false;
        QTest::newRow("faults string") << QJsonObject { { u"faults"_s, u"503,slow"_s } } << true;
        QTest::newRow("faults array") << QJsonObject { { u"faults"_s, QJsonArray { u"429"_s } } } << true;
        QTest::newRow("unknown fault") << QJsonObject { { u"faults"_s, QJsonArray { u"boom"_s } } } << false;
        QTest::newRow("seed string") << QJsonObject { { u"seed"_s, u"18446744073709551615"_s } } << true;
        QTest::newRow("negative seed") << QJsonObject { { u"seed"_s, -1 } } << false;
        QTest::newRow("token format") << QJsonObject { { u"tokenFormat"_s, u"opaque"_s } } << true;
        QTest::newRow("bad token format") << QJsonObject { { u"tokenFormat"_s, u"xml"_s } } << false;
        QTest::newRow("unknown key") << QJsonObject { { u"sevengTTL"_s, 20 } } << false;
        QTest::newRow("rotate not bool") << QJsonObject { { u"rotateRefreshTokens"_s, 0 } } << false;
        QTest::newRow("one bad value spoils all")
            << QJsonObject { { u"sevengTtl"_s, 20 }, { u"delayMs"_s, -1 } } << false;
    }

    void configValidation()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(bool, accepted);
        FakeApiConfig config;
        const QJsonObject before = config.toJson();
        QString error;
        QCOMPARE(config.apply(changes, &error), accepted);
        if (accepted) {
            for (auto it = changes.begin(); it != changes.end(); ++it) {
                if (it.key() != "faults"_L1)
                    QCOMPARE(config.toJson().value(it.key()), it.value());
            }
        } else {
            QVERIFY(!error.isEmpty());
            QCOMPARE(config.toJson(), before);
        }
    }

    void controlPeers_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
        QTest::newRow("127.0.0.2") << u"127.0.0.2"_s << true;
        QTest::newRow("::1") << u"::1"_s << true;
        QTest::newRow("mapped loopback") << u"::ffff:127.0.0.1"_s << true;
        QTest::newRow("lan") << u"192.168.1.20"_s << false;
        QTest::newRow("10/8") << u"10.0.0.1"_s << false;
        QTest::newRow("mapped lan") << u"::ffff:10.0.0.1"_s << false;
        QTest::newRow("global v6") << u"2001:db8::1"_s << false;
    }

    void controlPeers()
    {
        QFETCH(QString, address);
        QFETCH(bool, allowed);
        QCOMPARE(FakeApiServer::isControlPeerAllowed(QHostAddress(address)), allowed);
    }

    void options()
    {
        FakeApiOptions options;
        QString text;
        QCOMPARE(FakeApiOptions::parse({ u"fakeapi"_s, u"--demo"_s, u"--seveng-user"_s, u"u:p:w"_s,
                                         u"--d7-app"_s, u"id:s"_s, u"--seveng-ttl"_s, u"20"_s,
                                         u"--fault-rate"_s, u"0.25"_s, u"--faults"_s, u"503,drop"_s,
                                         u"--seed"_s, u"9"_s, u"--port"_s, u"0"_s, u"--listen"_s, u"::1"_s },
                                       &options, &text),
                 FakeApiOptions::Outcome::Run);
        QCOMPARE(options.sevengUsers.size(), 3);
        QCOMPARE(options.sevengUsers.constFirst(), (QPair<QString, QString> { u"u"_s, u"p:w"_s }));
        QCOMPARE(options.d7Apps.size(), 3);
        QCOMPARE(options.config.sevengTtl, 20);
        QCOMPARE(options.config.faultRate, 0.25);
        QCOMPARE(options.config.faults.size(), 2);
        QCOMPARE(options.config.seed, 9u);
        QCOMPARE(options.listenAddress, QHostAddress(QHostAddress::LocalHostIPv6));

        for (const QStringList &bad :
             { QStringList { u"--listen"_s, u"0.0.0.0"_s }, QStringList { u"--listen"_s, u"192.168.1.1"_s },
               QStringList { u"--port"_s, u"70000"_s }, QStringList { u"--d7-ttl"_s, u"soon"_s },
               QStringList { u"--token-format"_s, u"xml"_s }, QStringList { u"--d7-app"_s, u":secret"_s },
               QStringList { u"stray"_s } }) {
            QCOMPARE(FakeApiOptions::parse(QStringList { u"fakeapi"_s } + bad, &options, &text),
                     FakeApiOptions::Outcome::Error);
            QVERIFY(!text.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(FakeApiUnitsTest)
#include "tst_fakeapiunits.moc"
