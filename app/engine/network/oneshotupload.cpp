#include "network/oneshotupload.h"

#include <algorithm>
#include <cstring>

OneShotUpload::OneShotUpload(const QByteArray &body, QObject *parent)
    : QIODevice(parent)
    , m_body(body)
{
    open(QIODevice::ReadOnly);
}

bool OneShotUpload::seek(qint64 pos)
{
    // Rewinding a spent body is exactly the resend this class exists to stop.
    if (m_spent && pos < m_body.size())
        return false;
    return QIODevice::seek(pos);
}

bool OneShotUpload::reset()
{
    return seek(0);
}

qint64 OneShotUpload::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min(maxSize, m_body.size() - pos());
    if (n <= 0)
        return 0;
    std::memcpy(data, m_body.constData() + pos(), size_t(n));
    if (pos() + n >= m_body.size())
        m_spent = true;
    return n;
}

qint64 OneShotUpload::writeData(const char *, qint64)
{
    return -1;
}
