#pragma once

#include "providers/httpresponse.h"

#include <QObject>
#include <QPointer>

class QNetworkReply;

// Reads one QNetworkReply to the end: status code, headers and a body capped
// at NetworkPolicy::MaxReplyBytes (the transfer is aborted beyond it), then
// emits finished() once. A reply still running after
// NetworkPolicy::RequestDeadlineFactor transfer timeouts is aborted as timed
// out. Destroying the reader before that aborts the request.
class ReplyReader : public QObject
{
    Q_OBJECT
public:
    ReplyReader(QNetworkReply *reply, QObject *parent);
    ~ReplyReader() override;

Q_SIGNALS:
    void finished(const HttpResponse &response);

private:
    void readAvailable();
    void checkAnnouncedSize(qint64 total);
    void cutOff();
    void complete();

    QPointer<QNetworkReply> m_reply;
    HttpResponse m_response;
    bool m_done = false;
};
