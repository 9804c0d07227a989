#include "mainwindow.h"

#include <QIcon>
#include <QLabel>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("TokenTray"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tokentray.svg")));
    auto *placeholder = new QLabel(tr("No accounts yet."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(760, 420);
}
