// AccountStore::load() on an arbitrary accounts file. A file it accepts must
// survive a save and a second load unchanged.
#include "accounts/accountstore.h"
#include "fuzzsupport.h"

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = fuzz::scratch().freshFile(u"accounts.json"_s, data, size);

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
