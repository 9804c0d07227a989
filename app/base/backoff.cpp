#include "base/backoff.h"

#include <QRandomGenerator>

#include <algorithm>

Backoff::Backoff(qint64 capMs)
    : m_capMs(std::max(InitialMs, capMs))
{ }

qint64 Backoff::baseMs(int failures) const
{
    // 2^16 s is far beyond any cap: a larger exponent only risks overflow.
    const int exponent = std::clamp(failures - 1, 0, 16);
    return std::min(m_capMs, InitialMs << exponent);
}

qint64 Backoff::delayMs(int failures, std::optional<int> retryAfterSeconds, double jitter) const
{
    const qint64 base = baseMs(failures);
    const qint64 shortening = qRound64(std::clamp(jitter, 0.0, 1.0) * double(base / 5));
    qint64 delay = base - shortening;
    if (retryAfterSeconds && *retryAfterSeconds > 0)
        delay = std::max(delay, std::min(RetryAfterCapMs, qint64(*retryAfterSeconds) * 1000));
    return delay;
}

qint64 Backoff::delayMs(int failures, std::optional<int> retryAfterSeconds) const
{
    return delayMs(failures, retryAfterSeconds, QRandomGenerator::global()->generateDouble());
}
