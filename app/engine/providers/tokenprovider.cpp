#include "providers/tokenprovider.h"

void AuthReply::finishWithTokens(const TokenSet &tokens)
{
    if (m_finished)
        return;
    m_tokens = tokens;
    finish();
}

void AuthReply::finishWithSummary(const QString &summary)
{
    if (m_finished)
        return;
    m_summary = summary;
    finish();
}

void AuthReply::finishWithError(const AuthError &error)
{
    if (m_finished)
        return;
    m_error = error;
    if (m_error.kind == AuthError::Kind::None)
        m_error.kind = AuthError::Kind::Protocol;
    finish();
}

void AuthReply::finish()
{
    m_finished = true;
    // Always from the event loop, never from inside the call that finished
    // the reply: callers may connect after starting the request, and a
    // handler that deletes the reply must not run inside a provider's stack.
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT finished(); }, Qt::QueuedConnection);
}
