#include "dialogs/accountdialog.h"

#include "accounts/accountstore.h"
#include "base/clock.h"
#include "network/networkpolicy.h"
#include "providers/pastedtoken.h"
#include "providers/tokenprovider.h"
#include "session/sessionmanager.h"
#include "style/icons.h"
#include "style/statuspalette.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

const QString CustomKey = u"custom"_s;

QLabel *errorLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, StatusPalette::color(StatusSeverity::Error, p));
    label->setPalette(p);
    label->hide();
    return label;
}

// A field with its error line underneath, as one form row.
QWidget *withError(QWidget *parent, QLayout *field, QLabel *error)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(field);
    layout->addWidget(error);
    return box;
}

QHBoxLayout *single(QWidget *widget)
{
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(widget);
    return layout;
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

} // namespace

AccountDialog::AccountDialog(SessionManager *manager, const std::optional<Account> &existing, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_existing(existing)
    , m_sevenGDefaults(Account::create(Provider::SevenG))
    , m_d7Defaults(Account::create(Provider::D7))
{
    m_d7Defaults.id = m_sevenGDefaults.id; // one new account, whichever provider it ends up with
    setWindowTitle(isEditing() ? tr("Edit Account") : tr("Add Account"));
    setObjectName(u"accountDialog"_s);

    auto *layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(m_form);

    // Provider
    m_sevenG = new QRadioButton(tr("&7G account"), this);
    m_sevenG->setObjectName(u"provider7g"_s);
    m_d7 = new QRadioButton(tr("&D7 application"), this);
    m_d7->setObjectName(u"providerD7"_s);
    auto *providers = new QButtonGroup(this);
    providers->addButton(m_sevenG);
    providers->addButton(m_d7);
    auto *providerRow = new QHBoxLayout;
    providerRow->addWidget(m_sevenG);
    providerRow->addWidget(m_d7);
    providerRow->addStretch(1);
    m_form->addRow(tr("Service:"), providerRow);

    // D7: how the application gets its token.
    m_clientSecret = new QRadioButton(tr("&Client id and secret"), this);
    m_clientSecret->setObjectName(u"credentialSecret"_s);
    m_pastedToken = new QRadioButton(tr("Token from the D7 Control &Panel"), this);
    m_pastedToken->setObjectName(u"credentialToken"_s);
    m_pastedToken->setToolTip(tr("A token made in the D7 Control Panel. TokenTray uses it until it expires "
                                 "and cannot renew it."));
    auto *credentials = new QButtonGroup(this);
    credentials->addButton(m_clientSecret);
    credentials->addButton(m_pastedToken);
    // One above the other: the second choice is long.
    m_credentialRow = new QWidget(this);
    auto *credentialLayout = new QVBoxLayout(m_credentialRow);
    credentialLayout->setContentsMargins(0, 0, 0, 0);
    credentialLayout->setSpacing(2);
    credentialLayout->addWidget(m_clientSecret);
    credentialLayout->addWidget(m_pastedToken);
    m_clientSecret->setChecked(true);
    m_form->addRow(tr("Sign in with:"), m_credentialRow);

    // Name
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"name"_s);
    m_name->setAccessibleName(tr("Account name"));
    m_name->setPlaceholderText(tr("e.g. Registry production"));
    m_name->setMaxLength(200);
    m_nameError = errorLabel(this, u"nameError"_s);
    // The label names the field itself, not the box it shares with its error
    // line: so the mnemonic reaches the field and a screen reader reads the label.
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    m_form->addRow(nameLabel, withError(this, single(m_name), m_nameError));

    // 7G environment
    m_environment = new QComboBox(this);
    m_environment->setObjectName(u"environment"_s);
    m_environment->setAccessibleName(tr("7G environment"));
    for (const SevenGEnvironment &env : sevenGEnvironments())
        m_environment->addItem(QCoreApplication::translate("Account", env.label.toUtf8().constData()),
                               env.key);
    m_environment->addItem(tr("Custom URL…"), CustomKey);
    m_environmentLabel = new QLabel(tr("&Environment:"), this);
    m_environmentLabel->setBuddy(m_environment);
    m_form->addRow(m_environmentLabel, m_environment);

    // Base URL
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(u"baseUrl"_s);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrlError = errorLabel(this, u"baseUrlError"_s);
    auto *baseUrlLabel = new QLabel(tr("&Base URL:"), this);
    baseUrlLabel->setBuddy(m_baseUrl);
    m_form->addRow(baseUrlLabel, withError(this, single(m_baseUrl), m_baseUrlError));

    // Login
    m_login = new QLineEdit(this);
    m_login->setObjectName(u"login"_s);
    m_login->setMaxLength(500);
    m_loginError = errorLabel(this, u"loginError"_s);
    m_loginLabel = new QLabel(this);
    m_loginLabel->setBuddy(m_login);
    m_form->addRow(m_loginLabel, withError(this, single(m_login), m_loginError));

    // Secret
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(u"secret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    // No menu to copy it out; no input method learning it.
    m_secret->setContextMenuPolicy(Qt::NoContextMenu);
    m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_reveal = new QToolButton(this);
    m_reveal->setObjectName(u"revealSecret"_s);
    m_reveal->setCheckable(true);
    m_reveal->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_secretError = errorLabel(this, u"secretError"_s);
    auto *secretRow = new QHBoxLayout;
    secretRow->setContentsMargins(0, 0, 0, 0);
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_reveal);
    m_secretLabel = new QLabel(this);
    m_secretLabel->setBuddy(m_secret);
    auto *secretBox = withError(this, secretRow, m_secretError);
    m_form->addRow(m_secretLabel, secretBox);

    // A pasted token's expiry: read from it, or given here.
    // Under the token field, like its error line.
    m_tokenExpiry = new QLabel(this);
    m_tokenExpiry->setObjectName(u"tokenExpiry"_s);
    m_tokenExpiry->setWordWrap(true);
    m_tokenExpiry->setTextFormat(Qt::PlainText);
    secretBox->layout()->addWidget(m_tokenExpiry);
    m_expiry = new QLineEdit(this);
    m_expiry->setObjectName(u"expiry"_s);
    m_expiry->setAccessibleName(tr("Token expires at"));
    m_expiry->setPlaceholderText(tr("e.g. 2030-01-31 18:00 (local time); empty: unknown"));
    m_expiry->setMaxLength(40);
    m_expiryError = errorLabel(this, u"expiryError"_s);
    auto *expiryLabel = new QLabel(tr("E&xpires at:"), this);
    expiryLabel->setBuddy(m_expiry);
    m_expiryRow = withError(this, single(m_expiry), m_expiryError);
    m_form->addRow(expiryLabel, m_expiryRow);

    // Notes
    m_notes = new QLineEdit(this);
    m_notes->setObjectName(u"notes"_s);
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setPlaceholderText(tr("Optional"));
    m_notes->setMaxLength(1000);
    m_form->addRow(tr("N&otes:"), m_notes);

    // Layout items are replaced when a row comes back: remember what they hold.
    for (int row = 0; row < m_form->rowCount(); ++row) {
        QLayoutItem *item = m_form->itemAt(row, QFormLayout::FieldRole);
        m_rowOrder.append(qMakePair(item->widget(), item->layout()));
    }
    for (QWidget *field :
         { static_cast<QWidget *>(m_credentialRow), static_cast<QWidget *>(m_environment), m_expiryRow })
        m_optionalRows.append(qMakePair(field, m_form->labelForField(field)));

    // Test sign-in and its result
    m_testButton = new QPushButton(tr("&Test sign-in"), this);
    m_testButton->setObjectName(u"testSignIn"_s);
    m_testButton->setAutoDefault(false);
    m_testButton->setToolTip(tr("Signs in once with these details, without saving anything."));
    m_result = new QLabel(this);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setAccessibleName(tr("Test result"));
    m_result->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_result, 1);
    layout->addSpacing(6);
    layout->addLayout(testRow);
    layout->addStretch(1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_saveButton = m_buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(u"save"_s);
    m_saveButton->setDefault(true);
    m_cancelButton = m_buttons->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(u"cancel"_s);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AccountDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AccountDialog::reject);
    connect(m_sevenG, &QRadioButton::toggled, this, &AccountDialog::providerChanged);
    connect(m_pastedToken, &QRadioButton::toggled, this, &AccountDialog::credentialChanged);
    connect(m_secret, &QLineEdit::textChanged, this, &AccountDialog::updateTokenExpiry);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &AccountDialog::environmentChanged);
    connect(m_testButton, &QPushButton::clicked, this, &AccountDialog::testSignIn);
    connect(m_reveal, &QToolButton::clicked, this, &AccountDialog::toggleReveal);
    connect(m_secret, &QLineEdit::textEdited, this, [this] { m_secretEdited = true; });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (provider() == Provider::D7)
            m_d7Url = text;
        else
            m_customUrl = text;
    });
    // An error shows once the user has left the field (or tried to save),
    // and goes away as soon as the input is fixed.
    const auto watch = [this](QLineEdit *edit, Field field) {
        connect(edit, &QLineEdit::editingFinished, this, [this, field] {
            m_touched.insert(field);
            showFieldError(field, true);
        });
        connect(edit, &QLineEdit::textChanged, this,
                [this, field] { showFieldError(field, m_showAllErrors || m_touched.contains(field)); });
    };
    watch(m_name, Field::Name);
    watch(m_baseUrl, Field::BaseUrl);
    watch(m_login, Field::Login);
    watch(m_secret, Field::Secret);
    watch(m_expiry, Field::Expiry);

    // Fill in.
    m_d7Url = defaultD7BaseUrl().toString();
    if (m_existing) {
        const Account &a = *m_existing;
        (a.provider == Provider::D7 ? m_d7 : m_sevenG)->setChecked(true);
        // Another provider would need other credentials: that is a new account.
        m_sevenG->setEnabled(false);
        m_d7->setEnabled(false);
        // So would another kind of credential.
        (a.usesPastedToken() ? m_pastedToken : m_clientSecret)->setChecked(true);
        m_clientSecret->setEnabled(false);
        m_pastedToken->setEnabled(false);
        if (a.pastedTokenExpiresAt.isValid())
            m_expiry->setText(a.pastedTokenExpiresAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s));
        m_name->setText(a.name);
        m_login->setText(a.login);
        m_notes->setText(a.notes);
        if (a.provider == Provider::D7) {
            m_d7Url = a.baseUrl.toString();
        } else {
            const int index
                = m_environment->findData(sevenGEnvironment(a.environment) ? a.environment : CustomKey);
            if (index == m_environment->findData(CustomKey))
                m_customUrl = a.baseUrl.toString();
            const QSignalBlocker blocker(m_environment);
            m_environment->setCurrentIndex(index);
        }
    } else {
        m_sevenG->setChecked(true);
    }
    providerChanged();
    setSecretVisible(false);
    m_name->setFocus();
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
}

AccountDialog::~AccountDialog()
{
    clearSecret();
}

void AccountDialog::setNewAccountDefaults(const Account &sevenG, const Account &d7)
{
    const QUuid id = m_sevenGDefaults.id;
    m_sevenGDefaults.refreshLeadSeconds = sevenG.refreshLeadSeconds;
    m_sevenGDefaults.fallbackLifetimeSeconds = sevenG.fallbackLifetimeSeconds;
    m_d7Defaults.refreshLeadSeconds = d7.refreshLeadSeconds;
    m_d7Defaults.fallbackLifetimeSeconds = d7.fallbackLifetimeSeconds;
    m_d7Defaults.id = id;
}

Provider AccountDialog::provider() const
{
    return m_d7->isChecked() ? Provider::D7 : Provider::SevenG;
}

bool AccountDialog::usesPastedToken() const
{
    return provider() == Provider::D7 && m_pastedToken->isChecked();
}

void AccountDialog::providerChanged()
{
    const bool sevenG = provider() == Provider::SevenG;
    setRowShown(m_environment, sevenG);
    setRowShown(m_credentialRow, !sevenG);
    credentialChanged();
    environmentChanged();
}

void AccountDialog::credentialChanged()
{
    const bool pasted = usesPastedToken();
    m_tokenExpiry->setVisible(pasted);
    setRowShown(m_expiryRow, pasted);
    // A pasted token is not used to sign in: there is nothing to test.
    m_testButton->setVisible(!pasted);
    if (pasted)
        showResult({}, true);
    updateLabels();
    setSecretVisible(m_secret->echoMode() == QLineEdit::Normal);
    updateTokenExpiry();
    for (const Field field : { Field::Login, Field::Secret, Field::Expiry })
        showFieldError(field, m_showAllErrors || m_touched.contains(field));
    // Rows came or went.
    fitHeight();
}

void AccountDialog::updateTokenExpiry()
{
    if (!usesPastedToken())
        return;
    const QString token = PastedToken::normalized(m_secret->text());
    QString text;
    bool own = false;
    if (token.isEmpty()) {
        text = isEditing() ? tr("The saved token is kept unless you paste a new one.")
                           : tr("Paste the token to see when it expires.");
    } else if (const QDateTime exp = PastedToken::expiryInToken(token); exp.isValid()) {
        own = true;
        const QString when = QLocale().toString(exp.toLocalTime(), QLocale::ShortFormat);
        text = exp > m_manager->clock()->now() ? tr("The token expires at %1.").arg(when)
                                               : tr("The token expired at %1.").arg(when);
    } else {
        text = tr("There is no expiry in this token — enter one, or it is shown as unknown.");
    }
    m_tokenExpiry->setText(text);
    // The token's own expiry is the one that counts.
    setRowShown(m_expiryRow, !own);
    showFieldError(Field::Expiry, m_showAllErrors || m_touched.contains(Field::Expiry));
    fitHeight();
}

void AccountDialog::environmentChanged()
{
    const QSignalBlocker blocker(m_baseUrl);
    if (provider() == Provider::D7) {
        m_baseUrl->setReadOnly(false);
        m_baseUrl->setText(m_d7Url);
        m_baseUrl->setPlaceholderText(defaultD7BaseUrl().toString());
        m_baseUrl->setToolTip({});
    } else {
        const QString key = m_environment->currentData().toString();
        const auto env = sevenGEnvironment(key);
        m_baseUrl->setReadOnly(env.has_value());
        m_baseUrl->setText(env ? env->baseUrl.toString() : m_customUrl);
        m_baseUrl->setPlaceholderText(env ? QString() : u"https://preview-api.example.com"_s);
        m_baseUrl->setToolTip(env ? tr("Choose \"Custom URL…\" as the environment to enter another address.")
                                  : QString());
    }
    // A read-only field reads as such.
    m_baseUrl->setEnabled(true);
    QPalette p = m_baseUrl->palette();
    p.setColor(QPalette::Text,
               m_baseUrl->isReadOnly() ? palette().color(QPalette::Disabled, QPalette::Text)
                                       : palette().color(QPalette::Text));
    m_baseUrl->setPalette(p);
    showFieldError(Field::BaseUrl, m_showAllErrors || m_touched.contains(Field::BaseUrl));
}

void AccountDialog::updateLabels()
{
    const bool sevenG = provider() == Provider::SevenG;
    const bool pasted = usesPastedToken();
    m_loginLabel->setText(sevenG ? tr("&Username:") : tr("Client &ID:"));
    m_login->setAccessibleName(sevenG ? tr("Username") : tr("Client ID"));
    m_login->setPlaceholderText(pasted ? tr("Optional") : QString());
    m_secretLabel->setText(sevenG ? tr("&Password:") : pasted ? tr("To&ken:") : tr("Client &secret:"));
    m_secret->setAccessibleName(sevenG ? tr("Password") : pasted ? tr("Token") : tr("Client secret"));
    if (pasted)
        m_secret->setPlaceholderText(isEditing() ? tr("Saved — leave empty to keep the saved token")
                                                 : tr("Paste the token from the D7 Control Panel"));
    else if (isEditing())
        m_secret->setPlaceholderText(sevenG ? tr("Saved — leave empty to keep the saved password")
                                            : tr("Saved — leave empty to keep the saved client secret"));
    else
        m_secret->setPlaceholderText({});
}

Account AccountDialog::accountFromFields() const
{
    Account a = m_existing ? *m_existing : (provider() == Provider::D7 ? m_d7Defaults : m_sevenGDefaults);
    a.provider = provider();
    a.name = m_name->text().trimmed();
    a.login = m_login->text().trimmed();
    a.notes = m_notes->text().trimmed();
    a.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    if (a.provider == Provider::D7) {
        a.environment.clear();
        a.credential = m_pastedToken->isChecked() ? Credential::PastedToken : Credential::Secret;
        a.pastedTokenExpiresAt = QDateTime();
        const QString token = PastedToken::normalized(m_secret->text());
        // An expiry given here counts only for a token that carries none.
        if (a.usesPastedToken() && (token.isEmpty() || !PastedToken::expiryInToken(token).isValid()))
            a.pastedTokenExpiresAt = typedExpiry().value_or(QDateTime());
    } else {
        const QString key = m_environment->currentData().toString();
        const auto env = sevenGEnvironment(key);
        a.environment = env ? key : CustomKey;
        if (env)
            a.baseUrl = env->baseUrl;
    }
    // Without a path the service's endpoints are appended to the bare origin.
    if (a.baseUrl.path() == u"/")
        a.baseUrl.setPath({});
    return a;
}

QString AccountDialog::fieldError(Field field) const
{
    const bool sevenG = provider() == Provider::SevenG;
    switch (field) {
    case Field::Name: {
        const QString name = m_name->text().trimmed();
        if (name.isEmpty())
            return tr("Enter a name for the account.");
        if (hasControlCharacters(name))
            return tr("The name must not contain control characters.");
        const QUuid except = m_existing ? m_existing->id : QUuid();
        if (m_manager->accountStore()->nameTaken(name, except))
            return tr("Another account is already called \"%1\".").arg(name);
        return {};
    }
    case Field::BaseUrl: {
        const QString text = m_baseUrl->text().trimmed();
        if (text.isEmpty())
            return tr("Enter the base URL of the service.");
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return tr("This is not a valid URL. It should look like https://api.example.com.");
        const Status status = NetworkPolicy::validateBaseUrl(url);
        return status.ok() ? QString() : status.error();
    }
    case Field::Login: {
        const QString login = m_login->text().trimmed();
        if (login.isEmpty() && !usesPastedToken())
            return sevenG ? tr("Enter the username.") : tr("Enter the client ID.");
        if (hasControlCharacters(login))
            return sevenG ? tr("The username must not contain control characters.")
                          : tr("The client ID must not contain control characters.");
        return {};
    }
    case Field::Secret: {
        if (usesPastedToken()) {
            const QString token = PastedToken::normalized(m_secret->text());
            const QDateTime now = m_manager->clock()->now();
            if (!token.isEmpty()) {
                if (const Status usable = PastedToken::check(token); !usable)
                    return usable.error();
                const QDateTime exp = PastedToken::expiryInToken(token);
                if (exp.isValid() && exp <= now)
                    return tr("This token has expired. Create a new one in the D7 Control Panel.");
            } else if (!isEditing()) {
                return tr("Paste the token from the D7 Control Panel.");
            }
            return {};
        }
        const QString secret = m_secret->text();
        if (secret.isEmpty()) {
            if (isEditing())
                return {};
            return sevenG ? tr("Enter the password.") : tr("Enter the client secret.");
        }
        if (hasControlCharacters(secret))
            return sevenG ? tr("The password must not contain line breaks or other control characters.")
                          : tr("The client secret must not contain line breaks or other control characters.");
        return {};
    }
    case Field::Expiry: {
        // A token that says when it expires needs no expiry from the user.
        const QString token = PastedToken::normalized(m_secret->text());
        if (!usesPastedToken() || (!token.isEmpty() && PastedToken::expiryInToken(token).isValid()))
            return {};
        const auto expiry = typedExpiry();
        if (!expiry)
            return tr("Enter the expiry as a date and time such as 2030-01-31 18:00, or leave it empty.");
        if (expiry->isValid() && *expiry <= m_manager->clock()->now())
            return tr("The expiry you entered is in the past.");
        return {};
    }
    }
    return {};
}

std::optional<QDateTime> AccountDialog::typedExpiry() const
{
    const QString text = m_expiry->text().trimmed();
    if (text.isEmpty())
        return QDateTime();
    for (const QString &format : { u"yyyy-MM-dd HH:mm"_s, u"yyyy-MM-dd HH:mm:ss"_s, u"yyyy-MM-dd"_s }) {
        const QDateTime local = QDateTime::fromString(text, format);
        if (local.isValid())
            return local.toUTC();
    }
    // An ISO 8601 time with its own offset, as the command line takes it.
    const QDateTime iso = QDateTime::fromString(text, Qt::ISODate);
    if (iso.isValid())
        return iso.toUTC();
    return std::nullopt;
}

void AccountDialog::showFieldError(Field field, bool show)
{
    QLabel *label = nullptr;
    switch (field) {
    case Field::Name:
        label = m_nameError;
        break;
    case Field::BaseUrl:
        label = m_baseUrlError;
        break;
    case Field::Login:
        label = m_loginError;
        break;
    case Field::Secret:
        label = m_secretError;
        break;
    case Field::Expiry:
        label = m_expiryError;
        break;
    }
    const QString error = show ? fieldError(field) : QString();
    if (label->text() == error && label->isVisibleTo(this) == !error.isEmpty())
        return;
    label->setText(error);
    label->setVisible(!error.isEmpty());
    fitHeight();
}

void AccountDialog::fitHeight()
{
    // Wrapped messages and rows come and go: grow so that none is cut off.
    layout()->activate();
    if (const int minWidth = layout()->totalMinimumSize().width(); width() < minWidth)
        resize(minWidth, height());
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    setMinimumHeight(std::max(needed, layout()->totalMinimumSize().height()));
    if (height() < needed)
        resize(width(), needed);
}

bool AccountDialog::isRowShown(QWidget *field) const
{
    int row = -1;
    QFormLayout::ItemRole role;
    m_form->getWidgetPosition(field, &row, &role);
    return row >= 0;
}

void AccountDialog::setRowShown(QWidget *field, bool shown)
{
    QWidget *label = nullptr;
    for (const auto &[f, l] : std::as_const(m_optionalRows)) {
        if (f == field)
            label = l;
    }
    if (shown != isRowShown(field)) {
        if (shown) {
            // After the last row before it that is in the form.
            int at = 0;
            for (const auto &[widget, layout] : std::as_const(m_rowOrder)) {
                if (widget == field)
                    break;
                int row = -1;
                QFormLayout::ItemRole role;
                if (widget)
                    m_form->getWidgetPosition(widget, &row, &role);
                else if (layout)
                    m_form->getLayoutPosition(layout, &row, &role);
                if (row >= 0)
                    at = row + 1;
            }
            m_form->insertRow(at, label, field);
        } else {
            int row = -1;
            QFormLayout::ItemRole role;
            m_form->getWidgetPosition(field, &row, &role);
            const QFormLayout::TakeRowResult taken = m_form->takeRow(row);
            delete taken.labelItem;
            delete taken.fieldItem;
        }
    }
    field->setVisible(shown);
    if (label)
        label->setVisible(shown);
}

QStringList AccountDialog::validationErrors() const
{
    QStringList errors;
    for (const Field field : { Field::Name, Field::BaseUrl, Field::Login, Field::Secret, Field::Expiry }) {
        const QString error = fieldError(field);
        if (!error.isEmpty())
            errors.append(error);
    }
    return errors;
}

bool AccountDialog::validate(bool showAll)
{
    if (showAll)
        m_showAllErrors = true;
    bool ok = true;
    QWidget *firstInvalid = nullptr;
    const std::pair<Field, QWidget *> fields[] = { { Field::Name, m_name },
                                                   { Field::BaseUrl, m_baseUrl },
                                                   { Field::Login, m_login },
                                                   { Field::Secret, m_secret },
                                                   { Field::Expiry, m_expiry } };
    for (const auto &[field, widget] : fields) {
        showFieldError(field, m_showAllErrors || m_touched.contains(field));
        if (!fieldError(field).isEmpty()) {
            ok = false;
            if (!firstInvalid)
                firstInvalid = widget;
        }
    }
    if (firstInvalid && showAll)
        firstInvalid->setFocus();
    return ok;
}

void AccountDialog::setBusy(bool busy, const QString &message)
{
    m_busy = busy;
    m_testButton->setEnabled(!busy);
    m_saveButton->setEnabled(!busy);
    m_cancelButton->setEnabled(!m_saving);
    if (busy)
        showResult(message, true);
}

void AccountDialog::showResult(const QString &text, bool ok)
{
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText,
               ok ? palette().color(QPalette::WindowText)
                  : StatusPalette::color(StatusSeverity::Error, palette()));
    m_result->setPalette(p);
    m_result->setText(text);
    fitHeight();
}

void AccountDialog::testSignIn()
{
    if (m_busy)
        return;
    // The name does not matter for a test; everything that reaches the service does.
    bool ok = true;
    for (const Field field : { Field::BaseUrl, Field::Login, Field::Secret }) {
        m_touched.insert(field);
        showFieldError(field, true);
        ok = ok && fieldError(field).isEmpty();
    }
    if (!ok) {
        showResult({}, true);
        return;
    }
    const Account account = accountFromFields();
    if (isEditing() && m_secret->text().isEmpty()) {
        // Test with the saved secret; it stays out of the field.
        setBusy(true, tr("Reading the saved credential…"));
        m_manager->accountService()->readCredential(m_existing->id, this,
                                                    [this, account](const SecretResult &result) {
                                                        if (!result.ok()) {
                                                            setBusy(false);
                                                            showResult(result.message, false);
                                                            return;
                                                        }
                                                        startTest(account, result.value);
                                                    });
        return;
    }
    startTest(account, m_secret->text());
}

void AccountDialog::startTest(const Account &account, const QString &secret)
{
    setBusy(true, tr("Signing in…"));
    AuthReply *reply = m_manager->accountService()->testSignIn(account, secret);
    if (!reply) {
        setBusy(false);
        showResult(tr("Sign-in could not be started."), false);
        return;
    }
    reply->setParent(this); // closing the dialog aborts the test
    m_testReply = reply;
    connect(reply, &AuthReply::finished, this, [this, reply] {
        reply->deleteLater();
        setBusy(false);
        if (reply->error().isError()) {
            showResult(tr("Sign-in failed. %1").arg(reply->error().message), false);
            return;
        }
        const TokenSet &tokens = reply->tokens();
        const QDateTime now = m_manager->clock()->now();
        if (tokens.expiresAt.isValid() && tokens.expiresAt > now) {
            const QString until
                = QLocale().toString(tokens.expiresAt.toLocalTime().time(), QLocale::ShortFormat);
            const int minutes = int((now.secsTo(tokens.expiresAt) + 30) / 60);
            if (minutes <= 1)
                showResult(tr("Signed in. The token is valid until %1.").arg(until), true);
            else
                showResult(tr("Signed in. The token is valid for %n minutes, until %1.", nullptr, minutes)
                               .arg(until),
                           true);
        } else {
            showResult(tr("Signed in."), true);
        }
    });
}

void AccountDialog::toggleReveal()
{
    const bool show = m_reveal->isChecked();
    if (show && isEditing() && !m_secretEdited && !m_secretLoaded && m_secret->text().isEmpty()) {
        // The saved secret is read only now, because the user asked to see it.
        m_reveal->setEnabled(false);
        m_manager->accountService()->readCredential(m_existing->id, this, [this](const SecretResult &result) {
            m_reveal->setEnabled(true);
            if (!result.ok()) {
                m_reveal->setChecked(false);
                m_secretError->setText(result.message);
                m_secretError->show();
                return;
            }
            m_secret->setText(result.value);
            m_secretLoaded = true;
            setSecretVisible(true);
        });
        return;
    }
    setSecretVisible(show);
}

void AccountDialog::setSecretVisible(bool visible)
{
    m_secret->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setChecked(visible);
    m_reveal->setIcon(Icons::get(visible ? u"conceal"_s : u"reveal"_s));
    m_reveal->setText(visible ? tr("Hide") : tr("Show"));
    const bool sevenG = provider() == Provider::SevenG;
    if (usesPastedToken())
        m_reveal->setAccessibleName(visible ? tr("Hide token") : tr("Show token"));
    else
        m_reveal->setAccessibleName(visible ? (sevenG ? tr("Hide password") : tr("Hide client secret"))
                                            : (sevenG ? tr("Show password") : tr("Show client secret")));
    m_reveal->setToolTip(m_reveal->accessibleName());
}

void AccountDialog::accept()
{
    if (m_busy)
        return;
    if (!validate(true))
        return;
    save();
}

void AccountDialog::save()
{
    const Account account = accountFromFields();
    m_saving = true;
    setBusy(true, tr("Saving…"));
    const auto done = [this, id = account.id](const Status &status) {
        m_saving = false;
        setBusy(false);
        if (!status.ok()) {
            showResult(status.error(), false);
            return;
        }
        clearSecret();
        Q_EMIT saved(id);
        QDialog::accept();
    };
    if (isEditing()) {
        // Untouched (or emptied) secret field: keep what is stored.
        std::optional<QString> newSecret;
        if (m_secretEdited && !m_secret->text().isEmpty())
            newSecret
                = account.usesPastedToken() ? PastedToken::normalized(m_secret->text()) : m_secret->text();
        m_manager->accountService()->updateAccount(account, newSecret, this, done);
    } else {
        m_manager->accountService()->addAccount(
            account, account.usesPastedToken() ? PastedToken::normalized(m_secret->text()) : m_secret->text(),
            this, done);
    }
}

void AccountDialog::reject()
{
    if (m_saving)
        return; // the change is on its way; closing now would hide its outcome
    delete m_testReply;
    clearSecret();
    QDialog::reject();
}

void AccountDialog::clearSecret()
{
    m_secret->clear();
    m_secretLoaded = false;
}
