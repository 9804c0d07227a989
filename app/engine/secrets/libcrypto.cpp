#include "secrets/libcrypto.h"

#include <QCoreApplication>
#include <QLibrary>

#include <memory>

namespace {

struct Loaded
{
    std::unique_ptr<LibCrypto> functions;
    QString error;
};

Loaded load()
{
    Loaded loaded;
    // Never unloaded: the functions stay valid for the life of the process.
    QLibrary library(QStringLiteral("crypto"), QStringLiteral(TOKENTRAY_LIBCRYPTO_VERSION));
    if (!library.load()) {
        loaded.error = QCoreApplication::translate("LibCrypto", "OpenSSL's libcrypto could not be loaded: %1")
                           .arg(library.errorString());
        return loaded;
    }
    auto functions = std::make_unique<LibCrypto>();
    bool complete = true;
    const auto resolve = [&library, &complete, &loaded](auto &pointer, const char *name) {
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(library.resolve(name));
        if (!pointer && complete) {
            complete = false;
            loaded.error = QCoreApplication::translate("LibCrypto", "OpenSSL's libcrypto has no function %1.")
                               .arg(QString::fromLatin1(name));
        }
    };
    resolve(functions->ctxNew, "BN_CTX_new");
    resolve(functions->ctxFree, "BN_CTX_free");
    resolve(functions->bnNew, "BN_new");
    resolve(functions->bnFree, "BN_free");
    resolve(functions->bnClearFree, "BN_clear_free");
    resolve(functions->rfc2409Prime1024, "BN_get_rfc2409_prime_1024");
    resolve(functions->bnRand, "BN_rand");
    resolve(functions->bnSetWord, "BN_set_word");
    resolve(functions->bnModExp, "BN_mod_exp");
    resolve(functions->bnToBinPad, "BN_bn2binpad");
    resolve(functions->bnFromBin, "BN_bin2bn");
    resolve(functions->bnIsZero, "BN_is_zero");
    resolve(functions->aes128Cbc, "EVP_aes_128_cbc");
    resolve(functions->cipherCtxNew, "EVP_CIPHER_CTX_new");
    resolve(functions->cipherCtxFree, "EVP_CIPHER_CTX_free");
    resolve(functions->decryptInit, "EVP_DecryptInit_ex");
    resolve(functions->decryptUpdate, "EVP_DecryptUpdate");
    resolve(functions->decryptFinal, "EVP_DecryptFinal_ex");
    resolve(functions->cleanse, "OPENSSL_cleanse");
    if (complete)
        loaded.functions = std::move(functions);
    return loaded;
}

} // namespace

const LibCrypto *LibCrypto::instance(QString *error)
{
    // A function-local static: initialised once, thread-safe.
    static const Loaded loaded = load();
    if (error)
        *error = loaded.error;
    return loaded.functions.get();
}
