#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

#include <optional>

// The one way TokenTray replaces a file: the bytes go to a temporary file in
// the same folder, which is renamed over the old one only once every byte is
// on disk. A crash, a full disk or a read-only folder leave the old file
// exactly as it was.
class AtomicFile
{
public:
    // Replaces path with bytes; permissions, when given, are set on the new
    // file before it takes the old one's place. On failure, the reason
    // (the system's words), and nothing changed.
    static Status write(const QString &path, const QByteArray &bytes,
                        std::optional<QFileDevice::Permissions> permissions = std::nullopt);
};
