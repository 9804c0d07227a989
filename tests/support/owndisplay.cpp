#include "owndisplay.h"

#include <QDeadlineTimer>
#include <QThread>

using namespace Qt::StringLiterals;

void stopProcess(QProcess &p)
{
    if (p.state() == QProcess::NotRunning)
        return;
    p.terminate();
    if (!p.waitForFinished(5000)) {
        p.kill();
        p.waitForFinished(5000);
    }
}

OwnDisplay::~OwnDisplay()
{
    stopProcess(m_trayer);
    stopProcess(m_windowManager);
    stopProcess(m_xvfb);
}

bool OwnDisplay::start()
{
    // -displayfd 1: Xvfb picks a free display and prints its number on stdout.
    // -noreset: by default the server resets when its last client leaves, and
    // a client connecting during the reset is refused ("Failed to open the
    // display"); a probe leaving just as openbox arrives did exactly that.
    m_xvfb.start(u"Xvfb"_s,
                 { u"-displayfd"_s, u"1"_s, u"-screen"_s, u"0"_s, u"1024x768x24"_s, u"-nolisten"_s, u"tcp"_s,
                   u"-noreset"_s });
    if (!m_xvfb.waitForStarted(10000)) {
        m_problem = u"Xvfb did not start: "_s + m_xvfb.errorString();
        return false;
    }
    const QDeadlineTimer deadline(15000);
    while (!m_xvfb.canReadLine() && !deadline.hasExpired() && m_xvfb.state() == QProcess::Running)
        m_xvfb.waitForReadyRead(100);
    const QByteArray number = m_xvfb.readLine().trimmed();
    if (number.isEmpty()) {
        m_problem = u"Xvfb named no display: "_s + QString::fromLocal8Bit(m_xvfb.readAllStandardError());
        return false;
    }
    m_display = u":"_s + QString::fromLatin1(number);
    // The display answers a client before anything else is started on it.
    while (!runsOk(u"xwininfo"_s, { u"-root"_s })) {
        if (deadline.hasExpired()) {
            m_problem = u"display "_s + m_display + u" does not accept clients"_s;
            return false;
        }
        QThread::msleep(50);
    }
    return true;
}

bool OwnDisplay::startWindowManager()
{
    m_windowManager.setProcessEnvironment(environment());
    m_windowManager.start(u"openbox"_s, {});
    if (!m_windowManager.waitForStarted(10000)) {
        m_problem = u"openbox did not start: "_s + m_windowManager.errorString();
        return false;
    }
    const QDeadlineTimer deadline(20000);
    while (!runsOk(u"wmctrl"_s, { u"-m"_s })) {
        if (m_windowManager.state() == QProcess::NotRunning) {
            m_problem = u"openbox quit: "_s + QString::fromLocal8Bit(m_windowManager.readAllStandardError());
            return false;
        }
        if (deadline.hasExpired()) {
            m_problem = u"openbox does not manage display "_s + m_display;
            return false;
        }
        QThread::msleep(50);
    }
    return true;
}

bool OwnDisplay::startTrayer()
{
    m_trayer.setProcessEnvironment(environment());
    m_trayer.start(u"trayer"_s,
                   { u"--edge"_s, u"top"_s, u"--align"_s, u"right"_s, u"--widthtype"_s, u"request"_s,
                     u"--height"_s, u"24"_s, u"--transparent"_s, u"false"_s });
    if (!m_trayer.waitForStarted(10000)) {
        m_problem = u"trayer did not start: "_s + m_trayer.errorString();
        return false;
    }
    return true;
}

QProcessEnvironment OwnDisplay::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DISPLAY"_s, m_display);
    env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    return env;
}

bool OwnDisplay::runsOk(const QString &program, const QStringList &arguments) const
{
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(program, arguments);
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished(2000);
        return false;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}
