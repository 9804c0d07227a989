#pragma once

#include "accounts/account.h"
#include "base/result.h"
#include "providers/tokenset.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

// A D7 token the user pasted from the D7 Control Panel. TokenTray cannot
// renew it (there is no client secret), so it is used as it is: its expiry
// is its JWT "exp" claim, else the one the user gave, else unknown.
namespace PastedToken {

// The token as typed or piped in, without surrounding white space and a
// "Bearer " prefix copied along with it.
QString normalized(QStringView text);

// Whether the token may go into a header and a shell command at all; the
// failure is a whole sentence for the dialog and the command line.
Status check(QStringView token);

// The token's own expiry (the JWT "exp" claim); invalid when it carries none.
QDateTime expiryInToken(QStringView token);

// The token with its expiry, for the session: the token's own expiry wins
// over the one the account gives; expiresAt stays invalid when neither
// says. obtainedAt is when it was read (now). Empty when the token is unusable.
TokenSet tokens(const Account &account, const QString &token, const QDateTime &now);

} // namespace PastedToken
