#include "network/networkpolicy.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

class TestNetworkPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validateBaseUrl_data();
    void validateBaseUrl();
    void userInfoIsNotEchoed();
    void isLoopbackHost_data();
    void isLoopbackHost();
    void requestCarriesThePolicy();
    void extraCaFileRejectsBadFiles_data();
    void extraCaFileRejectsBadFiles();
    void extraCaFileMustBeARegularFile();
    void extraCaIsTrustedInAdditionToSystem();
    void failedCaChangeKeepsThePreviousOne();
    void proxyModes();

private:
    QString writeFile(const QString &name, const QByteArray &contents);
    QString makeCertificate(const QString &name);
    QTemporaryDir m_dir;
};

void TestNetworkPolicy::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestNetworkPolicy::writeFile(const QString &name, const QByteArray &contents)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(contents);
    return path;
}

// A throwaway self-signed CA made by the openssl command-line tool.
QString TestNetworkPolicy::makeCertificate(const QString &name)
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        return {};
    const QString cert = m_dir.filePath(name + u".pem"_s);
    const QString key = m_dir.filePath(name + u".key"_s);
    QProcess p;
    p.start(openssl,
            { u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
              u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=TokenTray Test CA "_s + name, u"-keyout"_s,
              key, u"-out"_s, cert });
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return cert;
}

void TestNetworkPolicy::validateBaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");

    QTest::newRow("https") << u"https://api.7g.com.au"_s << true;
    QTest::newRow("https with path") << u"https://preview.example.com/api/"_s << true;
    QTest::newRow("https with port") << u"https://api.example.com:8443"_s << true;
    QTest::newRow("HTTPS upper case") << u"HTTPS://API.EXAMPLE.COM"_s << true;
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080"_s << true;
    QTest::newRow("http 127.2.3.4") << u"http://127.2.3.4"_s << true;
    QTest::newRow("http localhost") << u"http://localhost:5000"_s << true;
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST"_s << true;
    QTest::newRow("http [::1]") << u"http://[::1]:8080"_s << true;
    QTest::newRow("https loopback") << u"https://127.0.0.1:8443"_s << true;

    QTest::newRow("http example.com") << u"http://example.com"_s << false;
    QTest::newRow("http private LAN") << u"http://192.168.1.10"_s << false;
    QTest::newRow("http 128.0.0.1") << u"http://128.0.0.1"_s << false;
    QTest::newRow("http localhost.example.com") << u"http://localhost.example.com"_s << false;
    QTest::newRow("http 127.0.0.1.nip.io") << u"http://127.0.0.1.nip.io"_s << false;
    QTest::newRow("http [::2]") << u"http://[::2]"_s << false;
    QTest::newRow("ftp") << u"ftp://api.example.com"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("userinfo") << u"https://alice:secret@api.example.com"_s << false;
    QTest::newRow("user only") << u"https://alice@api.example.com"_s << false;
    QTest::newRow("userinfo loopback") << u"http://alice:pw@127.0.0.1"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("garbage") << u"not a url at all"_s << false;
    QTest::newRow("no scheme") << u"api.example.com"_s << false;
    QTest::newRow("empty host") << u"https://"_s << false;
    QTest::newRow("only slashes") << u"https:///path"_s << false;
    QTest::newRow("query") << u"https://api.example.com/?x=1"_s << false;
    QTest::newRow("fragment") << u"https://api.example.com/#top"_s << false;
    QTest::newRow("invalid port") << u"https://api.example.com:99999"_s << false;
    QTest::newRow("space in host") << u"https://api example.com"_s << false;
    // Other spellings of an address: QUrl writes each host in one canonical
    // form, and that form is both what is checked and what is connected to.
    QTest::newRow("http decimal 2130706433") << u"http://2130706433"_s << true;
    QTest::newRow("http hex 0x7f.1") << u"http://0x7f.1"_s << true;
    QTest::newRow("http octal 0177.0.0.1") << u"http://0177.0.0.1"_s << true;
    QTest::newRow("http octal 0127.0.0.1 is 87.0.0.1") << u"http://0127.0.0.1"_s << false;
    QTest::newRow("http decimal 134744072 is 8.8.8.8") << u"http://134744072"_s << false;
    QTest::newRow("http [::ffff:127.0.0.1]") << u"http://[::ffff:127.0.0.1]"_s << true;
    QTest::newRow("http [::ffff:8.8.8.8]") << u"http://[::ffff:8.8.8.8]"_s << false;
    QTest::newRow("http [::ffff:7f00:1] spelled out") << u"http://[0:0:0:0:0:ffff:7f00:1]"_s << true;
    QTest::newRow("http [::127.0.0.1] (IPv4-compatible)") << u"http://[::127.0.0.1]"_s << false;
    QTest::newRow("http 127.0.0.1. (trailing dot)") << u"http://127.0.0.1."_s << false;
    QTest::newRow("http localhost. (trailing dot)") << u"http://localhost."_s << false;
    QTest::newRow("http localhost.evil.com") << u"http://localhost.evil.com"_s << false;
    QTest::newRow("http 127.0.0.1.evil.com") << u"http://127.0.0.1.evil.com"_s << false;
    QTest::newRow("http NUL in host") << u"http://127.0.0.1%00.evil.com"_s << false;
}

void TestNetworkPolicy::validateBaseUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    const Status status = NetworkPolicy::validateBaseUrl(QUrl(url));
    QCOMPARE(status.ok(), ok);
    if (!ok) {
        // A whole sentence, not a code.
        QVERIFY2(status.error().size() > 20, qPrintable(status.error()));
        QVERIFY2(status.error().endsWith(u'.'), qPrintable(status.error()));
    } else {
        QVERIFY(status.error().isEmpty());
    }
}

void TestNetworkPolicy::userInfoIsNotEchoed()
{
    const Status status = NetworkPolicy::validateBaseUrl(QUrl(u"https://alice:s3cr3t-pw@api.example.com"_s));
    QVERIFY(!status.ok());
    QVERIFY(!status.error().contains(u"s3cr3t-pw"_s));
}

void TestNetworkPolicy::isLoopbackHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << u"localhost"_s << true;
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
    QTest::newRow("127.255.255.254") << u"127.255.255.254"_s << true;
    QTest::newRow("::1") << u"::1"_s << true;
    QTest::newRow("[::1]") << u"[::1]"_s << true;
    QTest::newRow("::ffff:127.0.0.1") << u"::ffff:127.0.0.1"_s << true;
    QTest::newRow("::ffff:8.8.8.8") << u"::ffff:8.8.8.8"_s << false;
    QTest::newRow("[::ffff:8.8.8.8]") << u"[::ffff:8.8.8.8]"_s << false;
    QTest::newRow("localhost.") << u"localhost."_s << false;
    QTest::newRow("localhost.evil.com") << u"localhost.evil.com"_s << false;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_s << false;
    QTest::newRow("10.0.0.1") << u"10.0.0.1"_s << false;
    QTest::newRow("::") << u"::"_s << false;
    QTest::newRow("example.com") << u"example.com"_s << false;
    QTest::newRow("mylocalhost") << u"mylocalhost"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestNetworkPolicy::isLoopbackHost()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(NetworkPolicy::isLoopbackHost(host), loopback);
}

void TestNetworkPolicy::requestCarriesThePolicy()
{
    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QCOMPARE(policy.manager(), &manager);

    const QUrl url(u"https://api.example.com/User/Login"_s);
    QNetworkRequest request = policy.request(url);
    QCOMPARE(request.url(), url);
    QCOMPARE(request.transferTimeout(), NetworkPolicy::DefaultTransferTimeoutMs);
    QCOMPARE(request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::SameOriginRedirectPolicy));
    QCOMPARE(request.attribute(QNetworkRequest::Http2AllowedAttribute).toBool(), false);
    QCOMPARE(request.sslConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);
    QVERIFY(request.header(QNetworkRequest::UserAgentHeader).toString().startsWith(u"TokenTray/"_s));

    policy.setTransferTimeout(2500);
    QCOMPARE(policy.transferTimeout(), 2500);
    QCOMPARE(policy.request(url).transferTimeout(), 2500);
}

void TestNetworkPolicy::extraCaFileRejectsBadFiles_data()
{
    QTest::addColumn<QByteArray>("contents"); // empty: the file does not exist
    QTest::newRow("missing file") << QByteArray();
    QTest::newRow("empty file") << QByteArray("");
    QTest::newRow("not PEM") << "this is not a certificate\n"_ba;
    QTest::newRow("binary") << QByteArray("\x30\x82\x01\x0a\x02\x82\x01\x01\x00\xff", 10);
    QTest::newRow("PEM header, garbage body")
        << "-----BEGIN CERTIFICATE-----\nnot base64 !!!\n-----END CERTIFICATE-----\n"_ba;
    QTest::newRow("private key only")
        << "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"_ba;
}

void TestNetworkPolicy::extraCaFileRejectsBadFiles()
{
    QFETCH(QByteArray, contents);
    QString path = m_dir.filePath(u"does-not-exist.pem"_s);
    if (QByteArray(QTest::currentDataTag()) != "missing file")
        path = writeFile(u"bad-"_s + QString::number(qHash(contents)) + u".pem"_s, contents);

    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QSignalSpy changed(&policy, &NetworkPolicy::configurationChanged);
    const QList<QSslCertificate> before
        = policy.request(QUrl(u"https://a.example"_s)).sslConfiguration().caCertificates();

    const Status status = policy.setExtraCaFile(path);
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(path), qPrintable(status.error()));
    QVERIFY(policy.extraCaFile().isEmpty());
    QCOMPARE(changed.size(), 0);
    QCOMPARE(policy.request(QUrl(u"https://a.example"_s)).sslConfiguration().caCertificates(), before);
}

void TestNetworkPolicy::extraCaFileMustBeARegularFile()
{
    // Each of these would hang or read without end if opened and read whole.
    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QStringList paths { m_dir.path(), u"/dev/zero"_s };
    const QString fifo = m_dir.filePath(u"pipe.pem"_s);
    if (::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0)
        paths << fifo;
    for (const QString &path : std::as_const(paths)) {
        if (!QFileInfo::exists(path))
            continue;
        QElapsedTimer timer;
        timer.start();
        const Status status = policy.setExtraCaFile(path);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().contains(u"not a regular file"_s), qPrintable(status.error()));
        QVERIFY(timer.elapsed() < 2000);
    }
    QVERIFY(policy.extraCaFile().isEmpty());
}

void TestNetworkPolicy::extraCaIsTrustedInAdditionToSystem()
{
    const QString path = makeCertificate(u"one"_s);
    if (path.isEmpty())
        QSKIP("openssl could not generate a certificate");
    const QList<QSslCertificate> fromFile = QSslCertificate::fromPath(path);
    QCOMPARE(fromFile.size(), 1);

    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QSignalSpy changed(&policy, &NetworkPolicy::configurationChanged);
    const Status status = policy.setExtraCaFile(path);
    QVERIFY2(status.ok(), qPrintable(status.error()));
    QCOMPARE(policy.extraCaFile(), path);
    QCOMPARE(changed.size(), 1);

    const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    const QList<QSslCertificate> trusted
        = policy.request(QUrl(u"https://a.example"_s)).sslConfiguration().caCertificates();
    QVERIFY(trusted.contains(fromFile.first()));
    QCOMPARE(trusted.size(), system.size() + 1);
    for (const QSslCertificate &c : system)
        QVERIFY(trusted.contains(c));

    policy.clearExtraCa();
    QCOMPARE(changed.size(), 2);
    QVERIFY(policy.extraCaFile().isEmpty());
    QVERIFY(!policy.request(QUrl(u"https://a.example"_s))
                 .sslConfiguration()
                 .caCertificates()
                 .contains(fromFile.first()));
}

void TestNetworkPolicy::failedCaChangeKeepsThePreviousOne()
{
    const QString good = makeCertificate(u"keep"_s);
    if (good.isEmpty())
        QSKIP("openssl could not generate a certificate");
    const QSslCertificate cert = QSslCertificate::fromPath(good).value(0);
    QVERIFY(!cert.isNull());

    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QVERIFY(policy.setExtraCaFile(good).ok());
    QVERIFY(!policy.setExtraCaFile(writeFile(u"junk.pem"_s, "junk"_ba)).ok());
    QVERIFY(!policy.setExtraCaFile(m_dir.filePath(u"nope.pem"_s)).ok());
    QCOMPARE(policy.extraCaFile(), good);
    QVERIFY(policy.request(QUrl(u"https://a.example"_s)).sslConfiguration().caCertificates().contains(cert));
}

void TestNetworkPolicy::proxyModes()
{
    QNetworkAccessManager manager;
    NetworkPolicy policy(&manager);
    QSignalSpy changed(&policy, &NetworkPolicy::configurationChanged);

    policy.setProxy(NetworkPolicy::ProxyMode::Manual, u"proxy.example"_s, 3128);
    QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(QNetworkProxy::applicationProxy().hostName(), u"proxy.example"_s);
    QCOMPARE(QNetworkProxy::applicationProxy().port(), quint16(3128));
    QVERIFY(!QNetworkProxyFactory::usesSystemConfiguration());

    policy.setProxy(NetworkPolicy::ProxyMode::None);
    QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::NoProxy);
    QVERIFY(!QNetworkProxyFactory::usesSystemConfiguration());

    policy.setProxy(NetworkPolicy::ProxyMode::System);
    QVERIFY(QNetworkProxyFactory::usesSystemConfiguration());
    QCOMPARE(changed.size(), 3);
}

QTEST_GUILESS_MAIN(TestNetworkPolicy)
#include "tst_networkpolicy.moc"
