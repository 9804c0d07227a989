#include "network/networkpolicy.h"

#include "network/oneshotupload.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace {
// A CA bundle is a few hundred KiB at most; anything much larger is not one.
constexpr qint64 MaxCaFileBytes = 16 * 1024 * 1024;
} // namespace

NetworkPolicy::NetworkPolicy(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{ }

bool NetworkPolicy::isLoopbackHost(const QString &host)
{
    QString h = host.trimmed().toLower();
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h.isEmpty())
        return false;
    if (h == u"localhost")
        return true;
    QHostAddress address;
    if (!address.setAddress(h))
        return false;
    // QHostAddress::isLoopback() covers 127.0.0.0/8 and ::1; an IPv4-mapped
    // IPv6 loopback (::ffff:127.0.0.1) is loopback too.
    if (address.isLoopback())
        return true;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 && (v4 >> 24) == 127;
}

Status NetworkPolicy::validateBaseUrl(const QUrl &url)
{
    if (url.isEmpty())
        return Status::failure(tr("No service address is set."));
    if (!url.isValid() || url.isRelative())
        return Status::failure(tr("The service address is not a valid URL. Enter an address such as "
                                  "https://api.example.com."));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http")
        return Status::failure(tr("The service address must start with https://."));
    // Credentials in a URL end up in logs, history and the Referer header.
    if (!url.userInfo().isEmpty())
        return Status::failure(tr("The service address must not contain a user name or password; "
                                  "enter them in the account instead."));
    if (url.host().isEmpty())
        return Status::failure(tr("The service address has no host name."));
    if (url.hasQuery() || url.hasFragment())
        return Status::failure(tr("The service address must not contain a query (?) or fragment (#)."));
    if (scheme == u"http" && !isLoopbackHost(url.host()))
        return Status::failure(tr("Only https:// addresses are allowed, except http:// to this computer "
                                  "(localhost, 127.0.0.1 or ::1)."));
    return Status::success();
}

Status NetworkPolicy::setExtraCaFile(const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.exists())
        return Status::failure(tr("The certificate file %1 does not exist.").arg(path));
    // A folder, a device (/dev/zero reads forever) or a named pipe (opening
    // it waits for a writer) would hang or exhaust memory.
    if (!QFileInfo(path).isFile())
        return Status::failure(tr("The certificate file %1 is not a regular file.").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(
            tr("The certificate file %1 cannot be read: %2").arg(path, file.errorString()));
    const QByteArray data = file.read(MaxCaFileBytes + 1);
    if (data.size() > MaxCaFileBytes)
        return Status::failure(tr("The certificate file %1 is too large to be a certificate.").arg(path));
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        return Status::failure(
            tr("The file %1 holds no certificate in PEM format (-----BEGIN CERTIFICATE-----).").arg(path));

    m_caFile = path;
    m_extraCa = certificates;
    // Setting a CA list replaces the system store; trust both.
    m_trustedCa = QSslConfiguration::systemCaCertificates() + m_extraCa;
    Q_EMIT configurationChanged();
    return Status::success();
}

void NetworkPolicy::clearExtraCa()
{
    if (m_caFile.isEmpty() && m_extraCa.isEmpty())
        return;
    m_caFile.clear();
    m_extraCa.clear();
    m_trustedCa.clear();
    Q_EMIT configurationChanged();
}

QUrl NetworkPolicy::endpoint(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = base.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + (path.startsWith(u'/') ? path : u'/' + path));
    return url;
}

QNetworkRequest NetworkPolicy::request(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    // Credentials travel in headers and bodies: never let a redirect carry them elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // Small request/response pairs gain nothing from HTTP/2; HTTP/1.1 keeps
    // errors and timeouts simple to reason about.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"TokenTray/" TOKENTRAY_VERSION ""_s);

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_trustedCa.isEmpty())
        tls.setCaCertificates(m_trustedCa);
    request.setSslConfiguration(tls);
    return request;
}

QNetworkReply *NetworkPolicy::postOnce(const QNetworkRequest &request, const QByteArray &body) const
{
    auto *upload = new OneShotUpload(body, nullptr);
    QNetworkReply *reply = m_manager->post(request, upload);
    upload->setParent(reply);
    return reply;
}

void NetworkPolicy::setProxy(ProxyMode mode, const QString &host, quint16 port)
{
    switch (mode) {
    case ProxyMode::System:
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        break;
    case ProxyMode::None:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyMode::Manual:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        if (host.trimmed().isEmpty() || port == 0)
            QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        else
            QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::HttpProxy, host.trimmed(), port));
        break;
    }
    // Connections already open keep their old route; start afresh.
    if (m_manager)
        m_manager->clearConnectionCache();
    Q_EMIT configurationChanged();
}
