#include "sessionfixture.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

const QDateTime SessionFixture::Start = QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC);

void SessionFixture::settle()
{
    for (int i = 0; i < 30; ++i)
        QCoreApplication::processEvents();
}

Account SessionFixture::makeAccount(Provider kind, const QString &name, const QString &host)
{
    Account a = Account::create(kind);
    a.name = name;
    a.login = name.toLower();
    a.baseUrl = QUrl(u"http://"_s + host);
    return a;
}

AuthError SessionFixture::connectionRefused()
{
    AuthError e;
    e.kind = AuthError::Kind::Transient;
    e.httpStatus = 0;
    e.message = u"Connection refused"_s;
    return e;
}

SessionFixture::SessionFixture()
{
    accounts = std::make_unique<AccountStore>(dir.filePath(u"accounts.json"_s));
    accounts->load();
}

Account SessionFixture::seed(Provider kind, const QString &name, const QString &host)
{
    const Account a = makeAccount(kind, name, host);
    const Status added = accounts->add(a);
    if (!added)
        qFatal("%s", qPrintable(added.error()));
    secrets.write(a.id, kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                  u"secret-"_s + name, nullptr, {});
    return a;
}

void SessionFixture::create(bool autoRenew)
{
    manager = std::make_unique<SessionManager>(accounts.get(), &secrets, nullptr, &clock);
    sevenG = new FakeTokenProvider(Provider::SevenG, &clock);
    d7 = new FakeTokenProvider(Provider::D7, &clock);
    manager->providers()->setProvider(Provider::SevenG, sevenG);
    manager->providers()->setProvider(Provider::D7, d7);
    manager->setAutoRenew(autoRenew);
}

void SessionFixture::run(int seconds)
{
    for (int i = 0; i < seconds; ++i) {
        clock.advance(1000);
        manager->tick();
        settle();
    }
}

int SessionFixture::count(SessionState state) const
{
    const auto &list = manager->sessions();
    return int(std::count_if(list.cbegin(), list.cend(),
                             [state](const TokenSession *s) { return s->state() == state; }));
}
