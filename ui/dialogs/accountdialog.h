#pragma once

#include "accounts/account.h"

#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QSet>

#include <optional>

class AuthReply;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QToolButton;
class SessionManager;

// Adds a 7G account or D7 application, or edits one. Validation is inline;
// "Test sign-in" tries the entered credentials without saving anything.
// Editing never shows the stored secret unless the user asks for it, and a
// secret field left untouched keeps the stored secret. Cancel changes nothing.
class AccountDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the account to edit; nullopt adds a new one.
    AccountDialog(SessionManager *manager, const std::optional<Account> &existing, QWidget *parent = nullptr);
    ~AccountDialog() override;

    bool isEditing() const { return m_existing.has_value(); }
    // Defaults for a new account (refresh lead, fallback lifetime) from the user's settings.
    void setNewAccountDefaults(const Account &sevenG, const Account &d7);

    // The account as the fields describe it (not validated).
    Account accountFromFields() const;
    // Messages of every invalid field, in field order; empty when all is valid.
    QStringList validationErrors() const;

    void accept() override;
    void reject() override;

Q_SIGNALS:
    // After a successful save, just before the dialog closes.
    void saved(const QUuid &accountId);

private:
    enum class Field { Name, BaseUrl, Login, Secret, Expiry };

    Provider provider() const;
    // D7 with "Token from the D7 Control Panel" chosen.
    bool usesPastedToken() const;
    void providerChanged();
    void credentialChanged();
    // Says what expiry the pasted token carries, as it is typed.
    void updateTokenExpiry();
    // The expiry typed for a pasted token (local time, UTC result); nullopt
    // when the text is no date and time, invalid when the field is empty.
    std::optional<QDateTime> typedExpiry() const;
    void environmentChanged();
    void updateLabels();
    QString fieldError(Field field) const;
    bool validate(bool showAll);
    void showFieldError(Field field, bool show);
    void setBusy(bool busy, const QString &message = {});
    void testSignIn();
    void startTest(const Account &account, const QString &secret);
    void toggleReveal();
    void setSecretVisible(bool visible);
    void save();
    void clearSecret();
    void showResult(const QString &text, bool ok);
    void fitHeight();
    // Puts a row into the form or takes it out. Rows are taken out rather
    // than hidden: Qt 6.4's QFormLayout keeps a hidden row's place in its
    // height-for-width pass, which squeezes another row to nothing as soon
    // as a wrapped message shows.
    void setRowShown(QWidget *field, bool shown);
    bool isRowShown(QWidget *field) const;

    SessionManager *m_manager;
    std::optional<Account> m_existing;
    Account m_sevenGDefaults;
    Account m_d7Defaults;

    QRadioButton *m_sevenG;
    QRadioButton *m_d7;
    QRadioButton *m_clientSecret;
    QRadioButton *m_pastedToken;
    QWidget *m_credentialRow;
    QLabel *m_tokenExpiry; // the expiry read from a pasted token, or that it has none
    QLineEdit *m_expiry; // the expiry of a pasted token that carries none; empty: unknown
    QLabel *m_expiryError;
    QWidget *m_expiryRow; // the field with its error line
    // Every row that comes and goes, in form order, with its label.
    QList<QPair<QWidget *, QWidget *>> m_optionalRows; // field, label
    // The field of every row in form order: a widget, or a layout.
    QList<QPair<QWidget *, QLayout *>> m_rowOrder;
    QLineEdit *m_name;
    QComboBox *m_environment;
    QLineEdit *m_baseUrl;
    QLineEdit *m_login;
    QLineEdit *m_secret;
    QToolButton *m_reveal;
    QLabel *m_nameError;
    QLabel *m_baseUrlError;
    QLabel *m_loginError;
    QLabel *m_secretError;
    QLabel *m_loginLabel;
    QLabel *m_secretLabel;
    QLabel *m_environmentLabel;
    QLineEdit *m_notes;
    QFormLayout *m_form;
    QPushButton *m_testButton;
    QLabel *m_result;
    QDialogButtonBox *m_buttons;
    QPushButton *m_saveButton;
    QPushButton *m_cancelButton;

    QPointer<AuthReply> m_testReply;
    bool m_secretEdited = false; // the user typed in the secret field
    bool m_secretLoaded = false; // the stored secret was revealed into the field
    bool m_showAllErrors = false;
    QSet<Field> m_touched; // fields the user has left once: their errors show
    bool m_busy = false;
    bool m_saving = false;
    QString m_customUrl; // what the user typed for a custom 7G URL, kept across environment changes
    QString m_d7Url;
};
