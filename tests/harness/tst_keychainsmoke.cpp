// Proves the test desktop is real: a secret goes through qtkeychain into the
// Secret Service of the harness's gnome-keyring, is visible from the shell
// with secret-tool, and is gone after deletion.
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

class KeychainSmokeTest : public QObject
{
    Q_OBJECT

private:
    const QString m_service = u"tokentray-harness-smoke"_s;
    const QString m_key = u"smoke-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);

    static QString secretToolSearch(const QString &service)
    {
        QProcess p;
        p.start(u"secret-tool"_s, { u"search"_s, u"--all"_s, u"server"_s, service });
        if (!p.waitForFinished(20000))
            return u"<secret-tool timed out>"_s;
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }

    template<typename Job> static void runJob(Job &job)
    {
        QSignalSpy done(&job, &QKeychain::Job::finished);
        job.start();
        QVERIFY2(done.wait(20000), "keychain job did not finish");
        QVERIFY2(job.error() == QKeychain::NoError, qPrintable(job.errorString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("not inside tests/harness/desktop-session.sh: refusing to touch the user's keyring");
    }

    void roundTrip()
    {
        const QString secret = u"smoke-secret-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);

        QKeychain::WritePasswordJob write(m_service);
        write.setAutoDelete(false);
        write.setInsecureFallback(false);
        write.setKey(m_key);
        write.setTextData(secret);
        runJob(write);

        QKeychain::ReadPasswordJob read(m_service);
        read.setAutoDelete(false);
        read.setKey(m_key);
        runJob(read);
        QCOMPARE(read.textData(), secret);

        const QString listed = secretToolSearch(m_service);
        QVERIFY2(listed.contains(m_key), qPrintable(u"secret-tool did not list the entry: "_s + listed));

        QKeychain::DeletePasswordJob del(m_service);
        del.setAutoDelete(false);
        del.setKey(m_key);
        runJob(del);

        QVERIFY(!secretToolSearch(m_service).contains(m_key));

        QKeychain::ReadPasswordJob again(m_service);
        again.setAutoDelete(false);
        again.setKey(m_key);
        QSignalSpy done(&again, &QKeychain::Job::finished);
        again.start();
        QVERIFY(done.wait(20000));
        QCOMPARE(again.error(), QKeychain::EntryNotFound);
    }
};

QTEST_GUILESS_MAIN(KeychainSmokeTest)
#include "tst_keychainsmoke.moc"
