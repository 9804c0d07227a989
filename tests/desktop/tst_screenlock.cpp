// The desktop locks: the real window, clipboard guard, settings and
// ScreenLockWatcher in this process, with the screen saver and logind
// played on the harness's private session bus by a second connection that
// owns their names. The clipboard is the harness's Xvfb one, or Weston's
// when run again as a Wayland client (tst_screenlock_wayland).
#include "clipboard/clipboardguard.h"
#include "desktop/screenlockpolicy.h"
#include "dialogs/tokendetailsdialog.h"
#include "fakeapiprocess.h"
#include "platform/screenlockwatcher.h"
#include "settings/appsettings.h"
#include "testengine.h"
#include "window/accountdetailspane.h"
#include "window/accountfilterproxymodel.h"
#include "window/accounttablemodel.h"
#include "window/bannerwidget.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QString EmitterName = u"tst_screenlock_emitter"_s;
const QString LogindService = u"org.freedesktop.login1"_s;
const QString OurSession = u"/org/freedesktop/login1/session/c7"_s;
const QString OtherSession = u"/org/freedesktop/login1/session/c8"_s;
const QString MarkerInterface = u"org.tokentray.Test"_s;
} // namespace

// logind's manager, as far as the watcher asks it: which session is ours.
class FakeLogindManager : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")

public:
    QStringList asked;

public Q_SLOTS:
    QDBusObjectPath GetSession(const QString &id)
    {
        asked.append(id);
        return QDBusObjectPath(OurSession);
    }
};

// A screen saver as far as the watcher asks it at start: is it active now.
class FakeScreenSaver : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.ScreenSaver")

public:
    bool active = false;
    int asked = 0;

public Q_SLOTS:
    bool GetActive()
    {
        ++asked;
        return active;
    }
};

class ScreenLockTest : public QObject
{
    Q_OBJECT

    FakeApiProcess m_api;
    FakeLogindManager m_logind;
    FakeScreenSaver m_screenSaver;
    std::unique_ptr<TestEngine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ClipboardGuard> m_guard;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ScreenLockWatcher> m_watcher;
    std::unique_ptr<ScreenLockPolicy> m_policy;
    QUuid m_account;
    int m_markers = 0;

    static QDBusConnection emitter() { return QDBusConnection(EmitterName); }

    // Sends a signal from the names the emitter owns.
    static void emitSignal(const QString &path, const QString &interface, const QString &name,
                           const QVariantList &arguments = {})
    {
        QDBusMessage message = QDBusMessage::createSignal(path, interface, name);
        message.setArguments(arguments);
        QVERIFY(emitter().send(message));
    }

    static void screenSaver(const QString &service, bool active)
    {
        const QString path = service == u"org.gnome.ScreenSaver" ? u"/org/gnome/ScreenSaver"_s
                                                                 : u"/org/freedesktop/ScreenSaver"_s;
        emitSignal(path, service, u"ActiveChanged"_s, { active });
    }

    static void logind(const QString &session, const char *name)
    {
        emitSignal(session, u"org.freedesktop.login1.Session"_s, QString::fromLatin1(name));
    }

    // Waits until every signal sent before it has reached this process: the
    // bus keeps the order of one sender's messages to one receiver.
    void settle()
    {
        const int before = m_markers;
        emitSignal(u"/marker"_s, MarkerInterface, u"Marker"_s);
        QTRY_COMPARE(m_markers, before + 1);
    }

    QModelIndex shownCell(int column) const
    {
        const int row = m_window->model()->rowOf(m_account);
        return m_window->proxyModel()->mapFromSource(m_window->model()->index(row, column));
    }

    QString shownLogin() const { return shownCell(AccountTableModel::LoginColumn).data().toString(); }

    // Copies the account's token through the window, as Enter does.
    QString copyToken()
    {
        QSignalSpy copied(m_window.get(), &MainWindow::copied);
        m_window->copy(m_account, MainWindow::CopyKind::Token);
        [&] {
            QTRY_COMPARE(copied.count(), 1);
        }();
        const QString token = m_engine->manager->session(m_account)->tokens().accessToken;
        [&] {
            QVERIFY(!token.isEmpty());
            QTRY_COMPARE(QApplication::clipboard()->text(), token);
        }();
        return token;
    }

private Q_SLOTS:
    void onMarker() { ++m_markers; }

    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the private session bus of tests/harness/desktop-session.sh");
        QVERIFY(ScreenLockWatcher::isSupported());
        QVERIFY2(m_api.start(
                     { u"--seveng-user"_s, u"alice:alice-pw"_s, u"--seveng-ttl"_s, u"1200"_s, u"--quiet"_s }),
                 qPrintable(m_api.errorString()));

        QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, EmitterName);
        QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
        for (const QString &name :
             { u"org.freedesktop.ScreenSaver"_s, u"org.gnome.ScreenSaver"_s, LogindService })
            QVERIFY2(bus.registerService(name), qPrintable(name));
        QVERIFY(bus.registerObject(u"/org/freedesktop/login1"_s, &m_logind, QDBusConnection::ExportAllSlots));
        QVERIFY(bus.registerObject(u"/org/freedesktop/ScreenSaver"_s, &m_screenSaver,
                                   QDBusConnection::ExportAllSlots));
        QVERIFY(QDBusConnection::sessionBus().connect(LogindService, u"/marker"_s, MarkerInterface,
                                                      u"Marker"_s, this, SLOT(onMarker())));
    }

    void cleanupTestCase() { QDBusConnection::disconnectFromBus(EmitterName); }

    void init()
    {
        m_engine = std::make_unique<TestEngine>();
        m_settings = std::make_unique<AppSettings>(AppSettings::pathInConfigDir(m_engine->dir.path()));
        m_guard = std::make_unique<ClipboardGuard>(QApplication::clipboard(), &m_engine->clock);
        m_engine->start();
        m_window = std::make_unique<MainWindow>(m_engine->manager.get(), m_guard.get(), nullptr);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

        // Both sources on the session bus: the test plays logind there.
        m_watcher = std::make_unique<ScreenLockWatcher>();
        QSignalSpy found(m_watcher.get(), &ScreenLockWatcher::logindSessionFound);
        QVERIFY(m_watcher->start({ ScreenLockWatcher::Bus::Session, ScreenLockWatcher::Bus::Session }));
        QTRY_COMPARE(m_watcher->logindSessionPath(), OurSession);
        QCOMPARE(m_logind.asked.last(), u"auto"_s);
        m_policy = std::make_unique<ScreenLockPolicy>(m_watcher.get(), m_guard.get(), m_window.get(),
                                                      m_settings.get());
        // A round trip on the watcher's connection: its subscriptions are in place.
        QVERIFY(QDBusConnection::sessionBus().interface()->isServiceRegistered(LogindService).value());

        Account account = Account::create(Provider::SevenG);
        account.name = u"Registry test"_s;
        account.environment = u"custom"_s;
        account.baseUrl = m_api.baseUrl();
        account.login = u"alice"_s;
        bool added = false;
        m_engine->manager->accountService()->addAccount(account, u"alice-pw"_s, this,
                                                        [&added](const Status &s) {
                                                            QVERIFY2(s.ok(), qPrintable(s.error()));
                                                            added = true;
                                                        });
        QTRY_VERIFY(added);
        m_account = account.id;
        QVERIFY(m_engine->waitForState(m_account, SessionState::Valid));
        m_window->selectAccount(m_account);
        QCOMPARE(shownLogin(), u"alice"_s);
    }

    void cleanup()
    {
        m_screenSaver.active = false;
        m_policy.reset();
        m_watcher.reset();
        m_window.reset();
        m_guard.reset();
        m_settings.reset();
        m_engine.reset();
        QApplication::clipboard()->clear();
    }

    void lockedBeforeStartReadsLocked()
    {
        // The session was locked before this watcher started: no signal
        // comes, the answer to GetActive says so.
        QVERIFY(m_screenSaver.asked > 0);
        QVERIFY(!m_window->isConcealed());
        m_screenSaver.active = true;
        ScreenLockWatcher late;
        QVERIFY(late.start({ ScreenLockWatcher::Bus::Session, ScreenLockWatcher::Bus::None }));
        ScreenLockPolicy policy(&late, m_guard.get(), m_window.get(), m_settings.get());
        QTRY_VERIFY(late.isLocked());
        QVERIFY(m_window->isConcealed());
        QCOMPARE(shownLogin(), u"••••••"_s);
        // Unlocking reaches it as to any other.
        screenSaver(u"org.freedesktop.ScreenSaver"_s, false);
        QTRY_VERIFY(!late.isLocked());
        QTRY_VERIFY(!m_window->isConcealed());
    }

    void lockClearsOurTokenAndHidesUntilUnlock()
    {
        const QString token = copyToken();
        m_window->showTokenDetails(m_account);
        TokenDetailsDialog *details = nullptr;
        QTRY_VERIFY((details = m_window->findChild<TokenDetailsDialog *>()) && details->isVisible());
        auto *reveal = details->findChild<QAbstractButton *>(u"revealToken"_s);
        QVERIFY(reveal);
        reveal->click();
        QVERIFY(details->isTokenRevealed());
        const QString claims = details->claimsText();
        QVERIFY(claims.contains(u"alice"_s));

        screenSaver(u"org.freedesktop.ScreenSaver"_s, true);
        QTRY_VERIFY(m_watcher->isLocked());
        QTRY_VERIFY(QApplication::clipboard()->text().isEmpty());
        QVERIFY(!m_guard->holdsOurSecret());

        // Hidden in the model as the view shows it, in the details pane and the token window.
        QVERIFY(m_window->isConcealed());
        QCOMPARE(shownLogin(), u"••••••"_s);
        QVERIFY(
            !shownCell(AccountTableModel::LoginColumn).data(Qt::ToolTipRole).toString().contains(u"alice"_s));
        QCOMPARE(shownCell(AccountTableModel::LoginColumn).data(Qt::AccessibleTextRole).toString(),
                 u"Hidden"_s);
        QVERIFY(!m_window->detailsPane()->subtitleText().contains(u"alice"_s));
        QVERIFY(m_window->concealedBanner()->isVisible());
        QVERIFY(!details->isTokenRevealed());
        QVERIFY(!reveal->isEnabled());
        QVERIFY(!details->findChild<QAbstractButton *>(u"copyToken"_s)->isEnabled());
        QVERIFY(!details->claimsText().contains(u"alice"_s));
        // What the view paints comes from the same model.
        QCOMPARE(m_window->view()->model()->data(shownCell(AccountTableModel::LoginColumn)).toString(),
                 u"••••••"_s);

        screenSaver(u"org.freedesktop.ScreenSaver"_s, false);
        QTRY_VERIFY(!m_window->isConcealed());
        QCOMPARE(shownLogin(), u"alice"_s);
        QVERIFY(m_window->detailsPane()->subtitleText().contains(u"alice"_s));
        QVERIFY(!m_window->concealedBanner()->isVisible());
        QVERIFY(details->isTokenRevealed());
        QVERIFY(reveal->isEnabled());
        QCOMPARE(details->claimsText(), claims);
        // The cleared clipboard stays empty: unlocking copies nothing back.
        QVERIFY(QApplication::clipboard()->text().isEmpty());
        Q_UNUSED(token);
    }

    void somethingElseOnTheClipboardIsLeftAlone()
    {
        copyToken();
        // The user copies something of their own afterwards.
        QApplication::clipboard()->setText(u"a note of the user's"_s);
        QTRY_VERIFY(!m_guard->holdsOurSecret());

        logind(OurSession, "Lock");
        QTRY_VERIFY(m_window->isConcealed());
        QCOMPARE(QApplication::clipboard()->text(), u"a note of the user's"_s);

        logind(OurSession, "Unlock");
        QTRY_VERIFY(!m_window->isConcealed());
        QCOMPARE(QApplication::clipboard()->text(), u"a note of the user's"_s);
    }

    void logindLockClearsOurToken()
    {
        copyToken();
        logind(OurSession, "Lock");
        QTRY_VERIFY(QApplication::clipboard()->text().isEmpty());
        QTRY_VERIFY(m_window->isConcealed());
        logind(OurSession, "Unlock");
        QTRY_VERIFY(!m_window->isConcealed());
    }

    void onlyOurLogindSessionCounts()
    {
        QSignalSpy changes(m_watcher.get(), &ScreenLockWatcher::lockedChanged);
        logind(OtherSession, "Lock");
        settle();
        QCOMPARE(changes.count(), 0);
        QVERIFY(!m_window->isConcealed());

        logind(OurSession, "Lock");
        logind(OtherSession, "Unlock");
        settle();
        QCOMPARE(changes.count(), 1);
        QVERIFY(m_watcher->isLocked());
        QVERIFY(m_window->isConcealed());

        logind(OurSession, "Unlock");
        QTRY_VERIFY(!m_watcher->isLocked());
    }

    void gnomeScreenSaverCountsToo()
    {
        screenSaver(u"org.gnome.ScreenSaver"_s, true);
        QTRY_VERIFY(m_window->isConcealed());
        screenSaver(u"org.gnome.ScreenSaver"_s, false);
        QTRY_VERIFY(!m_window->isConcealed());
    }

    void settingOffLeavesValuesShown()
    {
        m_settings->setHideWhenLocked(false);
        copyToken();
        screenSaver(u"org.freedesktop.ScreenSaver"_s, true);
        QTRY_VERIFY(m_watcher->isLocked());
        // The clipboard rule holds whatever the setting says.
        QTRY_VERIFY(QApplication::clipboard()->text().isEmpty());
        QVERIFY(!m_window->isConcealed());
        QCOMPARE(shownLogin(), u"alice"_s);

        // Changed while locked: applies at once, both ways.
        m_settings->setHideWhenLocked(true);
        QVERIFY(m_window->isConcealed());
        m_settings->setHideWhenLocked(false);
        QVERIFY(!m_window->isConcealed());
        QCOMPARE(shownLogin(), u"alice"_s);

        screenSaver(u"org.freedesktop.ScreenSaver"_s, false);
        QTRY_VERIFY(!m_watcher->isLocked());
        QVERIFY(!m_window->isConcealed());
    }

    void tokenWindowOpenedWhileLockedStartsHidden()
    {
        screenSaver(u"org.freedesktop.ScreenSaver"_s, true);
        QTRY_VERIFY(m_window->isConcealed());
        m_window->showTokenDetails(m_account);
        TokenDetailsDialog *details = nullptr;
        QTRY_VERIFY((details = m_window->findChild<TokenDetailsDialog *>()) && details->isVisible());
        QVERIFY(details->isConcealed());
        QVERIFY(!details->claimsText().contains(u"alice"_s));
        screenSaver(u"org.freedesktop.ScreenSaver"_s, false);
        QTRY_VERIFY(!details->isConcealed());
        QVERIFY(details->claimsText().contains(u"alice"_s));
        QVERIFY(!details->isTokenRevealed()); // never shown, so still masked
        details->close();
    }
};

QTEST_MAIN(ScreenLockTest)
#include "tst_screenlock.moc"
