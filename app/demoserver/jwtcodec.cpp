#include "demoserver/jwtcodec.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// A timing-independent comparison, so the fake does not teach clients to rely on a leaky check.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

QJsonObject parseObject(const QByteArray &json, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

} // namespace

JwtCodec::JwtCodec(QByteArray key)
    : m_key(std::move(key))
{ }

JwtCodec JwtCodec::withRandomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    return JwtCodec(key);
}

QByteArray JwtCodec::base64UrlEncode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray JwtCodec::base64UrlDecode(const QByteArray &data, bool *ok)
{
    auto result = QByteArray::fromBase64Encoding(
        data, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    *ok = static_cast<bool>(result);
    return result.decoded;
}

QByteArray JwtCodec::hmacSha256(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray JwtCodec::encode(const QJsonObject &payload) const
{
    const QJsonObject header { { u"alg"_s, u"HS256"_s }, { u"typ"_s, u"JWT"_s } };
    const QByteArray signingInput = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact))
        + '.' + base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return signingInput + '.' + base64UrlEncode(hmacSha256(m_key, signingInput));
}

JwtCodec::Decoded JwtCodec::decode(const QByteArray &token) const
{
    Decoded result;
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return result;

    bool ok = false;
    result.header = parseObject(base64UrlDecode(parts.at(0), &ok), &ok);
    if (!ok)
        return result;
    const QByteArray payloadJson = base64UrlDecode(parts.at(1), &ok);
    if (!ok)
        return result;
    result.payload = parseObject(payloadJson, &ok);
    if (!ok)
        return result;
    const QByteArray signature = base64UrlDecode(parts.at(2), &ok);
    if (!ok)
        return result;

    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    const bool signatureOk = result.header.value(u"alg"_s).toString() == "HS256"_L1
        && constantTimeEquals(signature, hmacSha256(m_key, signingInput));
    result.verdict = signatureOk ? Verdict::Valid : Verdict::BadSignature;
    return result;
}
