#include "clipboard/clipboardguard.h"

#include "base/clock.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>

using namespace Qt::StringLiterals;

ClipboardGuard::ClipboardGuard(QClipboard *clipboard, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clipboard(clipboard)
    , m_clock(clock)
{
    // The timer only wakes us up; the clock decides, so a suspended machine
    // clears at once on resume instead of 30 s later.
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ClipboardGuard::check);
    connect(m_clipboard, &QClipboard::dataChanged, this, [this] {
        if (!m_fingerprint.isEmpty() && !holdsOurSecret()) {
            disarm();
            Q_EMIT released();
        }
    });
}

ClipboardGuard::~ClipboardGuard() = default;

void ClipboardGuard::setTimeout(int seconds)
{
    m_timeoutSeconds = qMax(0, seconds);
    if (m_fingerprint.isEmpty())
        return;
    if (m_timeoutSeconds == 0) {
        m_clearAt = {};
        m_timer.stop();
    } else {
        m_clearAt = m_clock->now().addSecs(m_timeoutSeconds);
        m_timer.start();
    }
}

QMimeData *ClipboardGuard::secretMimeData(const QString &text)
{
    auto *mime = new QMimeData;
    mime->setText(text);
    // KDE Klipper and other clipboard managers on Linux skip entries with this hint.
    mime->setData(u"x-kde-passwordManagerHint"_s, "secret"_ba);
#if defined(Q_OS_WIN)
    // Clipboard history, cloud clipboard and monitoring tools honour these formats.
    mime->setData(u"application/x-qt-windows-mime;value=\"ExcludeClipboardContentFromMonitorProcessing\""_s,
                  "1"_ba);
    const QByteArray dwordZero(4, '\0');
    mime->setData(u"application/x-qt-windows-mime;value=\"CanIncludeInClipboardHistory\""_s, dwordZero);
    mime->setData(u"application/x-qt-windows-mime;value=\"CanUploadToCloudClipboard\""_s, dwordZero);
#elif defined(Q_OS_MACOS)
    // org.nspasteboard.ConcealedType: clipboard history tools do not record it.
    mime->setData(u"application/x-nspasteboard-concealed-type"_s, text.toUtf8());
#endif
    return mime;
}

void ClipboardGuard::copySecret(const QString &text)
{
    // Set before the clipboard changes: dataChanged is emitted from inside setMimeData().
    m_fingerprint = fingerprint(text);
    if (m_timeoutSeconds > 0) {
        m_clearAt = m_clock->now().addSecs(m_timeoutSeconds);
        m_timer.start();
    } else {
        m_clearAt = {};
        m_timer.stop();
    }
    m_clipboard->setMimeData(secretMimeData(text), QClipboard::Clipboard);
}

bool ClipboardGuard::holdsOurSecret() const
{
    if (m_fingerprint.isEmpty())
        return false;
    return fingerprint(m_clipboard->text(QClipboard::Clipboard)) == m_fingerprint;
}

void ClipboardGuard::check()
{
    if (m_fingerprint.isEmpty() || !m_clearAt.isValid())
        return;
    if (m_clock->now() < m_clearAt)
        return;
    clearNow();
}

void ClipboardGuard::clearNow()
{
    if (m_fingerprint.isEmpty())
        return;
    const bool ours = holdsOurSecret();
    disarm();
    if (ours) {
        // A Wayland compositor may keep its own copy of the clipboard and put
        // it back as soon as the owner gives the clipboard up (Weston does), so
        // there an empty text takes the token's place instead.
        if (QGuiApplication::platformName() == u"wayland"_s)
            m_clipboard->setText(QString(), QClipboard::Clipboard);
        else
            m_clipboard->clear(QClipboard::Clipboard);
        Q_EMIT cleared();
    } else {
        Q_EMIT released();
    }
}

QByteArray ClipboardGuard::fingerprint(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

void ClipboardGuard::disarm()
{
    m_fingerprint.clear();
    m_clearAt = {};
    m_timer.stop();
}
