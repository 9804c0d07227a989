// The tray icon in the harness's desktop (Xvfb + trayer), driven through
// DesktopIntegration with real sessions against tokentray-fakeapi: the icon is
// embedded in the tray host, the menu matches the accounts and its actions
// work, the menu is not rebuilt on every tick, and closing the window only
// hides it.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "clipboard/clipboardguard.h"
#include "desktop/desktopsettings.h"
#include "desktop/tokencopier.h"
#include "dialogs/settingsdialog.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"
#include "tray/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMainWindow>
#include <QMenu>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TrayIconTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeApiProcess m_api;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<NetworkPolicy> m_network;
    std::unique_ptr<SessionManager> m_manager;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ClipboardGuard> m_guard;
    std::unique_ptr<QMainWindow> m_window;
    DesktopIntegration *m_desktop = nullptr;
    DesktopSettings *m_desktopSettings = nullptr;
    TokenCopier *m_copier = nullptr;
    QUuid m_prod;
    QUuid m_test;
    QUuid m_d7;

    QUuid seed(Provider kind, const QString &name, const QString &login, const QString &secret)
    {
        Account a = Account::create(kind);
        a.name = name;
        a.login = login;
        a.baseUrl = m_api.baseUrl();
        if (kind == Provider::SevenG)
            a.environment = u"custom"_s;
        const Status added = m_accounts->add(a);
        if (!added)
            qFatal("%s", qPrintable(added.error()));
        m_secrets->write(a.id, kind == Provider::SevenG ? SecretKind::Password : SecretKind::ClientSecret,
                         secret, nullptr, {});
        return a.id;
    }

    // One second of engine time per call, as the 1-second timer would do.
    void tick()
    {
        m_clock->advance(1000);
        m_manager->tick();
    }

    bool allValid()
    {
        m_manager->tick();
        const auto &sessions = m_manager->sessions();
        return !sessions.isEmpty()
            && std::all_of(sessions.cbegin(), sessions.cend(),
                           [](const TokenSession *s) { return s->state() == SessionState::Valid; });
    }

    TrayIcon *tray() const { return m_desktop->trayIcon(); }

    QMenu *accountMenu(const QUuid &id) const
    {
        return tray()->menu()->findChild<QMenu *>(u"trayAccount:"_s + id.toString(QUuid::WithoutBraces));
    }

    QAction *accountAction(const QUuid &id, const QString &name) const
    {
        QMenu *menu = accountMenu(id);
        if (menu)
            Q_EMIT menu->aboutToShow(); // its items are made when it opens
        return menu ? menu->findChild<QAction *>(name) : nullptr;
    }

    // xclip asks this process for the clipboard, so it must run while events
    // are processed: a blocking wait would deadlock.
    QByteArray xclip()
    {
        QProcess p;
        p.start(u"xclip"_s, { u"-o"_s, u"-selection"_s, u"clipboard"_s });
        if (!p.waitForStarted(5000))
            return "<no xclip>";
        for (int waited = 0; p.state() != QProcess::NotRunning && waited < 10000; waited += 20)
            QTest::qWait(20);
        return p.readAllStandardOutput();
    }

    static QString trayerDiagnostics()
    {
        QProcess p;
        p.start(u"pgrep"_s, { u"-a"_s, u"trayer"_s });
        p.waitForFinished(5000);
        const QString processes = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        const QStringList panel = xwininfoTree().split(u'\n').filter(u"trayer"_s);
        return u"no tray manager; trayer processes: ["_s + processes + u"]; trayer windows: ["_s
            + panel.join(u"; "_s).simplified() + u"]"_s;
    }

    static QString xwininfoTree()
    {
        QProcess p;
        p.start(u"xwininfo"_s, { u"-root"_s, u"-tree"_s });
        p.waitForFinished(10000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    // True when a 22x22 window of this application sits in trayer's panel.
    static bool embeddedInTrayer(const QString &tree, const QString &appClass)
    {
        const QStringList lines = tree.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!lines.at(i).contains(u"(\"panel\" \"trayer\")"_s))
                continue;
            const qsizetype indent = lines.at(i).indexOf(u'0');
            for (qsizetype j = i + 1; j < lines.size(); ++j) {
                const QString &line = lines.at(j);
                const qsizetype lineIndent = line.indexOf(QRegularExpression(u"\\S"_s));
                if (lineIndent <= indent)
                    break;
                if (line.contains(u"\""_s + appClass + u"\""_s) && line.contains(u"22x22"_s))
                    return true;
            }
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the desktop of tests/harness/desktop-session.sh (X display and tray host)");
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_api.start({ u"--demo"_s, u"--quiet"_s }), qPrintable(m_api.errorString()));

        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        m_accounts = std::make_unique<AccountStore>(m_dir.filePath(u"accounts.json"_s));
        QVERIFY(m_accounts->load());
        m_secrets = std::make_unique<MemorySecretStore>();
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_network = std::make_unique<NetworkPolicy>(m_nam.get());
        m_prod = seed(Provider::SevenG, u"Prod 7G"_s, u"demo.alice"_s, u"alice-demo-password"_s);
        m_d7 = seed(Provider::D7, u"D7 One"_s, u"demo-app-one"_s, u"demo-secret-one"_s);
        m_test = seed(Provider::SevenG, u"Test & Dev 7G"_s, u"demo.bob"_s, u"bob-demo-password"_s);

        m_manager = std::make_unique<SessionManager>(m_accounts.get(), m_secrets.get(), m_network.get(),
                                                     m_clock.get());
        m_settings = std::make_unique<AppSettings>(AppSettings::pathInConfigDir(m_dir.path()));
        m_guard = std::make_unique<ClipboardGuard>(QGuiApplication::clipboard(), m_clock.get());
        m_window = std::make_unique<QMainWindow>();
        m_window->setWindowTitle(u"Tray test window"_s);
        m_window->resize(400, 200);

        m_desktop = new DesktopIntegration(m_window.get(), m_manager.get(), m_settings.get(), this);
        m_desktopSettings
            = new DesktopSettings(m_settings.get(), m_network.get(), m_guard.get(), m_desktop, this);
        m_copier = new TokenCopier(m_manager.get(), m_guard.get(), m_desktop, this);
        m_desktop->setTrayRetry(60, 250);
        m_manager->start(false);
        m_desktop->start(false);
        QTRY_VERIFY_WITH_TIMEOUT(allValid(), 20000);
    }

    void init()
    {
        // Every test below works through the tray icon.
        if (QByteArray(QTest::currentTestFunction()) != "trayIsAvailableAndIconShown")
            QVERIFY2(m_desktop && m_desktop->hasTray(), "no tray icon (see trayIsAvailableAndIconShown)");
    }

    void cleanupTestCase()
    {
        delete m_copier;
        m_copier = nullptr;
        delete m_desktopSettings;
        m_desktopSettings = nullptr;
        delete m_desktop;
        m_desktop = nullptr;
        m_window.reset();
        m_manager.reset();
    }

    void trayIsAvailableAndIconShown()
    {
        QTRY_VERIFY2_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), qPrintable(trayerDiagnostics()),
                                  20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_desktop->hasTray(), 20000);
        QVERIFY(tray()->isVisible());
        QVERIFY(!tray()->systemTrayIcon()->icon().isNull());
        // The icon is really embedded: a 22x22 window of ours in trayer's panel.
        const QString appClass = QCoreApplication::applicationName();
        QTRY_VERIFY_WITH_TIMEOUT(embeddedInTrayer(xwininfoTree(), appClass), 10000);
    }

    void menuScreenshot()
    {
        const QByteArray dir = qgetenv("TOKENTRAY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set TOKENTRAY_SCREENSHOT_DIR to save a picture of the tray menu");
        m_window->hide();
        QMenu *menu = tray()->menu();
        const QRect screen = QGuiApplication::primaryScreen()->geometry();
        menu->popup(QPoint(screen.right() - menu->sizeHint().width() - 40, 28));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        QAction *prod = accountMenu(m_prod)->menuAction();
        menu->setActiveAction(prod);
        QTest::keyClick(menu, Qt::Key_Right);
        QTRY_VERIFY(accountMenu(m_prod)->isVisible());
        // Opened by the keyboard, it made its own items.
        QVERIFY(accountMenu(m_prod)->findChild<QAction *>(u"copyToken"_s));
        QTest::qWait(300);
        QProcess shot;
        shot.start(u"import"_s,
                   { u"-window"_s, u"root"_s, QString::fromLocal8Bit(dir) + u"/tray-menu.png"_s });
        QTRY_VERIFY_WITH_TIMEOUT(shot.state() == QProcess::NotRunning, 20000);
        QCOMPARE(shot.exitCode(), 0);
        accountMenu(m_prod)->hide();
        menu->hide();
    }

    void menuListsAccountsGroupedByProvider()
    {
        QTRY_COMPARE(tray()->summary().accounts, 3);
        const QList<QAction *> actions = tray()->menu()->actions();
        QStringList shape;
        for (QAction *a : actions) {
            if (a->isSeparator())
                shape.append(u"-"_s);
            else if (a->menu())
                shape.append(u"menu:"_s + a->menu()->title());
            else
                shape.append(a->text() + (a->isEnabled() ? QString() : u" (off)"_s));
        }
        // Store order within each provider; 7G first. '&' is doubled so it shows literally.
        const QStringList expected = { u"7G Registry Platform (off)"_s,
                                       u"menu:Prod 7G"_s,
                                       u"menu:Test && Dev 7G"_s,
                                       u"D7 Networks (off)"_s,
                                       u"menu:D7 One"_s,
                                       u"-"_s,
                                       u"Show TokenTray"_s,
                                       u"Settings…"_s,
                                       u"-"_s,
                                       u"Quit TokenTray"_s };
        QCOMPARE(shape, expected);

        for (const QUuid &id : { m_prod, m_test, m_d7 }) {
            QMenu *menu = accountMenu(id);
            QVERIFY(menu);
            for (const QString &name : { u"copyToken"_s, u"copyHeader"_s, u"refreshNow"_s }) {
                QAction *action = accountAction(id, name);
                QVERIFY2(action, qPrintable(name));
                QVERIFY(action->isEnabled());
            }
        }
        QCOMPARE(tray()->systemTrayIcon()->toolTip(), u"3 accounts · all fine"_s);
        QCOMPARE(tray()->summary().level, TrayStatus::Level::Ok);
    }

    void copyTokenPutsTokenOnClipboard()
    {
        QSignalSpy copied(m_copier, &TokenCopier::copied);
        const QString token = m_manager->session(m_prod)->tokens().accessToken;
        QVERIFY(!token.isEmpty());
        accountAction(m_prod, u"copyToken"_s)->trigger();
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), token);
        QCOMPARE(copied.count(), 1);
        // Marked as a secret for clipboard managers, and really on the X clipboard.
        QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(u"x-kde-passwordManagerHint"_s), "secret"_ba);
        QCOMPARE(xclip(), token.toUtf8());
        QVERIFY(m_guard->holdsOurSecret());
    }

    void copyHeaderUsesTheProvidersForm()
    {
        const QString d7Token = m_manager->session(m_d7)->tokens().accessToken;
        accountAction(m_d7, u"copyHeader"_s)->trigger();
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), u"Authorization: Bearer "_s + d7Token);

        const QString sevenGToken = m_manager->session(m_test)->tokens().accessToken;
        accountAction(m_test, u"copyHeader"_s)->trigger();
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), u"Authorization: "_s + sevenGToken);
    }

    void copiedTokenIsClearedByTheSettingsTimeout()
    {
        m_settings->setClipboardClearSeconds(5); // applied live to the guard
        QCOMPARE(m_guard->timeout(), 5);
        accountAction(m_prod, u"copyToken"_s)->trigger();
        QTRY_VERIFY(m_guard->holdsOurSecret());
        m_clock->advance(4000);
        m_guard->check();
        QVERIFY(m_guard->holdsOurSecret());
        m_clock->advance(2000);
        m_guard->check();
        QTRY_VERIFY(QGuiApplication::clipboard()->text().isEmpty());
        m_settings->setClipboardClearSeconds(30);
    }

    void refreshNowRenewsTheToken()
    {
        const int refreshesBefore = m_api.counters().value(u"refreshes"_s).toInt();
        const QString before = m_manager->session(m_prod)->tokens().accessToken;
        accountAction(m_prod, u"refreshNow"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_manager->session(m_prod)->state() == SessionState::Valid
                                     && m_manager->session(m_prod)->tokens().accessToken != before,
                                 15000);
        QCOMPARE(m_api.counters().value(u"refreshes"_s).toInt(), refreshesBefore + 1);
    }

    void menuIsRebuiltOnlyWhenSomethingChanges()
    {
        QTRY_VERIFY(allValid());
        QTest::qWait(50);
        const int before = tray()->menuRebuildCount();
        const int updatesBefore = tray()->menuUpdateCount();
        for (int i = 0; i < 30; ++i) {
            tick();
            QTest::qWait(5);
        }
        QCOMPARE(tray()->menuRebuildCount(), before);
        QCOMPARE(tray()->menuUpdateCount(), updatesBefore);

        // A state change updates that account's submenu in place: the same
        // actions, now showing the new state.
        QAction *copyToken = accountAction(m_test, u"copyToken"_s);
        QAction *stateLine = accountAction(m_test, u"accountState"_s);
        QVERIFY(copyToken && stateLine);
        const QString validLine = stateLine->text();
        m_manager->session(m_test)->signOut();
        tray()->refresh();
        QVERIFY2(stateLine->text() != validLine, qPrintable(validLine));
        QVERIFY2(stateLine->text().contains(TrayStatus::stateLabel(*m_manager->session(m_test))),
                 qPrintable(stateLine->text()));
        QCOMPARE(tray()->menuUpdateCount(), updatesBefore + 1);
        QCOMPARE(tray()->menuRebuildCount(), before);
        QCOMPARE(accountAction(m_test, u"copyToken"_s), copyToken);
        m_manager->session(m_test)->renewNow(); // signed in again, shown in place too
        QTRY_COMPARE_WITH_TIMEOUT(stateLine->text(), validLine, 15000);
        QCOMPARE(tray()->menuRebuildCount(), before);
        const int afterSignIn = tray()->menuUpdateCount();
        for (int i = 0; i < 10; ++i) {
            tick();
            QTest::qWait(5);
        }
        QCOMPARE(tray()->menuUpdateCount(), afterSignIn);

        // A new account rebuilds it; this one fails, which also turns the icon red.
        Account broken = Account::create(Provider::SevenG);
        broken.name = u"Broken 7G"_s;
        broken.login = u"demo.alice"_s;
        broken.environment = u"custom"_s;
        broken.baseUrl = m_api.baseUrl();
        QSignalSpy added(m_manager.get(), &SessionManager::sessionAdded);
        m_manager->accountService()->addAccount(broken, u"wrong-password"_s, this, {});
        QTRY_COMPARE(added.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_manager->session(broken.id)
                                     && m_manager->session(broken.id)->state()
                                         == SessionState::CredentialsRejected,
                                 15000);
        QTRY_COMPARE(tray()->summary().level, TrayStatus::Level::Error);
        QCOMPARE(tray()->systemTrayIcon()->toolTip(), u"4 accounts · 1 needs attention"_s);
        QVERIFY(accountMenu(broken.id));
        QVERIFY(!accountAction(broken.id, u"copyToken"_s)->isEnabled());
        QVERIFY(tray()->menuRebuildCount() > before);

        bool removed = false;
        m_manager->accountService()->removeAccount(broken.id, this, [&](const Status &) { removed = true; });
        QTRY_VERIFY(removed);
        QTRY_COMPARE(tray()->summary().level, TrayStatus::Level::Ok);
        QTRY_VERIFY(!accountMenu(broken.id));
    }

    void closingTheWindowHidesItToTheTray()
    {
        QVERIFY(m_desktop->hasTray());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(!m_settings->closeToTrayNoticeShown());

        QVERIFY(!m_window->close()); // refused: hidden instead
        QVERIFY(!m_window->isVisible());
        QVERIFY(!m_desktop->isQuitting());
        QVERIFY(m_settings->closeToTrayNoticeShown()); // the notice is shown once

        // A left click on the icon toggles the window.
        Q_EMIT tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
        QTRY_VERIFY(m_window->isVisible());
        Q_EMIT tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
        QTRY_VERIFY(!m_window->isVisible());

        // "Show TokenTray" in the menu brings it back.
        tray()->menu()->findChild<QAction *>(u"trayShow"_s)->trigger();
        QTRY_VERIFY(m_window->isVisible());
        QVERIFY(!m_window->close());
        QVERIFY(!m_window->isVisible());
    }

    void settingsOpenFromTheMenu()
    {
        tray()->menu()->findChild<QAction *>(u"traySettings"_s)->trigger();
        QTRY_VERIFY(m_desktopSettings->settingsDialog());
        QTRY_VERIFY(m_desktopSettings->settingsDialog()->isVisible());
        // Closing a dialog while the window is hidden must not end the application.
        QVERIFY(!QApplication::quitOnLastWindowClosed());
        m_desktopSettings->settingsDialog()->close();
        QTRY_VERIFY(!m_desktopSettings->settingsDialog());
    }
};

QTEST_MAIN(TrayIconTest)
#include "tst_trayicon.moc"
