#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

QString secretKindKey(SecretKind kind)
{
    switch (kind) {
    case SecretKind::Password:
        return u"password"_s;
    case SecretKind::ClientSecret:
        return u"client-secret"_s;
    case SecretKind::RefreshToken:
        return u"refresh-token"_s;
    case SecretKind::AccessToken:
        return u"access-token"_s;
    case SecretKind::PastedToken:
        return u"pasted-token"_s;
    }
    return u"unknown"_s;
}

namespace {
constexpr SecretKind allKinds[] = { SecretKind::Password, SecretKind::ClientSecret, SecretKind::RefreshToken,
                                    SecretKind::AccessToken, SecretKind::PastedToken };
constexpr int kindCount = static_cast<int>(std::size(allKinds));

// Shared by the steps of one removeAll() chain.
struct RemoveAllState
{
    QUuid account;
    QPointer<QObject> context;
    bool hadContext = false;
    SecretStore::Callback done;
    SecretResult firstError;
};

void removeAllStep(SecretStore *store, std::shared_ptr<RemoveAllState> state, int index)
{
    if (index == kindCount) {
        // The chain itself runs under the store, so an account deletion is
        // finished even if the caller went away; only the answer is dropped.
        if (state->hadContext && !state->context)
            return;
        if (state->done)
            state->done(state->firstError);
        return;
    }
    store->remove(state->account, allKinds[index], store, [store, state, index](const SecretResult &r) {
        // A kind that was never stored is the normal case, not a failure.
        if (!r.ok() && r.error != SecretError::NotFound && state->firstError.ok()) {
            state->firstError.error = r.error;
            state->firstError.message = r.message;
        }
        removeAllStep(store, state, index + 1);
    });
}
} // namespace

void SecretStore::removeAll(const QUuid &account, QObject *context, Callback done)
{
    auto state = std::make_shared<RemoveAllState>();
    state->account = account;
    state->context = context;
    state->hadContext = context != nullptr;
    state->done = std::move(done);
    removeAllStep(this, std::move(state), 0);
}

std::optional<QString> SecretBatch::value(const QUuid &account, SecretKind kind) const
{
    const auto entries = values.constFind(account);
    if (entries == values.cend())
        return std::nullopt;
    const auto entry = entries->constFind(static_cast<int>(kind));
    if (entry == entries->cend())
        return std::nullopt;
    return *entry;
}

void SecretBatch::insert(const QUuid &account, SecretKind kind, const QString &value)
{
    values[account].insert(static_cast<int>(kind), value);
}

void SecretBatch::wipe()
{
    for (auto &entries : values) {
        for (QString &v : entries)
            v.fill(u'\0');
    }
    values.clear();
}

void SecretStore::readAll(const QList<SecretKind> &kinds, int expectedEntries, QObject *context,
                          BatchCallback done)
{
    Q_UNUSED(kinds);
    Q_UNUSED(expectedEntries);
    refuseBatch(context, std::move(done));
}

void SecretStore::readAccounts(const QList<QUuid> &accounts, const QList<SecretKind> &kinds, QObject *context,
                               BatchCallback done)
{
    Q_UNUSED(accounts);
    Q_UNUSED(kinds);
    refuseBatch(context, std::move(done));
}

void SecretStore::refuseBatch(QObject *context, BatchCallback done)
{
    if (!done)
        return;
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    QMetaObject::invokeMethod(
        this,
        [ctx, hadContext, done = std::move(done)] {
            if (hadContext && !ctx)
                return;
            SecretBatch batch;
            batch.status.error = SecretError::Other;
            batch.status.message
                = QCoreApplication::translate("SecretStore", "This keychain is read entry by entry.");
            done(batch);
        },
        Qt::QueuedConnection);
}
