// KeychainSecretStore against the real gnome-keyring of the test desktop
// (tests/harness/desktop-session.sh): entries land in the Secret Service,
// are visible with secret-tool, never fall back to a plaintext file, and a
// locked or missing keychain gives the right error without hanging.
#include "keyringcontrol.h"
#include "secrets/keychainsecretstore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>
#include <QTextStream>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QString service = u"TokenTrayTest"_s;

// Waits (bounded) for one answer; nullopt if none came.
std::optional<SecretResult> await(const std::function<void(QObject *, SecretStore::Callback)> &start,
                                  int timeoutMs = 20000)
{
    QObject context;
    std::optional<SecretResult> result;
    int calls = 0;
    start(&context, [&](const SecretResult &r) {
        ++calls;
        result = r;
    });
    if (calls != 0)
        qFatal("a SecretStore answered from inside the call");
    QElapsedTimer t;
    t.start();
    while (!result && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    return result;
}

QString run(const QString &program, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return u"<%1 did not start>"_s.arg(program);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        return u"<%1 timed out>"_s.arg(program);
    }
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

// Everything qtkeychain's libsecret backend stored under our service name.
// It keeps the service in the "server" attribute and the key in "user".
QString listedEntries()
{
    return run(u"secret-tool"_s, { u"search"_s, u"--all"_s, u"server"_s, service });
}

using namespace KeyringControl;

// Ends the prompter a test caused D-Bus to start, by its process id.
bool endPrompter()
{
    const QString out = run(u"dbus-send"_s,
                            { u"--session"_s, u"--print-reply"_s, u"--dest=org.freedesktop.DBus"_s, u"/"_s,
                              u"org.freedesktop.DBus.GetConnectionUnixProcessID"_s,
                              u"string:org.gnome.keyring.SystemPrompter"_s });
    const qint64 pid = out.section(u"uint32 "_s, 1).trimmed().toLongLong();
    if (pid <= 1)
        return false;
    run(u"kill"_s, { QString::number(pid) });
    return true;
}

const char *errorName(SecretError e)
{
    switch (e) {
    case SecretError::None:
        return "None";
    case SecretError::NotFound:
        return "NotFound";
    case SecretError::NoBackend:
        return "NoBackend";
    case SecretError::Locked:
        return "Locked";
    case SecretError::AccessDenied:
        return "AccessDenied";
    case SecretError::Other:
        return "Other";
    }
    return "?";
}

// Child mode: one probe and one read with whatever D-Bus environment the
// parent gave, answers printed as "<error>|<transient>|<message>" lines.
int noBackendHelper()
{
    KeychainSecretStore store(service, u"nobackend"_s);
    store.setTimeout(15000);
    QTextStream out(stdout);
    int answered = 0;
    const auto print = [&](const SecretResult &r) {
        out << errorName(r.error) << '|' << (r.transient ? 1 : 0) << '|' << r.message << Qt::endl;
        if (++answered == 2)
            QCoreApplication::quit();
    };
    store.probe(&store, print);
    store.read(QUuid::createUuid(), SecretKind::Password, &store, print);
    return QCoreApplication::exec();
}
} // namespace

class KeychainSecretStoreTest : public QObject
{
    Q_OBJECT

private:
    QStringList m_secretsUsed;

    QString newSecret(const QString &label)
    {
        const QString s = u"tt-"_s + label + u'-' + QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_secretsUsed << s;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("not inside tests/harness/desktop-session.sh: refusing to touch the user's keyring");
        QVERIFY2(!loginCollectionLocked(), "the harness keyring should start unlocked");
    }

    void roundTrip_data()
    {
        QTest::addColumn<SecretKind>("kind");
        QTest::newRow("password") << SecretKind::Password;
        QTest::newRow("client secret") << SecretKind::ClientSecret;
        QTest::newRow("refresh token") << SecretKind::RefreshToken;
        QTest::newRow("access token") << SecretKind::AccessToken;
    }

    void roundTrip()
    {
        QFETCH(SecretKind, kind);
        KeychainSecretStore store(service, u"roundtrip"_s);
        const QUuid id = QUuid::createUuid();
        const QString secret = newSecret(secretKindKey(kind));
        const QString key = store.entryKey(id, kind);
        QCOMPARE(key, u"roundtrip/"_s + id.toString(QUuid::WithoutBraces) + u'/' + secretKindKey(kind));

        auto w = await([&](QObject *c, auto cb) { store.write(id, kind, secret, c, cb); });
        QVERIFY(w);
        QVERIFY2(w->ok(), qPrintable(w->message));
        QCOMPARE(store.pendingOperations(), 0);

        auto r = await([&](QObject *c, auto cb) { store.read(id, kind, c, cb); });
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->message));
        QCOMPARE(r->value, secret);

        const QString listed = listedEntries();
        QVERIFY2(listed.contains(u"attribute.user = "_s + key), qPrintable(listed));
        QVERIFY(listed.contains(u"secret = "_s + secret));

        auto d = await([&](QObject *c, auto cb) { store.remove(id, kind, c, cb); });
        QVERIFY(d);
        QVERIFY2(d->ok(), qPrintable(d->message));
        QVERIFY(!listedEntries().contains(key));

        auto gone = await([&](QObject *c, auto cb) { store.read(id, kind, c, cb); });
        QVERIFY(gone);
        QCOMPARE(gone->error, SecretError::NotFound);
        QVERIFY(gone->value.isEmpty());
        QVERIFY(!gone->message.isEmpty());

        auto again = await([&](QObject *c, auto cb) { store.remove(id, kind, c, cb); });
        QVERIFY(again);
        QVERIFY(again->ok() || again->error == SecretError::NotFound);
    }

    void overwriteKeepsOneEntry()
    {
        KeychainSecretStore store(service, u"overwrite"_s);
        const QUuid id = QUuid::createUuid();
        const QString first = newSecret(u"first"_s), second = newSecret(u"second"_s);
        QVERIFY(
            await([&](QObject *c, auto cb) { store.write(id, SecretKind::Password, first, c, cb); })->ok());
        QVERIFY(
            await([&](QObject *c, auto cb) { store.write(id, SecretKind::Password, second, c, cb); })->ok());
        auto r = await([&](QObject *c, auto cb) { store.read(id, SecretKind::Password, c, cb); });
        QCOMPARE(r->value, second);
        const QString listed = listedEntries();
        QCOMPARE(listed.count(store.entryKey(id, SecretKind::Password)), 1);
        QVERIFY(!listed.contains(first));
        QVERIFY(await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); })->ok());
    }

    void namespacesAreSeparate()
    {
        KeychainSecretStore a(service, u"ns-a"_s), b(service, u"ns-b"_s);
        const QUuid id = QUuid::createUuid();
        const QString sa = newSecret(u"a"_s), sb = newSecret(u"b"_s);
        QVERIFY(await([&](QObject *c, auto cb) { a.write(id, SecretKind::RefreshToken, sa, c, cb); })->ok());

        auto missing = await([&](QObject *c, auto cb) { b.read(id, SecretKind::RefreshToken, c, cb); });
        QCOMPARE(missing->error, SecretError::NotFound);

        QVERIFY(await([&](QObject *c, auto cb) { b.write(id, SecretKind::RefreshToken, sb, c, cb); })->ok());
        QCOMPARE(await([&](QObject *c, auto cb) { a.read(id, SecretKind::RefreshToken, c, cb); })->value, sa);
        QCOMPARE(await([&](QObject *c, auto cb) { b.read(id, SecretKind::RefreshToken, c, cb); })->value, sb);

        QVERIFY(await([&](QObject *c, auto cb) { a.removeAll(id, c, cb); })->ok());
        QCOMPARE(await([&](QObject *c, auto cb) { a.read(id, SecretKind::RefreshToken, c, cb); })->error,
                 SecretError::NotFound);
        QCOMPARE(await([&](QObject *c, auto cb) { b.read(id, SecretKind::RefreshToken, c, cb); })->value, sb);
        QVERIFY(await([&](QObject *c, auto cb) { b.removeAll(id, c, cb); })->ok());
    }

    void removeAllDeletesEveryKind()
    {
        KeychainSecretStore store(service, u"removeall"_s);
        const QUuid id = QUuid::createUuid();
        for (const SecretKind kind : { SecretKind::Password, SecretKind::RefreshToken,
                                       SecretKind::AccessToken, SecretKind::PastedToken }) {
            const QString s = newSecret(secretKindKey(kind));
            QVERIFY(await([&](QObject *c, auto cb) { store.write(id, kind, s, c, cb); })->ok());
        }
        QCOMPARE(listedEntries().count(id.toString(QUuid::WithoutBraces)), 4);
        auto done = await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); });
        QVERIFY(done);
        QVERIFY2(done->ok(), qPrintable(done->message));
        QVERIFY(!listedEntries().contains(id.toString(QUuid::WithoutBraces)));
        QCOMPARE(store.pendingOperations(), 0);
    }

    void destroyedContextDropsTheAnswer()
    {
        KeychainSecretStore store(service, u"context"_s);
        const QUuid id = QUuid::createUuid();
        int calls = 0;
        {
            QObject context;
            store.write(id, SecretKind::AccessToken, newSecret(u"ctx"_s), &context,
                        [&](const SecretResult &) { ++calls; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingOperations(), 0, 20000);
        QCOMPARE(calls, 0);
        // The write itself was not cancelled.
        QVERIFY(listedEntries().contains(store.entryKey(id, SecretKind::AccessToken)));
        QVERIFY(await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); })->ok());
    }

    // One search and one GetSecrets over an encrypted session: every entry
    // of the namespace and the kinds asked for, nothing of another namespace.
    void readAllAtOnce()
    {
        KeychainSecretStore store(service, u"batch"_s);
        KeychainSecretStore other(service, u"batch-other"_s);
        QList<QUuid> ids;
        QList<QString> tokens;
        for (int i = 0; i < 12; ++i) {
            ids.append(QUuid::createUuid());
            // Lengths around the AES block size, and text beyond ASCII.
            tokens.append(newSecret(u"token-%1-"_s.arg(i)) + QString(i, u'x') + u"é"_s);
            QVERIFY(await([&](QObject *c, auto cb) {
                        store.write(ids.last(), SecretKind::AccessToken, tokens.last(), c, cb);
                    })->ok());
        }
        const QString refresh = newSecret(u"refresh"_s);
        QVERIFY(await([&](QObject *c, auto cb) {
                    store.write(ids.first(), SecretKind::RefreshToken, refresh, c, cb);
                })->ok());
        QVERIFY(await([&](QObject *c, auto cb) {
                    store.write(ids.first(), SecretKind::Password, newSecret(u"pw"_s), c, cb);
                })->ok());
        QVERIFY(await([&](QObject *c, auto cb) {
                    other.write(ids.first(), SecretKind::AccessToken, newSecret(u"x"_s), c, cb);
                })->ok());

        std::optional<SecretBatch> batch;
        QObject context;
        store.readAll({ SecretKind::AccessToken, SecretKind::RefreshToken }, 13, &context,
                      [&](const SecretBatch &b) { batch = b; });
        QVERIFY(!batch);
        QTRY_VERIFY_WITH_TIMEOUT(batch.has_value(), 20000);
        QVERIFY2(batch->status.ok(), qPrintable(batch->status.message));
        QCOMPARE(batch->values.size(), ids.size());
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(batch->value(ids.at(i), SecretKind::AccessToken), std::optional<QString>(tokens.at(i)));
        QCOMPARE(batch->value(ids.first(), SecretKind::RefreshToken), std::optional<QString>(refresh));
        QVERIFY(!batch->value(ids.first(), SecretKind::Password)); // not asked for
        QCOMPARE(store.pendingOperations(), 0);

        for (const QUuid &id : std::as_const(ids))
            QVERIFY(await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); })->ok());
        QVERIFY(await([&](QObject *c, auto cb) { other.removeAll(ids.first(), c, cb); })->ok());
    }

    // Only the accounts asked for, one exact search per entry; an entry that
    // is not stored is simply absent, and finding none at all is an error, so
    // that the caller reads entry by entry.
    void readSomeAccountsAtOnce()
    {
        KeychainSecretStore store(service, u"some"_s);
        QList<QUuid> ids;
        QList<QString> tokens;
        for (int i = 0; i < 4; ++i) {
            ids.append(QUuid::createUuid());
            tokens.append(newSecret(u"some-%1-"_s.arg(i)) + QString(i * 5, u'y') + u"ü"_s);
            QVERIFY(await([&](QObject *c, auto cb) {
                        store.write(ids.last(), SecretKind::AccessToken, tokens.last(), c, cb);
                    })->ok());
        }
        const QString refresh = newSecret(u"some-refresh"_s);
        QVERIFY(await([&](QObject *c, auto cb) {
                    store.write(ids.at(1), SecretKind::RefreshToken, refresh, c, cb);
                })->ok());
        QVERIFY(await([&](QObject *c, auto cb) {
                    store.write(ids.at(1), SecretKind::Password, newSecret(u"some-pw"_s), c, cb);
                })->ok());

        const auto readAccounts = [&store](const QList<QUuid> &accounts) {
            std::optional<SecretBatch> batch;
            QObject context;
            store.readAccounts(accounts, { SecretKind::AccessToken, SecretKind::RefreshToken }, &context,
                               [&](const SecretBatch &b) { batch = b; });
            if (batch)
                return std::optional<SecretBatch>(); // answered from inside the call
            if (!QTest::qWaitFor([&] { return batch.has_value(); }, 20000))
                return std::optional<SecretBatch>();
            return batch;
        };

        const QUuid never = QUuid::createUuid();
        auto batch = readAccounts({ ids.at(1), ids.at(2), never });
        QVERIFY(batch);
        QVERIFY2(batch->status.ok(), qPrintable(batch->status.message));
        QCOMPARE(batch->values.size(), 2);
        QCOMPARE(batch->value(ids.at(1), SecretKind::AccessToken), std::optional<QString>(tokens.at(1)));
        QCOMPARE(batch->value(ids.at(1), SecretKind::RefreshToken), std::optional<QString>(refresh));
        QCOMPARE(batch->value(ids.at(2), SecretKind::AccessToken), std::optional<QString>(tokens.at(2)));
        QVERIFY(!batch->value(ids.at(2), SecretKind::RefreshToken)); // not stored
        QVERIFY(!batch->value(ids.at(1), SecretKind::Password)); // not asked for
        QVERIFY(!batch->value(ids.at(0), SecretKind::AccessToken)); // not asked for
        QVERIFY(!batch->values.contains(never));

        batch = readAccounts({ never });
        QVERIFY(batch);
        QVERIFY(!batch->status.ok());
        QVERIFY(batch->values.isEmpty());
        // No accounts is no request for everything.
        batch = readAccounts({});
        QVERIFY(batch);
        QVERIFY(!batch->status.ok());
        QVERIFY(batch->values.isEmpty());
        QCOMPARE(store.pendingOperations(), 0);

        for (const QUuid &id : std::as_const(ids))
            QVERIFY(await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); })->ok());
    }

    void probeSucceedsAndCleansUp()
    {
        KeychainSecretStore store(service, u"probe"_s);
        QCOMPARE(store.probeKey(), u"probe/probe"_s);
        auto p = await([&](QObject *c, auto cb) { store.probe(c, cb); });
        QVERIFY(p);
        QVERIFY2(p->ok(), qPrintable(p->message));
        QVERIFY(p->value.isEmpty());
        QVERIFY(!listedEntries().contains(store.probeKey()));
        QCOMPARE(store.backendName(), u"Secret Service"_s);
    }

    void lockedKeyring()
    {
        KeychainSecretStore store(service, u"locked"_s);
        // Without a prompter an unlock request fails at once here; with one
        // it could wait for a user forever, which the timeout bounds.
        store.setTimeout(10000);
        const QUuid id = QUuid::createUuid();
        const QString stored = newSecret(u"before-lock"_s);
        QVERIFY(
            await([&](QObject *c, auto cb) { store.write(id, SecretKind::Password, stored, c, cb); })->ok());

        QVERIFY2(lockLoginCollection(), "could not lock the login collection");
        const auto unlockAgain = qScopeGuard([] { unlockLoginCollection(); });

        const QString secret = newSecret(u"while-locked"_s);
        QElapsedTimer t;
        t.start();
        auto w = await([&](QObject *c, auto cb) { store.write(id, SecretKind::Password, secret, c, cb); });
        auto r = await([&](QObject *c, auto cb) { store.read(id, SecretKind::Password, c, cb); });
        auto p = await([&](QObject *c, auto cb) { store.probe(c, cb); });
        QVERIFY2(t.elapsed() < 45000, "a locked keyring must not hang the store");
        QVERIFY(w && r && p);
        qInfo("locked: write=%s read=%s probe=%s (%s)", errorName(w->error), errorName(r->error),
              errorName(p->error), qPrintable(p->message));
        for (const auto &result : { *w, *r, *p }) {
            QCOMPARE(result.error, SecretError::Locked);
            QCOMPARE(result.message, u"The keyring is locked. Unlock it to use saved credentials."_s);
            QVERIFY(result.value.isEmpty());
            QVERIFY(!result.message.contains(secret) && !result.message.contains(stored));
        }
        // A read of the account's entries at once leaves unlocking to read().
        std::optional<SecretBatch> batch;
        QObject context;
        store.readAccounts({ id }, { SecretKind::Password }, &context,
                           [&](const SecretBatch &b) { batch = b; });
        QTRY_VERIFY_WITH_TIMEOUT(batch.has_value(), 20000);
        QVERIFY(!batch->status.ok());
        QVERIFY(batch->values.isEmpty());

        QVERIFY2(unlockLoginCollection(), "could not unlock the login collection again");
        auto after = await([&](QObject *c, auto cb) { store.read(id, SecretKind::Password, c, cb); });
        QVERIFY(after && after->ok());
        QCOMPARE(after->value, stored); // the failed write did not change it
        QVERIFY(await([&](QObject *c, auto cb) { store.probe(c, cb); })->ok());
        QVERIFY(await([&](QObject *c, auto cb) { store.removeAll(id, c, cb); })->ok());
    }

    // With a prompter that can show a window, libsecret asks the user to
    // unlock and waits for as long as the prompt stays open: only the
    // store's timeout keeps that bounded.
    void lockedWithUnlockPromptTimesOut()
    {
        const QString display = qEnvironmentVariable("DISPLAY");
        if (display.isEmpty())
            QSKIP("needs the harness's X display for the unlock prompt");
        // Lets the D-Bus-activated prompter open its window on the test display.
        run(u"dbus-update-activation-environment"_s, { u"DISPLAY="_s + display });
        const auto restore = qScopeGuard([] {
            run(u"dbus-update-activation-environment"_s, { u"DISPLAY="_s });
            endPrompter();
            unlockLoginCollection();
        });

        KeychainSecretStore store(service, u"prompt"_s);
        store.setTimeout(3000);
        QVERIFY(lockLoginCollection());
        const QString secret = newSecret(u"prompt"_s);
        int calls = 0;
        std::optional<SecretResult> answer;
        QElapsedTimer t;
        t.start();
        QObject context;
        store.write(QUuid::createUuid(), SecretKind::Password, secret, &context, [&](const SecretResult &r) {
            ++calls;
            answer = r;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 15000);
        const qint64 elapsed = t.elapsed();
        // A coarse timer may fire up to 5% early.
        QVERIFY2(elapsed >= 2800 && elapsed < 10000, qPrintable(QString::number(elapsed)));
        QVERIFY2(run(u"xwininfo"_s, { u"-root"_s, u"-tree"_s }).contains(u"Unlock Login Keyring"_s),
                 "the unlock prompt should be showing: otherwise this case proves nothing");
        QCOMPARE(answer->error, SecretError::Other);
        QVERIFY(answer->transient);
        QVERIFY2(answer->message.contains(u"did not answer"_s), qPrintable(answer->message));
        QVERIFY(!answer->message.contains(secret));
        QCOMPARE(store.pendingOperations(), 0);

        // Ending the prompt finishes qtkeychain's job late: not a second answer.
        QVERIFY(endPrompter());
        QTest::qWait(1500);
        QCOMPARE(calls, 1);
        QVERIFY(unlockLoginCollection());
        // qtkeychain runs one job at a time: the queue must be moving again.
        store.setTimeout(KeychainSecretStore::DefaultTimeoutMs);
        auto p = await([&](QObject *c, auto cb) { store.probe(c, cb); });
        QVERIFY(p);
        QVERIFY2(p->ok(), qPrintable(p->message));
    }

    void noBackend()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/tokentray-test-bus"_s);
        child.setProcessEnvironment(env);
        QElapsedTimer t;
        t.start();
        child.start(QCoreApplication::applicationFilePath(), { u"--no-backend-helper"_s });
        QVERIFY(child.waitForStarted(5000));
        const bool finished = child.waitForFinished(30000);
        if (!finished) {
            child.kill();
            child.waitForFinished();
        }
        const QString out = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(finished, "a missing session bus must not hang the store");
        QCOMPARE(child.exitCode(), 0);
        qInfo("no backend after %lld ms: %s", t.elapsed(), qPrintable(out.trimmed()));
        const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        for (const QString &line : lines) {
            const QStringList parts = line.split(u'|');
            QCOMPARE(parts.value(0), u"NoBackend"_s);
            QVERIFY(parts.value(2).contains(u"No keychain service"_s));
        }
    }

    // Last: after everything above, no secret may sit in any file of the
    // throwaway home (a plaintext fallback would put it in ~/.config).
    void noSecretInAnyFile()
    {
        const QString home = qEnvironmentVariable("TOKENTRAY_HARNESS_HOME", QDir::homePath());
        QVERIFY(!m_secretsUsed.isEmpty());
        int scanned = 0;
        QDirIterator it(home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue; // sockets and the like
            const QByteArray content = f.read(64 * 1024 * 1024);
            ++scanned;
            for (const QString &secret : std::as_const(m_secretsUsed))
                QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(u"a secret was found in "_s + path));
        }
        QVERIFY(scanned > 0);
    }
};

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--no-backend-helper") == 0) {
        QCoreApplication app(argc, argv);
        return noBackendHelper();
    }
    QCoreApplication app(argc, argv);
    KeychainSecretStoreTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainsecretstore.moc"
