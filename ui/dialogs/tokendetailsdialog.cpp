#include "dialogs/tokendetailsdialog.h"

#include "clipboard/clipboardguard.h"
#include "providers/jwt.h"
#include "session/tokensession.h"
#include "style/icons.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QString describeTime(const QDateTime &utc)
{
    const QDateTime local = utc.toLocalTime();
    const QString localText = QLocale().toString(local.date(), QLocale::ShortFormat) + u' '
        + QLocale().toString(local.time(), QLocale::LongFormat);
    if (local.offsetFromUtc() == 0)
        return localText;
    return QCoreApplication::translate("TokenDetailsDialog", "%1 (%2 UTC)")
        .arg(localText, utc.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
}
// {"header": {...}, "claims": {...}} in that order (QJsonObject would sort
// the keys), pretty-printed.
QString headerAndClaimsJson(const QJsonObject &header, const QJsonObject &claims)
{
    const auto nested = [](const QJsonObject &object) {
        QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Indented).trimmed();
        json.replace("\n", "\n    ");
        return json;
    };
    const QByteArray text
        = "{\n    \"header\": " + nested(header) + ",\n    \"claims\": " + nested(claims) + "\n}\n";
    return QString::fromUtf8(text);
}

} // namespace

TokenDetailsDialog::TokenDetailsDialog(TokenSession *session, ClipboardGuard *clipboard, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_clipboard(clipboard)
{
    setObjectName(u"tokenDetailsDialog"_s);
    setWindowTitle(tr("Token of %1").arg(session->account().name));
    auto *layout = new QVBoxLayout(this);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"token"_s);
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setContextMenuPolicy(Qt::NoContextMenu);
    m_token->setAccessibleName(tr("Access token"));
    m_reveal = new QToolButton(this);
    m_reveal->setObjectName(u"revealToken"_s);
    m_reveal->setCheckable(true);
    m_reveal->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copy = new QToolButton(this);
    m_copy->setObjectName(u"copyToken"_s);
    m_copy->setText(tr("Copy"));
    m_copy->setIcon(Icons::get(u"copy"_s));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copy->setAccessibleName(tr("Copy token"));
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_reveal);
    tokenRow->addWidget(m_copy);
    auto *tokenLabel = new QLabel(tr("&Token:"), this);
    tokenLabel->setBuddy(m_token);
    form->addRow(tokenLabel, tokenRow);

    m_times = new QLabel(this);
    m_times->setTextFormat(Qt::PlainText);
    m_times->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_times->setObjectName(u"times"_s);
    form->addRow(tr("Times:"), m_times);
    layout->addLayout(form);

    auto *jsonLabel = new QLabel(tr("&Header and claims (decoded, not verified):"), this);
    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(u"claims"_s);
    m_json->setReadOnly(true);
    m_json->setAccessibleName(tr("Header and claims"));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    jsonLabel->setBuddy(m_json);
    layout->addWidget(jsonLabel);
    layout->addWidget(m_json, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_reveal, &QToolButton::toggled, this, &TokenDetailsDialog::setRevealed);
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (!m_token->text().isEmpty())
            m_clipboard->copySecret(m_token->text());
    });
    connect(session, &TokenSession::tokensChanged, this, &TokenDetailsDialog::reload);
    connect(session, &QObject::destroyed, this, &QDialog::reject);

    setRevealed(false);
    reload();
    resize(fontMetrics().averageCharWidth() * 90, fontMetrics().height() * 32);
}

TokenDetailsDialog::~TokenDetailsDialog()
{
    m_token->clear();
}

void TokenDetailsDialog::reload()
{
    if (!m_session)
        return;
    const TokenSet &tokens = m_session->tokens();
    m_token->setText(tokens.accessToken);
    m_copy->setEnabled(!tokens.isEmpty() && !m_concealed);
    m_reveal->setEnabled(!tokens.isEmpty() && !m_concealed);
    if (m_concealed) {
        m_json->setPlainText(tr("Hidden while the screen is locked."));
        return;
    }

    if (tokens.isEmpty()) {
        m_summary->setText(tr("%1 has no token at the moment.").arg(m_session->account().name));
        m_times->setText(u"—"_s);
        m_json->setPlainText({});
        return;
    }

    QStringList times;
    const std::optional<Jwt> jwt = Jwt::decode(tokens.accessToken);
    if (jwt) {
        m_json->setPlainText(headerAndClaimsJson(jwt->header(), jwt->claims()));
        if (const auto iat = jwt->issuedAt())
            times << tr("issued (iat) %1").arg(describeTime(*iat));
        if (const auto nbf = jwt->notBefore())
            times << tr("valid from (nbf) %1").arg(describeTime(*nbf));
        if (const auto exp = jwt->expiresAt())
            times << tr("expires (exp) %1").arg(describeTime(*exp));
        m_summary->setText(tr("The current token of %1 is a JSON Web Token. Its contents are shown as "
                              "the service wrote them; TokenTray does not check the signature.")
                               .arg(m_session->account().name));
    } else {
        m_json->setPlainText(tr("This token is not a JSON Web Token, so it has no claims to show."));
        m_summary->setText(tr("The current token of %1 is opaque: only the service can read it.")
                               .arg(m_session->account().name));
    }
    if (!jwt || !jwt->expiresAt()) {
        if (tokens.expiresAt.isValid())
            times
                << tr("expires %1 (assumed: the token states no expiry)").arg(describeTime(tokens.expiresAt));
    }
    m_times->setText(times.isEmpty() ? u"—"_s : times.join(u'\n'));
}

void TokenDetailsDialog::setRevealed(bool revealed)
{
    m_token->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setIcon(Icons::get(revealed ? u"conceal"_s : u"reveal"_s));
    m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
    m_reveal->setAccessibleName(revealed ? tr("Hide token") : tr("Show token"));
    if (m_reveal->isChecked() != revealed)
        m_reveal->setChecked(revealed);
}

void TokenDetailsDialog::setConcealed(bool concealed)
{
    if (concealed == m_concealed)
        return;
    if (concealed) {
        m_revealedBeforeConcealing = isTokenRevealed();
        setRevealed(false);
    }
    m_concealed = concealed;
    reload();
    if (!concealed && m_revealedBeforeConcealing)
        setRevealed(true);
}

QString TokenDetailsDialog::claimsText() const
{
    return m_json->toPlainText();
}

bool TokenDetailsDialog::isTokenRevealed() const
{
    return m_token->echoMode() == QLineEdit::Normal;
}
