#pragma once

#include <QtGlobal>

#include <optional>

// How long to wait before the next attempt after consecutive failures: 1 s,
// 2 s, 4 s ... up to a cap, each wait shortened by up to a fifth at random so
// that clients that failed together do not retry together. A longer
// Retry-After from the server wins, up to an hour. One account's retries and
// the shared probe while offline follow this one rule.
class Backoff
{
public:
    static constexpr qint64 InitialMs = 1000;
    static constexpr qint64 DefaultCapMs = 60 * 1000;
    static constexpr qint64 RetryAfterCapMs = 60 * 60 * 1000;

    explicit Backoff(qint64 capMs = DefaultCapMs);

    qint64 capMs() const { return m_capMs; }

    // The wait after `failures` consecutive failures, before jitter; fewer
    // than one failure counts as one.
    qint64 baseMs(int failures) const;

    // jitter in [0, 1]: how much of the allowed shortening is taken (tests
    // pass it fixed). A Retry-After of zero or less is ignored.
    qint64 delayMs(int failures, std::optional<int> retryAfterSeconds, double jitter) const;

    // The same with random jitter.
    qint64 delayMs(int failures, std::optional<int> retryAfterSeconds = std::nullopt) const;

private:
    qint64 m_capMs;
};
