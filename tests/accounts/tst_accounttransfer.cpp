// The accounts export format: a round trip keeps every field but the id, and
// anything else than a version-1 export of valid accounts is refused whole.
#include "accounts/accounttransfer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
Account sample(Provider provider, const QString &name)
{
    Account a = Account::create(provider);
    a.name = name;
    a.login = name + u".login"_s;
    if (provider == Provider::SevenG) {
        a.environment = u"custom"_s;
        a.baseUrl = QUrl(u"https://preview.example.com"_s);
    }
    a.notes = u"Notes of "_s + name;
    a.refreshLeadSeconds = 90;
    a.fallbackLifetimeSeconds = 1800;
    return a;
}

QByteArray withAccounts(const QJsonArray &accounts, int version = 1)
{
    return QJsonDocument(QJsonObject { { u"format"_s, u"tokentray-accounts"_s },
                                       { u"version"_s, version },
                                       { u"accounts"_s, accounts } })
        .toJson();
}
} // namespace

class TestAccountTransfer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void refusals_data();
    void refusals();
    void planRefusesSkipsRenames();
};

void TestAccountTransfer::roundTrip()
{
    const QList<Account> accounts { sample(Provider::SevenG, u"Registry"_s), sample(Provider::D7, u"SMS"_s) };
    const QByteArray file = AccountTransfer::write(accounts);
    const QJsonObject root = QJsonDocument::fromJson(file).object();
    QCOMPARE(root.value(u"format"_s).toString(), u"tokentray-accounts"_s);
    QCOMPARE(root.value(u"version"_s).toInt(), 1);
    QVERIFY(!file.contains(accounts.first().id.toString(QUuid::WithoutBraces).toLatin1()));

    const auto back = AccountTransfer::read(file);
    QVERIFY2(back, qPrintable(back.error()));
    QCOMPARE(back->size(), 2);
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        Account read = back->at(i);
        QVERIFY(!read.id.isNull());
        QVERIFY(read.id != accounts.at(i).id); // a fresh id
        read.id = accounts.at(i).id;
        QCOMPARE(read, accounts.at(i));
    }
}

void TestAccountTransfer::refusals_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("reason");

    QJsonObject good = sample(Provider::D7, u"SMS"_s).toJson();
    good.remove(u"id"_s);
    QJsonObject badType = good;
    badType[u"refreshLeadSeconds"_s] = u"ninety"_s;
    QJsonObject withSecret = good;
    withSecret[u"clientSecret"_s] = u"s3cret"_s;
    QJsonObject withId = good;
    withId[u"id"_s] = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject otherCase = good;
    otherCase[u"name"_s] = u"sms"_s;

    QTest::newRow("not json") << "{\"format\": "_ba << u"not valid JSON"_s;
    QTest::newRow("array") << "[]"_ba << u"no JSON object"_s;
    QTest::newRow("other format") << R"({"format":"other","version":1,"accounts":[]})"_ba << u"format"_s;
    QTest::newRow("newer version") << withAccounts({ good }, 2) << u"newer TokenTray"_s;
    QTest::newRow("no version") << R"({"format":"tokentray-accounts","accounts":[]})"_ba << u"version"_s;
    QTest::newRow("version text") << R"({"format":"tokentray-accounts","version":"1","accounts":[]})"_ba
                                  << u"version"_s;
    QTest::newRow("accounts not a list")
        << R"({"format":"tokentray-accounts","version":1,"accounts":{}})"_ba << u"\"accounts\""_s;
    QTest::newRow("account not an object") << withAccounts({ good, 7 }) << u"Account 2"_s;
    QTest::newRow("wrong type") << withAccounts({ good, badType }) << u"refreshLeadSeconds"_s;
    QTest::newRow("a secret field") << withAccounts({ withSecret }) << u"clientSecret"_s;
    QTest::newRow("an id") << withAccounts({ withId }) << u"\"id\""_s;
    QTest::newRow("a name twice") << withAccounts({ good, otherCase }) << u"more than one account"_s;
    QTest::newRow("too large") << QByteArray(AccountTransfer::MaxFileBytes + 1, ' ') << u"larger than"_s;
}

void TestAccountTransfer::refusals()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, reason);
    const auto read = AccountTransfer::read(file);
    QVERIFY(!read);
    QVERIFY2(read.error().contains(reason), qPrintable(read.error()));
}

void TestAccountTransfer::planRefusesSkipsRenames()
{
    const QList<Account> imported { sample(Provider::SevenG, u"Registry"_s), sample(Provider::D7, u"SMS"_s),
                                    sample(Provider::D7, u"New"_s) };
    const QStringList existing { u"registry"_s, u"SMS"_s, u"SMS (2)"_s };

    const auto refused = AccountTransfer::plan(imported, existing, AccountTransfer::OnDuplicate::Refuse);
    QCOMPARE(refused.duplicates, (QStringList { u"Registry"_s, u"SMS"_s }));
    QVERIFY(refused.toAdd.isEmpty());

    const auto skipped = AccountTransfer::plan(imported, existing, AccountTransfer::OnDuplicate::Skip);
    QCOMPARE(skipped.toAdd.size(), 1);
    QCOMPARE(skipped.toAdd.first().name, u"New"_s);
    QCOMPARE(skipped.skipped, (QStringList { u"Registry"_s, u"SMS"_s }));

    const auto renamed = AccountTransfer::plan(imported, existing, AccountTransfer::OnDuplicate::Rename);
    QCOMPARE(renamed.toAdd.size(), 3);
    QCOMPARE(renamed.toAdd.at(0).name, u"Registry (2)"_s);
    QCOMPARE(renamed.toAdd.at(1).name, u"SMS (3)"_s);
    QCOMPARE(renamed.toAdd.at(2).name, u"New"_s);
    QCOMPARE(renamed.renamed.size(), 2);
}

QTEST_GUILESS_MAIN(TestAccountTransfer)
#include "tst_accounttransfer.moc"
