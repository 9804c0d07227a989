#include "commands/cliresponse.h"

#include <QCoreApplication>
#include <QJsonValue>

using namespace Qt::StringLiterals;

CliResponse CliResponse::success(QString output)
{
    CliResponse r;
    r.output = std::move(output);
    return r;
}

CliResponse CliResponse::failure(ExitCode code, QString error)
{
    CliResponse r;
    r.exitCode = code;
    r.error = std::move(error);
    return r;
}

QJsonObject CliResponse::toJson() const
{
    QJsonObject o;
    o[u"exit"_s] = exitStatus(exitCode);
    if (!output.isEmpty())
        o[u"out"_s] = output;
    if (!error.isEmpty())
        o[u"error"_s] = error;
    return o;
}

std::optional<CliResponse> CliResponse::fromJson(const QJsonObject &o, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"exit" && it.key() != u"out" && it.key() != u"error")
            return fail(QCoreApplication::translate("CliResponse", "The reply has an unknown field \"%1\".")
                            .arg(it.key()));
    }
    const QJsonValue exitValue = o.value(u"exit"_s);
    if (!exitValue.isDouble())
        return fail(QCoreApplication::translate("CliResponse", "The reply has no exit status."));
    const int status = exitValue.toInt(-1);
    CliResponse r;
    switch (status) {
    case exitStatus(ExitCode::Ok):
    case exitStatus(ExitCode::Usage):
    case exitStatus(ExitCode::UnknownAccount):
    case exitStatus(ExitCode::CredentialsRejected):
    case exitStatus(ExitCode::Unavailable):
    case exitStatus(ExitCode::KeychainUnavailable):
    case exitStatus(ExitCode::BadConfig):
    case exitStatus(ExitCode::Conflict):
    case exitStatus(ExitCode::BadFile):
        r.exitCode = static_cast<ExitCode>(status);
        break;
    default:
        return fail(QCoreApplication::translate("CliResponse", "The reply has an unknown exit status."));
    }
    const QJsonValue out = o.value(u"out"_s);
    const QJsonValue err = o.value(u"error"_s);
    if ((!out.isUndefined() && !out.isString()) || (!err.isUndefined() && !err.isString()))
        return fail(QCoreApplication::translate("CliResponse", "The reply has a field of the wrong type."));
    r.output = out.toString();
    r.error = err.toString();
    if (r.exitCode != ExitCode::Ok && r.error.isEmpty())
        return fail(
            QCoreApplication::translate("CliResponse", "The reply reports a failure without a message."));
    return r;
}
