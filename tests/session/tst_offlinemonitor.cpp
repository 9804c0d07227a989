#include "base/clock.h"
#include "faketokenprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/offlinemonitor.h"
#include "session/tokensession.h"
#include "sessionfixture.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Sessions that are never started: the monitor only looks at their account and whether they are busy.
struct Sessions
{
    ManualClock clock { SessionFixture::Start };
    MemorySecretStore secrets;
    FakeTokenProvider provider { Provider::SevenG, &clock };
    std::vector<std::unique_ptr<TokenSession>> list;

    TokenSession *add(const QString &host = u"127.0.0.1:1"_s)
    {
        const Account a = SessionFixture::makeAccount(Provider::SevenG, u"S%1"_s.arg(list.size()), host);
        list.push_back(std::make_unique<TokenSession>(a, &provider, &secrets, &clock, nullptr));
        return list.back().get();
    }
};

AuthError answered(int httpStatus)
{
    AuthError e;
    e.kind = AuthError::Kind::Transient;
    e.httpStatus = httpStatus;
    e.message = u"Service unavailable"_s;
    return e;
}

} // namespace

class TestOfflineMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The monitor on its own.
    void twoConnectionFailuresMeanOffline();
    void theOnlySessionFailingMeansOffline();
    void anAnswerIsNotOffline();
    void probesOnOneGrowingBackoff();
    void anotherServerIsTriedAtOnce();
    void forgottenSessionNoLongerCounts();
    void probeNowAfterWakeUp();
    // With the manager's sessions.
    void offlineSharesOneBackoff();
    void offlineProbeAfterClockSetBack();
    void unreachableServerDoesNotHoldBackOthers();
};

void TestOfflineMonitor::twoConnectionFailuresMeanOffline()
{
    Sessions s;
    TokenSession *a = s.add();
    TokenSession *b = s.add();
    s.add();
    OfflineMonitor monitor(&s.clock);
    QSignalSpy changed(&monitor, &OfflineMonitor::offlineChanged);
    QVERIFY(monitor.allowAutomaticAttempt(a));
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 3);
    QVERIFY(!monitor.isOffline());
    // The same session failing again is still one session.
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 3);
    QVERIFY(!monitor.isOffline());
    monitor.attemptFinished(b, SessionFixture::connectionRefused(), 3);
    QVERIFY(monitor.isOffline());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toBool(), true);
}

void TestOfflineMonitor::theOnlySessionFailingMeansOffline()
{
    Sessions s;
    TokenSession *a = s.add();
    OfflineMonitor monitor(&s.clock);
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 1);
    QVERIFY(monitor.isOffline());
}

void TestOfflineMonitor::anAnswerIsNotOffline()
{
    // A 503 is a server answering: the network is there.
    Sessions s;
    TokenSession *a = s.add();
    TokenSession *b = s.add();
    OfflineMonitor monitor(&s.clock);
    monitor.attemptFinished(a, answered(503), 2);
    monitor.attemptFinished(b, answered(503), 2);
    QVERIFY(!monitor.isOffline());
}

void TestOfflineMonitor::probesOnOneGrowingBackoff()
{
    Sessions s;
    TokenSession *a = s.add();
    TokenSession *b = s.add();
    OfflineMonitor monitor(&s.clock);
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 2);
    monitor.attemptFinished(b, SessionFixture::connectionRefused(), 2);
    QVERIFY(monitor.isOffline());

    // First wait: 0.8 to 1 s.
    QVERIFY(!monitor.allowAutomaticAttempt(a));
    QVERIFY(!monitor.allowAutomaticAttempt(b));
    s.clock.advance(1000);
    QVERIFY(monitor.allowAutomaticAttempt(a));
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 2);

    // The failed probe doubles the wait: 1.6 to 2 s, whichever session asks.
    s.clock.advance(1000);
    QVERIFY(!monitor.allowAutomaticAttempt(b));
    s.clock.advance(1000);
    QVERIFY(monitor.allowAutomaticAttempt(b));

    // A session that is not the probe failing does not lengthen the wait.
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 2);
    monitor.attemptFinished(b, SessionFixture::connectionRefused(), 2);
    s.clock.advance(4000);
    QVERIFY(monitor.allowAutomaticAttempt(a));
}

void TestOfflineMonitor::anotherServerIsTriedAtOnce()
{
    Sessions s;
    TokenSession *a = s.add();
    TokenSession *b = s.add();
    TokenSession *elsewhere = s.add(u"127.0.0.9:1"_s);
    OfflineMonitor monitor(&s.clock);
    QSignalSpy changed(&monitor, &OfflineMonitor::offlineChanged);
    QSignalSpy returned(&monitor, &OfflineMonitor::networkReturned);
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 3);
    monitor.attemptFinished(b, SessionFixture::connectionRefused(), 3);
    QVERIFY(monitor.isOffline());
    QVERIFY(!monitor.allowAutomaticAttempt(a));
    QVERIFY(monitor.allowAutomaticAttempt(elsewhere));

    // It answers: online again, and everyone may try at once.
    monitor.attemptFinished(elsewhere, AuthError(), 3);
    QVERIFY(!monitor.isOffline());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(returned.count(), 1);
    QVERIFY(monitor.allowAutomaticAttempt(a));
    // Back online, a success announces nothing more.
    monitor.attemptFinished(a, AuthError(), 3);
    QCOMPARE(returned.count(), 1);
}

void TestOfflineMonitor::forgottenSessionNoLongerCounts()
{
    Sessions s;
    TokenSession *a = s.add();
    TokenSession *b = s.add();
    s.add();
    OfflineMonitor monitor(&s.clock);
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 3);
    monitor.forget(a->id());
    monitor.attemptFinished(b, SessionFixture::connectionRefused(), 3);
    QVERIFY(!monitor.isOffline());
}

void TestOfflineMonitor::probeNowAfterWakeUp()
{
    Sessions s;
    TokenSession *a = s.add();
    OfflineMonitor monitor(&s.clock);
    monitor.attemptFinished(a, SessionFixture::connectionRefused(), 1);
    QVERIFY(!monitor.allowAutomaticAttempt(a));
    monitor.probeNow();
    QVERIFY(monitor.allowAutomaticAttempt(a));
}

void TestOfflineMonitor::offlineSharesOneBackoff()
{
    SessionFixture f;
    QList<Account> all;
    for (int i = 0; i < 10; ++i)
        all.append(f.seed(Provider::SevenG, u"A%1"_s.arg(i)));
    SessionFixture::settle();
    f.create();
    f.manager->start(false);
    SessionFixture::settle();
    QCOMPARE(f.count(SessionState::Valid), 10);

    // The network goes away just before everyone's renewal.
    f.sevenG->setPersistentError(SessionFixture::connectionRefused());
    QSignalSpy offline(f.manager->offlineMonitor(), &OfflineMonitor::offlineChanged);
    const int before = int(f.sevenG->calls().size());
    f.run(1140);
    QVERIFY(f.manager->offlineMonitor()->isOffline());
    QCOMPARE(offline.count(), 1);
    // Over the next ten minutes: one shared back-off, not ten.
    const int atOffline = int(f.sevenG->calls().size());
    QVERIFY2(atOffline - before <= 10, qPrintable(QString::number(atOffline - before)));
    f.run(600);
    const int probes = int(f.sevenG->calls().size()) - atOffline;
    // 1, 2, 4 ... 60 s: about 15 attempts in ten minutes; ten sessions on their own would make 100+.
    QVERIFY2(probes >= 8 && probes <= 20, qPrintable(QString::number(probes)));
    QCOMPARE(f.sevenG->maxInFlight(), 10); // the first round, before the outage was known
    QCOMPARE(f.count(SessionState::RetryScheduled), 10);

    // Back online: the next probe succeeds and everyone renews within seconds.
    f.sevenG->setPersistentError(std::nullopt);
    int waited = 0;
    while (f.count(SessionState::Valid) < 10 && waited < 70) {
        f.run(1);
        ++waited;
    }
    QCOMPARE(f.count(SessionState::Valid), 10);
    QVERIFY(!f.manager->offlineMonitor()->isOffline());
    QCOMPARE(offline.count(), 2);
    QCOMPARE(offline.at(1).at(0).toBool(), false);
}

void TestOfflineMonitor::offlineProbeAfterClockSetBack()
{
    SessionFixture f;
    for (int i = 0; i < 3; ++i)
        f.seed(Provider::SevenG, u"A%1"_s.arg(i));
    SessionFixture::settle();
    f.create();
    f.sevenG->setPersistentError(SessionFixture::connectionRefused());
    f.manager->start(false);
    SessionFixture::settle();
    f.run(120);
    QVERIFY(f.manager->offlineMonitor()->isOffline());

    // Back online, and the clock set back an hour at the same moment: the
    // shared probe still comes within a minute.
    f.sevenG->setPersistentError(std::nullopt);
    f.clock.set(f.clock.now().addSecs(-3600));
    int waited = 0;
    while (f.count(SessionState::Valid) < 3 && waited < 70) {
        f.run(1);
        ++waited;
    }
    QCOMPARE(f.count(SessionState::Valid), 3);
    QVERIFY(!f.manager->offlineMonitor()->isOffline());
}

void TestOfflineMonitor::unreachableServerDoesNotHoldBackOthers()
{
    SessionFixture f;
    // Two accounts on a dead custom server, one D7 application elsewhere.
    f.seed(Provider::SevenG, u"Dead1"_s, u"127.0.0.2:1"_s);
    f.seed(Provider::SevenG, u"Dead2"_s, u"127.0.0.2:1"_s);
    const Account live = f.seed(Provider::D7, u"Live"_s, u"127.0.0.3:1"_s);
    SessionFixture::settle();
    f.create();
    f.sevenG->setPersistentError(SessionFixture::connectionRefused());
    f.manager->start(false);
    SessionFixture::settle();
    f.run(5);
    TokenSession *s = f.manager->session(live.id);
    QCOMPARE(s->state(), SessionState::Valid);
    // The D7 renewal is not held back by the 7G outage.
    for (int i = 0; i < 3600; ++i) {
        f.run(1);
        QVERIFY(s->hasValidToken());
    }
}

QTEST_GUILESS_MAIN(TestOfflineMonitor)
#include "tst_offlinemonitor.moc"
