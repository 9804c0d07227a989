#include "window/accounttablemodel.h"

#include "base/clock.h"
#include "session/sessionmanager.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

// Milliseconds of token life left; negative when expired.
qint64 msecsLeft(const TokenSession *session, const QDateTime &now)
{
    const TokenSet &tokens = session->tokens();
    if (tokens.isEmpty() || !tokens.expiresAt.isValid())
        return 0;
    return now.msecsTo(tokens.expiresAt);
}

bool hasToken(const TokenSession *session)
{
    return !session->tokens().isEmpty() && session->tokens().expiresAt.isValid();
}

// Whole seconds shown on the countdown: rounded up, so "0:00" never shows
// while the token is still valid.
qint64 displaySeconds(qint64 msecs)
{
    return msecs <= 0 ? 0 : (msecs + 999) / 1000;
}

// "7G · Production", "D7", and for an address of one's own just its host
// ("7G · preview.example.com:8443"): the full URL is in the tooltip.
QString serviceText(const Account &account)
{
    const bool custom = account.provider == Provider::SevenG
        ? !sevenGEnvironment(account.environment).has_value()
        : account.baseUrl != defaultD7BaseUrl();
    if (!custom)
        return account.environmentLabel();
    QString host = account.baseUrl.host();
    if (account.baseUrl.port() > 0)
        host += u':' + QString::number(account.baseUrl.port());
    return (account.provider == Provider::SevenG ? u"7G · "_s : u"D7 · "_s) + host;
}

// What a screen reader says for "7G · Production": the service, then the environment.
QString spokenServiceText(const Account &account)
{
    return serviceText(account).replace(u" · "_s, u", "_s);
}

// A duration cut into its clock parts.
struct ClockParts
{
    qint64 hours;
    qint64 minutes;
    qint64 seconds;
};

ClockParts clockParts(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    return { seconds / 3600, (seconds % 3600) / 60, seconds % 60 };
}

// Shown for the login while the session is locked: the same for every row,
// so not even the length of a login is given away.
const QString ConcealedText = u"••••••"_s;

QString localTime(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}

QString localTimeWithSeconds(const QDateTime &utc)
{
    const QDateTime local = utc.toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), QLocale::LongFormat);
    return QLocale().toString(local, QLocale::ShortFormat);
}

} // namespace

AccountTableModel::AccountTableModel(SessionManager *manager, QObject *parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    for (TokenSession *session : manager->sessions())
        m_rows.append({ session, session->id() });
    connect(m_manager, &SessionManager::sessionAdded, this, &AccountTableModel::onSessionAdded);
    connect(m_manager, &SessionManager::sessionAboutToBeRemoved, this,
            &AccountTableModel::onSessionAboutToBeRemoved);
    connect(m_manager, &SessionManager::sessionRemoved, this, &AccountTableModel::onSessionRemoved);
    connect(m_manager, &SessionManager::sessionChanged, this, &AccountTableModel::onSessionChanged);
    connect(m_manager, &SessionManager::ticked, this, &AccountTableModel::updateCountdowns);
}

AccountTableModel::~AccountTableModel() = default;

int AccountTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AccountTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

TokenSession *AccountTableModel::sessionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).session : nullptr;
}

int AccountTableModel::rowOf(const TokenSession *session) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).session == session)
            return row;
    }
    return -1;
}

int AccountTableModel::rowOf(const QUuid &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

Qt::ItemFlags AccountTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

QVariant AccountTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case EnvironmentColumn:
            return tr("Service");
        case LoginColumn:
            return tr("Login");
        case StateColumn:
            return tr("State");
        case TimeLeftColumn:
            return tr("Time left");
        case RenewedColumn:
            return tr("Renewed");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case EnvironmentColumn:
            return tr("The service and, for 7G, the environment");
        case LoginColumn:
            return tr("The 7G username or the D7 client id");
        case TimeLeftColumn:
            return tr("How long the current token stays valid");
        case RenewedColumn:
            return tr("When the token was last obtained");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section == TimeLeftColumn)
        return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
    return {};
}

QVariant AccountTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TokenSession *session = m_rows.at(index.row()).session;
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        return displayData(session, column);
    case Qt::ToolTipRole:
        return toolTipData(session, column);
    case Qt::AccessibleTextRole:
        return accessibleData(session, column);
    case Qt::AccessibleDescriptionRole:
        // The countdown's exact times, which the compact cell leaves out.
        if (column == TimeLeftColumn || column == RenewedColumn)
            return toolTipData(session, column);
        return {};
    case Qt::DecorationRole:
        if (column == StateColumn)
            return severityIcon(severityOf(session));
        return {};
    case Qt::ForegroundRole: {
        const QPalette palette = QGuiApplication::palette();
        if (column == StateColumn) {
            const StatusSeverity severity = severityOf(session);
            if (severity == StatusSeverity::Warning || severity == StatusSeverity::Error)
                return StatusPalette::color(severity, palette);
            if (severity == StatusSeverity::Neutral)
                return palette.color(QPalette::Disabled, QPalette::Text);
            return {};
        }
        if (column == TimeLeftColumn && hasToken(session)) {
            const qint64 left = displaySeconds(msecsLeft(session, m_manager->clock()->now()));
            if (left < 120)
                return StatusPalette::countdownColor(left, true, palette);
        }
        return {};
    }
    case Qt::TextAlignmentRole:
        if (column == TimeLeftColumn)
            return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case SessionIdRole:
        return session->id();
    case CountdownFractionRole: {
        if (!hasToken(session))
            return 0.0;
        const TokenSet &tokens = session->tokens();
        const qint64 lifetime = tokens.obtainedAt.isValid() ? tokens.obtainedAt.msecsTo(tokens.expiresAt) : 0;
        if (lifetime <= 0)
            return msecsLeft(session, m_manager->clock()->now()) > 0 ? 1.0 : 0.0;
        const double fraction = double(msecsLeft(session, m_manager->clock()->now())) / double(lifetime);
        return std::clamp(fraction, 0.0, 1.0);
    }
    case SecondsLeftRole:
        return displaySeconds(msecsLeft(session, m_manager->clock()->now()));
    case HasTokenRole:
        return hasToken(session);
    case SeverityRole:
        return int(severityOf(session));
    case SortRole:
        return sortData(session, column);
    case FilterTextRole: {
        const Account &a = session->account();
        return QString(a.name % u'\n' % a.environmentLabel() % u'\n' % serviceText(a) % u'\n' % a.login);
    }
    default:
        return {};
    }
}

QVariant AccountTableModel::displayData(const TokenSession *session, int column) const
{
    const Account &account = session->account();
    switch (column) {
    case NameColumn:
        return account.name;
    case EnvironmentColumn:
        return serviceText(account);
    case LoginColumn:
        return m_concealed ? ConcealedText : account.login;
    case StateColumn:
        return SessionPresenter::stateText(*session);
    case TimeLeftColumn: {
        if (session->expiryUnknown())
            return tr("Unknown");
        if (!hasToken(session))
            return u"—"_s;
        const qint64 msecs = msecsLeft(session, m_manager->clock()->now());
        return msecs <= 0 ? tr("Expired") : formatTimeLeft(displaySeconds(msecs));
    }
    case RenewedColumn: {
        const QDateTime renewed = session->lastRenewed();
        if (!renewed.isValid())
            return u"—"_s;
        return formatAge(renewed.secsTo(m_manager->clock()->now()));
    }
    default:
        return {};
    }
}

QVariant AccountTableModel::toolTipData(const TokenSession *session, int column) const
{
    const Account &account = session->account();
    switch (column) {
    case NameColumn:
        return account.notes.isEmpty() || m_concealed ? account.name
                                                      : QString(account.name % u'\n' % account.notes);
    case EnvironmentColumn:
        return account.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
    case LoginColumn:
        return m_concealed ? tr("Hidden while the screen is locked") : account.login;
    case StateColumn:
        return SessionPresenter::stateDetail(*session);
    case TimeLeftColumn: {
        if (session->expiryUnknown())
            return tr("The pasted token carries no expiry and none was given, so there is nothing to count "
                      "down. It is never renewed.");
        if (!hasToken(session))
            return tr("No token yet");
        const QDateTime expires = session->tokens().expiresAt;
        if (session->account().usesPastedToken()) {
            if (msecsLeft(session, m_manager->clock()->now()) <= 0)
                return tr("The pasted token expired at %1. Paste a new one.")
                    .arg(localTimeWithSeconds(expires));
            return tr("The pasted token expires at %1. It is never renewed.")
                .arg(localTimeWithSeconds(expires));
        }
        const QDateTime renewAt = session->refreshAt();
        if (msecsLeft(session, m_manager->clock()->now()) <= 0)
            return tr("The token expired at %1.").arg(localTimeWithSeconds(expires));
        if (renewAt.isValid() && session->state() == SessionState::Valid && m_manager->autoRenew())
            return tr("The token expires at %1 and is renewed at %2.")
                .arg(localTimeWithSeconds(expires), localTimeWithSeconds(renewAt));
        return tr("The token expires at %1.").arg(localTimeWithSeconds(expires));
    }
    case RenewedColumn: {
        const QDateTime renewed = session->lastRenewed();
        if (!renewed.isValid())
            return tr("No token obtained yet");
        return tr("Token obtained %1").arg(localTime(renewed));
    }
    default:
        return {};
    }
}

QVariant AccountTableModel::accessibleData(const TokenSession *session, int column) const
{
    // Empty: the screen reader says the cell's display text, which is words already.
    switch (column) {
    case EnvironmentColumn:
        return spokenServiceText(session->account());
    case LoginColumn:
        return m_concealed ? tr("Hidden") : QVariant();
    case TimeLeftColumn: {
        if (!hasToken(session))
            return tr("No token yet");
        const qint64 msecs = msecsLeft(session, m_manager->clock()->now());
        return msecs <= 0 ? tr("Expired") : spokenTimeLeft(displaySeconds(msecs));
    }
    case RenewedColumn: {
        const QDateTime renewed = session->lastRenewed();
        if (!renewed.isValid())
            return tr("Not renewed yet");
        return spokenAge(renewed.secsTo(m_manager->clock()->now()));
    }
    default:
        return {};
    }
}

QVariant AccountTableModel::sortData(const TokenSession *session, int column) const
{
    const Account &account = session->account();
    switch (column) {
    case NameColumn:
        return account.name;
    case EnvironmentColumn:
        return serviceText(account);
    case LoginColumn:
        return account.login;
    case StateColumn:
        // Those that need attention together, most serious last (first when descending).
        return int(severityOf(session));
    case TimeLeftColumn:
        // The expiry time orders like the countdown but does not move on a tick.
        return hasToken(session) ? session->tokens().expiresAt.toMSecsSinceEpoch() : qint64(-1);
    case RenewedColumn:
        return session->lastRenewed().isValid() ? session->lastRenewed().toMSecsSinceEpoch() : qint64(-1);
    default:
        return {};
    }
}

QIcon AccountTableModel::severityIcon(StatusSeverity severity) const
{
    const QColor color = StatusPalette::color(severity, QGuiApplication::palette());
    const auto it = m_icons.constFind(color.rgba());
    if (it != m_icons.constEnd())
        return *it;
    const QIcon icon = StatusPalette::dot(color);
    m_icons.insert(color.rgba(), icon);
    return icon;
}

StatusSeverity AccountTableModel::severityOf(const TokenSession *session)
{
    if (session->account().usesPastedToken()) {
        // Nobody renews a pasted token: its end needs the user.
        switch (SessionPresenter::pastedTokenStage(*session)) {
        case SessionPresenter::PastedTokenStage::WithinDay:
        case SessionPresenter::PastedTokenStage::WithinHour:
            return StatusSeverity::Warning;
        case SessionPresenter::PastedTokenStage::Expired:
            return StatusSeverity::Error;
        default:
            break;
        }
    }
    switch (session->state()) {
    case SessionState::Valid:
        return StatusSeverity::Ok;
    case SessionState::SigningIn:
    case SessionState::Refreshing:
        return StatusSeverity::Busy;
    case SessionState::RetryScheduled:
    case SessionState::Expired:
    case SessionState::NeedsCredentials:
        return StatusSeverity::Warning;
    case SessionState::CredentialsRejected:
    case SessionState::KeychainUnavailable:
    case SessionState::Failed:
        return StatusSeverity::Error;
    case SessionState::Restoring:
    case SessionState::SignedOut:
        break;
    }
    return StatusSeverity::Neutral;
}

QString AccountTableModel::formatTimeLeft(qint64 seconds)
{
    const auto [h, m, s] = clockParts(seconds);
    if (h > 0)
        return u"%1:%2:%3"_s.arg(h).arg(m, 2, 10, QChar(u'0')).arg(s, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(m).arg(s, 2, 10, QChar(u'0'));
}

QString AccountTableModel::spokenDuration(qint64 seconds)
{
    // English needs no translation file for its plurals this way; other
    // languages translate both the "1" form and the plural forms.
    const auto hours = [](qint64 n) {
        return n == 1 ? tr("1 hour") : tr("%n hours", nullptr, int(n));
    };
    const auto minutes = [](qint64 n) {
        return n == 1 ? tr("1 minute") : tr("%n minutes", nullptr, int(n));
    };
    const auto secs = [](qint64 n) {
        return n == 1 ? tr("1 second") : tr("%n seconds", nullptr, int(n));
    };
    //: A duration of two parts: hours then minutes, or minutes then seconds.
    const auto both = [](const QString &larger, const QString &smaller) {
        return tr("%1 %2", "duration").arg(larger, smaller);
    };

    const auto [h, m, s] = clockParts(seconds);
    if (h > 0)
        return m > 0 ? both(hours(h), minutes(m)) : hours(h);
    if (m > 0)
        return s > 0 ? both(minutes(m), secs(s)) : minutes(m);
    return secs(s);
}

QString AccountTableModel::spokenTimeLeft(qint64 seconds)
{
    //: The time a token stays valid, in words: "19 minutes 39 seconds left".
    return tr("%1 left").arg(spokenDuration(seconds));
}

QString AccountTableModel::formatAge(qint64 seconds)
{
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min ago", nullptr, int(seconds / 60));
    if (seconds < 48 * 3600)
        return tr("%n h ago", nullptr, int(seconds / 3600));
    return tr("%n days ago", nullptr, int(seconds / 86400));
}

QString AccountTableModel::spokenAge(qint64 seconds)
{
    if (seconds < 60)
        return tr("just now");
    //: How long ago a token was obtained, in words: "3 minutes ago".
    const auto ago = [](const QString &duration) {
        return tr("%1 ago").arg(duration);
    };
    if (seconds < 48 * 3600)
        return ago(spokenDuration(seconds < 3600 ? seconds / 60 * 60 : seconds / 3600 * 3600));
    const int days = int(seconds / 86400);
    return days == 1 ? tr("1 day ago") : tr("%n days ago", nullptr, days);
}

void AccountTableModel::setVisibleRowsFunction(VisibleRowsFunction function)
{
    m_visibleRows = std::move(function);
}

void AccountTableModel::setConcealed(bool concealed)
{
    if (concealed == m_concealed)
        return;
    m_concealed = concealed;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                           { Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole });
}

QList<int> AccountTableModel::tickRoles()
{
    return { Qt::DisplayRole, Qt::ForegroundRole,     CountdownFractionRole,
             SecondsLeftRole, Qt::AccessibleTextRole, Qt::AccessibleDescriptionRole };
}

void AccountTableModel::updateCountdowns()
{
    if (m_rows.isEmpty())
        return;
    QList<int> rows;
    if (m_visibleRows) {
        rows = m_visibleRows();
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    } else {
        rows.resize(m_rows.size());
        std::iota(rows.begin(), rows.end(), 0);
    }
    const QList<int> roles = tickRoles();
    // One signal per run of consecutive rows, for the time left and renewed columns.
    int first = -1;
    int last = -1;
    const auto flush = [&] {
        if (first >= 0)
            Q_EMIT dataChanged(index(first, TimeLeftColumn), index(last, RenewedColumn), roles);
    };
    for (const int row : std::as_const(rows)) {
        if (row < 0 || row >= m_rows.size())
            continue;
        // "Retrying in 8 s" and "Locked — 9:05 left" count down too: the state
        // texts that move with the clock.
        const TokenSession *session = m_rows.at(row).session;
        if (session->state() == SessionState::RetryScheduled
            || session->state() == SessionState::CredentialsRejected)
            Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn), roles);
        if (first >= 0 && row == last + 1) {
            last = row;
            continue;
        }
        flush();
        first = last = row;
    }
    flush();
}

void AccountTableModel::onSessionAdded(TokenSession *session, int index)
{
    if (rowOf(session) >= 0)
        return;
    const int row = std::clamp(index, 0, int(m_rows.size()));
    beginInsertRows({}, row, row);
    m_rows.insert(row, { session, session->id() });
    endInsertRows();
}

void AccountTableModel::onSessionAboutToBeRemoved(TokenSession *session, int index)
{
    Q_UNUSED(index);
    const int row = rowOf(session);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void AccountTableModel::onSessionRemoved(const QUuid &id)
{
    // Normally gone already (sessionAboutToBeRemoved); never keep a dangling row.
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void AccountTableModel::onSessionChanged(TokenSession *session)
{
    const int row = rowOf(session);
    if (row < 0)
        return;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}
