#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <random>

// Decides, request by request, whether a token endpoint misbehaves. The sequence of
// decisions depends only on the seed, the rate and the kinds, so a failing client test
// can be replayed exactly.
class FaultInjector
{
public:
    enum class Kind {
        None,
        ServiceUnavailable, // 503, empty body
        BadGatewayHtml, // 502 with an HTML page, as a proxy sends it
        TooManyRequests, // 429 with Retry-After
        Drop, // connection closed without any reply
        Slow, // normal reply after a long delay
        Truncated, // 200 whose JSON body is cut short
    };

    void configure(double rate, const QList<Kind> &kinds, std::uint64_t seed);
    Kind next();

    double rate() const { return m_rate; }
    QList<Kind> kinds() const { return m_kinds; }
    std::uint64_t seed() const { return m_seed; }

    static QList<Kind> allKinds();
    static QString name(Kind kind);
    static std::optional<Kind> fromName(const QString &name);
    // Parses "503,502html,drop"; nullopt names the first unknown entry in *bad.
    static std::optional<QList<Kind>> parseList(const QStringList &names, QString *bad);

private:
    double nextUnit();

    double m_rate = 0.0;
    QList<Kind> m_kinds = allKinds();
    std::uint64_t m_seed = 0;
    std::mt19937_64 m_rng;
};
