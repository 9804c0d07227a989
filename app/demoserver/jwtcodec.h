#pragma once

#include <QByteArray>
#include <QJsonObject>

// Signs and verifies HS256 JSON Web Tokens with one key. The fake server makes a
// fresh random key per run, so tokens from an earlier run fail verification.
class JwtCodec
{
public:
    enum class Verdict { Valid, Malformed, BadSignature };

    struct Decoded
    {
        Verdict verdict = Verdict::Malformed;
        QJsonObject header;
        QJsonObject payload;
    };

    explicit JwtCodec(QByteArray key);

    static JwtCodec withRandomKey();

    QByteArray encode(const QJsonObject &payload) const;
    Decoded decode(const QByteArray &token) const;

    static QByteArray base64UrlEncode(const QByteArray &data);
    // *ok is false when the input is not valid base64url.
    static QByteArray base64UrlDecode(const QByteArray &data, bool *ok);
    static QByteArray hmacSha256(const QByteArray &key, const QByteArray &message);

private:
    QByteArray m_key;
};
