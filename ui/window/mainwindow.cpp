#include "window/mainwindow.h"

#include "accounts/accountstore.h"
#include "base/clock.h"
#include "base/tokenformat.h"
#include "clipboard/clipboardguard.h"
#include "dialogs/accountdialog.h"
#include "dialogs/recentaccessdialog.h"
#include "dialogs/tokendetailsdialog.h"
#include "providers/tokenprovider.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "style/icons.h"
#include "window/accountdetailspane.h"
#include "window/accountfilterproxymodel.h"
#include "window/accounttablemodel.h"
#include "window/bannerwidget.h"
#include "window/countdowndelegate.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QHideEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
const QString SettingsGroup = u"MainWindow"_s;
} // namespace

MainWindow::MainWindow(SessionManager *manager, ClipboardGuard *clipboard, QSettings *settings,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_manager(manager)
    , m_clipboard(clipboard)
    , m_settings(settings)
    , m_model(new AccountTableModel(manager, this))
    , m_proxy(new AccountFilterProxyModel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(QIcon(u":/icons/tokentray.svg"_s));
    setDemoMode(false);
    m_proxy->setSourceModel(m_model);

    // The table.
    m_view = new QTableView(this);
    m_view->setObjectName(u"accountsView"_s);
    m_view->setAccessibleName(tr("Accounts"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTabKeyNavigation(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setCornerButtonEnabled(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setItemDelegateForColumn(AccountTableModel::TimeLeftColumn, new CountdownDelegate(m_view));
    m_view->verticalHeader()->hide();
    // Room for the countdown bar under the text; fixed, so 1,000 rows never need measuring.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(fontMetrics().horizontalAdvance(u"00:00:00"_s));
    const auto width = [this](const QString &sample) {
        return fontMetrics().horizontalAdvance(sample) + 28;
    };
    header->resizeSection(AccountTableModel::NameColumn, width(u"Registry production account"_s));
    header->resizeSection(AccountTableModel::EnvironmentColumn, width(u"7G · 127.0.0.1:65535"_s));
    header->resizeSection(AccountTableModel::LoginColumn, width(u"ops.registry.user"_s));
    header->resizeSection(AccountTableModel::StateColumn, width(u"Wrong password — not retried"_s) + 20);
    header->resizeSection(AccountTableModel::TimeLeftColumn, width(u"Time left 0"_s));
    header->resizeSection(AccountTableModel::RenewedColumn, width(u"59 min ago"_s));
    header->setSectionResizeMode(AccountTableModel::NameColumn, QHeaderView::Stretch);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AccountTableModel::NameColumn, Qt::AscendingOrder);
    m_model->setVisibleRowsFunction([this] { return visibleSourceRows(); });

    // Pages: nothing yet / the table / nothing matches the filter.
    m_pages = new QStackedWidget(this);
    m_emptyPage = createEmptyPage();
    m_noMatchPage = createNoMatchPage();
    m_pages->addWidget(m_emptyPage);
    m_pages->addWidget(m_view);
    m_pages->addWidget(m_noMatchPage);

    m_details = new AccountDetailsPane(manager->clock(), manager->autoRenew(), this);
    m_details->setObjectName(u"detailsPane"_s);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"splitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setSizes({ 400, fontMetrics().height() * 7 });

    m_offlineBanner = new BannerWidget(StatusSeverity::Warning, this);
    m_offlineBanner->setObjectName(u"offlineBanner"_s);
    m_offlineBanner->setText(tr("Offline — retrying. The token services cannot be reached at the moment; "
                                "TokenTray keeps trying and renews every token as soon as they answer."));
    m_keychainBanner = new BannerWidget(StatusSeverity::Error, this);
    m_keychainBanner->setObjectName(u"keychainBanner"_s);
    QPushButton *retryKeychain = m_keychainBanner->addButton(tr("Try Again"));
    retryKeychain->setObjectName(u"keychainRetry"_s);
    connect(retryKeychain, &QPushButton::clicked, m_manager->keychainMonitor(), &KeychainMonitor::retry);
    m_problemBanner = new BannerWidget(StatusSeverity::Warning, this);
    m_problemBanner->setObjectName(u"problemBanner"_s);
    m_problemBanner->setClosable(true);
    m_problemBanner->hide();
    m_concealedBanner = new BannerWidget(StatusSeverity::Neutral, this);
    m_concealedBanner->setObjectName(u"concealedBanner"_s);
    m_concealedBanner->setText(
        tr("The screen is locked: logins and tokens are hidden until it is unlocked."));
    m_concealedBanner->hide();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(6);
    layout->addWidget(m_offlineBanner);
    layout->addWidget(m_keychainBanner);
    layout->addWidget(m_problemBanner);
    layout->addWidget(m_concealedBanner);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(u"summary"_s);
    m_clipboardLabel = new QLabel(this);
    m_clipboardLabel->setObjectName(u"clipboardCountdown"_s);
    m_clipboardLabel->setContentsMargins(0, 0, 12, 0);
    statusBar()->addPermanentWidget(m_clipboardLabel);
    statusBar()->addPermanentWidget(m_summaryLabel);

    createActions();
    createMenus();
    createToolBar();

    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QUuid id = index.data(AccountTableModel::SessionIdRole).toUuid();
        if (!id.isNull())
            copy(id, CopyKind::Token);
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updatePage);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updatePage);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updatePage);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updatePage);
    // The proxy drops its rows before the source does: look again once the source is done.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updatePage);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updatePage);

    connect(m_manager, &SessionManager::sessionAdded, this, [this](TokenSession *session) {
        if (session->id() == m_pendingSelection) {
            m_pendingSelection = {};
            selectAccount(session->id());
        }
        queueSummary();
    });
    connect(m_manager, &SessionManager::sessionRemoved, this, [this](const QUuid &id) {
        m_checks.remove(id);
        queueSummary();
    });
    connect(m_manager, &SessionManager::sessionChanged, this, [this](TokenSession *session) {
        if (session == m_details->session()) {
            m_details->refresh();
            updateActions();
        }
        queueSummary();
    });
    connect(m_manager, &SessionManager::ticked, this, &MainWindow::onTick);
    connect(m_manager->offlineMonitor(), &OfflineMonitor::offlineChanged, this, &MainWindow::updateBanners);
    connect(m_manager->keychainMonitor(), &KeychainMonitor::statusChanged, this, &MainWindow::updateBanners);

    connect(m_clipboard, &ClipboardGuard::cleared, this, [this] {
        showStatus(tr("The clipboard was cleared."));
        updateClipboardLabel();
    });
    connect(m_clipboard, &ClipboardGuard::released, this, &MainWindow::updateClipboardLabel);

    const AccountStore *store = m_manager->accountStore();
    if (!store->loadProblem().isEmpty())
        showProblem(store->loadProblem());

    resize(1040, 600);
    restoreWindowState();
    updatePage();
    updateBanners();
    updateSummary();
    updateClipboardLabel();
    onCurrentChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::setDemoMode(bool demo)
{
    m_demo = demo;
    setWindowTitle(demo ? tr("TokenTray — Demo") : tr("TokenTray"));
}

void MainWindow::setAccountDefaults(AccountDefaults defaults)
{
    m_accountDefaults = std::move(defaults);
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &text, const QString &icon, const QString &name) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!icon.isEmpty())
            action->setIcon(Icons::get(icon));
        // Shortcuts work wherever the focus is in this window.
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        return action;
    };

    m_addAction = make(tr("&Add Account…"), u"add"_s, u"addAction"_s);
    m_addAction->setIconText(tr("Add"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add a 7G account or a D7 application (Ctrl+N)"));
    connect(m_addAction, &QAction::triggered, this, &MainWindow::addAccount);

    m_editAction = make(tr("&Edit…"), u"edit"_s, u"editAction"_s);
    m_editAction->setShortcut(Qt::CTRL | Qt::Key_E);
    m_editAction->setPriority(QAction::LowPriority);
    m_editAction->setToolTip(tr("Edit the selected account (Ctrl+E)"));
    connect(m_editAction, &QAction::triggered, this, [this] { editAccount(currentId()); });

    m_removeAction = make(tr("&Remove…"), u"remove"_s, u"removeAction"_s);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setPriority(QAction::LowPriority);
    m_removeAction->setToolTip(tr("Remove the selected account and its saved secrets (Delete)"));
    connect(m_removeAction, &QAction::triggered, this, [this] { removeAccount(currentId()); });

    m_copyTokenAction = make(tr("&Copy Token"), u"copy"_s, u"copyTokenAction"_s);
    m_copyTokenAction->setIconText(tr("Copy Token"));
    m_copyTokenAction->setShortcuts(
        { QKeySequence::Copy, QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter) });
    m_copyTokenAction->setToolTip(tr("Copy a valid token of the selected account (Enter or Ctrl+C)"));
    connect(m_copyTokenAction, &QAction::triggered, this, [this] { copy(currentId(), CopyKind::Token); });

    m_copyHeaderAction = make(tr("Copy Authorization &Header"), u"header"_s, u"copyHeaderAction"_s);
    m_copyHeaderAction->setIconText(tr("Copy Header"));
    m_copyHeaderAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    m_copyHeaderAction->setToolTip(tr("Copy the whole Authorization header line (Ctrl+Shift+C)"));
    connect(m_copyHeaderAction, &QAction::triggered, this, [this] { copy(currentId(), CopyKind::Header); });

    m_copyCurlAction = make(tr("Copy as c&url Command"), u"terminal"_s, u"copyCurlAction"_s);
    m_copyCurlAction->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_C);
    m_copyCurlAction->setPriority(QAction::LowPriority);
    m_copyCurlAction->setToolTip(tr("Copy a curl command with every header the service needs (Ctrl+Alt+C)"));
    connect(m_copyCurlAction, &QAction::triggered, this, [this] { copy(currentId(), CopyKind::Curl); });

    m_renewAction = make(tr("Sign &In / Refresh Now"), u"refresh"_s, u"renewAction"_s);
    m_renewAction->setIconText(tr("Refresh"));
    m_renewAction->setShortcuts({ QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R) });
    m_renewAction->setToolTip(
        tr("Sign in or refresh the token now (F5). Also retries rejected credentials."));
    connect(m_renewAction, &QAction::triggered, this, [this] {
        if (TokenSession *session = currentSession()) {
            session->renewNow();
            showStatus(tr("Renewing the token of %1…").arg(session->account().name));
        }
    });

    m_signOutAction = make(tr("Sign &Out"), u"signout"_s, u"signOutAction"_s);
    m_signOutAction->setPriority(QAction::LowPriority);
    m_signOutAction->setToolTip(tr("Forget the tokens of the selected account; its credentials stay saved"));
    connect(m_signOutAction, &QAction::triggered, this, [this] {
        if (TokenSession *session = currentSession()) {
            session->signOut();
            showStatus(tr("Signed out of %1. Its tokens were forgotten.").arg(session->account().name));
        }
    });

    m_detailsAction = make(tr("Token &Details…"), u"details"_s, u"detailsAction"_s);
    m_detailsAction->setShortcut(Qt::CTRL | Qt::Key_I);
    m_detailsAction->setPriority(QAction::LowPriority);
    m_detailsAction->setToolTip(tr("Show the token's header and claims (Ctrl+I)"));
    connect(m_detailsAction, &QAction::triggered, this, [this] { showTokenDetails(currentId()); });

    m_checkAction = make(tr("Check Ser&vice"), u"check"_s, u"checkAction"_s);
    m_checkAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
    m_checkAction->setPriority(QAction::LowPriority);
    m_checkAction->setToolTip(tr("Ask the account's service whether it is healthy (Ctrl+Shift+H)"));
    connect(m_checkAction, &QAction::triggered, this, [this] { checkService(currentId()); });

    m_findAction = make(tr("&Filter Accounts"), QString(), u"findAction"_s);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });

    m_showDetailsPaneAction = make(tr("Details &Pane"), QString(), u"detailsPaneAction"_s);
    m_showDetailsPaneAction->setCheckable(true);
    m_showDetailsPaneAction->setChecked(true);
    connect(m_showDetailsPaneAction, &QAction::toggled, m_details, &QWidget::setVisible);

    m_settingsAction = make(tr("&Settings…"), QString(), u"settingsAction"_s);
    // Ctrl+, where the platform has no key of its own for preferences (most Linux desktops).
    m_settingsAction->setShortcuts(QKeySequence::keyBindings(QKeySequence::Preferences).isEmpty()
                                       ? QList<QKeySequence> { QKeySequence(Qt::CTRL | Qt::Key_Comma) }
                                       : QKeySequence::keyBindings(QKeySequence::Preferences));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setVisible(false);

    m_quitAction = make(tr("&Quit"), QString(), u"quitAction"_s);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quitRequested);

    m_recentAccessAction = make(tr("Recent &Access…"), QString(), u"recentAccessAction"_s);
    m_recentAccessAction->setToolTip(tr("Which programs were handed which token, and when"));
    m_recentAccessAction->setVisible(false);
    connect(m_recentAccessAction, &QAction::triggered, this, &MainWindow::showRecentAccess);

    m_aboutAction = make(tr("&About TokenTray"), QString(), u"aboutAction"_s);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *account = menuBar()->addMenu(tr("&Account"));
    account->addAction(m_addAction);
    account->addAction(m_editAction);
    account->addAction(m_removeAction);
    account->addSeparator();
    account->addAction(m_copyTokenAction);
    account->addAction(m_copyHeaderAction);
    account->addAction(m_copyCurlAction);
    account->addSeparator();
    account->addAction(m_renewAction);
    account->addAction(m_signOutAction);
    account->addSeparator();
    account->addAction(m_detailsAction);
    account->addAction(m_checkAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findAction);
    view->addAction(m_showDetailsPaneAction);
    view->addSeparator();
    view->addAction(m_recentAccessAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(u"accountContextMenu"_s);
    m_contextMenu->addAction(m_copyTokenAction);
    m_contextMenu->addAction(m_copyHeaderAction);
    m_contextMenu->addAction(m_copyCurlAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_renewAction);
    m_contextMenu->addAction(m_signOutAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_detailsAction);
    m_contextMenu->addAction(m_checkAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_editAction);
    m_contextMenu->addAction(m_removeAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(m_addAction);
    bar->addSeparator();
    bar->addAction(m_copyTokenAction);
    bar->addAction(m_copyHeaderAction);
    bar->addAction(m_copyCurlAction);
    bar->addSeparator();
    bar->addAction(m_renewAction);
    bar->addAction(m_signOutAction);
    bar->addAction(m_detailsAction);
    bar->addAction(m_checkAction);
    bar->addSeparator();
    bar->addAction(m_editAction);
    bar->addAction(m_removeAction);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    m_filter = new QLineEdit(bar);
    m_filter->setObjectName(u"filter"_s);
    m_filter->setAccessibleName(tr("Filter accounts"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setToolTip(tr("Shows the accounts whose name, environment or login contain every word typed"));
    m_filter->setClearButtonEnabled(true);
    QAction *searchIcon = m_filter->addAction(Icons::get(u"search"_s), QLineEdit::LeadingPosition);
    // The icon shows as a button: it needs a name for a screen reader.
    searchIcon->setText(tr("Filter"));
    m_filter->setFixedWidth(fontMetrics().averageCharWidth() * 28);
    bar->addWidget(m_filter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updatePage();
        // Keep a row selected, so Enter copies the best match.
        if (!m_view->selectionModel()->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_view->setCurrentIndex(m_proxy->index(0, AccountTableModel::NameColumn));
    });
    // Escape leaves the filter box: cleared, back to the table.
    auto *leave = new QAction(m_filter);
    leave->setShortcut(Qt::Key_Escape);
    leave->setShortcutContext(Qt::WidgetShortcut);
    m_filter->addAction(leave);
    connect(leave, &QAction::triggered, this, [this] {
        m_filter->clear();
        m_view->setFocus(Qt::ShortcutFocusReason);
    });
    // Down arrow goes to the table.
    auto *down = new QAction(m_filter);
    down->setShortcut(Qt::Key_Down);
    down->setShortcutContext(Qt::WidgetShortcut);
    m_filter->addAction(down);
    connect(down, &QAction::triggered, this, [this] { m_view->setFocus(Qt::ShortcutFocusReason); });
}

QWidget *MainWindow::createEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(u"emptyPage"_s);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(2);
    auto *icon = new QLabel(page);
    icon->setPixmap(QIcon(u":/icons/tokentray.svg"_s).pixmap(QSize(72, 72), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    auto *title = new QLabel(tr("No accounts yet"), page);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto *text = new QLabel(tr("Add a 7G account or a D7 application. TokenTray signs in, renews the token "
                               "before it expires, and has a valid one ready to copy at any moment."),
                            page);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // A comfortable measure: a wrapped QLabel would otherwise pick a narrow column.
    text->setFixedWidth(fontMetrics().averageCharWidth() * 56);
    auto *textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(text);
    textRow->addStretch(1);
    layout->addLayout(textRow);
    layout->addSpacing(8);
    auto *button = new QPushButton(Icons::get(u"add"_s), tr("Add Account…"), page);
    button->setObjectName(u"emptyAddButton"_s);
    connect(button, &QPushButton::clicked, this, &MainWindow::addAccount);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch(1);
    buttonRow->addWidget(button);
    buttonRow->addStretch(1);
    layout->addLayout(buttonRow);
    layout->addStretch(3);
    return page;
}

QWidget *MainWindow::createNoMatchPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(u"noMatchPage"_s);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    m_noMatchLabel = new QLabel(page);
    m_noMatchLabel->setAlignment(Qt::AlignCenter);
    m_noMatchLabel->setWordWrap(true);
    m_noMatchLabel->setTextFormat(Qt::PlainText);
    layout->addWidget(m_noMatchLabel);
    auto *clear = new QPushButton(tr("Clear Filter"), page);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_filter->clear();
        m_view->setFocus();
    });
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(clear);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
    return page;
}

void MainWindow::updatePage()
{
    QWidget *page = m_view;
    if (m_model->rowCount() == 0) {
        page = m_emptyPage;
    } else if (m_proxy->rowCount() == 0) {
        page = m_noMatchPage;
        m_noMatchLabel->setText(tr("No account matches \"%1\".").arg(m_filter->text().simplified()));
    }
    if (m_pages->currentWidget() != page) {
        const bool hadFocus = m_pages->currentWidget() && m_pages->currentWidget()->hasFocus();
        m_pages->setCurrentWidget(page);
        if (hadFocus && page == m_view)
            m_view->setFocus();
    }
    m_details->setVisible(m_showDetailsPaneAction->isChecked() && m_model->rowCount() > 0);
    if (page == m_view && !m_view->selectionModel()->currentIndex().isValid())
        m_view->setCurrentIndex(m_proxy->index(0, AccountTableModel::NameColumn));
}

void MainWindow::updateBanners()
{
    m_offlineBanner->setVisible(m_manager->offlineMonitor()->isOffline());
    const bool keychainDown = m_manager->keychainMonitor()->status() == KeychainMonitor::Status::Unavailable;
    if (keychainDown) {
        const QString message = m_manager->keychainMonitor()->message();
        m_keychainBanner->setText(
            message.isEmpty()
                ? tr("The keychain cannot be used. Accounts stay listed, but saved credentials and tokens "
                     "cannot "
                     "be read or stored until it is available.")
                : tr("%1 Accounts stay listed; saved credentials and tokens are used again once the keychain "
                     "is available.")
                      .arg(message));
    }
    m_keychainBanner->setVisible(keychainDown);
}

void MainWindow::queueSummary()
{
    // Many sessions change at once (start, network back): count once afterwards.
    if (m_summaryQueued)
        return;
    m_summaryQueued = true;
    QMetaObject::invokeMethod(this, &MainWindow::updateSummary, Qt::QueuedConnection);
}

void MainWindow::updateSummary()
{
    m_summaryQueued = false;
    const QList<TokenSession *> &sessions = m_manager->sessions();
    int attention = 0;
    for (const TokenSession *session : sessions) {
        const StatusSeverity severity = AccountTableModel::severityOf(session);
        if (severity == StatusSeverity::Error || severity == StatusSeverity::Warning)
            ++attention;
    }
    // English needs no translation file for its plurals this way.
    const int count = int(sessions.size());
    const QString accounts = count == 1 ? tr("1 account") : tr("%n accounts", nullptr, count);
    m_summaryLabel->setText(attention == 0 ? accounts
                                : attention == 1
                                ? tr("%1 · 1 needs attention").arg(accounts)
                                : tr("%1 · %n need attention", nullptr, attention).arg(accounts));
    updateActions();
}

void MainWindow::updateClipboardLabel()
{
    const QDateTime clearAt = m_clipboard->clearAt();
    if (!clearAt.isValid()) {
        m_clipboardLabel->clear();
        m_clipboardLabel->hide();
        return;
    }
    const qint64 seconds = std::max<qint64>(0, (m_manager->clock()->now().msecsTo(clearAt) + 999) / 1000);
    m_clipboardLabel->setText(tr("Clipboard clears in %n s", nullptr, int(seconds)));
    m_clipboardLabel->show();
}

void MainWindow::onTick()
{
    m_clipboard->check();
    if (!isVisible() || isMinimized())
        return;
    updateClipboardLabel();
    if (m_details->isVisible())
        m_details->refresh();
}

QList<int> MainWindow::visibleSourceRows() const
{
    if (!isVisible() || isMinimized() || m_pages->currentWidget() != m_view)
        return {};
    const int count = m_proxy->rowCount();
    if (count == 0)
        return {};
    const int top = std::max(0, m_view->rowAt(0));
    int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
    if (bottom < 0)
        bottom = count - 1;
    QList<int> rows;
    rows.reserve(bottom - top + 1);
    for (int row = top; row <= bottom; ++row)
        rows.append(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    return rows;
}

QUuid MainWindow::currentId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || m_pages->currentWidget() != m_view)
        return {};
    return current.data(AccountTableModel::SessionIdRole).toUuid();
}

TokenSession *MainWindow::currentSession() const
{
    const QUuid id = currentId();
    return id.isNull() ? nullptr : m_manager->session(id);
}

void MainWindow::setConcealed(bool concealed)
{
    if (concealed == m_concealed)
        return;
    m_concealed = concealed;
    m_model->setConcealed(concealed);
    m_details->setConcealed(concealed);
    for (TokenDetailsDialog *dialog : findChildren<TokenDetailsDialog *>())
        dialog->setConcealed(concealed);
    m_concealedBanner->setVisible(concealed);
}

void MainWindow::selectAccount(const QUuid &accountId)
{
    const int sourceRow = m_model->rowOf(accountId);
    if (sourceRow < 0)
        return;
    const QModelIndex index
        = m_proxy->mapFromSource(m_model->index(sourceRow, AccountTableModel::NameColumn));
    if (!index.isValid())
        return; // filtered out
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void MainWindow::onCurrentChanged()
{
    // The view makes the first row current by itself when rows arrive, but
    // does not select it: the highlight must always show the row the
    // actions will act on.
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (current.isValid() && !m_view->selectionModel()->isRowSelected(current.row(), current.parent()))
        m_view->selectionModel()->select(current,
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    TokenSession *session = currentSession();
    m_details->setSession(session);
    if (session) {
        const auto check = m_checks.constFind(session->id());
        if (check != m_checks.constEnd())
            m_details->setServiceCheck(check->text, check->ok);
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const TokenSession *session = currentSession();
    const bool selected = session != nullptr;
    const bool hasToken = selected && !session->tokens().isEmpty();
    for (QAction *action : { m_editAction, m_removeAction, m_copyTokenAction, m_copyHeaderAction,
                             m_copyCurlAction, m_renewAction, m_checkAction })
        action->setEnabled(selected);
    m_detailsAction->setEnabled(hasToken);
    m_signOutAction->setEnabled(hasToken || (selected && session->isBusy()));
    m_removeAction->setEnabled(selected && !m_manager->accountStore()->isReadOnly());
    m_editAction->setEnabled(selected && !m_manager->accountStore()->isReadOnly());
    m_addAction->setEnabled(!m_manager->accountStore()->isReadOnly());
    if (selected) {
        const bool sevenG = session->account().provider == Provider::SevenG;
        // Not R or S: Remove and Sign Out have those in the same menu.
        m_renewAction->setText(hasToken ? tr("Re&fresh Now") : tr("Sign &In Now"));
        m_renewAction->setIconText(hasToken ? tr("Refresh") : tr("Sign In"));
        m_copyHeaderAction->setStatusTip(
            sevenG ? tr("Copies \"Authorization: <token>\" (7G takes the raw token)")
                   : tr("Copies \"Authorization: Bearer <token>\""));
    }
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    QModelIndex index = m_view->indexAt(pos);
    QPoint where = pos;
    if (!index.isValid()) {
        // From the keyboard's menu key: under the current row.
        index = m_view->currentIndex();
        if (!index.isValid())
            return;
        where = m_view->visualRect(index).bottomLeft();
    }
    m_view->setCurrentIndex(index);
    // popup(), not exec(): no nested event loop.
    m_contextMenu->popup(m_view->viewport()->mapToGlobal(where));
}

QString MainWindow::copiedMessage(const QString &name, CopyKind kind) const
{
    const int timeout = m_clipboard->timeout();
    switch (kind) {
    case CopyKind::Token:
        return timeout > 0 ? tr("Copied %1 token — clears in %n s", nullptr, timeout).arg(name)
                           : tr("Copied %1 token").arg(name);
    case CopyKind::Header:
        return timeout > 0 ? tr("Copied %1 Authorization header — clears in %n s", nullptr, timeout).arg(name)
                           : tr("Copied %1 Authorization header").arg(name);
    case CopyKind::Curl:
        return timeout > 0 ? tr("Copied %1 curl command — clears in %n s", nullptr, timeout).arg(name)
                           : tr("Copied %1 curl command").arg(name);
    }
    return {};
}

void MainWindow::copy(const QUuid &accountId, CopyKind kind)
{
    TokenSession *session = m_manager->session(accountId);
    if (!session)
        return;
    if (!session->hasValidToken(TokenFormat::CopyMinValidSeconds))
        showStatus(tr("Getting a fresh token for %1…").arg(session->account().name), 0);
    session->requestToken(
        TokenFormat::CopyMinValidSeconds, this,
        [this, accountId, kind](const TokenSet &tokens, const AuthError &error) {
            TokenSession *s = m_manager->session(accountId);
            if (!s)
                return;
            const Account &account = s->account();
            if (error.isError() || tokens.isEmpty()) {
                const QString why = error.message.isEmpty()
                    ? tr("No token is available for %1.").arg(account.name)
                    : error.message;
                showStatus(tr("Nothing was copied. %1").arg(why), 15000);
                return;
            }
            const TokenProvider *provider = m_manager->providers()->provider(account.provider);
            const TokenFormat::Headers headers
                = provider ? provider->requestHeaders(tokens.accessToken) : TokenFormat::Headers {};
            const QString text = TokenFormat::copyText(kind, tokens.accessToken, headers, account.baseUrl);
            m_clipboard->copySecret(text);
            showStatus(copiedMessage(account.name, kind));
            updateClipboardLabel();
            Q_EMIT copied(accountId, kind);
        });
}

void MainWindow::addAccount()
{
    if (m_manager->accountStore()->isReadOnly())
        return;
    auto *dialog = new AccountDialog(m_manager, std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_accountDefaults) {
        Account sevenG = Account::create(Provider::SevenG);
        Account d7 = Account::create(Provider::D7);
        m_accountDefaults(sevenG);
        m_accountDefaults(d7);
        dialog->setNewAccountDefaults(sevenG, d7);
    }
    connect(dialog, &AccountDialog::saved, this, [this](const QUuid &id) {
        if (TokenSession *session = m_manager->session(id)) {
            selectAccount(id);
            showStatus(tr("Added %1.").arg(session->account().name));
        } else {
            m_pendingSelection = id;
        }
    });
    dialog->open();
}

void MainWindow::editAccount(const QUuid &accountId)
{
    TokenSession *session = m_manager->session(accountId);
    if (!session || m_manager->accountStore()->isReadOnly())
        return;
    auto *dialog = new AccountDialog(m_manager, session->account(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AccountDialog::saved, this, [this](const QUuid &id) {
        if (TokenSession *s = m_manager->session(id))
            showStatus(tr("Saved %1.").arg(s->account().name));
    });
    dialog->open();
}

void MainWindow::removeAccount(const QUuid &accountId)
{
    TokenSession *session = m_manager->session(accountId);
    if (!session || m_manager->accountStore()->isReadOnly())
        return;
    const Account account = session->account();
    auto *box = new QMessageBox(this);
    box->setObjectName(u"removeConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Remove Account"));
    box->setText(tr("Remove \"%1\"?").arg(account.name));
    box->setInformativeText(account.provider == Provider::SevenG
                                ? tr("Its saved password and tokens are deleted from the keychain too. "
                                     "This cannot be undone.")
                                : tr("Its saved client secret and token are deleted from the keychain too. "
                                     "This cannot be undone."));
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(u"confirmRemove"_s);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    connect(
        box, &QMessageBox::buttonClicked, this,
        [this, remove, accountId, name = account.name](QAbstractButton *b) {
            if (b != remove)
                return;
            m_manager->accountService()->removeAccount(accountId, this, [this, name](const Status &status) {
                if (status.ok())
                    showStatus(tr("Removed %1.").arg(name));
                else
                    showProblem(tr("%1 could not be removed completely. %2").arg(name, status.error()));
            });
        });
    box->open();
}

void MainWindow::showTokenDetails(const QUuid &accountId)
{
    TokenSession *session = m_manager->session(accountId);
    if (!session)
        return;
    if (session->tokens().isEmpty()) {
        showStatus(tr("%1 has no token yet. Sign in first (F5).").arg(session->account().name));
        return;
    }
    auto *dialog = new TokenDetailsDialog(session, m_clipboard, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setConcealed(m_concealed);
    dialog->show();
}

void MainWindow::checkService(const QUuid &accountId)
{
    TokenSession *session = m_manager->session(accountId);
    if (!session)
        return;
    AuthReply *reply = m_manager->accountService()->checkService(accountId);
    if (!reply)
        return;
    reply->setParent(this);
    const QString name = session->account().name;
    showStatus(tr("Checking the service of %1…").arg(name), 0);
    connect(reply, &AuthReply::finished, this, [this, reply, accountId, name] {
        reply->deleteLater();
        const QString time
            = QLocale().toString(m_manager->clock()->now().toLocalTime().time(), QLocale::ShortFormat);
        CheckResult result;
        if (reply->error().isError()) {
            result = { tr("Failed at %1: %2").arg(time, reply->error().message), false };
            showStatus(tr("The service of %1 did not answer well. %2").arg(name, reply->error().message),
                       15000);
        } else {
            const QString summary
                = reply->summary().isEmpty() ? tr("The service answered.") : reply->summary();
            result = { tr("%1 (at %2)").arg(summary, time), true };
            showStatus(tr("%1: %2").arg(name, summary));
        }
        m_checks.insert(accountId, result);
        if (currentId() == accountId)
            m_details->setServiceCheck(result.text, result.ok);
    });
}

void MainWindow::showProblem(const QString &message)
{
    m_problemBanner->setText(message);
    m_problemBanner->show();
}

void MainWindow::showStatus(const QString &message, int timeoutMs)
{
    statusBar()->showMessage(message, timeoutMs);
}

QString MainWindow::statusText() const
{
    return statusBar()->currentMessage();
}

void MainWindow::setAccessLog(AccessLog *log)
{
    m_accessLog = log;
    m_recentAccessAction->setVisible(log != nullptr);
}

void MainWindow::showRecentAccess()
{
    if (!m_accessLog)
        return;
    if (!m_recentAccess) {
        m_recentAccess = new RecentAccessDialog(m_accessLog, this);
        m_recentAccess->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_recentAccess->show();
    m_recentAccess->raise();
    m_recentAccess->activateWindow();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About TokenTray"));
    box->setIconPixmap(QIcon(u":/icons/tokentray.svg"_s).pixmap(QSize(64, 64), devicePixelRatioF()));
    box->setText(tr("TokenTray %1").arg(QApplication::applicationVersion()));
    box->setInformativeText(
        tr("Keeps the API tokens of 7G Registry Platform accounts and D7 Networks "
           "applications fresh, and hands you one in a click.\n\nSecrets are kept in: %1.")
            .arg(m_manager->secretStore()->backendName()));
    box->setStandardButtons(QMessageBox::Close);
    box->open();
}

void MainWindow::saveWindowState()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(SettingsGroup);
    m_settings->setValue(u"geometry"_s, saveGeometry());
    m_settings->setValue(u"state"_s, saveState());
    m_settings->setValue(u"table"_s, m_view->horizontalHeader()->saveState());
    m_settings->setValue(u"splitter"_s, m_splitter->saveState());
    m_settings->setValue(u"detailsPane"_s, m_showDetailsPaneAction->isChecked());
    m_settings->endGroup();
}

void MainWindow::restoreWindowState()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(SettingsGroup);
    restoreGeometry(m_settings->value(u"geometry"_s).toByteArray());
    restoreState(m_settings->value(u"state"_s).toByteArray());
    QHeaderView *header = m_view->horizontalHeader();
    if (header->restoreState(m_settings->value(u"table"_s).toByteArray())) {
        // The view sorts on a click, not on a restored indicator.
        m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
        // A stretched name column whatever was saved.
        header->setSectionResizeMode(AccountTableModel::NameColumn, QHeaderView::Stretch);
    }
    m_splitter->restoreState(m_settings->value(u"splitter"_s).toByteArray());
    m_showDetailsPaneAction->setChecked(m_settings->value(u"detailsPane"_s, true).toBool());
    m_settings->endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    // Closing to the tray hides the window without a close event reaching it.
    if (!event->spontaneous())
        saveWindowState();
    QMainWindow::hideEvent(event);
}
