#include "commands/commandrunner.h"

#include "accounts/accountstore.h"
#include "audit/accesslog.h"
#include "audit/accesslogreport.h"
#include "base/clock.h"
#include "base/texttable.h"
#include "base/tokenformat.h"
#include "commands/tokenhandoff.h"
#include "providers/jwt.h"
#include "providers/pastedtoken.h"
#include "providers/tokenprovider.h"
#include "session/sessionmanager.h"
#include "session/tokensession.h"
#include "settings/appsettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString environmentText(const Account &account)
{
    if (account.provider == Provider::D7)
        return u"-"_s;
    if (sevenGEnvironment(account.environment))
        return account.environment;
    return account.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}

qint64 secondsLeftOf(const TokenSession *session)
{
    return session->tokens().isEmpty() ? 0 : std::max<qint64>(0, session->secondsLeft());
}
} // namespace

CommandRunner::CommandRunner(SessionManager *manager, CliRequest request, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_request(std::move(request))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (waitingForKeychain()) {
            fail(ExitCode::KeychainUnavailable, tr("The keychain did not answer in time."));
            return;
        }
        fail(
            ExitCode::Unavailable,
            tr("Gave up after %n seconds without an answer from the service.", nullptr, m_deadlineMs / 1000));
    });
}

CommandRunner::~CommandRunner()
{
    // A secret handed in for `add` lives no longer than needed.
    m_request.secret.fill(u'\0');
}

void CommandRunner::setAccessLog(AccessLog *log, ProcessIdentity caller)
{
    m_accessLog = log;
    m_caller = std::move(caller);
}

void CommandRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    connect(m_manager->keychainMonitor(), &KeychainMonitor::statusChanged, this, &CommandRunner::step);
    connect(m_manager, &SessionManager::sessionChanged, this, [this](TokenSession *) { step(); });
    connect(m_manager, &SessionManager::sessionRemoved, this, [this](const QUuid &) { step(); });
    m_deadline.start(m_deadlineMs);
    QTimer::singleShot(0, this, &CommandRunner::step);
}

ExitCode CommandRunner::exitCodeFor(const AuthError &error)
{
    if (error.reason == AuthError::Reason::PastedTokenExpired)
        return ExitCode::TokenExpired;
    switch (error.kind) {
    case AuthError::Kind::None:
        return ExitCode::Ok;
    case AuthError::Kind::Credentials:
    case AuthError::Kind::RefreshRejected:
        return ExitCode::CredentialsRejected;
    case AuthError::Kind::Transient:
    case AuthError::Kind::Tls:
    case AuthError::Kind::Protocol:
        return ExitCode::Unavailable;
    case AuthError::Kind::Config:
        return ExitCode::BadConfig;
    }
    return ExitCode::Unavailable;
}

bool CommandRunner::waitingForKeychain() const
{
    const auto status = m_manager->keychainMonitor()->status();
    return status == KeychainMonitor::Status::Unknown || status == KeychainMonitor::Status::Probing;
}

QString CommandRunner::keychainProblem() const
{
    // The session's own read may be what found the keychain unusable.
    if (m_session && m_session->state() == SessionState::KeychainUnavailable
        && !m_session->keychainMessage().isEmpty())
        return m_session->keychainMessage();
    const QString message = m_manager->keychainMonitor()->message();
    return message.isEmpty() ? tr("The keychain is not available.") : message;
}

void CommandRunner::step()
{
    if (m_finished || m_acting || !m_started)
        return;
    if (m_request.command == CliCommand::Log) {
        m_acting = true;
        runLog();
        return;
    }
    if (waitingForKeychain())
        return;
    const bool keychainOk = m_manager->keychainMonitor()->status() == KeychainMonitor::Status::Available;

    if (m_request.command == CliCommand::List) {
        m_manager->requestRestore(nullptr);
        const auto &sessions = m_manager->sessions();
        const bool restoring = std::any_of(sessions.begin(), sessions.end(), [](const TokenSession *s) {
            return s->state() == SessionState::Restoring;
        });
        if (restoring && keychainOk)
            return;
        m_acting = true;
        runList();
        return;
    }
    if (m_request.command == CliCommand::Export) {
        m_acting = true;
        runExport();
        return;
    }
    if (m_request.command == CliCommand::Import) {
        m_acting = true;
        runImport();
        return;
    }
    if (m_request.command == CliCommand::Add) {
        if (!keychainOk) {
            fail(ExitCode::KeychainUnavailable, keychainProblem());
            return;
        }
        m_acting = true;
        runAdd();
        return;
    }

    if (!m_session) {
        m_session = m_manager->findSession(m_request.account);
        if (!m_session) {
            fail(ExitCode::UnknownAccount, tr("There is no account named \"%1\".").arg(m_request.account));
            return;
        }
    }
    m_manager->requestRestore(m_session);
    if (!keychainOk || m_session->state() == SessionState::KeychainUnavailable) {
        fail(ExitCode::KeychainUnavailable, keychainProblem());
        return;
    }
    if (m_session->state() == SessionState::Restoring)
        return;

    m_acting = true;
    switch (m_request.command) {
    case CliCommand::Token:
    case CliCommand::Header:
    case CliCommand::Curl:
    case CliCommand::Claims:
    case CliCommand::Env:
    case CliCommand::Exec:
        requestToken();
        return;
    case CliCommand::Remove:
        runRemove();
        return;
    case CliCommand::SignOut:
        m_session->signOut();
        finish(CliResponse::success());
        return;
    case CliCommand::List:
    case CliCommand::Add:
    case CliCommand::Export:
    case CliCommand::Import:
    case CliCommand::Log:
        break;
    }
}

void CommandRunner::runList()
{
    const auto &sessions = m_manager->sessions();
    if (m_request.json) {
        QJsonArray array;
        for (const TokenSession *s : sessions) {
            const Account &a = s->account();
            QJsonObject o;
            o[u"id"_s] = a.id.toString(QUuid::WithoutBraces);
            o[u"name"_s] = a.name;
            o[u"provider"_s] = providerKey(a.provider);
            o[u"environment"_s] = a.provider == Provider::SevenG ? a.environment : QString();
            o[u"baseUrl"_s] = a.baseUrl.toString(QUrl::RemoveUserInfo);
            o[u"login"_s] = a.login;
            o[u"state"_s] = sessionStateKey(s->state());
            o[u"secondsLeft"_s] = secondsLeftOf(s);
            o[u"credential"_s] = a.usesPastedToken() ? u"pasted-token"_s : u"secret"_s;
            // null when no token is held or a pasted token carries no expiry
            const QDateTime expires = s->tokens().isEmpty() ? QDateTime() : s->tokens().expiresAt;
            o[u"expiresAt"_s]
                = expires.isValid() ? QJsonValue(expires.toUTC().toString(Qt::ISODate)) : QJsonValue();
            if (a.usesPastedToken())
                o[u"expiryKnown"_s] = !s->expiryUnknown();
            array.append(o);
        }
        finish(CliResponse::success(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented))));
        return;
    }

    QList<QStringList> rows;
    rows.append({ tr("NAME"), tr("PROVIDER"), tr("ENVIRONMENT"), tr("STATE"), tr("SECONDS-LEFT") });
    for (const TokenSession *s : sessions) {
        const Account &a = s->account();
        rows.append({ a.name, providerKey(a.provider), environmentText(a), sessionStateKey(s->state()),
                      QString::number(secondsLeftOf(s)) });
    }
    finish(CliResponse::success(TextTable::format(rows)));
}

void CommandRunner::requestToken()
{
    if (!m_session) {
        fail(ExitCode::UnknownAccount, tr("The account \"%1\" was removed.").arg(m_request.account));
        return;
    }
    ++m_attempts;
    m_session->requestToken(
        m_request.minValidSeconds, this,
        [this](const TokenSet &tokens, const AuthError &error) { onToken(tokens, error); });
}

void CommandRunner::onToken(const TokenSet &tokens, const AuthError &error)
{
    if (m_finished)
        return;
    const QString name = m_session ? m_session->account().name : m_request.account;
    if (error.isError()) {
        if (m_session && m_session->state() == SessionState::KeychainUnavailable) {
            fail(ExitCode::KeychainUnavailable, keychainProblem());
            return;
        }
        if (error.kind == AuthError::Kind::Transient && m_attempts < MaxAttempts) {
            const int delay = error.retryAfterSeconds
                ? std::clamp(*error.retryAfterSeconds * 1000, 0, MaxRetryDelayMs)
                : 1000 << (m_attempts - 1);
            if (m_deadline.remainingTime() > delay) {
                QTimer::singleShot(delay, this, [this] {
                    if (!m_finished)
                        requestToken();
                });
                return;
            }
        }
        fail(exitCodeFor(error), tr("Cannot get a token for \"%1\": %2").arg(name, error.message));
        return;
    }
    if (tokens.isEmpty() || !m_session) {
        fail(ExitCode::Unavailable, tr("The service gave no token for \"%1\".").arg(name));
        return;
    }

    const TokenProvider *provider = m_manager->providers()->provider(m_session->account().provider);
    const QString &token = tokens.accessToken;
    const TokenFormat::Headers headers = provider ? provider->requestHeaders(token) : TokenFormat::Headers {};
    recordHandoff();
    switch (m_request.command) {
    case CliCommand::Token:
        finish(CliResponse::success(token + u'\n'));
        return;
    case CliCommand::Header:
        finish(CliResponse::success(TokenFormat::headerLine(headers) + u'\n'));
        return;
    case CliCommand::Curl:
        finish(CliResponse::success(TokenFormat::curlArguments(headers) + u'\n'));
        return;
    case CliCommand::Env:
        finish(CliResponse::success(TokenFormat::environment(token, headers, m_request.envFormat)));
        return;
    case CliCommand::Exec: {
        TokenHandoff handoff;
        handoff.token = token;
        handoff.authorization = TokenFormat::authorizationValue(headers);
        handoff.secondsLeft = std::max<qint64>(0, tokens.secondsLeft(m_manager->clock()->now()));
        // A pasted token without a known expiry: nothing to renew it before,
        // so the token file is looked at again only once a day.
        if (m_session->expiryUnknown())
            handoff.secondsLeft = 24 * 3600;
        finish(CliResponse::success(handoff.toText()));
        return;
    }
    case CliCommand::Claims: {
        const auto jwt = Jwt::decode(token);
        if (!jwt) {
            fail(ExitCode::Unavailable,
                 tr("The token of \"%1\" is not a JWT, so it has no claims to show.").arg(name));
            return;
        }
        finish(CliResponse::success(
            QString::fromUtf8(QJsonDocument(jwt->claims()).toJson(QJsonDocument::Indented))));
        return;
    }
    default:
        break;
    }
    fail(ExitCode::Usage, tr("This command does not print a token."));
}

void CommandRunner::recordHandoff()
{
    // claims shows what the token says, never the token itself.
    if (!m_accessLog || !m_session || m_request.command == CliCommand::Claims)
        return;
    AccessLogEntry entry;
    entry.time = m_manager->clock()->now().toUTC();
    entry.accountId = m_session->account().id;
    entry.accountName = m_session->account().name;
    entry.command = cliCommandKey(m_request.command);
    if (m_request.command == CliCommand::Exec)
        entry.delivery = execDeliveryKey(m_request.execDelivery);
    entry.caller = m_caller;
    // The hand-off goes ahead without the record; the caller is told.
    if (const Status logged = m_accessLog->append(entry); !logged)
        m_warning = logged.error();
}

void CommandRunner::runLog()
{
    const QList<AccessLogEntry> entries
        = m_accessLog ? m_accessLog->read(m_request.limit) : QList<AccessLogEntry> {};
    finish(CliResponse::success(m_request.json ? AccessLogReport::json(entries)
                                               : AccessLogReport::table(entries)));
}

void CommandRunner::runAdd()
{
    AccountStore *store = m_manager->accountStore();
    if (store->isReadOnly()) {
        fail(ExitCode::BadConfig,
             store->loadProblem().isEmpty() ? tr("The accounts file is read-only; nothing was added.")
                                            : store->loadProblem());
        return;
    }
    Result<Account> account = m_request.newAccount();
    if (!account) {
        fail(ExitCode::Usage, account.error());
        return;
    }
    if (m_settings)
        m_settings->applyDefaults(account.value());
    if (m_request.pastedToken) {
        addPastedToken(*account);
        return;
    }
    if (store->nameTaken(account->name)) {
        fail(ExitCode::Usage, tr("An account named \"%1\" already exists.").arg(account->name));
        return;
    }
    if (m_request.secret.isEmpty()) {
        fail(ExitCode::Usage, tr("The secret is empty."));
        return;
    }
    if (!m_request.verify) {
        storeNewAccount(*account);
        return;
    }
    AuthReply *reply = m_manager->accountService()->testSignIn(*account, m_request.secret);
    reply->setParent(this);
    const Account candidate = *account;
    connect(reply, &AuthReply::finished, this, [this, reply, candidate] {
        reply->deleteLater();
        if (reply->error().isError()) {
            fail(exitCodeFor(reply->error()),
                 tr("Signing in as \"%1\" failed, so nothing was stored: %2")
                     .arg(candidate.login, reply->error().message));
            return;
        }
        storeNewAccount(candidate);
    });
}

void CommandRunner::storeNewAccount(const Account &account)
{
    const QString name = account.name;
    m_manager->accountService()->addAccount(
        account, m_request.secret, this, [this, name](const Status &status) {
            finishStore(status, tr("Could not add \"%1\": %2").arg(name, status.error()));
        });
}

void CommandRunner::finishStore(const Status &status, const QString &failure)
{
    m_request.secret.fill(u'\0');
    if (status) {
        finish(CliResponse::success());
        return;
    }
    const bool keychain = m_manager->keychainMonitor()->status() != KeychainMonitor::Status::Available;
    fail(keychain ? ExitCode::KeychainUnavailable : ExitCode::BadConfig, failure);
}

void CommandRunner::addPastedToken(Account account)
{
    const QString token = PastedToken::normalized(m_request.secret);
    m_request.secret.fill(u'\0');
    m_request.secret = token;
    if (const Status usable = PastedToken::check(token); !usable) {
        fail(ExitCode::Usage, tr("The token was not stored: %1").arg(usable.error()));
        return;
    }
    const QDateTime now = m_manager->clock()->now();
    const QDateTime own = PastedToken::expiryInToken(token);
    if (own.isValid()) {
        // The token's own expiry wins over one given on the command line.
        account.pastedTokenExpiresAt = QDateTime();
        if (own <= now) {
            fail(ExitCode::TokenExpired,
                 tr("The token was not stored: it expired at %1. Create a new token in the D7 Control Panel.")
                     .arg(own.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
            return;
        }
    } else if (account.pastedTokenExpiresAt.isValid() && account.pastedTokenExpiresAt <= now) {
        fail(ExitCode::Usage, tr("The token was not stored: the expiry given is in the past."));
        return;
    }

    const auto existing = m_manager->accountStore()->findByNameOrId(account.name);
    if (!existing) {
        storeNewAccount(account);
        return;
    }
    if (!m_request.replace) {
        fail(ExitCode::Usage,
             tr("An account named \"%1\" already exists. Add --replace to give it the new token.")
                 .arg(existing->name));
        return;
    }
    if (!existing->usesPastedToken()) {
        fail(ExitCode::Usage,
             tr("\"%1\" does not use a pasted token, so --replace cannot give it one. Remove it first, or "
                "choose another name.")
                 .arg(existing->name));
        return;
    }
    Account updated = *existing;
    updated.pastedTokenExpiresAt = account.pastedTokenExpiresAt;
    const QString name = updated.name;
    m_manager->accountService()->updateAccount(
        updated, m_request.secret, this, [this, name](const Status &status) {
            finishStore(status, tr("Could not replace the token of \"%1\": %2").arg(name, status.error()));
        });
}

void CommandRunner::runExport()
{
    QList<Account> accounts;
    for (const TokenSession *s : m_manager->sessions())
        accounts.append(s->account());
    finish(CliResponse::success(QString::fromUtf8(AccountTransfer::write(accounts))));
}

void CommandRunner::runImport()
{
    AccountStore *store = m_manager->accountStore();
    if (store->isReadOnly()) {
        fail(ExitCode::BadConfig,
             store->loadProblem().isEmpty() ? tr("The accounts file is read-only; nothing was imported.")
                                            : store->loadProblem());
        return;
    }
    const auto imported = AccountTransfer::read(m_request.importData.toUtf8());
    if (!imported) {
        fail(ExitCode::BadFile, tr("Nothing was imported: %1").arg(imported.error()));
        return;
    }
    QStringList existing;
    for (const Account &a : store->accounts())
        existing.append(a.name);
    AccountTransfer::Plan plan = AccountTransfer::plan(imported.value(), existing, m_request.onDuplicate);
    if (m_request.onDuplicate == AccountTransfer::OnDuplicate::Refuse && !plan.duplicates.isEmpty()) {
        fail(ExitCode::Conflict,
             tr("Nothing was imported: accounts named %1 exist already. Use --on-duplicate skip or "
                "--on-duplicate rename.")
                 .arg(u"\""_s + plan.duplicates.join(u"\", \""_s) + u'"'));
        return;
    }
    // All or nothing: the accounts file takes the whole list in one write.
    if (const Status added = m_manager->accountService()->importAccounts(plan.toAdd); !added) {
        fail(ExitCode::BadConfig, tr("Nothing was imported: %1").arg(added.error()));
        return;
    }
    QStringList lines;
    lines.append(tr("Imported %n account(s).", nullptr, int(plan.toAdd.size())));
    for (const QString &r : std::as_const(plan.renamed))
        lines.append(tr("Renamed: %1").arg(r));
    for (const QString &name : std::as_const(plan.skipped))
        lines.append(tr("Skipped, the name exists: %1").arg(name));
    for (const Account &account : std::as_const(plan.toAdd)) {
        if (account.usesPastedToken())
            lines.append(tr("Needs a pasted token: %1").arg(account.name));
        else
            lines.append(account.provider == Provider::SevenG
                             ? tr("Needs a password: %1").arg(account.name)
                             : tr("Needs a client secret: %1").arg(account.name));
    }
    finish(CliResponse::success(lines.join(u'\n') + u'\n'));
}

void CommandRunner::runRemove()
{
    const QString name = m_session->account().name;
    m_manager->accountService()->removeAccount(m_session->id(), this, [this, name](const Status &status) {
        if (status) {
            finish(CliResponse::success());
            return;
        }
        const bool keychain = m_manager->keychainMonitor()->status() != KeychainMonitor::Status::Available;
        fail(keychain ? ExitCode::KeychainUnavailable : ExitCode::BadConfig,
             tr("Could not remove \"%1\": %2").arg(name, status.error()));
    });
}

void CommandRunner::finish(const CliResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    if (m_warning.isEmpty()) {
        Q_EMIT finished(response);
        return;
    }
    CliResponse withWarning = response;
    withWarning.warning = m_warning;
    Q_EMIT finished(withWarning);
}

void CommandRunner::fail(ExitCode code, const QString &message)
{
    finish(CliResponse::failure(code, message));
}
