#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

// Shared by the libFuzzer targets: one QCoreApplication for the whole run,
// Qt's own warnings silenced (the inputs are meant to provoke them), and a
// check that turns a broken invariant into a crash the fuzzer records.
namespace fuzz {

inline void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

inline void initialize(int *argc, char ***argv)
{
    qInstallMessageHandler(quietMessages);
    // Never freed: it lives as long as the fuzzing process.
    static auto *app = new QCoreApplication(*argc, *argv);
    Q_UNUSED(app)
}

// A directory for the file loaders, emptied before each input so that
// moved-aside files do not pile up across millions of runs.
class ScratchDir
{
public:
    ScratchDir()
        : m_dir(std::make_unique<QTemporaryDir>())
    { }
    QString filePath(const QString &name) const { return m_dir->filePath(name); }
    void clear() const
    {
        QDir dir(m_dir->path());
        const QStringList entries = dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
        for (const QString &entry : entries)
            dir.remove(entry);
    }

    // Empties the directory and writes one input as file NAME: its path.
    QString freshFile(const QString &name, const std::uint8_t *data, std::size_t size) const
    {
        clear();
        const QString path = filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size))
                != static_cast<qint64>(size)) {
            std::fprintf(stderr, "cannot write the input to %s\n", qPrintable(path));
            std::abort();
        }
        return path;
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

// The one scratch directory of a target's run.
inline const ScratchDir &scratch()
{
    static const ScratchDir dir;
    return dir;
}

} // namespace fuzz

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition);           \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)
