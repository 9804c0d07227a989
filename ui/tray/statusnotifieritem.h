#pragma once

#include "tray/statusnotifieritemtypes.h"

#include <QDBusObjectPath>
#include <QObject>
#include <QPointer>
#include <QString>

class DBusMenuExporter;
class QDBusServiceWatcher;
class QMenu;

// The tray icon as a freedesktop StatusNotifierItem on the session bus, the
// tray protocol of KDE Plasma and of GNOME with the AppIndicator extension:
// the item is exported at /StatusNotifierItem under its own bus name
// (org.kde.StatusNotifierItem-PID-N), its menu at /MenuBar through
// com.canonical.dbusmenu, and it registers with the StatusNotifierWatcher,
// again whenever a watcher appears.
//
//     StatusNotifierItem item(&menu);
//     item.setIcon(icon);
//     item.setToolTip(text);
//     item.setNeedsAttention(true);
//     item.start();
//
// Unlike Qt's own backend, the Status property is ours to set. The New*
// signals are only emitted when a value changes.
class StatusNotifierItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierItem")
    Q_PROPERTY(QString Category READ category)
    Q_PROPERTY(QString Id READ id)
    Q_PROPERTY(QString Title READ title)
    Q_PROPERTY(QString Status READ status)
    Q_PROPERTY(int WindowId READ windowId)
    Q_PROPERTY(QString IconName READ iconName)
    Q_PROPERTY(SniIconPixmapList IconPixmap READ iconPixmap)
    Q_PROPERTY(QString OverlayIconName READ overlayIconName)
    Q_PROPERTY(SniIconPixmapList OverlayIconPixmap READ overlayIconPixmap)
    Q_PROPERTY(QString AttentionIconName READ attentionIconName)
    Q_PROPERTY(SniIconPixmapList AttentionIconPixmap READ attentionIconPixmap)
    Q_PROPERTY(QString AttentionMovieName READ attentionMovieName)
    Q_PROPERTY(SniToolTip ToolTip READ toolTip)
    Q_PROPERTY(bool ItemIsMenu READ itemIsMenu)
    Q_PROPERTY(QDBusObjectPath Menu READ menuPath)

public:
    static inline const QString WatcherService = QStringLiteral("org.kde.StatusNotifierWatcher");
    static inline const QString WatcherPath = QStringLiteral("/StatusNotifierWatcher");
    static inline const QString ItemPath = QStringLiteral("/StatusNotifierItem");
    static inline const QString MenuPath = QStringLiteral("/MenuBar");

    explicit StatusNotifierItem(QMenu *menu, QObject *parent = nullptr);
    ~StatusNotifierItem() override;

    // Whether a StatusNotifierWatcher runs on the session bus and says a host
    // (a tray that shows items) is registered with it. Blocks briefly.
    static bool isHostAvailable();

    // Takes the bus name, exports the item and its menu and registers with
    // the watcher. False when the session bus or the name cannot be had.
    bool start();
    // Gives the name back, so hosts drop the item.
    void stop();
    bool isStarted() const { return !m_serviceName.isEmpty(); }
    // True once the watcher accepted the registration, until it goes away.
    bool isRegistered() const { return m_registered; }
    // True while the watcher has not answered the registration yet.
    bool isRegistering() const { return m_registering; }
    QString serviceName() const { return m_serviceName; }
    DBusMenuExporter *menuExporter() const { return m_exporter; }

    void setTitle(const QString &title);
    void setIcon(const QIcon &icon);
    void setAttentionIcon(const QIcon &icon);
    void setToolTip(const QString &text);
    void setNeedsAttention(bool needsAttention);

    QString category() const;
    QString id() const;
    QString title() const { return m_title; }
    QString status() const;
    int windowId() const { return 0; }
    QString iconName() const { return {}; }
    SniIconPixmapList iconPixmap() const { return m_icon; }
    QString overlayIconName() const { return {}; }
    SniIconPixmapList overlayIconPixmap() const { return {}; }
    QString attentionIconName() const { return {}; }
    SniIconPixmapList attentionIconPixmap() const { return m_attentionIcon; }
    QString attentionMovieName() const { return {}; }
    SniToolTip toolTip() const;
    bool itemIsMenu() const { return false; }
    QDBusObjectPath menuPath() const;

public Q_SLOTS:
    Q_SCRIPTABLE void Activate(int x, int y);
    Q_SCRIPTABLE void SecondaryActivate(int x, int y);
    Q_SCRIPTABLE void ContextMenu(int x, int y);
    Q_SCRIPTABLE void Scroll(int delta, const QString &orientation);

Q_SIGNALS:
    Q_SCRIPTABLE void NewTitle();
    Q_SCRIPTABLE void NewIcon();
    Q_SCRIPTABLE void NewAttentionIcon();
    Q_SCRIPTABLE void NewOverlayIcon();
    Q_SCRIPTABLE void NewToolTip();
    Q_SCRIPTABLE void NewStatus(const QString &status);

    // A left click, a middle click.
    void activated();
    void secondaryActivated();
    // The watcher accepted the item, or went away.
    void registeredChanged(bool registered);

private:
    void registerWithWatcher();
    void setRegistered(bool registered);

    QPointer<QMenu> m_menu;
    DBusMenuExporter *m_exporter;
    QDBusServiceWatcher *m_watcher = nullptr;
    QString m_serviceName;
    QString m_title;
    QString m_toolTipText;
    SniIconPixmapList m_icon;
    SniIconPixmapList m_attentionIcon;
    bool m_needsAttention = false;
    bool m_registered = false;
    bool m_registering = false;
};
