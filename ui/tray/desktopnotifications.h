#pragma once

#include <QObject>
#include <QString>

// Notifications through the freedesktop notification service
// (org.freedesktop.Notifications on the session bus), for desktops without a
// tray, where QSystemTrayIcon::showMessage has nowhere to go. Calls are
// asynchronous; when no service answers, nothing happens. Each notification
// replaces the previous one instead of piling up.
class DesktopNotifications : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifications(QObject *parent = nullptr);

    // False where there is no D-Bus at all (Windows, macOS, no session bus).
    static bool isSupported();

    void show(const QString &title, const QString &body, bool critical);

    // Replies received so far (for tests).
    int answered() const { return m_answered; }

Q_SIGNALS:
    void shown(uint id);

private:
    uint m_lastId = 0;
    int m_answered = 0;
};
