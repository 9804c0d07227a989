#include "cli/cliarguments.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestCliArguments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handles_data();
    void handles();
    void parsesTokenCommands();
    void optionsAnywhere();
    void dashDashEndsOptions();
    void helpAndVersion();
    void parsesAdd7g();
    void parsesAdd7gCustomUrl();
    void parsesAddD7();
    void parsesAddPastedToken();
    void parsesEnv();
    void parsesExec();
    void parsesLog();
    void usageErrors_data();
    void usageErrors();
    void helpTextListsEverything();
};

void TestCliArguments::handles_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("cli");
    QTest::newRow("nothing") << QStringList() << false;
    QTest::newRow("list") << QStringList { u"list"_s } << true;
    QTest::newRow("token") << QStringList { u"token"_s, u"prod"_s } << true;
    QTest::newRow("every command") << QStringList { u"signout"_s, u"x"_s } << true;
    QTest::newRow("config dir then command")
        << QStringList { u"--config-dir"_s, u"/tmp/x"_s, u"curl"_s, u"a"_s } << true;
    QTest::newRow("config dir named like a command") << QStringList { u"--config-dir"_s, u"list"_s } << false;
    QTest::newRow("config dir with =")
        << QStringList { u"--config-dir=/tmp/x"_s, u"claims"_s, u"a"_s } << true;
    QTest::newRow("window options") << QStringList { u"--demo"_s, u"--minimized"_s } << false;
    QTest::newRow("help") << QStringList { u"--help"_s } << true;
    QTest::newRow("-h") << QStringList { u"-h"_s } << true;
    QTest::newRow("help-all") << QStringList { u"--help-all"_s } << true;
    QTest::newRow("version") << QStringList { u"--version"_s } << true;
    QTest::newRow("-v") << QStringList { u"-v"_s } << true;
    QTest::newRow("help with window option") << QStringList { u"--demo"_s, u"--help"_s } << true;
    QTest::newRow("Qt option value") << QStringList { u"-platform"_s, u"offscreen"_s } << false;
    QTest::newRow("Qt option value like a command") << QStringList { u"-platform"_s, u"list"_s } << false;
    QTest::newRow("not a command") << QStringList { u"frobnicate"_s } << false;
    QTest::newRow("after --") << QStringList { u"--"_s, u"list"_s } << true;
    QTest::newRow("env") << QStringList { u"env"_s, u"--format"_s, u"json"_s, u"a"_s } << true;
    QTest::newRow("exec") << QStringList { u"exec"_s, u"a"_s, u"--"_s, u"make"_s } << true;
    QTest::newRow("ca file then add")
        << QStringList { u"--ca-file"_s, u"ca.pem"_s, u"add"_s, u"--provider"_s, u"d7"_s } << true;
}

void TestCliArguments::handles()
{
    QFETCH(QStringList, args);
    QFETCH(bool, cli);
    QCOMPARE(CliArguments::isCommandLine(args), cli);
}

void TestCliArguments::parsesTokenCommands()
{
    const auto token = CliArguments::parse({ u"token"_s, u"prod-7g"_s });
    QVERIFY2(token.ok(), qPrintable(token.error()));
    QCOMPARE(token->action, CliArguments::Action::Run);
    QCOMPARE(token->request.command, CliCommand::Token);
    QCOMPARE(token->request.account, u"prod-7g"_s);
    QCOMPARE(token->request.minValidSeconds, 60);
    QVERIFY(token->configDir.isEmpty());

    const auto header = CliArguments::parse({ u"header"_s, u"--min-valid"_s, u"300"_s, u"x"_s });
    QVERIFY2(header.ok(), qPrintable(header.error()));
    QCOMPARE(header->request.command, CliCommand::Header);
    QCOMPARE(header->request.minValidSeconds, 300);

    const auto curl = CliArguments::parse({ u"curl"_s, u"--min-valid=0"_s, u"x"_s });
    QVERIFY2(curl.ok(), qPrintable(curl.error()));
    QCOMPARE(curl->request.minValidSeconds, 0);

    const auto list = CliArguments::parse({ u"list"_s, u"--json"_s });
    QVERIFY2(list.ok(), qPrintable(list.error()));
    QCOMPARE(list->request.command, CliCommand::List);
    QVERIFY(list->request.json);

    const auto signout = CliArguments::parse({ u"signout"_s, u"x"_s });
    QVERIFY2(signout.ok(), qPrintable(signout.error()));
    QCOMPARE(signout->request.command, CliCommand::SignOut);
}

void TestCliArguments::optionsAnywhere()
{
    const auto args = CliArguments::parse(
        { u"--config-dir"_s, u"/some/dir"_s, u"claims"_s, u"acct"_s, u"--ca-file=/ca.pem"_s });
    QVERIFY2(args.ok(), qPrintable(args.error()));
    QCOMPARE(args->configDir, u"/some/dir"_s);
    QCOMPARE(args->caFile, u"/ca.pem"_s);
    QCOMPARE(args->request.command, CliCommand::Claims);
    QCOMPARE(args->request.account, u"acct"_s);
}

void TestCliArguments::dashDashEndsOptions()
{
    const auto args = CliArguments::parse({ u"token"_s, u"--"_s, u"-odd-name"_s });
    QVERIFY2(args.ok(), qPrintable(args.error()));
    QCOMPARE(args->request.account, u"-odd-name"_s);
}

void TestCliArguments::helpAndVersion()
{
    QCOMPARE(CliArguments::parse({ u"--help"_s })->action, CliArguments::Action::Help);
    QCOMPARE(CliArguments::parse({ u"token"_s, u"-h"_s })->action, CliArguments::Action::Help);
    QCOMPARE(CliArguments::parse({ u"--demo"_s, u"--help"_s })->action, CliArguments::Action::Help);
    QCOMPARE(CliArguments::parse({ u"-v"_s })->action, CliArguments::Action::Version);
    QCOMPARE(CliArguments::parse({ u"--version"_s, u"--help"_s })->action, CliArguments::Action::Help);
}

void TestCliArguments::parsesAdd7g()
{
    const auto args = CliArguments::parse({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"Prod 7G"_s,
                                            u"--environment"_s, u"dev"_s, u"--username"_s,
                                            u"ops@example.com"_s, u"--password-stdin"_s });
    QVERIFY2(args.ok(), qPrintable(args.error()));
    QVERIFY(args->secretFromStdin);
    const CliRequest &r = args->request;
    QCOMPARE(r.command, CliCommand::Add);
    QCOMPARE(r.provider, Provider::SevenG);
    QCOMPARE(r.name, u"Prod 7G"_s);
    QCOMPARE(r.login, u"ops@example.com"_s);
    QVERIFY(r.secret.isEmpty());
    const auto account = r.newAccount();
    QVERIFY2(account.ok(), qPrintable(account.error()));
    QCOMPARE(account->environment, u"dev"_s);
    QCOMPARE(account->baseUrl, QUrl(u"https://dev-api.7g.com.au"_s));
    QVERIFY(!account->id.isNull());
}

void TestCliArguments::parsesAdd7gCustomUrl()
{
    const auto args = CliArguments::parse({ u"add"_s, u"--provider=7g"_s, u"--name=local"_s,
                                            u"--base-url=http://127.0.0.1:8080"_s, u"--username=u"_s,
                                            u"--password-stdin"_s, u"--verify"_s });
    QVERIFY2(args.ok(), qPrintable(args.error()));
    QVERIFY(args->request.verify);
    const auto account = args->request.newAccount();
    QVERIFY2(account.ok(), qPrintable(account.error()));
    QCOMPARE(account->environment, u"custom"_s);
    QCOMPARE(account->baseUrl, QUrl(u"http://127.0.0.1:8080"_s));
}

void TestCliArguments::parsesAddD7()
{
    const auto args = CliArguments::parse({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"sms"_s,
                                            u"--client-id"_s, u"abc"_s, u"--secret-stdin"_s });
    QVERIFY2(args.ok(), qPrintable(args.error()));
    QVERIFY(args->secretFromStdin);
    const auto account = args->request.newAccount();
    QVERIFY2(account.ok(), qPrintable(account.error()));
    QCOMPARE(account->provider, Provider::D7);
    QCOMPARE(account->login, u"abc"_s);
    QCOMPARE(account->baseUrl, defaultD7BaseUrl());
}

void TestCliArguments::parsesAddPastedToken()
{
    const QStringList base {
        u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"panel"_s, u"--token-stdin"_s
    };
    const auto plain = CliArguments::parse(base);
    QVERIFY2(plain.ok(), qPrintable(plain.error()));
    QVERIFY(plain->secretFromStdin);
    QVERIFY(plain->request.pastedToken);
    QVERIFY(!plain->request.replace);
    QVERIFY(!plain->request.tokenExpiresAt.isValid());
    const auto account = plain->request.newAccount();
    QVERIFY2(account.ok(), qPrintable(account.error())); // no client id needed
    QVERIFY(account->usesPastedToken());
    QVERIFY(account->login.isEmpty());

    const auto at = CliArguments::parse(base
                                        + QStringList { u"--expires-at"_s, u"2031-02-03T04:05:06Z"_s,
                                                        u"--replace"_s, u"--client-id"_s, u"c"_s });
    QVERIFY2(at.ok(), qPrintable(at.error()));
    QCOMPARE(at->request.tokenExpiresAt, QDateTime(QDate(2031, 2, 3), QTime(4, 5, 6), Qt::UTC));
    QVERIFY(at->request.replace);
    QCOMPARE(at->request.newAccount()->pastedTokenExpiresAt, at->request.tokenExpiresAt);
    QCOMPARE(at->request.newAccount()->login, u"c"_s);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto in = CliArguments::parse(base + QStringList { u"--expires-in=3600"_s });
    QVERIFY2(in.ok(), qPrintable(in.error()));
    QVERIFY(qAbs(in->request.tokenExpiresAt.secsTo(before.addSecs(3600))) <= 2);

    // Through the instance socket and back, with the token read from stdin.
    CliRequest sent = at->request;
    sent.secret = u"pasted.token.value"_s;
    QString error;
    const auto back = CliRequest::fromJson(sent.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(back->pastedToken);
    QVERIFY(back->replace);
    QCOMPARE(back->tokenExpiresAt, at->request.tokenExpiresAt);
    QCOMPARE(back->secret, sent.secret);
}

void TestCliArguments::parsesEnv()
{
    const auto shell = CliArguments::parse({ u"env"_s, u"prod"_s });
    QVERIFY2(shell.ok(), qPrintable(shell.error()));
    QCOMPARE(shell->request.command, CliCommand::Env);
    QCOMPARE(shell->request.account, u"prod"_s);
    QCOMPARE(shell->request.envFormat, TokenFormat::EnvStyle::Shell);
    QVERIFY(shell->request.needsToken());

    const auto dotenv
        = CliArguments::parse({ u"env"_s, u"--format=dotenv"_s, u"prod"_s, u"--min-valid=5"_s });
    QVERIFY2(dotenv.ok(), qPrintable(dotenv.error()));
    QCOMPARE(dotenv->request.envFormat, TokenFormat::EnvStyle::Dotenv);
    QCOMPARE(dotenv->request.minValidSeconds, 5);

    const auto json = CliArguments::parse({ u"env"_s, u"prod"_s, u"--format"_s, u"json"_s });
    QVERIFY2(json.ok(), qPrintable(json.error()));
    QCOMPARE(json->request.envFormat, TokenFormat::EnvStyle::Json);
}

void TestCliArguments::parsesExec()
{
    const auto plain = CliArguments::parse({ u"exec"_s, u"prod"_s, u"--"_s, u"make"_s, u"deploy"_s });
    QVERIFY2(plain.ok(), qPrintable(plain.error()));
    QCOMPARE(plain->request.command, CliCommand::Exec);
    QCOMPARE(plain->request.account, u"prod"_s);
    QCOMPARE(plain->request.minValidSeconds, 60);
    QCOMPARE(plain->program, (QStringList { u"make"_s, u"deploy"_s }));
    QVERIFY(!plain->tokenFile);

    // Everything after the "--" is the program's: options, "--", even our own options.
    const auto own = CliArguments::parse({ u"--config-dir"_s, u"/c"_s, u"exec"_s, u"--token-file"_s,
                                           u"--min-valid"_s, u"300"_s, u"prod"_s, u"--"_s, u"tool"_s,
                                           u"--config-dir"_s, u"x"_s, u"--help"_s, u"--"_s, u"-v"_s });
    QVERIFY2(own.ok(), qPrintable(own.error()));
    QCOMPARE(own->action, CliArguments::Action::Run);
    QCOMPARE(own->configDir, u"/c"_s);
    QVERIFY(own->tokenFile);
    QCOMPARE(own->request.minValidSeconds, 300);
    QCOMPARE(own->program,
             (QStringList { u"tool"_s, u"--config-dir"_s, u"x"_s, u"--help"_s, u"--"_s, u"-v"_s }));

    // A name with a dash comes after a first "--"; the second starts the program.
    const auto dashed = CliArguments::parse({ u"exec"_s, u"--"_s, u"-odd"_s, u"--"_s, u"env"_s });
    QVERIFY2(dashed.ok(), qPrintable(dashed.error()));
    QCOMPARE(dashed->request.account, u"-odd"_s);
    QCOMPARE(dashed->program, QStringList { u"env"_s });
}

void TestCliArguments::parsesLog()
{
    const auto plain = CliArguments::parse({ u"log"_s });
    QVERIFY2(plain.ok(), qPrintable(plain.error()));
    QCOMPARE(plain->request.command, CliCommand::Log);
    QVERIFY(!plain->request.json);
    QCOMPARE(plain->request.limit, 50);
    QVERIFY(!plain->request.needsAccount());

    const auto json = CliArguments::parse({ u"log"_s, u"--limit"_s, u"7"_s, u"--json"_s });
    QVERIFY2(json.ok(), qPrintable(json.error()));
    QVERIFY(json->request.json);
    QCOMPARE(json->request.limit, 7);
    QVERIFY(CliArguments::isCommandLine({ u"log"_s }));
    // The exec form is set by the command, never on the command line.
    QCOMPARE(
        CliArguments::parse({ u"exec"_s, u"--token-file"_s, u"a"_s, u"--"_s, u"x"_s })->request.execDelivery,
        ExecDelivery::Environment);
}

void TestCliArguments::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    const QStringList add7g
        = { u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s, u"n"_s, u"--username"_s, u"u"_s };
    const QStringList addD7
        = { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"n"_s, u"--client-id"_s, u"c"_s };

    QTest::newRow("no command") << QStringList { u"--config-dir"_s, u"/x"_s };
    QTest::newRow("unknown command") << QStringList { u"frobnicate"_s };
    QTest::newRow("unknown option") << QStringList { u"list"_s, u"--frob"_s };
    QTest::newRow("unknown short option") << QStringList { u"list"_s, u"-x"_s };
    QTest::newRow("missing name") << QStringList { u"token"_s };
    QTest::newRow("two names") << QStringList { u"token"_s, u"a"_s, u"b"_s };
    QTest::newRow("list with a name") << QStringList { u"list"_s, u"a"_s };
    QTest::newRow("json on token") << QStringList { u"token"_s, u"a"_s, u"--json"_s };
    QTest::newRow("min-valid on list") << QStringList { u"list"_s, u"--min-valid"_s, u"5"_s };
    QTest::newRow("min-valid not a number") << QStringList { u"token"_s, u"a"_s, u"--min-valid"_s, u"abc"_s };
    QTest::newRow("min-valid negative") << QStringList { u"token"_s, u"a"_s, u"--min-valid=-1"_s };
    QTest::newRow("min-valid too big") << QStringList { u"token"_s, u"a"_s, u"--min-valid=86401"_s };
    QTest::newRow("value missing at end") << QStringList { u"token"_s, u"a"_s, u"--min-valid"_s };
    QTest::newRow("empty value") << QStringList { u"list"_s, u"--config-dir="_s };
    QTest::newRow("flag with value") << QStringList { u"list"_s, u"--json=yes"_s };
    QTest::newRow("option twice") << QStringList { u"list"_s, u"--json"_s, u"--json"_s };
    QTest::newRow("log with a name") << QStringList { u"log"_s, u"a"_s };
    QTest::newRow("log limit zero") << QStringList { u"log"_s, u"--limit"_s, u"0"_s };
    QTest::newRow("log limit too big") << QStringList { u"log"_s, u"--limit=1001"_s };
    QTest::newRow("log limit not a number") << QStringList { u"log"_s, u"--limit"_s, u"ten"_s };
    QTest::newRow("limit on list") << QStringList { u"list"_s, u"--limit"_s, u"5"_s };
    QTest::newRow("min-valid on log") << QStringList { u"log"_s, u"--min-valid"_s, u"5"_s };
    QTest::newRow("window option with command") << QStringList { u"list"_s, u"--demo"_s };
    QTest::newRow("empty account name") << QStringList { u"token"_s, u" "_s };
    QTest::newRow("add without provider") << QStringList { u"add"_s, u"--name"_s, u"n"_s };
    QTest::newRow("add unknown provider") << QStringList { u"add"_s, u"--provider"_s, u"x"_s };
    QTest::newRow("7g without stdin") << (add7g + QStringList { u"--environment"_s, u"dev"_s });
    QTest::newRow("7g without environment") << (add7g + QStringList { u"--password-stdin"_s });
    QTest::newRow("7g with both") << (add7g
                                      + QStringList { u"--environment"_s, u"dev"_s, u"--base-url"_s,
                                                      u"https://x.example"_s, u"--password-stdin"_s });
    QTest::newRow("7g unknown environment")
        << (add7g + QStringList { u"--environment"_s, u"staging"_s, u"--password-stdin"_s });
    QTest::newRow("7g plain http") << (add7g
                                       + QStringList { u"--base-url"_s, u"http://api.example.com"_s,
                                                       u"--password-stdin"_s });
    QTest::newRow("7g with client id")
        << (add7g
            + QStringList { u"--environment"_s, u"dev"_s, u"--client-id"_s, u"c"_s, u"--password-stdin"_s });
    QTest::newRow("7g with secret-stdin")
        << (add7g + QStringList { u"--environment"_s, u"dev"_s, u"--secret-stdin"_s });
    QTest::newRow("7g without username")
        << QStringList { u"add"_s, u"--provider"_s,    u"7g"_s,  u"--name"_s,
                         u"n"_s,   u"--environment"_s, u"dev"_s, u"--password-stdin"_s };
    QTest::newRow("7g without name") << QStringList { u"add"_s, u"--provider"_s,
                                                      u"7g"_s,  u"--username"_s,
                                                      u"u"_s,   u"--environment"_s,
                                                      u"dev"_s, u"--password-stdin"_s };
    QTest::newRow("d7 without stdin") << addD7;
    const QStringList pasted { u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s, u"n"_s, u"--token-stdin"_s };
    QTest::newRow("token on the command line") << (pasted + QStringList { u"--token"_s, u"abc"_s });
    QTest::newRow("token= on the command line") << (pasted + QStringList { u"--token=abc"_s });
    QTest::newRow("secret on the command line") << (addD7 + QStringList { u"--client-secret=abc"_s });
    QTest::newRow("password on the command line") << (add7g + QStringList { u"--password"_s, u"abc"_s });
    QTest::newRow("token and secret stdin") << (pasted + QStringList { u"--secret-stdin"_s });
    QTest::newRow("token with verify") << (pasted + QStringList { u"--verify"_s });
    QTest::newRow("7g with token-stdin")
        << (add7g + QStringList { u"--environment"_s, u"dev"_s, u"--token-stdin"_s });
    QTest::newRow("expires-at not a date") << (pasted + QStringList { u"--expires-at"_s, u"tomorrow"_s });
    QTest::newRow("expires-in zero") << (pasted + QStringList { u"--expires-in"_s, u"0"_s });
    QTest::newRow("expires-in words") << (pasted + QStringList { u"--expires-in"_s, u"soon"_s });
    QTest::newRow("both expiries") << (pasted
                                       + QStringList { u"--expires-in"_s, u"60"_s, u"--expires-at"_s,
                                                       u"2031-01-01T00:00:00Z"_s });
    QTest::newRow("expiry without token")
        << (addD7 + QStringList { u"--secret-stdin"_s, u"--expires-in=60"_s });
    QTest::newRow("replace without token") << (addD7 + QStringList { u"--secret-stdin"_s, u"--replace"_s });
    QTest::newRow("d7 with environment")
        << (addD7 + QStringList { u"--environment"_s, u"dev"_s, u"--secret-stdin"_s });
    QTest::newRow("d7 with username")
        << (addD7 + QStringList { u"--username"_s, u"u"_s, u"--secret-stdin"_s });
    QTest::newRow("d7 bad url") << (addD7
                                    + QStringList { u"--base-url"_s, u"ftp://x.example"_s,
                                                    u"--secret-stdin"_s });
    QTest::newRow("name with newline")
        << QStringList { u"add"_s,  u"--provider"_s,  u"d7"_s, u"--name"_s,
                         u"a\nb"_s, u"--client-id"_s, u"c"_s,  u"--secret-stdin"_s };
    QTest::newRow("add with a positional") << (addD7 + QStringList { u"--secret-stdin"_s, u"extra"_s });
    QTest::newRow("env unknown format") << QStringList { u"env"_s, u"a"_s, u"--format"_s, u"yaml"_s };
    QTest::newRow("format on token") << QStringList { u"token"_s, u"a"_s, u"--format"_s, u"json"_s };
    QTest::newRow("env without name") << QStringList { u"env"_s };
    QTest::newRow("exec without name") << QStringList { u"exec"_s };
    QTest::newRow("exec without program") << QStringList { u"exec"_s, u"a"_s };
    QTest::newRow("exec without --") << QStringList { u"exec"_s, u"a"_s, u"make"_s };
    QTest::newRow("exec empty program") << QStringList { u"exec"_s, u"a"_s, u"--"_s };
    QTest::newRow("exec program named empty") << QStringList { u"exec"_s, u"a"_s, u"--"_s, u""_s };
    QTest::newRow("exec two names") << QStringList { u"exec"_s, u"a"_s, u"b"_s, u"--"_s, u"make"_s };
    QTest::newRow("token-file on token") << QStringList { u"token"_s, u"a"_s, u"--token-file"_s };
    QTest::newRow("json on exec") << QStringList { u"exec"_s, u"--json"_s, u"a"_s, u"--"_s, u"x"_s };
}

void TestCliArguments::usageErrors()
{
    QFETCH(QStringList, args);
    const auto parsed = CliArguments::parse(args);
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.error().isEmpty());
    QVERIFY2(!parsed.error().contains(u'\n'), qPrintable(parsed.error()));
}

void TestCliArguments::helpTextListsEverything()
{
    const QString help = CliArguments::helpText();
    for (const auto &word : { u"list"_s,
                              u"token"_s,
                              u"header"_s,
                              u"curl"_s,
                              u"claims"_s,
                              u"env"_s,
                              u"exec"_s,
                              u"--format"_s,
                              u"--token-file"_s,
                              u"TOKENTRAY_TOKEN_FILE"_s,
                              u"add"_s,
                              u"remove"_s,
                              u"signout"_s,
                              u"log"_s,
                              u"--limit"_s,
                              u"--config-dir"_s,
                              u"--ca-file"_s,
                              u"--min-valid"_s,
                              u"--json"_s,
                              u"--password-stdin"_s,
                              u"--secret-stdin"_s,
                              u"--demo"_s,
                              u"--minimized"_s,
                              u"--help"_s,
                              u"--version"_s })
        QVERIFY2(help.contains(word), qPrintable(word));
}

QTEST_GUILESS_MAIN(TestCliArguments)
#include "tst_cliarguments.moc"
