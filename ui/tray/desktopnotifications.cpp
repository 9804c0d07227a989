#include "tray/desktopnotifications.h"

#if defined(TOKENTRAY_HAVE_DBUS)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr int TimeoutMs = 10000;
}

DesktopNotifications::DesktopNotifications(QObject *parent)
    : QObject(parent)
{ }

bool DesktopNotifications::isSupported()
{
#if defined(TOKENTRAY_HAVE_DBUS)
    return QDBusConnection::sessionBus().isConnected();
#else
    return false;
#endif
}

void DesktopNotifications::show(const QString &title, const QString &body, bool critical)
{
#if defined(TOKENTRAY_HAVE_DBUS)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(u"org.freedesktop.Notifications"_s,
                                                       u"/org/freedesktop/Notifications"_s,
                                                       u"org.freedesktop.Notifications"_s, u"Notify"_s);
    QVariantMap hints;
    // Urgency: 1 normal, 2 critical (stays until dismissed on most desktops).
    hints.insert(u"urgency"_s, QVariant::fromValue(static_cast<uchar>(critical ? 2 : 1)));
    hints.insert(u"desktop-entry"_s, QStringLiteral(TOKENTRAY_APP_ID));
    call << QStringLiteral("TokenTray") << m_lastId << QStringLiteral(TOKENTRAY_APP_ID) << title << body
         << QStringList() << hints << (critical ? 0 : TimeoutMs);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError())
            return; // no notification service: the window shows the same problems
        ++m_answered;
        m_lastId = reply.value();
        Q_EMIT shown(m_lastId);
    });
#else
    Q_UNUSED(title);
    Q_UNUSED(body);
    Q_UNUSED(critical);
#endif
}
