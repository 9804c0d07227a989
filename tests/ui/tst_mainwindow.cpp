#include "audit/accesslog.h"
#include "clipboard/clipboardguard.h"
#include "dialogs/accesslogmodel.h"
#include "dialogs/accountdialog.h"
#include "dialogs/recentaccessdialog.h"
#include "dialogs/tokendetailsdialog.h"
#include "fakeapiprocess.h"
#include "stubhttpserver.h"
#include "testengine.h"
#include "window/accountdetailspane.h"
#include "window/accountfilterproxymodel.h"
#include "window/accounttablemodel.h"
#include "window/bannerwidget.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

// Drives the real window and dialogs with QTest against a running
// tokentray-fakeapi, with a fake clock for everything time-related.
class TestMainWindow : public QObject
{
    Q_OBJECT

    FakeApiProcess m_api;
    std::unique_ptr<TestEngine> m_engine;
    std::unique_ptr<ClipboardGuard> m_guard;
    std::unique_ptr<MainWindow> m_window;

    MainWindow &window() { return *m_window; }
    TestEngine &engine() { return *m_engine; }

    int counter(const QString &name) { return m_api.counters().value(name).toInt(); }

    void makeWindow(QSettings *settings = nullptr)
    {
        m_window = std::make_unique<MainWindow>(m_engine->manager.get(), m_guard.get(), settings);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
    }

    QAction *action(const char *name) { return window().findChild<QAction *>(QString::fromLatin1(name)); }

    AccountDialog *openDialog()
    {
        AccountDialog *dialog = nullptr;
        [&] {
            QTRY_VERIFY((dialog = window().findChild<AccountDialog *>()) && dialog->isVisible());
        }();
        return dialog;
    }

    template<typename T> static T *child(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QString::fromLatin1(name));
    }

    static void type(QLineEdit *edit, const QString &text, bool replace = true)
    {
        edit->setFocus();
        if (replace)
            edit->selectAll();
        if (replace && !edit->text().isEmpty())
            QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    static void chooseCustomUrl(AccountDialog *dialog, const QUrl &url)
    {
        auto *environment = child<QComboBox>(dialog, "environment");
        environment->setCurrentIndex(environment->findData(u"custom"_s));
        type(child<QLineEdit>(dialog, "baseUrl"), url.toString());
    }

    // Fills the add dialog for a 7G account on the fake server.
    void fillSevenG(AccountDialog *dialog, const QString &name, const QString &user, const QString &password,
                    const QUrl &url = {})
    {
        type(child<QLineEdit>(dialog, "name"), name);
        chooseCustomUrl(dialog, url.isEmpty() ? m_api.baseUrl() : url);
        type(child<QLineEdit>(dialog, "login"), user);
        type(child<QLineEdit>(dialog, "secret"), password);
    }

    void fillD7(AccountDialog *dialog, const QString &name, const QString &clientId, const QString &secret,
                const QUrl &url = {})
    {
        QTest::mouseClick(child<QRadioButton>(dialog, "providerD7"), Qt::LeftButton);
        type(child<QLineEdit>(dialog, "name"), name);
        type(child<QLineEdit>(dialog, "baseUrl"), (url.isEmpty() ? m_api.baseUrl() : url).toString());
        type(child<QLineEdit>(dialog, "login"), clientId);
        type(child<QLineEdit>(dialog, "secret"), secret);
    }

    // Saves and waits for the dialog to close; returns the new account's id.
    QUuid save(AccountDialog *dialog)
    {
        QPointer<AccountDialog> guard(dialog);
        QSignalSpy saved(dialog, &AccountDialog::saved);
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        [&] {
            QTRY_COMPARE(saved.count(), 1);
        }();
        [&] {
            QTRY_VERIFY(!guard || !guard->isVisible());
        }();
        return saved.isEmpty() ? QUuid() : saved.first().first().toUuid();
    }

    QUuid addThroughManager(Account account, const QString &secret)
    {
        bool done = false;
        engine().manager->accountService()->addAccount(account, secret, this, [&done](const Status &s) {
            QVERIFY2(s.ok(), qPrintable(s.error()));
            done = true;
        });
        [&] {
            QTRY_VERIFY(done);
        }();
        return account.id;
    }

    Account sevenG(const QString &name, const QString &user, const QUrl &url = {})
    {
        Account a = Account::create(Provider::SevenG);
        a.name = name;
        a.environment = u"custom"_s;
        a.baseUrl = url.isEmpty() ? m_api.baseUrl() : url;
        a.login = user;
        return a;
    }

    QModelIndex cell(const QUuid &id, int column)
    {
        const int row = window().model()->rowOf(id);
        return window().proxyModel()->mapFromSource(window().model()->index(row, column));
    }

    TokenSession *session(const QUuid &id) { return engine().manager->session(id); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_api.start({ u"--seveng-user"_s, u"alice:alice-pw"_s, u"--seveng-user"_s,
                               u"carol:carol-pw"_s, u"--d7-app"_s, u"app-one:one-secret"_s, u"--seveng-ttl"_s,
                               u"1200"_s, u"--d7-ttl"_s, u"3600"_s, u"--quiet"_s }),
                 qPrintable(m_api.errorString()));
    }

    void init()
    {
        QVERIFY(m_api.resetCounters());
        QVERIFY(m_api.unlock());
        m_engine = std::make_unique<TestEngine>();
        m_guard = std::make_unique<ClipboardGuard>(QApplication::clipboard(), &m_engine->clock);
        m_engine->start();
        makeWindow();
    }

    void cleanup()
    {
        const QWidgetList windows = QApplication::topLevelWidgets();
        for (QWidget *w : windows) {
            if (w != m_window.get() && w->isVisible())
                w->close();
        }
        m_window.reset();
        m_guard.reset();
        m_engine.reset();
        QApplication::clipboard()->clear();
    }

    void emptyStateOffersAddAccount()
    {
        auto *pages = window().findChild<QStackedWidget *>();
        QVERIFY(pages);
        QCOMPARE(pages->currentWidget()->objectName(), u"emptyPage"_s);
        auto *button = child<QPushButton>(&window(), "emptyAddButton");
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        AccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        QTest::mouseClick(child<QPushButton>(dialog, "cancel"), Qt::LeftButton);
        QTRY_VERIFY(!window().findChild<AccountDialog *>()
                    || !window().findChild<AccountDialog *>()->isVisible());
        QCOMPARE(engine().accounts.accounts().size(), 0);
    }

    void addSevenGThroughDialogAndSignIn()
    {
        // Shortcuts reach the active window only: under Wayland the window
        // is active again once the compositor moves the focus back to it
        // from the dialog the last test closed.
        QTRY_VERIFY(window().isActiveWindow() && QGuiApplication::focusWindow() == window().windowHandle());
        QTest::keyClick(&window(), Qt::Key_N, Qt::ControlModifier);
        AccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(child<QRadioButton>(dialog, "provider7g")->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, "baseUrl")->text(), u"https://api.7g.com.au"_s);
        QVERIFY(child<QLineEdit>(dialog, "baseUrl")->isReadOnly());
        QCOMPARE(child<QLineEdit>(dialog, "secret")->echoMode(), QLineEdit::Password);
        QCOMPARE(child<QLineEdit>(dialog, "secret")->contextMenuPolicy(), Qt::NoContextMenu);

        fillSevenG(dialog, u"Registry test"_s, u"alice"_s, u"alice-pw"_s);

        // Test sign-in: one real login, the result inline, nothing saved.
        QTest::mouseClick(child<QPushButton>(dialog, "testSignIn"), Qt::LeftButton);
        auto *result = child<QLabel>(dialog, "testResult");
        QTRY_VERIFY2(result->text().startsWith(u"Signed in"_s), qPrintable(result->text()));
        QCOMPARE(counter(u"logins"_s), 1);
        QCOMPARE(engine().accounts.accounts().size(), 0);
        QCOMPARE(engine().secrets.entryCount(), 0);

        QPointer<QLineEdit> secretEdit = child<QLineEdit>(dialog, "secret");
        const QUuid id = save(dialog);
        QVERIFY(!id.isNull());
        if (secretEdit)
            QVERIFY(secretEdit->text().isEmpty()); // cleared after use

        QCOMPARE(engine().accounts.accounts().size(), 1);
        const Account stored = engine().accounts.accounts().first();
        QCOMPARE(stored.name, u"Registry test"_s);
        QCOMPARE(stored.environment, u"custom"_s);
        QCOMPARE(stored.baseUrl, m_api.baseUrl());
        QCOMPARE(stored.login, u"alice"_s);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::Password),
                 std::optional<QString>(u"alice-pw"_s));
        QFile file(engine().accounts.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("alice-pw"));

        QVERIFY(engine().waitForState(id, SessionState::Valid));
        QCOMPARE(cell(id, AccountTableModel::StateColumn).data().toString(), u"Valid"_s);
        const qint64 left = cell(id, AccountTableModel::TimeLeftColumn)
                                .data(AccountTableModel::SecondsLeftRole)
                                .toLongLong();
        // The server stamps exp from its own clock while the window counts on
        // the test's manual clock, set when the test started: allow for the
        // seconds between the two.
        QVERIFY2(left > 1100 && left <= 1260, qPrintable(QString::number(left)));
        QCOMPARE(window().currentSession() ? window().currentSession()->id() : QUuid(), id);
        // The new account is selected, the whole row.
        QCOMPARE(window().view()->selectionModel()->selectedRows().size(), 1);
    }

    void addD7ThroughDialogAndSignIn()
    {
        action("addAction")->trigger();
        AccountDialog *dialog = openDialog();
        QTest::mouseClick(child<QRadioButton>(dialog, "providerD7"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "baseUrl")->text(), defaultD7BaseUrl().toString());
        QVERIFY(!child<QLineEdit>(dialog, "baseUrl")->isReadOnly());
        QVERIFY(!child<QComboBox>(dialog, "environment")->isVisibleTo(dialog));
        QCOMPARE(child<QLineEdit>(dialog, "login")->accessibleName(), u"Client ID"_s);

        fillD7(dialog, u"SMS alerts"_s, u"app-one"_s, u"one-secret"_s);
        const QUuid id = save(dialog);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::ClientSecret),
                 std::optional<QString>(u"one-secret"_s));
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        QCOMPARE(counter(u"d7Logins"_s), 1);
        QCOMPARE(cell(id, AccountTableModel::EnvironmentColumn).data().toString(),
                 u"D7 · 127.0.0.1:%1"_s.arg(m_api.port()));
    }

    void validationIsInline()
    {
        addThroughManager(sevenG(u"Taken"_s, u"alice"_s), u"alice-pw"_s);
        action("addAction")->trigger();
        AccountDialog *dialog = openDialog();

        // Save with nothing filled in: every problem at once, nothing saved.
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QVERIFY(child<QLabel>(dialog, "nameError")->isVisible());
        QVERIFY(child<QLabel>(dialog, "loginError")->isVisible());
        QVERIFY(child<QLabel>(dialog, "secretError")->isVisible());
        QVERIFY(!child<QLabel>(dialog, "baseUrlError")->isVisible()); // production is fine
        QVERIFY(dialog->isVisible());
        QCOMPARE(engine().accounts.accounts().size(), 1);

        type(child<QLineEdit>(dialog, "name"), u"taken"_s);
        QVERIFY(child<QLabel>(dialog, "nameError")->text().contains(u"already"_s));
        type(child<QLineEdit>(dialog, "name"), u"Fresh name"_s);
        QVERIFY(!child<QLabel>(dialog, "nameError")->isVisible());

        chooseCustomUrl(dialog, QUrl(u"http://registry.example.com"_s));
        QTest::keyClick(child<QLineEdit>(dialog, "baseUrl"), Qt::Key_Tab);
        QVERIFY(child<QLabel>(dialog, "baseUrlError")->isVisible());
        QVERIFY(child<QLabel>(dialog, "baseUrlError")->text().contains(u"https"_s));
        type(child<QLineEdit>(dialog, "baseUrl"), u"not a url at all"_s);
        QVERIFY(child<QLabel>(dialog, "baseUrlError")->isVisible());
        // Loopback may use plain http (tests, local proxies).
        type(child<QLineEdit>(dialog, "baseUrl"), u"http://127.0.0.1:8080"_s);
        QVERIFY(!child<QLabel>(dialog, "baseUrlError")->isVisible());
        type(child<QLineEdit>(dialog, "baseUrl"), u"https://preview-api.example.com"_s);
        QVERIFY(!child<QLabel>(dialog, "baseUrlError")->isVisible());

        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QCOMPARE(engine().accounts.accounts().size(), 1);
        QCOMPARE(dialog->validationErrors().size(), 2); // login and password still missing
    }

    void editKeepsUntouchedSecretAndRevealsOnlyOnRequest()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        window().editAccount(id);
        AccountDialog *dialog = openDialog();
        auto *secret = child<QLineEdit>(dialog, "secret");
        QVERIFY(secret->text().isEmpty()); // the stored password is not shown
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QVERIFY(!child<QRadioButton>(dialog, "providerD7")->isEnabled());
        QCOMPARE(child<QLineEdit>(dialog, "name")->text(), u"Alice"_s);
        const int readsBefore = engine().secrets.operationCount();
        type(child<QLineEdit>(dialog, "notes"), u"on call"_s);
        save(dialog);
        QCOMPARE(engine().accounts.find(id)->notes, u"on call"_s);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::Password),
                 std::optional<QString>(u"alice-pw"_s));
        Q_UNUSED(readsBefore);

        // Reveal: read only now, shown in clear; saving without typing keeps it.
        window().editAccount(id);
        dialog = openDialog();
        secret = child<QLineEdit>(dialog, "secret");
        QTest::mouseClick(child<QToolButton>(dialog, "revealSecret"), Qt::LeftButton);
        QTRY_COMPARE(secret->text(), u"alice-pw"_s);
        QCOMPARE(secret->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(child<QToolButton>(dialog, "revealSecret"), Qt::LeftButton);
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        save(dialog);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::Password),
                 std::optional<QString>(u"alice-pw"_s));

        // Typing a new one replaces it.
        window().editAccount(id);
        dialog = openDialog();
        type(child<QLineEdit>(dialog, "secret"), u"new-password"_s);
        save(dialog);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::Password),
                 std::optional<QString>(u"new-password"_s));
    }

    void cancelChangesNothing()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        const Account before = *engine().accounts.find(id);
        window().editAccount(id);
        AccountDialog *dialog = openDialog();
        type(child<QLineEdit>(dialog, "name"), u"Renamed"_s);
        type(child<QLineEdit>(dialog, "secret"), u"other-password"_s);
        QTest::mouseClick(child<QPushButton>(dialog, "cancel"), Qt::LeftButton);
        QTRY_VERIFY(!window().findChild<AccountDialog *>()
                    || !window().findChild<AccountDialog *>()->isVisible());
        QTest::qWait(50);
        QCOMPARE(*engine().accounts.find(id), before);
        QCOMPARE(engine().secrets.storedValue(id, SecretKind::Password),
                 std::optional<QString>(u"alice-pw"_s));
    }

    void countdownDecreasesAsTheClockAdvances()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        const QModelIndex countdown = cell(id, AccountTableModel::TimeLeftColumn);
        const qint64 before = countdown.data(AccountTableModel::SecondsLeftRole).toLongLong();
        const QString textBefore = countdown.data().toString();
        QSignalSpy changed(window().proxyModel(), &QAbstractItemModel::dataChanged);
        engine().clock.advance(90'000);
        engine().tick();
        QVERIFY(!changed.isEmpty()); // the view was told, on the countdown cells
        const QString textAfter = cell(id, AccountTableModel::TimeLeftColumn).data().toString();
        QCOMPARE(textAfter, AccountTableModel::formatTimeLeft(before - 90));
        QVERIFY(textAfter != textBefore);
        QVERIFY(window().detailsPane()->expiryText().contains(textAfter));

        // Hidden window: nothing to repaint, so a tick tells the view nothing.
        window().hide();
        changed.clear();
        engine().clock.advance(1000);
        engine().tick();
        QCOMPARE(changed.count(), 0);
    }

    void copyPutsTheExactTokenAndTheFakeClockClearsIt()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        window().view()->setFocus();
        const QString token = session(id)->tokens().accessToken;
        QVERIFY(!token.isEmpty());

        QTest::keyClick(window().view(), Qt::Key_C, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::clipboard()->text(), token);
        QCOMPARE(QApplication::clipboard()->mimeData()->data(u"x-kde-passwordManagerHint"_s), "secret"_ba);
        QCOMPARE(window().statusText(), u"Copied Alice token — clears in 30 s"_s);

        engine().clock.advance(29'000);
        engine().tick();
        QCOMPARE(QApplication::clipboard()->text(), token);
        engine().clock.advance(1'000);
        engine().tick();
        QTRY_VERIFY(QApplication::clipboard()->text().isEmpty());

        // Enter copies too.
        QTest::keyClick(window().view(), Qt::Key_Return);
        QTRY_COMPARE(QApplication::clipboard()->text(), token);
    }

    void clipboardChangedBySomeoneElseIsNotCleared()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        action("copyTokenAction")->trigger();
        QTRY_COMPARE(QApplication::clipboard()->text(), session(id)->tokens().accessToken);
        QApplication::clipboard()->setText(u"copied by the user"_s);
        engine().clock.advance(31'000);
        engine().tick();
        QTest::qWait(50);
        QCOMPARE(QApplication::clipboard()->text(), u"copied by the user"_s);
    }

    void copyHeaderAndCurlCommand()
    {
        const QUuid seven = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        Account d7 = Account::create(Provider::D7);
        d7.name = u"SMS"_s;
        d7.baseUrl = m_api.baseUrl();
        d7.login = u"app-one"_s;
        const QUuid sms = addThroughManager(d7, u"one-secret"_s);
        QVERIFY(engine().waitForState(seven, SessionState::Valid));
        QVERIFY(engine().waitForState(sms, SessionState::Valid));

        window().selectAccount(seven);
        QTest::keyClick(window().view(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QString sevenToken = session(seven)->tokens().accessToken;
        QTRY_COMPARE(QApplication::clipboard()->text(), u"Authorization: "_s + sevenToken); // raw, no Bearer

        window().selectAccount(sms);
        QTest::keyClick(window().view(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QString smsToken = session(sms)->tokens().accessToken;
        QTRY_COMPARE(QApplication::clipboard()->text(), u"Authorization: Bearer "_s + smsToken);

        window().selectAccount(seven);
        action("copyCurlAction")->trigger();
        QTRY_VERIFY(QApplication::clipboard()->text().startsWith(u"curl "_s));
        const QString curl = QApplication::clipboard()->text();
        QVERIFY2(curl.contains(u"-H 'Authorization: "_s + sevenToken + u'\''), qPrintable(curl));
        QVERIFY(curl.contains(u"-H 'Version: 2.0'"_s));
        QVERIFY(curl.endsWith(u'\'' + m_api.baseUrl().toString() + u'\''));
    }

    void copyingATokenAboutToExpireRenewsItFirst()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        const QString oldToken = session(id)->tokens().accessToken;
        QVERIFY(m_api.resetCounters());
        // Five seconds before expiry, no tick in between: the copy itself must renew.
        engine().clock.set(session(id)->tokens().expiresAt.addSecs(-5));
        window().selectAccount(id);
        action("copyTokenAction")->trigger();
        // The new token, not merely something else: under Wayland the
        // clipboard reads back what the compositor offers until our copy lands.
        QTRY_VERIFY(session(id)->tokens().accessToken != oldToken
                    && QApplication::clipboard()->text() == session(id)->tokens().accessToken);
        QCOMPARE(counter(u"refreshes"_s) + counter(u"logins"_s), 1);
    }

    void wrongPasswordIsShownAndNeverRetried()
    {
        action("addAction")->trigger();
        AccountDialog *dialog = openDialog();
        fillSevenG(dialog, u"Carol"_s, u"carol"_s, u"not-her-password"_s);
        const QUuid id = save(dialog);
        QVERIFY(engine().waitForState(id, SessionState::CredentialsRejected));
        QCOMPARE(cell(id, AccountTableModel::StateColumn).data().toString(),
                 u"Wrong password — not retried"_s);
        QVERIFY(!cell(id, AccountTableModel::StateColumn).data(Qt::ToolTipRole).toString().isEmpty());
        window().selectAccount(id);
        QVERIFY(!window().detailsPane()->problemText().isEmpty());
        QCOMPARE(window().detailsPane()->stateText(), u"Wrong password — not retried"_s);

        // Time passes, ticks come: still the one attempt (7G locks after three).
        for (int i = 0; i < 20; ++i) {
            engine().clock.advance(30'000);
            engine().tick();
            QTest::qWait(10);
        }
        QCOMPARE(counter(u"loginFailures"_s), 1);
        QCOMPARE(counter(u"logins"_s), 0);
        QCOMPARE(session(id)->state(), SessionState::CredentialsRejected);
        // No dialog popped up for it.
        for (QWidget *w : QApplication::topLevelWidgets())
            QVERIFY(w == m_window.get() || !w->isVisible() || w->inherits("QMenu"));
    }

    void readableMessages_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("sevenG");
        QTest::addColumn<QString>("expected");
        QTest::newRow("D7 422 validation")
            << 422 << "application/json"_ba
            << R"({"detail":[{"loc":["body","client_id"],"msg":"field required","type":"value_error.missing"}]})"_ba
            << false << u"field required"_s;
        QTest::newRow("D7 404 unknown application")
            << 404 << "application/json"_ba
            << R"({"detail":{"code":"APPLICATION_NOT_EXISTS","message":"Application not exists"}})"_ba
            << false << u"Application not exists"_s;
        QTest::newRow("7G 502 HTML page")
            << 502 << "text/html"_ba
            << "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"_ba
            << true << u"502"_s;
    }

    // Errors appear on the row and in the details pane in words, with the
    // server's own message, through Test sign-in as well as the live session.
    void readableMessages()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(bool, sevenG);
        QFETCH(QString, expected);
        StubHttpServer stub;
        QVERIFY(stub.listen());
        stub.setReply(status, contentType, body);

        action("addAction")->trigger();
        AccountDialog *dialog = openDialog();
        if (sevenG)
            fillSevenG(dialog, u"Stubbed"_s, u"alice"_s, u"pw"_s, stub.baseUrl());
        else
            fillD7(dialog, u"Stubbed"_s, u"client"_s, u"pw"_s, stub.baseUrl());
        QTest::mouseClick(child<QPushButton>(dialog, "testSignIn"), Qt::LeftButton);
        auto *result = child<QLabel>(dialog, "testResult");
        QTRY_VERIFY2(result->text().startsWith(u"Sign-in failed"_s), qPrintable(result->text()));
        QVERIFY2(result->text().contains(expected), qPrintable(result->text()));
        QVERIFY2(!result->text().contains(u"<html"_s, Qt::CaseInsensitive), qPrintable(result->text()));
        QVERIFY(!result->text().contains(u'\n'));

        const QUuid id = save(dialog);
        QTRY_VERIFY(session(id)->lastError().isError() || (engine().tick(), false));
        window().selectAccount(id);
        const QString detail = cell(id, AccountTableModel::StateColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(detail.contains(expected), qPrintable(detail));
        QVERIFY2(!detail.contains(u"<html"_s, Qt::CaseInsensitive), qPrintable(detail));
        window().detailsPane()->refresh();
        QVERIFY2(window().detailsPane()->problemText().contains(expected),
                 qPrintable(window().detailsPane()->problemText()));
    }

    void removeAsksNamingTheAccountAndDeletesItsSecrets()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice the removable"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        window().view()->setFocus();

        // Cancel first: nothing happens.
        QTest::keyClick(window().view(), Qt::Key_Delete);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window().findChild<QMessageBox *>(u"removeConfirmation"_s)) && box->isVisible());
        QVERIFY(box->text().contains(u"Alice the removable"_s));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!window().findChild<QMessageBox *>(u"removeConfirmation"_s));
        QCOMPARE(engine().accounts.accounts().size(), 1);

        action("removeAction")->trigger();
        QTRY_VERIFY((box = window().findChild<QMessageBox *>(u"removeConfirmation"_s)) && box->isVisible());
        QTest::mouseClick(child<QPushButton>(box, "confirmRemove"), Qt::LeftButton);
        QTRY_COMPARE(engine().accounts.accounts().size(), 0);
        QTRY_COMPARE(engine().secrets.entryCount(), 0);
        QCOMPARE(window().model()->rowCount(), 0);
        QCOMPARE(window().findChild<QStackedWidget *>()->currentWidget()->objectName(), u"emptyPage"_s);
    }

    void filterBoxWithCtrlF()
    {
        addThroughManager(sevenG(u"Registry prod"_s, u"alice"_s), u"alice-pw"_s);
        addThroughManager(sevenG(u"Registry lab"_s, u"carol"_s), u"carol-pw"_s);
        // A row is current and highlighted from the start: the actions have a target.
        QCOMPARE(window().view()->selectionModel()->selectedRows().size(), 1);
        QVERIFY(window().currentSession());
        QTest::keyClick(&window(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window().filterEdit()->hasFocus());
        QTest::keyClicks(window().filterEdit(), u"carol"_s);
        QCOMPARE(window().proxyModel()->rowCount(), 1);
        QCOMPARE(window().proxyModel()->index(0, 0).data().toString(), u"Registry lab"_s);
        QTest::keyClicks(window().filterEdit(), u"xyz"_s);
        QCOMPARE(window().findChild<QStackedWidget *>()->currentWidget()->objectName(), u"noMatchPage"_s);
        QTest::keyClick(window().filterEdit(), Qt::Key_Escape);
        QVERIFY(window().filterEdit()->text().isEmpty());
        QCOMPARE(window().proxyModel()->rowCount(), 2);
        QVERIFY(window().view()->hasFocus());
    }

    void offlineIsOneBannerNotADialogStorm()
    {
        // A port nobody listens on.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QUrl dead(u"http://127.0.0.1:%1"_s.arg(closed.serverPort()));
        closed.close();
        for (int i = 0; i < 5; ++i)
            addThroughManager(sevenG(u"Unreachable %1"_s.arg(i), u"alice"_s, dead), u"alice-pw"_s);
        QTRY_VERIFY_WITH_TIMEOUT((engine().tick(), engine().manager->offlineMonitor()->isOffline()), 15000);
        QTRY_VERIFY(window().offlineBanner()->isVisible());
        QVERIFY(window().offlineBanner()->text().startsWith(u"Offline — retrying"_s));
        int visibleWindows = 0;
        for (QWidget *w : QApplication::topLevelWidgets())
            visibleWindows += w->isVisible() ? 1 : 0;
        QCOMPARE(visibleWindows, 1);
    }

    void lockedKeychainIsOneBannerWithTryAgain()
    {
        m_window.reset();
        m_guard.reset();
        m_engine = std::make_unique<TestEngine>();
        m_guard = std::make_unique<ClipboardGuard>(QApplication::clipboard(), &m_engine->clock);
        addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        m_engine->secrets.setFailure(SecretError::Locked, u"The login keyring is locked."_s);
        makeWindow();
        m_engine->start();
        QTRY_COMPARE(engine().manager->keychainMonitor()->status(), KeychainMonitor::Status::Unavailable);
        QTRY_VERIFY(window().keychainBanner()->isVisible());
        QVERIFY2(window().keychainBanner()->text().contains(u"The login keyring is locked."_s),
                 qPrintable(window().keychainBanner()->text()));
        QVERIFY(!window().offlineBanner()->isVisible());

        // Unlocked, and "Try Again": the banner goes, the account signs in.
        m_engine->secrets.clearFailure();
        auto *tryAgain = child<QPushButton>(window().keychainBanner(), "keychainRetry");
        QVERIFY(tryAgain);
        QTest::mouseClick(tryAgain, Qt::LeftButton);
        QTRY_VERIFY(!window().keychainBanner()->isVisible());
    }

    void windowStateIsRestored()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_window.reset();
        makeWindow(&settings);
        window().resize(900, 500);
        window().view()->sortByColumn(AccountTableModel::TimeLeftColumn, Qt::DescendingOrder);
        window().view()->horizontalHeader()->resizeSection(AccountTableModel::LoginColumn, 222);
        window().close();
        m_window.reset();
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().isEmpty());

        makeWindow(&settings);
        QHeaderView *header = window().view()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(AccountTableModel::TimeLeftColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(window().proxyModel()->sortColumn(), int(AccountTableModel::TimeLeftColumn));
        QCOMPARE(header->sectionSize(AccountTableModel::LoginColumn), 222);
        QCOMPARE(window().size(), QSize(900, 500));
    }

    void tokenDetailsShowClaimsAndMaskTheToken()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        QTest::keyClick(window().view(), Qt::Key_I, Qt::ControlModifier);
        TokenDetailsDialog *details = nullptr;
        QTRY_VERIFY((details = window().findChild<TokenDetailsDialog *>()) && details->isVisible());
        QVERIFY(!details->isTokenRevealed());
        auto *token = child<QLineEdit>(details, "token");
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QCOMPARE(token->text(), session(id)->tokens().accessToken);
        const QString claims = details->claimsText();
        QVERIFY2(claims.contains(u"\"exp\""_s) && claims.contains(u"\"alice\""_s), qPrintable(claims));
        QVERIFY(claims.contains(u"\"alg\""_s));
        QVERIFY(!claims.contains(session(id)->tokens().accessToken));
        QVERIFY(child<QLabel>(details, "times")->text().contains(u"expires (exp)"_s));
        QTest::mouseClick(child<QToolButton>(details, "revealToken"), Qt::LeftButton);
        QVERIFY(details->isTokenRevealed());
        details->close();
    }

    void keyboardAndAccessibility()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        QVERIFY(m_api.resetCounters());
        QTest::keyClick(window().view(), Qt::Key_F5);
        QTRY_COMPARE(counter(u"refreshes"_s) + counter(u"logins"_s), 1);

        QVERIFY(!window().view()->accessibleName().isEmpty());
        QVERIFY(!window().filterEdit()->accessibleName().isEmpty());
        for (const char *name :
             { "addAction", "editAction", "removeAction", "copyTokenAction", "copyHeaderAction",
               "copyCurlAction", "renewAction", "signOutAction", "detailsAction", "checkAction" }) {
            QAction *a = action(name);
            QVERIFY2(a, name);
            QVERIFY2(!a->text().isEmpty(), name);
            // Reachable without a mouse: a shortcut, or the menu bar and the context menu.
            QVERIFY2(!a->associatedObjects().isEmpty(), name);
        }
        QCOMPARE(action("copyTokenAction")->shortcuts().first(), QKeySequence(QKeySequence::Copy));
        QCOMPARE(action("copyHeaderAction")->shortcut(), QKeySequence(u"Ctrl+Shift+C"_s));
        QCOMPARE(action("renewAction")->shortcuts().first(), QKeySequence(Qt::Key_F5));
        QCOMPARE(action("addAction")->shortcut(), QKeySequence(QKeySequence::New));

        action("addAction")->trigger();
        AccountDialog *dialog = openDialog();
        for (QLineEdit *edit : dialog->findChildren<QLineEdit *>()) {
            if (edit->isVisibleTo(dialog))
                QVERIFY2(!edit->accessibleName().isEmpty(), qPrintable(edit->objectName()));
        }
    }

    void checkServiceReportsInline()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        action("checkAction")->trigger();
        QTRY_VERIFY2(window().statusText().startsWith(u"Alice: "_s), qPrintable(window().statusText()));
    }

    // The time of a check comes from the window's clock, not the wall clock.
    void checkServiceTimeFromClock()
    {
        const QUuid id = addThroughManager(sevenG(u"Alice"_s, u"alice"_s), u"alice-pw"_s);
        QVERIFY(engine().waitForState(id, SessionState::Valid));
        window().selectAccount(id);
        engine().clock.advance(-90 * 60 * 1000);
        const QString expected
            = QLocale().toString(engine().clock.now().toLocalTime().time(), QLocale::ShortFormat);
        action("checkAction")->trigger();
        QLabel *check = nullptr;
        QTRY_VERIFY([&] {
            for (QLabel *label : window().findChildren<QLabel *>()) {
                if (label->accessibleName() == u"Service check"_s && !label->text().isEmpty())
                    check = label;
            }
            return check != nullptr;
        }());
        QVERIFY2(check->text().contains(expected), qPrintable(check->text() + u" / "_s + expected));
    }

    // View → Recent Access… appears with a log, opens one dialog, and that
    // dialog shows a hand-off recorded while it is open.
    void recentAccessFromTheViewMenu()
    {
        QVERIFY(!action("recentAccessAction")->isVisible());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AccessLog log(dir.filePath(u"access-log.jsonl"_s));
        window().setAccessLog(&log);
        QAction *open = action("recentAccessAction");
        QVERIFY(open->isVisible());
        bool inViewMenu = false;
        for (QAction *menu : window().menuBar()->actions()) {
            if (menu->menu() && menu->menu()->actions().contains(open))
                inViewMenu = menu->text() == u"&View"_s;
        }
        QVERIFY(inViewMenu);
        open->trigger();
        RecentAccessDialog *dialog = window().recentAccessDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        open->trigger();
        QCOMPARE(window().findChildren<RecentAccessDialog *>().size(), 1);
        QCOMPARE(dialog->model()->rowCount(), 0);

        AccessLogEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.accountId = QUuid::createUuid();
        entry.accountName = u"Registry"_s;
        entry.command = u"token"_s;
        entry.caller = { 77, 1000, u"/usr/bin/tokentray"_s };
        QVERIFY(log.append(entry).ok());
        QCOMPARE(dialog->model()->rowCount(), 1);
        QCOMPARE(dialog->model()->index(0, AccessLogModel::AccountColumn).data().toString(), u"Registry"_s);
        dialog->close();
        QTRY_VERIFY(!window().recentAccessDialog());
        window().setAccessLog(nullptr);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
