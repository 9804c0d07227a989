#pragma once

#include "accounts/account.h"
#include "base/result.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

// The accounts file: versioned JSON, written atomically with QSaveFile. It
// holds no secret. A corrupt file is moved aside and reported, never
// overwritten blindly; a file from a newer TokenTray is opened read-only; a
// file changed by someone else since it was read (or never read) is not
// saved over.
class AccountStore : public QObject
{
    Q_OBJECT
public:
    // The newest format this version reads and writes. Format 2 adds D7
    // applications with a pasted token; a file without one is still written
    // as format 1, so that an older TokenTray keeps using it fully.
    static constexpr int SchemaVersion = 2;
    static constexpr int PastedTokenSchemaVersion = 2;
    static constexpr int OldestSchemaVersion = 1;

    // path: the accounts file, e.g. <AppConfigLocation>/accounts.json
    explicit AccountStore(const QString &path, QObject *parent = nullptr);

    // The default location: QStandardPaths::AppConfigLocation + "/accounts.json".
    static QString defaultPath();

    QString path() const { return m_path; }

    // Reads the file and emits changed(). A missing file is an empty,
    // writable store. On any problem the result is a failure carrying
    // loadProblem(): a damaged file was moved aside (the store is then empty
    // and writable); an unreadable one was left alone (empty, read-only); one
    // from a newer TokenTray shows the accounts it can read, read-only.
    Status load();

    bool isReadOnly() const { return m_readOnly; }
    // Human sentence about the last load problem (moved-aside file, newer version); empty if none.
    QString loadProblem() const { return m_loadProblem; }

    const QList<Account> &accounts() const { return m_accounts; }
    std::optional<Account> find(const QUuid &id) const;
    // By exact display name (case-insensitive), or by id.
    std::optional<Account> findByNameOrId(const QString &nameOrId) const;
    bool nameTaken(const QString &name, const QUuid &except = {}) const;

    // Each change saves at once; on failure nothing changes in memory either.
    Status add(const Account &account);
    // Adds every account in one write, or none (a name taken, an invalid
    // account, a failed write).
    Status addAll(const QList<Account> &accounts);
    Status update(const Account &account);
    Status remove(const QUuid &id);

Q_SIGNALS:
    void changed();

private:
    // Id, a round trip through the file format and, unless checkName is
    // false, a name that is neither blank nor taken.
    Status validate(const Account &account, bool checkName = true) const;
    Status save(const QList<Account> &accounts);

    QString m_path;
    QList<Account> m_accounts;
    bool m_readOnly = false;
    QString m_loadProblem;
    // The file as last read or written (shared with the buffer that was
    // parsed or saved, not a copy); nullopt: no file expected.
    std::optional<QByteArray> m_diskBytes;
};
