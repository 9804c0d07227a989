// A probe preloaded (LD_PRELOAD) into a Qt Widgets process under benchmark:
// TokenTray and the bare window alike, so that both are measured the same
// way, from inside, without code for it in the program. Controlled by the
// environment; it writes one JSON object per line to TOKENTRAY_PROBE_FILE:
//
//   {"event":"painted","t":S}   the first main window's first paint is done
//                               (the event loop finished that update); S is
//                               CLOCK_MONOTONIC seconds, as Python's time.monotonic()
//   {"event":"stall","t":S,"maxLateMs":M}
//                               with TOKENTRAY_PROBE_STALL_MS=P: a timer every P ms;
//                               every 100 ms, the worst lateness since the last line.
//                               Just before "painted", one line with "phase":"start-up"
//                               closes the time before the first paint (building the
//                               window before the event loop runs), so that the lines
//                               after it cover only what happened after the paint.
//
// TOKENTRAY_PROBE_QUIT_AFTER_PAINT=1 ends the process after the first paint
// (for instruction counts of a start-up). A process that is not a QApplication
// (the command line) is left alone.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <ctime>

using namespace Qt::StringLiterals;

namespace {

double monotonicSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void writeLine(const QByteArray &line)
{
    const QString path = qEnvironmentVariable("TOKENTRAY_PROBE_FILE");
    if (path.isEmpty())
        return;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Append))
        file.write(line + '\n');
}

class StallProbe;
void closeStartUp(StallProbe *probe);

class PaintProbe : public QObject
{
public:
    PaintProbe(StallProbe *stalls, QObject *parent)
        : QObject(parent)
        , m_stalls(stalls)
    { }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (m_done || event->type() != QEvent::Paint || !watched->isWidgetType())
            return false;
        const QWidget *window = static_cast<QWidget *>(watched)->window();
        if (!window->inherits("QMainWindow") || !window->isVisible())
            return false;
        m_done = true;
        // After this paint and the rest of its update have been handled.
        QTimer::singleShot(0, this, [this] {
            if (m_stalls)
                closeStartUp(m_stalls);
            writeLine("{\"event\":\"painted\",\"t\":" + QByteArray::number(monotonicSeconds(), 'f', 6) + '}');
            qApp->removeEventFilter(this);
            // exit(), not quit(): in Qt 6 quit() first asks every window to
            // close, and TokenTray's window closes to the tray instead.
            if (qEnvironmentVariableIntValue("TOKENTRAY_PROBE_QUIT_AFTER_PAINT"))
                QCoreApplication::exit(0);
        });
        return false;
    }

private:
    StallProbe *m_stalls;
    bool m_done = false;
};

class StallProbe : public QObject
{
public:
    StallProbe(int periodMs, QObject *parent)
        : QObject(parent)
        , m_periodMs(periodMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(periodMs);
        connect(&m_timer, &QTimer::timeout, this, &StallProbe::onTimeout);
        m_clock.start();
        m_last = m_clock.nsecsElapsed();
        m_reportAt = m_last + 100'000'000;
        m_timer.start();
    }

    // The line for the time until now, marked as start-up; a new window begins.
    void closeStartUp()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_worstMs = std::max(m_worstMs, double(now - m_last) / 1e6 - m_periodMs);
        writeLine("{\"event\":\"stall\",\"phase\":\"start-up\",\"t\":"
                  + QByteArray::number(monotonicSeconds(), 'f', 6)
                  + ",\"maxLateMs\":" + QByteArray::number(m_worstMs, 'f', 3) + '}');
        m_worstMs = 0;
        m_last = now;
        m_reportAt = now + 100'000'000;
    }

private:
    void onTimeout()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double lateMs = double(now - m_last) / 1e6 - m_periodMs;
        m_worstMs = std::max(m_worstMs, lateMs);
        m_last = now;
        if (now >= m_reportAt) {
            writeLine("{\"event\":\"stall\",\"t\":" + QByteArray::number(monotonicSeconds(), 'f', 6)
                      + ",\"maxLateMs\":" + QByteArray::number(m_worstMs, 'f', 3) + '}');
            m_worstMs = 0;
            m_reportAt = now + 100'000'000;
        }
    }

    int m_periodMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_reportAt = 0;
    double m_worstMs = 0;
};

void closeStartUp(StallProbe *probe)
{
    probe->closeStartUp();
}

void installProbe()
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app || !app->inherits("QApplication"))
        return;
    StallProbe *stalls = nullptr;
    if (const int period = qEnvironmentVariableIntValue("TOKENTRAY_PROBE_STALL_MS"); period > 0)
        stalls = new StallProbe(period, app);
    app->installEventFilter(new PaintProbe(stalls, app));
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(installProbe)
