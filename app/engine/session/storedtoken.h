#pragma once

#include "providers/tokenset.h"

#include <QString>

// How an access token is kept in the secret store. The keychain entry holds a
// small JSON object, so that the expiry survives a restart even for a token
// that is not a JWT:
//   {"v":1,"token":"<access token>","exp":<UTC seconds>,"iat":<UTC seconds>,"jwt":true}
// "exp" and "iat" are the session's expiresAt and obtainedAt; "jwt" says the
// expiry came from the token's own claim. The refresh token is stored raw in
// its own entry. A bare token (not this JSON) is still read: its expiry then
// comes from the JWT "exp" claim, or it counts as expired.
namespace StoredToken {

QString encode(const TokenSet &tokens);

// The access token with expiresAt/obtainedAt/expiryFromToken; an empty set
// when the value is unreadable or the token is not one the providers would
// accept (ReplyParsing::isAcceptableToken: printable ASCII, no spaces).
TokenSet decode(const QString &value);

} // namespace StoredToken
