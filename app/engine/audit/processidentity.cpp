#include "audit/processidentity.h"

#include <QCoreApplication>
#include <QFile>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

ProcessIdentity ProcessIdentity::current()
{
#ifdef Q_OS_UNIX
    ProcessIdentity self = of(::getpid(), ::getuid());
#else
    ProcessIdentity self;
    self.pid = QCoreApplication::applicationPid();
#endif
    if (self.executable.isEmpty())
        self.executable = QCoreApplication::applicationFilePath();
    return self;
}

ProcessIdentity ProcessIdentity::of(qint64 pid, qint64 uid)
{
    ProcessIdentity identity;
    identity.pid = pid;
    identity.uid = uid;
#ifdef Q_OS_LINUX
    // The link names the executable even after it was deleted (" (deleted)"
    // is then part of the name): recorded as the kernel gives it.
    if (pid > 0)
        identity.executable = QFile::symLinkTarget(u"/proc/%1/exe"_s.arg(pid));
#endif
    return identity;
}
