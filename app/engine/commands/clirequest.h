#pragma once

#include "accounts/account.h"
#include "accounts/accounttransfer.h"
#include "base/result.h"
#include "base/tokenformat.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

enum class CliCommand {
    List,
    Token,
    Header,
    Curl,
    Claims,
    Env,
    Exec,
    Add,
    Remove,
    SignOut,
    Export,
    Import,
    Log
};

// How `exec` hands the token on: in the environment, in a token file, or a
// renewed token rewriting that file. Only the access log tells them apart.
enum class ExecDelivery { Environment, TokenFile, TokenFileRenewal };

// "list", "token", ... "signout": the spelling on the command line and on the instance socket.
QString cliCommandKey(CliCommand command);
std::optional<CliCommand> cliCommandFromKey(const QString &key);

// "shell", "dotenv", "json": the formats of `env --format`.
QString envFormatKey(TokenFormat::EnvStyle style);
std::optional<TokenFormat::EnvStyle> envFormatFromKey(const QString &key);

// "env", "token-file", "token-file-renewal".
QString execDeliveryKey(ExecDelivery delivery);
std::optional<ExecDelivery> execDeliveryFromKey(const QString &key);

// "refuse", "skip", "rename": import --on-duplicate.
QString onDuplicateKey(AccountTransfer::OnDuplicate policy);
std::optional<AccountTransfer::OnDuplicate> onDuplicateFromKey(const QString &key);

// One command-line command, parsed and checked, ready to run here or in the
// running instance.
struct CliRequest
{
    static constexpr int DefaultMinValidSeconds = 60;
    static constexpr int MaxMinValidSeconds = 24 * 3600;
    static constexpr int MaxLogLimit = 1000;

    CliCommand command = CliCommand::List;

    // token, header, curl, claims, env, exec, remove, signout: display name or id.
    QString account;
    // token, header, curl, claims, env, exec: the token must stay valid this long.
    int minValidSeconds = DefaultMinValidSeconds;
    // list, log
    bool json = false;
    // log: the newest this many entries.
    int limit = 50;
    // env
    TokenFormat::EnvStyle envFormat = TokenFormat::EnvStyle::Shell;
    // exec: the program to run and how it gets the token stay with the
    // command line; the engine only hands out the token (see TokenHandoff).
    // Sent only when it is not the environment.
    ExecDelivery execDelivery = ExecDelivery::Environment;

    // add
    Provider provider = Provider::SevenG;
    QString name;
    QString environment; // 7G environment key; empty with a base URL
    QUrl baseUrl; // empty: the environment's (7G) or the default (D7)
    QString login; // 7G username or D7 client id
    QString secret; // password, client secret or pasted token, from stdin only
    bool verify = false; // sign in once before storing anything
    // D7 only: the secret is a token pasted from the D7 Control Panel, used
    // until it expires and never renewed (--token-stdin).
    bool pastedToken = false;
    // When the pasted token expires if it does not say so itself (UTC);
    // invalid: from the token, or unknown.
    QDateTime tokenExpiresAt;
    // With a pasted token: an application of this name gets the new token.
    bool replace = false;

    // import: the file's contents (checked by AccountTransfer::read before it
    // is sent), and what to do with names that exist.
    QString importData;
    AccountTransfer::OnDuplicate onDuplicate = AccountTransfer::OnDuplicate::Refuse;

    bool needsAccount() const;
    bool needsToken() const;

    // The account `add` creates (a fresh id). Checks everything but the
    // secret and the uniqueness of the name.
    Result<Account> newAccount() const;

    // For the user-only instance socket. Carries the secret of an `add`.
    QJsonObject toJson() const;
    // Strict: unknown keys, wrong types and out-of-range values are refused.
    static std::optional<CliRequest> fromJson(const QJsonObject &object, QString *error);
};
