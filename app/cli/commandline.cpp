#include "cli/commandline.h"

#include "accounts/accounttransfer.h"
#include "base/stopsignalwatcher.h"
#include "base/translations.h"
#include "cli/cliarguments.h"
#include "cli/cliinvocation.h"
#include "cli/execcommand.h"
#include "cli/secretinput.h"
#include "ipc/instanceprotocol.h"
#include "network/networkpolicy.h"
#include "platform/atomicfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
void writeOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

// One line on stderr, always starting with "tokentray:".
void writeError(const QString &message)
{
    QString line = message.simplified();
    if (line.isEmpty())
        line = QCoreApplication::translate("CommandLine", "The command failed.");
    const QByteArray bytes = ("tokentray: "_L1 + line + u'\n').toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

// Scripts parse stderr: keep it to the one error line. Library chatter is
// shown only when asked for with TOKENTRAY_DEBUG=1.
void quietMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    static const bool verbose = qEnvironmentVariableIntValue("TOKENTRAY_DEBUG") != 0;
    if (!verbose && type != QtCriticalMsg && type != QtFatalMsg)
        return;
    writeError(message);
}

QString signalName(int signalNumber)
{
    switch (signalNumber) {
    case SIGTERM:
        return u"SIGTERM"_s;
    case SIGINT:
        return u"SIGINT"_s;
    case SIGHUP:
        return u"SIGHUP"_s;
    default:
        return u"signal %1"_s.arg(signalNumber);
    }
}

QStringList argumentList(int argc, char **argv)
{
    QStringList list;
    for (int i = 1; i < argc; ++i)
        list.append(QString::fromLocal8Bit(argv[i]));
    return list;
}
} // namespace

bool CommandLine::handles(int argc, char **argv)
{
    return CliArguments::isCommandLine(argumentList(argc, argv));
}

QString CommandLine::defaultConfigDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}

int CommandLine::run(int argc, char **argv, const LocalCommandFactory &localCommand)
{
    qInstallMessageHandler(quietMessageHandler);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"TokenTray"_s);
    QCoreApplication::setOrganizationName(u"TokenTray"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENTRAY_VERSION));
    installTranslations(app);

    auto arguments = CliArguments::parse(argumentList(argc, argv));
    if (!arguments) {
        writeError(arguments.error());
        return exitStatus(ExitCode::Usage);
    }
    if (arguments->action == CliArguments::Action::Help) {
        writeOut(CliArguments::helpText());
        return exitStatus(ExitCode::Ok);
    }
    if (arguments->action == CliArguments::Action::Version) {
        writeOut(QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n');
        return exitStatus(ExitCode::Ok);
    }

    const QString configDir = InstanceProtocol::normalizedConfigDir(
        arguments->configDir.isEmpty() ? defaultConfigDir() : arguments->configDir);

    if (!arguments->caFile.isEmpty()) {
        // Checked here too, so that a bad file is reported even when the running instance answers.
        QNetworkAccessManager manager;
        NetworkPolicy policy(&manager);
        if (const Status ca = policy.setExtraCaFile(arguments->caFile); !ca) {
            writeError(ca.error());
            return exitStatus(ExitCode::BadConfig);
        }
    }

    CliRequest request = arguments->request;
    if (arguments->secretFromStdin) {
        const QString prompt = request.pastedToken
            ? QCoreApplication::translate("CommandLine", "Token for %1: ").arg(request.name)
            : request.provider == Provider::SevenG
            ? QCoreApplication::translate("CommandLine", "Password for %1: ").arg(request.login)
            : QCoreApplication::translate("CommandLine", "Client secret for %1: ").arg(request.login);
        auto secret = SecretInput::readFromStdin(prompt);
        if (!secret) {
            writeError(secret.error());
            return exitStatus(ExitCode::Usage);
        }
        request.secret = std::move(secret.value());
    }

    if (request.command == CliCommand::Import) {
        // Read and checked here, so that a bad file is refused before
        // anything is sent, and the file's path never matters to the window.
        QFile file(arguments->importFile);
        if (!file.open(QIODevice::ReadOnly)) {
            writeError(QCoreApplication::translate("CommandLine", "Cannot read \"%1\": %2.")
                           .arg(arguments->importFile, file.errorString()));
            return exitStatus(ExitCode::BadFile);
        }
        const QByteArray data = file.read(AccountTransfer::MaxFileBytes + 1);
        if (const auto checked = AccountTransfer::read(data); !checked) {
            writeError(QCoreApplication::translate("CommandLine", "Nothing was imported from \"%1\": %2")
                           .arg(arguments->importFile, checked.error()));
            return exitStatus(ExitCode::BadFile);
        }
        request.importData = QString::fromUtf8(data);
    }

    // Watched only from here on: a stop at the secret prompt still ends the
    // process at once, with nothing started.
    StopSignalWatcher stopSignals;

    int status = exitStatus(ExitCode::Ok);
    if (request.command == CliCommand::Exec) {
        ExecCommand::Options options;
        options.configDir = configDir;
        options.caFile = arguments->caFile;
        options.request = request;
        options.program = arguments->program;
        options.tokenFile = arguments->tokenFile;
        options.runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
        options.localCommand = localCommand;
        ExecCommand exec(std::move(options));
        QObject::connect(&exec, &ExecCommand::warning, &app, &writeError);
        QObject::connect(&exec, &ExecCommand::finished, &app, [&status](int code, const QString &error) {
            if (!error.isEmpty())
                writeError(error);
            status = code;
            QCoreApplication::exit(code);
        });
        // exec passes every stop signal on to CMD, whose status becomes ours.
        QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &exec,
                         [&exec](int signalNumber, int) { exec.passOnStopSignal(signalNumber); });
        exec.start();
        app.exec();
        return status;
    }

    const auto stopped = [&status](int signalNumber) {
        writeError(
            QCoreApplication::translate("CommandLine", "Stopped by %1.").arg(signalName(signalNumber)));
        status = stoppedBySignalStatus(signalNumber);
        QCoreApplication::exit(status);
    };
    CliInvocation invocation(configDir, arguments->caFile, std::move(request), localCommand);
    const QString outputFile = arguments->outputFile;
    QObject::connect(&invocation, &CliInvocation::finished, &app, [&](const CliResponse &response) {
        if (StopSignalWatcher::received() > 0) {
            stopped(StopSignalWatcher::lastSignal());
            return;
        }
        status = exitStatus(response.exitCode);
        if (!response.warning.isEmpty())
            writeError(response.warning);
        if (response.ok() && !outputFile.isEmpty()) {
            // export --output: the whole file or, on failure, the old one untouched.
            if (const Status written = AtomicFile::write(outputFile, response.output.toUtf8()); !written) {
                writeError(QCoreApplication::translate("CommandLine", "Cannot write \"%1\": %2")
                               .arg(outputFile, written.error()));
                status = exitStatus(ExitCode::BadFile);
            }
        } else if (response.ok()) {
            writeOut(response.output);
        } else {
            writeError(response.error);
        }
        QCoreApplication::exit(status);
    });
    // The first stop lets keychain writes under way finish; a second one does
    // not wait for them.
    QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &app, [&](int signalNumber, int count) {
        if (count == 1)
            invocation.interrupt();
        else
            stopped(signalNumber);
    });
    invocation.start();
    app.exec();
    return status;
}
