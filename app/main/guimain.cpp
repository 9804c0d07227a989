// The window program, tokentray-gui: started by `tokentray` without a
// command (see CMakeLists.txt), with the same arguments.
#include "main/guiapplication.h"
#include "main/launcher.h"

int main(int argc, char *argv[])
{
    Launcher::protectMemory();
    return GuiApplication::run(argc, argv);
}
