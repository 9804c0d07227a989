#include "cli/commandline.h"
#include "main/launcher.h"

#ifndef TOKENTRAY_SEPARATE_GUI
#include "main/guiapplication.h"
#endif

int main(int argc, char *argv[])
{
    Launcher::protectMemory();

    // Commands (list, token, ...) and --help/--version need no display.
    if (CommandLine::handles(argc, argv))
        return Launcher::runCommandLine(argc, argv);

#ifdef TOKENTRAY_SEPARATE_GUI
    return Launcher::execWindow(argv);
#else
    return GuiApplication::run(argc, argv);
#endif
}
