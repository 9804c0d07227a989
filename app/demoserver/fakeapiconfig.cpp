#include "demoserver/fakeapiconfig.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr int maxTtl = 10 * 365 * 86400;
constexpr int maxDelayMs = 600 * 1000;

bool readInt(const QJsonObject &o, const QString &key, int min, int max, int *out, QString *error)
{
    if (!o.contains(key))
        return true;
    const QJsonValue v = o.value(key);
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!v.isDouble() || std::isnan(d) || d != std::floor(d) || d < min || d > max) {
        *error = u"%1 must be an integer from %2 to %3"_s.arg(key).arg(min).arg(max);
        return false;
    }
    *out = static_cast<int>(d);
    return true;
}

} // namespace

QString FakeApiConfig::tokenFormatName(TokenFormat format)
{
    switch (format) {
    case TokenFormat::Jwt:
        return u"jwt"_s;
    case TokenFormat::JwtWithoutExp:
        return u"jwt-noexp"_s;
    case TokenFormat::Opaque:
        return u"opaque"_s;
    case TokenFormat::OpaqueQuoted:
        return u"opaque-quoted"_s;
    }
    return {};
}

QString FakeApiConfig::failureBodyName(FailureBody body)
{
    switch (body) {
    case FailureBody::Json:
        return u"json"_s;
    case FailureBody::Empty:
        return u"empty"_s;
    case FailureBody::Html:
        return u"html"_s;
    }
    return {};
}

QString FakeApiConfig::rejectAsName(RejectAs reject)
{
    switch (reject) {
    case RejectAs::None:
        return u"none"_s;
    case RejectAs::Locked:
        return u"locked"_s;
    case RejectAs::AllowList:
        return u"allowlist"_s;
    case RejectAs::Disabled:
        return u"disabled"_s;
    case RejectAs::Unknown:
        return u"unknown"_s;
    }
    return {};
}

QJsonObject FakeApiConfig::toJson() const
{
    QJsonArray faultNames;
    for (FaultInjector::Kind kind : faults)
        faultNames.append(FaultInjector::name(kind));
    return QJsonObject {
        { u"sevengTtl"_s, sevengTtl },
        { u"d7Ttl"_s, d7Ttl },
        { u"refreshTtl"_s, refreshTtl },
        { u"tokenFormat"_s, tokenFormatName(tokenFormat) },
        { u"rotateRefreshTokens"_s, rotateRefreshTokens },
        { u"lockoutThreshold"_s, lockoutThreshold },
        { u"lockoutWindow"_s, lockoutWindow },
        { u"lockoutDuration"_s, lockoutDuration },
        { u"lockoutStatus"_s, lockoutStatus },
        { u"loginFailureBody"_s, failureBodyName(loginFailureBody) },
        { u"rejectAs"_s, rejectAsName(rejectAs) },
        { u"lockTimeInReply"_s, lockTimeInReply },
        { u"faultRate"_s, faultRate },
        { u"faults"_s, faultNames },
        // A string keeps all 64 bits; JSON numbers are doubles.
        { u"seed"_s, QString::number(seed) },
        { u"delayMs"_s, delayMs },
        { u"slowMs"_s, slowMs },
        { u"retryAfter"_s, retryAfter },
    };
}

bool FakeApiConfig::apply(const QJsonObject &changes, QString *error)
{
    static const QStringList known = FakeApiConfig().toJson().keys();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"unknown setting %1"_s.arg(it.key());
            return false;
        }
    }

    FakeApiConfig next = *this;
    if (!readInt(changes, u"sevengTtl"_s, -maxTtl, maxTtl, &next.sevengTtl, error)
        || !readInt(changes, u"d7Ttl"_s, -maxTtl, maxTtl, &next.d7Ttl, error)
        || !readInt(changes, u"refreshTtl"_s, 1, maxTtl, &next.refreshTtl, error)
        || !readInt(changes, u"lockoutThreshold"_s, 1, 1000, &next.lockoutThreshold, error)
        || !readInt(changes, u"lockoutWindow"_s, 1, maxTtl, &next.lockoutWindow, error)
        || !readInt(changes, u"lockoutDuration"_s, 1, maxTtl, &next.lockoutDuration, error)
        || !readInt(changes, u"lockoutStatus"_s, 400, 599, &next.lockoutStatus, error)
        || !readInt(changes, u"delayMs"_s, 0, maxDelayMs, &next.delayMs, error)
        || !readInt(changes, u"slowMs"_s, 0, maxDelayMs, &next.slowMs, error)
        || !readInt(changes, u"retryAfter"_s, 0, 86400, &next.retryAfter, error))
        return false;

    if (changes.contains(u"tokenFormat"_s)) {
        const QString name = changes.value(u"tokenFormat"_s).toString();
        if (name == tokenFormatName(TokenFormat::Jwt))
            next.tokenFormat = TokenFormat::Jwt;
        else if (name == tokenFormatName(TokenFormat::JwtWithoutExp))
            next.tokenFormat = TokenFormat::JwtWithoutExp;
        else if (name == tokenFormatName(TokenFormat::Opaque))
            next.tokenFormat = TokenFormat::Opaque;
        else if (name == tokenFormatName(TokenFormat::OpaqueQuoted))
            next.tokenFormat = TokenFormat::OpaqueQuoted;
        else {
            *error = u"tokenFormat must be jwt, jwt-noexp, opaque or opaque-quoted"_s;
            return false;
        }
    }
    if (changes.contains(u"loginFailureBody"_s)) {
        const QString name = changes.value(u"loginFailureBody"_s).toString();
        if (name == failureBodyName(FailureBody::Json))
            next.loginFailureBody = FailureBody::Json;
        else if (name == failureBodyName(FailureBody::Empty))
            next.loginFailureBody = FailureBody::Empty;
        else if (name == failureBodyName(FailureBody::Html))
            next.loginFailureBody = FailureBody::Html;
        else {
            *error = u"loginFailureBody must be json, empty or html"_s;
            return false;
        }
    }
    if (changes.contains(u"rejectAs"_s)) {
        const QString name = changes.value(u"rejectAs"_s).toString();
        bool found = false;
        for (RejectAs r : { RejectAs::None, RejectAs::Locked, RejectAs::AllowList, RejectAs::Disabled,
                            RejectAs::Unknown }) {
            if (name == rejectAsName(r)) {
                next.rejectAs = r;
                found = true;
            }
        }
        if (!found) {
            *error = u"rejectAs must be none, locked, allowlist, disabled or unknown"_s;
            return false;
        }
    }
    if (changes.contains(u"lockTimeInReply"_s)) {
        const QJsonValue v = changes.value(u"lockTimeInReply"_s);
        if (!v.isBool()) {
            *error = u"lockTimeInReply must be true or false"_s;
            return false;
        }
        next.lockTimeInReply = v.toBool();
    }
    if (changes.contains(u"rotateRefreshTokens"_s)) {
        const QJsonValue v = changes.value(u"rotateRefreshTokens"_s);
        if (!v.isBool()) {
            *error = u"rotateRefreshTokens must be true or false"_s;
            return false;
        }
        next.rotateRefreshTokens = v.toBool();
    }
    if (changes.contains(u"faultRate"_s)) {
        const QJsonValue v = changes.value(u"faultRate"_s);
        const double rate = v.toDouble(-1.0);
        if (!v.isDouble() || !(rate >= 0.0 && rate <= 1.0)) {
            *error = u"faultRate must be a number from 0 to 1"_s;
            return false;
        }
        next.faultRate = rate;
    }
    if (changes.contains(u"faults"_s)) {
        const QJsonValue v = changes.value(u"faults"_s);
        QStringList names;
        if (v.isString()) {
            names = v.toString().split(u',');
        } else if (v.isArray()) {
            for (const QJsonValue &entry : v.toArray())
                names.append(entry.toString(u"?"_s));
        } else {
            *error = u"faults must be a list of fault names or a comma-separated string"_s;
            return false;
        }
        QString bad;
        const auto kinds = FaultInjector::parseList(names, &bad);
        if (!kinds) {
            *error = u"unknown fault %1 (known: 503, 502html, 429, drop, slow, truncated)"_s.arg(bad);
            return false;
        }
        next.faults = kinds->isEmpty() ? FaultInjector::allKinds() : *kinds;
    }
    if (changes.contains(u"seed"_s)) {
        const QJsonValue v = changes.value(u"seed"_s);
        bool ok = false;
        std::uint64_t seedValue = 0;
        if (v.isString()) {
            seedValue = v.toString().toULongLong(&ok);
        } else if (v.isDouble() && v.toDouble() >= 0 && v.toDouble() == std::floor(v.toDouble())
                   && v.toDouble() < 9007199254740992.0) {
            seedValue = static_cast<std::uint64_t>(v.toDouble());
            ok = true;
        }
        if (!ok) {
            *error = u"seed must be a non-negative integer"_s;
            return false;
        }
        next.seed = seedValue;
    }

    *this = next;
    return true;
}
