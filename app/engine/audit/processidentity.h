#pragma once

#include <QString>

// The process a token was handed to: its user id, process id and, when it
// could be read, its executable. Unknown numbers are -1; an unknown
// executable is empty.
struct ProcessIdentity
{
    qint64 pid = -1;
    qint64 uid = -1;
    QString executable;

    bool isKnown() const { return pid > 0; }

    // This process.
    static ProcessIdentity current();
    // Another process of a known pid and uid (say, a socket's peer). The
    // executable comes from /proc/<pid>/exe and stays empty when that cannot
    // be read (the process has ended, or the system has no /proc).
    static ProcessIdentity of(qint64 pid, qint64 uid);
};
