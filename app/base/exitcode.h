#pragma once

// Exit statuses of the command line. Scripts branch on them: never renumber.
enum class ExitCode : int {
    Ok = 0,
    Usage = 2, // bad arguments, empty secret, duplicate name
    UnknownAccount = 3,
    CredentialsRejected = 4, // the service refused the credentials; not retried
    Unavailable = 5, // network or service unavailable after retries (also TLS, unusable replies)
    KeychainUnavailable = 6,
    BadConfig = 7, // accounts file corrupt, unreadable or read-only; bad CA file
    TokenFileUnavailable = 8, // exec --token-file: XDG_RUNTIME_DIR unset, not private or not writable
    Conflict = 9, // import: accounts of these names exist already; nothing added
    BadFile = 10, // import/export: the file is unreadable, unwritable, corrupt, newer or of wrong types;
                  // nothing added
    TokenExpired = 11, // a pasted D7 token has expired: TokenTray cannot renew it, paste a new one
    // exec: the program could not be run (as a shell reports it). Otherwise
    // exec exits with the program's own status, 128 + N for a signal N.
    CommandNotExecutable = 126,
    CommandNotFound = 127,
};

constexpr int exitStatus(ExitCode code)
{
    return static_cast<int>(code);
}

// A command stopped by SIGTERM, SIGINT or SIGHUP ends the way a shell reports
// a process killed by that signal: 128 + its number (143, 130, 129).
constexpr int stoppedBySignalStatus(int signalNumber)
{
    return 128 + signalNumber;
}
