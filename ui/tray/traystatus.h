#pragma once

#include "session/sessionstate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

class TokenSession;

// How the tray summarises the accounts: one of three icons and a one-line
// tooltip. Pure functions over the sessions, so they are cheap to run on
// every tick and easy to test.
class TrayStatus
{
    Q_DECLARE_TR_FUNCTIONS(TrayStatus)
public:
    enum class Level {
        Ok, // all fine (or nothing to do)
        Warning, // something expiring, retrying, or waiting for a password
        Error, // something failed and needs the user
    };

    // A token still "valid" this close to expiry means its renewal is late.
    static constexpr int ExpiringSeconds = 5;

    static Level level(SessionState state, qint64 secondsLeft, bool hasToken);
    static Level level(const TokenSession &session);

    struct Summary
    {
        int accounts = 0;
        int needAttention = 0; // Warning or Error
        int failed = 0; // Error
        Level level = Level::Ok;
        bool offline = false;
        int pastedExpiring = 0; // pasted tokens that expire within a day
        int pastedExpired = 0; // pasted tokens that have expired

        friend bool operator==(const Summary &, const Summary &) = default;
    };
    static Summary summarize(const QList<TokenSession *> &sessions, bool offline);

    // "12 accounts · 1 needs attention", "3 accounts · all fine", "No accounts yet";
    // a second line for pasted tokens that expire soon or have expired.
    static QString toolTip(const Summary &summary);

    // The state as the tray menu shows it: like SessionPresenter::stateText(), but
    // without a countdown, so the menu need not change every second. A pasted
    // token says only how close its end is (within a day, within the hour).
    static QString stateLabel(const TokenSession &session);
};
