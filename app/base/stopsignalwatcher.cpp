#include "base/stopsignalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr int Signals[] = { SIGTERM, SIGINT, SIGHUP };
// From this many signals on, the handler stops waiting for the event loop.
constexpr int DefaultActionFrom = 3;

// A signal handler can reach nothing but globals; only async-signal-safe calls
// touch them: write(), sigaction() and raise().
int g_signalFds[2] = { -1, -1 };
volatile std::sig_atomic_t g_received = 0;
volatile std::sig_atomic_t g_lastSignal = 0;

void setDisposition(int signalNumber, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    // The three never interrupt each other's handler.
    sigemptyset(&action.sa_mask);
    for (const int s : Signals)
        sigaddset(&action.sa_mask, s);
    // Interrupted system calls go on; the event loop sees the byte next.
    action.sa_flags = SA_RESTART;
    ::sigaction(signalNumber, &action, nullptr);
}

extern "C" void onStopSignal(int signalNumber)
{
    const int savedErrno = errno;
    g_received = g_received + 1;
    g_lastSignal = signalNumber;
    if (g_received >= DefaultActionFrom) {
        // Delivered once this handler returns (the signal is blocked until then).
        setDisposition(signalNumber, SIG_DFL);
        ::raise(signalNumber);
    }
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
    errno = savedErrno;
}

} // namespace

StopSignalWatcher::StopSignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (g_signalFds[0] != -1 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalFds) != 0)
        return;
    // The handler must never block, even if the event loop falls behind.
    ::fcntl(g_signalFds[0], F_SETFL, ::fcntl(g_signalFds[0], F_GETFL) | O_NONBLOCK);
    g_received = 0;
    g_lastSignal = 0;

    m_notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StopSignalWatcher::readSignal);

    for (const int s : Signals)
        setDisposition(s, onStopSignal);
}

StopSignalWatcher::~StopSignalWatcher()
{
    if (!m_notifier)
        return;
    for (const int s : Signals)
        setDisposition(s, SIG_DFL);
    delete m_notifier;
    m_notifier = nullptr;
    ::close(g_signalFds[0]);
    ::close(g_signalFds[1]);
    g_signalFds[0] = g_signalFds[1] = -1;
}

int StopSignalWatcher::received()
{
    return g_received;
}

int StopSignalWatcher::lastSignal()
{
    return g_lastSignal;
}

void StopSignalWatcher::readSignal()
{
    unsigned char byte = 0;
    if (::read(g_signalFds[1], &byte, 1) == 1)
        Q_EMIT stopRequested(byte, ++m_delivered);
}
