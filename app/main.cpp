#include "cli/commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    // Commands (list, token, ...) and --help/--version need no display.
    if (CommandLine::handles(argc, argv))
        return CommandLine::run(argc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("TokenTray"));
    QApplication::setOrganizationName(QStringLiteral("TokenTray"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENTRAY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(TOKENTRAY_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Keeps API tokens fresh, in the system tray."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    MainWindow window;
    window.show();
    return app.exec();
}
