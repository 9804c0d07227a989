// AccountStore::load() on an arbitrary accounts file. A file it accepts must
// survive a save and a second load unchanged.
#include "accounts/accountstore.h"
#include "fuzzsupport.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace {
const fuzz::ScratchDir &scratch()
{
    static const fuzz::ScratchDir dir;
    return dir;
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    scratch().clear();
    const QString path = scratch().filePath(u"accounts.json"_s);
    {
        QFile file(path);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly));
        FUZZ_CHECK(file.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size))
                   == static_cast<qint64>(size));
    }

    AccountStore store(path);
    const Status loaded = store.load();
    FUZZ_CHECK(loaded || !store.loadProblem().isEmpty());
    if (!loaded || store.isReadOnly() || store.accounts().isEmpty())
        return 0;

    // Accepted: saving what was read and reading it again gives the same accounts.
    const QList<Account> accounts = store.accounts();
    const Status saved = store.update(accounts.first());
    FUZZ_CHECK(saved);
    AccountStore again(path);
    FUZZ_CHECK(again.load());
    FUZZ_CHECK(again.accounts() == accounts);
    return 0;
}
