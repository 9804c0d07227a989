#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QTimer>

class Clock;
class QClipboard;
class QMimeData;

// Puts secrets on the clipboard the way password managers do: marked as
// secret for clipboard managers and history, and cleared again after a
// timeout — but only while the clipboard still holds what we put there, so
// whatever the user copied meanwhile is never wiped.
//
// Timing follows the injected Clock (checked once a second while armed, and
// whenever check() is called), so tests drive it with a ManualClock.
class ClipboardGuard : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutSeconds = 30;

    ClipboardGuard(QClipboard *clipboard, const Clock *clock, QObject *parent = nullptr);
    ~ClipboardGuard() override;

    // Seconds until the clipboard is cleared; 0 never clears (except on quit).
    void setTimeout(int seconds);
    int timeout() const { return m_timeoutSeconds; }

    // Copies text with the secret hints and arms the timeout.
    void copySecret(const QString &text);

    // True while the clipboard still holds the last secret we copied.
    bool holdsOurSecret() const;
    // When the clipboard will be cleared; invalid when nothing is pending.
    QDateTime clearAt() const { return m_clearAt; }

    // Clears now if the deadline has passed (called by the timer and by tests).
    void check();
    // Clears now if the clipboard still holds our secret (on quit).
    void clearNow();

    // The mime data copySecret() puts on the clipboard (exposed for tests).
    static QMimeData *secretMimeData(const QString &text);

Q_SIGNALS:
    // The clipboard was emptied because it still held our secret.
    void cleared();
    // Someone else replaced our secret: nothing to clear any more.
    void released();

private:
    static QByteArray fingerprint(const QString &text);
    void disarm();

    QClipboard *m_clipboard;
    const Clock *m_clock;
    int m_timeoutSeconds = DefaultTimeoutSeconds;
    QTimer m_timer;
    // A hash of what we copied, so the guard itself holds no copy of the secret.
    QByteArray m_fingerprint;
    QDateTime m_clearAt;
};
