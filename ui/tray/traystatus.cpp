#include "tray/traystatus.h"

#include "session/sessionpresenter.h"
#include "session/tokensession.h"

using namespace Qt::StringLiterals;

TrayStatus::Level TrayStatus::level(SessionState state, qint64 secondsLeft, bool hasToken)
{
    switch (state) {
    case SessionState::CredentialsRejected:
    case SessionState::KeychainUnavailable:
    case SessionState::Failed:
        return Level::Error;
    case SessionState::RetryScheduled:
    case SessionState::Expired:
    case SessionState::NeedsCredentials:
        return Level::Warning;
    case SessionState::Valid:
        return hasToken && secondsLeft <= ExpiringSeconds ? Level::Warning : Level::Ok;
    case SessionState::Restoring:
    case SessionState::SignedOut:
    case SessionState::SigningIn:
    case SessionState::Refreshing:
        return Level::Ok;
    }
    return Level::Ok;
}

TrayStatus::Level TrayStatus::level(const TokenSession &session)
{
    if (session.account().usesPastedToken() && session.state() == SessionState::Valid) {
        // Nobody renews it: close to its end it needs the user, and a token
        // without a known expiry has nothing to warn about.
        switch (SessionPresenter::pastedTokenStage(session)) {
        case SessionPresenter::PastedTokenStage::WithinDay:
        case SessionPresenter::PastedTokenStage::WithinHour:
            return Level::Warning;
        case SessionPresenter::PastedTokenStage::Expired:
            return Level::Error;
        default:
            return Level::Ok;
        }
    }
    if (session.account().usesPastedToken() && session.state() == SessionState::Expired)
        return Level::Error;
    return level(session.state(), session.secondsLeft(), !session.tokens().isEmpty());
}

TrayStatus::Summary TrayStatus::summarize(const QList<TokenSession *> &sessions, bool offline)
{
    Summary summary;
    summary.accounts = static_cast<int>(sessions.size());
    summary.offline = offline;
    for (const TokenSession *session : sessions) {
        switch (SessionPresenter::pastedTokenStage(*session)) {
        case SessionPresenter::PastedTokenStage::WithinDay:
        case SessionPresenter::PastedTokenStage::WithinHour:
            ++summary.pastedExpiring;
            break;
        case SessionPresenter::PastedTokenStage::Expired:
            ++summary.pastedExpired;
            break;
        default:
            break;
        }
        const Level l = level(*session);
        if (l == Level::Ok)
            continue;
        ++summary.needAttention;
        if (l == Level::Error)
            ++summary.failed;
        summary.level = std::max(summary.level, l);
    }
    if (offline && summary.level == Level::Ok && summary.accounts > 0)
        summary.level = Level::Warning;
    return summary;
}

QString TrayStatus::toolTip(const Summary &summary)
{
    if (summary.accounts == 0)
        return tr("No accounts yet");
    // Singular and plural are separate source strings so that English reads
    // right without a translation; translators still get %n for their forms.
    const QString accounts
        = summary.accounts == 1 ? tr("%n account", nullptr, 1) : tr("%n accounts", nullptr, summary.accounts);
    QString line;
    if (summary.needAttention == 0) {
        line = tr("%1 · all fine").arg(accounts);
    } else if (summary.needAttention == 1) {
        line = tr("%1 · %n needs attention", nullptr, 1).arg(accounts);
    } else {
        line = tr("%1 · %n need attention", nullptr, summary.needAttention).arg(accounts);
    }
    // Singular and plural apart, as above.
    if (summary.pastedExpired == 1)
        line += u'\n' + tr("%n pasted token expired — paste a new one", nullptr, 1);
    else if (summary.pastedExpired > 1)
        line += u'\n' + tr("%n pasted tokens expired — paste new ones", nullptr, summary.pastedExpired);
    if (summary.pastedExpiring == 1)
        line += u'\n' + tr("%n pasted token expires within a day", nullptr, 1);
    else if (summary.pastedExpiring > 1)
        line += u'\n' + tr("%n pasted tokens expire within a day", nullptr, summary.pastedExpiring);
    if (summary.offline)
        line += u'\n' + tr("Offline — retrying");
    return line;
}

QString TrayStatus::stateLabel(const TokenSession &session)
{
    if (session.account().usesPastedToken()) {
        switch (SessionPresenter::pastedTokenStage(session)) {
        case SessionPresenter::PastedTokenStage::WithinDay:
            return tr("Expires within a day — paste a new token");
        case SessionPresenter::PastedTokenStage::WithinHour:
            return tr("Expires within the hour — paste a new token");
        case SessionPresenter::PastedTokenStage::Expired:
            return tr("Expired — paste a new token");
        default:
            break;
        }
    }
    if (session.state() == SessionState::RetryScheduled)
        return tr("Retrying");
    return SessionPresenter::stateText(session);
}
