#pragma once

#include <QDialog>
#include <QPointer>

class ClipboardGuard;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;
class TokenSession;

// The current token of one account: its JWT header and claims as JSON, with
// exp / iat / nbf also in local time. The token itself stays masked until
// the user presses Show. Follows the session: a renewed token replaces the
// one shown.
class TokenDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    TokenDetailsDialog(TokenSession *session, ClipboardGuard *clipboard, QWidget *parent = nullptr);
    ~TokenDetailsDialog() override;

    // While concealed (the desktop is locked) the token stays masked and
    // cannot be shown or copied, and the claims are hidden. Ending it brings
    // back what was shown before.
    void setConcealed(bool concealed);
    bool isConcealed() const { return m_concealed; }

    // For tests.
    QString claimsText() const;
    bool isTokenRevealed() const;

private:
    void reload();
    void setRevealed(bool revealed);

    QPointer<TokenSession> m_session;
    ClipboardGuard *m_clipboard;
    QLabel *m_summary;
    QLineEdit *m_token;
    QToolButton *m_reveal;
    QToolButton *m_copy;
    QLabel *m_times;
    QPlainTextEdit *m_json;
    bool m_concealed = false;
    bool m_revealedBeforeConcealing = false;
};
