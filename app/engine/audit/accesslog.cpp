#include "audit/accesslog.h"

#include "platform/atomicfile.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes the descriptor (and so releases its flock) when it goes.
class Descriptor
{
public:
    explicit Descriptor(int fd)
        : m_fd(fd)
    { }
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// A trim holds the lock for milliseconds; a holder that was stopped (SIGSTOP)
// must not hang the window, so the wait is bounded.
constexpr int LockWaitMs = 2000;

bool lock(int fd, int operation)
{
    QDeadlineTimer deadline(LockWaitMs);
    for (;;) {
        if (::flock(fd, operation | LOCK_NB) == 0)
            return true;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return false;
        if (deadline.hasExpired()) {
            errno = ETIMEDOUT;
            return false;
        }
        QThread::msleep(2);
    }
}

// True while fd is still the file at path (no trim replaced it meanwhile).
bool isCurrent(int fd, const QByteArray &path)
{
    struct stat opened
    {
    };
    struct stat named
    {
    };
    return ::fstat(fd, &opened) == 0 && ::stat(path.constData(), &named) == 0 && opened.st_ino == named.st_ino
        && opened.st_dev == named.st_dev;
}

QByteArray readAll(int fd)
{
    QByteArray bytes;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes.append(buffer, n);
    }
    return bytes;
}

// The complete lines that hold an entry, in file order. A last line without
// its newline is a write still under way or one that was cut short; the
// entry appended after a line cut short is found at the end of that line
// (compact JSON starts every entry with {"accountId").
QList<QByteArray> validLines(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = bytes.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArray line = bytes.mid(start, newline - start);
        start = newline + 1;
        if (AccessLogEntry::fromLine(line)) {
            lines.append(line);
            continue;
        }
        const qsizetype last = line.lastIndexOf("{\"accountId\"");
        if (last > 0 && AccessLogEntry::fromLine(line.mid(last)))
            lines.append(line.mid(last));
    }
    return lines;
}
} // namespace

AccessLog::AccessLog(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{ }

AccessLog::~AccessLog() = default;

QString AccessLog::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"access-log.jsonl"_s);
}

void AccessLog::setLimits(int maxEntries, qint64 trimAboveBytes)
{
    m_maxEntries = std::max(1, maxEntries);
    m_trimAboveBytes = std::max<qint64>(1, trimAboveBytes);
}

Status AccessLog::append(const AccessLogEntry &entry)
{
    qint64 size = 0;
    const Status written = write(entry.toLine(), &size);
    if (!written) {
        warnOnce(written.error());
        return written;
    }
    if (size > m_trimAboveBytes)
        trim();
    Q_EMIT appended(entry);
    return written;
}

Status AccessLog::write(const QByteArray &line, qint64 *sizeAfter)
{
    const auto failure = [this](const QString &reason) {
        return Status::failure(tr("Cannot write the access log %1: %2").arg(m_path, reason));
    };
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir))
            return failure(tr("cannot create its folder"));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    const QByteArray path = QFile::encodeName(m_path);
    // A trim may replace the file between open() and flock(): then again.
    for (int attempt = 0; attempt < 100; ++attempt) {
        Descriptor fd(::open(path.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (fd.get() < 0)
            return failure(systemError(errno));
        if (!lock(fd.get(), LOCK_SH))
            return failure(systemError(errno));
        if (!isCurrent(fd.get(), path))
            continue;
        struct stat info
        {
        };
        if (::fstat(fd.get(), &info) != 0)
            return failure(systemError(errno));
        if ((info.st_mode & 0777) != 0600)
            ::fchmod(fd.get(), 0600);
        ssize_t n = 0;
        do {
            n = ::write(fd.get(), line.constData(), static_cast<size_t>(line.size()));
        } while (n < 0 && errno == EINTR);
        if (n != line.size()) {
            const int error = n < 0 ? errno : ENOSPC;
            return failure(systemError(error));
        }
        *sizeAfter = ::lseek(fd.get(), 0, SEEK_END);
        return Status::success();
    }
    return failure(tr("the file kept changing"));
}

void AccessLog::trim()
{
    const QByteArray path = QFile::encodeName(m_path);
    Descriptor fd(::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0 || !lock(fd.get(), LOCK_EX))
        return;
    // Another writer trimmed it while this one waited for the lock.
    struct stat info
    {
    };
    if (!isCurrent(fd.get(), path) || ::fstat(fd.get(), &info) != 0 || info.st_size <= m_trimAboveBytes)
        return;
    const QList<QByteArray> lines = validLines(readAll(fd.get()));
    QList<QByteArray> kept;
    qint64 bytes = 0;
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        // The newest entry stays, whatever its size.
        if (!kept.isEmpty() && (kept.size() >= m_maxEntries || bytes + it->size() + 1 > m_trimAboveBytes / 2))
            break;
        bytes += it->size() + 1;
        kept.prepend(*it);
    }
    QByteArray content;
    content.reserve(bytes);
    for (const QByteArray &line : std::as_const(kept))
        content += line + '\n';
    // The lock is held until the new file is in place.
    if (const Status replaced
        = AtomicFile::write(m_path, content, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        !replaced)
        warnOnce(tr("Cannot trim the access log %1: %2").arg(m_path, replaced.error()));
}

QList<AccessLogEntry> AccessLog::read(int limit) const
{
    QList<AccessLogEntry> entries;
    Descriptor fd(::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0)
        return entries;
    const QList<QByteArray> lines = validLines(readAll(fd.get()));
    // Between trims the file holds more than the bound; only the bound counts.
    const int bound = limit > 0 ? std::min(limit, m_maxEntries) : m_maxEntries;
    const qsizetype wanted = std::min<qsizetype>(bound, lines.size());
    entries.reserve(wanted);
    for (qsizetype i = lines.size() - wanted; i < lines.size(); ++i) {
        if (auto entry = AccessLogEntry::fromLine(lines.at(i)))
            entries.append(std::move(*entry));
    }
    return entries;
}

void AccessLog::warnOnce(const QString &message)
{
    if (m_warned)
        return;
    m_warned = true;
    qWarning("%s", qUtf8Printable(message));
}
