#include "session/sessionpresenter.h"

#include "session/tokensession.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// "5 h" / "40 min" / "30 s" left, rounded up, for the pasted-token sentences.
qint64 secondsUntilEnd(const TokenSession &session)
{
    return session.tokens().isEmpty() || !session.tokens().expiresAt.isValid() ? 0 : session.secondsLeft();
}
} // namespace

SessionPresenter::PastedTokenStage SessionPresenter::pastedTokenStage(const TokenSession &session)
{
    if (!session.account().usesPastedToken() || session.tokens().isEmpty())
        return PastedTokenStage::NotPasted;
    if (session.expiryUnknown())
        return PastedTokenStage::ExpiryUnknown;
    if (!session.hasValidToken(0))
        return PastedTokenStage::Expired;
    const qint64 left = secondsUntilEnd(session);
    if (left <= HourWarningSeconds)
        return PastedTokenStage::WithinHour;
    if (left <= DayWarningSeconds)
        return PastedTokenStage::WithinDay;
    return PastedTokenStage::Fine;
}

QString SessionPresenter::pastedTokenWarning(const TokenSession &session)
{
    const QString &name = session.account().name;
    const qint64 left = secondsUntilEnd(session);
    const QString when = session.tokens().expiresAt.toLocalTime().toString(u"HH:mm"_s);
    switch (pastedTokenStage(session)) {
    case PastedTokenStage::WithinDay:
        return tr("The pasted token of \"%1\" expires in %n h, at %2. TokenTray cannot renew it: paste a new "
                  "token from the D7 Control Panel before then.",
                  nullptr, int((left + 3599) / 3600))
            .arg(name, when);
    case PastedTokenStage::WithinHour:
        return tr("The pasted token of \"%1\" expires in %n min, at %2. TokenTray cannot renew it: paste a "
                  "new token from the D7 Control Panel now.",
                  nullptr, int((left + 59) / 60))
            .arg(name, when);
    case PastedTokenStage::Expired:
        return tr("The pasted token of \"%1\" has expired. TokenTray cannot renew it: paste a new token from "
                  "the D7 Control Panel.")
            .arg(name);
    case PastedTokenStage::NotPasted:
    case PastedTokenStage::Fine:
    case PastedTokenStage::ExpiryUnknown:
        break;
    }
    return {};
}

QString SessionPresenter::stateText(const TokenSession &session)
{
    const bool sevenG = session.account().provider == Provider::SevenG;
    if (session.account().usesPastedToken()) {
        const qint64 left = secondsUntilEnd(session);
        switch (session.state()) {
        case SessionState::NeedsCredentials:
            return tr("No token saved — paste one");
        case SessionState::Valid:
            switch (pastedTokenStage(session)) {
            case PastedTokenStage::ExpiryUnknown:
                return tr("Valid — expiry unknown");
            case PastedTokenStage::WithinDay:
                return tr("Expires in %n h — paste a new token", nullptr, int((left + 3599) / 3600));
            case PastedTokenStage::WithinHour:
                return tr("Expires in %n min — paste a new token", nullptr, int((left + 59) / 60));
            default:
                return tr("Valid (pasted token)");
            }
        case SessionState::Expired:
            return tr("Expired — paste a new token");
        default:
            break;
        }
    }
    switch (session.state()) {
    case SessionState::Restoring:
        return tr("Loading…");
    case SessionState::SignedOut:
        return tr("Signed out");
    case SessionState::NeedsCredentials:
        return sevenG ? tr("No password saved") : tr("No client secret saved");
    case SessionState::SigningIn:
        return tr("Signing in…");
    case SessionState::Refreshing:
        return tr("Refreshing…");
    case SessionState::Valid:
        return tr("Valid");
    case SessionState::RetryScheduled: {
        const qint64 ms = session.msecsToNextAttempt();
        if (ms <= 0)
            return tr("Retrying…");
        return tr("Retrying in %n s", nullptr, int((ms + 999) / 1000));
    }
    case SessionState::Expired:
        return tr("Expired");
    case SessionState::CredentialsRejected:
        switch (session.lastError().reason) {
        case AuthError::Reason::Locked: {
            const qint64 ms = session.msecsToLockEnd();
            if (ms <= 0)
                return tr("Lock over — sign in again");
            const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
            return tr("Locked — %1 left").arg(countdown(epoch, epoch.addMSecs(ms)));
        }
        case AuthError::Reason::AddressNotAllowed:
            return tr("Address not on the allow-list — not retried");
        case AuthError::Reason::Disabled:
            return tr("Account disabled — not retried");
        case AuthError::Reason::Unknown:
            return tr("Sign-in refused — not retried");
        case AuthError::Reason::ApplicationMissing:
            return tr("Unknown client id — not retried");
        case AuthError::Reason::TokenExpired:
            return tr("Token expired");
        case AuthError::Reason::PastedTokenExpired:
            return tr("Expired — paste a new token");
        case AuthError::Reason::SecretRejected:
            return tr("Client secret rejected — not retried");
        case AuthError::Reason::WrongCredentials:
        case AuthError::Reason::None:
            break;
        }
        return sevenG ? tr("Wrong password — not retried") : tr("Client secret rejected — not retried");
    case SessionState::KeychainUnavailable:
        return session.keychainError() == SecretError::Locked ? tr("Keychain locked")
                                                              : tr("Keychain unavailable");
    case SessionState::Failed:
        switch (session.lastError().kind) {
        case AuthError::Kind::Tls:
            return tr("TLS error");
        case AuthError::Kind::Config:
            return tr("Check the account settings");
        default:
            return tr("Failed");
        }
    }
    return {};
}

QString SessionPresenter::stateDetail(const TokenSession &session)
{
    switch (session.state()) {
    case SessionState::KeychainUnavailable:
        return session.keychainMessage().isEmpty()
            ? tr("The keychain cannot be used, so saved credentials cannot be read.")
            : session.keychainMessage();
    case SessionState::NeedsCredentials:
        if (session.account().usesPastedToken() && !session.lastError().message.isEmpty())
            return session.lastError().message;
        return session.account().provider == Provider::SevenG
            ? tr("No password is saved for this account. Enter it to sign in.")
            : tr("No client secret is saved for this application. Enter it to sign in.");
    case SessionState::CredentialsRejected:
    case SessionState::RetryScheduled:
    case SessionState::Failed:
        if (!session.lastError().message.isEmpty())
            return session.lastError().message;
        break;
    case SessionState::Expired:
        if (session.account().usesPastedToken() && !session.lastError().message.isEmpty())
            return session.lastError().message;
        break;
    case SessionState::Valid:
        if (session.account().usesPastedToken()) {
            if (const QString warning = pastedTokenWarning(session); !warning.isEmpty())
                return warning;
            if (session.expiryUnknown())
                return tr("The pasted token carries no expiry and none was given, so TokenTray cannot say "
                          "when it ends. It is never renewed.");
            return tr("A token pasted from the D7 Control Panel, valid until %1. TokenTray never renews it.")
                .arg(session.tokens().expiresAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s));
        }
        break;
    default:
        break;
    }
    return stateText(session);
}

QString SessionPresenter::credentialPauseText(const Account &account, const QDateTime &until)
{
    const QString time = until.toLocalTime().toString(u"HH:mm:ss"_s);
    return account.provider == Provider::SevenG
        ? tr("The service rejected the password of \"%1\" a moment ago. To keep the account from being "
             "locked, TokenTray does not try it again on its own before %2; a new password can be tried at "
             "once.")
              .arg(account.name, time)
        : tr("The service rejected the client secret of \"%1\" a moment ago. TokenTray does not try it "
             "again on its own before %2; a new client secret can be tried at once.")
              .arg(account.name, time);
}

QString SessionPresenter::countdown(const QDateTime &now, const QDateTime &until)
{
    const qint64 ms = std::max<qint64>(0, now.msecsTo(until));
    const qint64 seconds = (ms + 999) / 1000;
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

QString SessionPresenter::lockedText(const Account &account, const QDateTime &until, const QDateTime &now)
{
    const int minutes = int((std::max<qint64>(0, now.secsTo(until)) + 59) / 60);
    return tr("The service has locked \"%1\" until about %2 (in %n min). Wait until then: TokenTray makes no "
              "sign-in attempt before, and a new password does not lift the lock.",
              nullptr, minutes)
        .arg(account.name, until.toLocalTime().toString(u"HH:mm:ss"_s));
}
