#include "fakejwt.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {
QString segment(const QJsonObject &object)
{
    return QString::fromLatin1(QJsonDocument(object)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
} // namespace

QString FakeJwt::make(const QJsonObject &claims, const QJsonObject &header)
{
    const QJsonObject h
        = header.isEmpty() ? QJsonObject { { u"alg"_s, u"HS256"_s }, { u"typ"_s, u"JWT"_s } } : header;
    return segment(h) + u'.' + segment(claims) + u".ZmFrZS1zaWduYXR1cmU"_s;
}

QString FakeJwt::expiringAt(const QDateTime &exp, const QJsonObject &extra, const QDateTime &issuedAt)
{
    QJsonObject claims = extra;
    claims[u"exp"_s] = exp.toSecsSinceEpoch();
    if (issuedAt.isValid())
        claims[u"iat"_s] = issuedAt.toSecsSinceEpoch();
    return make(claims);
}
