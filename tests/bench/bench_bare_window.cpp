// The baseline of the process benchmarks: a bare Qt Widgets window of the
// main window's size, built with the same flags as TokenTray, and nothing else.
#include <QApplication>
#include <QMainWindow>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(u"Bare window"_s);
    window.resize(1040, 600);
    window.show();
    return app.exec();
}
