#include "main/headlessengine.h"

#include "accounts/accountstore.h"
#include "audit/accesslog.h"
#include "audit/accesslogreport.h"
#include "audit/processidentity.h"
#include "base/stopsignalwatcher.h"
#include "commands/commandrunner.h"
#include "main/engine.h"
#include "platform/accountlock.h"
#include "secrets/secretstore.h"
#include "session/sessionmanager.h"

using namespace Qt::StringLiterals;

HeadlessEngine::HeadlessEngine(const QString &configDir, const QString &caFile, CliRequest request,
                               QObject *parent)
    : LocalCommand(parent)
    , m_configDir(configDir)
    , m_caFile(caFile)
    , m_request(std::move(request))
{
    m_persistPoll.setInterval(20);
    connect(&m_persistPoll, &QTimer::timeout, this, &HeadlessEngine::waitForPersist);
}

HeadlessEngine::~HeadlessEngine()
{
    // The manager and its sessions talk to the store, the keychain and the
    // network until they are gone: they go first.
    delete m_runner;
    delete m_engine;
    m_request.secret.fill(u'\0');
}

void HeadlessEngine::start()
{
    QTimer::singleShot(0, this, &HeadlessEngine::run);
}

void HeadlessEngine::interrupt()
{
    if (m_finished || m_interrupted)
        return;
    m_interrupted = true;
    // The command's own answer no longer matters: only the writes under way.
    onCommandFinished(CliResponse::failure(ExitCode::Unavailable, tr("The command was stopped.")));
}

void HeadlessEngine::run()
{
    if (m_interrupted)
        return;
    // A stop signal ends a wait for a lock even while this blocks the event loop.
    const auto stopped = [] {
        return StopSignalWatcher::received() > 0;
    };

    // Adding or removing rewrites the accounts file: one process at a time.
    if (m_request.command == CliCommand::Add || m_request.command == CliCommand::Remove) {
        m_accountsLock = std::make_unique<AccountLock>(m_configDir, u"accounts"_s);
        if (const Status locked = m_accountsLock->acquire(LockWaitMs, stopped); !locked) {
            finish(CliResponse::failure(ExitCode::Unavailable, locked.error()));
            return;
        }
    }

    Engine::Options options;
    options.configDir = m_configDir;
    m_engine = new Engine(options, this);

    // The log is read straight from the file: no keychain, no accounts.
    if (m_request.command == CliCommand::Log) {
        const QList<AccessLogEntry> entries = m_engine->accessLog()->read(m_request.limit);
        finish(CliResponse::success(m_request.json ? AccessLogReport::json(entries)
                                                   : AccessLogReport::table(entries)));
        return;
    }
    if (const Status loaded = m_engine->accounts()->load(); !loaded) {
        finish(CliResponse::failure(ExitCode::BadConfig, loaded.error()));
        return;
    }

    if (m_request.needsAccount()) {
        const auto account = m_engine->accounts()->findByNameOrId(m_request.account);
        if (!account) {
            finish(CliResponse::failure(ExitCode::UnknownAccount,
                                        tr("There is no account named \"%1\".").arg(m_request.account)));
            return;
        }
        // Taken before the session reads the stored tokens: a process that
        // waited here then finds the tokens its predecessor stored.
        m_accountLock
            = std::make_unique<AccountLock>(m_configDir, account->id.toString(QUuid::WithoutBraces));
        if (const Status locked = m_accountLock->acquire(LockWaitMs, stopped); !locked) {
            finish(CliResponse::failure(ExitCode::Unavailable, locked.error()));
            return;
        }
    }

    // The same network settings as the window: proxy, and the extra CA unless
    // --ca-file names one for this call.
    if (const Status network = m_engine->build(m_caFile); !network) {
        finish(CliResponse::failure(ExitCode::BadConfig, network.error()));
        return;
    }
    SessionManager *manager = m_engine->sessions();
    manager->setAutoRenew(false);
    // Only the sessions the command needs read their stored tokens.
    manager->setRestoreAll(false);
    // A command that reads one account's tokens learns from that read
    // whether the keychain works; the others probe it first.
    manager->start(true,
                   m_request.needsToken() ? SessionManager::KeychainCheck::FirstRead
                                          : SessionManager::KeychainCheck::Probe);

    m_runner = new CommandRunner(manager, m_request, this);
    m_runner->setSettings(m_engine->settings());
    // Carried out here, so the token goes to this process.
    m_runner->setAccessLog(m_engine->accessLog(), ProcessIdentity::current());
    connect(m_runner, &CommandRunner::finished, this, &HeadlessEngine::onCommandFinished);
    m_runner->start();
}

void HeadlessEngine::onCommandFinished(const CliResponse &response)
{
    if (m_finished || (m_interrupted && m_persistPoll.isActive()))
        return;
    m_response = response;
    m_persistWaitedMs = 0;
    waitForPersist();
    if (!m_finished)
        m_persistPoll.start();
}

void HeadlessEngine::waitForPersist()
{
    // New tokens must be in the keychain before the lock goes to the next
    // process, or it would use a refresh token that has already rotated.
    const bool built = m_engine && m_engine->isBuilt();
    const bool pending = built
        && (m_engine->sessions()->pendingWrites() > 0 || m_engine->secrets()->pendingOperations() > 0);
    if (pending && m_persistWaitedMs < PersistWaitMs) {
        m_persistWaitedMs += m_persistPoll.interval();
        return;
    }
    m_persistPoll.stop();
    finish(m_response);
}

void HeadlessEngine::finish(const CliResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_accountLock.reset();
    m_accountsLock.reset();
    Q_EMIT finished(response);
}
