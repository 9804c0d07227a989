#include "cli/tokenfile.h"

#include "platform/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <limits>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TokenFile", text);
}

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerFolder
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions Others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
// The folder's name carries the pid of the process that keeps it.
const QString FolderPrefix = u"tokentray-exec-"_s;
} // namespace

int TokenFile::removeLeftovers(const QString &runtimeDir)
{
    int removed = 0;
#ifdef Q_OS_UNIX
    static const QRegularExpression name(u"^tokentray-exec-([0-9]+)-[A-Za-z0-9]{6}$"_s);
    const QFileInfoList entries
        = QDir(runtimeDir)
              .entryInfoList({ FolderPrefix + u'*' },
                             QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks);
    for (const QFileInfo &entry : entries) {
        const QRegularExpressionMatch m = name.match(entry.fileName());
        if (!m.hasMatch() || entry.ownerId() != ::getuid())
            continue;
        bool ok = false;
        const qint64 pid = m.captured(1).toLongLong(&ok);
        if (!ok || pid <= 0 || pid == ::getpid() || pid > std::numeric_limits<pid_t>::max())
            continue;
        // Gone (ESRCH): its token file outlived it, killed before it could
        // clean up. A live process, or one we may not signal, keeps its folder.
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
            continue;
        if (QDir(entry.absoluteFilePath()).removeRecursively())
            ++removed;
    }
#else
    Q_UNUSED(runtimeDir);
#endif
    return removed;
}

Result<std::unique_ptr<TokenFile>> TokenFile::create(const QString &runtimeDir)
{
    using R = Result<std::unique_ptr<TokenFile>>;
    if (runtimeDir.isEmpty())
        return R::failure(tr("XDG_RUNTIME_DIR is not set: --token-file keeps the token only in the "
                             "user's private runtime directory."));
    const QFileInfo info(runtimeDir);
    if (info.isRelative())
        return R::failure(tr("XDG_RUNTIME_DIR (%1) is not an absolute path.").arg(runtimeDir));
    if (!info.isDir())
        return R::failure(tr("XDG_RUNTIME_DIR (%1) is not a directory.").arg(runtimeDir));
#ifdef Q_OS_UNIX
    if (info.ownerId() != ::getuid())
        return R::failure(tr("XDG_RUNTIME_DIR (%1) belongs to another user.").arg(runtimeDir));
#endif
    if (info.permissions() & Others)
        return R::failure(tr("XDG_RUNTIME_DIR (%1) is open to other users.").arg(runtimeDir));

    removeLeftovers(runtimeDir);
    auto dir = std::make_unique<QTemporaryDir>(
        QDir(runtimeDir)
            .filePath(FolderPrefix + QString::number(QCoreApplication::applicationPid()) + u"-XXXXXX"_s));
    if (!dir->isValid())
        return R::failure(tr("Cannot create a private directory in XDG_RUNTIME_DIR (%1): %2")
                              .arg(runtimeDir, dir->errorString()));
    // mkdtemp() makes it 0700 already; say so rather than rely on it.
    if (!QFile::setPermissions(dir->path(), OwnerFolder))
        return R::failure(tr("Cannot make %1 private.").arg(dir->path()));
    return std::unique_ptr<TokenFile>(new TokenFile(std::move(dir)));
}

TokenFile::TokenFile(std::unique_ptr<QTemporaryDir> dir)
    : m_dir(std::move(dir))
    , m_path(m_dir->filePath(u"token"_s))
{ }

TokenFile::~TokenFile()
{
    remove();
}

Status TokenFile::write(const QString &token)
{
    if (!m_dir)
        return Status::failure(tr("The token file was removed."));
    QByteArray bytes = token.toUtf8();
    const Status written = AtomicFile::write(m_path, bytes, OwnerOnly);
    bytes.fill('\0');
    if (!written)
        return Status::failure(tr("Cannot write the token file %1: %2").arg(m_path, written.error()));
    return Status::success();
}

void TokenFile::remove()
{
    if (!m_dir)
        return;
    QFile::remove(m_path);
    m_dir.reset(); // removes the folder and anything a reader left in it
}
