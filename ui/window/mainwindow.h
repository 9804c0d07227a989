#pragma once

#include "accounts/account.h"
#include "base/tokenformat.h"
#include "dialogs/recentaccessdialog.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QUuid>

#include <functional>

class AccessLog;
class AccountDetailsPane;
class AccountFilterProxyModel;
class AccountTableModel;
class BannerWidget;
class ClipboardGuard;
class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTableView;
class SessionManager;
class TokenSession;

// The accounts window: a live table of every account with its countdown, a
// details pane for the selected one, banners for conditions that affect many
// accounts (offline, keychain), and the actions an ops person needs all day —
// above all "copy a valid token, now" (Enter or Ctrl+C).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using CopyKind = TokenFormat::Copy;

    // settings: where the window keeps its geometry and table layout (never a
    // secret); may be null.
    MainWindow(SessionManager *manager, ClipboardGuard *clipboard, QSettings *settings,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    void setDemoMode(bool demo);
    // Fills a new account with the user's defaults (refresh lead, lifetime).
    using AccountDefaults = std::function<void(Account &)>;
    void setAccountDefaults(AccountDefaults defaults);
    // A problem found at start (damaged accounts file, demo server missing):
    // shown in a banner the user can dismiss.
    void showProblem(const QString &message);
    // A short note in the status bar.
    void showStatus(const QString &message, int timeoutMs = 6000);

    void saveWindowState();
    void restoreWindowState();

    // Hidden until someone provides settings; then shown in the File menu.
    QAction *settingsAction() const { return m_settingsAction; }
    // The log of tokens handed to other processes: View → Recent Access…
    // appears once there is one.
    void setAccessLog(AccessLog *log);
    QAction *recentAccessAction() const { return m_recentAccessAction; }
    void showRecentAccess();
    RecentAccessDialog *recentAccessDialog() const { return m_recentAccess; }

    // The copy flow, also usable from elsewhere: renews first when needed.
    void copy(const QUuid &accountId, CopyKind kind);
    void addAccount();
    void editAccount(const QUuid &accountId);
    void removeAccount(const QUuid &accountId);
    void showTokenDetails(const QUuid &accountId);
    void checkService(const QUuid &accountId);

    // While the desktop is locked: logins and tokens are hidden in the table,
    // the details pane and every token window, and a banner says why.
    void setConcealed(bool concealed);
    bool isConcealed() const { return m_concealed; }

    void selectAccount(const QUuid &accountId);
    TokenSession *currentSession() const;

    // For tests.
    AccountTableModel *model() const { return m_model; }
    AccountFilterProxyModel *proxyModel() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    AccountDetailsPane *detailsPane() const { return m_details; }
    QLineEdit *filterEdit() const { return m_filter; }
    BannerWidget *offlineBanner() const { return m_offlineBanner; }
    BannerWidget *keychainBanner() const { return m_keychainBanner; }
    BannerWidget *concealedBanner() const { return m_concealedBanner; }
    QString statusText() const;

Q_SIGNALS:
    void quitRequested();
    // A secret went to the clipboard.
    void copied(const QUuid &accountId, MainWindow::CopyKind kind);

protected:
    void closeEvent(QCloseEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    QWidget *createEmptyPage();
    QWidget *createNoMatchPage();
    void updateActions();
    void updatePage();
    void updateBanners();
    void updateSummary();
    void queueSummary();
    void updateClipboardLabel();
    void onTick();
    void onCurrentChanged();
    void showContextMenu(const QPoint &pos);
    QList<int> visibleSourceRows() const;
    QUuid currentId() const;
    QString copiedMessage(const QString &name, CopyKind kind) const;
    void showAbout();

    SessionManager *m_manager;
    ClipboardGuard *m_clipboard;
    QSettings *m_settings;
    AccountTableModel *m_model;
    AccountFilterProxyModel *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_pages;
    QWidget *m_emptyPage;
    QWidget *m_noMatchPage;
    QLabel *m_noMatchLabel;
    QSplitter *m_splitter;
    AccountDetailsPane *m_details;
    BannerWidget *m_offlineBanner;
    BannerWidget *m_keychainBanner;
    BannerWidget *m_problemBanner;
    BannerWidget *m_concealedBanner;
    QLineEdit *m_filter;
    QLabel *m_summaryLabel;
    QLabel *m_clipboardLabel;
    QMenu *m_contextMenu = nullptr;
    bool m_demo = false;
    bool m_summaryQueued = false;
    bool m_concealed = false;
    QUuid m_pendingSelection; // select this account as soon as its row appears
    AccountDefaults m_accountDefaults;

    QAction *m_addAction;
    QAction *m_editAction;
    QAction *m_removeAction;
    QAction *m_copyTokenAction;
    QAction *m_copyHeaderAction;
    QAction *m_copyCurlAction;
    QAction *m_renewAction;
    QAction *m_signOutAction;
    QAction *m_detailsAction;
    QAction *m_checkAction;
    QAction *m_findAction;
    QAction *m_showDetailsPaneAction;
    QAction *m_settingsAction;
    QAction *m_quitAction;
    QAction *m_aboutAction;
    QAction *m_recentAccessAction;
    AccessLog *m_accessLog = nullptr;
    QPointer<RecentAccessDialog> m_recentAccess;

    // The last "Check service" result per account, for the details pane.
    struct CheckResult
    {
        QString text;
        bool ok = true;
    };
    QHash<QUuid, CheckResult> m_checks;
};
