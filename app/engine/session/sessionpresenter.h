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

    // "9:05": minutes and seconds from now to until, rounded up; "0:00" when past.
    static QString countdown(const QDateTime &now, const QDateTime &until);
};
