#pragma once

// Locks and unlocks the harness keyring's login collection, for tests of what
// TokenTray does with a locked keychain. Only meaningful inside
// tests/harness/desktop-session.sh, which exports the keyring password.
namespace KeyringControl {

bool loginCollectionLocked();
// Locks the login collection; true when it is locked afterwards.
bool lockLoginCollection();
// Unlocks it again with the harness password; true when it is unlocked afterwards.
bool unlockLoginCollection();

} // namespace KeyringControl
