#include "settings/autostart.h"

#include "platform/atomicfile.h"
#include "platform/programfiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#ifdef Q_OS_WIN
#include <QSettings>
#endif

using namespace Qt::StringLiterals;

namespace {
#ifdef Q_OS_WIN
const QString RunKey = u"HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"_s;
const QString RunValue = u"TokenTray"_s;

QString windowsCommandLine(const QStringList &command)
{
    QStringList parts;
    for (const QString &arg : command)
        parts.append(arg.contains(u' ') ? u'"' + arg + u'"' : arg);
    return parts.join(u' ');
}
#endif

// Characters the Desktop Entry specification reserves in Exec arguments.
bool needsQuoting(const QString &arg)
{
    static const QString reserved = u" \t\n\"'\\><~|&;$*?#()`"_s;
    if (arg.isEmpty())
        return true;
    for (const QChar c : arg) {
        if (reserved.contains(c))
            return true;
    }
    return false;
}

bool hasControlCharacter(const QStringList &command)
{
    for (const QString &arg : command) {
        for (const QChar c : arg) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return true;
        }
    }
    return false;
}
} // namespace

Autostart::Autostart(const QString &entryPath)
    : m_path(entryPath)
{ }

QString Autostart::defaultPath()
{
    const QString appId = QStringLiteral(TOKENTRAY_APP_ID);
#ifdef Q_OS_MACOS
    return QDir::homePath() + u"/Library/LaunchAgents/"_s + appId + u".plist"_s;
#else
    // GenericConfigLocation honours XDG_CONFIG_HOME.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/autostart/"_s + appId
        + u".desktop"_s;
#endif
}

QStringList Autostart::defaultCommand()
{
    QString program = QString::fromLatin1(ProgramFiles::CommandLineName);
    QString running = QCoreApplication::applicationFilePath();
    // The window program is started through the command line, which is what
    // a login session should run.
    if (QFileInfo(running).fileName() == QLatin1StringView(ProgramFiles::WindowName))
        running = ProgramFiles::commandLineProgram(QFileInfo(running).absolutePath());
    const QString onPath = QStandardPaths::findExecutable(program);
    if (!running.isEmpty()
        && (onPath.isEmpty()
            || QFileInfo(onPath).canonicalFilePath() != QFileInfo(running).canonicalFilePath()))
        program = running;
    return { program, u"--minimized"_s };
}

QString Autostart::execLine(const QStringList &command)
{
    QStringList parts;
    for (const QString &arg : command) {
        QString quoted = arg;
        // A literal percent sign is written %% (field codes start with %).
        quoted.replace(u'%', u"%%"_s);
        if (needsQuoting(arg)) {
            QString inner;
            for (const QChar c : std::as_const(quoted)) {
                if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
                    inner += u'\\';
                inner += c;
            }
            quoted = u'"' + inner + u'"';
        }
        // The string-value escape rule applies on top of the quoting rule.
        quoted.replace(u'\\', u"\\\\"_s);
        parts.append(quoted);
    }
    return parts.join(u' ');
}

bool Autostart::isEnabled() const
{
#ifdef Q_OS_WIN
    return QSettings(RunKey, QSettings::NativeFormat).contains(RunValue);
#else
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
#ifdef Q_OS_MACOS
    return true;
#else
    // An entry the user switched off in the session settings stays on disk
    // with Hidden=true or X-GNOME-Autostart-enabled=false.
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[')) {
            inMainGroup = line == u"[Desktop Entry]";
            continue;
        }
        if (!inMainGroup)
            continue;
        const qsizetype eq = line.indexOf(u'=');
        if (eq < 0)
            continue;
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed().toLower();
        if (key == u"Hidden" && value == u"true")
            return false;
        if (key == u"X-GNOME-Autostart-enabled" && value == u"false")
            return false;
    }
    return true;
#endif
#endif
}

Status Autostart::enable(const QStringList &command)
{
    if (command.isEmpty() || command.first().isEmpty() || hasControlCharacter(command))
        return Status::failure(tr("TokenTray cannot be started at login: its program path is not usable."));
#ifdef Q_OS_WIN
    QSettings run(RunKey, QSettings::NativeFormat);
    QStringList native = command;
    native[0] = QDir::toNativeSeparators(native[0]);
    run.setValue(RunValue, windowsCommandLine(native));
    run.sync();
    if (run.status() != QSettings::NoError)
        return Status::failure(tr("TokenTray could not register itself to start at login."));
    return Status::success();
#else
    QByteArray content;
#ifdef Q_OS_MACOS
    QStringList lines = { u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"_s,
                          u"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                          "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"_s,
                          u"<plist version=\"1.0\">"_s,
                          u"<dict>"_s,
                          u"  <key>Label</key>"_s,
                          u"  <string>"_s + QStringLiteral(TOKENTRAY_APP_ID) + u"</string>"_s,
                          u"  <key>ProgramArguments</key>"_s,
                          u"  <array>"_s };
    for (const QString &arg : command)
        lines.append(u"    <string>"_s + arg.toHtmlEscaped() + u"</string>"_s);
    lines << u"  </array>"_s << u"  <key>RunAtLoad</key>"_s << u"  <true/>"_s << u"</dict>"_s
          << u"</plist>"_s;
#else
    const QStringList lines = {
        u"[Desktop Entry]"_s,
        u"Type=Application"_s,
        u"Name=TokenTray"_s,
        u"Comment="_s + tr("Keeps API tokens fresh, in the system tray"),
        u"Exec="_s + execLine(command),
        u"Icon="_s + QStringLiteral(TOKENTRAY_APP_ID),
        u"Terminal=false"_s,
        u"X-GNOME-Autostart-enabled=true"_s,
    };
#endif
    content = (lines.join(u'\n') + u'\n').toUtf8();
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir))
        return Status::failure(tr("TokenTray could not create the folder %1 to start at login.")
                                   .arg(QDir::toNativeSeparators(dir)));
    if (const Status written = AtomicFile::write(m_path, content); !written) {
        return Status::failure(tr("TokenTray could not write %1 to start at login: %2")
                                   .arg(QDir::toNativeSeparators(m_path), written.error()));
    }
    return Status::success();
#endif
}

Status Autostart::disable()
{
#ifdef Q_OS_WIN
    QSettings run(RunKey, QSettings::NativeFormat);
    run.remove(RunValue);
    run.sync();
    if (run.status() != QSettings::NoError)
        return Status::failure(tr("TokenTray could not stop starting at login."));
    return Status::success();
#else
    QFile file(m_path);
    if (!file.exists() || file.remove())
        return Status::success();
    return Status::failure(tr("TokenTray could not remove %1, so it will still start at login: %2")
                               .arg(QDir::toNativeSeparators(m_path), file.errorString()));
#endif
}
