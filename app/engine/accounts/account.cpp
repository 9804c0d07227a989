#include "accounts/account.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

QString providerKey(Provider provider)
{
    return provider == Provider::D7 ? u"d7"_s : u"7g"_s;
}

std::optional<Provider> providerFromKey(const QString &key)
{
    const QString k = key.trimmed().toLower();
    if (k == u"7g")
        return Provider::SevenG;
    if (k == u"d7")
        return Provider::D7;
    return std::nullopt;
}

const QList<SevenGEnvironment> &sevenGEnvironments()
{
    static const QList<SevenGEnvironment> environments = {
        { u"production"_s, u"Production"_s, QUrl(u"https://api.7g.com.au"_s) },
        { u"dev"_s, u"Dev"_s, QUrl(u"https://dev-api.7g.com.au"_s) },
        { u"test"_s, u"Test"_s, QUrl(u"https://test-api.7g.com.au"_s) },
        { u"lab"_s, u"Lab"_s, QUrl(u"https://lab-api.7g.com.au"_s) },
        { u"demo"_s, u"Demo"_s, QUrl(u"https://demo-api.7g.com.au"_s) },
    };
    return environments;
}

std::optional<SevenGEnvironment> sevenGEnvironment(const QString &key)
{
    for (const auto &env : sevenGEnvironments()) {
        if (env.key == key)
            return env;
    }
    return std::nullopt;
}

QUrl defaultD7BaseUrl()
{
    // Parsed once: every D7 account read from the file starts from it.
    static const QUrl url(u"https://api.d7networks.com"_s);
    return url;
}

namespace {
// The provider's defaults, without an id.
Account defaultsFor(Provider provider)
{
    Account a;
    a.provider = provider;
    if (provider == Provider::SevenG) {
        a.environment = u"production"_s;
        a.baseUrl = sevenGEnvironments().first().baseUrl;
        a.fallbackLifetimeSeconds = 20 * 60;
    } else {
        a.baseUrl = defaultD7BaseUrl();
        a.fallbackLifetimeSeconds = 60 * 60;
    }
    return a;
}
} // namespace

Account Account::create(Provider provider)
{
    Account a = defaultsFor(provider);
    a.id = QUuid::createUuid();
    return a;
}

QString Account::environmentLabel() const
{
    if (provider == Provider::D7)
        return u"D7"_s;
    if (const auto env = sevenGEnvironment(environment))
        return u"7G · "_s + QCoreApplication::translate("Account", env->label.toUtf8().constData());
    return u"7G · "_s + baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}

QJsonObject Account::toJson() const
{
    QJsonObject o;
    visitFields([&o](QLatin1StringView key, const auto &value) { o.insert(key, value); });
    return o;
}

namespace {
bool readString(const QJsonObject &o, QLatin1StringView key, QString *out, bool required, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required && error)
            *error = QCoreApplication::translate("Account", "missing field \"%1\"").arg(key);
        return !required;
    }
    if (!v.isString()) {
        if (error)
            *error = QCoreApplication::translate("Account", "field \"%1\" is not text").arg(key);
        return false;
    }
    *out = v.toString();
    return true;
}

bool readSeconds(const QJsonObject &o, QLatin1StringView key, int *out, QString *error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return true; // keep the default
    // A fraction would read as 0 (toInt() gives its default for it): a lead
    // or lifetime of zero seconds lets every token lapse before renewal.
    const double seconds = v.toDouble();
    if (!v.isDouble() || seconds < 1 || seconds > 7 * 24 * 3600 || seconds != std::floor(seconds)) {
        if (error)
            *error
                = QCoreApplication::translate("Account", "field \"%1\" is not a number of seconds").arg(key);
        return false;
    }
    *out = v.toInt();
    return true;
}

// User info in a base URL is dropped, even an empty one ("https://@host"):
// the file is written without it, and what was read must equal what is saved.
QUrl baseUrlWithoutUserInfo(const QString &text)
{
    QUrl url(text, QUrl::StrictMode);
    url.setUserInfo(QString());
    return url;
}

QUrl parseBaseUrl(const QString &text, QHash<QString, QUrl> *parsed)
{
    if (!parsed)
        return baseUrlWithoutUserInfo(text);
    auto it = parsed->constFind(text);
    if (it == parsed->cend())
        it = parsed->insert(text, baseUrlWithoutUserInfo(text));
    return *it;
}
} // namespace

std::optional<Account> Account::fromJson(const QJsonObject &o, QString *error,
                                         QHash<QString, QUrl> *parsedUrls)
{
    QString idText, providerText, baseUrlText;
    if (!readString(o, "id"_L1, &idText, true, error)
        || !readString(o, "provider"_L1, &providerText, true, error))
        return std::nullopt;
    const auto provider = providerFromKey(providerText);
    if (!provider) {
        if (error)
            *error = QCoreApplication::translate("Account", "unknown provider \"%1\"").arg(providerText);
        return std::nullopt;
    }
    Account a = defaultsFor(*provider);
    a.id = QUuid::fromString(idText);
    if (a.id.isNull()) {
        if (error)
            *error = QCoreApplication::translate("Account", "invalid id \"%1\"").arg(idText);
        return std::nullopt;
    }
    // No environment in the file means a custom base URL, not the default one.
    a.environment.clear();
    QString credentialText;
    if (!readString(o, "credential"_L1, &credentialText, false, error))
        return std::nullopt;
    if (credentialText == u"token" && a.provider == Provider::D7) {
        a.credential = Credential::PastedToken;
    } else if (!credentialText.isEmpty() && credentialText != u"secret") {
        if (error)
            *error = QCoreApplication::translate("Account", "unknown credential \"%1\"").arg(credentialText);
        return std::nullopt;
    }
    const bool pasted = a.credential == Credential::PastedToken;
    QString expiresText;
    if (pasted && !readString(o, "tokenExpiresAt"_L1, &expiresText, false, error))
        return std::nullopt;
    if (!expiresText.isEmpty()) {
        a.pastedTokenExpiresAt = QDateTime::fromString(expiresText, Qt::ISODate);
        if (!a.pastedTokenExpiresAt.isValid()) {
            if (error)
                *error = QCoreApplication::translate("Account", "field \"%1\" is not a date and time")
                             .arg("tokenExpiresAt"_L1);
            return std::nullopt;
        }
        a.pastedTokenExpiresAt = a.pastedTokenExpiresAt.toUTC();
    }
    if (!readString(o, "name"_L1, &a.name, true, error)
        || !readString(o, "login"_L1, &a.login, !pasted, error)
        || !readString(o, "baseUrl"_L1, &baseUrlText, true, error)
        || !readString(o, "environment"_L1, &a.environment, false, error)
        || !readString(o, "notes"_L1, &a.notes, false, error)
        || !readSeconds(o, "refreshLeadSeconds"_L1, &a.refreshLeadSeconds, error)
        || !readSeconds(o, "fallbackLifetimeSeconds"_L1, &a.fallbackLifetimeSeconds, error))
        return std::nullopt;
    a.baseUrl = parseBaseUrl(baseUrlText, parsedUrls);
    if (!a.baseUrl.isValid() || a.baseUrl.scheme().isEmpty() || a.baseUrl.host().isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("Account", "invalid base URL \"%1\"").arg(baseUrlText);
        return std::nullopt;
    }
    if (a.provider == Provider::D7)
        a.environment.clear();
    else if (a.environment.isEmpty())
        a.environment = u"custom"_s;
    return a;
}
