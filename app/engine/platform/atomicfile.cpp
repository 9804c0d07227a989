#include "platform/atomicfile.h"

#include <QSaveFile>

Status AtomicFile::write(const QString &path, const QByteArray &bytes,
                         std::optional<QFileDevice::Permissions> permissions)
{
    QSaveFile file(path);
    // Unbuffered: with Qt 6.4's buffered QSaveFile, a write that fails for a
    // full disk is noticed too late, and commit() still renames the empty
    // temporary file over the old one and reports success.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Status::failure(file.errorString());
    if (permissions && !file.setPermissions(*permissions)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return Status::failure(reason);
    }
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return Status::failure(reason);
    }
    if (!file.commit())
        return Status::failure(file.errorString());
    return Status::success();
}
