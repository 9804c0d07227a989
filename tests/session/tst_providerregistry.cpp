#include "base/clock.h"
#include "faketokenprovider.h"
#include "network/networkpolicy.h"
#include "providers/providerregistry.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QTest>

class TestProviderRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realProvidersWithNetwork();
    void noneWithoutNetwork();
    void replacedProviderIsOwnedAndTheOldOneDeleted();
    void settingTheSameProviderKeepsIt();
    void clearedKind();
};

namespace {
void deleteLaterNow()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}
} // namespace

void TestProviderRegistry::realProvidersWithNetwork()
{
    ManualClock clock;
    QNetworkAccessManager nam;
    NetworkPolicy policy(&nam);
    ProviderRegistry registry(&policy, &clock);
    for (Provider kind : { Provider::SevenG, Provider::D7 }) {
        TokenProvider *p = registry.provider(kind);
        QVERIFY(p);
        QCOMPARE(p->kind(), kind);
        QCOMPARE(p->parent(), &registry);
    }
    QVERIFY(registry.provider(Provider::SevenG) != registry.provider(Provider::D7));
}

void TestProviderRegistry::noneWithoutNetwork()
{
    ManualClock clock;
    ProviderRegistry registry(nullptr, &clock);
    QVERIFY(!registry.provider(Provider::SevenG));
    QVERIFY(!registry.provider(Provider::D7));
}

void TestProviderRegistry::replacedProviderIsOwnedAndTheOldOneDeleted()
{
    ManualClock clock;
    QNetworkAccessManager nam;
    NetworkPolicy policy(&nam);
    auto registry = std::make_unique<ProviderRegistry>(&policy, &clock);
    const QPointer<TokenProvider> real = registry->provider(Provider::SevenG);
    const QPointer<TokenProvider> d7 = registry->provider(Provider::D7);
    QPointer<FakeTokenProvider> fake = new FakeTokenProvider(Provider::SevenG, &clock);
    registry->setProvider(Provider::SevenG, fake);
    QCOMPARE(registry->provider(Provider::SevenG), fake.data());
    QCOMPARE(fake->parent(), registry.get());
    deleteLaterNow();
    QVERIFY(!real);
    QCOMPARE(registry->provider(Provider::D7), d7.data()); // the other kind untouched
    registry.reset();
    QVERIFY(!fake); // owned: gone with the registry
}

void TestProviderRegistry::settingTheSameProviderKeepsIt()
{
    ManualClock clock;
    ProviderRegistry registry(nullptr, &clock);
    QPointer<FakeTokenProvider> fake = new FakeTokenProvider(Provider::D7, &clock);
    registry.setProvider(Provider::D7, fake);
    registry.setProvider(Provider::D7, fake);
    deleteLaterNow();
    QVERIFY(fake);
    QCOMPARE(registry.provider(Provider::D7), fake.data());
}

void TestProviderRegistry::clearedKind()
{
    ManualClock clock;
    ProviderRegistry registry(nullptr, &clock);
    QPointer<FakeTokenProvider> fake = new FakeTokenProvider(Provider::SevenG, &clock);
    registry.setProvider(Provider::SevenG, fake);
    registry.setProvider(Provider::SevenG, nullptr);
    QVERIFY(!registry.provider(Provider::SevenG));
    deleteLaterNow();
    QVERIFY(!fake);
}

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "tst_providerregistry.moc"
