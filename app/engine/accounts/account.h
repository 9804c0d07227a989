#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>
#include <QUuid>

#include <optional>

enum class Provider { SevenG, D7 };

// "7g" / "d7": the stable spelling used in the accounts file and on the command line.
QString providerKey(Provider provider);
std::optional<Provider> providerFromKey(const QString &key);

// A named 7G environment with its public base URL.
struct SevenGEnvironment
{
    QString key; // "production", "dev", "test", "lab", "demo"
    QString label; // "Production", ... (translatable at the UI layer)
    QUrl baseUrl;
};

// The environments offered by name; anything else is a custom base URL (key "custom").
const QList<SevenGEnvironment> &sevenGEnvironments();
std::optional<SevenGEnvironment> sevenGEnvironment(const QString &key);
QUrl defaultD7BaseUrl();

// How an account gets its token: by signing in with a stored secret, or (D7
// only) with a token the user pasted from the D7 Control Panel, which is
// used as it is until it expires and never renewed.
enum class Credential { Secret, PastedToken };

// One 7G account or D7 application. Holds no secret: passwords, client secrets
// and tokens (a pasted one too) live in the SecretStore, keyed by the account id.
struct Account
{
    QUuid id;
    QString name;
    Provider provider = Provider::SevenG;
    QString environment; // 7G: an environment key or "custom"; D7: empty
    QUrl baseUrl;
    QString login; // 7G username or D7 client id
    QString notes;
    int refreshLeadSeconds = 60;
    int fallbackLifetimeSeconds = 20 * 60;
    Credential credential = Credential::Secret;
    // A pasted token that carries no expiry of its own: when the user said it
    // expires (UTC). Invalid: the token's "exp" claim decides, or it is unknown.
    QDateTime pastedTokenExpiresAt;

    // A D7 application whose token was pasted: no sign-in, no renewal.
    bool usesPastedToken() const { return provider == Provider::D7 && credential == Credential::PastedToken; }

    static Account create(Provider provider); // a fresh id and the provider's defaults

    // "7G · Production", "7G · https://preview.example", "D7"
    QString environmentLabel() const;

    // Calls field(key, value) for each field the accounts file holds, keys in
    // the file's (alphabetical) order; value is a QString or an int. toJson()
    // and the accounts file's own writer are both built on it.
    template<typename Visitor> void visitFields(Visitor &&field) const;

    QJsonObject toJson() const;
    // nullopt with *error set when the object is not a valid account.
    // parsedUrls: base URLs already parsed while reading one file; accounts
    // mostly share a few, and then share one QUrl.
    static std::optional<Account> fromJson(const QJsonObject &object, QString *error,
                                           QHash<QString, QUrl> *parsedUrls = nullptr);

    friend bool operator==(const Account &, const Account &) = default;
};

template<typename Visitor> void Account::visitFields(Visitor &&field) const
{
    using namespace Qt::StringLiterals;
    field("baseUrl"_L1, baseUrl.toString(QUrl::RemoveUserInfo));
    if (usesPastedToken())
        field("credential"_L1, u"token"_s);
    if (!environment.isEmpty())
        field("environment"_L1, environment);
    field("fallbackLifetimeSeconds"_L1, fallbackLifetimeSeconds);
    field("id"_L1, id.toString(QUuid::WithoutBraces));
    // A pasted-token application may have no client id; an older TokenTray
    // then skips the entry rather than trying to sign in with a secret it lacks.
    if (!usesPastedToken() || !login.isEmpty())
        field("login"_L1, login);
    field("name"_L1, name);
    if (!notes.isEmpty())
        field("notes"_L1, notes);
    field("provider"_L1, providerKey(provider));
    field("refreshLeadSeconds"_L1, refreshLeadSeconds);
    if (usesPastedToken() && pastedTokenExpiresAt.isValid())
        field("tokenExpiresAt"_L1, pastedTokenExpiresAt.toUTC().toString(Qt::ISODate));
}
