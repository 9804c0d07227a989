#include "window/accountdetailspane.h"

#include "base/clock.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"
#include "style/statuspalette.h"
#include "window/accounttablemodel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString timeOfDay(const QDateTime &utc)
{
    const QDateTime local = utc.toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), QLocale::LongFormat);
    return QLocale().toString(local, QLocale::ShortFormat);
}

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setFocusPolicy(Qt::NoFocus);
    return label;
}

} // namespace

AccountDetailsPane::AccountDetailsPane(const Clock *clock, bool autoRenew, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_autoRenew(autoRenew)
    , m_stack(new QStackedWidget(this))
{
    setAccessibleName(tr("Account details"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    auto *placeholder = new QLabel(tr("Select an account to see its details."), m_stack);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false);
    m_stack->addWidget(placeholder);

    auto *page = new QWidget(m_stack);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(12, 8, 12, 8);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(4);

    m_title = valueLabel(page);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAccessibleName(tr("Account name"));
    m_subtitle = valueLabel(page);
    QPalette subtle = m_subtitle->palette();
    QColor subtleText = subtle.color(QPalette::WindowText);
    subtleText.setAlphaF(0.65);
    subtle.setColor(QPalette::WindowText, subtleText);
    m_subtitle->setPalette(subtle);
    auto *heading = new QHBoxLayout;
    heading->setSpacing(10);
    heading->addWidget(m_title);
    heading->addWidget(m_subtitle, 1);
    grid->addLayout(heading, 0, 0, 1, 4);

    m_state = addRow(1, 0, tr("State:"), tr("State"));
    m_expiry = addRow(1, 2, tr("Token expires:"), tr("Token expiry"));
    m_renewed = addRow(2, 0, tr("Last renewed:"), tr("Last renewed"));
    m_renewal = addRow(2, 2, tr("Next renewal:"), tr("Next renewal"));
    m_nextAttempt = addRow(3, 0, tr("Next attempt:"), tr("Next attempt"));
    m_nextAttemptLabel = qobject_cast<QLabel *>(grid->itemAtPosition(3, 0)->widget());
    m_check = addRow(3, 2, tr("Service check:"), tr("Service check"));
    m_checkLabel = qobject_cast<QLabel *>(grid->itemAtPosition(3, 2)->widget());

    m_problemLabel = new QLabel(tr("Problem:"), page);
    m_problemLabel->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_problem = valueLabel(page);
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    m_problemLabel->setBuddy(m_problem);
    grid->addWidget(m_problemLabel, 4, 0);
    grid->addWidget(m_problem, 4, 1, 1, 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(5, 1);
    m_stack->addWidget(page);

    setServiceCheck({}, true);
}

QLabel *AccountDetailsPane::addRow(int row, int column, const QString &label, const QString &accessibleName)
{
    QWidget *page = m_title->parentWidget();
    auto *grid = qobject_cast<QGridLayout *>(page->layout());
    auto *name = new QLabel(label, page);
    name->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *value = valueLabel(page);
    value->setAccessibleName(accessibleName);
    name->setBuddy(value);
    grid->addWidget(name, row, column);
    grid->addWidget(value, row, column + 1);
    return value;
}

void AccountDetailsPane::setSession(TokenSession *session)
{
    if (session != m_session)
        setServiceCheck({}, true);
    m_session = session;
    refresh();
}

TokenSession *AccountDetailsPane::session() const
{
    return m_session;
}

void AccountDetailsPane::setServiceCheck(const QString &text, bool ok)
{
    m_check->setText(text);
    QPalette p = m_check->palette();
    p.setColor(QPalette::WindowText,
               ok ? palette().color(QPalette::WindowText)
                  : StatusPalette::color(StatusSeverity::Error, palette()));
    m_check->setPalette(p);
    m_check->setVisible(!text.isEmpty());
    m_checkLabel->setVisible(!text.isEmpty());
}

void AccountDetailsPane::refresh()
{
    if (!m_session) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    const TokenSession *s = m_session;
    const Account &account = s->account();
    const QDateTime now = m_clock->now();

    m_title->setText(account.name);
    if (m_concealed)
        m_subtitle->setText(account.provider == Provider::D7
                                ? tr("D7 application at %1").arg(account.baseUrl.host())
                                : tr("7G user at %1").arg(account.baseUrl.host()));
    else
        m_subtitle->setText(account.provider == Provider::D7
                                ? tr("D7 application %1 at %2").arg(account.login, account.baseUrl.host())
                                : tr("7G user %1 at %2").arg(account.login, account.baseUrl.host()));

    const StatusSeverity severity = AccountTableModel::severityOf(s);
    m_state->setText(SessionPresenter::stateText(*s));
    QPalette statePalette = m_state->palette();
    statePalette.setColor(QPalette::WindowText,
                          severity == StatusSeverity::Ok || severity == StatusSeverity::Neutral
                              ? palette().color(QPalette::WindowText)
                              : StatusPalette::color(severity, palette()));
    m_state->setPalette(statePalette);

    const TokenSet &tokens = s->tokens();
    if (s->expiryUnknown()) {
        m_expiry->setText(tr("Unknown (the pasted token carries no expiry)"));
        m_expiry->setAccessibleDescription({});
    } else if (tokens.isEmpty() || !tokens.expiresAt.isValid()) {
        m_expiry->setText(tr("No token"));
        m_expiry->setAccessibleDescription({});
    } else {
        const qint64 left = now.msecsTo(tokens.expiresAt);
        if (left <= 0) {
            m_expiry->setText(tr("Expired at %1").arg(timeOfDay(tokens.expiresAt)));
            m_expiry->setAccessibleDescription({});
        } else {
            const qint64 seconds = (left + 999) / 1000;
            m_expiry->setText(
                tr("%1 (in %2)")
                    .arg(timeOfDay(tokens.expiresAt), AccountTableModel::formatTimeLeft(seconds)));
            // The countdown in words for a screen reader; the label stays compact.
            m_expiry->setAccessibleDescription(AccountTableModel::spokenTimeLeft(seconds));
        }
    }

    const QDateTime renewAt = s->refreshAt();
    if (m_autoRenew && renewAt.isValid() && s->state() == SessionState::Valid)
        m_renewal->setText(now < renewAt ? tr("%1 (in %2)")
                                               .arg(timeOfDay(renewAt),
                                                    AccountTableModel::formatTimeLeft(now.secsTo(renewAt)))
                                         : tr("now"));
    else if (s->state() == SessionState::Refreshing || s->state() == SessionState::SigningIn)
        m_renewal->setText(tr("in progress"));
    else if (s->account().usesPastedToken())
        m_renewal->setText(tr("never (a pasted token)"));
    else
        m_renewal->setText(u"—"_s);

    const QDateTime renewed = s->lastRenewed();
    m_renewed->setText(renewed.isValid() ? tr("%1 (%2)").arg(
                           AccountTableModel::formatAge(renewed.secsTo(now)), timeOfDay(renewed))
                                         : tr("Never"));

    const bool retrying = s->state() == SessionState::RetryScheduled && s->nextAttemptAt().isValid();
    if (retrying) {
        const qint64 secs = std::max<qint64>(0, (now.msecsTo(s->nextAttemptAt()) + 999) / 1000);
        m_nextAttempt->setText(tr("%1 (in %n s)", nullptr, int(secs)).arg(timeOfDay(s->nextAttemptAt())));
    }
    m_nextAttempt->setVisible(retrying);
    m_nextAttemptLabel->setVisible(retrying);

    // The problem line: the state's own sentence when something is wrong,
    // otherwise the last error while it is still relevant.
    QString problem;
    if (severity == StatusSeverity::Warning || severity == StatusSeverity::Error)
        problem = SessionPresenter::stateDetail(*s);
    if (problem == SessionPresenter::stateText(*s))
        problem.clear();
    if (problem.isEmpty() && s->lastError().isError() && s->state() != SessionState::Valid)
        problem = s->lastError().message;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_problemLabel->setVisible(!problem.isEmpty());
}

void AccountDetailsPane::setConcealed(bool concealed)
{
    if (concealed == m_concealed)
        return;
    m_concealed = concealed;
    refresh();
}

QString AccountDetailsPane::subtitleText() const
{
    return m_subtitle->text();
}

QString AccountDetailsPane::stateText() const
{
    return m_state->text();
}

QString AccountDetailsPane::problemText() const
{
    return m_problem->isVisibleTo(this) ? m_problem->text() : QString();
}

QString AccountDetailsPane::expiryText() const
{
    return m_expiry->text();
}

QString AccountDetailsPane::nextAttemptText() const
{
    return m_nextAttempt->isVisibleTo(this) ? m_nextAttempt->text() : QString();
}
