#include "secrets/keychainmonitor.h"

#include "base/clock.h"

namespace {
// A keychain that was not ready at start is asked once more after this long.
constexpr qint64 RetryMs = 10 * 1000;
} // namespace

KeychainMonitor::KeychainMonitor(SecretStore *secrets, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_clock(clock)
{ }

void KeychainMonitor::assumeAvailable()
{
    m_error = SecretError::None;
    m_retryAt = QDateTime();
    setStatus(Status::Available, QString());
    Q_EMIT probeSucceeded();
}

void KeychainMonitor::retry()
{
    m_retryAt = QDateTime();
    probe();
}

void KeychainMonitor::tick()
{
    const QDateTime now = m_clock->now();
    // Further away than it was ever set: the clock was set back.
    const bool due = m_retryAt.isValid() && (now >= m_retryAt || now.msecsTo(m_retryAt) > RetryMs);
    if (!due)
        return;
    m_retryAt = QDateTime();
    probe();
}

void KeychainMonitor::probe()
{
    setStatus(Status::Probing, m_message);
    m_secrets->probe(this, [this](const SecretResult &r) {
        if (r.ok()) {
            m_error = SecretError::None;
            m_retryAt = QDateTime();
            setStatus(Status::Available, QString());
            Q_EMIT probeSucceeded();
            return;
        }
        m_error = r.error;
        const QString message = r.message.isEmpty() ? tr("The keychain cannot be used.") : r.message;
        Q_EMIT probeFailed(message, r.error);
        // A keychain daemon that is still starting (or a timeout) often works a
        // moment later; a locked keyring or a refusal needs the user instead.
        const bool transient
            = r.transient || r.error == SecretError::NoBackend || r.error == SecretError::Other;
        if (transient && !m_retried) {
            m_retried = true;
            m_retryAt = m_clock->now().addMSecs(RetryMs);
        }
        setStatus(Status::Unavailable, message);
    });
}

void KeychainMonitor::setStatus(Status status, const QString &message)
{
    if (m_status == status && m_message == message)
        return;
    m_status = status;
    m_message = message;
    Q_EMIT statusChanged();
}
