#pragma once

#include <QDBusContext>
#include <QObject>
#include <QStringList>

class QDBusServiceWatcher;

// Plays the StatusNotifierWatcher of a desktop shell (what KDE Plasma runs,
// and GNOME's AppIndicator extension) on the session bus, with a host
// registered, so that applications started after it show their tray icon as a
// StatusNotifierItem. Items that leave the bus are dropped.
//
//     FakeSniWatcher watcher;
//     QVERIFY(watcher.start());
//     QTRY_VERIFY(!watcher.items().isEmpty());
class FakeSniWatcher : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems READ items)
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)

public:
    explicit FakeSniWatcher(QObject *parent = nullptr);
    ~FakeSniWatcher() override;

    // Takes org.kde.StatusNotifierWatcher and exports /StatusNotifierWatcher.
    bool start();
    // Gives the name back, as a desktop shell that quits.
    void stop();

    // "SERVICE/StatusNotifierItem" for each item registered, as Plasma keeps them.
    QStringList items() const { return m_items; }
    // Every registration asked for, in order, with the bus name of the caller.
    QStringList registrations() const { return m_registrations; }
    bool isHostRegistered() const { return true; }
    int protocolVersion() const { return 0; }

public Q_SLOTS:
    Q_SCRIPTABLE void RegisterStatusNotifierItem(const QString &service);
    Q_SCRIPTABLE void RegisterStatusNotifierHost(const QString &service);

Q_SIGNALS:
    Q_SCRIPTABLE void StatusNotifierItemRegistered(const QString &item);
    Q_SCRIPTABLE void StatusNotifierItemUnregistered(const QString &item);
    Q_SCRIPTABLE void StatusNotifierHostRegistered();
    Q_SCRIPTABLE void StatusNotifierHostUnregistered();

private:
    void dropItemsOf(const QString &service);

    QDBusServiceWatcher *m_owners;
    QStringList m_items;
    QStringList m_registrations;
    bool m_started = false;
};
