#pragma once

#include "accounts/account.h"

#include <QObject>

class Clock;
class NetworkPolicy;
class TokenProvider;

// Builds and owns the one provider of each kind of account. Tests and the
// demo put their own in place of one.
class ProviderRegistry : public QObject
{
    Q_OBJECT
public:
    // With a network policy the real 7G and D7 providers are built; without
    // one (tests) there are none until setProvider().
    ProviderRegistry(NetworkPolicy *network, const Clock *clock, QObject *parent = nullptr);

    // Null when no provider is set for this kind.
    TokenProvider *provider(Provider kind) const;

    // Replaces the provider for one kind of account and takes ownership; the
    // one it replaces is deleted if this registry owned it. Sessions keep the
    // provider they were created with: replace before SessionManager::start().
    void setProvider(Provider kind, TokenProvider *provider);

private:
    static int index(Provider kind) { return kind == Provider::SevenG ? 0 : 1; }

    TokenProvider *m_providers[2] = { nullptr, nullptr };
};
