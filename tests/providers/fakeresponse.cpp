#include "fakeresponse.h"

#include <QJsonDocument>

FakeResponse FakeResponse::json(int status, const QJsonObject &object)
{
    return raw(status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json");
}

FakeResponse FakeResponse::raw(int status, const QByteArray &body, const QByteArray &contentType)
{
    FakeResponse r;
    r.status = status;
    r.body = body;
    if (!contentType.isEmpty())
        r.headers.append({ "Content-Type", contentType });
    return r;
}

FakeResponse FakeResponse::failure(QNetworkReply::NetworkError error, const QString &errorString)
{
    FakeResponse r;
    r.status = 0;
    r.error = error;
    r.errorString = errorString;
    return r;
}
