#include "demoserver/fakeapioptions.h"

#include <QCommandLineParser>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

bool splitPair(const QString &value, QPair<QString, QString> *out)
{
    const qsizetype colon = value.indexOf(u':');
    if (colon <= 0 || colon == value.size() - 1)
        return false;
    *out = { value.left(colon), value.mid(colon + 1) };
    return true;
}

} // namespace

QList<QPair<QString, QString>> FakeApiOptions::demoSevenGUsers()
{
    return { { u"demo.alice"_s, u"alice-demo-password"_s }, { u"demo.bob"_s, u"bob-demo-password"_s } };
}

QList<QPair<QString, QString>> FakeApiOptions::demoD7Apps()
{
    return { { u"demo-app-one"_s, u"demo-secret-one"_s }, { u"demo-app-two"_s, u"demo-secret-two"_s } };
}

FakeApiOptions::Outcome FakeApiOptions::parse(const QStringList &arguments, FakeApiOptions *options,
                                              QString *text)
{
    QString demoList;
    for (const auto &[user, password] : demoSevenGUsers())
        demoList += u"  7G user %1, password %2\n"_s.arg(user, password);
    for (const auto &[id, secret] : demoD7Apps())
        demoList += u"  D7 application %1, secret %2\n"_s.arg(id, secret);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake 7G Registry Platform and D7 Networks token API for tests and the offline demo.\n"
        "It listens on loopback only and prints one JSON line on start:\n"
        "  {\"port\":N,\"baseUrl\":\"http://127.0.0.1:N\",\"pid\":P}\n"
        "The control endpoint under /_control/ (health, counters, config, issued, request-log,\n"
        "reset-counters, revoke-refresh, unlock, users, apps) answers loopback peers only.\n"
        "SIGTERM, SIGINT or SIGHUP stop it cleanly.\n\n"
        "--demo adds these obviously fake accounts:\n"_s
        + demoList);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);

    const QCommandLineOption help({ u"h"_s, u"help"_s }, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    const QCommandLineOption port(u"port"_s, u"TCP port; 0 picks a free one (default)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption listen(u"listen"_s, u"Loopback address to bind: 127.0.0.1 (default) or ::1."_s,
                                    u"ADDRESS"_s, u"127.0.0.1"_s);
    const QCommandLineOption user(u"seveng-user"_s, u"Add a 7G user (repeatable)."_s, u"USER:PASSWORD"_s);
    const QCommandLineOption app(u"d7-app"_s, u"Add a D7 application (repeatable)."_s, u"CLIENT_ID:SECRET"_s);
    const QCommandLineOption demo(u"demo"_s, u"Add the demo accounts listed above."_s);
    const QCommandLineOption sevengTtl(u"seveng-ttl"_s, u"7G access token lifetime (default 1200)."_s,
                                       u"SECONDS"_s);
    const QCommandLineOption d7Ttl(u"d7-ttl"_s, u"D7 access token lifetime (default 3600)."_s, u"SECONDS"_s);
    const QCommandLineOption refreshTtl(u"refresh-ttl"_s, u"7G refresh token lifetime (default 86400)."_s,
                                        u"SECONDS"_s);
    const QCommandLineOption tokenFormat(
        u"token-format"_s,
        u"jwt (default), jwt-noexp (a JWT without exp), opaque (not a JWT) or opaque-quoted "
        "(not a JWT, with quotes and other characters a shell treats specially)."_s,
        u"FORMAT"_s);
    const QCommandLineOption noRotate(u"no-refresh-rotation"_s,
                                      u"Refresh replies omit refreshToken; the old one stays valid."_s);
    const QCommandLineOption lockoutWindow(
        u"lockout-window"_s, u"Failures within this many seconds count (default 600)."_s, u"SECONDS"_s);
    const QCommandLineOption lockoutDuration(u"lockout-duration"_s,
                                             u"How long a lockout lasts (default 600)."_s, u"SECONDS"_s);
    const QCommandLineOption lockoutStatus(
        u"lockout-status"_s, u"HTTP status of a refused login while locked (default 401)."_s, u"CODE"_s);
    const QCommandLineOption failureBody(u"login-failure-body"_s,
                                         u"Body of a 7G 401: json (default), empty or html."_s, u"KIND"_s);
    const QCommandLineOption rejectAs(
        u"reject-as"_s,
        u"Refuse every 7G sign-in this way, whatever the password: locked, allowlist, disabled, "
        "unknown or none (default)."_s,
        u"KIND"_s);
    const QCommandLineOption lockTime(u"lock-time-in-reply"_s,
                                      u"A locked reply says the time left (Retry-After and its message)."_s);
    const QCommandLineOption faultRate(
        u"fault-rate"_s, u"Share of token requests that fail, 0 to 1 (default 0)."_s, u"RATE"_s);
    const QCommandLineOption faults(
        u"faults"_s,
        u"Fault kinds to pick from, comma-separated: 503, 502html, 429, drop, slow, "
        "truncated (default all)."_s,
        u"LIST"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the fault sequence (default 0)."_s, u"N"_s);
    const QCommandLineOption delay(u"delay-ms"_s, u"Delay every token reply (default 0)."_s, u"MS"_s);
    const QCommandLineOption slow(u"slow-ms"_s, u"Delay of the slow fault (default 3000)."_s, u"MS"_s);
    const QCommandLineOption retryAfter(u"retry-after"_s, u"Retry-After of the 429 fault (default 2)."_s,
                                        u"SECONDS"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"Serve HTTPS with this PEM certificate."_s, u"PEM"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"The PEM private key of --tls-cert."_s, u"PEM"_s);
    const QCommandLineOption quiet(u"quiet"_s, u"Do not log requests on stderr."_s);
    parser.addOptions({ help,          version,         port,          listen,      user,        app,
                        demo,          sevengTtl,       d7Ttl,         refreshTtl,  tokenFormat, noRotate,
                        lockoutWindow, lockoutDuration, lockoutStatus, failureBody, faultRate,   faults,
                        seed,          delay,           slow,          retryAfter,  tlsCert,     tlsKey,
                        quiet,         rejectAs,        lockTime });

    if (!parser.parse(arguments)) {
        *text = parser.errorText();
        return Outcome::Error;
    }
    if (parser.isSet(help)) {
        *text = parser.helpText();
        return Outcome::Help;
    }
    if (parser.isSet(version)) {
        *text = u"tokentray-fakeapi " TOKENTRAY_VERSION ""_s;
        return Outcome::Version;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *text = u"unexpected argument %1"_s.arg(parser.positionalArguments().constFirst());
        return Outcome::Error;
    }

    FakeApiOptions result;
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535) {
        *text = u"--port must be a number from 0 to 65535"_s;
        return Outcome::Error;
    }
    result.port = static_cast<quint16>(portValue);

    const QString listenValue = parser.value(listen);
    result.listenAddress
        = listenValue == "localhost"_L1 ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(listenValue);
    // Known fake credentials must never be reachable from another machine.
    if (result.listenAddress.isNull() || !result.listenAddress.isLoopback()) {
        *text = u"--listen must be a loopback address such as 127.0.0.1 or ::1"_s;
        return Outcome::Error;
    }

    const QStringList users = parser.values(user);
    for (const QString &value : users) {
        QPair<QString, QString> pair;
        if (!splitPair(value, &pair)) {
            *text = u"--seveng-user expects USER:PASSWORD"_s;
            return Outcome::Error;
        }
        result.sevengUsers.append(pair);
    }
    const QStringList apps = parser.values(app);
    for (const QString &value : apps) {
        QPair<QString, QString> pair;
        if (!splitPair(value, &pair)) {
            *text = u"--d7-app expects CLIENT_ID:SECRET"_s;
            return Outcome::Error;
        }
        result.d7Apps.append(pair);
    }
    if (parser.isSet(demo)) {
        result.sevengUsers += demoSevenGUsers();
        result.d7Apps += demoD7Apps();
    }

    // Numeric settings go through the same validation as POST /_control/config.
    QJsonObject changes;
    auto number = [&](const QCommandLineOption &option, const QString &key) {
        if (!parser.isSet(option))
            return true;
        bool isNumber = false;
        const double value = parser.value(option).toDouble(&isNumber);
        if (!isNumber) {
            *text = u"--%1 expects a number"_s.arg(option.names().constFirst());
            return false;
        }
        changes.insert(key, value);
        return true;
    };
    if (!number(sevengTtl, u"sevengTtl"_s) || !number(d7Ttl, u"d7Ttl"_s)
        || !number(refreshTtl, u"refreshTtl"_s) || !number(lockoutWindow, u"lockoutWindow"_s)
        || !number(lockoutDuration, u"lockoutDuration"_s) || !number(lockoutStatus, u"lockoutStatus"_s)
        || !number(faultRate, u"faultRate"_s) || !number(delay, u"delayMs"_s) || !number(slow, u"slowMs"_s)
        || !number(retryAfter, u"retryAfter"_s))
        return Outcome::Error;
    if (parser.isSet(seed))
        changes.insert(u"seed"_s, parser.value(seed));
    if (parser.isSet(tokenFormat))
        changes.insert(u"tokenFormat"_s, parser.value(tokenFormat));
    if (parser.isSet(failureBody))
        changes.insert(u"loginFailureBody"_s, parser.value(failureBody));
    if (parser.isSet(faults))
        changes.insert(u"faults"_s, parser.value(faults));
    if (parser.isSet(rejectAs))
        changes.insert(u"rejectAs"_s, parser.value(rejectAs));
    if (parser.isSet(lockTime))
        changes.insert(u"lockTimeInReply"_s, true);
    if (parser.isSet(noRotate))
        changes.insert(u"rotateRefreshTokens"_s, false);
    QString error;
    if (!result.config.apply(changes, &error)) {
        *text = error;
        return Outcome::Error;
    }

    result.tlsCertificate = parser.value(tlsCert);
    result.tlsKey = parser.value(tlsKey);
    if (result.tlsCertificate.isEmpty() != result.tlsKey.isEmpty()) {
        *text = u"--tls-cert and --tls-key go together"_s;
        return Outcome::Error;
    }
    result.quiet = parser.isSet(quiet);
    *options = result;
    return Outcome::Run;
}
