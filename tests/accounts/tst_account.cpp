// Account values and their JSON form: what the accounts file may hold.
#include "accounts/account.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// JSON written with single quotes, which keeps the test data readable.
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json).replace('\'', '"')).object();
}
} // namespace

class AccountTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void providerKeys()
    {
        QCOMPARE(providerKey(Provider::SevenG), u"7g"_s);
        QCOMPARE(providerKey(Provider::D7), u"d7"_s);
        QCOMPARE(providerFromKey(u"7G"_s), Provider::SevenG);
        QCOMPARE(providerFromKey(u" d7 "_s), Provider::D7);
        QVERIFY(!providerFromKey(u"aws"_s));
        QVERIFY(!providerFromKey(QString()));
    }

    void environments()
    {
        const QStringList keys { u"production"_s, u"dev"_s, u"test"_s, u"lab"_s, u"demo"_s };
        QCOMPARE(sevenGEnvironments().size(), keys.size());
        for (const QString &key : keys) {
            const auto env = sevenGEnvironment(key);
            QVERIFY(env);
            QCOMPARE(env->baseUrl.scheme(), u"https"_s);
        }
        QVERIFY(!sevenGEnvironment(u"custom"_s));
    }

    void createDefaults()
    {
        const Account g = Account::create(Provider::SevenG);
        QVERIFY(!g.id.isNull());
        QCOMPARE(g.environment, u"production"_s);
        QCOMPARE(g.fallbackLifetimeSeconds, 20 * 60);
        QCOMPARE(g.refreshLeadSeconds, 60);
        const Account d = Account::create(Provider::D7);
        QVERIFY(d.environment.isEmpty());
        QCOMPARE(d.baseUrl, defaultD7BaseUrl());
        QVERIFY(g.id != Account::create(Provider::SevenG).id);
    }

    void environmentLabel()
    {
        Account a = Account::create(Provider::SevenG);
        a.environment = u"lab"_s;
        QCOMPARE(a.environmentLabel(), u"7G · Lab"_s);
        a.environment = u"custom"_s;
        a.baseUrl = QUrl(u"https://user:pw@preview.example"_s);
        QCOMPARE(a.environmentLabel(), u"7G · https://preview.example"_s); // no user info shown
        QCOMPARE(Account::create(Provider::D7).environmentLabel(), u"D7"_s);
    }

    void roundTrip_data()
    {
        QTest::addColumn<Account>("account");
        Account g = Account::create(Provider::SevenG);
        g.name = u"Production"_s;
        g.login = u"alice"_s;
        QTest::newRow("7g production") << g;
        Account c = g;
        c.id = QUuid::createUuid();
        c.environment = u"custom"_s;
        c.baseUrl = QUrl(u"http://127.0.0.1:8080/base"_s);
        c.notes = u"multi\nline ✓"_s;
        c.refreshLeadSeconds = 1;
        c.fallbackLifetimeSeconds = 7 * 24 * 3600;
        QTest::newRow("7g custom") << c;
        Account d = Account::create(Provider::D7);
        d.name = u"SMS"_s;
        d.login = u"client-id"_s;
        QTest::newRow("d7") << d;
        Account p = Account::create(Provider::D7);
        p.name = u"Pasted"_s;
        p.credential = Credential::PastedToken;
        QTest::newRow("d7 pasted token, no client id") << p;
        p.login = u"client-id"_s;
        p.pastedTokenExpiresAt = QDateTime(QDate(2031, 2, 3), QTime(4, 5, 6), Qt::UTC);
        QTest::newRow("d7 pasted token, expiry given") << p;
    }

    void roundTrip()
    {
        QFETCH(Account, account);
        QString error;
        const auto back = Account::fromJson(account.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, account);
        // And through text, as in the file.
        const QByteArray text = QJsonDocument(account.toJson()).toJson();
        QCOMPARE(*Account::fromJson(QJsonDocument::fromJson(text).object(), &error), account);
    }

    void userInfoIsNotWritten()
    {
        Account a = Account::create(Provider::SevenG);
        a.name = u"x"_s;
        a.environment = u"custom"_s;
        a.baseUrl = QUrl(u"https://bob:hunter2@preview.example/"_s);
        const QByteArray text = QJsonDocument(a.toJson()).toJson();
        QVERIFY(!text.contains("hunter2"));
    }

    void fromJsonRejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("errorContains");
        const char *valid = "'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','name':'n','baseUrl':'https://"
                            "x.example','login':'u'";
        QTest::newRow("no id") << QByteArray(
            "{'name':'n','provider':'7g','baseUrl':'https://x.example','login':'u'}")
                               << u"\"id\""_s;
        QTest::newRow("null id") << QByteArray(
            "{'id':null,'name':'n','provider':'7g','baseUrl':'https://x.example','login':'u'}")
                                 << u"\"id\""_s;
        QTest::newRow("no provider") << (QByteArray("{") + valid + "}") << u"\"provider\""_s;
        QTest::newRow("provider number") << (QByteArray("{") + valid + ",'provider':7}") << u"\"provider\""_s;
        QTest::newRow("unknown provider")
            << (QByteArray("{") + valid + ",'provider':'x'}") << u"unknown provider"_s;
        QTest::newRow("bad id") << QByteArray(
            "{'id':'xyz','name':'n','provider':'7g','baseUrl':'https://x.example','login':'u'}")
                                << u"invalid id"_s;
        QTest::newRow("no name") << QByteArray("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','provider':'7g',"
                                               "'baseUrl':'https://x.example','login':'u'}")
                                 << u"\"name\""_s;
        QTest::newRow("name array") << QByteArray("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','name':[],'"
                                                  "provider':'7g','baseUrl':'https://x.example','login':'u'}")
                                    << u"\"name\""_s;
        QTest::newRow("no login") << QByteArray("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','name':'n','"
                                                "provider':'7g','baseUrl':'https://x.example'}")
                                  << u"\"login\""_s;
        QTest::newRow("relative url") << QByteArray("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','name':'n',"
                                                    "'provider':'7g','baseUrl':'/api','login':'u'}")
                                      << u"invalid base URL"_s;
        QTest::newRow("url spaces") << QByteArray(
            "{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001','name':'n','provider':'7g','baseUrl':'https://a "
            "b.example','login':'u'}")
                                    << u"invalid base URL"_s;
        QTest::newRow("notes number")
            << (QByteArray("{") + valid + ",'provider':'7g','notes':5}") << u"\"notes\""_s;
        QTest::newRow("lead string") << (QByteArray("{") + valid
                                         + ",'provider':'7g','refreshLeadSeconds':'60'}")
                                     << u"refreshLeadSeconds"_s;
        QTest::newRow("lead zero") << (QByteArray("{") + valid + ",'provider':'7g','refreshLeadSeconds':0}")
                                   << u"refreshLeadSeconds"_s;
        QTest::newRow("lead fraction")
            << (QByteArray("{") + valid + ",'provider':'7g','refreshLeadSeconds':90.5}")
            << u"refreshLeadSeconds"_s;
        QTest::newRow("lifetime fraction")
            << (QByteArray("{") + valid + ",'provider':'d7','fallbackLifetimeSeconds':1.5}")
            << u"fallbackLifetimeSeconds"_s;
        QTest::newRow("unknown credential")
            << (QByteArray("{") + valid + ",'provider':'d7','credential':'magic'}") << u"credential"_s;
        QTest::newRow("pasted token on 7g")
            << (QByteArray("{") + valid + ",'provider':'7g','credential':'token'}") << u"credential"_s;
        QTest::newRow("pasted expiry not a date")
            << (QByteArray("{") + valid + ",'provider':'d7','credential':'token','tokenExpiresAt':'soon'}")
            << u"tokenExpiresAt"_s;
        QTest::newRow("pasted expiry number")
            << (QByteArray("{") + valid + ",'provider':'d7','credential':'token','tokenExpiresAt':5}")
            << u"tokenExpiresAt"_s;
        QTest::newRow("lifetime huge")
            << (QByteArray("{") + valid + ",'provider':'d7','fallbackLifetimeSeconds':1e12}")
            << u"fallbackLifetimeSeconds"_s;
    }

    void fromJsonRejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, errorContains);
        QJsonParseError parseError;
        const QJsonObject o = QJsonDocument::fromJson(json.replace('\'', '"'), &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QString error;
        QVERIFY(!Account::fromJson(o, &error));
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        QVERIFY(!Account::fromJson(o, nullptr)); // no error pointer: no crash
    }

    void fromJsonDefaults()
    {
        QString error;
        const auto g = Account::fromJson(parse("{'id':'{a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0001}','name':'n',"
                                               "'provider':'7g','baseUrl':'https://x.example','login':'u'}"),
                                         &error);
        QVERIFY2(g, qPrintable(error));
        QCOMPARE(g->environment, u"custom"_s); // no environment given: a custom URL
        QCOMPARE(g->refreshLeadSeconds, 60);
        QCOMPARE(g->fallbackLifetimeSeconds, 20 * 60);
        const auto d = Account::fromJson(parse("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0002','name':'n',"
                                               "'provider':'d7','environment':'production',"
                                               "'baseUrl':'https://api.d7networks.com','login':'c'}"),
                                         &error);
        QVERIFY2(d, qPrintable(error));
        QVERIFY(d->environment.isEmpty()); // D7 has no environments
        QCOMPARE(d->fallbackLifetimeSeconds, 60 * 60);
        QCOMPARE(d->credential, Credential::Secret); // no credential field: signs in with a secret
        QVERIFY(!d->usesPastedToken());
    }

    void pastedTokenJson()
    {
        Account p = Account::create(Provider::D7);
        p.name = u"Pasted"_s;
        p.credential = Credential::PastedToken;
        QJsonObject o = p.toJson();
        QCOMPARE(o.value("credential"_L1).toString(), u"token"_s);
        // Without a client id the entry has no login, so that an older
        // TokenTray skips it instead of signing in without a secret.
        QVERIFY(!o.contains("login"_L1));
        QVERIFY(!o.contains("tokenExpiresAt"_L1));
        p.pastedTokenExpiresAt = QDateTime(QDate(2031, 2, 3), QTime(4, 5, 6), Qt::UTC);
        o = p.toJson();
        QCOMPARE(o.value("tokenExpiresAt"_L1).toString(), u"2031-02-03T04:05:06Z"_s);
        // A client-id application writes no credential field: the file stays as it was.
        const Account d = Account::create(Provider::D7);
        QVERIFY(!d.toJson().contains("credential"_L1));
        QVERIFY(!d.toJson().contains("tokenExpiresAt"_L1));
        // The 7G side ignores an expiry that only a pasted token may have.
        QString error;
        const auto g = Account::fromJson(parse("{'id':'a0ee1b8c-9b7d-4d1a-a7a4-2f6d8c0e0003','name':'n',"
                                               "'provider':'d7','credential':'secret','baseUrl':"
                                               "'https://api.d7networks.com','login':'c'}"),
                                         &error);
        QVERIFY2(g, qPrintable(error));
        QCOMPARE(g->credential, Credential::Secret);
    }
};

QTEST_GUILESS_MAIN(AccountTest)
#include "tst_account.moc"
