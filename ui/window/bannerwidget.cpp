#include "window/bannerwidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

BannerWidget::BannerWidget(StatusSeverity severity, QWidget *parent)
    : QFrame(parent)
    , m_severity(severity)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(u"banner"_s);
    setAccessibleName(tr("Notice"));
    m_layout->setContentsMargins(10, 6, 6, 6);
    m_layout->setSpacing(8);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_layout->addWidget(m_icon, 0, Qt::AlignTop);
    m_layout->addWidget(m_label, 1);
    applyColors();
}

void BannerWidget::setText(const QString &text)
{
    m_label->setText(text);
    setAccessibleDescription(text);
}

QString BannerWidget::text() const
{
    return m_label->text();
}

QPushButton *BannerWidget::addButton(const QString &text)
{
    auto *button = new QPushButton(text, this);
    m_layout->insertWidget(m_layout->count() - (m_close ? 1 : 0), button, 0, Qt::AlignVCenter);
    return button;
}

void BannerWidget::setClosable(bool closable)
{
    if (closable && !m_close) {
        m_close = new QToolButton(this);
        m_close->setAutoRaise(true);
        m_close->setText(u"✕"_s);
        m_close->setToolTip(tr("Dismiss"));
        m_close->setAccessibleName(tr("Dismiss notice"));
        connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
        m_layout->addWidget(m_close, 0, Qt::AlignTop);
    }
    if (m_close)
        m_close->setVisible(closable);
}

void BannerWidget::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // Setting the style sheet sends change events itself: do not recurse.
    if (event->type() == QEvent::PaletteChange && !m_applying)
        applyColors();
}

void BannerWidget::applyColors()
{
    m_applying = true;
    const QColor accent = StatusPalette::color(m_severity, palette());
    QColor background = palette().color(QPalette::Base);
    // A light wash of the accent colour over the base colour.
    background = QColor::fromRgbF(background.redF() * 0.86 + accent.redF() * 0.14,
                                  background.greenF() * 0.86 + accent.greenF() * 0.14,
                                  background.blueF() * 0.86 + accent.blueF() * 0.14);
    // Only this frame: a bare selector would also restyle the buttons inside.
    const QString sheet = u"QFrame#banner { background: %1; border: 1px solid %2; border-left: 4px solid %2;"
                          " border-radius: 3px; }"_s.arg(background.name(), accent.name());
    if (styleSheet() != sheet)
        setStyleSheet(sheet);
    const int side = fontMetrics().height();
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (m_severity == StatusSeverity::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (m_severity == StatusSeverity::Error)
        icon = QStyle::SP_MessageBoxCritical;
    m_icon->setPixmap(
        style()->standardIcon(icon, nullptr, this).pixmap(QSize(side, side), devicePixelRatioF()));
    m_applying = false;
}
