#include "fakesniwatcher.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusServiceWatcher>

using namespace Qt::StringLiterals;

FakeSniWatcher::FakeSniWatcher(QObject *parent)
    : QObject(parent)
    , m_owners(new QDBusServiceWatcher(this))
{
    m_owners->setConnection(QDBusConnection::sessionBus());
    m_owners->setWatchMode(QDBusServiceWatcher::WatchForUnregistration);
    connect(m_owners, &QDBusServiceWatcher::serviceUnregistered, this, &FakeSniWatcher::dropItemsOf);
}

FakeSniWatcher::~FakeSniWatcher()
{
    stop();
}

bool FakeSniWatcher::start()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    if (!bus.registerObject(u"/StatusNotifierWatcher"_s, this, QDBusConnection::ExportScriptableContents))
        return false;
    if (!bus.registerService(u"org.kde.StatusNotifierWatcher"_s)) {
        bus.unregisterObject(u"/StatusNotifierWatcher"_s);
        return false;
    }
    m_started = true;
    return true;
}

void FakeSniWatcher::stop()
{
    if (!m_started)
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.unregisterService(u"org.kde.StatusNotifierWatcher"_s);
    bus.unregisterObject(u"/StatusNotifierWatcher"_s);
    m_items.clear();
    m_started = false;
}

void FakeSniWatcher::RegisterStatusNotifierItem(const QString &service)
{
    // Plasma accepts a bus name (the object is then /StatusNotifierItem) or
    // an object path on the caller's connection.
    const QString caller = calledFromDBus() ? message().service() : QString();
    const QString item = service.startsWith(u'/') ? caller + service : service + u"/StatusNotifierItem"_s;
    m_registrations.append(service + u" from "_s + caller);
    if (m_items.contains(item))
        return;
    m_items.append(item);
    m_owners->addWatchedService(service.startsWith(u'/') ? caller : service);
    Q_EMIT StatusNotifierItemRegistered(item);
}

void FakeSniWatcher::RegisterStatusNotifierHost(const QString &service)
{
    Q_UNUSED(service);
    Q_EMIT StatusNotifierHostRegistered();
}

void FakeSniWatcher::dropItemsOf(const QString &service)
{
    for (qsizetype i = m_items.size() - 1; i >= 0; --i) {
        if (m_items.at(i).startsWith(service + u'/')) {
            const QString item = m_items.takeAt(i);
            Q_EMIT StatusNotifierItemUnregistered(item);
        }
    }
    m_owners->removeWatchedService(service);
}
