// DBusMenuExporter on its own: labels, item properties, stable ids, one
// LayoutUpdated per change, and the layout and a click through a real
// session bus connection (when there is one).
#include "tray/dbusmenuexporter.h"
#include "tray/dbusmenutypes.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusPendingReply>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const DBusMenuLayoutItem *childLabelled(const DBusMenuLayoutItem &parent, const QString &label)
{
    for (const DBusMenuLayoutItem &child : parent.children) {
        if (child.properties.value(u"label"_s).toString() == label)
            return &child;
    }
    return nullptr;
}

// A menu like the tray's: a heading, a submenu, a separator, a check box.
struct SampleMenu
{
    QMenu menu;
    QAction *heading;
    QMenu *account;
    QAction *copy;
    QAction *check;
    QAction *quit;

    SampleMenu()
    {
        heading = menu.addAction(u"Provider && co"_s);
        heading->setEnabled(false);
        account = menu.addMenu(u"my_account"_s);
        copy = account->addAction(u"&Copy token"_s);
        account->addAction(u"Refresh now"_s);
        menu.addSeparator();
        check = menu.addAction(u"Start &minimized"_s);
        check->setCheckable(true);
        check->setChecked(true);
        quit = menu.addAction(u"&Quit"_s);
    }
};
} // namespace

class DBusMenuExporterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labels_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("label");
        QTest::newRow("mnemonic") << u"&Copy token"_s << u"_Copy token"_s;
        QTest::newRow("ampersand") << u"Tom && Jerry"_s << u"Tom & Jerry"_s;
        QTest::newRow("underscore") << u"snake_case"_s << u"snake__case"_s;
        QTest::newRow("trailing") << u"dangling&"_s << u"dangling"_s;
        QTest::newRow("plain") << u"Refresh now"_s << u"Refresh now"_s;
    }

    void labels()
    {
        QFETCH(QString, text);
        QFETCH(QString, label);
        QCOMPARE(DBusMenuExporter::dbusMenuLabel(text), label);
    }

    void layoutAndProperties()
    {
        SampleMenu sample;
        DBusMenuExporter exporter(&sample.menu);
        const DBusMenuLayoutItem root = exporter.layout(0, -1, {});
        QCOMPARE(root.id, 0);
        QCOMPARE(root.properties.value(u"children-display"_s).toString(), u"submenu"_s);
        QCOMPARE(root.children.size(), 5);

        const DBusMenuLayoutItem &heading = root.children.at(0);
        QCOMPARE(heading.properties.value(u"label"_s).toString(), u"Provider & co"_s);
        QCOMPARE(heading.properties.value(u"enabled"_s).toBool(), false);

        const DBusMenuLayoutItem *account = childLabelled(root, u"my__account"_s);
        QVERIFY(account);
        QCOMPARE(account->properties.value(u"children-display"_s).toString(), u"submenu"_s);
        QCOMPARE(account->children.size(), 2);
        QVERIFY(childLabelled(*account, u"_Copy token"_s));
        QCOMPARE(childLabelled(*account, u"_Copy token"_s)->id, exporter.idOf(sample.copy));

        const DBusMenuLayoutItem &separator = root.children.at(2);
        QCOMPARE(separator.properties.value(u"type"_s).toString(), u"separator"_s);
        QVERIFY(!separator.properties.contains(u"label"_s));

        const DBusMenuLayoutItem *check = childLabelled(root, u"Start _minimized"_s);
        QVERIFY(check);
        QCOMPARE(check->properties.value(u"toggle-type"_s).toString(), u"checkmark"_s);
        QCOMPARE(check->properties.value(u"toggle-state"_s).toInt(), 1);

        // Only the properties asked for, and only one level when asked so.
        const DBusMenuLayoutItem shallow = exporter.layout(0, 1, { u"label"_s });
        QCOMPARE(shallow.children.size(), 5);
        QVERIFY(shallow.children.at(1).children.isEmpty());
        QCOMPARE(shallow.children.at(0).properties.keys(), QStringList { u"label"_s });
    }

    // A submenu that makes its items when it is about to show: AboutToShow
    // fills it and says the host must fetch it again; a layout that reaches
    // into it fills it as well.
    void submenusFilledWhenAboutToShow()
    {
        QMenu menu;
        QMenu *lazy = menu.addMenu(u"Lazy"_s);
        int fills = 0;
        connect(lazy, &QMenu::aboutToShow, this, [&] {
            if (lazy->actions().isEmpty()) {
                ++fills;
                lazy->addAction(u"Made late"_s);
            }
        });
        DBusMenuExporter exporter(&menu);
        const DBusMenuLayoutItem shallow = exporter.layout(0, 1, {});
        QCOMPARE(fills, 0);
        const int lazyId = shallow.children.at(0).id;
        QCOMPARE(shallow.children.at(0).properties.value(u"children-display"_s).toString(), u"submenu"_s);

        QVERIFY(exporter.AboutToShow(lazyId));
        QCOMPARE(fills, 1);
        QVERIFY(!exporter.AboutToShow(lazyId)); // already filled: nothing new
        QList<int> errors;
        QCOMPARE(exporter.AboutToShowGroup({ lazyId, 9999 }, errors), QList<int>());
        QCOMPARE(errors, QList<int> { 9999 });

        QMenu other;
        QMenu *lazy2 = other.addMenu(u"Lazy too"_s);
        connect(lazy2, &QMenu::aboutToShow, this, [lazy2] {
            if (lazy2->actions().isEmpty())
                lazy2->addAction(u"Made late"_s);
        });
        DBusMenuExporter full(&other);
        const DBusMenuLayoutItem root = full.layout(0, -1, {});
        QCOMPARE(root.children.at(0).children.size(), 1);
        QVERIFY(childLabelled(root.children.at(0), u"Made late"_s));
    }

    void idsAreStableAndChangesAreSignalledOnce()
    {
        SampleMenu sample;
        DBusMenuExporter exporter(&sample.menu);
        exporter.layout(0, -1, {});
        const int copyId = exporter.idOf(sample.copy);
        const int quitId = exporter.idOf(sample.quit);
        QVERIFY(copyId > 0 && quitId > 0 && copyId != quitId);

        QSignalSpy updated(&exporter, &DBusMenuExporter::LayoutUpdated);
        const uint revision = exporter.revision();
        // A rebuild of part of the menu: several changes, one update.
        sample.menu.removeAction(sample.heading);
        sample.menu.addAction(u"Added"_s);
        sample.check->setChecked(false);
        QTRY_COMPARE(updated.size(), 1);
        QTest::qWait(50);
        QCOMPARE(updated.size(), 1);
        QCOMPARE(updated.at(0).at(0).toUInt(), revision + 1);
        QCOMPARE(exporter.revision(), revision + 1);

        exporter.layout(0, -1, {});
        QCOMPARE(exporter.idOf(sample.copy), copyId);
        QCOMPARE(exporter.idOf(sample.quit), quitId);
        QCOMPARE(exporter.properties(exporter.idOf(sample.check)).value(u"toggle-state"_s).toInt(), 0);

        // A deleted action loses its id, and ids are never reused.
        delete sample.heading;
        QCOMPARE(exporter.idOf(sample.heading), -1);
        const DBusMenuLayoutItem root = exporter.layout(0, -1, {});
        QList<int> ids;
        const std::function<void(const DBusMenuLayoutItem &)> collect = [&](const DBusMenuLayoutItem &item) {
            ids.append(item.id);
            for (const DBusMenuLayoutItem &child : item.children)
                collect(child);
        };
        collect(root);
        QCOMPARE(QSet<int>(ids.cbegin(), ids.cend()).size(), ids.size());
    }

    void overTheSessionBus()
    {
        if (!QDBusConnection::sessionBus().isConnected())
            QSKIP("no session bus");
        SampleMenu sample;
        DBusMenuExporter exporter(&sample.menu);
        const QString path = u"/MenuBarTest"_s;
        QVERIFY(exporter.registerOn(QDBusConnection::sessionBus(), path));

        // A second connection, so that every call is marshalled for real.
        QDBusConnection client = QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"client"_s);
        QVERIFY(client.isConnected());
        const QString service = QDBusConnection::sessionBus().baseService();
        const QString interface = u"com.canonical.dbusmenu"_s;

        QDBusMessage getLayout = QDBusMessage::createMethodCall(service, path, interface, u"GetLayout"_s);
        getLayout << 0 << -1 << QStringList();
        QDBusPendingCall pending = client.asyncCall(getLayout);
        QTRY_VERIFY(pending.isFinished());
        QDBusPendingReply<uint, DBusMenuLayoutItem> reply = pending;
        QVERIFY2(!reply.isError(), qPrintable(reply.error().message()));
        QCOMPARE(reply.argumentAt<0>(), exporter.revision());
        const DBusMenuLayoutItem root = reply.argumentAt<1>();
        QCOMPARE(root.children.size(), 5);
        const DBusMenuLayoutItem *account = childLabelled(root, u"my__account"_s);
        QVERIFY(account);
        QCOMPARE(account->children.size(), 2);

        QDBusMessage version
            = QDBusMessage::createMethodCall(service, path, u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
        version << interface << u"Version"_s;
        pending = client.asyncCall(version);
        QTRY_VERIFY(pending.isFinished());
        QCOMPARE(QDBusPendingReply<QDBusVariant>(pending).value().variant().toUInt(), 3u);

        QSignalSpy triggered(sample.copy, &QAction::triggered);
        QDBusMessage event = QDBusMessage::createMethodCall(service, path, interface, u"Event"_s);
        event << exporter.idOf(sample.copy) << u"clicked"_s << QVariant::fromValue(QDBusVariant(0)) << 0u;
        pending = client.asyncCall(event);
        QTRY_VERIFY(pending.isFinished());
        QVERIFY(!pending.isError());
        QTRY_COMPARE(triggered.size(), 1);

        // An unknown id is an error, not a crash.
        QDBusMessage unknown = QDBusMessage::createMethodCall(service, path, interface, u"GetLayout"_s);
        unknown << 99999 << -1 << QStringList();
        pending = client.asyncCall(unknown);
        QTRY_VERIFY(pending.isFinished());
        QVERIFY(pending.isError());

        QDBusConnection::disconnectFromBus(u"client"_s);
    }
};

QTEST_MAIN(DBusMenuExporterTest)
#include "tst_dbusmenuexporter.moc"
