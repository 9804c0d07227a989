#pragma once

#include "tray/dbusmenutypes.h"

#include <QDBusContext>
#include <QDBusVariant>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class QAction;
class QMenu;

// Exports a QMenu, with its submenus, on the session bus as
// com.canonical.dbusmenu (version 3), the menu protocol of
// StatusNotifierItem hosts (KDE Plasma, the GNOME AppIndicator extension).
//
//     DBusMenuExporter exporter(&menu);
//     exporter.registerOn(QDBusConnection::sessionBus(), u"/MenuBar"_s);
//
// Every QAction keeps one id for as long as it lives (the menu itself is 0).
// Adding, removing or changing actions bumps the layout revision and emits
// LayoutUpdated once per event-loop turn, however many actions changed; a
// "clicked" event triggers the action.
class DBusMenuExporter : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "com.canonical.dbusmenu")
    Q_PROPERTY(uint Version READ version)
    Q_PROPERTY(QString TextDirection READ textDirection)
    Q_PROPERTY(QString Status READ status)
    Q_PROPERTY(QStringList IconThemePath READ iconThemePath)

public:
    explicit DBusMenuExporter(QMenu *menu, QObject *parent = nullptr);
    ~DBusMenuExporter() override;

    bool registerOn(const QDBusConnection &connection, const QString &path);
    void unregister();
    QString path() const { return m_path; }

    uint revision() const { return m_revision; }
    // The id of an action, or -1 when it is not in the menu.
    int idOf(const QAction *action) const;
    // The layout under an item as GetLayout gives it (depth -1: everything).
    DBusMenuLayoutItem layout(int parentId, int depth, const QStringList &propertyNames);
    // An item's properties, all of them when propertyNames is empty.
    QVariantMap properties(int id, const QStringList &propertyNames = {});

    // "&Copy token" as dbusmenu writes it: "_Copy token" ('_' marks the
    // mnemonic, "__" is a literal underscore, "&&" a literal ampersand).
    static QString dbusMenuLabel(const QString &text);

    uint version() const { return 3; }
    QString textDirection() const;
    QString status() const;
    QStringList iconThemePath() const { return {}; }

public Q_SLOTS:
    Q_SCRIPTABLE uint GetLayout(int parentId, int recursionDepth, const QStringList &propertyNames,
                                DBusMenuLayoutItem &item);
    Q_SCRIPTABLE DBusMenuItemList GetGroupProperties(const QList<int> &ids, const QStringList &propertyNames);
    Q_SCRIPTABLE QDBusVariant GetProperty(int id, const QString &name);
    Q_SCRIPTABLE void Event(int id, const QString &eventId, const QDBusVariant &data, uint timestamp);
    Q_SCRIPTABLE QList<int> EventGroup(const DBusMenuEventList &events);
    Q_SCRIPTABLE bool AboutToShow(int id);
    Q_SCRIPTABLE QList<int> AboutToShowGroup(const QList<int> &ids, QList<int> &idErrors);

Q_SIGNALS:
    Q_SCRIPTABLE void ItemsPropertiesUpdated(const DBusMenuItemList &updatedProps,
                                             const DBusMenuItemKeysList &removedProps);
    Q_SCRIPTABLE void LayoutUpdated(uint revision, int parent);
    Q_SCRIPTABLE void ItemActivationRequested(int id, uint timestamp);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int ensureId(QAction *action);
    QAction *actionFor(int id) const;
    QMenu *menuFor(int id) const;
    void watchMenu(QMenu *menu);
    void scheduleLayoutUpdate();
    void emitLayoutUpdate();
    bool handleEvent(int id, const QString &eventId);
    // The icon as PNG, encoded once per distinct icon: the tray gives every
    // account of one state the same dot.
    QByteArray pngOf(const QIcon &icon);

    QPointer<QMenu> m_menu;
    QHash<qint64, QByteArray> m_pngByIcon; // by QIcon::cacheKey()
    QHash<const QAction *, int> m_ids;
    QHash<int, QPointer<QAction>> m_actions;
    QList<QPointer<QMenu>> m_watched;
    int m_nextId = 1;
    uint m_revision = 1;
    QTimer m_layoutTimer;
    QString m_path;
    QString m_connectionName;
};
