#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QUuid>

class SessionManager;
class TokenSession;

// Decides when TokenTray should interrupt the user, and says it once: a
// rejected sign-in, a token that lapsed because renewing it kept failing, an
// unusable keychain. Reports that arrive close together (fifty accounts
// failing when the network drops) become a single notification.
//
// Each condition is reported once per account until it clears, so a session
// stuck in a failing state does not notify again on every change.
class Notifier : public QObject
{
    Q_OBJECT
public:
    enum class Kind {
        CredentialsRejected,
        RenewalFailing, // the token ran out while renewing it kept failing
        KeychainUnavailable,
        // A pasted D7 token, which nothing renews: a day before its end, an
        // hour before, and when it has run out. Each once per token.
        PastedTokenWithinDay,
        PastedTokenWithinHour,
        PastedTokenExpired,
    };
    Q_ENUM(Kind)

    static constexpr int DefaultCoalesceMs = 3000;

    explicit Notifier(QObject *parent = nullptr);

    // Follows the sessions (state changes, and every tick for lapsed tokens).
    void watch(SessionManager *manager);

    void setEnabled(bool on);
    bool isEnabled() const { return m_enabled; }
    // How long to collect reports before notifying.
    void setCoalesceInterval(int msecs) { m_timer.setInterval(msecs); }

    // A condition starts; the account name is shown to the user. A condition
    // already active for that account is ignored.
    void report(Kind kind, const QUuid &account, const QString &accountName, const QString &detail = {});
    // The condition is over; it may be reported again later.
    void clear(Kind kind, const QUuid &account);

    // Sends what has been collected now (the timer calls this).
    void flush();

Q_SIGNALS:
    // critical: something the user must act on (rejected credentials, keychain).
    void notify(const QString &title, const QString &body, bool critical);

private:
    struct Pending
    {
        Kind kind;
        QString name;
        QString detail;
    };
    using Key = QPair<int, QUuid>;

    void examine(TokenSession *session);
    void examinePasted(TokenSession *session);
    // Counts the condition as told without telling it (a later stage covers it).
    void markReported(Kind kind, const QUuid &account);
    void examineAll();
    static QString nameList(const QStringList &names);

    SessionManager *m_manager = nullptr;
    QTimer m_timer;
    QList<Pending> m_pending;
    QSet<Key> m_active;
    // A digest of each pasted token seen, to tell a newly pasted one apart.
    QHash<QUuid, QByteArray> m_pastedTokens;
    bool m_enabled = true;
};
