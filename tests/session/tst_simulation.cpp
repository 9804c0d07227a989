#include "accounts/accountstore.h"
#include "base/clock.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"
#include "simnetworkaccessmanager.h"
#include "simtokenserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// Twenty-four simulated hours of the whole engine: SessionManager, the real
// 7G and D7 providers and NetworkPolicy, over an in-process network whose
// replies arrive on the same simulated clock that the tokens' "exp" follows.
class TestSimulation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twentyFourHours();
};

namespace {

constexpr int AccountCount = 50;
constexpr int SimulatedSeconds = 24 * 3600;
constexpr int SevenGLifetime = 120;
constexpr int D7Lifetime = 300;
constexpr int RefreshTokenLifetime = 3600;
constexpr double FaultRate = 0.10;
constexpr int TransferTimeoutMs = 5000;
constexpr int FirstPort = 20000;
// Account 0 (7G) has a wrong password stored, account 1 (D7) a wrong client secret.
constexpr int WrongCredentialAccounts = 2;

struct AccountStats
{
    QUuid id;
    Provider provider = Provider::SevenG;
    int port = 0;
    bool wrongCredentials = false;
    int availableSeconds = 0;
    int transientFailures = 0;
    int credentialRejections = 0;
    int refreshRejections = 0;
};

} // namespace

void TestSimulation::twentyFourHours()
{
    const QDateTime start(QDate(2030, 6, 1), QTime(0, 0), Qt::UTC);
    ManualClock clock(start);
    SimTokenServer server(&clock, 20300601);
    server.setLifetimes(SevenGLifetime, D7Lifetime, RefreshTokenLifetime);
    server.setTransferTimeoutMs(TransferTimeoutMs);
    SimNetworkAccessManager network(&server, &clock);
    NetworkPolicy policy(&network);
    policy.setTransferTimeout(TransferTimeoutMs);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AccountStore accounts(dir.filePath(u"accounts.json"_s));
    QVERIFY(accounts.load());
    MemorySecretStore secrets;

    QList<AccountStats> stats;
    for (int i = 0; i < AccountCount; ++i) {
        AccountStats st;
        st.provider = i % 2 == 0 ? Provider::SevenG : Provider::D7;
        st.port = FirstPort + i;
        st.wrongCredentials = i < WrongCredentialAccounts;
        Account a = Account::create(st.provider);
        a.name = u"Simulated %1"_s.arg(i);
        a.login = st.provider == Provider::SevenG ? u"user%1"_s.arg(i) : u"client-%1"_s.arg(i);
        a.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(st.port));
        QVERIFY(accounts.add(a));
        st.id = a.id;
        const QString secret = u"secret-%1"_s.arg(i);
        if (st.provider == Provider::SevenG)
            server.addSevenGUser(st.port, a.login, secret);
        else
            server.addD7App(st.port, a.login, secret);
        secrets.write(a.id, st.provider == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                      st.wrongCredentials ? u"wrong-%1"_s.arg(i) : secret, nullptr, {});
        stats.append(st);
    }
    server.setFaultRate(FaultRate);

    SessionManager manager(&accounts, &secrets, &policy, &clock);
    manager.setAutoRenew(true);
    QHash<QUuid, int> index;
    for (int i = 0; i < stats.size(); ++i)
        index.insert(stats.at(i).id, i);

    // Answers due now arrive within a few event-loop turns.
    const auto settle = [&network] {
        for (int i = 0; i < 6; ++i) {
            network.deliverDue();
            QCoreApplication::processEvents();
        }
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    };

    QElapsedTimer wall;
    wall.start();
    manager.start(false);
    for (TokenSession *s : manager.sessions()) {
        const int i = index.value(s->id());
        connect(s, &TokenSession::attemptFinished, this, [&stats, i](const AuthError &e) {
            switch (e.kind) {
            case AuthError::Kind::Transient:
            case AuthError::Kind::Protocol:
                ++stats[i].transientFailures;
                break;
            case AuthError::Kind::Credentials:
                ++stats[i].credentialRejections;
                break;
            case AuthError::Kind::RefreshRejected:
                ++stats[i].refreshRejections;
                break;
            default:
                break;
            }
        });
    }

    // Warm-up: everyone's first sign-in (not counted: the claim is about
    // keeping tokens fresh once there is one).
    int warmUp = 0;
    const auto allSignedIn = [&] {
        for (const TokenSession *s : manager.sessions()) {
            const AccountStats &st = stats.at(index.value(s->id()));
            if (!st.wrongCredentials && !s->hasValidToken())
                return false;
        }
        return true;
    };
    settle();
    while (!allSignedIn() && warmUp < 120) {
        clock.advance(1000);
        manager.tick();
        settle();
        ++warmUp;
    }
    QVERIFY2(allSignedIn(), "not every account signed in within two minutes");

    const auto countersAtStart = server.counters();
    for (int second = 0; second < SimulatedSeconds; ++second) {
        clock.advance(1000);
        network.deliverDue();
        manager.tick();
        settle();
        for (const TokenSession *s : manager.sessions()) {
            AccountStats &st = stats[index.value(s->id())];
            if (s->hasValidToken() && server.accepts(st.port, s->tokens().accessToken))
                ++st.availableSeconds;
        }
    }
    const qint64 wallMs = wall.elapsed();
    const auto &counters = server.counters();

    // --- figures -------------------------------------------------------------
    struct Figures
    {
        double min = 1;
        double sum = 0;
        int n = 0;
    };
    Figures sevenG, d7;
    int retries = 0;
    int maxConcurrent = 0;
    int refreshFallbacks = 0;
    for (const AccountStats &st : std::as_const(stats)) {
        retries += st.transientFailures;
        refreshFallbacks += st.refreshRejections;
        maxConcurrent = std::max(maxConcurrent, network.maxInFlight(st.port));
        if (st.wrongCredentials)
            continue;
        const double availability = double(st.availableSeconds) / SimulatedSeconds;
        Figures &f = st.provider == Provider::SevenG ? sevenG : d7;
        f.min = std::min(f.min, availability);
        f.sum += availability;
        ++f.n;
    }
    const int requests = counters.requests - countersAtStart.requests;
    qInfo().noquote() << u"Simulated %1 s with %2 accounts (7G TTL %3 s, D7 TTL %4 s, refresh tokens %5 s, "
                         "%6 % faults, timeout %7 s) in %8 s wall time (warm-up %9 s)"_s.arg(SimulatedSeconds)
                             .arg(AccountCount)
                             .arg(SevenGLifetime)
                             .arg(D7Lifetime)
                             .arg(RefreshTokenLifetime)
                             .arg(FaultRate * 100)
                             .arg(TransferTimeoutMs / 1000)
                             .arg(wallMs / 1000.0, 0, 'f', 1)
                             .arg(warmUp);
    qInfo().noquote() << u"Availability 7G: min %1 %, avg %2 %; D7: min %3 %, avg %4 %"_s
                             .arg(sevenG.min * 100, 0, 'f', 4)
                             .arg(sevenG.sum / sevenG.n * 100, 0, 'f', 4)
                             .arg(d7.min * 100, 0, 'f', 4)
                             .arg(d7.sum / d7.n * 100, 0, 'f', 4);
    qInfo().noquote() << u"Requests %1 (7G logins %2, 7G refreshes %3, D7 logins %4), injected faults %5, "
                         "retries %6, refresh-token fallbacks %7, replies lost after the service acted %8"_s
                             .arg(requests)
                             .arg(counters.sevenGLogins - countersAtStart.sevenGLogins)
                             .arg(counters.sevenGRefreshes - countersAtStart.sevenGRefreshes)
                             .arg(counters.d7Logins - countersAtStart.d7Logins)
                             .arg(counters.faults - countersAtStart.faults)
                             .arg(retries)
                             .arg(refreshFallbacks)
                             .arg(counters.processedButLost - countersAtStart.processedButLost);
    qInfo().noquote()
        << u"Lockouts %1, credential failures at the service %2, max concurrent requests per account %3"_s
               .arg(counters.lockouts)
               .arg(counters.credentialFailures)
               .arg(maxConcurrent);

    if (const QString path = qEnvironmentVariable("TOKENTRAY_SIM_REPORT"); !path.isEmpty()) {
        const auto figures = [](const Figures &f) {
            return QJsonObject { { u"min"_s, f.min }, { u"avg"_s, f.sum / f.n }, { u"accounts"_s, f.n } };
        };
        const QJsonObject report {
            { u"simulatedSeconds"_s, SimulatedSeconds },
            { u"accounts"_s, AccountCount },
            { u"wrongCredentialAccounts"_s, WrongCredentialAccounts },
            { u"sevenGLifetimeSeconds"_s, SevenGLifetime },
            { u"d7LifetimeSeconds"_s, D7Lifetime },
            { u"refreshTokenLifetimeSeconds"_s, RefreshTokenLifetime },
            { u"faultRate"_s, FaultRate },
            { u"transferTimeoutSeconds"_s, TransferTimeoutMs / 1000 },
            { u"warmUpSeconds"_s, warmUp },
            { u"availability"_s, QJsonObject { { u"sevenG"_s, figures(sevenG) }, { u"d7"_s, figures(d7) } } },
            { u"requests"_s, requests },
            { u"sevenGLogins"_s, counters.sevenGLogins - countersAtStart.sevenGLogins },
            { u"sevenGRefreshes"_s, counters.sevenGRefreshes - countersAtStart.sevenGRefreshes },
            { u"d7Logins"_s, counters.d7Logins - countersAtStart.d7Logins },
            { u"injectedFaults"_s, counters.faults - countersAtStart.faults },
            { u"retries"_s, retries },
            { u"refreshTokenFallbacks"_s, refreshFallbacks },
            { u"lockouts"_s, counters.lockouts },
            { u"credentialFailures"_s, counters.credentialFailures },
            { u"maxConcurrentRequestsPerAccount"_s, maxConcurrent },
            { u"wallSeconds"_s, wallMs / 1000.0 },
        };
        QFile out(path);
        QVERIFY2(out.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(out.errorString()));
        out.write(QJsonDocument(report).toJson());
    }

    // --- assertions ------------------------------------------------------------
    QVERIFY2(counters.faults - countersAtStart.faults > requests / 20, "the faults were not injected");
    for (const AccountStats &st : std::as_const(stats)) {
        const TokenSession *s = manager.session(st.id);
        const QString name = s->account().name;
        QVERIFY2(network.maxInFlight(st.port) == 1,
                 qPrintable(u"%1: %2 requests at once"_s.arg(name).arg(network.maxInFlight(st.port))));
        if (st.wrongCredentials) {
            // Exactly one attempt in 24 hours, and the account says so.
            QCOMPARE(server.failedLogins(st.port), 1);
            QCOMPARE(server.acceptedLogins(st.port), 0);
            QCOMPARE(st.credentialRejections, 1);
            QCOMPARE(s->state(), SessionState::CredentialsRejected);
            continue;
        }
        const double availability = double(st.availableSeconds) / SimulatedSeconds;
        QVERIFY2(availability >= 0.9999,
                 qPrintable(u"%1: a valid token only %2 % of the time"_s.arg(name).arg(availability * 100)));
        QCOMPARE(server.failedLogins(st.port), 0);
        // The store holds the token the session uses (every rotation persisted).
        const auto stored = secrets.storedValue(st.id, SecretKind::AccessToken);
        QVERIFY(stored);
        QCOMPARE(StoredToken::decode(*stored).accessToken, s->tokens().accessToken);
        if (st.provider == Provider::SevenG)
            QCOMPARE(secrets.storedValue(st.id, SecretKind::RefreshToken),
                     std::optional<QString>(s->tokens().refreshToken));
    }
    QCOMPARE(counters.lockouts, 0);
    QCOMPARE(counters.credentialFailures, WrongCredentialAccounts);
}

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
