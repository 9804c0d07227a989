#include "main/engine.h"

#include "accounts/accountstore.h"
#include "audit/accesslog.h"
#include "network/networkpolicy.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"

#include <QDir>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

Engine::Engine(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (m_options.accountsPath.isEmpty())
        m_options.accountsPath = QDir(m_options.configDir).filePath(u"accounts.json"_s);
    m_accounts = new AccountStore(m_options.accountsPath, this);
    m_accessLog = new AccessLog(
        m_options.accessLogPath.isEmpty() ? AccessLog::defaultPath() : m_options.accessLogPath, this);
}

Engine::~Engine()
{
    // The sessions talk to the store, the keychain and the network until they
    // are gone: they go first.
    delete m_sessions;
}

Status Engine::build(const QString &caFile)
{
    if (isBuilt())
        return {};
    m_settings = new AppSettings(AppSettings::pathInConfigDir(m_options.configDir), this);
    m_networkManager = new QNetworkAccessManager(this);
    m_network = new NetworkPolicy(m_networkManager, this);
    if (m_options.memorySecrets)
        m_secrets = new MemorySecretStore(this);
    else
        m_secrets = new KeychainSecretStore(
            u"TokenTray"_s, KeychainSecretStore::namespaceForConfigDir(m_options.configDir), this);
    m_sessions = new SessionManager(m_accounts, m_secrets, m_network, &m_clock, this);

    const ProxySettings proxy = m_settings->proxy();
    m_network->setProxy(proxy.mode, proxy.host, proxy.port);
    const QString ca = caFile.isEmpty() ? m_settings->extraCaFile() : caFile;
    if (ca.isEmpty())
        return {};
    return m_network->setExtraCaFile(ca);
}

void Engine::followSettings()
{
    Q_ASSERT(isBuilt());
    connect(m_settings, &AppSettings::proxyChanged, this,
            [this](const ProxySettings &p) { m_network->setProxy(p.mode, p.host, p.port); });
    connect(m_settings, &AppSettings::extraCaFileChanged, this, [this] {
        applyExtraCaFile();
        // New trust may fix sessions that failed on TLS.
        m_sessions->tick();
    });
}

void Engine::applyExtraCaFile()
{
    const QString path = m_settings->extraCaFile();
    if (path.isEmpty()) {
        m_network->clearExtraCa();
        return;
    }
    if (m_network->extraCaFile() == path)
        return;
    if (const Status loaded = m_network->setExtraCaFile(path); !loaded)
        Q_EMIT settingProblem(tr("The extra CA certificate is not in use: %1").arg(loaded.error()));
}
