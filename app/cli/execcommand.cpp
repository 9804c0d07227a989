#include "cli/execcommand.h"

#include "base/backoff.h"
#include "cli/cliinvocation.h"
#include "cli/tokenfile.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <algorithm>
#include <signal.h>

using namespace Qt::StringLiterals;

namespace {
const QString TokenVariable = u"TOKENTRAY_TOKEN"_s;
const QString AuthorizationVariable = u"TOKENTRAY_AUTHORIZATION"_s;
const QString TokenFileVariable = QString::fromLatin1(TokenFile::PathVariable);

enum class Lookup { Found, NotFound, NotExecutable };

// As a shell looks a command up: a name with a slash is a path, any other
// name is searched for in PATH.
Lookup findProgram(const QString &name, QString *path)
{
    const auto check = [](const QString &candidate) {
        const QFileInfo info(candidate);
        if (!info.exists())
            return Lookup::NotFound;
        if (info.isDir() || !info.isExecutable())
            return Lookup::NotExecutable;
        return Lookup::Found;
    };
    if (name.contains(u'/')) {
        *path = name;
        return check(name);
    }
    Lookup result = Lookup::NotFound;
    const QStringList dirs = qEnvironmentVariable("PATH").split(u':');
    for (const QString &dir : dirs) {
        const QString candidate = QDir(dir.isEmpty() ? u"."_s : dir).filePath(name);
        switch (check(candidate)) {
        case Lookup::Found:
            *path = candidate;
            return Lookup::Found;
        case Lookup::NotExecutable:
            result = Lookup::NotExecutable;
            break;
        case Lookup::NotFound:
            break;
        }
    }
    return result;
}

bool stopsRenewing(ExitCode code)
{
    // A rejected credential is never tried again, and a removed account or a
    // broken configuration will not mend by itself.
    // Nor will a pasted token that has expired.
    return code == ExitCode::CredentialsRejected || code == ExitCode::UnknownAccount
        || code == ExitCode::BadConfig || code == ExitCode::Usage || code == ExitCode::TokenExpired;
}
} // namespace

ExecCommand::ExecCommand(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_renewTimer.setSingleShot(true);
    m_renewTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_renewTimer, &QTimer::timeout, this, [this] { fetch(m_renewMinValid); });
}

ExecCommand::~ExecCommand()
{
    if (m_child && m_child->state() != QProcess::NotRunning) {
        m_child->disconnect(this);
        m_child->terminate();
        m_child->waitForFinished(5000);
    }
}

ExecCommand::Renewal ExecCommand::renewalFor(qint64 secondsLeft, int minValid)
{
    const qint64 left = std::max<qint64>(0, secondsLeft);
    // Renew a little before the token has less than --min-valid left ...
    qint64 before = minValid + std::clamp<qint64>(left / 10, 1, 30);
    // ... or, for a token whose whole life is shorter than that, at two
    // thirds of it.
    if (before >= left)
        before = left / 3;
    Renewal renewal;
    renewal.delaySeconds = std::max<qint64>(1, left - before);
    // At that time the token has `before` seconds left, give or take the
    // rounding to whole seconds: asking for more makes it renew.
    renewal.minValidSeconds = static_cast<int>(std::min<qint64>(before + 2, CliRequest::MaxMinValidSeconds));
    return renewal;
}

void ExecCommand::start()
{
    QTimer::singleShot(0, this, [this] {
        const QString name = m_options.program.value(0);
        switch (findProgram(name, &m_programPath)) {
        case Lookup::Found:
            break;
        case Lookup::NotFound:
            finish(exitStatus(ExitCode::CommandNotFound), tr("%1: command not found.").arg(name));
            return;
        case Lookup::NotExecutable:
            finish(exitStatus(ExitCode::CommandNotExecutable),
                   tr("%1: not an executable file (permission denied).").arg(name));
            return;
        }
        if (m_options.tokenFile) {
            auto file = TokenFile::create(m_options.runtimeDir);
            if (!file) {
                finish(exitStatus(ExitCode::TokenFileUnavailable), file.error());
                return;
            }
            m_tokenFile = std::move(file.value());
        }
        fetch(m_options.request.minValidSeconds);
    });
}

void ExecCommand::fetch(int minValidSeconds)
{
    if (m_fetch || m_finished)
        return;
    CliRequest request = m_options.request;
    request.minValidSeconds = std::clamp(minValidSeconds, 0, CliRequest::MaxMinValidSeconds);
    if (m_tokenFile)
        request.execDelivery = m_child ? ExecDelivery::TokenFileRenewal : ExecDelivery::TokenFile;
    m_fetch = new CliInvocation(m_options.configDir, m_options.caFile, request, m_options.localCommand, this);
    connect(m_fetch, &CliInvocation::finished, this, &ExecCommand::onFetched);
    m_fetch->start();
}

void ExecCommand::onFetched(const CliResponse &response)
{
    if (m_fetch) {
        m_fetch->deleteLater();
        m_fetch = nullptr;
    }
    if (m_finished)
        return;
    if (!response.warning.isEmpty() && !m_warnedOnce) {
        m_warnedOnce = true;
        Q_EMIT warning(response.warning);
    }
    if (m_childStatus) {
        // CMD ended while this renewal was under way; its tokens are stored now.
        finish(*m_childStatus);
        return;
    }
    const bool first = !m_child;
    if (!response.ok()) {
        if (first)
            finish(exitStatus(response.exitCode), response.error);
        else
            onRenewalFailed(response.exitCode, response.error);
        return;
    }
    QString parseError;
    const auto handoff = TokenHandoff::fromText(response.output, &parseError);
    if (!handoff) {
        const QString message = tr("The token came in an unreadable form: %1").arg(parseError);
        if (first)
            finish(exitStatus(ExitCode::Unavailable), message);
        else
            onRenewalFailed(ExitCode::Unavailable, message);
        return;
    }
    if (m_tokenFile) {
        if (const Status written = m_tokenFile->write(handoff->token); !written) {
            if (first) {
                finish(exitStatus(ExitCode::TokenFileUnavailable), written.error());
                return;
            }
            // The old token stays in place; try again like any failed renewal.
            onRenewalFailed(ExitCode::Unavailable, written.error());
            return;
        }
    }
    m_failures = 0;
    if (first)
        startChild(*handoff);
    if (m_tokenFile && m_renewing)
        scheduleRenewal(handoff->secondsLeft);
}

void ExecCommand::onRenewalFailed(ExitCode code, const QString &message)
{
    ++m_failures;
    const QString name = m_options.request.account;
    if (stopsRenewing(code)) {
        m_renewing = false;
        Q_EMIT warning(tr("Cannot renew the token of \"%1\", so the token file is no longer renewed: %2")
                           .arg(name, message));
        return;
    }
    const qint64 delayMs = Backoff().delayMs(m_failures);
    if (m_failures == 1)
        Q_EMIT warning(tr("Could not renew the token of \"%1\"; trying again: %2").arg(name, message));
    m_renewTimer.start(static_cast<int>(delayMs));
}

void ExecCommand::scheduleRenewal(qint64 secondsLeft)
{
    const Renewal renewal = renewalFor(secondsLeft, m_options.request.minValidSeconds);
    m_renewMinValid = renewal.minValidSeconds;
    m_renewTimer.start(static_cast<int>(std::min<qint64>(renewal.delaySeconds, 24 * 3600) * 1000));
}

void ExecCommand::startChild(const TokenHandoff &handoff)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Whatever this shell had before is not this account's.
    env.remove(TokenVariable);
    env.remove(AuthorizationVariable);
    env.remove(TokenFileVariable);
    if (m_tokenFile) {
        env.insert(TokenFileVariable, m_tokenFile->path());
    } else {
        env.insert(TokenVariable, handoff.token);
        env.insert(AuthorizationVariable, handoff.authorization);
    }

    m_child = new QProcess(this);
    m_child->setProgram(m_programPath);
    m_child->setArguments(m_options.program.mid(1));
    m_child->setProcessEnvironment(env);
    m_child->setProcessChannelMode(QProcess::ForwardedChannels);
    m_child->setInputChannelMode(QProcess::ForwardedInputChannel);
    connect(m_child, &QProcess::finished, this, &ExecCommand::onChildFinished);
    connect(m_child, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || m_finished)
            return;
        finish(exitStatus(ExitCode::CommandNotExecutable),
               tr("%1: cannot be run: %2").arg(m_options.program.value(0), m_child->errorString()));
    });
    m_child->start();
}

void ExecCommand::onChildFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_finished)
        return;
    // A program ended by a signal reports 128 + its number, as a shell does.
    const int code = status == QProcess::NormalExit ? exitCode : 128 + exitCode;
    m_renewTimer.stop();
    if (m_tokenFile)
        m_tokenFile->remove();
    if (m_fetch) {
        // A renewal is under way: let it store its tokens before leaving.
        m_childStatus = code;
        return;
    }
    finish(code);
}

void ExecCommand::passOnStopSignal(int signalNumber)
{
    if (m_finished)
        return;
    const qint64 pid = m_child && m_child->state() != QProcess::NotRunning ? m_child->processId() : 0;
    if (pid > 0 && !m_childStatus) {
        // CMD decides how to stop; its status is ours.
        ::kill(static_cast<pid_t>(pid), signalNumber);
        return;
    }
    // Nothing runs yet, or only a renewal is left: stop now.
    finish(128 + signalNumber);
}

void ExecCommand::finish(int status, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_renewTimer.stop();
    m_tokenFile.reset();
    Q_EMIT finished(status, error);
}
