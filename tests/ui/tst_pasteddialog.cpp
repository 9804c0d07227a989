// The account dialog with a D7 token pasted from the D7 Control Panel: the
// choice of credential, the expiry read as the token is typed, validation,
// the keyboard, saving and editing. Nothing here talks to a service.
#include "dialogs/accountdialog.h"
#include "fakejwt.h"
#include "testengine.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

void type(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    if (!edit->text().isEmpty())
        QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class PastedDialogTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestEngine> m_engine;

    std::unique_ptr<AccountDialog> openAdd()
    {
        auto dialog = std::make_unique<AccountDialog>(m_engine->manager.get(), std::nullopt);
        dialog->show();
        [&] {
            QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        }();
        dialog->activateWindow();
        return dialog;
    }

    // Saves and waits for the dialog to close; the saved account's id.
    static QUuid save(AccountDialog *dialog)
    {
        QSignalSpy saved(dialog, &AccountDialog::saved);
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        [&] {
            QTRY_COMPARE(saved.count(), 1);
        }();
        return saved.isEmpty() ? QUuid() : saved.first().first().toUuid();
    }

private Q_SLOTS:
    void init()
    {
        m_engine = std::make_unique<TestEngine>();
        m_engine->clock.set(QDateTime::currentDateTimeUtc());
        m_engine->start();
    }

    void cleanup() { m_engine.reset(); }

    // Rows come and go with the service and the credential; with wrapped
    // messages showing, none may be squeezed below its own height.
    void noRowSqueezed()
    {
        auto dialog = openAdd();
        const auto check = [&](const char *what) {
            QTest::qWait(20);
            auto *form = dialog->findChild<QFormLayout *>();
            for (int row = 0; row < form->rowCount(); ++row) {
                const QLayoutItem *field = form->itemAt(row, QFormLayout::FieldRole);
                QVERIFY2(field->geometry().height() >= field->minimumSize().height(),
                         qPrintable(u"%1: row %2 is %3 px high, needs %4"_s.arg(QString::fromLatin1(what))
                                        .arg(row)
                                        .arg(field->geometry().height())
                                        .arg(field->minimumSize().height())));
            }
        };
        QTest::mouseClick(child<QPushButton>(dialog.get(), "save"), Qt::LeftButton); // every error shows
        check("7G");
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "providerD7"), Qt::LeftButton);
        check("D7");
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "credentialToken"), Qt::LeftButton);
        check("D7 pasted token");
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "provider7g"), Qt::LeftButton);
        check("7G again");
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "providerD7"), Qt::LeftButton);
        check("D7 pasted token again");
        QVERIFY(child<QLineEdit>(dialog.get(), "expiry")->isVisibleTo(dialog.get()));
        QVERIFY(!child<QComboBox>(dialog.get(), "environment")->isVisibleTo(dialog.get()));
    }

    void addWithATokenThatSaysItsExpiry()
    {
        auto dialog = openAdd();
        auto *d7 = child<QRadioButton>(dialog.get(), "providerD7");
        auto *pasted = child<QRadioButton>(dialog.get(), "credentialToken");
        QVERIFY(!pasted->isVisibleTo(dialog.get())); // 7G first: no such choice
        QTest::mouseClick(d7, Qt::LeftButton);
        QVERIFY(pasted->isVisibleTo(dialog.get()));
        QVERIFY(child<QRadioButton>(dialog.get(), "credentialSecret")->isChecked());
        QVERIFY(child<QPushButton>(dialog.get(), "testSignIn")->isVisibleTo(dialog.get()));

        // Alt+P, the choice's mnemonic, picks the pasted token.
        QTest::keyClick(dialog.get(), Qt::Key_P, Qt::AltModifier);
        QTRY_VERIFY(pasted->isChecked());
        QVERIFY(!child<QPushButton>(dialog.get(), "testSignIn")->isVisibleTo(dialog.get()));
        auto *secret = child<QLineEdit>(dialog.get(), "secret");
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QCOMPARE(secret->accessibleName(), u"Token"_s);
        // The label's mnemonic reaches the token field.
        QTest::keyClick(dialog.get(), Qt::Key_K, Qt::AltModifier);
        QTRY_VERIFY(secret->hasFocus());

        const QDateTime exp = QDateTime::currentDateTimeUtc().addSecs(5 * 3600);
        const QString token = FakeJwt::expiringAt(exp);
        type(child<QLineEdit>(dialog.get(), "name"), u"Pasted SMS"_s);
        type(secret, token);
        auto *expiry = child<QLabel>(dialog.get(), "tokenExpiry");
        QVERIFY2(expiry->text().startsWith(u"The token expires at"_s), qPrintable(expiry->text()));
        // Its own expiry counts: none to enter.
        QVERIFY(!child<QLineEdit>(dialog.get(), "expiry")->isVisibleTo(dialog.get()));
        QVERIFY(dialog->validationErrors().isEmpty()); // no client id needed

        const QUuid id = save(dialog.get());
        const Account stored = m_engine->accounts.find(id).value();
        QVERIFY(stored.usesPastedToken());
        QVERIFY(!stored.pastedTokenExpiresAt.isValid());
        QCOMPARE(m_engine->secrets.storedValue(id, SecretKind::PastedToken), std::optional<QString>(token));
        QVERIFY(!m_engine->secrets.storedValue(id, SecretKind::ClientSecret));
        QFile file(m_engine->accounts.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(token.toUtf8()));
        QVERIFY(m_engine->waitForState(id, SessionState::Valid));
        QCOMPARE(m_engine->manager->session(id)->tokens().expiresAt.toSecsSinceEpoch(),
                 exp.toSecsSinceEpoch());
    }

    void addWithATokenWithoutExpiry()
    {
        auto dialog = openAdd();
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "providerD7"), Qt::LeftButton);
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "credentialToken"), Qt::LeftButton);
        type(child<QLineEdit>(dialog.get(), "name"), u"Opaque"_s);
        type(child<QLineEdit>(dialog.get(), "secret"), u"opaque-token-123"_s);
        auto *expiryText = child<QLabel>(dialog.get(), "tokenExpiry");
        QVERIFY2(expiryText->text().contains(u"no expiry in this token"_s), qPrintable(expiryText->text()));
        auto *expiry = child<QLineEdit>(dialog.get(), "expiry");
        QVERIFY(expiry->isVisibleTo(dialog.get()));
        // Its label's mnemonic reaches it.
        QTest::keyClick(dialog.get(), Qt::Key_X, Qt::AltModifier);
        QTRY_VERIFY(expiry->hasFocus());

        // Not a time, and a time in the past, are refused in words.
        type(expiry, u"next week"_s);
        QVERIFY(dialog->validationErrors().contains(
            u"Enter the expiry as a date and time such as 2030-01-31 18:00, or leave it empty."_s));
        type(expiry, QDateTime::currentDateTime().addSecs(-3600).toString(u"yyyy-MM-dd HH:mm"_s));
        QVERIFY(dialog->validationErrors().contains(u"The expiry you entered is in the past."_s));
        const QDateTime when = QDateTime::currentDateTime().addDays(2);
        type(expiry, when.toString(u"yyyy-MM-dd HH:mm"_s));
        QVERIFY2(dialog->validationErrors().isEmpty(), qPrintable(dialog->validationErrors().join(u' ')));

        const QUuid id = save(dialog.get());
        const Account stored = m_engine->accounts.find(id).value();
        QVERIFY(stored.usesPastedToken());
        QVERIFY(qAbs(stored.pastedTokenExpiresAt.secsTo(when.toUTC())) < 60);
        QVERIFY(m_engine->waitForState(id, SessionState::Valid));
    }

    void unknownExpiryAndValidation()
    {
        auto dialog = openAdd();
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "providerD7"), Qt::LeftButton);
        QTest::mouseClick(child<QRadioButton>(dialog.get(), "credentialToken"), Qt::LeftButton);
        type(child<QLineEdit>(dialog.get(), "name"), u"Checked"_s);
        QVERIFY(dialog->validationErrors().contains(u"Paste the token from the D7 Control Panel."_s));
        auto *secret = child<QLineEdit>(dialog.get(), "secret");
        type(secret, FakeJwt::expiringAt(QDateTime::currentDateTimeUtc().addSecs(-60)));
        QVERIFY(dialog->validationErrors().contains(
            u"This token has expired. Create a new one in the D7 Control Panel."_s));
        QVERIFY(child<QLabel>(dialog.get(), "tokenExpiry")->text().startsWith(u"The token expired at"_s));
        type(secret, u"two words"_s);
        QCOMPARE(dialog->validationErrors().size(), 1);
        // Saving with a bad token stores nothing.
        QTest::mouseClick(child<QPushButton>(dialog.get(), "save"), Qt::LeftButton);
        QTest::qWait(50);
        QVERIFY(m_engine->accounts.accounts().isEmpty());
        QVERIFY(dialog->isVisible());

        // No expiry and none given: saved, and shown as unknown.
        type(secret, u"Bearer opaque-token-456"_s);
        QVERIFY(dialog->validationErrors().isEmpty());
        const QUuid id = save(dialog.get());
        QCOMPARE(m_engine->secrets.storedValue(id, SecretKind::PastedToken),
                 std::optional<QString>(u"opaque-token-456"_s));
        QVERIFY(m_engine->waitForState(id, SessionState::Valid));
        QVERIFY(m_engine->manager->session(id)->expiryUnknown());
    }

    void editReplacesTheToken()
    {
        Account a = Account::create(Provider::D7);
        a.name = u"Edited"_s;
        a.credential = Credential::PastedToken;
        bool added = false;
        const QString old = FakeJwt::expiringAt(QDateTime::currentDateTimeUtc().addSecs(600));
        m_engine->manager->accountService()->addAccount(a, old, nullptr,
                                                        [&added](const Status &s) { added = s.ok(); });
        QTRY_VERIFY(added);
        QVERIFY(m_engine->waitForState(a.id, SessionState::Valid));

        AccountDialog dialog(m_engine->manager.get(), m_engine->accounts.find(a.id));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *pasted = child<QRadioButton>(&dialog, "credentialToken");
        QVERIFY(pasted->isChecked());
        QVERIFY(!pasted->isEnabled()); // another credential would be another account
        auto *secret = child<QLineEdit>(&dialog, "secret");
        QVERIFY(secret->text().isEmpty()); // the saved token stays out of sight
        QVERIFY(dialog.validationErrors().isEmpty());

        const QString fresh = FakeJwt::expiringAt(QDateTime::currentDateTimeUtc().addDays(3));
        type(secret, fresh);
        QCOMPARE(save(&dialog), a.id);
        QTRY_COMPARE(m_engine->secrets.storedValue(a.id, SecretKind::PastedToken),
                     std::optional<QString>(fresh));
        QTRY_COMPARE(m_engine->manager->session(a.id)->tokens().accessToken, fresh);
        QCOMPARE(m_engine->manager->session(a.id)->state(), SessionState::Valid);
    }
};

QTEST_MAIN(PastedDialogTest)
#include "tst_pasteddialog.moc"
