#include "cli/cliarguments.h"

#include "cli/sharedoptions.h"

#include <QCoreApplication>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CliArguments", text);
}

// A year: a D7 token lives far shorter.
constexpr qint64 MaxExpiresInSeconds = 366LL * 24 * 3600;

enum class Scope {
    Global, // any command
    Window, // only when starting the window
    List,
    TokenLike, // token, header, curl, claims, env, exec
    Env,
    Exec,
    Add,
    Export,
    Import,
    Log,
};

struct OptionSpec
{
    QLatin1StringView name;
    bool takesValue;
    Scope scope;
};

constexpr OptionSpec options[] = {
    { "demo"_L1, false, Scope::Window },        { "minimized"_L1, false, Scope::Window },
    { "json"_L1, false, Scope::List },          { "min-valid"_L1, true, Scope::TokenLike },
    { "provider"_L1, true, Scope::Add },        { "name"_L1, true, Scope::Add },
    { "environment"_L1, true, Scope::Add },     { "base-url"_L1, true, Scope::Add },
    { "username"_L1, true, Scope::Add },        { "password-stdin"_L1, false, Scope::Add },
    { "client-id"_L1, true, Scope::Add },       { "secret-stdin"_L1, false, Scope::Add },
    { "verify"_L1, false, Scope::Add },         { "format"_L1, true, Scope::Env },
    { "token-file"_L1, false, Scope::Exec },    { "output"_L1, true, Scope::Export },
    { "on-duplicate"_L1, true, Scope::Import }, { "token-stdin"_L1, false, Scope::Add },
    { "expires-at"_L1, true, Scope::Add },      { "expires-in"_L1, true, Scope::Add },
    { "replace"_L1, false, Scope::Add },        { "limit"_L1, true, Scope::Log },
};

// Options that would put a secret on the command line, where process
// listings and shell histories show it: refused with a pointer to stdin.
bool isSecretOnCommandLine(QStringView name)
{
    static const QLatin1StringView names[] = {
        "token"_L1, "password"_L1, "secret"_L1, "client-secret"_L1, "access-token"_L1,
    };
    for (const auto n : names) {
        if (name == n)
            return true;
    }
    return false;
}

const OptionSpec *findOption(QStringView name)
{
    for (const auto &o : options) {
        if (name == o.name)
            return &o;
    }
    return nullptr;
}

bool isHelp(const QString &a)
{
    return a == u"-h" || a == u"--help" || a == u"--help-all";
}

bool isVersion(const QString &a)
{
    return a == u"-v" || a == u"--version";
}

// Qt's own window options that take a value ("-platform offscreen"): skipped
// when looking for a command, so that they never read as one.
bool isQtValueOption(QStringView name)
{
    static const QLatin1StringView names[] = {
        "platform"_L1, "platformpluginpath"_L1, "platformtheme"_L1, "plugin"_L1,      "qmljsdebugger"_L1,
        "style"_L1,    "stylesheet"_L1,         "session"_L1,       "display"_L1,     "title"_L1,
        "geometry"_L1, "qwindowgeometry"_L1,    "qwindowtitle"_L1,  "qwindowicon"_L1, "name"_L1,
    };
    for (const auto n : names) {
        if (name == n)
            return true;
    }
    return false;
}

bool scopeAllows(Scope scope, CliCommand command)
{
    switch (scope) {
    case Scope::Global:
        return true;
    case Scope::Window:
        return false;
    case Scope::List:
        return command == CliCommand::List || command == CliCommand::Log;
    case Scope::TokenLike:
        return command == CliCommand::Token || command == CliCommand::Header || command == CliCommand::Curl
            || command == CliCommand::Claims || command == CliCommand::Env || command == CliCommand::Exec;
    case Scope::Env:
        return command == CliCommand::Env;
    case Scope::Exec:
        return command == CliCommand::Exec;
    case Scope::Add:
        return command == CliCommand::Add;
    case Scope::Export:
        return command == CliCommand::Export;
    case Scope::Import:
        return command == CliCommand::Import;
    case Scope::Log:
        return command == CliCommand::Log;
    }
    return false;
}
} // namespace

bool CliArguments::isCommandLine(const QStringList &arguments)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == u"--")
            return i + 1 < arguments.size() && cliCommandFromKey(arguments.at(i + 1)).has_value();
        if (isHelp(a) || isVersion(a))
            return true;
        if (a.size() > 1 && a.startsWith(u'-')) {
            if (a.contains(u'='))
                continue;
            const QStringView name = QStringView(a).mid(a.startsWith(u"--") ? 2 : 1);
            const OptionSpec *spec = findOption(name);
            if ((spec && spec->takesValue) || SharedOptions::isSharedOption(name) || isQtValueOption(name))
                ++i;
            continue;
        }
        return cliCommandFromKey(a).has_value();
    }
    return false;
}

Result<CliArguments> CliArguments::parse(const QStringList &arguments)
{
    using R = Result<CliArguments>;
    CliArguments args;
    QStringList rest = arguments;
    const Result<SharedOptions> shared = SharedOptions::take(rest, [](QStringView name) {
        const OptionSpec *spec = findOption(name);
        return spec && spec->takesValue;
    });
    if (!shared)
        return R::failure(shared.error());
    QStringList positional;
    QHash<QString, QString> given; // option name -> value ("" for flags)
    QStringList givenOrder;
    bool optionsEnded = false;
    bool programGiven = false;

    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &a = rest.at(i);
        // exec NAME -- CMD ...: the program and its arguments are not ours to read.
        if (a == u"--" && positional.size() >= 2 && positional.first() == u"exec") {
            args.program = rest.mid(i + 1);
            programGiven = true;
            break;
        }
        if (optionsEnded || a.size() < 2 || !a.startsWith(u'-')) {
            positional.append(a);
            continue;
        }
        if (a == u"--") {
            optionsEnded = true;
            continue;
        }
        if (isHelp(a)) {
            args.action = Action::Help;
            continue;
        }
        if (isVersion(a)) {
            if (args.action != Action::Help)
                args.action = Action::Version;
            continue;
        }
        if (!a.startsWith(u"--"))
            return R::failure(tr("Unknown option \"%1\" (see tokentray --help).").arg(a));
        const qsizetype eq = a.indexOf(u'=');
        const QString name = a.mid(2, eq < 0 ? -1 : eq - 2);
        if (isSecretOnCommandLine(name))
            return R::failure(tr("Secrets are never taken from the command line, where other users and "
                                 "shell histories can see them. Pipe a token into --token-stdin, a client "
                                 "secret into --secret-stdin or a password into --password-stdin."));
        const OptionSpec *spec = findOption(name);
        if (!spec)
            return R::failure(
                tr("Unknown option \"%1\" (see tokentray --help).").arg(a.left(eq < 0 ? a.size() : eq)));
        if (given.contains(name))
            return R::failure(tr("The option --%1 is given more than once.").arg(name));
        QString value;
        if (spec->takesValue) {
            if (eq >= 0) {
                value = a.mid(eq + 1);
            } else if (i + 1 < rest.size()) {
                value = rest.at(++i);
            } else {
                return R::failure(tr("The option --%1 needs a value.").arg(name));
            }
            if (value.isEmpty())
                return R::failure(tr("The option --%1 needs a value.").arg(name));
        } else if (eq >= 0) {
            return R::failure(tr("The option --%1 takes no value.").arg(name));
        }
        given.insert(name, value);
        givenOrder.append(name);
    }

    if (args.action != Action::Run)
        return args;

    if (positional.isEmpty())
        return R::failure(tr("No command given (see tokentray --help)."));
    const auto command = cliCommandFromKey(positional.first());
    if (!command)
        return R::failure(tr("Unknown command \"%1\" (see tokentray --help).").arg(positional.first()));
    CliRequest &request = args.request;
    request.command = *command;
    positional.removeFirst();

    for (const QString &name : std::as_const(givenOrder)) {
        const OptionSpec *spec = findOption(name);
        if (spec->scope == Scope::Window)
            return R::failure(tr("The option --%1 applies only when starting the window.").arg(name));
        if (!scopeAllows(spec->scope, request.command))
            return R::failure(tr("The option --%1 does not apply to the command \"%2\".")
                                  .arg(name, cliCommandKey(request.command)));
    }

    args.configDir = shared->configDir;
    args.caFile = shared->caFile;

    if (request.needsAccount()) {
        if (positional.isEmpty())
            return R::failure(
                tr("The command \"%1\" needs an account name.").arg(cliCommandKey(request.command)));
        if (request.command == CliCommand::Exec && !programGiven)
            return R::failure(tr("The command \"exec\" needs the program to run after \"--\": "
                                 "tokentray exec NAME -- CMD [ARGS...]."));
        if (request.command == CliCommand::Exec && args.program.isEmpty())
            return R::failure(tr("The command \"exec\" needs a program to run after \"--\"."));
        if (request.command == CliCommand::Exec && args.program.first().isEmpty())
            return R::failure(tr("The program to run has an empty name."));
        if (positional.size() > 1)
            return R::failure(tr("The command \"%1\" takes one account name; unexpected \"%2\".")
                                  .arg(cliCommandKey(request.command), positional.at(1)));
        request.account = positional.first();
        if (request.account.trimmed().isEmpty())
            return R::failure(tr("The account name is empty."));
    } else if (request.command == CliCommand::Import) {
        if (positional.isEmpty())
            return R::failure(tr("The command \"import\" needs the file to import: tokentray import FILE."));
        if (positional.size() > 1)
            return R::failure(
                tr("The command \"import\" takes one file; unexpected \"%1\".").arg(positional.at(1)));
        args.importFile = positional.first();
        if (given.contains(u"on-duplicate"_s)) {
            const auto policy = onDuplicateFromKey(given.value(u"on-duplicate"_s));
            if (!policy || *policy == AccountTransfer::OnDuplicate::Refuse)
                return R::failure(tr("Unknown --on-duplicate \"%1\": use skip or rename.")
                                      .arg(given.value(u"on-duplicate"_s)));
            request.onDuplicate = *policy;
        }
    } else if (!positional.isEmpty()) {
        return R::failure(tr("The command \"%1\" takes no argument; unexpected \"%2\".")
                              .arg(cliCommandKey(request.command), positional.first()));
    }

    request.json = given.contains(u"json"_s);
    args.outputFile = given.value(u"output"_s);
    args.tokenFile = given.contains(u"token-file"_s);
    if (given.contains(u"format"_s)) {
        const auto format = envFormatFromKey(given.value(u"format"_s));
        if (!format)
            return R::failure(
                tr("Unknown format \"%1\": use shell, dotenv or json.").arg(given.value(u"format"_s)));
        request.envFormat = *format;
    }
    if (given.contains(u"limit"_s)) {
        bool ok = false;
        const int limit = given.value(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1 || limit > CliRequest::MaxLogLimit)
            return R::failure(
                tr("--limit needs a number of entries from 1 to %1.").arg(CliRequest::MaxLogLimit));
        request.limit = limit;
    }
    if (given.contains(u"min-valid"_s)) {
        bool ok = false;
        const int seconds = given.value(u"min-valid"_s).toInt(&ok);
        if (!ok || seconds < 0 || seconds > CliRequest::MaxMinValidSeconds)
            return R::failure(tr("--min-valid needs a number of seconds from 0 to %1.")
                                  .arg(CliRequest::MaxMinValidSeconds));
        request.minValidSeconds = seconds;
    }

    if (request.command == CliCommand::Add) {
        if (!given.contains(u"provider"_s))
            return R::failure(tr("The command \"add\" needs --provider 7g or --provider d7."));
        const auto provider = providerFromKey(given.value(u"provider"_s));
        if (!provider)
            return R::failure(tr("Unknown provider \"%1\": use 7g or d7.").arg(given.value(u"provider"_s)));
        request.provider = *provider;
        const bool sevenG = request.provider == Provider::SevenG;
        const auto refuse = [&given](const QString &option) {
            return given.contains(option);
        };
        if (sevenG && refuse(u"token-stdin"_s))
            return R::failure(tr("--token-stdin is for D7 applications with a token pasted from the D7 "
                                 "Control Panel; 7G accounts use --username and --password-stdin."));
        if (refuse(u"token-stdin"_s) && refuse(u"secret-stdin"_s))
            return R::failure(tr("Give either --secret-stdin or --token-stdin, not both."));
        if (refuse(u"expires-at"_s) && refuse(u"expires-in"_s))
            return R::failure(tr("Give either --expires-at or --expires-in, not both."));
        if (!refuse(u"token-stdin"_s)
            && (refuse(u"expires-at"_s) || refuse(u"expires-in"_s) || refuse(u"replace"_s)))
            return R::failure(tr("--expires-at, --expires-in and --replace apply only with --token-stdin."));
        if (sevenG && (refuse(u"client-id"_s) || refuse(u"secret-stdin"_s)))
            return R::failure(tr("--client-id and --secret-stdin are for D7 applications; 7G accounts use "
                                 "--username and --password-stdin."));
        if (!sevenG && (refuse(u"username"_s) || refuse(u"password-stdin"_s)))
            return R::failure(tr("--username and --password-stdin are for 7G accounts; D7 applications use "
                                 "--client-id and --secret-stdin."));
        request.name = given.value(u"name"_s);
        request.environment = given.value(u"environment"_s);
        if (given.contains(u"base-url"_s)) {
            request.baseUrl = QUrl(given.value(u"base-url"_s), QUrl::StrictMode);
            if (!request.baseUrl.isValid())
                return R::failure(
                    tr("The base URL \"%1\" is not a valid URL.").arg(given.value(u"base-url"_s)));
        }
        request.login = given.value(sevenG ? u"username"_s : u"client-id"_s);
        request.verify = given.contains(u"verify"_s);
        request.pastedToken = given.contains(u"token-stdin"_s);
        request.replace = given.contains(u"replace"_s);
        if (given.contains(u"expires-at"_s)) {
            const QString text = given.value(u"expires-at"_s);
            QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!at.isValid())
                at = QDateTime::fromString(text, Qt::ISODate);
            if (!at.isValid())
                return R::failure(tr("--expires-at needs a date and time such as 2030-01-31T18:00:00Z; "
                                     "\"%1\" is not one.")
                                      .arg(text));
            request.tokenExpiresAt = at.toUTC();
        }
        if (given.contains(u"expires-in"_s)) {
            bool ok = false;
            const qint64 seconds = given.value(u"expires-in"_s).toLongLong(&ok);
            if (!ok || seconds < 1 || seconds > MaxExpiresInSeconds)
                return R::failure(
                    tr("--expires-in needs a number of seconds from 1 to %1.").arg(MaxExpiresInSeconds));
            request.tokenExpiresAt = QDateTime::currentDateTimeUtc().addSecs(seconds);
        }
        args.secretFromStdin
            = request.pastedToken || given.contains(sevenG ? u"password-stdin"_s : u"secret-stdin"_s);
        if (!args.secretFromStdin)
            return R::failure(
                sevenG ? tr("The password is read from standard input only: add --password-stdin.")
                       : tr("The client secret is read from standard input only: add --secret-stdin (or, "
                            "for a token from the D7 Control Panel, --token-stdin)."));
        if (const auto account = request.newAccount(); !account)
            return R::failure(account.error());
    }
    return args;
}

QString CliArguments::helpText()
{
    return tr("Usage: tokentray [--config-dir DIR] [--ca-file PEM] <command> [options]\n"
              "       tokentray [--demo] [--minimized] [--config-dir DIR] [--ca-file PEM]\n"
              "\n"
              "Keeps 7G Registry Platform and D7 Networks API tokens fresh. Without a command it\n"
              "starts the window and the tray icon; with a command it prints what scripts need,\n"
              "through the running TokenTray when there is one, on its own otherwise.\n"
              "\n"
              "Commands:\n"
              "  list [--json]             Accounts with provider, environment, state and seconds left.\n"
              "  token NAME                A valid access token.\n"
              "  header NAME               The whole Authorization header line.\n"
              "  curl NAME                 curl arguments with every header the API needs.\n"
              "  claims NAME               The token's JWT claims as JSON (never the token).\n"
              "  env [--format shell|dotenv|json] NAME\n"
              "                            TOKENTRAY_TOKEN and TOKENTRAY_AUTHORIZATION, quoted, for\n"
              "                            eval \"$(tokentray env NAME)\", a .env file or JSON.\n"
              "  exec [--token-file] NAME -- CMD [ARGS...]\n"
              "                            Runs CMD with TOKENTRAY_TOKEN and TOKENTRAY_AUTHORIZATION in\n"
              "                            its environment and exits with CMD's status. --token-file\n"
              "                            instead keeps the token in a private file under\n"
              "                            XDG_RUNTIME_DIR, named by TOKENTRAY_TOKEN_FILE, renewed while\n"
              "                            CMD runs and removed when it ends.\n"
              "  add --provider 7g --name NAME (--environment ENV | --base-url URL)\n"
              "      --username USER --password-stdin [--verify]\n"
              "  add --provider d7 --name NAME [--base-url URL] --client-id ID --secret-stdin [--verify]\n"
              "                            Stores an account; the secret is read from standard input.\n"
              "                            ENV is production, dev, test, lab or demo. --verify signs in\n"
              "                            first and stores nothing if that fails.\n"
              "  add --provider d7 --name NAME [--base-url URL] [--client-id ID] --token-stdin\n"
              "      [--expires-at ISO8601 | --expires-in SECONDS] [--replace]\n"
              "                            Stores a token made in the D7 Control Panel, read from\n"
              "                            standard input. It is used until it expires and never\n"
              "                            renewed. Its expiry is read from the token; --expires-at or\n"
              "                            --expires-in give one for a token that carries none, else it\n"
              "                            is unknown. --replace gives an application of that name the\n"
              "                            new token.\n"
              "  remove NAME               Deletes the account and its keychain entries.\n"
              "  signout NAME              Forgets the account's tokens and keeps its credentials.\n"
              "  export [--output FILE]    Every account as JSON, without any secret.\n"
              "  import [--on-duplicate skip|rename] FILE\n"
              "                            Adds the accounts of an export; names that exist are\n"
              "                            refused unless skipped or renamed. Lists the accounts that\n"
              "                            still need a password or client secret.\n"
              "  log [--json] [--limit N]  The latest tokens handed out (default 50, newest last): when,\n"
              "                            account, command and the process that got it (pid, user,\n"
              "                            program). Never the token.\n"
              "\n"
              "NAME is the account's display name or id.\n"
              "\n"
              "Options:\n"
              "  --config-dir DIR          Use DIR for the accounts file and settings. Keychain entries\n"
              "                            are kept apart for each directory.\n"
              "  --ca-file PEM             Also trust the CA certificates in PEM. A running TokenTray\n"
              "                            answering the command uses its own setting.\n"
              "  --min-valid SECONDS       token, header, curl, claims, env, exec: renew first when the\n"
              "                            token has less time left (default 60).\n"
              "  -h, --help                Show this help.\n"
              "  -v, --version             Show the version.\n"
              "\n"
              "Window options:\n"
              "  --demo                    Start an offline demo with a local fake server.\n"
              "  --minimized               Start in the tray without showing the window.\n"
              "\n"
              "Exit status: 0 ok, 2 usage error, 3 unknown account, 4 credentials rejected (not\n"
              "retried), 5 network or service unavailable, 6 keychain unavailable, 7 bad configuration,\n"
              "8 no private runtime directory for --token-file, 9 import: names exist, 10 import/export:\n"
              "bad file, 11 the pasted token has expired (paste a new one with add --token-stdin\n"
              "--replace), 128+N stopped by signal N (143 SIGTERM, 130 SIGINT, 129 SIGHUP). exec: CMD's own\n"
              "status (128+N when a signal N ended it), 126 CMD cannot be run, 127 CMD not found.\n");
}
