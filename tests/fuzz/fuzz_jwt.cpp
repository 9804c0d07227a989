// Jwt::decode on arbitrary text: as UTF-8 and byte for byte as Latin-1.
#include "fuzzsupport.h"
#include "providers/jwt.h"

namespace {
void decode(const QString &token)
{
    const auto jwt = Jwt::decode(token);
    if (!jwt)
        return;
    FUZZ_CHECK(token.trimmed().count(u'.') == 2);
    for (const auto &date : { jwt->expiresAt(), jwt->issuedAt(), jwt->notBefore() }) {
        if (date) {
            FUZZ_CHECK(date->isValid());
            FUZZ_CHECK(date->toMSecsSinceEpoch() >= 0);
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    decode(QString::fromUtf8(bytes));
    decode(QString::fromLatin1(bytes));
    return 0;
}
