#include "secrets/keychainerrors.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace KeychainErrors {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("KeychainSecretStore", text);
}

// libsecret passes GDBus errors through as plain text; these fragments mean
// the Secret Service itself is missing, not that it refused something.
bool mentionsMissingService(const QString &detail)
{
    static const QLatin1StringView fragments[] = {
        "org.freedesktop.secrets"_L1, "ServiceUnknown"_L1,    "not provided by any .service"_L1,
        "Could not connect"_L1,       "Cannot autolaunch"_L1, "D-Bus is not running"_L1,
        "No keychain service"_L1,     "No keyring daemon"_L1, "DBUS_SESSION_BUS_ADDRESS"_L1,
    };
    for (const auto fragment : fragments) {
        if (detail.contains(fragment, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

QString messageFor(SecretError error, const QString &detail)
{
    switch (error) {
    case SecretError::None:
        return {};
    case SecretError::NotFound:
        return tr("No saved credential was found in the keychain.");
    case SecretError::NoBackend:
        return tr("No keychain service (Secret Service) is available, so credentials cannot be saved "
                  "or read. Install and start a keyring such as GNOME Keyring or KWallet.");
    case SecretError::Locked:
        return tr("The keyring is locked. Unlock it to use saved credentials.");
    case SecretError::AccessDenied:
        return tr("Access to the keychain was denied.");
    case SecretError::Other:
        if (detail.isEmpty())
            return tr("The keychain reported an unexpected error.");
        return tr("The keychain reported an unexpected error: %1").arg(detail);
    }
    return {};
}

SecretResult resultFor(QKeychain::Error error, const QString &detail, bool busReachable)
{
    SecretResult r;
    switch (error) {
    case QKeychain::NoError:
        return r;
    case QKeychain::EntryNotFound:
        r.error = SecretError::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.error = SecretError::NoBackend;
        break;
    case QKeychain::AccessDeniedByUser:
        r.error = SecretError::AccessDenied;
        break;
    case QKeychain::AccessDenied:
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
        // On Linux this is what a locked Secret Service collection (libsecret
        // SECRET_ERROR_IS_LOCKED) or an unopened KWallet turns into.
        r.error = SecretError::Locked;
#else
        r.error = SecretError::AccessDenied;
#endif
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        if (!busReachable || mentionsMissingService(detail)) {
            r.error = SecretError::NoBackend;
        } else if (detail.contains("locked"_L1, Qt::CaseInsensitive)
                   || detail.contains("prompt"_L1, Qt::CaseInsensitive)) {
            // libsecret could not show an unlock prompt (no prompter, dismissed).
            r.error = SecretError::Locked;
        } else {
            r.error = SecretError::Other;
            r.transient = true;
        }
        break;
    }
    r.message = messageFor(r.error, r.error == SecretError::Other ? detail.left(200) : QString());
    return r;
}

SecretResult timedOut(int seconds)
{
    SecretResult r;
    r.error = SecretError::Other;
    r.transient = true;
    // Not %n: without an English translation loaded that would read "second(s)".
    r.message = tr("The keychain did not answer within %1 seconds. It may be waiting for you to unlock it.")
                    .arg(seconds);
    return r;
}

bool sessionBusReachable()
{
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty()) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        return !runtime.isEmpty() && QFileInfo::exists(runtime + "/bus"_L1);
    }
    // Several addresses may be listed; one usable one is enough.
    const auto candidates = address.split(u';', Qt::SkipEmptyParts);
    for (const QString &candidate : candidates) {
        if (!candidate.startsWith("unix:"_L1))
            return true; // tcp:, abstract sockets...: cannot tell cheaply, assume yes
        const auto params = QStringView(candidate).mid(5).split(u',');
        bool checkable = false;
        for (const auto param : params) {
            if (param.startsWith(u"path=")) {
                checkable = true;
                if (QFileInfo::exists(param.mid(5).toString()))
                    return true;
            }
        }
        if (!checkable)
            return true;
    }
    return false;
}

} // namespace KeychainErrors
