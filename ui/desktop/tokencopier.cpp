#include "desktop/tokencopier.h"

#include "base/tokenformat.h"
#include "clipboard/clipboardguard.h"
#include "providers/tokenprovider.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "tray/desktopintegration.h"
#include "tray/notifier.h"

TokenCopier::TokenCopier(SessionManager *manager, ClipboardGuard *clipboard, DesktopIntegration *desktop,
                         QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_clipboard(clipboard)
    , m_desktop(desktop)
{
    connect(m_desktop, &DesktopIntegration::copyRequested, this, &TokenCopier::copy);
}

void TokenCopier::copy(const QUuid &account, bool asHeader)
{
    TokenSession *session = m_manager->session(account);
    if (!session || !m_clipboard || m_desktop->isQuitting())
        return;
    const QString name = session->account().name;
    const Provider kind = session->account().provider;
    const QUrl baseUrl = session->account().baseUrl;
    session->requestToken(
        TokenFormat::CopyMinValidSeconds, this,
        [this, account, name, kind, baseUrl, asHeader](const TokenSet &tokens, const AuthError &error) {
            if (error.isError() || tokens.isEmpty()) {
                const QString message = error.message.isEmpty()
                    ? tr("No token could be obtained for %1.").arg(name)
                    : tr("The token for %1 could not be copied: %2").arg(name, error.message);
                Q_EMIT copyFailed(account, message);
                m_desktop->showNotice(tr("Token not copied"), message, false);
                return;
            }
            if (!m_clipboard || m_desktop->isQuitting())
                return;
            const TokenProvider *provider = m_manager->providers()->provider(kind);
            const QString text = TokenFormat::copyText(
                asHeader ? TokenFormat::Copy::Header : TokenFormat::Copy::Token, tokens.accessToken,
                provider ? provider->requestHeaders(tokens.accessToken) : TokenFormat::Headers {}, baseUrl);
            m_clipboard->copySecret(text);
            Q_EMIT copied(account);
            if (m_desktop->notifier()->isEnabled()) {
                const int seconds = m_clipboard->timeout();
                const QString what = asHeader ? tr("The Authorization header for %1 is on "
                                                   "the clipboard; it clears in %n s.",
                                                   nullptr, seconds)
                                              : tr("The token for %1 is on the clipboard; "
                                                   "it clears in %n s.",
                                                   nullptr, seconds);
                m_desktop->showTrayMessage(tr("Copied"), what.arg(name), 3000);
            }
        });
}
