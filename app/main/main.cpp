#include "cli/commandline.h"
#include "main/guiapplication.h"
#include "main/headlessengine.h"

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

int main(int argc, char *argv[])
{
#ifdef Q_OS_LINUX
    // The process holds passwords and tokens in memory: no core dump, and no
    // other process of the same user may attach to it with ptrace.
    ::prctl(PR_SET_DUMPABLE, 0);
#endif

    // Commands (list, token, ...) and --help/--version need no display.
    if (CommandLine::handles(argc, argv))
        return CommandLine::run(argc, argv,
                                [](const QString &configDir, const QString &caFile, const CliRequest &request,
                                   QObject *parent) -> LocalCommand * {
                                    return new HeadlessEngine(configDir, caFile, request, parent);
                                });

    return GuiApplication::run(argc, argv);
}
