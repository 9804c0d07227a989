#include "platform/screenlockwatcher.h"

#if defined(TOKENTRAY_HAVE_DBUS)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

#include <optional>

using namespace Qt::StringLiterals;

namespace {
#if defined(TOKENTRAY_HAVE_DBUS)
const QString LogindService = u"org.freedesktop.login1"_s;
const QString LogindManagerPath = u"/org/freedesktop/login1"_s;
const QString LogindManagerInterface = u"org.freedesktop.login1.Manager"_s;
const QString LogindSessionInterface = u"org.freedesktop.login1.Session"_s;
// The screen savers that announce their state, each as service and interface.
const QString ScreenSavers[] = { u"org.freedesktop.ScreenSaver"_s, u"org.gnome.ScreenSaver"_s };

QDBusConnection connection(ScreenLockWatcher::Bus bus)
{
    return bus == ScreenLockWatcher::Bus::System ? QDBusConnection::systemBus()
                                                 : QDBusConnection::sessionBus();
}

// The bus to follow, when one is asked for and reachable.
std::optional<QDBusConnection> reachable(ScreenLockWatcher::Bus bus)
{
    if (bus == ScreenLockWatcher::Bus::None)
        return std::nullopt;
    QDBusConnection dbus = connection(bus);
    if (!dbus.isConnected())
        return std::nullopt;
    return dbus;
}
#endif
} // namespace

ScreenLockWatcher::ScreenLockWatcher(QObject *parent)
    : QObject(parent)
{ }

ScreenLockWatcher::~ScreenLockWatcher() = default;

bool ScreenLockWatcher::isSupported()
{
#if defined(TOKENTRAY_HAVE_DBUS)
    return true;
#else
    return false;
#endif
}

bool ScreenLockWatcher::start()
{
    return start(Sources {});
}

bool ScreenLockWatcher::start(const Sources &sources)
{
    const bool screenSaver = followScreenSaver(sources.screenSaver);
    const bool logind = findLogindSession(sources.logind);
    return screenSaver || logind;
}

bool ScreenLockWatcher::followScreenSaver(Bus bus)
{
#if defined(TOKENTRAY_HAVE_DBUS)
    std::optional<QDBusConnection> dbus = reachable(bus);
    if (!dbus)
        return false;
    bool any = false;
    for (const QString &name : ScreenSavers) {
        // Any object path: KDE announces on /ScreenSaver and on /org/freedesktop/ScreenSaver.
        any |= dbus->connect(name, QString(), name, u"ActiveChanged"_s, this,
                             SLOT(onScreenSaverActiveChanged(bool)));
        // A session locked before TokenTray started sends no signal: ask. An
        // answer that comes after a signal is older news and is dropped.
        const QString path = name == u"org.gnome.ScreenSaver"_s ? u"/org/gnome/ScreenSaver"_s
                                                                : u"/org/freedesktop/ScreenSaver"_s;
        const quint64 asked = m_events;
        auto *watcher = new QDBusPendingCallWatcher(
            dbus->asyncCall(QDBusMessage::createMethodCall(name, path, name, u"GetActive"_s)), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, asked](QDBusPendingCallWatcher *w) {
            w->deleteLater();
            const QDBusPendingReply<bool> reply = *w;
            if (!reply.isError() && reply.value() && m_events == asked)
                setLocked(true);
        });
    }
    return any;
#else
    Q_UNUSED(bus);
    return false;
#endif
}

bool ScreenLockWatcher::findLogindSession(Bus bus)
{
#if defined(TOKENTRAY_HAVE_DBUS)
    std::optional<QDBusConnection> dbus = reachable(bus);
    if (!dbus)
        return false;
    // "auto": the caller's session, or the user's graphical one when the
    // process runs outside any (started by the desktop's autostart, say).
    QDBusMessage call = QDBusMessage::createMethodCall(LogindService, LogindManagerPath,
                                                       LogindManagerInterface, u"GetSession"_s);
    call << u"auto"_s;
    auto *watcher = new QDBusPendingCallWatcher(dbus->asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, bus](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (reply.isError() || reply.value().path().isEmpty())
            return; // no logind, or no session of ours: the screen saver alone tells
        const QString path = reply.value().path();
        QDBusConnection followed = connection(bus);
        const bool lock = followed.connect(LogindService, path, LogindSessionInterface, u"Lock"_s, this,
                                           SLOT(onLogindLock()));
        const bool unlock = followed.connect(LogindService, path, LogindSessionInterface, u"Unlock"_s, this,
                                             SLOT(onLogindUnlock()));
        if (!lock && !unlock)
            return;
        m_logindSession = path;
        Q_EMIT logindSessionFound(path);
    });
    return true;
#else
    Q_UNUSED(bus);
    return false;
#endif
}

void ScreenLockWatcher::onScreenSaverActiveChanged(bool active)
{
    ++m_events;
    setLocked(active);
}

void ScreenLockWatcher::onLogindLock()
{
    ++m_events;
    setLocked(true);
}

void ScreenLockWatcher::onLogindUnlock()
{
    ++m_events;
    setLocked(false);
}

void ScreenLockWatcher::setLocked(bool locked)
{
    if (locked == m_locked)
        return;
    m_locked = locked;
    Q_EMIT lockedChanged(locked);
}
