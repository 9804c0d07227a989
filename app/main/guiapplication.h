#pragma once

// The desktop application: parses the GUI options, builds the engine and the
// window, and runs the event loop. main() hands over here unless the command
// line front end takes the call.
//
//   tokentray [--demo] [--config-dir DIR] [--ca-file PEM] [--minimized]
class GuiApplication
{
public:
    static int run(int argc, char **argv);
};
