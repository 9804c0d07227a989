#pragma once

#include "accounts/accountstore.h"
#include "base/clock.h"
#include "faketokenprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"

#include <QTemporaryDir>

#include <memory>

// The engine on a manual clock, an in-memory keychain and scripted
// providers: what the session-layer tests share.
struct SessionFixture
{
    static const QDateTime Start;

    // Answers still on their way (zero-delay timers, queued calls) are all
    // delivered after a few turns of the event loop.
    static void settle();
    static Account makeAccount(Provider kind, const QString &name,
                               const QString &host = QStringLiteral("127.0.0.1:1"));
    // Connection-level: no HTTP reply at all.
    static AuthError connectionRefused();

    SessionFixture();

    // An account already in the store (with its credential) before the manager starts.
    Account seed(Provider kind, const QString &name, const QString &host = QStringLiteral("127.0.0.1:1"));
    // The manager, with the scripted providers in place.
    void create(bool autoRenew = true);
    // One tick per simulated second, answers delivered between ticks.
    void run(int seconds);
    int count(SessionState state) const;

    QTemporaryDir dir;
    ManualClock clock { Start };
    MemorySecretStore secrets;
    std::unique_ptr<AccountStore> accounts;
    FakeTokenProvider *sevenG = nullptr;
    FakeTokenProvider *d7 = nullptr;
    std::unique_ptr<SessionManager> manager;
};
