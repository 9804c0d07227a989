#pragma once

#include "demoserver/faultinjector.h"

#include <QJsonObject>
#include <QList>

#include <cstdint>

// Everything about the fake server's behaviour that a test may change while it runs
// (POST /_control/config takes the same names as toJson() gives).
struct FakeApiConfig
{
    enum class TokenFormat {
        Jwt, // HS256 JWT with sub, iat, exp, jti
        JwtWithoutExp, // HS256 JWT without exp: clients must fall back to their own lifetime
        Opaque, // random string, not a JWT
        OpaqueQuoted, // opaque, with quotes, $, backquotes and the like that a shell would take apart
    };
    enum class FailureBody { Json, Empty, Html };
    // How every 7G sign-in is refused, whatever the password; None: as the
    // password deserves. 7G documents none of these replies: the fake sends a
    // plausible envelope for each (see README.md).
    enum class RejectAs { None, Locked, AllowList, Disabled, Unknown };

    int sevengTtl = 1200; // seconds; negative values issue tokens that are already expired
    int d7Ttl = 3600;
    int refreshTtl = 86400;
    TokenFormat tokenFormat = TokenFormat::Jwt;
    bool rotateRefreshTokens = true; // false: refresh replies omit refreshToken, the old one stays valid

    int lockoutThreshold = 3;
    int lockoutWindow = 600; // seconds in which lockoutThreshold failures lock a user
    int lockoutDuration = 600;
    int lockoutStatus = 401; // status of a refused login while locked (401 or 423)
    FailureBody loginFailureBody = FailureBody::Json;
    RejectAs rejectAs = RejectAs::None;
    bool lockTimeInReply = false; // a locked reply carries Retry-After and "try again in N minutes"

    double faultRate = 0.0;
    QList<FaultInjector::Kind> faults = FaultInjector::allKinds();
    std::uint64_t seed = 0;
    int delayMs = 0; // added to every token endpoint reply
    int slowMs = 3000; // delay of the "slow" fault
    int retryAfter = 2; // seconds, sent with the 429 fault

    QJsonObject toJson() const;
    // Applies the known keys of changes; on a bad value nothing is changed and
    // *error says why. Unknown keys are an error too, so typos do not pass silently.
    bool apply(const QJsonObject &changes, QString *error);

    static QString tokenFormatName(TokenFormat format);
    static QString failureBodyName(FailureBody body);
    static QString rejectAsName(RejectAs reject);
};
