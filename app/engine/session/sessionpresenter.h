#pragma once

#include <QCoreApplication>
#include <QString>

class QDateTime;
class TokenSession;
struct Account;

// The sentences that tell a person how an account's session stands, the same
// in the window, the tray and on the command line. A session keeps its state;
// this says it in words. Never contains a secret.
class SessionPresenter
{
    Q_DECLARE_TR_FUNCTIONS(SessionPresenter)
public:
    // Short, for the state column: "Valid", "Retrying in 8 s",
    // "Wrong password — not retried", "Keychain locked", ...
    static QString stateText(const TokenSession &session);

    // A longer sentence for a tooltip or the details pane: the service's or
    // the keychain's own message where there is one.
    static QString stateDetail(const TokenSession &session);

    // Why a sign-in was not even tried: the service rejected the credential
    // a moment ago, and it is left alone until `until`.
    static QString credentialPauseText(const Account &account, const QDateTime &until);

    // The service locks the user until `until`: when that is, and to wait.
    static QString lockedText(const Account &account, const QDateTime &until, const QDateTime &now);

    // How close a pasted token (which TokenTray cannot renew) is to its end.
    // Each stage is announced once: the window and the list say it in the
    // state, the tray in its summary and a notification.
    enum class PastedTokenStage {
        NotPasted, // signs in with a secret, or no token is held
        Fine, // more than a day left
        ExpiryUnknown, // the token carries no expiry and none was given
        WithinDay, // expires within 24 hours
        WithinHour, // expires within the hour
        Expired,
    };
    static constexpr qint64 DayWarningSeconds = 24 * 3600;
    static constexpr qint64 HourWarningSeconds = 3600;
    static PastedTokenStage pastedTokenStage(const TokenSession &session);

    // A sentence for a pasted token close to or past its end (the tray's
    // notification and summary); empty unless the stage is WithinDay,
    // WithinHour or Expired.
    static QString pastedTokenWarning(const TokenSession &session);

    // "9:05": minutes and seconds from now to until, rounded up; "0:00" when past.
    static QString countdown(const QDateTime &now, const QDateTime &until);
};
