#include "accounts/accounttransfer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {
QString folded(const QString &name)
{
    return name.trimmed().toCaseFolded();
}
} // namespace

QString AccountTransfer::formatName()
{
    return u"tokentray-accounts"_s;
}

QByteArray AccountTransfer::write(const QList<Account> &accounts)
{
    QJsonArray list;
    for (const Account &account : accounts) {
        QJsonObject o = account.toJson();
        o.remove(u"id"_s);
        // The expiry belongs to a pasted token, which is not exported either.
        o.remove(u"tokenExpiresAt"_s);
        list.append(o);
    }
    const QJsonObject root {
        { u"format"_s, formatName() },
        { u"version"_s, Version },
        { u"accounts"_s, list },
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<QList<Account>> AccountTransfer::read(const QByteArray &data)
{
    using R = Result<QList<Account>>;
    if (data.size() > MaxFileBytes)
        return R::failure(tr("The file is larger than %1 KiB, more than an accounts export can be.")
                              .arg(MaxFileBytes / 1024));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return R::failure(tr("The file is not valid JSON (%1 at byte %2).")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    if (!document.isObject())
        return R::failure(tr("The file is not an accounts export: it holds no JSON object."));
    const QJsonObject root = document.object();
    if (root.value(u"format"_s).toString() != formatName())
        return R::failure(tr("The file is not a TokenTray accounts export (its \"format\" is not \"%1\").")
                              .arg(formatName()));
    const QJsonValue versionValue = root.value(u"version"_s);
    const double version = versionValue.toDouble(-1);
    if (!versionValue.isDouble() || version < 1 || version != double(qint64(version)))
        return R::failure(tr("The file has no valid \"version\"."));
    if (version > Version)
        return R::failure(tr("The file was written by a newer TokenTray (format version %1; this one reads "
                             "up to %2). Update TokenTray to import it.")
                              .arg(qint64(version))
                              .arg(Version));
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != u"format" && it.key() != u"version" && it.key() != u"accounts")
            return R::failure(tr("The file has an unexpected field \"%1\".").arg(it.key()));
    }
    const QJsonValue accountsValue = root.value(u"accounts"_s);
    if (!accountsValue.isArray())
        return R::failure(tr("The file has no \"accounts\" list."));
    const QJsonArray list = accountsValue.toArray();
    if (list.size() > MaxAccounts)
        return R::failure(tr("The file lists more than %1 accounts.").arg(MaxAccounts));

    QList<Account> accounts;
    QSet<QString> names;
    static const QStringList known = Account::create(Provider::SevenG).toJson().keys()
        + QStringList { u"environment"_s, u"notes"_s, u"credential"_s };
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return R::failure(tr("Account %1 in the file is not a JSON object.").arg(i + 1));
        QJsonObject o = list.at(i).toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            // A secret field has no business here; neither has an unknown one.
            if (it.key() == u"id" || !known.contains(it.key()))
                return R::failure(
                    tr("Account %1 in the file has an unexpected field \"%2\".").arg(i + 1).arg(it.key()));
        }
        o.insert(u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
        QString error;
        const auto account = Account::fromJson(o, &error);
        if (!account)
            return R::failure(tr("Account %1 in the file is not valid: %2.").arg(i + 1).arg(error));
        if (names.contains(folded(account->name)))
            return R::failure(
                tr("The name \"%1\" is given to more than one account in the file.").arg(account->name));
        names.insert(folded(account->name));
        accounts.append(*account);
    }
    return accounts;
}

AccountTransfer::Plan AccountTransfer::plan(const QList<Account> &imported, const QStringList &existingNames,
                                            OnDuplicate policy)
{
    Plan plan;
    QSet<QString> taken;
    for (const QString &name : existingNames)
        taken.insert(folded(name));
    for (const Account &account : imported) {
        if (taken.contains(folded(account.name)))
            plan.duplicates.append(account.name);
    }
    if (policy == OnDuplicate::Refuse && !plan.duplicates.isEmpty())
        return plan;
    for (const Account &account : imported) {
        taken.insert(folded(account.name)); // the file's own names are not given out to renamed ones
    }
    for (Account account : imported) {
        if (!plan.duplicates.contains(account.name)) {
            plan.toAdd.append(account);
            continue;
        }
        if (policy == OnDuplicate::Skip) {
            plan.skipped.append(account.name);
            continue;
        }
        QString name;
        for (int n = 2;; ++n) {
            name = tr("%1 (%2)").arg(account.name).arg(n);
            if (!taken.contains(folded(name)))
                break;
        }
        taken.insert(folded(name));
        plan.renamed.append(tr("%1 → %2").arg(account.name, name));
        account.name = name;
        plan.toAdd.append(account);
    }
    return plan;
}
