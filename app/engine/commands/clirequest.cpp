#include "commands/clirequest.h"

#include "network/networkpolicy.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {
struct CommandName
{
    CliCommand command;
    QLatin1StringView key;
};

constexpr CommandName commandNames[] = {
    { CliCommand::List, "list"_L1 },     { CliCommand::Token, "token"_L1 },
    { CliCommand::Header, "header"_L1 }, { CliCommand::Curl, "curl"_L1 },
    { CliCommand::Claims, "claims"_L1 }, { CliCommand::Env, "env"_L1 },
    { CliCommand::Exec, "exec"_L1 },     { CliCommand::Add, "add"_L1 },
    { CliCommand::Remove, "remove"_L1 }, { CliCommand::SignOut, "signout"_L1 },
    { CliCommand::Export, "export"_L1 }, { CliCommand::Import, "import"_L1 },
    { CliCommand::Log, "log"_L1 },
};

struct EnvFormatName
{
    TokenFormat::EnvStyle style;
    QLatin1StringView key;
};

constexpr EnvFormatName envFormatNames[] = {
    { TokenFormat::EnvStyle::Shell, "shell"_L1 },
    { TokenFormat::EnvStyle::Dotenv, "dotenv"_L1 },
    { TokenFormat::EnvStyle::Json, "json"_L1 },
};

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            return true;
    }
    return false;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("CliRequest", text);
}
} // namespace

QString cliCommandKey(CliCommand command)
{
    for (const auto &n : commandNames) {
        if (n.command == command)
            return QString(n.key);
    }
    return {};
}

std::optional<CliCommand> cliCommandFromKey(const QString &key)
{
    for (const auto &n : commandNames) {
        if (key == n.key)
            return n.command;
    }
    return std::nullopt;
}

QString envFormatKey(TokenFormat::EnvStyle style)
{
    for (const auto &n : envFormatNames) {
        if (n.style == style)
            return QString(n.key);
    }
    return {};
}

std::optional<TokenFormat::EnvStyle> envFormatFromKey(const QString &key)
{
    for (const auto &n : envFormatNames) {
        if (key == n.key)
            return n.style;
    }
    return std::nullopt;
}

QString execDeliveryKey(ExecDelivery delivery)
{
    switch (delivery) {
    case ExecDelivery::Environment:
        return u"env"_s;
    case ExecDelivery::TokenFile:
        return u"token-file"_s;
    case ExecDelivery::TokenFileRenewal:
        return u"token-file-renewal"_s;
    }
    return {};
}

std::optional<ExecDelivery> execDeliveryFromKey(const QString &key)
{
    for (auto delivery :
         { ExecDelivery::Environment, ExecDelivery::TokenFile, ExecDelivery::TokenFileRenewal }) {
        if (key == execDeliveryKey(delivery))
            return delivery;
    }
    return std::nullopt;
}

QString onDuplicateKey(AccountTransfer::OnDuplicate policy)
{
    switch (policy) {
    case AccountTransfer::OnDuplicate::Refuse:
        return u"refuse"_s;
    case AccountTransfer::OnDuplicate::Skip:
        return u"skip"_s;
    case AccountTransfer::OnDuplicate::Rename:
        return u"rename"_s;
    }
    return {};
}

std::optional<AccountTransfer::OnDuplicate> onDuplicateFromKey(const QString &key)
{
    for (auto policy : { AccountTransfer::OnDuplicate::Refuse, AccountTransfer::OnDuplicate::Skip,
                         AccountTransfer::OnDuplicate::Rename }) {
        if (key == onDuplicateKey(policy))
            return policy;
    }
    return std::nullopt;
}

bool CliRequest::needsAccount() const
{
    return command != CliCommand::List && command != CliCommand::Add && command != CliCommand::Export
        && command != CliCommand::Import && command != CliCommand::Log;
}

bool CliRequest::needsToken() const
{
    return command == CliCommand::Token || command == CliCommand::Header || command == CliCommand::Curl
        || command == CliCommand::Claims || command == CliCommand::Env || command == CliCommand::Exec;
}

Result<Account> CliRequest::newAccount() const
{
    using R = Result<Account>;
    const QString trimmedName = name.trimmed();
    if (trimmedName.isEmpty())
        return R::failure(tr("The account needs a name (--name)."));
    if (hasControlCharacters(trimmedName))
        return R::failure(tr("The account name must not contain control characters."));
    if (pastedToken && provider != Provider::D7)
        return R::failure(tr("Only D7 applications can use a pasted token (--token-stdin)."));
    if (pastedToken && verify)
        return R::failure(tr("A pasted token is not used to sign in, so --verify does not apply to it."));
    if (!pastedToken && (tokenExpiresAt.isValid() || replace))
        return R::failure(tr("--expires-at, --expires-in and --replace apply only with --token-stdin."));
    const QString trimmedLogin = login.trimmed();
    if (trimmedLogin.isEmpty() && !pastedToken) {
        return R::failure(provider == Provider::SevenG
                              ? tr("A 7G account needs a username (--username).")
                              : tr("A D7 application needs a client id (--client-id)."));
    }
    if (hasControlCharacters(trimmedLogin))
        return R::failure(tr("The username or client id must not contain control characters."));

    Account created = Account::create(provider);
    created.name = trimmedName;
    created.login = trimmedLogin;
    if (pastedToken) {
        created.credential = Credential::PastedToken;
        created.pastedTokenExpiresAt = tokenExpiresAt.toUTC();
    }
    if (provider == Provider::SevenG) {
        if (!environment.isEmpty() && !baseUrl.isEmpty())
            return R::failure(tr("Give either --environment or --base-url, not both."));
        if (environment.isEmpty() && baseUrl.isEmpty())
            return R::failure(tr("A 7G account needs --environment (production, dev, test, lab or demo) "
                                 "or --base-url."));
        if (!environment.isEmpty()) {
            const auto env = sevenGEnvironment(environment);
            if (!env)
                return R::failure(tr("Unknown 7G environment \"%1\": use production, dev, test, lab or demo.")
                                      .arg(environment));
            created.environment = env->key;
            created.baseUrl = env->baseUrl;
        } else {
            created.environment = u"custom"_s;
            created.baseUrl = baseUrl;
        }
    } else {
        if (!environment.isEmpty())
            return R::failure(
                tr("D7 applications have no environment: use --base-url to change the address."));
        if (!baseUrl.isEmpty())
            created.baseUrl = baseUrl;
    }
    if (const Status valid = NetworkPolicy::validateBaseUrl(created.baseUrl); !valid)
        return R::failure(valid.error());
    return created;
}

QJsonObject CliRequest::toJson() const
{
    QJsonObject o;
    o[u"cmd"_s] = cliCommandKey(command);
    if (needsAccount())
        o[u"account"_s] = account;
    if (needsToken())
        o[u"minValid"_s] = minValidSeconds;
    if (command == CliCommand::List || command == CliCommand::Log)
        o[u"json"_s] = json;
    if (command == CliCommand::Log)
        o[u"limit"_s] = limit;
    if (command == CliCommand::Exec && execDelivery != ExecDelivery::Environment)
        o[u"delivery"_s] = execDeliveryKey(execDelivery);
    if (command == CliCommand::Env)
        o[u"format"_s] = envFormatKey(envFormat);
    if (command == CliCommand::Add) {
        o[u"provider"_s] = providerKey(provider);
        o[u"name"_s] = name;
        if (!environment.isEmpty())
            o[u"environment"_s] = environment;
        if (!baseUrl.isEmpty())
            o[u"baseUrl"_s] = baseUrl.toString();
        o[u"login"_s] = login;
        o[u"secret"_s] = secret;
        o[u"verify"_s] = verify;
        if (pastedToken) {
            o[u"credential"_s] = u"token"_s;
            if (tokenExpiresAt.isValid())
                o[u"tokenExpiresAt"_s] = tokenExpiresAt.toUTC().toString(Qt::ISODate);
            o[u"replace"_s] = replace;
        }
    }
    if (command == CliCommand::Import) {
        o[u"data"_s] = importData;
        o[u"onDuplicate"_s] = onDuplicateKey(onDuplicate);
    }
    return o;
}

std::optional<CliRequest> CliRequest::fromJson(const QJsonObject &o, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QJsonValue cmd = o.value(u"cmd"_s);
    const auto command = cmd.isString() ? cliCommandFromKey(cmd.toString()) : std::nullopt;
    if (!command)
        return fail(tr("The request names no known command."));

    CliRequest r;
    r.command = *command;
    QSet<QString> allowed = { u"cmd"_s };
    if (r.needsAccount())
        allowed.insert(u"account"_s);
    if (r.needsToken())
        allowed.insert(u"minValid"_s);
    if (r.command == CliCommand::List || r.command == CliCommand::Log)
        allowed.insert(u"json"_s);
    if (r.command == CliCommand::Log)
        allowed.insert(u"limit"_s);
    if (r.command == CliCommand::Exec)
        allowed.insert(u"delivery"_s);
    if (r.command == CliCommand::Env)
        allowed.insert(u"format"_s);
    if (r.command == CliCommand::Add) {
        for (const auto &key :
             { u"provider"_s, u"name"_s, u"environment"_s, u"baseUrl"_s, u"login"_s, u"secret"_s, u"verify"_s,
               u"credential"_s, u"tokenExpiresAt"_s, u"replace"_s })
            allowed.insert(key);
    }
    if (r.command == CliCommand::Import) {
        allowed.insert(u"data"_s);
        allowed.insert(u"onDuplicate"_s);
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()))
            return fail(tr("The request has an unexpected field \"%1\".").arg(it.key()));
    }

    const auto readString = [&o](const QString &key, QString *out, bool required) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return !required;
        if (!v.isString())
            return false;
        *out = v.toString();
        return true;
    };
    const auto readBool = [&o](const QString &key, bool *out) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return true;
        if (!v.isBool())
            return false;
        *out = v.toBool();
        return true;
    };

    if (r.needsAccount() && (!readString(u"account"_s, &r.account, true) || r.account.isEmpty()))
        return fail(tr("The request names no account."));
    if (r.needsToken()) {
        const QJsonValue v = o.value(u"minValid"_s);
        if (!v.isUndefined()) {
            const double d = v.isDouble() ? v.toDouble() : -1;
            if (d < 0 || d > MaxMinValidSeconds || d != static_cast<int>(d))
                return fail(tr("The request has an invalid minimum validity."));
            r.minValidSeconds = static_cast<int>(d);
        }
    }
    if (!readBool(u"json"_s, &r.json) || !readBool(u"verify"_s, &r.verify)
        || !readBool(u"replace"_s, &r.replace))
        return fail(tr("The request has a field of the wrong type."));
    if (r.command == CliCommand::Log) {
        const QJsonValue v = o.value(u"limit"_s);
        if (!v.isUndefined()) {
            const double d = v.isDouble() ? v.toDouble() : -1;
            if (d < 1 || d > MaxLogLimit || d != static_cast<int>(d))
                return fail(tr("The request has an invalid limit."));
            r.limit = static_cast<int>(d);
        }
    }
    if (r.command == CliCommand::Exec) {
        QString deliveryText;
        if (!readString(u"delivery"_s, &deliveryText, false))
            return fail(tr("The request has a field of the wrong type."));
        if (!deliveryText.isEmpty()) {
            const auto delivery = execDeliveryFromKey(deliveryText);
            if (!delivery)
                return fail(tr("The request names no known way to hand over the token."));
            r.execDelivery = *delivery;
        }
    }
    if (r.command == CliCommand::Env) {
        QString formatText;
        if (!readString(u"format"_s, &formatText, false))
            return fail(tr("The request has a field of the wrong type."));
        if (!formatText.isEmpty()) {
            const auto format = envFormatFromKey(formatText);
            if (!format)
                return fail(tr("The request names no known environment format."));
            r.envFormat = *format;
        }
    }
    if (r.command == CliCommand::Import) {
        QString policy;
        if (!readString(u"data"_s, &r.importData, true) || !readString(u"onDuplicate"_s, &policy, false))
            return fail(tr("The request is missing a field or has one of the wrong type."));
        if (!policy.isEmpty()) {
            const auto parsed = onDuplicateFromKey(policy);
            if (!parsed)
                return fail(tr("The request names no known duplicate policy."));
            r.onDuplicate = *parsed;
        }
    }
    if (r.command == CliCommand::Add) {
        QString providerText, urlText, credentialText, expiresText;
        if (!readString(u"provider"_s, &providerText, true) || !readString(u"name"_s, &r.name, true)
            || !readString(u"environment"_s, &r.environment, false)
            || !readString(u"baseUrl"_s, &urlText, false) || !readString(u"login"_s, &r.login, true)
            || !readString(u"secret"_s, &r.secret, true)
            || !readString(u"credential"_s, &credentialText, false)
            || !readString(u"tokenExpiresAt"_s, &expiresText, false))
            return fail(tr("The request is missing a field or has one of the wrong type."));
        if (!credentialText.isEmpty() && credentialText != u"token")
            return fail(tr("The request names no known credential."));
        r.pastedToken = credentialText == u"token";
        if (!expiresText.isEmpty()) {
            r.tokenExpiresAt = QDateTime::fromString(expiresText, Qt::ISODate);
            if (!r.tokenExpiresAt.isValid())
                return fail(tr("The request has an invalid expiry."));
        }
        if (!r.pastedToken && (r.tokenExpiresAt.isValid() || r.replace))
            return fail(tr("The request has a field of the wrong type."));
        const auto provider = providerFromKey(providerText);
        if (!provider)
            return fail(tr("The request names no known provider."));
        r.provider = *provider;
        if (!urlText.isEmpty()) {
            r.baseUrl = QUrl(urlText, QUrl::StrictMode);
            if (!r.baseUrl.isValid())
                return fail(tr("The request has an invalid base URL."));
        }
        if (r.secret.isEmpty())
            return fail(tr("The request carries no secret."));
    }
    return r;
}
