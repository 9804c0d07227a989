#pragma once

#include "accounts/account.h"

#include <QByteArray>
#include <QList>

// Writes the accounts file's JSON text straight from the accounts: the same
// document QJsonDocument would give for a QJsonObject per account (same keys,
// same order, indented alike), without building those objects first, which
// took most of a save's time at thousands of accounts.
namespace AccountsFileWriter {
QByteArray write(const QList<Account> &accounts, int version);
}
