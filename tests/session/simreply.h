#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>

// What the simulated server answers to one request, and when.
struct SimResponse
{
    int status = 0; // 0: no HTTP answer, only `error`
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // A transport failure: alone (status 0) or after a partial answer.
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    qint64 latencyMs = 0; // in simulated time; negative: never (only the transfer timeout ends it)
};

// A reply that finishes when the simulated network delivers it: never from
// inside the call that started it, and on the simulated clock.
class SimReply : public QNetworkReply
{
    Q_OBJECT
public:
    SimReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request, QObject *parent);

    void deliver(const SimResponse &response);
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    QByteArray m_buffer;
};
