#include "demoserver/faultinjector.h"

#include <algorithm>

using namespace Qt::StringLiterals;

void FaultInjector::configure(double rate, const QList<Kind> &kinds, std::uint64_t seed)
{
    m_rate = std::clamp(rate, 0.0, 1.0);
    m_kinds = kinds.isEmpty() ? allKinds() : kinds;
    m_seed = seed;
    m_rng.seed(seed);
}

// std::uniform_real_distribution differs between standard libraries; this does not.
double FaultInjector::nextUnit()
{
    return static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
}

FaultInjector::Kind FaultInjector::next()
{
    // Always draw both numbers so the sequence does not shift when the rate changes.
    const double roll = nextUnit();
    const auto pick = static_cast<qsizetype>(nextUnit() * static_cast<double>(m_kinds.size()));
    if (m_rate <= 0.0 || roll >= m_rate)
        return Kind::None;
    return m_kinds.at(std::min(pick, m_kinds.size() - 1));
}

QList<FaultInjector::Kind> FaultInjector::allKinds()
{
    return { Kind::ServiceUnavailable, Kind::BadGatewayHtml, Kind::TooManyRequests, Kind::Drop, Kind::Slow,
             Kind::Truncated };
}

QString FaultInjector::name(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::ServiceUnavailable:
        return u"503"_s;
    case Kind::BadGatewayHtml:
        return u"502html"_s;
    case Kind::TooManyRequests:
        return u"429"_s;
    case Kind::Drop:
        return u"drop"_s;
    case Kind::Slow:
        return u"slow"_s;
    case Kind::Truncated:
        return u"truncated"_s;
    }
    return {};
}

std::optional<FaultInjector::Kind> FaultInjector::fromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (Kind kind : allKinds()) {
        if (FaultInjector::name(kind) == wanted)
            return kind;
    }
    return std::nullopt;
}

std::optional<QList<FaultInjector::Kind>> FaultInjector::parseList(const QStringList &names, QString *bad)
{
    QList<Kind> kinds;
    for (const QString &entry : names) {
        if (entry.trimmed().isEmpty())
            continue;
        const auto kind = fromName(entry);
        if (!kind) {
            if (bad)
                *bad = entry;
            return std::nullopt;
        }
        if (!kinds.contains(*kind))
            kinds.append(*kind);
    }
    return kinds;
}
