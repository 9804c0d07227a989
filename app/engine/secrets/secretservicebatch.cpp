#include "secrets/secretservicebatch.h"

#include "secrets/keychainerrors.h"
#include "secrets/libcrypto.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QMap>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace {

const QString secretsService = u"org.freedesktop.secrets"_s;
const QString secretsPath = u"/org/freedesktop/secrets"_s;
const QString serviceInterface = u"org.freedesktop.Secret.Service"_s;
const QString algorithm = u"dh-ietf1024-sha256-aes128-cbc-pkcs7"_s;
constexpr int primeBytes = 128; // the 1024-bit MODP group of RFC 2409

std::optional<SecretKind> kindFromKey(QStringView key)
{
    for (SecretKind kind : { SecretKind::Password, SecretKind::ClientSecret, SecretKind::RefreshToken,
                             SecretKind::AccessToken, SecretKind::PastedToken }) {
        if (key == secretKindKey(kind))
            return kind;
    }
    return std::nullopt;
}

} // namespace

// The client half of the session's Diffie-Hellman exchange and the AES key it
// yields. Without libcrypto (lib is null) every step fails, and the caller
// reads entry by entry.
struct SecretServiceBatch::Crypto
{
    const LibCrypto *lib = LibCrypto::instance();
    BIGNUM *prime = nullptr;
    BIGNUM *privateKey = nullptr;
    BN_CTX *context = nullptr;
    QByteArray key; // AES-128

    Crypto()
    {
        if (!lib)
            return;
        context = lib->ctxNew();
        prime = lib->rfc2409Prime1024(nullptr);
        privateKey = lib->bnNew();
    }
    ~Crypto()
    {
        if (!lib)
            return;
        lib->bnClearFree(privateKey);
        lib->bnFree(prime);
        lib->ctxFree(context);
        wipe(key);
    }
    Crypto(const Crypto &) = delete;
    Crypto &operator=(const Crypto &) = delete;

    void wipe(QByteArray &bytes, qsizetype from = 0) const
    {
        if (lib && bytes.size() > from)
            lib->cleanse(bytes.data() + from, size_t(bytes.size() - from));
    }

    // g^x mod p for a fresh random x, big-endian; empty on failure.
    QByteArray publicKey()
    {
        if (!lib || !prime || !privateKey || !context
            || !lib->bnRand(privateKey, primeBytes * 8, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
            return {};
        BIGNUM *generator = lib->bnNew();
        BIGNUM *pub = lib->bnNew();
        QByteArray out;
        if (generator && pub && lib->bnSetWord(generator, 2)
            && lib->bnModExp(pub, generator, privateKey, prime, context)) {
            out.resize(primeBytes);
            if (lib->bnToBinPad(pub, reinterpret_cast<unsigned char *>(out.data()), primeBytes) != primeBytes)
                out.clear();
        }
        lib->bnFree(pub);
        lib->bnFree(generator);
        return out;
    }

    // The shared secret with the service's public key, then HKDF-SHA256
    // (no salt, no info) to 16 bytes.
    bool deriveKey(const QByteArray &peer)
    {
        if (!lib)
            return false;
        BIGNUM *peerKey = lib->bnFromBin(reinterpret_cast<const unsigned char *>(peer.constData()),
                                         int(peer.size()), nullptr);
        BIGNUM *shared = lib->bnNew();
        QByteArray ikm(primeBytes, '\0');
        const bool ok = peerKey && shared && !lib->bnIsZero(peerKey)
            && lib->bnModExp(shared, peerKey, privateKey, prime, context)
            && lib->bnToBinPad(shared, reinterpret_cast<unsigned char *>(ikm.data()), primeBytes)
                == primeBytes;
        lib->bnClearFree(shared);
        lib->bnFree(peerKey);
        if (!ok)
            return false;
        const QByteArray prk
            = QMessageAuthenticationCode::hash(ikm, QByteArray(32, '\0'), QCryptographicHash::Sha256);
        key = QMessageAuthenticationCode::hash(QByteArray(1, '\x01'), prk, QCryptographicHash::Sha256)
                  .left(16);
        wipe(ikm);
        return true;
    }

    std::optional<QByteArray> decrypt(const QByteArray &iv, const QByteArray &cipher) const
    {
        if (!lib || key.size() != 16 || iv.size() != 16 || cipher.isEmpty() || cipher.size() % 16 != 0)
            return std::nullopt;
        EVP_CIPHER_CTX *ctx = lib->cipherCtxNew();
        QByteArray plain(cipher.size() + 16, '\0');
        int written = 0;
        int tail = 0;
        const bool ok = ctx
            && lib->decryptInit(ctx, lib->aes128Cbc(), nullptr,
                                reinterpret_cast<const unsigned char *>(key.constData()),
                                reinterpret_cast<const unsigned char *>(iv.constData()))
            && lib->decryptUpdate(ctx, reinterpret_cast<unsigned char *>(plain.data()), &written,
                                  reinterpret_cast<const unsigned char *>(cipher.constData()),
                                  int(cipher.size()))
            && lib->decryptFinal(ctx, reinterpret_cast<unsigned char *>(plain.data()) + written, &tail);
        lib->cipherCtxFree(ctx);
        if (!ok) {
            wipe(plain);
            return std::nullopt;
        }
        wipe(plain, written + tail);
        plain.truncate(written + tail);
        return plain;
    }
};

SecretServiceBatch::SecretServiceBatch(const QString &service, const QString &nameSpace,
                                       const QList<SecretKind> &kinds, int expectedEntries, int timeoutMs,
                                       QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_namespace(nameSpace)
    , m_kinds(kinds)
    , m_expectedEntries(expectedEntries)
    , m_crypto(std::make_unique<Crypto>())
{
    // a{ss} (attributes) and ao (item paths) go out as arguments.
    static const bool registered = [] {
        qDBusRegisterMetaType<QMap<QString, QString>>();
        qDBusRegisterMetaType<QList<QDBusObjectPath>>();
        return true;
    }();
    Q_UNUSED(registered);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { fail(tr("The Secret Service did not answer in time.")); });
}

SecretServiceBatch::SecretServiceBatch(const QString &service, const QString &nameSpace,
                                       const QList<SecretKind> &kinds, const QList<QUuid> &accounts,
                                       int timeoutMs, QObject *parent)
    : SecretServiceBatch(service, nameSpace, kinds, 0, timeoutMs, parent)
{
    m_accounts = accounts;
}

SecretServiceBatch::~SecretServiceBatch()
{
    m_batch.wipe();
}

void SecretServiceBatch::start(Done done)
{
    m_done = std::move(done);
    if (m_timeout.interval() > 0)
        m_timeout.start();
    QTimer::singleShot(0, this, &SecretServiceBatch::openSession);
}

void SecretServiceBatch::openSession()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    QString cryptoError;
    if (!LibCrypto::instance(&cryptoError)) {
        fail(cryptoError);
        return;
    }
    const QByteArray publicKey = m_crypto->publicKey();
    if (!bus.isConnected() || publicKey.isEmpty()) {
        fail(tr("No Secret Service session could be opened."));
        return;
    }
    QDBusMessage call
        = QDBusMessage::createMethodCall(secretsService, secretsPath, serviceInterface, u"OpenSession"_s);
    call << algorithm << QVariant::fromValue(QDBusVariant(publicKey));
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
            fail(tr("The Secret Service refused an encrypted session."));
            return;
        }
        const QByteArray peer = reply.arguments().at(0).value<QDBusVariant>().variant().toByteArray();
        m_session = reply.arguments().at(1).value<QDBusObjectPath>();
        if (m_session.path().isEmpty() || !m_crypto->deriveKey(peer)) {
            fail(tr("The Secret Service refused an encrypted session."));
            return;
        }
        if (m_accounts.isEmpty())
            search();
        else
            searchAccounts();
    });
}

void SecretServiceBatch::searchItems(const QMap<QString, QString> &attributes,
                                     std::function<void(const QList<QDBusObjectPath> &unlocked)> found)
{
    QDBusMessage call
        = QDBusMessage::createMethodCall(secretsService, secretsPath, serviceInterface, u"SearchItems"_s);
    call << QVariant::fromValue(attributes);
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, found = std::move(found)](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (m_finished)
                    return;
                const QDBusMessage reply = w->reply();
                if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
                    fail(tr("The Secret Service could not be searched."));
                    return;
                }
                const auto locked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(1));
                if (!locked.isEmpty()) {
                    // Unlocking may need the user: that is read()'s business.
                    fail(KeychainErrors::messageFor(SecretError::Locked));
                    return;
                }
                found(qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(0)));
            });
}

void SecretServiceBatch::searchAccounts()
{
    m_searchesPending = int(m_accounts.size() * m_kinds.size());
    if (m_searchesPending == 0) {
        fail(tr("None of the entries was found at once; they are read one by one."));
        return;
    }
    for (const QUuid &account : std::as_const(m_accounts)) {
        for (SecretKind kind : std::as_const(m_kinds)) {
            QMap<QString, QString> attributes;
            attributes.insert(u"server"_s, m_service);
            attributes.insert(u"user"_s,
                              m_namespace + u'/' + account.toString(QUuid::WithoutBraces) + u'/'
                                  + secretKindKey(kind));
            searchItems(attributes, [this, account, kind](const QList<QDBusObjectPath> &unlocked) {
                // One entry per key; should there be more, read() decides which counts.
                if (unlocked.size() > 1) {
                    fail(tr("The keychain holds more than one entry of the same name."));
                    return;
                }
                if (unlocked.size() == 1)
                    m_items.append({ unlocked.first(), account, kind });
                if (--m_searchesPending > 0)
                    return;
                if (m_items.isEmpty()) {
                    fail(tr("None of the entries was found at once; they are read one by one."));
                    return;
                }
                readSecrets();
            });
        }
    }
}

void SecretServiceBatch::search()
{
    QMap<QString, QString> attributes;
    attributes.insert(u"server"_s, m_service);
    searchItems(attributes, [this](const QList<QDBusObjectPath> &unlocked) {
        // Each item found is described by one request of its own; when the
        // keyring holds many more of the service's items than are wanted,
        // reading the wanted ones directly is cheaper.
        if (m_expectedEntries > 0 && unlocked.size() > 4 * qsizetype(m_expectedEntries) + 32) {
            fail(tr("The keychain holds many more entries than are wanted; they are read one by one."));
            return;
        }
        readAttributes(unlocked);
    });
}

void SecretServiceBatch::readAttributes(const QList<QDBusObjectPath> &items)
{
    if (items.isEmpty()) {
        finish();
        return;
    }
    // One request per item, all sent at once: the bus carries them in a row,
    // not one round trip after the other.
    m_attributesPending = int(items.size());
    const QString prefix = m_namespace + u'/';
    for (const QDBusObjectPath &item : items) {
        QDBusMessage call = QDBusMessage::createMethodCall(secretsService, item.path(),
                                                           u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
        call << u"org.freedesktop.Secret.Item"_s << u"Attributes"_s;
        auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this, item, prefix](QDBusPendingCallWatcher *w) {
                    w->deleteLater();
                    if (m_finished)
                        return;
                    const QDBusMessage reply = w->reply();
                    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
                        fail(tr("The Secret Service did not describe one of its items."));
                        return;
                    }
                    const QVariant value = reply.arguments().at(0).value<QDBusVariant>().variant();
                    const auto attributes = qdbus_cast<QMap<QString, QString>>(value);
                    const QString key = attributes.value(u"user"_s);
                    if (attributes.value(u"server"_s) == m_service && key.startsWith(prefix)) {
                        // "<namespace>/<account id>/<kind>"
                        const QStringView rest = QStringView(key).mid(prefix.size());
                        const qsizetype slash = rest.indexOf(u'/');
                        const QUuid account = slash > 0 ? QUuid::fromString(rest.left(slash)) : QUuid();
                        const auto kind = slash > 0 ? kindFromKey(rest.mid(slash + 1)) : std::nullopt;
                        if (!account.isNull() && kind && m_kinds.contains(*kind))
                            m_items.append({ item, account, *kind });
                    }
                    if (--m_attributesPending == 0)
                        readSecrets();
                });
    }
}

void SecretServiceBatch::readSecrets()
{
    if (m_items.isEmpty()) {
        finish();
        return;
    }
    QList<QDBusObjectPath> paths;
    paths.reserve(m_items.size());
    for (const Item &item : std::as_const(m_items))
        paths.append(item.path);
    QDBusMessage call
        = QDBusMessage::createMethodCall(secretsService, secretsPath, serviceInterface, u"GetSecrets"_s);
    call << QVariant::fromValue(paths) << QVariant::fromValue(m_session);
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        if (m_finished)
            return;
        const QDBusMessage reply = w->reply();
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
            fail(tr("The Secret Service did not hand out the stored secrets."));
            return;
        }
        QHash<QString, const Item *> byPath;
        for (const Item &item : std::as_const(m_items))
            byPath.insert(item.path.path(), &item);
        // a{o(oayays)}: item -> (session, parameters = IV, value, content type)
        const QDBusArgument map = reply.arguments().at(0).value<QDBusArgument>();
        bool broken = false;
        map.beginMap();
        while (!map.atEnd()) {
            QDBusObjectPath path, session;
            QByteArray iv, cipher;
            QString contentType;
            map.beginMapEntry();
            map >> path;
            map.beginStructure();
            map >> session >> iv >> cipher >> contentType;
            map.endStructure();
            map.endMapEntry();
            const Item *item = byPath.value(path.path());
            if (!item)
                continue;
            std::optional<QByteArray> plain = m_crypto->decrypt(iv, cipher);
            m_crypto->wipe(cipher);
            if (!plain) {
                broken = true;
                continue;
            }
            m_batch.insert(item->account, item->kind, QString::fromUtf8(*plain));
            m_crypto->wipe(*plain);
        }
        map.endMap();
        if (broken) {
            fail(tr("A secret from the Secret Service could not be decrypted."));
            return;
        }
        finish();
    });
}

void SecretServiceBatch::fail(const QString &message)
{
    if (m_finished)
        return;
    m_batch.wipe();
    m_batch.status.error = SecretError::Other;
    m_batch.status.message = message;
    finish();
}

void SecretServiceBatch::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    closeSession();
    if (m_done)
        m_done(m_batch);
    m_batch.wipe();
    deleteLater();
}

void SecretServiceBatch::closeSession()
{
    if (m_session.path().isEmpty() || m_session.path() == u"/")
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(secretsService, m_session.path(),
                                                       u"org.freedesktop.Secret.Session"_s, u"Close"_s);
    QDBusConnection::sessionBus().asyncCall(call);
}
