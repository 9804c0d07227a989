// MemorySecretStore behaves like an asynchronous keychain: answers come from
// the event loop, never from inside the call, and are dropped with their context.
#include "secrets/memorysecretstore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// Collects answers; `calls` counts them so a double answer is caught.
struct Recorder
{
    int calls = 0;
    SecretResult last;
    SecretStore::Callback callback()
    {
        return [this](const SecretResult &r) {
            ++calls;
            last = r;
        };
    }
};
} // namespace

class MemorySecretStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindKeys()
    {
        QCOMPARE(secretKindKey(SecretKind::Password), u"password"_s);
        QCOMPARE(secretKindKey(SecretKind::ClientSecret), u"client-secret"_s);
        QCOMPARE(secretKindKey(SecretKind::RefreshToken), u"refresh-token"_s);
        QCOMPARE(secretKindKey(SecretKind::AccessToken), u"access-token"_s);
    }

    void answersAreNeverSynchronous()
    {
        MemorySecretStore store;
        QObject context;
        const QUuid id = QUuid::createUuid();
        Recorder w, r, d, p;

        store.write(id, SecretKind::Password, u"s3cret"_s, &context, w.callback());
        QCOMPARE(w.calls, 0);
        QCOMPARE(store.pendingOperations(), 1);
        store.read(id, SecretKind::Password, &context, r.callback());
        store.remove(id, SecretKind::Password, &context, d.callback());
        store.probe(&context, p.callback());
        QCOMPARE(r.calls + d.calls + p.calls, 0);
        QCOMPARE(store.pendingOperations(), 4);

        QTRY_COMPARE(store.pendingOperations(), 0);
        QCOMPARE(w.calls, 1);
        QVERIFY(w.last.ok());
        QCOMPARE(r.calls, 1);
        QVERIFY(r.last.ok());
        QCOMPARE(r.last.value, u"s3cret"_s);
        QCOMPARE(d.calls, 1);
        QVERIFY(d.last.ok());
        QCOMPARE(p.calls, 1);
        QVERIFY(p.last.ok());
        QVERIFY(!store.storedValue(id, SecretKind::Password));
    }

    void readMissingIsNotFound()
    {
        MemorySecretStore store;
        Recorder r, d;
        store.read(QUuid::createUuid(), SecretKind::RefreshToken, &store, r.callback());
        store.remove(QUuid::createUuid(), SecretKind::RefreshToken, &store, d.callback());
        QTRY_COMPARE(r.calls, 1);
        QTRY_COMPARE(d.calls, 1);
        QCOMPARE(r.last.error, SecretError::NotFound);
        QVERIFY(r.last.value.isEmpty());
        QVERIFY(!r.last.message.isEmpty());
        QCOMPARE(d.last.error, SecretError::NotFound);
    }

    void kindsAndAccountsAreSeparate()
    {
        MemorySecretStore store;
        const QUuid a = QUuid::createUuid(), b = QUuid::createUuid();
        store.write(a, SecretKind::Password, u"pa"_s, nullptr, {});
        store.write(a, SecretKind::RefreshToken, u"ra"_s, nullptr, {});
        store.write(b, SecretKind::Password, u"pb"_s, nullptr, {});
        QCOMPARE(store.entryCount(), 3);
        QCOMPARE(store.storedValue(a, SecretKind::Password).value_or(QString()), u"pa"_s);
        QCOMPARE(store.storedValue(a, SecretKind::RefreshToken).value_or(QString()), u"ra"_s);
        QCOMPARE(store.storedValue(b, SecretKind::Password).value_or(QString()), u"pb"_s);
        QVERIFY(!store.storedValue(b, SecretKind::RefreshToken));
        QTRY_COMPARE(store.pendingOperations(), 0);
    }

    void destroyedContextDropsTheAnswer()
    {
        MemorySecretStore store;
        store.setLatency(20);
        auto context = std::make_unique<QObject>();
        Recorder r;
        store.write(QUuid::createUuid(), SecretKind::Password, u"x"_s, context.get(), r.callback());
        context.reset();
        QTRY_COMPARE(store.pendingOperations(), 0);
        QTest::qWait(50);
        QCOMPARE(r.calls, 0);
    }

    void nullContextStillAnswers()
    {
        MemorySecretStore store;
        Recorder r;
        store.probe(nullptr, r.callback());
        QCOMPARE(r.calls, 0);
        QTRY_COMPARE(r.calls, 1);
        QVERIFY(r.last.ok());
    }

    void latencyDelaysTheAnswer()
    {
        MemorySecretStore store;
        store.setLatency(150);
        Recorder r;
        QElapsedTimer t;
        t.start();
        store.probe(&store, r.callback());
        QTRY_COMPARE(r.calls, 1);
        QVERIFY2(t.elapsed() >= 140, qPrintable(QString::number(t.elapsed())));
    }

    void removeAllRemovesEveryKind()
    {
        MemorySecretStore store;
        const QUuid id = QUuid::createUuid(), other = QUuid::createUuid();
        store.write(id, SecretKind::Password, u"p"_s, nullptr, {});
        store.write(id, SecretKind::RefreshToken, u"r"_s, nullptr, {});
        store.write(id, SecretKind::AccessToken, u"a"_s, nullptr, {});
        store.write(other, SecretKind::Password, u"keep"_s, nullptr, {});
        Recorder done;
        store.removeAll(id, &store, done.callback());
        QCOMPARE(done.calls, 0);
        QTRY_COMPARE(done.calls, 1);
        // ClientSecret was never stored: NotFound is not an error here.
        QVERIFY2(done.last.ok(), qPrintable(done.last.message));
        QCOMPARE(store.entryCount(), 1);
        QCOMPARE(store.storedValue(other, SecretKind::Password).value_or(QString()), u"keep"_s);
        QTest::qWait(20);
        QCOMPARE(done.calls, 1);
        QCOMPARE(store.pendingOperations(), 0);
    }

    void removeAllReportsTheFirstRealError()
    {
        MemorySecretStore store;
        const QUuid id = QUuid::createUuid();
        store.write(id, SecretKind::Password, u"p"_s, nullptr, {});
        store.write(id, SecretKind::AccessToken, u"a"_s, nullptr, {});
        QTRY_COMPARE(store.pendingOperations(), 0);
        // The first remove fails as a locked keyring; the rest go on.
        store.setFailure(SecretError::Locked, u"locked for the test"_s, 1);
        Recorder done;
        store.removeAll(id, &store, done.callback());
        QTRY_COMPARE(done.calls, 1);
        QCOMPARE(done.last.error, SecretError::Locked);
        QCOMPARE(done.last.message, u"locked for the test"_s);
        QVERIFY(store.storedValue(id, SecretKind::Password)); // the failed one stays
        QVERIFY(!store.storedValue(id, SecretKind::AccessToken));
        QCOMPARE(store.operationCount(), 2 + 5); // two writes, one removal per kind
    }

    void removeAllFinishesWithoutTheCaller()
    {
        MemorySecretStore store;
        store.setLatency(10);
        const QUuid id = QUuid::createUuid();
        store.write(id, SecretKind::Password, u"p"_s, nullptr, {});
        store.write(id, SecretKind::RefreshToken, u"r"_s, nullptr, {});
        auto context = std::make_unique<QObject>();
        Recorder done;
        store.removeAll(id, context.get(), done.callback());
        QTest::qWait(15);
        context.reset();
        QTRY_COMPARE(store.entryCount(), 0);
        QTRY_COMPARE(store.pendingOperations(), 0);
        QTest::qWait(30);
        QCOMPARE(done.calls, 0);
    }

    void failureKnob_data()
    {
        QTest::addColumn<SecretError>("error");
        QTest::newRow("no backend") << SecretError::NoBackend;
        QTest::newRow("locked") << SecretError::Locked;
        QTest::newRow("access denied") << SecretError::AccessDenied;
        QTest::newRow("other") << SecretError::Other;
    }

    void failureKnob()
    {
        QFETCH(SecretError, error);
        MemorySecretStore store;
        const QUuid id = QUuid::createUuid();
        store.write(id, SecretKind::Password, u"before"_s, nullptr, {});
        store.setFailure(error);

        Recorder w, r, p;
        store.write(id, SecretKind::Password, u"after"_s, &store, w.callback());
        store.read(id, SecretKind::Password, &store, r.callback());
        store.probe(&store, p.callback());
        QTRY_COMPARE(p.calls, 1);
        for (const Recorder *rec : { &w, &r, &p }) {
            QCOMPARE(rec->calls, 1);
            QCOMPARE(rec->last.error, error);
            QVERIFY(!rec->last.message.isEmpty());
            QVERIFY(rec->last.value.isEmpty());
        }
        // A failed write changes nothing.
        QCOMPARE(store.storedValue(id, SecretKind::Password).value_or(QString()), u"before"_s);

        store.clearFailure();
        Recorder again;
        store.read(id, SecretKind::Password, &store, again.callback());
        QTRY_COMPARE(again.calls, 1);
        QVERIFY(again.last.ok());
        QCOMPARE(again.last.value, u"before"_s);
    }

    void failureCountRunsOut()
    {
        MemorySecretStore store;
        store.setFailure(SecretError::Other, {}, 1);
        Recorder first, second;
        store.probe(&store, first.callback());
        store.probe(&store, second.callback());
        QTRY_COMPARE(second.calls, 1);
        QCOMPARE(first.last.error, SecretError::Other);
        QVERIFY(second.last.ok());
    }

    void backendName() { QCOMPARE(MemorySecretStore().backendName(), u"in-memory (demo)"_s); }
};

QTEST_GUILESS_MAIN(MemorySecretStoreTest)
#include "tst_memorysecretstore.moc"
