// The transport policy, tested for real: the tokentray binary, the harness's
// keyring, the fake service over HTTPS with a throwaway CA, and Debian's
// tinyproxy as an HTTP proxy — all on loopback.
//
// Qt never sends a request for a loopback address or "localhost" through a
// proxy. So the proxy runs in a mount namespace of its own whose /etc/hosts
// maps two test names to 127.0.0.1: tokentray-api.test (on the server's
// certificate) and other-host.test (not on it). Only the proxy can resolve
// them, so a reply for either proves the request went through it.
#include "fakeapiprocess.h"
#include "settings/appsettings.h"
#include "testca.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr auto ClientId = "transport-app";
constexpr auto Secret = "transport-secret-7Qd2";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestTransportE2E : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_dir;
    TestCa m_ca;
    std::unique_ptr<FakeApiProcess> m_api;
    QProcess m_proxy;
    quint16 m_proxyPort = 0;
    int m_configs = 0;

    QString proxyLogPath() const { return m_dir.filePath(u"tinyproxy.log"_s); }
    QByteArray proxyLog() const
    {
        QFile f(proxyLogPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // env: extra environment; the proxy variables are always cleared first.
    Run tokentray(const QStringList &arguments, const QByteArray &input = {},
                  const QMap<QString, QString> &env = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                                  "ALL_PROXY", "no_proxy", "NO_PROXY" })
            environment.remove(QString::fromLatin1(name));
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            environment.insert(it.key(), it.value());
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(m_bin, arguments);
        Run run;
        if (!p.waitForStarted(10000))
            return run;
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return run;
        }
        run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        run.out = p.readAllStandardOutput();
        run.err = p.readAllStandardError();
        return run;
    }

    // A configuration folder of its own with one D7 application at baseUrl.
    QString addAccount(const QString &baseUrl)
    {
        const QString config = m_dir.filePath(u"config-%1"_s.arg(++m_configs));
        const Run add = tokentray({ u"--config-dir"_s, config, u"add"_s, u"--provider"_s, u"d7"_s,
                                    u"--name"_s, u"app"_s, u"--client-id"_s, QString::fromLatin1(ClientId),
                                    u"--base-url"_s, baseUrl, u"--secret-stdin"_s },
                                  QByteArray(Secret));
        if (add.exitCode != 0)
            qWarning("add failed: %s", add.err.constData());
        return add.exitCode == 0 ? config : QString();
    }

    QString testHostUrl(const QString &host) const { return u"https://%1:%2"_s.arg(host).arg(m_api->port()); }
    QMap<QString, QString> viaProxy(quint16 port) const
    {
        return { { u"https_proxy"_s, u"http://127.0.0.1:%1"_s.arg(port) } };
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the keyring of tests/harness/desktop-session.sh");
        m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
        QVERIFY2(QFileInfo::exists(m_bin), "TOKENTRAY_BIN does not name the tokentray binary");
        for (const QString &tool : { u"tinyproxy"_s, u"unshare"_s, u"mount"_s, u"openssl"_s }) {
            QVERIFY2(!QStandardPaths::findExecutable(tool).isEmpty(),
                     qPrintable(tool + u" is missing: installer/deps.sh installs it"_s));
        }
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_ca.create(), qPrintable(m_ca.errorString()));

        m_api = std::make_unique<FakeApiProcess>();
        m_api->setTrustedCa(m_ca.caPath());
        QVERIFY2(m_api->start(
                     { u"--d7-app"_s, QString::fromLatin1(ClientId) + u':' + QString::fromLatin1(Secret),
                       u"--tls-cert"_s, m_ca.serverCertificatePath(), u"--tls-key"_s, m_ca.serverKeyPath() }),
                 qPrintable(m_api->errorString()));

        // The proxy and its private name table.
        const QString hosts = m_dir.filePath(u"hosts"_s);
        {
            QFile f(hosts);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("127.0.0.1 localhost\n127.0.0.1 tokentray-api.test other-host.test\n");
        }
        m_proxyPort = freePort();
        const QString conf = m_dir.filePath(u"tinyproxy.conf"_s);
        {
            QFile f(conf);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(
                u"Port %1\nListen 127.0.0.1\nTimeout 30\nLogFile \"%2\"\nLogLevel Connect\nMaxClients 20\n"
                "Allow 127.0.0.1\nDisableViaHeader Yes\n"_s.arg(m_proxyPort)
                    .arg(proxyLogPath())
                    .toUtf8());
        }
        m_proxy.setProcessChannelMode(QProcess::MergedChannels);
        m_proxy.start(u"unshare"_s,
                      { u"--mount"_s, u"--propagation"_s, u"private"_s, u"sh"_s, u"-c"_s,
                        u"mount --bind \"$0\" /etc/hosts && exec tinyproxy -d -c \"$1\""_s, hosts, conf });
        QVERIFY(m_proxy.waitForStarted(10000));
        const auto listening = [this] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_proxyPort);
            return probe.waitForConnected(200);
        };
        QTRY_VERIFY2_WITH_TIMEOUT(listening(), qPrintable(QString::fromLocal8Bit(m_proxy.readAll())), 10000);
    }

    void cleanupTestCase()
    {
        if (m_proxy.state() != QProcess::NotRunning) {
            m_proxy.terminate();
            if (!m_proxy.waitForFinished(5000))
                m_proxy.kill();
        }
        m_api.reset();
    }

    void privateCaRefusedByDefault()
    {
        const QString config = addAccount(m_api->baseUrl().toString());
        QVERIFY(!config.isEmpty());
        const int loginsBefore = m_api->counters().value(u"d7Logins"_s).toInt();
        const Run token = tokentray({ u"--config-dir"_s, config, u"token"_s, u"app"_s });
        QVERIFY2(token.exitCode == 5, token.err.constData());
        QVERIFY(token.out.isEmpty());
        QVERIFY2(token.err.contains("secure connection") && token.err.contains("certificate"),
                 token.err.constData());
        // The handshake failed: the secret never left.
        QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), loginsBefore);
    }

    void caFromTheCommandLine()
    {
        const QString config = addAccount(m_api->baseUrl().toString());
        QVERIFY(!config.isEmpty());
        const Run token
            = tokentray({ u"--config-dir"_s, config, u"--ca-file"_s, m_ca.caPath(), u"token"_s, u"app"_s });
        QVERIFY2(token.exitCode == 0, token.err.constData());
        QVERIFY(token.out.trimmed().size() > 20);
    }

    void caFromTheSettings()
    {
        const QString config = addAccount(m_api->baseUrl().toString());
        QVERIFY(!config.isEmpty());
        {
            AppSettings settings(AppSettings::pathInConfigDir(config));
            settings.setExtraCaFile(m_ca.caPath());
            QVERIFY(settings.save().ok());
        }
        const Run token = tokentray({ u"--config-dir"_s, config, u"token"_s, u"app"_s });
        QVERIFY2(token.exitCode == 0, token.err.constData());
        QVERIFY(token.out.trimmed().size() > 20);
    }

    void signInThroughTheProxyVerifiesTlsEndToEnd()
    {
        const QString config = addAccount(testHostUrl(u"tokentray-api.test"_s));
        QVERIFY(!config.isEmpty());

        // Through the proxy, but the private CA is not trusted: refused.
        const Run untrusted
            = tokentray({ u"--config-dir"_s, config, u"token"_s, u"app"_s }, {}, viaProxy(m_proxyPort));
        QVERIFY2(untrusted.exitCode == 5, untrusted.err.constData());
        QVERIFY2(untrusted.err.contains("certificate"), untrusted.err.constData());

        const int loginsBefore = m_api->counters().value(u"d7Logins"_s).toInt();
        const Run token
            = tokentray({ u"--config-dir"_s, config, u"--ca-file"_s, m_ca.caPath(), u"token"_s, u"app"_s },
                        {}, viaProxy(m_proxyPort));
        QVERIFY2(token.exitCode == 0, token.err.constData());
        QVERIFY(token.out.trimmed().size() > 20);
        QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), loginsBefore + 1);
        const QByteArray connect = "CONNECT tokentray-api.test:" + QByteArray::number(m_api->port());
        QVERIFY2(proxyLog().contains(connect), proxyLog().constData());
        // A tunnel: the proxy saw the host, never the request or the secret.
        QVERIFY(!proxyLog().contains(Secret));
        QVERIFY(!proxyLog().contains("/auth/v1/login"));
    }

    void certificateForAnotherHostRefused()
    {
        const QString config = addAccount(testHostUrl(u"other-host.test"_s));
        QVERIFY(!config.isEmpty());
        const int loginsBefore = m_api->counters().value(u"d7Logins"_s).toInt();
        const Run token
            = tokentray({ u"--config-dir"_s, config, u"--ca-file"_s, m_ca.caPath(), u"token"_s, u"app"_s },
                        {}, viaProxy(m_proxyPort));
        QVERIFY2(token.exitCode == 5, token.err.constData());
        QVERIFY2(token.err.contains("secure connection") && token.err.contains("host name"),
                 token.err.constData());
        QCOMPARE(m_api->counters().value(u"d7Logins"_s).toInt(), loginsBefore);
        QVERIFY(proxyLog().contains("CONNECT other-host.test:"));
    }

    void aProxyThatRefusesIsNamed()
    {
        const QString config = addAccount(testHostUrl(u"tokentray-api.test"_s));
        QVERIFY(!config.isEmpty());
        const quint16 closed = freePort(); // nothing listens there
        const Run token
            = tokentray({ u"--config-dir"_s, config, u"--ca-file"_s, m_ca.caPath(), u"token"_s, u"app"_s },
                        {}, viaProxy(closed));
        QVERIFY2(token.exitCode == 5, token.err.constData());
        const QByteArray named = "127.0.0.1:" + QByteArray::number(closed);
        QVERIFY2(token.err.contains("proxy") && token.err.contains(named), token.err.constData());
    }

    void plainHttpToAnotherHostRefused()
    {
        // At input.
        const QString config = m_dir.filePath(u"config-http"_s);
        const Run add
            = tokentray({ u"--config-dir"_s, config, u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s,
                          u"plain"_s, u"--client-id"_s, QString::fromLatin1(ClientId), u"--base-url"_s,
                          u"http://tokentray-api.test:%1"_s.arg(m_api->port()), u"--secret-stdin"_s },
                        QByteArray(Secret));
        QVERIFY2(add.exitCode == 2, add.err.constData());
        QVERIFY2(add.err.contains("https"), add.err.constData());

        // At request time: an accounts file edited by hand, and a proxy that would carry the request.
        const QString edited = addAccount(testHostUrl(u"tokentray-api.test"_s));
        QVERIFY(!edited.isEmpty());
        const QString accountsPath = QDir(edited).filePath(u"accounts.json"_s);
        QFile file(accountsPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray accounts = file.readAll();
        file.close();
        const QByteArray https = "https://tokentray-api.test:" + QByteArray::number(m_api->port());
        QVERIFY(accounts.contains(https));
        accounts.replace(https, QByteArray("http://tokentray-api.test:" + QByteArray::number(m_api->port())));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(accounts);
        file.close();

        const qsizetype logBefore = proxyLog().size();
        const Run token
            = tokentray({ u"--config-dir"_s, edited, u"token"_s, u"app"_s }, {}, viaProxy(m_proxyPort));
        QVERIFY(token.exitCode != 0);
        QVERIFY2(token.err.contains("https"), token.err.constData());
        // Nothing was sent, not even to the proxy.
        QVERIFY2(!proxyLog().mid(logBefore).contains("tokentray-api.test"),
                 proxyLog().mid(logBefore).constData());
    }
};

QTEST_GUILESS_MAIN(TestTransportE2E)
#include "tst_transport_e2e.moc"
