#pragma once

#include "accounts/accountstore.h"
#include "base/clock.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The real engine for widget tests: a throwaway accounts file, secrets in
// memory, and a clock that moves only when the test says so. The manager
// does not tick by itself; tick() does, as often as a test needs.
struct TestEngine
{
    QTemporaryDir dir;
    ManualClock clock;
    QNetworkAccessManager network;
    NetworkPolicy policy { &network };
    AccountStore accounts { dir.filePath(QStringLiteral("accounts.json")) };
    MemorySecretStore secrets;
    std::unique_ptr<SessionManager> manager;

    TestEngine()
    {
        accounts.load();
        policy.setTransferTimeout(5000);
        manager = std::make_unique<SessionManager>(&accounts, &secrets, &policy, &clock);
        manager->setAutoRenew(true);
    }

    void start() { manager->start(false); }
    void tick() { manager->tick(); }

    // Ticks until the session is in `state` (the engine answers from the event loop).
    bool waitForState(const QUuid &id, SessionState state, int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            tick();
            if (TokenSession *s = manager->session(id); s && s->state() == state)
                return true;
            QTest::qWait(20);
        }
        return false;
    }
};
