// The identity of a calling process: this process, and the peer of a real
// QLocalServer/QLocalSocket pair in this process (SO_PEERCRED on Linux).
#include "audit/processidentity.h"
#include "ipc/instanceprotocol.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

class TestPeerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void currentProcess();
    void endedProcessHasNoExecutable();
    void peerOfALocalSocket();
};

void TestPeerProcess::currentProcess()
{
    const ProcessIdentity self = ProcessIdentity::current();
    QCOMPARE(self.pid, qint64(::getpid()));
    QCOMPARE(self.uid, qint64(::getuid()));
    QVERIFY(self.isKnown());
    QCOMPARE(QFileInfo(self.executable).canonicalFilePath(),
             QFileInfo(QCoreApplication::applicationFilePath()).canonicalFilePath());
}

void TestPeerProcess::endedProcessHasNoExecutable()
{
    // Above the kernel's largest pid: no such process.
    const ProcessIdentity gone = ProcessIdentity::of(4'194'305, 1000);
    QCOMPARE(gone.pid, 4'194'305);
    QCOMPARE(gone.uid, 1000);
    QVERIFY(gone.executable.isEmpty());
}

void TestPeerProcess::peerOfALocalSocket()
{
#ifndef Q_OS_LINUX
    QSKIP("peer credentials are read on Linux only");
#endif
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QLocalServer server;
    server.setSocketOptions(QLocalServer::UserAccessOption);
    QVERIFY2(server.listen(dir.filePath(u"peer"_s)), qPrintable(server.errorString()));
    QLocalSocket client;
    client.connectToServer(server.fullServerName());
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    QLocalSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);

    const auto peer = InstanceProtocol::peerProcess(*accepted);
    QVERIFY(peer);
    QCOMPARE(peer->pid, qint64(::getpid()));
    QCOMPARE(peer->uid, qint64(::getuid()));
    QCOMPARE(QFileInfo(peer->executable).canonicalFilePath(),
             QFileInfo(QCoreApplication::applicationFilePath()).canonicalFilePath());
    QVERIFY(InstanceProtocol::peerIsSameUser(*accepted));
    // And from the client's side, the server is this process too.
    const auto server_side = InstanceProtocol::peerProcess(client);
    QVERIFY(server_side);
    QCOMPARE(server_side->pid, qint64(::getpid()));

    // A socket that is not connected has no peer.
    QLocalSocket unconnected;
    QVERIFY(!InstanceProtocol::peerProcess(unconnected));
}

QTEST_GUILESS_MAIN(TestPeerProcess)
#include "tst_peerprocess.moc"
