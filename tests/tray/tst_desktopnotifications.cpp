// Without a tray, notifications go to the freedesktop notification service.
// The test plays that service on the session bus (the harness gives each run
// a private one) and checks what TokenTray sends it.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "tray/desktopintegration.h"
#include "tray/desktopnotifications.h"
#include "tray/notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString app;
        uint replaces = 0;
        QString icon;
        QString summary;
        QString body;
        QVariantMap hints;
        int timeout = 0;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString &app, uint replacesId, const QString &icon, const QString &summary,
                const QString &body, const QStringList &, const QVariantMap &hints, int timeout)
    {
        calls.append({ app, replacesId, icon, summary, body, hints, timeout });
        return replacesId ? replacesId : ++m_next;
    }
    QStringList GetCapabilities() { return { u"body"_s }; }

private:
    uint m_next = 41;
};

class DesktopNotificationsTest : public QObject
{
    Q_OBJECT

private:
    FakeNotificationService m_service;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    MemorySecretStore m_secrets;
    QNetworkAccessManager m_nam;
    NetworkPolicy m_network { &m_nam };
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<SessionManager> m_manager;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<DesktopIntegration> m_desktop;

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the private session bus of tests/harness/desktop-session.sh");
        if (!DesktopNotifications::isSupported())
            QSKIP("no D-Bus session bus");
        QDBusConnection bus = QDBusConnection::sessionBus();
        QVERIFY(bus.registerObject(u"/org/freedesktop/Notifications"_s, &m_service,
                                   QDBusConnection::ExportAllSlots));
        QVERIFY2(bus.registerService(u"org.freedesktop.Notifications"_s),
                 "another notification service owns the name on this bus");

        m_accounts = std::make_unique<AccountStore>(m_dir.filePath(u"accounts.json"_s));
        m_accounts->load();
        m_manager = std::make_unique<SessionManager>(m_accounts.get(), &m_secrets, &m_network, &m_clock);
        m_settings = std::make_unique<AppSettings>(AppSettings::pathInConfigDir(m_dir.path()));
        m_desktop = std::make_unique<DesktopIntegration>(nullptr, m_manager.get(), m_settings.get());
        m_desktop->notifier()->setCoalesceInterval(50);
        QVERIFY(!m_desktop->hasTray());
    }

    void cleanupTestCase()
    {
        m_desktop.reset();
        QDBusConnection::sessionBus().unregisterService(u"org.freedesktop.Notifications"_s);
    }

    void withoutTrayTheServiceIsUsed()
    {
        QSignalSpy shown(m_desktop->desktopNotifications(), &DesktopNotifications::shown);
        m_desktop->notifier()->report(Notifier::Kind::CredentialsRejected, QUuid::createUuid(), u"Prod 7G"_s);
        QVERIFY(shown.wait(5000));
        QCOMPARE(m_service.calls.size(), 1);
        const FakeNotificationService::Call &call = m_service.calls.first();
        QCOMPARE(call.app, u"TokenTray"_s);
        QCOMPARE(call.icon, u"io.github.tokentray.TokenTray"_s);
        QCOMPARE(call.summary, u"Sign-in rejected"_s);
        QVERIFY(call.body.contains(u"Prod 7G"_s));
        QCOMPARE(call.hints.value(u"urgency"_s).toInt(), 2);
        QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), u"io.github.tokentray.TokenTray"_s);
        QCOMPARE(call.replaces, 0u);
    }

    void laterNotificationsReplaceTheLastOne()
    {
        QSignalSpy shown(m_desktop->desktopNotifications(), &DesktopNotifications::shown);
        m_desktop->notifier()->report(Notifier::Kind::RenewalFailing, QUuid::createUuid(), u"D7 One"_s);
        QVERIFY(shown.wait(5000));
        QCOMPARE(m_service.calls.size(), 2);
        QCOMPARE(m_service.calls.last().replaces, 42u);
        QCOMPARE(m_service.calls.last().hints.value(u"urgency"_s).toInt(), 1);
        QVERIFY(m_service.calls.last().timeout > 0);
    }

    void turnedOffSendsNothing()
    {
        m_settings->setNotificationsEnabled(false);
        m_desktop->notifier()->report(Notifier::Kind::CredentialsRejected, QUuid::createUuid(), u"Quiet"_s);
        QTest::qWait(500);
        QCOMPARE(m_service.calls.size(), 2);
        m_settings->setNotificationsEnabled(true);
    }
};

QTEST_MAIN(DesktopNotificationsTest)
#include "tst_desktopnotifications.moc"
