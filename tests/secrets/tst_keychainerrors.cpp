// How qtkeychain's errors become SecretResults, and the keychain namespace of
// a configuration directory: no keychain needed.
#include "secrets/keychainerrors.h"
#include "secrets/keychainsecretstore.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class KeychainErrorsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<bool>("busReachable");
        QTest::addColumn<SecretError>("expected");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("messageContains");

        QTest::newRow("no error") << int(QKeychain::NoError) << QString() << true << SecretError::None
                                  << false << QString();
        QTest::newRow("not found") << int(QKeychain::EntryNotFound) << u"Entry not found"_s << true
                                   << SecretError::NotFound << false << u"No saved credential"_s;
        QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable)
                                    << u"No keychain service available"_s << true << SecretError::NoBackend
                                    << false << u"No keychain service"_s;
        QTest::newRow("not implemented") << int(QKeychain::NotImplemented) << QString() << true
                                         << SecretError::NoBackend << false << u"No keychain service"_s;
        QTest::newRow("locked collection")
            << int(QKeychain::AccessDenied) << u"Cannot create an item in a locked collection"_s << true
            << SecretError::Locked << false
            << u"The keyring is locked. Unlock it to use saved credentials."_s;
        QTest::newRow("denied by user") << int(QKeychain::AccessDeniedByUser) << u"User denied"_s << true
                                        << SecretError::AccessDenied << false << u"denied"_s;
        QTest::newRow("no session bus")
            << int(QKeychain::OtherError) << u"Could not connect: No such file or directory"_s << false
            << SecretError::NoBackend << false << u"No keychain service"_s;
        QTest::newRow("bus but no service")
            << int(QKeychain::OtherError)
            << u"The name org.freedesktop.secrets was not provided by any .service files"_s << true
            << SecretError::NoBackend << false << u"No keychain service"_s;
        QTest::newRow("prompt failed")
            << int(QKeychain::OtherError) << u"Couldn't prompt for unlock: dismissed"_s << true
            << SecretError::Locked << false << u"The keyring is locked."_s;
        QTest::newRow("unknown") << int(QKeychain::OtherError) << u"Timeout was reached"_s << true
                                 << SecretError::Other << true << u"Timeout was reached"_s;
        QTest::newRow("delete failed") << int(QKeychain::CouldNotDeleteEntry) << u"Something odd"_s << true
                                       << SecretError::Other << true << u"unexpected error"_s;
    }

    void mapping()
    {
        QFETCH(int, code);
        QFETCH(QString, detail);
        QFETCH(bool, busReachable);
        QFETCH(SecretError, expected);
        QFETCH(bool, transient);
        QFETCH(QString, messageContains);

        const SecretResult r
            = KeychainErrors::resultFor(static_cast<QKeychain::Error>(code), detail, busReachable);
        QCOMPARE(r.error, expected);
        QCOMPARE(r.transient, transient);
        QVERIFY(r.value.isEmpty());
        if (expected == SecretError::None) {
            QVERIFY(r.ok());
            QVERIFY(r.message.isEmpty());
        } else {
            QVERIFY2(r.message.contains(messageContains), qPrintable(r.message));
            QVERIFY(r.message.endsWith(u'.') || r.message.contains(detail));
        }
    }

    void eachErrorHasItsOwnSentence()
    {
        QSet<QString> seen;
        for (const SecretError e : { SecretError::NotFound, SecretError::NoBackend, SecretError::Locked,
                                     SecretError::AccessDenied, SecretError::Other }) {
            const QString m = KeychainErrors::messageFor(e);
            QVERIFY(!m.isEmpty());
            QVERIFY(!seen.contains(m));
            seen.insert(m);
        }
    }

    void longDetailIsCut()
    {
        const SecretResult r
            = KeychainErrors::resultFor(QKeychain::OtherError, QString(5000, u'x'), /*busReachable=*/true);
        QVERIFY(r.message.size() < 400);
    }

    void timeoutIsTransient()
    {
        const SecretResult r = KeychainErrors::timedOut(30);
        QCOMPARE(r.error, SecretError::Other);
        QVERIFY(r.transient);
        QVERIFY(r.message.contains(u"30 seconds"_s));
    }

    void sessionBusReachable_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("createSocketFile");
        QTest::addColumn<bool>("expected");
        QTest::newRow("missing path") << u"unix:path=%1/nothing-here"_s << false << false;
        QTest::newRow("existing path") << u"unix:path=%1/bus"_s << true << true;
        QTest::newRow("abstract") << u"unix:abstract=/tmp/dbus-XYZ,guid=1"_s << false << true;
        QTest::newRow("tcp") << u"tcp:host=localhost,port=1"_s << false << true;
        QTest::newRow("second one usable") << u"unix:path=%1/nothing;unix:path=%1/bus"_s << true << true;
    }

    void sessionBusReachable()
    {
        QFETCH(QString, address);
        QFETCH(bool, createSocketFile);
        QFETCH(bool, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (createSocketFile) {
            QFile f(dir.filePath(u"bus"_s));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QString resolved = address.contains(u"%1"_s) ? address.arg(dir.path()) : address;
        qputenv("DBUS_SESSION_BUS_ADDRESS", resolved.toUtf8());
        const bool reachable = KeychainErrors::sessionBusReachable();
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
        QCOMPARE(reachable, expected);
    }

    void busFromRuntimeDir()
    {
        QTemporaryDir dir;
        const QByteArray savedAddress = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray savedRuntime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", dir.path().toUtf8());
        const bool without = KeychainErrors::sessionBusReachable();
        QFile f(dir.filePath(u"bus"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const bool with = KeychainErrors::sessionBusReachable();
        qputenv("DBUS_SESSION_BUS_ADDRESS", savedAddress);
        qputenv("XDG_RUNTIME_DIR", savedRuntime);
        QVERIFY(!without);
        QVERIFY(with);
    }

    void namespaces()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString defaultDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(defaultDir), u"default"_s);
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(defaultDir + u"/"_s), u"default"_s);

        QTemporaryDir a, b;
        const QString na = KeychainSecretStore::namespaceForConfigDir(a.path());
        const QString nb = KeychainSecretStore::namespaceForConfigDir(b.path());
        QCOMPARE(na.size(), 12);
        QVERIFY(QRegularExpression(u"^[0-9a-f]{12}$"_s).match(na).hasMatch());
        QVERIFY(na != nb);
        QVERIFY(na != u"default"_s);
        // Stable, and the same however the directory is spelled.
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(a.path()), na);
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(a.path() + u"/sub/.."_s), na);
        QVERIFY(QDir().mkpath(a.filePath(u"sub"_s)));
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(a.path() + u"/sub/.."_s), na);
        QVERIFY(QFile::link(a.path(), b.filePath(u"link"_s)));
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(b.filePath(u"link"_s)), na);
        // A directory that does not exist yet still gets a stable name.
        const QString future = a.filePath(u"not-yet"_s);
        QCOMPARE(KeychainSecretStore::namespaceForConfigDir(future),
                 KeychainSecretStore::namespaceForConfigDir(future));
    }

    void entryKeys()
    {
        KeychainSecretStore store(u"TokenTray"_s, u"default"_s);
        const QUuid id = QUuid::fromString(u"{12345678-1234-1234-1234-123456789abc}"_s);
        QCOMPARE(store.entryKey(id, SecretKind::ClientSecret),
                 u"default/12345678-1234-1234-1234-123456789abc/client-secret"_s);
        QCOMPARE(store.probeKey(), u"default/probe"_s);
        QCOMPARE(store.service(), u"TokenTray"_s);
        QCOMPARE(store.timeout(), KeychainSecretStore::DefaultTimeoutMs);
    }
};

QTEST_GUILESS_MAIN(KeychainErrorsTest)
#include "tst_keychainerrors.moc"
