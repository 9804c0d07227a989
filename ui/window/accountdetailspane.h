#pragma once

#include <QPointer>
#include <QWidget>

class Clock;
class QLabel;
class QStackedWidget;
class TokenSession;

// Below the table: what the selected account is doing, in plain words — its
// state, the last problem with the service's own message, when the next
// attempt comes, when the token expires and is renewed.
class AccountDetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit AccountDetailsPane(const Clock *clock, bool autoRenew, QWidget *parent = nullptr);

    void setSession(TokenSession *session);
    TokenSession *session() const;
    // The last "Check service" result for the shown account; empty hides the line.
    void setServiceCheck(const QString &text, bool ok);
    // Re-reads the session (after a change, and once a second for the relative times).
    void refresh();
    // While concealed (the desktop is locked), the login is left out.
    void setConcealed(bool concealed);

    // For tests: the texts shown.
    QString stateText() const;
    QString problemText() const;
    QString expiryText() const;
    QString nextAttemptText() const;
    QString subtitleText() const;

private:
    QLabel *addRow(int row, int column, const QString &label, const QString &accessibleName);

    const Clock *m_clock;
    bool m_autoRenew;
    bool m_concealed = false;
    QPointer<TokenSession> m_session;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_state;
    QLabel *m_problem;
    QLabel *m_problemLabel;
    QLabel *m_expiry;
    QLabel *m_renewal;
    QLabel *m_renewed;
    QLabel *m_nextAttempt;
    QLabel *m_nextAttemptLabel;
    QLabel *m_check;
    QLabel *m_checkLabel;
};
