#pragma once

#include "style/statuspalette.h"

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;

// A slim coloured strip above the accounts table for conditions that affect
// many accounts at once (offline, keychain unavailable): one calm message
// instead of a dialog per account.
class BannerWidget : public QFrame
{
    Q_OBJECT
public:
    explicit BannerWidget(StatusSeverity severity, QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;
    // A button at the right end; the banner owns it.
    QPushButton *addButton(const QString &text);
    // Shows a close button that hides the banner.
    void setClosable(bool closable);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColors();

    StatusSeverity m_severity;
    QLabel *m_icon;
    QLabel *m_label;
    QHBoxLayout *m_layout;
    QToolButton *m_close = nullptr;
    bool m_applying = false;
};
