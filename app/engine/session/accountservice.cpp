#include "session/accountservice.h"

#include "accounts/accountstore.h"
#include "providers/providerregistry.h"
#include "providers/tokenprovider.h"
#include "secrets/keychainmonitor.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"

#include <QCoreApplication>
#include <QPointer>

namespace {

// Answers later, through the event loop, unless the context has died.
void answerLater(QObject *context, AccountService::StatusCallback done, Status status)
{
    if (!done)
        return;
    QObject *receiver = context ? context : QCoreApplication::instance();
    QMetaObject::invokeMethod(
        receiver, [done = std::move(done), status = std::move(status)] { done(status); },
        Qt::QueuedConnection);
}

// The secret an account signs in with: password, client secret, or the token
// a D7 application was given by pasting.
SecretKind credentialKindOf(const Account &account, const TokenProvider *provider)
{
    return account.usesPastedToken() ? SecretKind::PastedToken : provider->credentialKind();
}

AuthReply *failedReply(const QString &message)
{
    auto *reply = new AuthReply;
    AuthError err;
    err.kind = AuthError::Kind::Config;
    err.message = message;
    reply->finishWithError(err);
    return reply;
}

} // namespace

AccountService::AccountService(SessionManager *sessions)
    : QObject(sessions)
    , m_sessions(sessions)
{ }

bool AccountService::keychainUnavailable() const
{
    return m_sessions->keychainMonitor()->status() == KeychainMonitor::Status::Unavailable;
}

void AccountService::addAccount(const Account &account, const QString &secret, QObject *context,
                                StatusCallback done)
{
    const KeychainMonitor *keychain = m_sessions->keychainMonitor();
    if (keychainUnavailable() && !secret.isEmpty()) {
        answerLater(context, std::move(done),
                    Status::failure(tr("The account was not added: the keychain is not available, so its "
                                       "credential could not be saved. %1")
                                        .arg(keychain->message())));
        return;
    }
    if (!m_sessions->providers()->provider(account.provider)) {
        answerLater(context, std::move(done), Status::failure(tr("This kind of account is not supported.")));
        return;
    }
    if (const Status added = m_sessions->accountStore()->add(account); !added) {
        answerLater(context, std::move(done), added);
        return;
    }
    TokenSession *s = m_sessions->insertSession(account, -1);
    // A command that only adds never reads the new account's tokens.
    const bool restore = m_sessions->isStarted() && m_sessions->restoresAll();

    if (secret.isEmpty() || keychainUnavailable()) {
        if (restore && !keychainUnavailable())
            s->restore();
        answerLater(context, std::move(done), Status::success());
        return;
    }
    storeCredential(account, secret, context, std::move(done),
                    tr("The account was added, but its credential could not be saved in the keychain: %1"),
                    [restore](TokenSession *added, const SecretResult &) {
                        if (restore)
                            added->restore();
                    });
}

Status AccountService::importAccounts(const QList<Account> &accounts)
{
    for (const Account &account : accounts) {
        if (!m_sessions->providers()->provider(account.provider))
            return Status::failure(tr("This kind of account is not supported."));
    }
    if (const Status added = m_sessions->accountStore()->addAll(accounts); !added)
        return added;
    for (const Account &account : accounts) {
        TokenSession *s = m_sessions->insertSession(account, -1);
        if (m_sessions->isStarted() && !keychainUnavailable())
            s->restore();
    }
    return Status::success();
}

void AccountService::storeCredential(const Account &account, const QString &secret, QObject *context,
                                     StatusCallback done, const QString &failure,
                                     std::function<void(TokenSession *, const SecretResult &)> then)
{
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    const QUuid id = account.id;
    ++m_writes;
    // The write runs under this service, so it completes even if the caller goes away.
    m_sessions->secretStore()->write(
        id, credentialKindOf(account, m_sessions->providers()->provider(account.provider)), secret, this,
        [this, id, ctx, hadContext, failure, then = std::move(then),
         done = std::move(done)](const SecretResult &r) mutable {
            --m_writes;
            if (TokenSession *s = m_sessions->session(id))
                then(s, r);
            if (hadContext && !ctx)
                return;
            answerLater(ctx, std::move(done),
                        r.ok() ? Status::success() : Status::failure(failure.arg(r.message)));
        });
}

void AccountService::updateAccount(const Account &account, const std::optional<QString> &newSecret,
                                   QObject *context, StatusCallback done)
{
    TokenSession *s = m_sessions->session(account.id);
    if (!s) {
        answerLater(context, std::move(done), Status::failure(tr("This account no longer exists.")));
        return;
    }
    const bool wantsSecret = newSecret && !newSecret->isEmpty();
    if (wantsSecret && keychainUnavailable()) {
        answerLater(context, std::move(done),
                    Status::failure(tr("Nothing was changed: the keychain is not available, so the new "
                                       "credential could not be saved. %1")
                                        .arg(m_sessions->keychainMonitor()->message())));
        return;
    }
    ProviderRegistry *providers = m_sessions->providers();
    if (!providers->provider(account.provider)) {
        answerLater(context, std::move(done), Status::failure(tr("This kind of account is not supported.")));
        return;
    }
    const Account old = s->account();
    if (const Status updated = m_sessions->accountStore()->update(account); !updated) {
        answerLater(context, std::move(done), updated);
        return;
    }
    // Another kind of service or of credential: nothing of the old session fits.
    const bool fresh = old.provider != account.provider || old.usesPastedToken() != account.usesPastedToken();

    // The new credential is handed to the store before the session hears of
    // the change: a sign-in it starts (or a caller's, from a signal) reads
    // the credential after this write, never the old one with a new login.
    if (wantsSecret) {
        storeCredential(
            account, *newSecret, context, std::move(done),
            tr("The account was saved, but the new credential could not be stored in the keychain: %1"),
            [this, fresh](TokenSession *updated, const SecretResult &r) {
                if (fresh && m_sessions->isStarted())
                    updated->restore();
                else if (r.ok())
                    updated->credentialsChanged();
            });
    }

    if (fresh) {
        // Another kind of service: a new session, and nothing of the old one kept.
        const int index = int(m_sessions->sessions().indexOf(s));
        m_sessions->dropSession(s);
        SecretStore *secrets = m_sessions->secretStore();
        for (SecretKind kind : { credentialKindOf(old, providers->provider(old.provider)),
                                 SecretKind::AccessToken, SecretKind::RefreshToken })
            secrets->remove(account.id, kind, this, {});
        s = m_sessions->insertSession(account, index);
        if (!wantsSecret && m_sessions->isStarted()
            && m_sessions->keychainMonitor()->status() == KeychainMonitor::Status::Available)
            s->restore();
    } else {
        s->updateAccount(account);
    }
    if (!wantsSecret)
        answerLater(context, std::move(done), Status::success());
}

void AccountService::removeAccount(const QUuid &id, QObject *context, StatusCallback done)
{
    // Removed now, the account's password and tokens would stay in the
    // keychain for good, with nothing left in TokenTray to find them by.
    if (keychainUnavailable()) {
        answerLater(context, std::move(done),
                    Status::failure(tr("The account was not removed: the keychain is not available, so its "
                                       "saved credentials could not be deleted with it. %1")
                                        .arg(m_sessions->keychainMonitor()->message())));
        return;
    }
    if (const Status removed = m_sessions->accountStore()->remove(id); !removed) {
        answerLater(context, std::move(done), removed);
        return;
    }
    if (TokenSession *s = m_sessions->session(id))
        m_sessions->dropSession(s);
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    ++m_writes;
    m_sessions->secretStore()->removeAll(
        id, this, [this, ctx, hadContext, done = std::move(done)](const SecretResult &r) mutable {
            --m_writes;
            if (hadContext && !ctx)
                return;
            answerLater(ctx, std::move(done),
                        r.ok()
                            ? Status::success()
                            : Status::failure(tr("The account was removed, but some of its keychain entries "
                                                 "could not be deleted: %1")
                                                  .arg(r.message)));
        });
}

void AccountService::readCredential(const QUuid &id, QObject *context, SecretStore::Callback done)
{
    const TokenSession *s = m_sessions->session(id);
    const TokenProvider *provider = s ? m_sessions->providers()->provider(s->account().provider) : nullptr;
    if (!provider) {
        if (!done)
            return;
        SecretResult r;
        r.error = SecretError::NotFound;
        r.message = tr("This account no longer exists.");
        QObject *receiver = context ? context : QCoreApplication::instance();
        QMetaObject::invokeMethod(
            receiver, [done = std::move(done), r] { done(r); }, Qt::QueuedConnection);
        return;
    }
    m_sessions->secretStore()->read(id, credentialKindOf(s->account(), provider), context, std::move(done));
}

AuthReply *AccountService::testSignIn(const Account &account, const QString &secret)
{
    if (account.usesPastedToken())
        return failedReply(tr("A pasted token is not used to sign in."));
    if (TokenProvider *p = m_sessions->providers()->provider(account.provider))
        return p->signIn(account, secret);
    return failedReply(tr("This kind of account is not supported."));
}

AuthReply *AccountService::checkService(const QUuid &id)
{
    const TokenSession *s = m_sessions->session(id);
    TokenProvider *p = s ? m_sessions->providers()->provider(s->account().provider) : nullptr;
    if (!p)
        return failedReply(tr("This account no longer exists."));
    const QString token = s->hasValidToken() ? s->tokens().accessToken : QString();
    if (s->account().usesPastedToken() && token.isEmpty())
        return failedReply(
            tr("The pasted token has expired or is missing, so the service cannot be checked."));
    return p->checkService(s->account(), token);
}
