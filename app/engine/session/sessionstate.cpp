#include "session/sessionstate.h"

using namespace Qt::StringLiterals;

QString sessionStateKey(SessionState state)
{
    switch (state) {
    case SessionState::Restoring:
        return u"restoring"_s;
    case SessionState::SignedOut:
        return u"signed-out"_s;
    case SessionState::NeedsCredentials:
        return u"needs-credentials"_s;
    case SessionState::SigningIn:
        return u"signing-in"_s;
    case SessionState::Refreshing:
        return u"refreshing"_s;
    case SessionState::Valid:
        return u"valid"_s;
    case SessionState::RetryScheduled:
        return u"retrying"_s;
    case SessionState::Expired:
        return u"expired"_s;
    case SessionState::CredentialsRejected:
        return u"credentials-rejected"_s;
    case SessionState::KeychainUnavailable:
        return u"keychain-unavailable"_s;
    case SessionState::Failed:
        return u"failed"_s;
    }
    return u"unknown"_s;
}
