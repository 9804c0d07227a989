#include "base/clock.h"
#include "faketokenprovider.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"

#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime Start = QDateTime(QDate(2030, 1, 1), QTime(8, 0), Qt::UTC);

void settle()
{
    for (int i = 0; i < 30; ++i)
        QCoreApplication::processEvents();
}

// How the session got where it is.
enum class Scenario {
    Fresh,
    SignedIn,
    SigningIn,
    SignedOut,
    NoSecret,
    RetryIn45,
    RetryDue,
    Rejected,
    TlsFailure,
    ConfigFailure,
    RefusedRequest,
    KeychainLocked,
    KeychainGone,
    Expired,
};

struct Fixture
{
    ManualClock clock { Start };
    MemorySecretStore store;
    std::unique_ptr<FakeTokenProvider> provider;
    std::unique_ptr<TokenSession> session;

    Fixture(Provider kind, Scenario scenario)
    {
        provider = std::make_unique<FakeTokenProvider>(kind, &clock);
        Account account = Account::create(kind);
        account.name = u"Test"_s;
        account.login = u"alice"_s;
        account.baseUrl = QUrl(u"http://127.0.0.1:1"_s);
        if (scenario != Scenario::NoSecret)
            store.write(account.id, provider->credentialKind(), u"pw"_s, nullptr, {});
        session = std::make_unique<TokenSession>(account, provider.get(), &store, &clock, nullptr);
        settle();
        bool autoRenew = true;
        switch (scenario) {
        case Scenario::Fresh:
            return;
        case Scenario::SigningIn:
            provider->setManual(true);
            break;
        case Scenario::SignedOut:
        case Scenario::Expired:
            autoRenew = false;
            break;
        case Scenario::RetryIn45:
        case Scenario::RetryDue:
            provider->scriptError(AuthError::Kind::Transient, 45);
            break;
        case Scenario::Rejected:
            provider->scriptError(AuthError::Kind::Credentials);
            break;
        case Scenario::TlsFailure:
            provider->scriptError(AuthError::Kind::Tls);
            break;
        case Scenario::ConfigFailure:
            provider->scriptError(AuthError::Kind::Config);
            break;
        case Scenario::RefusedRequest: {
            FakeTokenProvider::Outcome refused;
            refused.error.kind = AuthError::Kind::Protocol;
            refused.error.httpStatus = 400;
            refused.error.message = u"The service refused the request (HTTP 400)."_s;
            provider->script(refused);
            break;
        }
        default:
            break;
        }
        session->setAutoRenew(autoRenew);
        session->restore();
        settle();
        switch (scenario) {
        case Scenario::RetryDue:
            clock.advance(46 * 1000); // the time has come, the tick not yet
            break;
        case Scenario::KeychainLocked:
            session->setKeychainUnavailable(u"The keyring is locked."_s, SecretError::Locked);
            break;
        case Scenario::KeychainGone:
            session->setKeychainUnavailable(QString(), SecretError::NoBackend);
            break;
        case Scenario::Expired:
            provider->setDefaultLifetime(60);
            session->requestToken(0, nullptr, {});
            settle();
            clock.advance(61 * 1000);
            session->tick();
            break;
        default:
            break;
        }
    }
};

} // namespace

Q_DECLARE_METATYPE(Scenario)

class TestSessionPresenter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sentences_data();
    void sentences();
};

void TestSessionPresenter::sentences_data()
{
    QTest::addColumn<Provider>("kind");
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<SessionState>("state");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("detail"); // empty: the same as text

    const Provider g = Provider::SevenG;
    const Provider d = Provider::D7;
    QTest::newRow("loading") << g << Scenario::Fresh << SessionState::Restoring << u"Loading…"_s << QString();
    QTest::newRow("valid") << g << Scenario::SignedIn << SessionState::Valid << u"Valid"_s << QString();
    QTest::newRow("signing in") << d << Scenario::SigningIn << SessionState::SigningIn << u"Signing in…"_s
                                << QString();
    QTest::newRow("signed out") << g << Scenario::SignedOut << SessionState::SignedOut << u"Signed out"_s
                                << QString();
    QTest::newRow("no password") << g << Scenario::NoSecret << SessionState::NeedsCredentials
                                 << u"No password saved"_s
                                 << u"No password is saved for this account. Enter it to sign in."_s;
    QTest::newRow("no client secret")
        << d << Scenario::NoSecret << SessionState::NeedsCredentials << u"No client secret saved"_s
        << u"No client secret is saved for this application. Enter it to sign in."_s;
    QTest::newRow("retrying in") << g << Scenario::RetryIn45 << SessionState::RetryScheduled
                                 << u"Retrying in 45 s"_s << u"Scripted failure"_s;
    QTest::newRow("retry due") << g << Scenario::RetryDue << SessionState::RetryScheduled << u"Retrying…"_s
                               << u"Scripted failure"_s;
    QTest::newRow("wrong password") << g << Scenario::Rejected << SessionState::CredentialsRejected
                                    << u"Wrong password — not retried"_s << u"Scripted failure"_s;
    QTest::newRow("client secret rejected")
        << d << Scenario::Rejected << SessionState::CredentialsRejected
        << u"Client secret rejected — not retried"_s << u"Scripted failure"_s;
    QTest::newRow("tls") << g << Scenario::TlsFailure << SessionState::Failed << u"TLS error"_s
                         << u"Scripted failure"_s;
    QTest::newRow("config") << d << Scenario::ConfigFailure << SessionState::Failed
                            << u"Check the account settings"_s << u"Scripted failure"_s;
    QTest::newRow("refused request") << g << Scenario::RefusedRequest << SessionState::Failed << u"Failed"_s
                                     << u"The service refused the request (HTTP 400)."_s;
    QTest::newRow("keychain locked") << g << Scenario::KeychainLocked << SessionState::KeychainUnavailable
                                     << u"Keychain locked"_s << u"The keyring is locked."_s;
    QTest::newRow("keychain gone, no message")
        << d << Scenario::KeychainGone << SessionState::KeychainUnavailable << u"Keychain unavailable"_s
        << u"The keychain cannot be used, so saved credentials cannot be read."_s;
    QTest::newRow("expired") << g << Scenario::Expired << SessionState::Expired << u"Expired"_s << QString();
}

void TestSessionPresenter::sentences()
{
    QFETCH(Provider, kind);
    QFETCH(Scenario, scenario);
    QFETCH(SessionState, state);
    QFETCH(QString, text);
    QFETCH(QString, detail);
    Fixture f(kind, scenario);
    QCOMPARE(f.session->state(), state);
    QCOMPARE(SessionPresenter::stateText(*f.session), text);
    QCOMPARE(SessionPresenter::stateDetail(*f.session), detail.isEmpty() ? text : detail);
}

QTEST_GUILESS_MAIN(TestSessionPresenter)
#include "tst_sessionpresenter.moc"
