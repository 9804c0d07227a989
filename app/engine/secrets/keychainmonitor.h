#pragma once

#include "secrets/secretstore.h"

#include <QDateTime>
#include <QObject>
#include <QString>

class Clock;

// Whether the keychain can be used: probed at start, asked once more by
// itself after a failure that is often over a moment later (a keychain
// daemon still starting), and again whenever someone calls retry().
class KeychainMonitor : public QObject
{
    Q_OBJECT
public:
    enum class Status { Unknown, Probing, Available, Unavailable };

    KeychainMonitor(SecretStore *secrets, const Clock *clock, QObject *parent = nullptr);

    Status status() const { return m_status; }
    // The keychain's own sentence while unavailable; empty once it works.
    QString message() const { return m_message; }
    SecretError error() const { return m_error; }

    // Reads an entry that is never written: "not found" means the keychain
    // works (a locked collection is told apart from an empty one).
    void probe();
    // For a process that carries out one command on one account: usable
    // without a probe, because that account's own first read tells. A read
    // that fails puts its session in KeychainUnavailable with the keychain's
    // own message. Saves the probe's round trips to the Secret Service where
    // a script calls `tokentray token` in a loop.
    void assumeAvailable();
    // The user unlocked the keychain or pressed "Try again": probe now.
    void retry();
    // Called once a second: the one automatic retry, when it is due.
    void tick();

Q_SIGNALS:
    void statusChanged();
    // A probe succeeded, or assumeAvailable() was called; emitted after
    // statusChanged().
    void probeSucceeded();
    // A probe failed; emitted before statusChanged(), so that whoever hears of
    // the new status finds the sessions already told.
    void probeFailed(const QString &message, SecretError error);

private:
    void setStatus(Status status, const QString &message);

    SecretStore *m_secrets;
    const Clock *m_clock;
    Status m_status = Status::Unknown;
    QString m_message;
    SecretError m_error = SecretError::None;
    // A transient failure is probed once more, at this time.
    bool m_retried = false;
    QDateTime m_retryAt;
};
