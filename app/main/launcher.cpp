#include "main/launcher.h"

#include "base/exitcode.h"
#include "cli/commandline.h"
#include "main/headlessengine.h"
#include "platform/programfiles.h"

#include <QByteArray>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

int Launcher::runCommandLine(int argc, char **argv)
{
    return CommandLine::run(argc, argv,
                            [](const QString &configDir, const QString &caFile, const CliRequest &request,
                               QObject *parent) -> LocalCommand * {
                                return new HeadlessEngine(configDir, caFile, request, parent);
                            });
}

int Launcher::execWindow(char **argv)
{
#ifdef Q_OS_UNIX
    // The folder of this program as the kernel started it, links resolved,
    // whatever argv[0] says.
    const QFileInfo self(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath());
    const QString window = ProgramFiles::windowProgram(self.absolutePath());
    if (window.isEmpty()) {
        std::fprintf(stderr,
                     "tokentray: cannot open the window: %s is missing (looked beside %s and in "
                     "../libexec/tokentray). Reinstall TokenTray.\n",
                     ProgramFiles::WindowName, QFile::encodeName(self.absolutePath()).constData());
        return exitStatus(ExitCode::CommandNotFound);
    }
    const QByteArray path = QFile::encodeName(window);
    ::execv(path.constData(), argv);
    const int error = errno;
    std::fprintf(stderr, "tokentray: cannot start %s: %s\n", path.constData(), std::strerror(error));
    return exitStatus(ExitCode::CommandNotExecutable);
#else
    Q_UNUSED(argv);
    return exitStatus(ExitCode::CommandNotFound);
#endif
}

void Launcher::protectMemory()
{
#ifdef Q_OS_LINUX
    ::prctl(PR_SET_DUMPABLE, 0);
#endif
}
