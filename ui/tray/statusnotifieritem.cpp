#include "tray/statusnotifieritem.h"

#include "tray/dbusmenuexporter.h"

#include <QCoreApplication>
#include <QCursor>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace {
int nextInstance()
{
    static int instances = 0;
    return ++instances;
}
} // namespace

StatusNotifierItem::StatusNotifierItem(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
    , m_exporter(new DBusMenuExporter(menu, this))
    , m_title(QCoreApplication::applicationName())
{
    registerStatusNotifierItemTypes();
}

StatusNotifierItem::~StatusNotifierItem()
{
    stop();
}

bool StatusNotifierItem::isHostAvailable()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()->isServiceRegistered(WatcherService))
        return false;
    QDBusMessage get = QDBusMessage::createMethodCall(WatcherService, WatcherPath,
                                                      u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
    get << u"org.kde.StatusNotifierWatcher"_s << u"IsStatusNotifierHostRegistered"_s;
    const QDBusMessage reply = bus.call(get, QDBus::Block, 2000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return false;
    return reply.arguments().constFirst().value<QDBusVariant>().variant().toBool();
}

bool StatusNotifierItem::start()
{
    if (isStarted())
        return true;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    const QString name
        = u"org.kde.StatusNotifierItem-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(nextInstance());
    if (!bus.registerService(name))
        return false;
    if (!bus.registerObject(ItemPath, this, QDBusConnection::ExportScriptableContents)
        || !m_exporter->registerOn(bus, MenuPath)) {
        bus.unregisterObject(ItemPath);
        bus.unregisterService(name);
        return false;
    }
    m_serviceName = name;

    // A watcher that appears later (the desktop shell restarted, or started
    // after us) learns of the item again; one that goes away takes the
    // registration with it.
    m_watcher = new QDBusServiceWatcher(
        WatcherService, bus,
        QDBusServiceWatcher::WatchForRegistration | QDBusServiceWatcher::WatchForUnregistration, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceRegistered, this,
            &StatusNotifierItem::registerWithWatcher);
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, [this] {
        m_registering = false;
        setRegistered(false);
    });
    registerWithWatcher();
    return true;
}

void StatusNotifierItem::stop()
{
    if (!isStarted())
        return;
    delete m_watcher;
    m_watcher = nullptr;
    QDBusConnection bus = QDBusConnection::sessionBus();
    m_exporter->unregister();
    bus.unregisterObject(ItemPath);
    bus.unregisterService(m_serviceName);
    m_serviceName.clear();
    m_registering = false;
    setRegistered(false);
}

void StatusNotifierItem::registerWithWatcher()
{
    if (!isStarted())
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusMessage call = QDBusMessage::createMethodCall(
        WatcherService, WatcherPath, u"org.kde.StatusNotifierWatcher"_s, u"RegisterStatusNotifierItem"_s);
    call << m_serviceName;
    m_registering = true;
    auto *pending = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        m_registering = false;
        const QDBusPendingReply<> reply = *w;
        setRegistered(isStarted() && !reply.isError());
    });
}

void StatusNotifierItem::setRegistered(bool registered)
{
    if (registered == m_registered)
        return;
    m_registered = registered;
    Q_EMIT registeredChanged(registered);
}

void StatusNotifierItem::setTitle(const QString &title)
{
    if (title == m_title)
        return;
    m_title = title;
    Q_EMIT NewTitle();
}

void StatusNotifierItem::setIcon(const QIcon &icon)
{
    SniIconPixmapList pixmaps = sniPixmaps(icon);
    if (pixmaps == m_icon)
        return;
    m_icon = std::move(pixmaps);
    Q_EMIT NewIcon();
}

void StatusNotifierItem::setAttentionIcon(const QIcon &icon)
{
    SniIconPixmapList pixmaps = sniPixmaps(icon);
    if (pixmaps == m_attentionIcon)
        return;
    m_attentionIcon = std::move(pixmaps);
    Q_EMIT NewAttentionIcon();
}

void StatusNotifierItem::setToolTip(const QString &text)
{
    if (text == m_toolTipText)
        return;
    m_toolTipText = text;
    Q_EMIT NewToolTip();
}

void StatusNotifierItem::setNeedsAttention(bool needsAttention)
{
    if (needsAttention == m_needsAttention)
        return;
    m_needsAttention = needsAttention;
    Q_EMIT NewStatus(status());
}

QString StatusNotifierItem::category() const
{
    return u"ApplicationStatus"_s;
}

QString StatusNotifierItem::id() const
{
    return u"tokentray"_s;
}

QString StatusNotifierItem::status() const
{
    return m_needsAttention ? u"NeedsAttention"_s : u"Active"_s;
}

SniToolTip StatusNotifierItem::toolTip() const
{
    SniToolTip tip;
    tip.pixmaps = m_icon;
    tip.title = m_title;
    tip.text = m_toolTipText;
    return tip;
}

QDBusObjectPath StatusNotifierItem::menuPath() const
{
    return QDBusObjectPath(MenuPath);
}

void StatusNotifierItem::Activate(int x, int y)
{
    Q_UNUSED(x);
    Q_UNUSED(y);
    Q_EMIT activated();
}

void StatusNotifierItem::SecondaryActivate(int x, int y)
{
    Q_UNUSED(x);
    Q_UNUSED(y);
    Q_EMIT secondaryActivated();
}

void StatusNotifierItem::ContextMenu(int x, int y)
{
    Q_UNUSED(x);
    Q_UNUSED(y);
    // Hosts pass screen coordinates that may be scaled or 0,0; the cursor is
    // where the click was.
    if (m_menu)
        m_menu->popup(QCursor::pos());
}

void StatusNotifierItem::Scroll(int delta, const QString &orientation)
{
    // Nothing to scroll through.
    Q_UNUSED(delta);
    Q_UNUSED(orientation);
}
