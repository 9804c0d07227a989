#include "cli/secretinput.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SecretInput", text);
}

// Overwrites a buffer that held a secret before it is freed.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        bytes.fill('\0');
    bytes.clear();
}

#ifdef Q_OS_UNIX
// Reads until EOF (or the first newline when `line`), at most `limit` bytes.
bool readFd(int fd, QByteArray *out, qsizetype limit, bool line)
{
    char buffer[4096];
    while (out->size() <= limit) {
        const ssize_t n = ::read(fd, buffer, line ? 1 : sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            break;
        out->append(buffer, n);
        if (line && buffer[0] == '\n')
            break;
    }
    std::fill(std::begin(buffer), std::end(buffer), '\0');
    return true;
}
#endif
} // namespace

Result<QString> SecretInput::fromBytes(QByteArray bytes)
{
    using R = Result<QString>;
    if (bytes.size() > MaxBytes) {
        wipe(bytes);
        return R::failure(tr("The secret on standard input is too long."));
    }
    if (bytes.endsWith('\n')) {
        bytes.chop(1);
        if (bytes.endsWith('\r'))
            bytes.chop(1);
    }
    if (bytes.isEmpty())
        return R::failure(tr("The secret on standard input is empty."));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    wipe(bytes);
    if (decoder.hasError())
        return R::failure(tr("The secret on standard input is not UTF-8 text."));
    return text;
}

Result<QString> SecretInput::readFromStdin(const QString &prompt)
{
    using R = Result<QString>;
    QByteArray bytes;
#ifdef Q_OS_UNIX
    if (::isatty(STDIN_FILENO)) {
        termios saved {};
        const bool haveTerminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
        if (haveTerminal) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            quiet.c_lflag |= ECHONL;
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        const bool ok = readFd(STDIN_FILENO, &bytes, MaxBytes, true);
        if (haveTerminal)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        if (!ok) {
            wipe(bytes);
            return R::failure(tr("Could not read the secret from the terminal."));
        }
        return fromBytes(std::move(bytes));
    }
    if (!readFd(STDIN_FILENO, &bytes, MaxBytes, false)) {
        wipe(bytes);
        return R::failure(tr("Could not read the secret from standard input."));
    }
#else
    Q_UNUSED(prompt)
    // No echo control here yet: read what is piped in.
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0 && bytes.size() <= MaxBytes)
        bytes.append(buffer, static_cast<qsizetype>(n));
    std::fill(std::begin(buffer), std::end(buffer), '\0');
#endif
    return fromBytes(std::move(bytes));
}
