#include "providers/jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString segment(const QByteArray &raw)
{
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString token(const QByteArray &header, const QByteArray &payload, const QString &signature = u"c2ln"_s)
{
    return segment(header) + u'.' + segment(payload) + u'.' + signature;
}

const QByteArray standardHeader = R"({"alg":"HS256","typ":"JWT"})"_ba;

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void claimsAreExposed();
    void paddedSegmentsAreAccepted();
};

void TestJwt::decode_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("valid");
    // -1: no usable "exp"
    QTest::addColumn<qint64>("expMsecs");

    QTest::newRow("valid") << token(standardHeader, R"({"sub":"alice","exp":1700000000})"_ba) << true
                           << qint64(1700000000000);
    QTest::newRow("valid, empty signature")
        << token(standardHeader, R"({"exp":1700000000})"_ba, QString()) << true << qint64(1700000000000);
    QTest::newRow("valid, surrounding whitespace")
        << (u"  "_s + token(standardHeader, R"({"exp":1})"_ba) + u"\n"_s) << true << qint64(1000);
    QTest::newRow("no exp") << token(standardHeader, R"({"sub":"alice"})"_ba) << true << qint64(-1);
    QTest::newRow("exp as string") << token(standardHeader, R"({"exp":"1700000000"})"_ba) << true
                                   << qint64(-1);
    QTest::newRow("exp null") << token(standardHeader, R"({"exp":null})"_ba) << true << qint64(-1);
    QTest::newRow("exp bool") << token(standardHeader, R"({"exp":true})"_ba) << true << qint64(-1);
    QTest::newRow("exp object") << token(standardHeader, R"({"exp":{"s":1}})"_ba) << true << qint64(-1);
    QTest::newRow("exp float") << token(standardHeader, R"({"exp":1700000000.75})"_ba) << true
                               << qint64(1700000000750);
    QTest::newRow("exp float rounds down")
        << token(standardHeader, R"({"exp":1.0009})"_ba) << true << qint64(1000);
    QTest::newRow("exp negative") << token(standardHeader, R"({"exp":-5})"_ba) << true << qint64(-1);
    QTest::newRow("exp huge") << token(standardHeader, R"({"exp":1e300})"_ba) << true << qint64(-1);
    QTest::newRow("exp beyond 9999") << token(standardHeader, R"({"exp":253402300800})"_ba) << true
                                     << qint64(-1);
    QTest::newRow("exp end of 9999") << token(standardHeader, R"({"exp":253402300799})"_ba) << true
                                     << qint64(253402300799000);
    QTest::newRow("exp huge integer")
        << token(standardHeader, R"({"exp":123456789012345678901234567890})"_ba) << true << qint64(-1);
    QTest::newRow("exp in milliseconds (too large)")
        << token(standardHeader, R"({"exp":1700000000000000})"_ba) << true << qint64(-1);

    QTest::newRow("empty") << QString() << false << qint64(-1);
    QTest::newRow("whitespace") << u"   "_s << false << qint64(-1);
    QTest::newRow("opaque token") << u"3f2a9c0e-opaque-refresh-token"_s << false << qint64(-1);
    QTest::newRow("one part") << segment(standardHeader) << false << qint64(-1);
    QTest::newRow("two parts") << (segment(standardHeader) + u'.' + segment(R"({"exp":1})"_ba)) << false
                               << qint64(-1);
    QTest::newRow("four parts") << (token(standardHeader, R"({"exp":1})"_ba) + u".x"_s) << false
                                << qint64(-1);
    QTest::newRow("five parts (JWE)") << u"eyJhbGciOiJSU0EifQ.a.b.c.d"_s << false << qint64(-1);
    QTest::newRow("only dots") << u".."_s << false << qint64(-1);
    QTest::newRow("empty header") << (u"."_s + segment(R"({"exp":1})"_ba) + u".sig"_s) << false << qint64(-1);
    QTest::newRow("empty payload") << (segment(standardHeader) + u"..sig"_s) << false << qint64(-1);
    QTest::newRow("bad base64 characters")
        << (segment(standardHeader) + u".eyJ!!!.sig"_s) << false << qint64(-1);
    QTest::newRow("standard base64 alphabet (+/)")
        << (segment(standardHeader) + u".ab+/cd.sig"_s) << false << qint64(-1);
    QTest::newRow("impossible base64 length")
        << (segment(standardHeader) + u".eyJhY.sig"_s) << false << qint64(-1);
    QTest::newRow("payload not JSON") << token(standardHeader, "not json at all"_ba) << false << qint64(-1);
    QTest::newRow("payload truncated JSON")
        << token(standardHeader, R"({"exp":17000)"_ba) << false << qint64(-1);
    QTest::newRow("payload JSON array") << token(standardHeader, R"([1,2,3])"_ba) << false << qint64(-1);
    QTest::newRow("payload JSON string") << token(standardHeader, R"("exp")"_ba) << false << qint64(-1);
    QTest::newRow("header not JSON") << token("garbage"_ba, R"({"exp":1})"_ba) << false << qint64(-1);
    QTest::newRow("binary payload") << token(standardHeader, QByteArray("\x00\xff\xfe\x01", 4)) << false
                                    << qint64(-1);
    QTest::newRow("CR LF inside") << (token(standardHeader, R"({"exp":1})"_ba) + u"\r\nX-Evil: 1"_s) << false
                                  << qint64(-1);
    QTest::newRow("too long") << token(standardHeader, R"({"pad":")"_ba + QByteArray(70000, 'a') + R"("})"_ba)
                              << false << qint64(-1);
}

void TestJwt::decode()
{
    QFETCH(QString, token);
    QFETCH(bool, valid);
    QFETCH(qint64, expMsecs);

    const auto jwt = Jwt::decode(token);
    QCOMPARE(jwt.has_value(), valid);
    if (!jwt)
        return;
    const auto exp = jwt->expiresAt();
    if (expMsecs < 0) {
        QVERIFY(!exp.has_value());
    } else {
        QVERIFY(exp.has_value());
        QCOMPARE(exp->toMSecsSinceEpoch(), expMsecs);
        QCOMPARE(exp->timeSpec(), Qt::UTC);
    }
}

void TestJwt::claimsAreExposed()
{
    const QString t = token(R"({"alg":"RS256","kid":"key-1"})"_ba,
                            R"({"sub":"alice","iat":1700000000,"nbf":1700000001,"exp":1700001200,)"
                            R"("roles":["admin","billing"],"tenant":{"id":7}})"_ba);
    const auto jwt = Jwt::decode(t);
    QVERIFY(jwt);
    QCOMPARE(jwt->header().value(u"alg"_s).toString(), u"RS256"_s);
    QCOMPARE(jwt->header().value(u"kid"_s).toString(), u"key-1"_s);
    QCOMPARE(jwt->claims().value(u"sub"_s).toString(), u"alice"_s);
    QCOMPARE(jwt->claims().value(u"roles"_s).toArray().size(), 2);
    QCOMPARE(jwt->claims().value(u"tenant"_s).toObject().value(u"id"_s).toInt(), 7);
    QCOMPARE(jwt->issuedAt()->toSecsSinceEpoch(), 1700000000);
    QCOMPARE(jwt->notBefore()->toSecsSinceEpoch(), 1700000001);
    QCOMPARE(jwt->expiresAt()->toSecsSinceEpoch(), 1700001200);
    QVERIFY(!jwt->numericDate(u"sub").has_value());
}

void TestJwt::paddedSegmentsAreAccepted()
{
    // Some issuers keep the '=' padding; base64url allows it.
    const QByteArray payload = R"({"exp":10})"_ba; // 10 bytes: needs padding
    const QString padded = QString::fromLatin1(standardHeader.toBase64(QByteArray::Base64UrlEncoding)) + u'.'
        + QString::fromLatin1(payload.toBase64(QByteArray::Base64UrlEncoding)) + u".sig"_s;
    QVERIFY(padded.contains(u'='));
    const auto jwt = Jwt::decode(padded);
    QVERIFY(jwt);
    QCOMPARE(jwt->expiresAt()->toSecsSinceEpoch(), 10);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
