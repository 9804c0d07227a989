#include "platform/corruptfile.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

QString CorruptFile::asideName(const QString &path, const QDateTime &now)
{
    const QString stem = path + u".corrupt-"_s + now.toString(u"yyyyMMdd-HHmmss"_s);
    QString aside = stem;
    for (int n = 2; QFileInfo::exists(aside) || QFileInfo(aside).isSymLink(); ++n)
        aside = stem + u'-' + QString::number(n);
    return aside;
}

Result<QString> CorruptFile::moveAside(const QString &path, const QDateTime &now)
{
    const QString aside = asideName(path, now);
    QFile file(path);
    if (!file.rename(aside))
        return Result<QString>::failure(file.errorString());
    return aside;
}
