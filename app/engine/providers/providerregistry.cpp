#include "providers/providerregistry.h"

#include "providers/d7provider.h"
#include "providers/sevengprovider.h"
#include "providers/tokenprovider.h"

ProviderRegistry::ProviderRegistry(NetworkPolicy *network, const Clock *clock, QObject *parent)
    : QObject(parent)
{
    if (network) {
        m_providers[index(Provider::SevenG)] = new SevenGProvider(network, clock, this);
        m_providers[index(Provider::D7)] = new D7Provider(network, clock, this);
    }
}

TokenProvider *ProviderRegistry::provider(Provider kind) const
{
    return m_providers[index(kind)];
}

void ProviderRegistry::setProvider(Provider kind, TokenProvider *provider)
{
    TokenProvider *&slot = m_providers[index(kind)];
    if (slot == provider)
        return;
    if (slot && slot->parent() == this)
        slot->deleteLater();
    slot = provider;
    if (provider)
        provider->setParent(this);
}
