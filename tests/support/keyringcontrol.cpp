#include "keyringcontrol.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace {
const QString Service = u"org.freedesktop.secrets"_s;
const QString ServicePath = u"/org/freedesktop/secrets"_s;
const QString LoginCollection = u"/org/freedesktop/secrets/collection/login"_s;

QString dbusSend(const QStringList &args)
{
    QProcess p;
    p.start(u"dbus-send"_s,
            QStringList { u"--session"_s, u"--print-reply"_s, u"--dest="_s + Service } + args);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(2000);
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

// A Secret Service "Secret" struct (oayays), as D-Bus carries it.
struct DBusSecret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &arg, const DBusSecret &s)
{
    arg.beginStructure();
    arg << s.session << s.parameters << s.value << s.contentType;
    arg.endStructure();
    return arg;
}

const QDBusArgument &operator>>(const QDBusArgument &arg, DBusSecret &s)
{
    arg.beginStructure();
    arg >> s.session >> s.parameters >> s.value >> s.contentType;
    arg.endStructure();
    return arg;
}
} // namespace

Q_DECLARE_METATYPE(DBusSecret)

namespace KeyringControl {

bool loginCollectionLocked()
{
    const QString out = dbusSend({ LoginCollection, u"org.freedesktop.DBus.Properties.Get"_s,
                                   u"string:org.freedesktop.Secret.Collection"_s, u"string:Locked"_s });
    return !out.contains(u"boolean false"_s);
}

bool lockLoginCollection()
{
    dbusSend({ u"--type=method_call"_s, ServicePath, u"org.freedesktop.Secret.Service.Lock"_s,
               u"array:objpath:"_s + LoginCollection });
    return loginCollectionLocked();
}

// A second "gnome-keyring-daemon --unlock" starts another daemon instead of
// unlocking the running one, and there is no prompter under the harness; so
// the password goes to gnome-keyring's own unlock call, in a plain session on
// this process's connection (never on a command line).
bool unlockLoginCollection()
{
    const QByteArray password = qgetenv("TOKENTRAY_HARNESS_KEYRING_PASSWORD");
    if (password.isEmpty())
        return false;
    qDBusRegisterMetaType<DBusSecret>();
    QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusInterface service(Service, ServicePath, u"org.freedesktop.Secret.Service"_s, bus);
    const QDBusMessage opened
        = service.call(u"OpenSession"_s, u"plain"_s, QVariant::fromValue(QDBusVariant(QString())));
    if (opened.type() != QDBusMessage::ReplyMessage || opened.arguments().size() != 2)
        return false;
    DBusSecret master;
    master.session = qdbus_cast<QDBusObjectPath>(opened.arguments().at(1));
    master.value = password;
    master.contentType = u"text/plain"_s;
    QDBusInterface internal(Service, ServicePath,
                            u"org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"_s, bus);
    const QDBusMessage unlocked
        = internal.call(u"UnlockWithMasterPassword"_s, QVariant::fromValue(QDBusObjectPath(LoginCollection)),
                        QVariant::fromValue(master));
    QDBusInterface(Service, master.session.path(), u"org.freedesktop.Secret.Session"_s, bus).call(u"Close"_s);
    if (unlocked.type() != QDBusMessage::ReplyMessage)
        qWarning("unlock failed: %s", qPrintable(unlocked.errorMessage()));
    return !loginCollectionLocked();
}

} // namespace KeyringControl
