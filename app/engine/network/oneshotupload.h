#pragma once

#include <QByteArray>
#include <QIODevice>

// The body of a request that must reach the server at most once: a sign-in
// or a refresh. When a connection closes before any answer, Qt sends the
// request again on a new one if it can rewind the body; by then the server
// may already have counted a failed sign-in or used up a refresh token.
// Once the whole body has been read this device cannot be rewound, so Qt
// reports the dropped connection instead, and the session's own retry
// policy (back-off, one request in flight) decides what happens next.
class OneShotUpload : public QIODevice
{
    Q_OBJECT
public:
    OneShotUpload(const QByteArray &body, QObject *parent);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_body.size(); }
    bool seek(qint64 pos) override;
    bool reset() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    QByteArray m_body;
    bool m_spent = false;
};
