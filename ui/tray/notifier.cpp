#include "tray/notifier.h"

#include "session/sessionmanager.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxNamesShown = 3;
}

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(DefaultCoalesceMs);
    connect(&m_timer, &QTimer::timeout, this, &Notifier::flush);
}

void Notifier::watch(SessionManager *manager)
{
    m_manager = manager;
    connect(manager, &SessionManager::sessionChanged, this, &Notifier::examine);
    connect(manager, &SessionManager::sessionAdded, this,
            [this](TokenSession *session) { examine(session); });
    connect(manager, &SessionManager::sessionRemoved, this, [this](const QUuid &id) {
        clear(Kind::CredentialsRejected, id);
        clear(Kind::RenewalFailing, id);
        clear(Kind::PastedTokenWithinDay, id);
        clear(Kind::PastedTokenWithinHour, id);
        clear(Kind::PastedTokenExpired, id);
        m_pastedTokens.remove(id);
    });
    // A token lapsing is a matter of time, not of a state change.
    connect(manager, &SessionManager::ticked, this, &Notifier::examineAll);
    connect(manager->keychainMonitor(), &KeychainMonitor::statusChanged, this, [this] {
        switch (m_manager->keychainMonitor()->status()) {
        case KeychainMonitor::Status::Unavailable:
            report(Kind::KeychainUnavailable, {}, {}, m_manager->keychainMonitor()->message());
            break;
        case KeychainMonitor::Status::Available:
            clear(Kind::KeychainUnavailable, {});
            break;
        case KeychainMonitor::Status::Unknown:
        case KeychainMonitor::Status::Probing:
            break;
        }
    });
    examineAll();
}

void Notifier::examineAll()
{
    for (TokenSession *session : m_manager->sessions())
        examine(session);
}

void Notifier::examinePasted(TokenSession *session)
{
    const Account &account = session->account();
    const QUuid id = account.id;
    using Stage = SessionPresenter::PastedTokenStage;
    const Stage stage = SessionPresenter::pastedTokenStage(*session);
    if (stage == Stage::NotPasted)
        return; // still loading, or no token: nothing is known yet
    // Another token (pasted again): its warnings are new ones.
    const QString &token = session->tokens().accessToken;
    const QByteArray fingerprint = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
    if (m_pastedTokens.value(id) != fingerprint) {
        m_pastedTokens.insert(id, fingerprint);
        clear(Kind::PastedTokenWithinDay, id);
        clear(Kind::PastedTokenWithinHour, id);
        clear(Kind::PastedTokenExpired, id);
    }
    const QString detail = SessionPresenter::pastedTokenWarning(*session);
    switch (stage) {
    case Stage::WithinDay:
        report(Kind::PastedTokenWithinDay, id, account.name, detail);
        break;
    case Stage::WithinHour:
        // A token first seen with less than an hour left is warned about once, not twice.
        markReported(Kind::PastedTokenWithinDay, id);
        report(Kind::PastedTokenWithinHour, id, account.name, detail);
        break;
    case Stage::Expired:
        markReported(Kind::PastedTokenWithinDay, id);
        markReported(Kind::PastedTokenWithinHour, id);
        report(Kind::PastedTokenExpired, id, account.name, detail);
        break;
    case Stage::NotPasted:
    case Stage::Fine:
    case Stage::ExpiryUnknown:
        break;
    }
}

void Notifier::markReported(Kind kind, const QUuid &account)
{
    m_active.insert(Key(static_cast<int>(kind), account));
}

void Notifier::examine(TokenSession *session)
{
    const Account &account = session->account();
    const SessionState state = session->state();
    if (account.usesPastedToken()) {
        // Never renewed, so never "failing to renew": only its end is news.
        clear(Kind::RenewalFailing, account.id);
        clear(Kind::CredentialsRejected, account.id);
        examinePasted(session);
        return;
    }

    if (state == SessionState::CredentialsRejected)
        report(Kind::CredentialsRejected, account.id, account.name, session->lastError().message);
    else
        clear(Kind::CredentialsRejected, account.id);

    // Failing renewals are only worth an interruption once there is no
    // usable token left: before that, the retries are invisible to the user.
    const bool failing = (state == SessionState::RetryScheduled || state == SessionState::Expired)
        && session->lastError().isError() && !session->hasValidToken();
    if (failing)
        report(Kind::RenewalFailing, account.id, account.name, session->lastError().message);
    else if (session->hasValidToken() || state == SessionState::SignedOut)
        clear(Kind::RenewalFailing, account.id);
}

void Notifier::setEnabled(bool on)
{
    m_enabled = on;
    if (!on) {
        m_pending.clear();
        m_timer.stop();
    }
}

void Notifier::report(Kind kind, const QUuid &account, const QString &accountName, const QString &detail)
{
    const Key key(static_cast<int>(kind), account);
    if (m_active.contains(key))
        return;
    // Remembered even while notifications are off, so turning them on later
    // does not replay old conditions.
    m_active.insert(key);
    if (!m_enabled)
        return;
    m_pending.append({ kind, accountName, detail });
    if (!m_timer.isActive())
        m_timer.start();
}

void Notifier::clear(Kind kind, const QUuid &account)
{
    m_active.remove(Key(static_cast<int>(kind), account));
}

QString Notifier::nameList(const QStringList &names)
{
    if (names.size() == 1)
        return names.first();
    if (names.size() <= MaxNamesShown) {
        return tr("%1 and %2", "list of account names")
            .arg(names.first(names.size() - 1).join(tr(", ", "list separator")), names.last());
    }
    const qsizetype more = names.size() - MaxNamesShown;
    return tr("%1 and %n more", "list of account names", int(more))
        .arg(names.first(MaxNamesShown).join(tr(", ", "list separator")));
}

void Notifier::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty() || !m_enabled) {
        m_pending.clear();
        return;
    }
    QStringList rejected;
    QStringList failing;
    QStringList pastedDay, pastedHour, pastedExpired;
    QStringList pastedDetails;
    QString keychain;
    bool keychainReported = false;
    for (const Pending &p : std::as_const(m_pending)) {
        switch (p.kind) {
        case Kind::CredentialsRejected:
            rejected.append(p.name);
            break;
        case Kind::RenewalFailing:
            failing.append(p.name);
            break;
        case Kind::KeychainUnavailable:
            keychainReported = true;
            keychain = p.detail;
            break;
        case Kind::PastedTokenWithinDay:
            pastedDay.append(p.name);
            pastedDetails.append(p.detail);
            break;
        case Kind::PastedTokenWithinHour:
            pastedHour.append(p.name);
            pastedDetails.append(p.detail);
            break;
        case Kind::PastedTokenExpired:
            pastedExpired.append(p.name);
            pastedDetails.append(p.detail);
            break;
        }
    }
    m_pending.clear();

    QStringList sentences;
    QString title;
    int kinds = 0;
    if (keychainReported) {
        ++kinds;
        title = tr("Keychain unavailable");
        sentences.append(keychain.isEmpty() ? tr(
                             "The keychain cannot be used, so saved credentials and tokens cannot be read.")
                                            : keychain);
    }
    if (!rejected.isEmpty()) {
        ++kinds;
        title = tr("Sign-in rejected");
        sentences.append(
            rejected.size() == 1
                ? tr("The service rejected the saved credentials for %1. TokenTray will not try "
                     "them again until you edit the account or sign in yourself.")
                      .arg(nameList(rejected))
                : tr("The services rejected the saved credentials for %1. TokenTray will not try "
                     "them again until you edit those accounts or sign in yourself.")
                      .arg(nameList(rejected)));
    }
    if (!failing.isEmpty()) {
        ++kinds;
        title = tr("Tokens could not be renewed");
        sentences.append(failing.size() == 1
                             ? tr("The token for %1 has run out and renewing it keeps failing. TokenTray "
                                  "keeps trying.")
                                   .arg(nameList(failing))
                             : tr("The tokens for %1 have run out and renewing them keeps failing. "
                                  "TokenTray keeps trying.")
                                   .arg(nameList(failing)));
    }
    const qsizetype pastedCount = pastedDay.size() + pastedHour.size() + pastedExpired.size();
    if (pastedCount == 1) {
        ++kinds;
        title = pastedExpired.isEmpty() ? tr("Pasted token expires soon") : tr("Pasted token expired");
        sentences.append(pastedDetails.first());
    } else if (pastedCount > 1) {
        ++kinds;
        title = pastedExpired.isEmpty() ? tr("Pasted tokens expire soon") : tr("Pasted tokens expired");
        if (!pastedExpired.isEmpty())
            sentences.append(tr("The pasted tokens of %1 have expired. TokenTray cannot renew them: paste "
                                "new tokens from the D7 Control Panel.")
                                 .arg(nameList(pastedExpired)));
        if (!pastedHour.isEmpty())
            sentences.append(tr("The pasted tokens of %1 expire within the hour.").arg(nameList(pastedHour)));
        if (!pastedDay.isEmpty())
            sentences.append(tr("The pasted tokens of %1 expire within a day.").arg(nameList(pastedDay)));
    }
    if (kinds > 1)
        title = tr("TokenTray needs attention");
    Q_EMIT notify(title, sentences.join(u'\n'),
                  keychainReported || !rejected.isEmpty() || !pastedExpired.isEmpty());
}
