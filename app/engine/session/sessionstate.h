#pragma once

#include <QString>

enum class SessionState {
    Restoring, // reading stored tokens from the secret store
    SignedOut, // no token, and none wanted until the user (or a caller) asks
    NeedsCredentials, // no password / client secret stored
    SigningIn, // full login in flight
    Refreshing, // 7G refresh in flight
    Valid, // a token with time left
    RetryScheduled, // a transient failure; next attempt at nextAttemptAt()
    Expired, // token lapsed and no attempt is in flight or scheduled
    CredentialsRejected, // the service refused the credentials: never retried automatically
    KeychainUnavailable, // the secret store cannot be used
    Failed, // TLS or configuration problem that needs the user
};

// Short untranslated key ("valid", "retrying", ...) for --json output and logs.
QString sessionStateKey(SessionState state);
