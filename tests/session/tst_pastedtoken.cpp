// D7 applications with a token pasted from the D7 Control Panel: read from
// the keychain, never renewed, and said to be running out before they do.
#include "commands/commandrunner.h"
#include "fakejwt.h"
#include "providers/pastedtoken.h"
#include "session/sessionpresenter.h"
#include "session/tokensession.h"
#include "sessionfixture.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Answer
{
    bool answered = false;
    TokenSet tokens;
    AuthError error;
};

Answer ask(TokenSession *session, int minValidSeconds = 60)
{
    auto answer = std::make_shared<Answer>();
    session->requestToken(minValidSeconds, nullptr, [answer](const TokenSet &tokens, const AuthError &error) {
        answer->answered = true;
        answer->tokens = tokens;
        answer->error = error;
    });
    SessionFixture::settle();
    return *answer;
}

} // namespace

class PastedTokenTest : public QObject
{
    Q_OBJECT

private:
    // A pasted-token application in the store, with its token in the keychain.
    static Account seedPasted(SessionFixture &f, const QString &token, const QDateTime &given = {})
    {
        Account a = SessionFixture::makeAccount(Provider::D7, u"Pasted"_s);
        a.credential = Credential::PastedToken;
        a.login.clear();
        a.pastedTokenExpiresAt = given;
        const Status added = f.accounts->add(a);
        if (!added)
            qFatal("%s", qPrintable(added.error()));
        f.secrets.write(a.id, SecretKind::PastedToken, token, nullptr, {});
        return a;
    }

    static void start(SessionFixture &f)
    {
        SessionFixture::settle();
        f.create(true);
        f.manager->start(false);
        SessionFixture::settle();
    }

private Q_SLOTS:
    void normalizeAndCheck_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<bool>("usable");
        QTest::newRow("plain") << u"abc.def.ghi"_s << u"abc.def.ghi"_s << true;
        QTest::newRow("newline") << u"abc.def.ghi\n"_s << u"abc.def.ghi"_s << true;
        QTest::newRow("bearer prefix") << u"Bearer abc"_s << u"abc"_s << true;
        QTest::newRow("bearer lower case") << u"  bearer abc  "_s << u"abc"_s << true;
        QTest::newRow("empty") << u"  "_s << QString() << false;
        QTest::newRow("inner space") << u"abc def"_s << u"abc def"_s << false;
        QTest::newRow("control") << u"abc\u0007def"_s << u"abc\u0007def"_s << false;
        QTest::newRow("not ascii") << u"abcé"_s << u"abcé"_s << false;
    }

    void normalizeAndCheck()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalized);
        QFETCH(bool, usable);
        QCOMPARE(PastedToken::normalized(input), normalized);
        const Status status = PastedToken::check(PastedToken::normalized(input));
        QCOMPARE(status.ok(), usable);
        if (!usable)
            QVERIFY(!status.error().isEmpty());
    }

    void expiryFromTokenWins()
    {
        const QDateTime exp = SessionFixture::Start.addSecs(7200);
        Account a = Account::create(Provider::D7);
        a.credential = Credential::PastedToken;
        a.pastedTokenExpiresAt = SessionFixture::Start.addDays(30);
        const TokenSet jwt = PastedToken::tokens(a, FakeJwt::expiringAt(exp), SessionFixture::Start);
        QCOMPARE(jwt.expiresAt, exp);
        QVERIFY(jwt.expiryFromToken);
        const TokenSet opaque = PastedToken::tokens(a, u"opaque-token"_s, SessionFixture::Start);
        QCOMPARE(opaque.expiresAt, a.pastedTokenExpiresAt);
        QVERIFY(!opaque.expiryFromToken);
        a.pastedTokenExpiresAt = QDateTime();
        QVERIFY(!PastedToken::tokens(a, u"opaque-token"_s, SessionFixture::Start).expiresAt.isValid());
        QVERIFY(PastedToken::tokens(a, u"two words"_s, SessionFixture::Start).isEmpty());
    }

    // The heart of it: over a simulated time past the token's end, nothing
    // asks any service for anything.
    void neverRenewed()
    {
        SessionFixture f;
        const QDateTime exp = SessionFixture::Start.addSecs(2 * 3600);
        const QString token = FakeJwt::expiringAt(exp);
        const Account a = seedPasted(f, token);
        start(f);
        TokenSession *s = f.manager->session(a.id);
        QVERIFY(s);
        QCOMPARE(s->state(), SessionState::Valid);
        QCOMPARE(s->tokens().accessToken, token);
        QCOMPARE(s->tokens().expiresAt, exp);
        QVERIFY(!s->refreshAt().isValid());
        QCOMPARE(ask(s).tokens.accessToken, token);

        f.run(2 * 3600 + 600); // past the end, one tick a second
        QCOMPARE(s->state(), SessionState::Expired);
        QCOMPARE(f.d7->calls().size(), 0);
        QCOMPARE(f.sevenG->calls().size(), 0);

        // Someone asks: a clear refusal, and still no request.
        const Answer late = ask(s);
        QVERIFY(late.answered);
        QVERIFY(late.tokens.isEmpty());
        QCOMPARE(late.error.reason, AuthError::Reason::PastedTokenExpired);
        QVERIFY2(late.error.message.contains(u"paste"_s), qPrintable(late.error.message));
        QCOMPARE(CommandRunner::exitCodeFor(late.error), ExitCode::TokenExpired);
        s->renewNow(); // a person's "renew": the keychain is read again, nothing else
        SessionFixture::settle();
        f.run(60);
        QCOMPARE(s->state(), SessionState::Expired);
        QCOMPARE(f.d7->calls().size(), 0);
        // The token stays where it was: only a new one replaces it.
        QCOMPARE(f.secrets.storedValue(a.id, SecretKind::PastedToken).value_or(QString()), token);
        QVERIFY(!f.secrets.storedValue(a.id, SecretKind::AccessToken));
    }

    void shortMinimumStillGetsTheToken()
    {
        // Nothing better can be had: the token is handed out while it lasts,
        // however little of it is left.
        SessionFixture f;
        const QString token = FakeJwt::expiringAt(SessionFixture::Start.addSecs(30));
        const Account a = seedPasted(f, token);
        start(f);
        const Answer answer = ask(f.manager->session(a.id), 3600);
        QCOMPARE(answer.tokens.accessToken, token);
        QCOMPARE(f.d7->calls().size(), 0);
    }

    void unknownExpiryIsNeverCountedDown()
    {
        SessionFixture f;
        const Account a = seedPasted(f, u"opaque-pasted-token"_s);
        start(f);
        TokenSession *s = f.manager->session(a.id);
        QCOMPARE(s->state(), SessionState::Valid);
        QVERIFY(s->expiryUnknown());
        QVERIFY(s->hasValidToken(24 * 3600));
        f.clock.advance(qint64(90) * 24 * 3600 * 1000);
        f.run(5);
        QCOMPARE(s->state(), SessionState::Valid);
        QCOMPARE(ask(s).tokens.accessToken, u"opaque-pasted-token"_s);
        QCOMPARE(SessionPresenter::stateText(*s), u"Valid — expiry unknown"_s);
        QCOMPARE(SessionPresenter::pastedTokenStage(*s), SessionPresenter::PastedTokenStage::ExpiryUnknown);
        QCOMPARE(f.d7->calls().size(), 0);
    }

    void givenExpiryCounts()
    {
        SessionFixture f;
        const Account a = seedPasted(f, u"opaque-pasted-token"_s, SessionFixture::Start.addSecs(100));
        start(f);
        TokenSession *s = f.manager->session(a.id);
        QCOMPARE(s->tokens().expiresAt, SessionFixture::Start.addSecs(100));
        f.run(101);
        QCOMPARE(s->state(), SessionState::Expired);
        QCOMPARE(f.d7->calls().size(), 0);
    }

    void missingTokenAsksForOne()
    {
        SessionFixture f;
        Account a = SessionFixture::makeAccount(Provider::D7, u"Empty"_s);
        a.credential = Credential::PastedToken;
        QVERIFY(f.accounts->add(a).ok());
        start(f);
        TokenSession *s = f.manager->session(a.id);
        QCOMPARE(s->state(), SessionState::NeedsCredentials);
        f.run(30);
        QCOMPARE(f.d7->calls().size(), 0);
        const Answer answer = ask(s);
        QVERIFY(answer.error.isError());
        QCOMPARE(CommandRunner::exitCodeFor(answer.error), ExitCode::BadConfig);
        QVERIFY(SessionPresenter::stateDetail(*s).contains(u"--token-stdin"_s));
    }

    void newTokenReplacesTheExpiredOne()
    {
        SessionFixture f;
        const Account a = seedPasted(f, FakeJwt::expiringAt(SessionFixture::Start.addSecs(10)));
        start(f);
        TokenSession *s = f.manager->session(a.id);
        f.run(20);
        QCOMPARE(s->state(), SessionState::Expired);
        const QString fresh = FakeJwt::expiringAt(SessionFixture::Start.addDays(7));
        bool done = false;
        f.manager->accountService()->updateAccount(a, fresh, nullptr, [&done](const Status &status) {
            QVERIFY2(status.ok(), qPrintable(status.error()));
            done = true;
        });
        QTRY_VERIFY(done);
        QTRY_COMPARE(s->state(), SessionState::Valid);
        QCOMPARE(s->tokens().accessToken, fresh);
        QCOMPARE(ask(s).tokens.accessToken, fresh);
        QCOMPARE(f.d7->calls().size(), 0);
    }

    void sentences_data()
    {
        QTest::addColumn<qint64>("secondsLeft");
        QTest::addColumn<QString>("state");
        QTest::addColumn<int>("stage");
        QTest::addColumn<QString>("warning");
        using Stage = SessionPresenter::PastedTokenStage;
        QTest::newRow("two days") << qint64(48 * 3600) << u"Valid (pasted token)"_s << int(Stage::Fine)
                                  << QString();
        QTest::newRow("a day") << qint64(24 * 3600) << u"Expires in 24 h — paste a new token"_s
                               << int(Stage::WithinDay) << u"expires in 24 h, at"_s;
        QTest::newRow("five hours") << qint64(5 * 3600 - 10) << u"Expires in 5 h — paste a new token"_s
                                    << int(Stage::WithinDay) << u"expires in 5 h, at"_s;
        QTest::newRow("an hour") << qint64(3600) << u"Expires in 60 min — paste a new token"_s
                                 << int(Stage::WithinHour) << u"expires in 60 min, at"_s;
        QTest::newRow("one minute") << qint64(50) << u"Expires in 1 min — paste a new token"_s
                                    << int(Stage::WithinHour) << u"expires in 1 min, at"_s;
        QTest::newRow("at expiry") << qint64(0) << u"Expired — paste a new token"_s << int(Stage::Expired)
                                   << u"has expired"_s;
        QTest::newRow("after") << qint64(-3600) << u"Expired — paste a new token"_s << int(Stage::Expired)
                               << u"has expired"_s;
    }

    void sentences()
    {
        QFETCH(qint64, secondsLeft);
        QFETCH(QString, state);
        QFETCH(int, stage);
        QFETCH(QString, warning);
        SessionFixture f;
        // Pasted "now", with the given time left; the clock then stands still.
        const QDateTime exp = SessionFixture::Start.addSecs(std::max<qint64>(secondsLeft, 1));
        const Account a = seedPasted(f, FakeJwt::expiringAt(exp));
        start(f);
        TokenSession *s = f.manager->session(a.id);
        if (secondsLeft <= 0) {
            f.clock.set(exp.addSecs(-secondsLeft));
            f.manager->tick();
            SessionFixture::settle();
        }
        QCOMPARE(SessionPresenter::stateText(*s), state);
        QCOMPARE(int(SessionPresenter::pastedTokenStage(*s)), stage);
        const QString text = SessionPresenter::pastedTokenWarning(*s);
        if (warning.isEmpty()) {
            QVERIFY(text.isEmpty());
        } else {
            QVERIFY2(text.contains(warning), qPrintable(text));
            QVERIFY(text.contains(u"\"Pasted\""_s));
        }
        // The details never hold the token.
        QVERIFY(!SessionPresenter::stateDetail(*s).contains(s->tokens().accessToken.left(20)));
    }
};

QTEST_GUILESS_MAIN(PastedTokenTest)
#include "tst_pastedtoken.moc"
