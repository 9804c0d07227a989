#include "session/credentialpause.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
const QByteArray LockedPrefix = "locked-until ";
}

CredentialPause::CredentialPause(const QString &configDir, const QUuid &account)
    : m_path(QDir(configDir).filePath(u"locks/"_s + account.toString(QUuid::WithoutBraces) + u".rejected"_s))
{ }

CredentialPause::Contents CredentialPause::read(const QDateTime &now) const
{
    Contents contents;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return contents;
    // A time in the future means a clock that went back: do not pause forever.
    const QDateTime latest = now.addSecs(60);
    const QList<QByteArray> lines = file.read(4096).split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        const bool locked = line.startsWith(LockedPrefix);
        const QDateTime t = QDateTime::fromString(
            QString::fromLatin1(locked ? line.mid(LockedPrefix.size()) : line), Qt::ISODate);
        if (!t.isValid())
            continue;
        if (locked) {
            // A lock is at most a day long, whatever the file says.
            if (t > now && t <= now.addSecs(24 * 60 * 60))
                contents.lockedUntil = t;
        } else if (t <= latest && t.addSecs(PauseSeconds) > now) {
            contents.rejections.append(t);
        }
    }
    std::sort(contents.rejections.begin(), contents.rejections.end());
    return contents;
}

void CredentialPause::write(const Contents &contents) const
{
    if (contents.rejections.isEmpty() && !contents.lockedUntil.isValid()) {
        QFile::remove(m_path);
        return;
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QByteArray data;
    for (const QDateTime &t : contents.rejections)
        data += t.toUTC().toString(Qt::ISODate).toLatin1() + '\n';
    if (contents.lockedUntil.isValid())
        data += LockedPrefix + contents.lockedUntil.toUTC().toString(Qt::ISODate).toLatin1() + '\n';
    QSaveFile file(m_path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(data);
        file.commit();
    }
}

QDateTime CredentialPause::pausedUntil(const QDateTime &now) const
{
    const Contents contents = read(now);
    QDateTime until = contents.lockedUntil;
    if (!contents.rejections.isEmpty()) {
        const QDateTime afterLast = contents.rejections.constLast().addSecs(PauseSeconds);
        if (!until.isValid() || afterLast > until)
            until = afterLast;
    }
    return until.isValid() && until > now ? until : QDateTime();
}

QDateTime CredentialPause::lockedUntil(const QDateTime &now) const
{
    return read(now).lockedUntil;
}

QDateTime CredentialPause::firstRejection(const QDateTime &now) const
{
    const Contents contents = read(now);
    return contents.rejections.isEmpty() ? QDateTime() : contents.rejections.constFirst();
}

void CredentialPause::start(const QDateTime &now)
{
    Contents contents = read(now);
    contents.rejections.append(now.toUTC());
    write(contents);
}

void CredentialPause::lock(const QDateTime &now, const QDateTime &until)
{
    Contents contents = read(now);
    if (!contents.lockedUntil.isValid() || until > contents.lockedUntil)
        contents.lockedUntil = until.toUTC();
    write(contents);
}

void CredentialPause::clear()
{
    QFile::remove(m_path);
}

void CredentialPause::clearRejections(const QDateTime &now)
{
    Contents contents = read(now);
    contents.rejections.clear();
    write(contents);
}
