#pragma once

#include "audit/accesslogentry.h"
#include "base/result.h"

#include <QList>
#include <QObject>
#include <QString>

// The access log: every token handed to another process, one JSON line each
// (AccessLogEntry), in a file of the user's data folder that only the user
// may read (0600). The window and headless command-line processes append to
// the same file.
//
// An append is one write() on a file opened with O_APPEND, under a shared
// flock(): lines of concurrent writers never mix, and nothing is rewritten.
// Once the file grows past trimAboveBytes, the writer that noticed takes the
// exclusive lock and replaces the file (AtomicFile) with its newest entries,
// at most maxEntries and half of trimAboveBytes (but always the newest); a
// writer that opened the old file meanwhile notices the swap and opens the new
// one. read() never returns more than maxEntries. No lock is waited for longer
// than two seconds (a writer stopped in the middle of a trim), so the window
// never hangs on the log.
//
// A damaged or half-written line is skipped when reading. When the log cannot
// be written, append() says why and the hand-off goes ahead anyway: the log is
// a record for the user, not a gate (see docs/SECURITY.md). The failure is
// reported once per process with qWarning().
class AccessLog : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxEntries = 1000;
    static constexpr qint64 DefaultTrimAboveBytes = 512 * 1024;

    explicit AccessLog(QString path, QObject *parent = nullptr);
    ~AccessLog() override;

    // access-log.jsonl in QStandardPaths::AppDataLocation.
    static QString defaultPath();
    QString path() const { return m_path; }

    // For tests; the defaults otherwise.
    void setLimits(int maxEntries, qint64 trimAboveBytes);
    int maxEntries() const { return m_maxEntries; }

    // Appends one entry; appended() follows at once on success.
    Status append(const AccessLogEntry &entry);

    // The newest `limit` entries (maxEntries when limit <= 0, and never
    // more), oldest first. A missing file is an empty log.
    QList<AccessLogEntry> read(int limit = 0) const;

Q_SIGNALS:
    void appended(const AccessLogEntry &entry);

private:
    Status write(const QByteArray &line, qint64 *sizeAfter);
    void trim();
    void warnOnce(const QString &message);

    QString m_path;
    int m_maxEntries = DefaultMaxEntries;
    qint64 m_trimAboveBytes = DefaultTrimAboveBytes;
    bool m_warned = false;
};
