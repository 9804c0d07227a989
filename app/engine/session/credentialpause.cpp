#include "session/credentialpause.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

CredentialPause::CredentialPause(const QString &configDir, const QUuid &account)
    : m_path(QDir(configDir).filePath(u"locks/"_s + account.toString(QUuid::WithoutBraces) + u".rejected"_s))
{ }

QDateTime CredentialPause::pausedUntil(const QDateTime &now) const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QDateTime rejectedAt
        = QDateTime::fromString(QString::fromLatin1(file.read(64)).trimmed(), Qt::ISODate);
    // A time in the future means a clock that went back: do not pause forever.
    if (!rejectedAt.isValid() || rejectedAt > now.addSecs(60))
        return {};
    const QDateTime until = rejectedAt.addSecs(PauseSeconds);
    return until > now ? until : QDateTime();
}

void CredentialPause::start(const QDateTime &now)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(now.toUTC().toString(Qt::ISODate).toLatin1() + '\n');
        file.commit();
    }
}

void CredentialPause::clear()
{
    QFile::remove(m_path);
}
