#include "fakeapiprocess.h"
#include "stubhttpserver.h"
#include "testengine.h"
#include "window/accountfilterproxymodel.h"
#include "window/accounttablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAccountTableModel : public QObject
{
    Q_OBJECT

    FakeApiProcess m_api;

    Account sevenG(const QString &name, const QString &user)
    {
        Account a = Account::create(Provider::SevenG);
        a.name = name;
        a.environment = u"custom"_s;
        a.baseUrl = m_api.baseUrl();
        a.login = user;
        return a;
    }

    Account d7(const QString &name, const QString &clientId)
    {
        Account a = Account::create(Provider::D7);
        a.name = name;
        a.baseUrl = m_api.baseUrl();
        a.login = clientId;
        return a;
    }

    static void add(TestEngine &engine, const Account &account, const QString &secret)
    {
        bool done = false;
        engine.manager->accountService()->addAccount(account, secret, &engine.secrets,
                                                     [&done](const Status &status) {
                                                         QVERIFY2(status.ok(), qPrintable(status.error()));
                                                         done = true;
                                                     });
        QTRY_VERIFY(done);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_api.start({ u"--seveng-user"_s, u"alice:alice-pw"_s, u"--seveng-user"_s, u"bob:bob-pw"_s,
                               u"--d7-app"_s, u"app-one:one-secret"_s, u"--seveng-ttl"_s, u"1200"_s,
                               u"--d7-ttl"_s, u"3600"_s, u"--quiet"_s }),
                 qPrintable(m_api.errorString()));
    }

    void formatTimeLeft_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << u"0:00"_s;
        QTest::newRow("seconds") << qint64(7) << u"0:07"_s;
        QTest::newRow("minutes") << qint64(245) << u"4:05"_s;
        QTest::newRow("just under an hour") << qint64(3599) << u"59:59"_s;
        QTest::newRow("an hour") << qint64(3600) << u"1:00:00"_s;
        QTest::newRow("hours") << qint64(2 * 3600 + 61) << u"2:01:01"_s;
        QTest::newRow("negative") << qint64(-5) << u"0:00"_s;
    }

    void formatTimeLeft()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(AccountTableModel::formatTimeLeft(seconds), text);
    }

    void spokenTimeLeft_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("one second") << qint64(1) << u"1 second left"_s;
        QTest::newRow("seconds") << qint64(45) << u"45 seconds left"_s;
        QTest::newRow("one minute") << qint64(60) << u"1 minute left"_s;
        QTest::newRow("minute and second") << qint64(61) << u"1 minute 1 second left"_s;
        QTest::newRow("minutes and seconds") << qint64(19 * 60 + 39) << u"19 minutes 39 seconds left"_s;
        QTest::newRow("an hour") << qint64(3600) << u"1 hour left"_s;
        QTest::newRow("hours and minutes") << qint64(2 * 3600 + 5 * 60 + 9) << u"2 hours 5 minutes left"_s;
        QTest::newRow("hour and minute") << qint64(3600 + 60) << u"1 hour 1 minute left"_s;
    }

    // The countdown in words: what the time left cell tells a screen reader.
    void spokenTimeLeft()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(AccountTableModel::spokenTimeLeft(seconds), text);
    }

    void spokenAge()
    {
        QCOMPARE(AccountTableModel::spokenAge(5), u"just now"_s);
        QCOMPARE(AccountTableModel::spokenAge(60), u"1 minute ago"_s);
        QCOMPARE(AccountTableModel::spokenAge(3 * 60 + 10), u"3 minutes ago"_s);
        QCOMPARE(AccountTableModel::spokenAge(3600 + 59 * 60), u"1 hour ago"_s);
        QCOMPARE(AccountTableModel::spokenAge(2 * 3600 + 5), u"2 hours ago"_s);
        QCOMPARE(AccountTableModel::spokenAge(3 * 86400), u"3 days ago"_s);
    }

    void formatAge()
    {
        QCOMPARE(AccountTableModel::formatAge(5), u"just now"_s);
        QCOMPARE(AccountTableModel::formatAge(3 * 60 + 10), u"3 min ago"_s);
        QCOMPARE(AccountTableModel::formatAge(2 * 3600 + 5), u"2 h ago"_s);
        QCOMPARE(AccountTableModel::formatAge(3 * 86400), u"3 days ago"_s);
    }

    // Rows follow the manager; the tester checks every signal for consistency.
    void rowsFollowSessions()
    {
        TestEngine engine;
        AccountTableModel model(engine.manager.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AccountFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(AccountTableModel::TimeLeftColumn);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        engine.start();

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const Account alice = sevenG(u"Alice production"_s, u"alice"_s);
        const Account one = d7(u"SMS one"_s, u"app-one"_s);
        add(engine, alice, u"alice-pw"_s);
        add(engine, one, u"one-secret"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowOf(alice.id), 0);
        QCOMPARE(model.rowOf(one.id), 1);
        QCOMPARE(model.index(0, AccountTableModel::NameColumn).data().toString(), u"Alice production"_s);
        QCOMPARE(model.index(1, AccountTableModel::EnvironmentColumn).data().toString(),
                 u"D7 · 127.0.0.1:%1"_s.arg(m_api.port()));
        QCOMPARE(model.index(0, AccountTableModel::LoginColumn).data().toString(), u"alice"_s);
        QCOMPARE(model.index(0, 0).data(AccountTableModel::SessionIdRole).toUuid(), alice.id);

        QVERIFY(engine.waitForState(alice.id, SessionState::Valid));
        QVERIFY(engine.waitForState(one.id, SessionState::Valid));
        const QModelIndex state = model.index(0, AccountTableModel::StateColumn);
        QCOMPARE(state.data().toString(), u"Valid"_s);
        QCOMPARE(state.data(AccountTableModel::SeverityRole).toInt(), int(StatusSeverity::Ok));
        QVERIFY(!state.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(
            model.index(0, AccountTableModel::TimeLeftColumn).data(AccountTableModel::HasTokenRole).toBool());
        QCOMPARE(model.index(0, AccountTableModel::RenewedColumn).data().toString(), u"just now"_s);

        bool removedOk = false;
        engine.manager->accountService()->removeAccount(alice.id, &model,
                                                        [&](const Status &s) { removedOk = s.ok(); });
        QTRY_VERIFY(removedOk);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(one.id), 0);
        QCOMPARE(reset.count(), 0);
    }

    // The countdown follows the clock; a tick touches only the ticking cells
    // of the visible rows, never resets, and never re-sorts the proxy.
    void tickUpdatesOnlyCountdownCellsOfVisibleRows()
    {
        TestEngine engine;
        AccountTableModel model(engine.manager.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        engine.start();
        QList<Account> accounts;
        for (int i = 0; i < 4; ++i) {
            accounts << sevenG(u"Account %1"_s.arg(i), u"alice"_s);
            add(engine, accounts.last(), u"alice-pw"_s);
        }
        for (const Account &a : std::as_const(accounts))
            QVERIFY(engine.waitForState(a.id, SessionState::Valid));

        AccountFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(AccountTableModel::TimeLeftColumn, Qt::AscendingOrder);
        QSignalSpy proxyLayout(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const QModelIndex countdown = model.index(2, AccountTableModel::TimeLeftColumn);
        const QString before = countdown.data().toString();
        const qint64 secondsBefore = countdown.data(AccountTableModel::SecondsLeftRole).toLongLong();
        // The token's expiry is in whole seconds of the stub server's clock,
        // which the countdown rounds up: 20:01 is as right as 20:00.
        QVERIFY2(secondsBefore > 1100 && secondsBefore <= 1201, qPrintable(before));

        // Only rows 1 and 2 are on screen.
        model.setVisibleRowsFunction([] { return QList<int> { 2, 1 }; });
        engine.clock.advance(65'000);
        changed.clear();
        engine.tick();

        QCOMPARE(reset.count(), 0);
        QCOMPARE(proxyLayout.count(), 0);
        QVERIFY(!changed.isEmpty());
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const QModelIndex topLeft = args.at(0).toModelIndex();
            const QModelIndex bottomRight = args.at(1).toModelIndex();
            const QList<int> roles = args.at(2).value<QList<int>>();
            if (topLeft.column() == 0 && bottomRight.column() == AccountTableModel::ColumnCount - 1)
                continue; // a session's own change (none expected, but not a tick)
            // Only the countdown and renewed columns (no row is retrying here).
            QCOMPARE(topLeft.column(), int(AccountTableModel::TimeLeftColumn));
            QCOMPARE(bottomRight.column(), int(AccountTableModel::RenewedColumn));
            QVERIFY(topLeft.row() >= 1 && bottomRight.row() <= 2);
            QVERIFY(!roles.isEmpty());
            QVERIFY(!roles.contains(AccountTableModel::SortRole));
            QVERIFY(!roles.contains(AccountTableModel::FilterTextRole));
        }

        const qint64 secondsAfter = countdown.data(AccountTableModel::SecondsLeftRole).toLongLong();
        QCOMPARE(secondsAfter, secondsBefore - 65);
        QCOMPARE(countdown.data().toString(), AccountTableModel::formatTimeLeft(secondsAfter));
        QVERIFY(countdown.data().toString() != before);
        const double fraction = countdown.data(AccountTableModel::CountdownFractionRole).toDouble();
        QVERIFY(fraction > 0.8 && fraction < 0.96);

        // Nothing on screen (window hidden): a tick emits nothing at all.
        model.setVisibleRowsFunction([] { return QList<int>(); });
        changed.clear();
        engine.tick();
        QCOMPARE(changed.count(), 0);
    }

    // "Retrying in 8 s" is the one state text that moves with the clock: its
    // cell is updated on a tick as well.
    void retryCountdownTicksInTheStateColumn()
    {
        StubHttpServer stub;
        QVERIFY(stub.listen());
        stub.setReply(503, "application/json"_ba, "{}"_ba);
        TestEngine engine;
        AccountTableModel model(engine.manager.get());
        engine.start();
        Account a = sevenG(u"Busy service"_s, u"alice"_s);
        a.baseUrl = stub.baseUrl();
        add(engine, a, u"alice-pw"_s);
        QVERIFY(engine.waitForState(a.id, SessionState::RetryScheduled));
        const QModelIndex state = model.index(0, AccountTableModel::StateColumn);
        const QString before = state.data().toString();
        QVERIFY2(before.startsWith(u"Retrying in"_s), qPrintable(before));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        engine.clock.advance(400);
        model.updateCountdowns();
        bool stateCell = false;
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const QModelIndex topLeft = args.at(0).toModelIndex();
            const QModelIndex bottomRight = args.at(1).toModelIndex();
            stateCell = stateCell
                || (topLeft.column() <= AccountTableModel::StateColumn
                    && bottomRight.column() >= AccountTableModel::StateColumn);
        }
        QVERIFY(stateCell);
    }

    void colourTurnsAmberThenRedAndSaysExpired()
    {
        TestEngine engine;
        engine.manager->setAutoRenew(false); // keep the token as it is
        AccountTableModel model(engine.manager.get());
        engine.start();
        const Account a = sevenG(u"Alice"_s, u"alice"_s);
        add(engine, a, u"alice-pw"_s);
        TokenSession *session = engine.manager->session(a.id);
        bool got = false;
        session->requestToken(0, this, [&](const TokenSet &t, const AuthError &) { got = !t.isEmpty(); });
        QTRY_VERIFY(got);

        const QModelIndex countdown = model.index(0, AccountTableModel::TimeLeftColumn);
        QVERIFY(!countdown.data(Qt::ForegroundRole).isValid()); // plenty of time: the normal colour
        engine.clock.set(session->tokens().expiresAt.addSecs(-90));
        QCOMPARE(countdown.data().toString(), u"1:30"_s);
        const QColor amber = countdown.data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(amber.isValid());
        engine.clock.set(session->tokens().expiresAt.addSecs(1));
        QCOMPARE(countdown.data().toString(), u"Expired"_s);
        const QColor red = countdown.data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(red.isValid());
        QVERIFY(red != amber);
        QCOMPARE(countdown.data(AccountTableModel::CountdownFractionRole).toDouble(), 0.0);
    }

    void filterMatchesNameEnvironmentAndLogin()
    {
        TestEngine engine;
        AccountTableModel model(engine.manager.get());
        AccountFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        engine.manager->setAutoRenew(false);
        engine.start();
        Account prod = Account::create(Provider::SevenG);
        prod.name = u"Registry main"_s;
        prod.login = u"ops.alice"_s;
        add(engine, prod, {});
        Account lab = Account::create(Provider::SevenG);
        lab.name = u"Registry lab"_s;
        lab.environment = u"lab"_s;
        lab.baseUrl = sevenGEnvironment(u"lab"_s)->baseUrl;
        lab.login = u"ops.bob"_s;
        add(engine, lab, {});
        Account sms = d7(u"SMS"_s, u"client-42"_s);
        add(engine, sms, {});

        const auto names = [&proxy] {
            QStringList list;
            for (int row = 0; row < proxy.rowCount(); ++row)
                list << proxy.index(row, 0).data().toString();
            list.sort();
            return list;
        };
        proxy.setFilterText(u"registry"_s);
        QCOMPARE(names(), QStringList({ u"Registry lab"_s, u"Registry main"_s }));
        proxy.setFilterText(u"production"_s); // the environment
        QCOMPARE(names(), QStringList({ u"Registry main"_s }));
        proxy.setFilterText(u"BOB"_s); // the login, any case
        QCOMPARE(names(), QStringList({ u"Registry lab"_s }));
        proxy.setFilterText(u"d7 42"_s); // every word must match
        QCOMPARE(names(), QStringList({ u"SMS"_s }));
        proxy.setFilterText(u"nothing like this"_s);
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), 3);

        proxy.sort(AccountTableModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), u"SMS"_s);
        QCOMPARE(proxy.index(2, 0).data().toString(), u"Registry lab"_s);
    }
};

QTEST_MAIN(TestAccountTableModel)
#include "tst_accounttablemodel.moc"
