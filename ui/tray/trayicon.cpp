#include "tray/trayicon.h"

#include "session/sessionmanager.h"
#include "session/tokensession.h"

#ifdef TOKENTRAY_HAVE_DBUS
#include "tray/desktopnotifications.h"
#include "tray/statusnotifieritem.h"
#endif

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
enum Dot { Neutral, Good, Busy, Attention, Bad };

int dotFor(const TokenSession &session)
{
    switch (TrayStatus::level(session)) {
    case TrayStatus::Level::Error:
        return Bad;
    case TrayStatus::Level::Warning:
        return Attention;
    case TrayStatus::Level::Ok:
        break;
    }
    switch (session.state()) {
    case SessionState::Valid:
        return Good;
    case SessionState::SigningIn:
    case SessionState::Refreshing:
        return Busy;
    default:
        return Neutral;
    }
}

QColor dotColor(int dot)
{
    switch (dot) {
    case Good:
        return QColor(0x2e, 0x9d, 0x5b);
    case Busy:
        return QColor(0x2f, 0x80, 0xed);
    case Attention:
        return QColor(0xe0, 0xa0, 0x00);
    case Bad:
        return QColor(0xd0, 0x31, 0x2d);
    default:
        return QColor(0x9a, 0x9a, 0x9a);
    }
}

QIcon paintDot(int dot)
{
    QIcon icon;
    for (const int size : { 16, 32 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(dotColor(dot));
        const qreal r = size * 0.28;
        p.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

// Menu texts treat '&' as a mnemonic marker; account names are literal.
QString literal(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'&', u"&&"_s);
    return escaped;
}

bool canProduceToken(const TokenSession &session)
{
    if (session.hasValidToken())
        return true;
    switch (session.state()) {
    case SessionState::CredentialsRejected:
    case SessionState::NeedsCredentials:
    case SessionState::KeychainUnavailable:
        return false;
    default:
        return true;
    }
}

QIcon badgedAppIcon(TrayStatus::Level level)
{
    QIcon result;
    const QIcon app(u":/icons/tokentray.svg"_s);
    for (const int size : { 16, 22, 24, 32, 48, 64 }) {
        QPixmap pixmap = app.pixmap(size, size);
        if (pixmap.isNull()) {
            pixmap = QPixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter tile(&pixmap);
            tile.setRenderHint(QPainter::Antialiasing);
            tile.setPen(Qt::NoPen);
            tile.setBrush(QColor(0x2f, 0x80, 0xed));
            tile.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size / 5.0, size / 5.0);
        }
        if (level != TrayStatus::Level::Ok) {
            QPainter p(&pixmap);
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
            p.setBrush(dotColor(level == TrayStatus::Level::Error ? Bad : Attention));
            const qreal d = size * 0.5;
            p.drawEllipse(QRectF(size - d - 0.5, 0.5, d, d));
        }
        result.addPixmap(pixmap);
    }
    return result;
}
} // namespace

TrayIcon::TrayIcon(SessionManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
{
    m_menu->setObjectName(u"trayMenu"_s);
    // The menu is given to the QSystemTrayIcon only when that is shown (see
    // showSystemTrayIcon()).
    connect(m_tray, &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::messageClicked);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TrayIcon::refresh);

    // A rebuild while the menu is open would pull actions from under the
    // pointer; it waits until the menu closes (queued, because the clicked
    // action is triggered after aboutToHide).
    connect(m_menu.get(), &QMenu::aboutToHide, this, [this] {
        if (m_menuDirty)
            scheduleRefresh();
    });

    const auto sessionsChanged = [this] {
        m_entriesStale = true;
        scheduleRefresh();
    };
    connect(m_manager, &SessionManager::sessionAdded, this, sessionsChanged);
    connect(m_manager, &SessionManager::sessionRemoved, this, sessionsChanged);
    connect(m_manager, &SessionManager::sessionChanged, this, sessionsChanged);
    connect(m_manager->offlineMonitor(), &OfflineMonitor::offlineChanged, this, &TrayIcon::scheduleRefresh);
    connect(m_manager->keychainMonitor(), &KeychainMonitor::statusChanged, this, &TrayIcon::scheduleRefresh);
    // Time alone can change the summary (a renewal running late, a token
    // running out); a tick only re-checks what time can change.
    connect(m_manager, &SessionManager::ticked, this, &TrayIcon::scheduleRefresh);

    refresh();
}

TrayIcon::~TrayIcon()
{
    m_tray->setContextMenu(nullptr);
}

void TrayIcon::show()
{
    m_shown = true;
    // Our own item where a StatusNotifierItem host runs: Qt's item would have
    // no Status to set, and shown too it would be a second icon.
    if (startStatusNotifierItem()) {
        m_tray->hide();
        return;
    }
    showSystemTrayIcon();
}

void TrayIcon::showSystemTrayIcon()
{
    // Qt's own StatusNotifierItem backend would attach a platform menu of
    // its own to the menu: only once that backend is really used.
    if (!m_tray->contextMenu())
        m_tray->setContextMenu(m_menu.get());
    m_tray->show();
}

void TrayIcon::hide()
{
    m_shown = false;
#ifdef TOKENTRAY_HAVE_DBUS
    delete m_sni;
    m_sni = nullptr;
#endif
    m_tray->hide();
}

bool TrayIcon::isVisible() const
{
    return m_shown && (m_sni || m_tray->isVisible());
}

bool TrayIcon::hasHost() const
{
    if (!m_shown)
        return false;
#ifdef TOKENTRAY_HAVE_DBUS
    if (m_sni)
        return m_sni->isRegistered() || m_sni->isRegistering();
#endif
    return m_tray->isVisible() && QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayIcon::isStatusNotifierHostAvailable()
{
#ifdef TOKENTRAY_HAVE_DBUS
    return StatusNotifierItem::isHostAvailable();
#else
    return false;
#endif
}

bool TrayIcon::isAnyHostAvailable()
{
    return isStatusNotifierHostAvailable() || QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayIcon::startStatusNotifierItem()
{
#ifdef TOKENTRAY_HAVE_DBUS
    if (m_sni)
        return true;
    if (!StatusNotifierItem::isHostAvailable())
        return false;
    m_sni = new StatusNotifierItem(m_menu.get(), this);
    m_sni->setTitle(tr("TokenTray"));
    m_sni->setIcon(icon(m_summary.level));
    m_sni->setAttentionIcon(icon(TrayStatus::Level::Error));
    m_sni->setToolTip(m_toolTip);
    m_sni->setNeedsAttention(m_summary.level != TrayStatus::Level::Ok);
    connect(m_sni, &StatusNotifierItem::activated, this, &TrayIcon::toggleWindowRequested);
    connect(m_sni, &StatusNotifierItem::registeredChanged, this, &TrayIcon::onStatusNotifierRegistered);
    if (!m_sni->start()) {
        delete m_sni;
        m_sni = nullptr;
        return false;
    }
    if (!m_notifications)
        m_notifications = new DesktopNotifications(this);
    return true;
#else
    return false;
#endif
}

void TrayIcon::onStatusNotifierRegistered(bool registered)
{
    if (!m_shown)
        return;
    // The watcher went away (the desktop shell restarting, or gone for
    // good). The QSystemTrayIcon cannot stand in: Qt chose its backend by the
    // same watcher when it was made. Until the item is registered again,
    // there is no tray.
    Q_EMIT hostChanged(registered);
}

QIcon TrayIcon::icon(TrayStatus::Level level)
{
    QString path;
    switch (level) {
    case TrayStatus::Level::Ok:
        path = u":/icons/tray-ok.svg"_s;
        break;
    case TrayStatus::Level::Warning:
        path = u":/icons/tray-warning.svg"_s;
        break;
    case TrayStatus::Level::Error:
        path = u":/icons/tray-error.svg"_s;
        break;
    }
    QIcon packaged(path);
    if (!packaged.pixmap(22, 22).isNull())
        return packaged;
    // No SVG support at run time, or the icons are missing from this build.
    return badgedAppIcon(level);
}

void TrayIcon::showMessage(const QString &title, const QString &body, TrayStatus::Level level, int msecs)
{
#ifdef TOKENTRAY_HAVE_DBUS
    // A StatusNotifierItem has no balloons: the desktop's notifications do.
    if (m_sni) {
        m_notifications->show(title, body, level == TrayStatus::Level::Error);
        return;
    }
#endif
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (level == TrayStatus::Level::Warning)
        icon = QSystemTrayIcon::Warning;
    else if (level == TrayStatus::Level::Error)
        icon = QSystemTrayIcon::Critical;
    m_tray->showMessage(title, body, icon, msecs);
}

void TrayIcon::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

QList<TrayIcon::Entry> TrayIcon::currentEntries() const
{
    QList<Entry> entries;
    const QList<TokenSession *> &sessions = m_manager->sessions();
    entries.reserve(sessions.size());
    for (const TokenSession *session : sessions) {
        const Account &account = session->account();
        Entry e;
        e.id = account.id;
        e.name = account.name;
        e.provider = account.provider;
        e.environment = account.environmentLabel();
        e.stateLabel = TrayStatus::stateLabel(*session);
        e.dot = dotFor(*session);
        e.canCopy = canProduceToken(*session);
        entries.append(e);
    }
    return entries;
}

void TrayIcon::refresh()
{
    m_refreshTimer.stop();

    const TrayStatus::Summary summary
        = TrayStatus::summarize(m_manager->sessions(), m_manager->offlineMonitor()->isOffline());
    if (!m_iconSet || summary.level != m_summary.level) {
        const QIcon picture = icon(summary.level);
        m_tray->setIcon(picture);
#ifdef TOKENTRAY_HAVE_DBUS
        if (m_sni)
            m_sni->setIcon(picture);
#endif
        m_iconSet = true;
    }
    m_summary = summary;
    const QString tip = TrayStatus::toolTip(summary);
    if (tip != m_toolTip) {
        m_toolTip = tip;
        m_tray->setToolTip(tip);
    }
#ifdef TOKENTRAY_HAVE_DBUS
    // Its setters compare, so the item only signals real changes.
    if (m_sni) {
        m_sni->setToolTip(m_toolTip);
        m_sni->setNeedsAttention(summary.level != TrayStatus::Level::Ok);
    }
#endif

    QList<Entry> entries;
    const QList<TokenSession *> &sessions = m_manager->sessions();
    if (m_entriesStale || sessions.size() != m_entries.size()) {
        entries = currentEntries();
        m_entriesStale = false;
    } else {
        // Names and labels only change with a session change; per tick, only
        // what depends on the time is looked at again.
        entries = m_entries;
        for (qsizetype i = 0; i < sessions.size(); ++i) {
            entries[i].dot = dotFor(*sessions.at(i));
            entries[i].canCopy = canProduceToken(*sessions.at(i));
            // A pasted token's label changes with time alone (its end
            // draws near), and only a few times in its life.
            if (sessions.at(i)->account().usesPastedToken())
                entries[i].stateLabel = TrayStatus::stateLabel(*sessions.at(i));
        }
    }
    if (entries != m_entries) {
        // Only states changed (the same accounts, names and order): the
        // submenus are updated in place, which is also safe while the menu
        // is open; anything else rebuilds the menu.
        const auto sameAccount = [](const Entry &a, const Entry &b) {
            return a.id == b.id && a.name == b.name && a.provider == b.provider
                && a.environment == b.environment;
        };
        const bool sameAccounts = !m_menuDirty && entries.size() == m_entries.size()
            && std::equal(entries.cbegin(), entries.cend(), m_entries.cbegin(), sameAccount);
        if (sameAccounts) {
            for (qsizetype i = 0; i < entries.size(); ++i) {
                if (entries.at(i) != m_entries.at(i))
                    showAccountState(m_accountMenuById.value(entries.at(i).id), entries.at(i));
            }
            ++m_updates;
        } else {
            m_menuDirty = true;
        }
        m_entries = std::move(entries);
    }
    if (m_menuDirty && !m_menu->isVisible())
        rebuildMenu();
}

void TrayIcon::rebuildMenu()
{
    m_menuDirty = false;
    ++m_rebuilds;

    m_menu->clear();
    qDeleteAll(m_accountMenuById);
    m_accountMenuById.clear();

    if (m_entries.isEmpty()) {
        m_menu->addAction(tr("No accounts yet"))->setEnabled(false);
    } else {
        for (const Provider provider : { Provider::SevenG, Provider::D7 }) {
            const bool any = std::any_of(m_entries.cbegin(), m_entries.cend(),
                                         [provider](const Entry &e) { return e.provider == provider; });
            if (!any)
                continue;
            QAction *header = m_menu->addAction(provider == Provider::SevenG ? tr("7G Registry Platform")
                                                                             : tr("D7 Networks"));
            header->setEnabled(false);
            QFont bold = header->font();
            bold.setBold(true);
            header->setFont(bold);
            for (const Entry &entry : std::as_const(m_entries)) {
                if (entry.provider == provider)
                    addAccountMenu(entry);
            }
        }
    }

    m_menu->addSeparator();
    QAction *show = m_menu->addAction(tr("Show TokenTray"));
    show->setObjectName(u"trayShow"_s);
    connect(show, &QAction::triggered, this, &TrayIcon::showWindowRequested);
    QAction *settings = m_menu->addAction(tr("Settings…"));
    settings->setObjectName(u"traySettings"_s);
    connect(settings, &QAction::triggered, this, &TrayIcon::settingsRequested);
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit TokenTray"));
    quit->setObjectName(u"trayQuit"_s);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
}

void TrayIcon::addAccountMenu(const Entry &entry)
{
    // Its items are made when it first opens (or a D-Bus menu host asks for
    // them): a thousand accounts are a thousand submenus, most never opened.
    auto *sub = new QMenu(literal(entry.name), m_menu.get());
    m_accountMenuById.insert(entry.id, sub);
    sub->setObjectName(u"trayAccount:"_s + entry.id.toString(QUuid::WithoutBraces));
    const QUuid id = entry.id;
    connect(sub, &QMenu::aboutToShow, this, [this, sub, id] { fillAccountMenu(sub, id); });
    showAccountState(sub, entry);
    m_menu->addMenu(sub);
}

void TrayIcon::fillAccountMenu(QMenu *sub, const QUuid &id)
{
    if (!sub->actions().isEmpty())
        return;
    const auto entry
        = std::find_if(m_entries.cbegin(), m_entries.cend(), [&id](const Entry &e) { return e.id == id; });
    if (entry == m_entries.cend())
        return;

    QAction *info = sub->addAction(QString());
    info->setObjectName(u"accountState"_s);
    info->setEnabled(false);
    sub->addSeparator();

    QAction *copyToken = sub->addAction(tr("Copy token"));
    copyToken->setObjectName(u"copyToken"_s);
    connect(copyToken, &QAction::triggered, this, [this, id] { Q_EMIT copyTokenRequested(id); });

    QAction *copyHeader = sub->addAction(tr("Copy header"));
    copyHeader->setObjectName(u"copyHeader"_s);
    connect(copyHeader, &QAction::triggered, this, [this, id] { Q_EMIT copyHeaderRequested(id); });

    QAction *refresh = sub->addAction(tr("Refresh now"));
    refresh->setObjectName(u"refreshNow"_s);
    connect(refresh, &QAction::triggered, this, [this, id] {
        if (TokenSession *session = m_manager->session(id))
            session->renewNow();
    });

    showAccountState(sub, *entry);
}

void TrayIcon::showAccountState(QMenu *sub, const Entry &entry)
{
    if (!sub)
        return;
    sub->setIcon(dotIcon(entry.dot));
    if (sub->actions().isEmpty())
        return; // not filled yet: it is filled with the state of that moment
    const auto action = [sub](const QString &name) {
        return sub->findChild<QAction *>(name, Qt::FindDirectChildrenOnly);
    };
    action(u"accountState"_s)->setText(literal(tr("%1 — %2").arg(entry.environment, entry.stateLabel)));
    action(u"copyToken"_s)->setEnabled(entry.canCopy);
    action(u"copyHeader"_s)->setEnabled(entry.canCopy);
}

QIcon TrayIcon::dotIcon(int dot)
{
    auto it = m_dotIcons.constFind(dot);
    if (it == m_dotIcons.cend())
        it = m_dotIcons.insert(dot, paintDot(dot));
    return *it;
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    switch (reason) {
    case QSystemTrayIcon::Trigger:
        Q_EMIT toggleWindowRequested();
        break;
    case QSystemTrayIcon::DoubleClick:
        Q_EMIT showWindowRequested();
        break;
    case QSystemTrayIcon::Context:
    case QSystemTrayIcon::MiddleClick:
    case QSystemTrayIcon::Unknown:
        break;
    }
}
