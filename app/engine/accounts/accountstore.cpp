#include "accounts/accountstore.h"

#include "accounts/accountsfilewriter.h"
#include "platform/atomicfile.h"
#include "platform/corruptfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
// Far beyond any real accounts file (1,000 accounts are about 300 KiB):
// anything larger is not ours, and reading it whole would waste memory.
constexpr qint64 maxFileSize = 32 * 1024 * 1024;

constexpr QFileDevice::Permissions ownerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions ownerOnlyDir
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

QString displayPath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// At most maxFileSize + 1 bytes, without setting aside that much first
// (QIODevice::read(n) allocates n bytes whatever the file holds).
QByteArray readCapped(QFile &file)
{
    return file.read(std::min(file.size(), maxFileSize) + 1);
}

QString normalizedName(const QString &name)
{
    return name.trimmed();
}

} // namespace

AccountStore::AccountStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{ }

QString AccountStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + "/accounts.json"_L1;
}

Status AccountStore::load()
{
    m_accounts.clear();
    m_readOnly = false;
    m_loadProblem.clear();
    m_diskBytes.reset();
    const auto finish = [this](Status status) {
        Q_EMIT changed();
        return status;
    };

    const QFileInfo info(m_path);
    if (!info.exists() && !info.isSymLink())
        return finish(Status::success()); // first start

    QFile file(m_path);
    QString readError;
    if (info.isDir())
        readError = tr("it is a folder, not a file");
    else if (info.exists() && !info.isFile()) // a named pipe would block the start, a device never end
        readError = tr("it is not a regular file");
    else if (!file.open(QIODevice::ReadOnly))
        readError = file.errorString();
    if (!readError.isEmpty()) {
        // Unreadable is not damaged: the file may be fine once its
        // permissions are, so it is neither moved nor overwritten.
        m_readOnly = true;
        m_loadProblem = tr("The accounts file %1 cannot be read (%2). It was left untouched, and changes "
                           "to accounts will not be saved until it can be read.")
                            .arg(displayPath(m_path), readError);
        return finish(Status::failure(m_loadProblem));
    }

    QString damage;
    const QByteArray bytes = readCapped(file);
    QJsonObject root;
    if (file.error() != QFileDevice::NoError) {
        m_readOnly = true;
        m_loadProblem = tr("The accounts file %1 cannot be read (%2). It was left untouched, and changes "
                           "to accounts will not be saved until it can be read.")
                            .arg(displayPath(m_path), file.errorString());
        return finish(Status::failure(m_loadProblem));
    }
    file.close();
    m_diskBytes = bytes;

    if (bytes.size() > maxFileSize) {
        damage = tr("it is larger than %1 MiB").arg(maxFileSize / (1024 * 1024));
    } else {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            damage = tr("it is not valid JSON: %1 at byte %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        else if (!doc.isObject())
            damage = tr("it does not hold a JSON object");
        else
            root = doc.object();
    }

    int version = 0;
    if (damage.isEmpty()) {
        const QJsonValue v = root.value("version"_L1);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d != std::floor(d))
            damage = tr("its \"version\" field is missing or not a whole positive number");
        else // any huge number is simply newer; converting it to int as it is would be undefined
            version
                = d < std::numeric_limits<int>::max() ? static_cast<int>(d) : std::numeric_limits<int>::max();
    }
    const bool newer = damage.isEmpty() && version > SchemaVersion;
    if (damage.isEmpty() && !root.value("accounts"_L1).isArray() && !newer)
        damage = tr("its \"accounts\" field is missing or not a list");

    QList<Account> loaded;
    if (damage.isEmpty()) {
        const QJsonArray entries = root.value("accounts"_L1).toArray();
        QSet<QUuid> ids;
        ids.reserve(entries.size());
        loaded.reserve(entries.size());
        QHash<QString, QUrl> parsedUrls;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QString entryError;
            std::optional<Account> account;
            if (!entries.at(i).isObject())
                entryError = tr("it is not a JSON object");
            else
                account = Account::fromJson(entries.at(i).toObject(), &entryError, &parsedUrls);
            if (account && ids.contains(account->id)) {
                entryError = tr("its id %1 is used twice").arg(account->id.toString(QUuid::WithoutBraces));
                account.reset();
            }
            if (!account) {
                // A newer format may hold entries this version cannot read:
                // show the rest; the file is not saved over anyway.
                if (newer)
                    continue;
                damage = tr("account number %1 is invalid: %2").arg(i + 1).arg(entryError);
                break;
            }
            ids.insert(account->id);
            loaded.append(std::move(*account));
        }
    }

    if (newer) {
        m_accounts = loaded;
        m_readOnly = true;
        m_loadProblem = tr("The accounts file %1 was written by a newer version of TokenTray (format %2; "
                           "this version understands format %3). The accounts are shown read-only, and "
                           "changes will not be saved so that the file is not damaged.")
                            .arg(displayPath(m_path))
                            .arg(version)
                            .arg(SchemaVersion);
        return finish(Status::failure(m_loadProblem));
    }

    if (damage.isEmpty()) {
        m_accounts = loaded;
        return finish(Status::success());
    }

    // Damaged: keep the bytes for the user and start over with an empty,
    // writable list.
    const auto aside = CorruptFile::moveAside(m_path, QDateTime::currentDateTime());
    if (!aside) {
        m_readOnly = true;
        m_loadProblem = tr("The accounts file %1 is damaged (%2) and could not be moved aside (%3). It was "
                           "left untouched, and changes to accounts will not be saved.")
                            .arg(displayPath(m_path), damage, aside.error());
        return finish(Status::failure(m_loadProblem));
    }
    m_diskBytes.reset();
    m_loadProblem = tr("The accounts file was damaged (%1). It was moved to %2 for you to inspect, and "
                       "TokenTray started with an empty account list.")
                        .arg(damage, displayPath(*aside));
    return finish(Status::failure(m_loadProblem));
}

std::optional<Account> AccountStore::find(const QUuid &id) const
{
    for (const Account &a : m_accounts) {
        if (a.id == id)
            return a;
    }
    return std::nullopt;
}

std::optional<Account> AccountStore::findByNameOrId(const QString &nameOrId) const
{
    const QString wanted = normalizedName(nameOrId);
    for (const Account &a : m_accounts) {
        if (normalizedName(a.name).compare(wanted, Qt::CaseInsensitive) == 0)
            return a;
    }
    const QUuid id = QUuid::fromString(wanted);
    if (!id.isNull())
        return find(id);
    return std::nullopt;
}

bool AccountStore::nameTaken(const QString &name, const QUuid &except) const
{
    const QString wanted = normalizedName(name);
    for (const Account &a : m_accounts) {
        if (a.id != except && normalizedName(a.name).compare(wanted, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Status AccountStore::validate(const Account &account, bool checkName) const
{
    if (account.id.isNull())
        return Status::failure(tr("The account has no id."));
    // Like a taken name, a blank one read from a file edited by hand stays
    // until the user renames the account; a new or changed name is checked.
    if (checkName && normalizedName(account.name).isEmpty())
        return Status::failure(tr("Give the account a name."));
    if (checkName && nameTaken(account.name, account.id))
        return Status::failure(tr("An account named \"%1\" already exists. Choose a different name.")
                                   .arg(account.name.trimmed()));
    // What is saved must load again: the file format is the judge.
    QString error;
    if (!Account::fromJson(account.toJson(), &error))
        return Status::failure(tr("The account cannot be saved: %1.").arg(error));
    return Status::success();
}

Status AccountStore::add(const Account &account)
{
    if (find(account.id))
        return Status::failure(tr("An account with this id already exists."));
    if (const Status valid = validate(account); !valid)
        return valid;
    QList<Account> next = m_accounts;
    next.append(account);
    if (const Status saved = save(next); !saved)
        return saved;
    m_accounts = next;
    Q_EMIT changed();
    return Status::success();
}

Status AccountStore::addAll(const QList<Account> &accounts)
{
    if (accounts.isEmpty())
        return Status::success();
    QList<Account> next = m_accounts;
    for (const Account &account : accounts) {
        if (find(account.id))
            return Status::failure(tr("An account with this id already exists."));
        if (const Status valid = validate(account); !valid)
            return valid;
        for (const Account &earlier : std::as_const(next)) {
            if (normalizedName(earlier.name).compare(normalizedName(account.name), Qt::CaseInsensitive) == 0)
                return Status::failure(tr("An account named \"%1\" already exists. Choose a different name.")
                                           .arg(account.name.trimmed()));
        }
        next.append(account);
    }
    if (const Status saved = save(next); !saved)
        return saved;
    m_accounts = next;
    Q_EMIT changed();
    return Status::success();
}

Status AccountStore::update(const Account &account)
{
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_accounts.size(); ++i) {
        if (m_accounts.at(i).id == account.id)
            index = i;
    }
    if (index < 0)
        return Status::failure(tr("The account no longer exists."));
    // A file written by hand may hold two accounts of one name; each must
    // stay editable (to rename one of them) rather than refuse every change.
    const bool renamed
        = normalizedName(m_accounts.at(index).name).compare(normalizedName(account.name), Qt::CaseInsensitive)
        != 0;
    if (const Status valid = validate(account, renamed); !valid)
        return valid;
    QList<Account> next = m_accounts;
    next[index] = account;
    if (const Status saved = save(next); !saved)
        return saved;
    m_accounts = next;
    Q_EMIT changed();
    return Status::success();
}

Status AccountStore::remove(const QUuid &id)
{
    QList<Account> next = m_accounts;
    if (next.removeIf([&](const Account &a) { return a.id == id; }) == 0)
        return Status::failure(tr("The account no longer exists."));
    if (const Status saved = save(next); !saved)
        return saved;
    m_accounts = next;
    Q_EMIT changed();
    return Status::success();
}

Status AccountStore::save(const QList<Account> &accounts)
{
    if (m_readOnly) {
        return Status::failure(m_loadProblem.isEmpty()
                                   ? tr("The accounts file is read-only, so the change was not saved.")
                                   : tr("The change was not saved. %1").arg(m_loadProblem));
    }

    const QFileInfo info(m_path);
    if (info.exists() || info.isSymLink()) {
        // Another TokenTray, a sync tool or the user may have written the
        // file since it was read: saving this list over it would silently
        // drop their accounts.
        QFile current(m_path);
        if (!info.isFile() || !current.open(QIODevice::ReadOnly))
            return Status::failure(tr("The change was not saved: the accounts file %1 cannot be read (%2).")
                                       .arg(displayPath(m_path), current.errorString()));
        // Compared byte for byte with what was read or written: exact, and
        // far cheaper than hashing both (a SHA-256 of the file cost more
        // than writing it).
        if (!m_diskBytes || current.size() != m_diskBytes->size() || readCapped(current) != *m_diskBytes)
            return Status::failure(
                tr("The change was not saved: the accounts file %1 was changed by another program since "
                   "TokenTray read it. Restart TokenTray to see the accounts it holds now, then make the "
                   "change again.")
                    .arg(displayPath(m_path)));
    }
    const QString dir = info.absolutePath();
    if (!QFileInfo(dir).isDir()) {
        // The configuration folder is created private; an existing one is
        // left as the user set it up.
        const QString parent = QFileInfo(dir).absolutePath();
        if (!QDir().mkpath(parent) || !QDir().mkdir(dir, ownerOnlyDir))
            return Status::failure(tr("The accounts could not be saved: the folder %1 could not be created.")
                                       .arg(displayPath(dir)));
    }

    const bool pasted = std::any_of(accounts.cbegin(), accounts.cend(),
                                    [](const Account &a) { return a.usesPastedToken(); });
    const QByteArray bytes
        = AccountsFileWriter::write(accounts, pasted ? PastedTokenSchemaVersion : OldestSchemaVersion);

    // Written to a temporary file and renamed over the old one: a crash or a
    // full disk leaves the previous file intact.
    if (const Status written = AtomicFile::write(m_path, bytes, ownerOnlyFile); !written) {
        return Status::failure(
            tr("The accounts could not be saved to %1: %2").arg(displayPath(m_path), written.error()));
    }
    m_diskBytes = bytes;
    return Status::success();
}
