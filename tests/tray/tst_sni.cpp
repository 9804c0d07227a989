// The real tokentray window on a desktop whose tray is a StatusNotifierItem
// host, as on KDE Plasma or GNOME with the AppIndicator extension: the test
// plays the StatusNotifierWatcher, and reads the item and its dbusmenu back
// over the session bus as a desktop shell would. The harness's XEmbed tray
// host runs too; the watcher must win.
#include "desktopapp.h"
#include "fakeapiprocess.h"
#include "fakesniwatcher.h"
#include "tray/dbusmenutypes.h"
#include "tray/statusnotifieritemtypes.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int WaitMs = 60000;
const QString ItemInterface = u"org.kde.StatusNotifierItem"_s;
const QString MenuInterface = u"com.canonical.dbusmenu"_s;

QString randomText(const QString &prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64(), 36);
}

QString describe(const DesktopApp::Run &run)
{
    return u"exit %1, stdout [%2], stderr [%3]"_s.arg(
        QString::number(run.exitCode), QString::fromUtf8(run.out).left(400), QString::fromUtf8(run.err));
}

// The newest token of that kind the server issued to the subject.
QString lastIssued(FakeApiProcess &api, const QString &kind, const QString &subject)
{
    const QJsonArray issued = api.issuedTokens();
    for (qsizetype i = issued.size() - 1; i >= 0; --i) {
        const QJsonObject entry = issued.at(i).toObject();
        if (entry.value(u"kind"_s).toString() == kind && entry.value(u"subject"_s).toString() == subject)
            return entry.value(u"token"_s).toString();
    }
    return {};
}

// Asks the window manager to close the main window, and waits until it is gone.
bool closeMainWindow(DesktopApp &app)
{
    QString id;
    if (!QTest::qWaitFor([&] { return !(id = app.mainWindowId()).isEmpty(); }, WaitMs))
        return false;
    int status = -1;
    DesktopApp::tool(u"wmctrl"_s, { u"-i"_s, u"-c"_s, id }, &status);
    return status == 0 && QTest::qWaitFor([&] { return app.mainWindowId().isEmpty(); }, 10000);
}

QString labelOf(const DBusMenuLayoutItem &item)
{
    return item.properties.value(u"label"_s).toString();
}

const DBusMenuLayoutItem *childLabelled(const DBusMenuLayoutItem &parent, const QString &label)
{
    for (const DBusMenuLayoutItem &child : parent.children) {
        if (labelOf(child) == label)
            return &child;
    }
    return nullptr;
}
} // namespace

// Signals of the item and its menu, as a host receives them.
class SniSignals : public QObject
{
    Q_OBJECT
public:
    QStringList statuses;
    QList<uint> layoutRevisions;

public Q_SLOTS:
    void onNewStatus(const QString &status) { statuses.append(status); }
    void onLayoutUpdated(uint revision, int parent)
    {
        Q_UNUSED(parent);
        layoutRevisions.append(revision);
    }
};

class SniTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trayIsAStatusNotifierItem();

private:
    QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &arguments = {});
    QVariant property(const QString &name);
    DBusMenuLayoutItem menuLayout(uint *revision = nullptr);

    QString m_bin;
    QString m_service;
};

void SniTest::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
        QSKIP("needs the desktop and session bus of tests/harness/desktop-session.sh");
    m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
    QVERIFY2(QFileInfo(m_bin).isExecutable(), "TOKENTRAY_BIN must name the tokentray binary");
    for (const QString &tool : { u"xdotool"_s, u"xclip"_s, u"wmctrl"_s }) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QSKIP(qPrintable(tool + u" is not installed"_s));
    }
    QVERIFY(QDBusConnection::sessionBus().isConnected());
    registerDBusMenuTypes();
    registerStatusNotifierItemTypes();
}

QDBusMessage SniTest::call(const QString &path, const QString &interface, const QString &method,
                           const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(m_service, path, interface, method);
    message.setArguments(arguments);
    return QDBusConnection::sessionBus().call(message, QDBus::Block, 10000);
}

QVariant SniTest::property(const QString &name)
{
    const QDBusMessage reply = call(u"/StatusNotifierItem"_s, u"org.freedesktop.DBus.Properties"_s, u"Get"_s,
                                    { ItemInterface, name });
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
        qWarning("Get %s: %s", qPrintable(name), qPrintable(reply.errorMessage()));
        return {};
    }
    return reply.arguments().constFirst().value<QDBusVariant>().variant();
}

DBusMenuLayoutItem SniTest::menuLayout(uint *revision)
{
    const QDBusMessage reply = call(u"/MenuBar"_s, MenuInterface, u"GetLayout"_s, { 0, -1, QStringList() });
    DBusMenuLayoutItem root;
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
        qWarning("GetLayout: %s", qPrintable(reply.errorMessage()));
        return root;
    }
    if (revision)
        *revision = reply.arguments().at(0).toUInt();
    const QDBusArgument layout = reply.arguments().at(1).value<QDBusArgument>();
    if (layout.currentSignature() != u"(ia{sv}av)") {
        qWarning("GetLayout: signature %s", qPrintable(layout.currentSignature()));
        return root;
    }
    layout >> root;
    return root;
}

void SniTest::trayIsAStatusNotifierItem()
{
    FakeSniWatcher watcher;
    QVERIFY2(watcher.start(), "could not own org.kde.StatusNotifierWatcher on the session bus");

    FakeApiProcess api;
    QVERIFY2(api.start({ u"--seveng-ttl"_s, u"600"_s, u"--d7-ttl"_s, u"600"_s, u"--quiet"_s }),
             qPrintable(api.errorString()));
    const QString user = randomText(u"user."_s);
    const QString password = randomText(u"Pw-"_s);
    const QString otherUser = randomText(u"other."_s);
    const QString clientId = randomText(u"app-"_s);
    const QString clientSecret = randomText(u"Sec-"_s);
    QVERIFY(api.addSevenGUser(user, password) && api.addSevenGUser(otherUser, randomText(u"Right-"_s))
            && api.addD7App(clientId, clientSecret));
    const QString base = api.baseUrl().toString();

    QTemporaryDir config;
    QVERIFY(config.isValid());
    DesktopApp app(m_bin, config.path());
    QVERIFY(app.start());
    QVERIFY2(app.waitUntilListening(), "the window did not open its instance socket");

    // The window registers one item, under a bus name of its own. Windows
    // that other tests start on the same bus meanwhile register theirs too:
    // only this window's items count.
    const QString ownPrefix = u"org.kde.StatusNotifierItem-%1-"_s.arg(app.window().processId());
    const auto ownItems = [&watcher, &ownPrefix] {
        QStringList own;
        for (const QString &item : watcher.items()) {
            if (item.startsWith(ownPrefix))
                own.append(item);
        }
        return own;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!ownItems().isEmpty(), WaitMs);
    QCOMPARE(ownItems().size(), 1);
    m_service = ownItems().constFirst().section(u'/', 0, 0);

    SniSignals heard;
    QDBusConnection bus = QDBusConnection::sessionBus();
    QVERIFY(bus.connect(m_service, u"/StatusNotifierItem"_s, ItemInterface, u"NewStatus"_s, &heard,
                        SLOT(onNewStatus(QString))));
    QVERIFY(bus.connect(m_service, u"/MenuBar"_s, MenuInterface, u"LayoutUpdated"_s, &heard,
                        SLOT(onLayoutUpdated(uint, int))));

    // Accounts added through the running window.
    DesktopApp::Run run = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"registry"_s,
                                    u"--base-url"_s, base, u"--username"_s, user, u"--password-stdin"_s },
                                  password.toUtf8() + '\n');
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = app.cli({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"sms"_s, u"--base-url"_s, base,
                    u"--client-id"_s, clientId, u"--secret-stdin"_s },
                  clientSecret.toUtf8());
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const auto allValid = [&] {
        const DesktopApp::Run list = app.cli({ u"list"_s, u"--json"_s }, {}, 10000);
        const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
        return accounts.size() == 2
            && std::all_of(accounts.cbegin(), accounts.cend(), [](const QJsonValue &a) {
                   return a.toObject().value(u"state"_s).toString() == u"valid";
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allValid(), WaitMs);

    // The item's properties.
    QCOMPARE(property(u"Title"_s).toString(), u"TokenTray"_s);
    QCOMPARE(property(u"Id"_s).toString(), u"tokentray"_s);
    QCOMPARE(property(u"Category"_s).toString(), u"ApplicationStatus"_s);
    QTRY_COMPARE_WITH_TIMEOUT(property(u"Status"_s).toString(), u"Active"_s, WaitMs);
    QCOMPARE(property(u"ItemIsMenu"_s).toBool(), false);
    QCOMPARE(property(u"Menu"_s).value<QDBusObjectPath>().path(), u"/MenuBar"_s);

    const QDBusArgument iconArgument = property(u"IconPixmap"_s).value<QDBusArgument>();
    QCOMPARE(iconArgument.currentSignature(), u"a(iiay)"_s);
    const SniIconPixmapList icon = qdbus_cast<SniIconPixmapList>(iconArgument);
    QVERIFY(!icon.isEmpty());
    for (const SniIconPixmap &pixmap : icon) {
        QVERIFY(pixmap.width > 0 && pixmap.height > 0);
        QCOMPARE(pixmap.bytes.size(), qsizetype(pixmap.width) * pixmap.height * 4);
    }

    const QDBusArgument tipArgument = property(u"ToolTip"_s).value<QDBusArgument>();
    QCOMPARE(tipArgument.currentSignature(), u"(sa(iiay)ss)"_s);
    const SniToolTip tip = qdbus_cast<SniToolTip>(tipArgument);
    QCOMPARE(tip.title, u"TokenTray"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        qdbus_cast<SniToolTip>(property(u"ToolTip"_s).value<QDBusArgument>()).text.contains(u"2 accounts"_s),
        WaitMs);

    // The menu: every account with its three actions.
    uint revision = 0;
    DBusMenuLayoutItem root = menuLayout(&revision);
    QVERIFY(revision > 0);
    QVERIFY2(!root.children.isEmpty(), "GetLayout gave no items");
    for (const QString &name : { u"registry"_s, u"sms"_s }) {
        const DBusMenuLayoutItem *account = childLabelled(root, name);
        QVERIFY2(account, qPrintable(u"no menu item for "_s + name));
        QCOMPARE(account->properties.value(u"children-display"_s).toString(), u"submenu"_s);
        for (const QString &action : { u"Copy token"_s, u"Copy header"_s, u"Refresh now"_s })
            QVERIFY2(childLabelled(*account, action), qPrintable(name + u": no "_s + action));
    }
    QVERIFY(childLabelled(root, u"Quit TokenTray"_s));

    // Copy token from the menu, as the host sends a click.
    const DBusMenuLayoutItem *copy = childLabelled(*childLabelled(root, u"registry"_s), u"Copy token"_s);
    QVERIFY(copy->properties.value(u"enabled"_s).toBool());
    const QDBusMessage clicked
        = call(u"/MenuBar"_s, MenuInterface, u"Event"_s,
               { copy->id, u"clicked"_s, QVariant::fromValue(QDBusVariant(QVariant(QString()))), 0u });
    QVERIFY2(clicked.type() == QDBusMessage::ReplyMessage, qPrintable(clicked.errorMessage()));
    const QString token = lastIssued(api, u"access"_s, user);
    QVERIFY(!token.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(DesktopApp::clipboard(), token.toLatin1(), 10000);

    // An account whose password the service rejects needs attention.
    const qsizetype statusesBefore = heard.statuses.size();
    const int layoutsBefore = int(heard.layoutRevisions.size());
    run = app.cli({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"rejected"_s, u"--base-url"_s, base,
                    u"--username"_s, otherUser, u"--password-stdin"_s },
                  randomText(u"Wrong-"_s).toUtf8());
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QTRY_COMPARE_WITH_TIMEOUT(property(u"Status"_s).toString(), u"NeedsAttention"_s, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(heard.statuses.mid(statusesBefore).contains(u"NeedsAttention"_s), 10000);
    QVERIFY(api.counters().value(u"loginFailures"_s).toInt() >= 1);
    // The menu was rebuilt for the new account, and the host was told.
    QTRY_VERIFY_WITH_TIMEOUT(heard.layoutRevisions.size() > layoutsBefore, 10000);
    uint newRevision = 0;
    root = menuLayout(&newRevision);
    QVERIFY(newRevision > revision);
    QVERIFY(childLabelled(root, u"rejected"_s));

    // Closing the window with a StatusNotifierItem host only hides it.
    QVERIFY(closeMainWindow(app));
    QCOMPARE(app.window().state(), QProcess::Running);
    const DesktopApp::Run listed = app.cli({ u"list"_s, u"--json"_s }, {}, 10000);
    QVERIFY2(listed.exitCode == 0, qPrintable(describe(listed)));
    QCOMPARE(app.window().state(), QProcess::Running);

    // A left click on the item brings it back.
    const QDBusMessage activated = call(u"/StatusNotifierItem"_s, ItemInterface, u"Activate"_s, { 0, 0 });
    QVERIFY2(activated.type() == QDBusMessage::ReplyMessage, qPrintable(activated.errorMessage()));
    QTRY_VERIFY_WITH_TIMEOUT(!app.mainWindowId().isEmpty(), 10000);
    // Still one item: Qt's own StatusNotifierItem (same process) stayed hidden.
    QCOMPARE(ownItems().size(), 1);

    // The desktop shell goes away: without a tray, the hidden window comes back.
    QVERIFY(closeMainWindow(app));
    watcher.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!app.mainWindowId().isEmpty(), 10000);

    // It comes back: the item registers again, and closing only hides again.
    QVERIFY(watcher.start());
    QTRY_COMPARE_WITH_TIMEOUT(ownItems().size(), 1, 10000);
    QCOMPARE(ownItems().constFirst().section(u'/', 0, 0), m_service);
    QVERIFY(closeMainWindow(app));
    const DesktopApp::Run stillThere = app.cli({ u"list"_s, u"--json"_s }, {}, 10000);
    QVERIFY2(stillThere.exitCode == 0, qPrintable(describe(stillThere)));
    QCOMPARE(app.window().state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(SniTest)
#include "tst_sni.moc"
