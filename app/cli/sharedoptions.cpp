#include "cli/sharedoptions.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("SharedOptions", text);
}

const QString ConfigDir = u"config-dir"_s;
const QString CaFile = u"ca-file"_s;
} // namespace

bool SharedOptions::isSharedOption(QStringView name)
{
    return name == ConfigDir || name == CaFile;
}

Result<SharedOptions> SharedOptions::take(QStringList &arguments,
                                          const std::function<bool(QStringView)> &takesValue)
{
    using R = Result<SharedOptions>;
    SharedOptions options;
    bool seenConfigDir = false;
    bool seenCaFile = false;
    QStringList rest;
    rest.reserve(arguments.size());

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == u"--") {
            rest.append(arguments.mid(i));
            break;
        }
        if (!a.startsWith(u"--") || a.size() < 3) {
            rest.append(a);
            continue;
        }
        const qsizetype eq = a.indexOf(u'=');
        const QString name = a.mid(2, eq < 0 ? -1 : eq - 2);
        if (!isSharedOption(name)) {
            rest.append(a);
            // The value of another option is the caller's, whatever it reads like.
            if (eq < 0 && takesValue && takesValue(name) && i + 1 < arguments.size())
                rest.append(arguments.at(++i));
            continue;
        }
        bool &seen = name == ConfigDir ? seenConfigDir : seenCaFile;
        if (seen)
            return R::failure(tr("The option --%1 is given more than once.").arg(name));
        seen = true;
        QString value;
        if (eq >= 0)
            value = a.mid(eq + 1);
        else if (i + 1 < arguments.size())
            value = arguments.at(++i);
        else
            return R::failure(tr("The option --%1 needs a value.").arg(name));
        if (value.isEmpty())
            return R::failure(tr("The option --%1 needs a value.").arg(name));
        (name == ConfigDir ? options.configDir : options.caFile) = value;
    }
    arguments = rest;
    return options;
}

QList<QCommandLineOption> SharedOptions::helpOptions()
{
    return {
        QCommandLineOption(ConfigDir, tr("Keep accounts and settings in DIR instead of the default."),
                           u"DIR"_s),
        QCommandLineOption(CaFile, tr("Also trust the CA certificates in this PEM file."), u"PEM"_s),
    };
}
