#include "commands/tokenhandoff.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TokenHandoff", text);
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}
} // namespace

QString TokenHandoff::toText() const
{
    const QJsonObject o { { u"token"_s, token },
                          { u"authorization"_s, authorization },
                          { u"secondsLeft"_s, secondsLeft } };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<TokenHandoff> TokenHandoff::fromText(const QString &text, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(tr("The token hand-off is not a JSON object."));
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"token" && it.key() != u"authorization" && it.key() != u"secondsLeft")
            return fail(tr("The token hand-off has an unexpected field \"%1\".").arg(it.key()));
    }
    const QJsonValue token = o.value(u"token"_s);
    const QJsonValue authorization = o.value(u"authorization"_s);
    const QJsonValue left = o.value(u"secondsLeft"_s);
    if (!token.isString() || !authorization.isString() || !left.isDouble())
        return fail(tr("The token hand-off is missing a field or has one of the wrong type."));
    TokenHandoff handoff;
    handoff.token = token.toString();
    handoff.authorization = authorization.toString();
    const double seconds = left.toDouble();
    if (seconds != static_cast<double>(static_cast<qint64>(seconds)))
        return fail(tr("The token hand-off has an invalid lifetime."));
    handoff.secondsLeft = static_cast<qint64>(seconds);
    if (handoff.token.isEmpty() || hasControlCharacters(handoff.token)
        || hasControlCharacters(handoff.authorization))
        return fail(tr("The token hand-off carries no usable token."));
    return handoff;
}
