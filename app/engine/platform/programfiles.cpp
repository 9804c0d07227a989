#include "platform/programfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
QString firstExecutable(const QStringList &candidates)
{
    for (const QString &candidate : candidates) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    return {};
}
} // namespace

QString ProgramFiles::companionProgram(const QString &dir, const QString &fileName)
{
    const QDir d(dir);
    return firstExecutable({ d.filePath(fileName), d.filePath(u"../libexec/tokentray/"_s + fileName) });
}

QString ProgramFiles::windowProgram(const QString &commandLineDir)
{
    return companionProgram(commandLineDir, QString::fromLatin1(WindowName));
}

QString ProgramFiles::commandLineProgram(const QString &windowDir)
{
    const QDir dir(windowDir);
    const QString name = QString::fromLatin1(CommandLineName);
    return firstExecutable({ dir.filePath(name), dir.filePath(u"../../bin/"_s + name) });
}
