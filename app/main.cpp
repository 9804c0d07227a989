#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
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
