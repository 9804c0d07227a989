#pragma once

#include "accounts/account.h"
#include "base/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

// The accounts export file: versioned JSON with everything an Account holds
// (names, providers, environments, URLs, login names, notes, per-account
// settings) and never a secret, since Account holds none.
//
//     {"format": "tokentray-accounts", "version": 1, "accounts": [ {...}, ... ]}
//
// Ids are not exported: imported accounts get fresh ones, so that a file read
// twice or into another configuration never collides with keychain entries.
class AccountTransfer
{
    Q_DECLARE_TR_FUNCTIONS(AccountTransfer)
public:
    static constexpr int Version = 1;
    // Below the instance socket's request limit, which carries the file to a running window.
    static constexpr qsizetype MaxFileBytes = 192 * 1024;
    static constexpr qsizetype MaxAccounts = 10000;
    static QString formatName();

    static QByteArray write(const QList<Account> &accounts);

    // Every account of the file (with fresh ids), or why the file cannot be
    // read: not JSON, another format, a newer version, wrong types, an invalid
    // account, a name given twice. All or nothing.
    static Result<QList<Account>> read(const QByteArray &data);

    enum class OnDuplicate { Refuse, Skip, Rename };

    struct Plan
    {
        QList<Account> toAdd; // renamed where asked
        QStringList skipped; // names left out because they exist
        QStringList renamed; // "old → new"
        QStringList duplicates; // names that exist (whatever the policy)
    };
    // Which accounts to add given the names already taken (case-insensitive,
    // as AccountStore::nameTaken). With Refuse and duplicates, toAdd is empty.
    static Plan plan(const QList<Account> &imported, const QStringList &existingNames, OnDuplicate policy);
};
