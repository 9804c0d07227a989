#pragma once

#include "secrets/secretstore.h"

#include <qt6keychain/keychain.h>

// How qtkeychain's answers become SecretResults. Kept apart from
// KeychainSecretStore so the mapping can be tested without a keychain.
namespace KeychainErrors {

// `detail` is qtkeychain's errorString(): backend text, never the secret.
// `sessionBusReachable` says whether a D-Bus session bus address is usable
// at all; qtkeychain reports a missing bus only as OtherError.
SecretResult resultFor(QKeychain::Error error, const QString &detail, bool sessionBusReachable);

// The sentence for an error class (the same one resultFor uses).
QString messageFor(SecretError error, const QString &detail = {});

// The result when a job does not finish in time.
SecretResult timedOut(int seconds);

// False when the session bus address points nowhere: unset with no
// $XDG_RUNTIME_DIR/bus socket, or a unix:path= socket that does not exist.
// Cheap: looks at the environment and the file system only.
bool sessionBusReachable();

} // namespace KeychainErrors
