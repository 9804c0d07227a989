#pragma once

#include "accounts/account.h"
#include "tray/traystatus.h"

#include <QHash>
#include <QIcon>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QUuid>

#include <memory>

class DesktopNotifications;
class QMenu;
class SessionManager;
class StatusNotifierItem;

// The system tray icon: its picture and tooltip summarise every account, and
// its menu gives each account Copy token / Copy header / Refresh now, grouped
// by provider, plus Show TokenTray, Settings and Quit.
//
// The summary is recomputed after every tick (a loop over the sessions), but
// the icon and tooltip are only set when they change, and the menu is only
// touched when an account or how it is shown changes — never once a second.
// A change of state updates that account's submenu in place; an account
// added, removed or renamed rebuilds the menu, which waits while it is open.
//
// Two backends: where a StatusNotifierWatcher with a registered host runs on
// the session bus (KDE Plasma, GNOME with the AppIndicator extension), the
// icon is our own StatusNotifierItem and the QSystemTrayIcon stays hidden;
// elsewhere it is the QSystemTrayIcon (an XEmbed tray). Should the watcher go
// away, there is no tray (hostChanged(false)) until it registers the item
// again.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(SessionManager *manager, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    void hide();
    bool isVisible() const;
    // Whether a tray host shows the icon now (or is being asked to), so that
    // a hidden window can be reached again.
    bool hasHost() const;

    // Whether the session bus has a StatusNotifierItem host (blocks briefly).
    static bool isStatusNotifierHostAvailable();
    // Whether any tray host is there: a StatusNotifierItem or an XEmbed one.
    static bool isAnyHostAvailable();

    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }
    // The StatusNotifierItem backend, when it is in use (else null).
    StatusNotifierItem *statusNotifierItem() const { return m_sni; }
    bool usesStatusNotifierItem() const { return m_sni != nullptr; }
    QMenu *menu() const { return m_menu.get(); }

    TrayStatus::Summary summary() const { return m_summary; }
    // How many times the menu has been built (for tests: not once per tick).
    int menuRebuildCount() const { return m_rebuilds; }
    // Changes of an account's state, made to its submenu in place.
    int menuUpdateCount() const { return m_updates; }

    // The picture for a level: the packaged tray icons, or the app icon with
    // a drawn badge if they cannot be loaded.
    static QIcon icon(TrayStatus::Level level);

    void showMessage(const QString &title, const QString &body, TrayStatus::Level level, int msecs = 10000);

    // Recomputes the summary now and rebuilds the menu if needed (normally
    // run from a zero-timer after a change, so bursts are coalesced).
    void refresh();

Q_SIGNALS:
    void toggleWindowRequested(); // left click
    void showWindowRequested();
    void settingsRequested();
    void quitRequested();
    void copyTokenRequested(const QUuid &account);
    void copyHeaderRequested(const QUuid &account);
    void messageClicked();
    // The tray host went away or came back (see hasHost()).
    void hostChanged(bool available);

private:
    // What the menu shows of one account. A change of its state (dot, state
    // label, copy actions) updates its submenu in place; any other change,
    // or an account added or removed, rebuilds the menu.
    struct Entry
    {
        QUuid id;
        QString name;
        Provider provider = Provider::SevenG;
        QString environment;
        QString stateLabel;
        int dot = 0;
        bool canCopy = false;

        friend bool operator==(const Entry &, const Entry &) = default;
    };

    void scheduleRefresh();
    QList<Entry> currentEntries() const;
    void rebuildMenu();
    void addAccountMenu(const Entry &entry);
    void fillAccountMenu(QMenu *sub, const QUuid &id);
    // What changes with an account's state: its dot, state line and copy actions.
    void showAccountState(QMenu *sub, const Entry &entry);
    QIcon dotIcon(int dot);
    void onActivated(QSystemTrayIcon::ActivationReason reason);
    void showSystemTrayIcon();
    bool startStatusNotifierItem();
    void onStatusNotifierRegistered(bool registered);

    SessionManager *m_manager;
    QSystemTrayIcon *m_tray;
    StatusNotifierItem *m_sni = nullptr;
    DesktopNotifications *m_notifications = nullptr;
    std::unique_ptr<QMenu> m_menu;
    QHash<QUuid, QMenu *> m_accountMenuById; // owned: the submenus of the last rebuild
    // One picture per dot colour, shared by every account's submenu.
    QHash<int, QIcon> m_dotIcons;
    QTimer m_refreshTimer;
    QList<Entry> m_entries;
    TrayStatus::Summary m_summary;
    QString m_toolTip;
    bool m_menuDirty = true;
    bool m_entriesStale = true;
    bool m_iconSet = false;
    bool m_shown = false;
    int m_rebuilds = 0;
    int m_updates = 0;
};
