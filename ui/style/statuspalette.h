#pragma once

#include <QColor>
#include <QIcon>

class QPalette;

// How serious a row's state is: decides its colour and icon.
enum class StatusSeverity {
    Neutral, // signed out, loading
    Ok, // a valid token
    Busy, // signing in or refreshing
    Warning, // retrying, expired, nothing saved yet
    Error, // rejected credentials, keychain or TLS problem: needs the user
};

// The few status colours of the window, readable on light and dark palettes.
class StatusPalette
{
public:
    static QColor color(StatusSeverity severity, const QPalette &palette);
    // Amber for "under two minutes left", red for "expired".
    static QColor countdownColor(qint64 secondsLeft, bool hasToken, const QPalette &palette);
    // A small filled dot, sharp at every usual device pixel ratio.
    static QIcon dot(const QColor &color);
    static bool isDark(const QPalette &palette);
};
