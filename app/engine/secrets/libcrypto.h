#pragma once

#include <QString>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

// The few functions of OpenSSL's libcrypto that the Secret Service's
// encrypted session needs (secretservicebatch), loaded when a session is
// first opened rather than linked. libcrypto is a large library: loading it
// at start cost every command about 0.6 ms, and most commands (those the
// running window answers, --help, --version) never open a session.
//
// The declarations come from OpenSSL's own headers, so a signature that does
// not match is a compile error, not a crash.
struct LibCrypto
{
    decltype(&::BN_CTX_new) ctxNew = nullptr;
    decltype(&::BN_CTX_free) ctxFree = nullptr;
    decltype(&::BN_new) bnNew = nullptr;
    decltype(&::BN_free) bnFree = nullptr;
    decltype(&::BN_clear_free) bnClearFree = nullptr;
    decltype(&::BN_get_rfc2409_prime_1024) rfc2409Prime1024 = nullptr;
    decltype(&::BN_rand) bnRand = nullptr;
    decltype(&::BN_set_word) bnSetWord = nullptr;
    decltype(&::BN_mod_exp) bnModExp = nullptr;
    decltype(&::BN_bn2binpad) bnToBinPad = nullptr;
    decltype(&::BN_bin2bn) bnFromBin = nullptr;
    decltype(&::BN_is_zero) bnIsZero = nullptr;
    decltype(&::EVP_aes_128_cbc) aes128Cbc = nullptr;
    decltype(&::EVP_CIPHER_CTX_new) cipherCtxNew = nullptr;
    decltype(&::EVP_CIPHER_CTX_free) cipherCtxFree = nullptr;
    decltype(&::EVP_DecryptInit_ex) decryptInit = nullptr;
    decltype(&::EVP_DecryptUpdate) decryptUpdate = nullptr;
    decltype(&::EVP_DecryptFinal_ex) decryptFinal = nullptr;
    decltype(&::OPENSSL_cleanse) cleanse = nullptr;

    // Loaded once per process, on first use, from any thread; nullptr when
    // the library or one of its functions is missing (error then says why).
    static const LibCrypto *instance(QString *error = nullptr);
};
