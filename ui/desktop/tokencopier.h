#pragma once

#include <QObject>
#include <QPointer>
#include <QUuid>

class ClipboardGuard;
class DesktopIntegration;
class SessionManager;

// Copies an account's token, or its Authorization header line, from the tray
// through the clipboard guard, renewing it first when it is about to expire;
// confirms in the tray and tells of a failure there.
class TokenCopier : public QObject
{
    Q_OBJECT
public:
    TokenCopier(SessionManager *manager, ClipboardGuard *clipboard, DesktopIntegration *desktop,
                QObject *parent = nullptr);

    void copy(const QUuid &account, bool asHeader);

Q_SIGNALS:
    void copied(const QUuid &account);
    void copyFailed(const QUuid &account, const QString &message);

private:
    SessionManager *m_manager;
    QPointer<ClipboardGuard> m_clipboard;
    DesktopIntegration *m_desktop;
};
