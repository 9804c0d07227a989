#include "fakenetworkaccessmanager.h"

#include "fakenetworkreply.h"

#include <memory>

FakeNetworkAccessManager::FakeNetworkAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{ }

QNetworkReply *FakeNetworkAccessManager::createRequest(Operation op, const QNetworkRequest &request,
                                                       QIODevice *outgoingData)
{
    FakeRequest fake;
    switch (op) {
    case HeadOperation:
        fake.method = "HEAD";
        break;
    case GetOperation:
        fake.method = "GET";
        break;
    case PutOperation:
        fake.method = "PUT";
        break;
    case PostOperation:
        fake.method = "POST";
        break;
    case DeleteOperation:
        fake.method = "DELETE";
        break;
    case CustomOperation:
        fake.method = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    case UnknownOperation:
        break;
    }
    fake.url = request.url();
    fake.request = request;
    const QList<QByteArray> names = request.rawHeaderList();
    for (const QByteArray &name : names)
        fake.headers.append({ name, request.rawHeader(name) });
    if (outgoingData)
        fake.body = outgoingData->readAll();

    m_requests.append(fake);
    Q_EMIT requestStarted(fake);
    const FakeResponse response = m_handler
        ? m_handler(fake)
        : FakeResponse::failure(QNetworkReply::ConnectionRefusedError, QStringLiteral("Connection refused"));

    auto *reply = new FakeNetworkReply(fake, response, this);
    ++m_inFlight;
    m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
    // Counted down once, whether the reply finishes or is deleted first.
    auto counted = std::make_shared<bool>(true);
    auto done = [this, counted, reply] {
        if (!*counted)
            return;
        *counted = false;
        --m_inFlight;
        if (reply->wasAborted())
            ++m_aborted;
    };
    connect(reply, &QNetworkReply::finished, this, done);
    connect(reply, &QObject::destroyed, this, [this, counted] {
        if (*counted) {
            *counted = false;
            --m_inFlight;
            ++m_aborted;
        }
    });
    return reply;
}
