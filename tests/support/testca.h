#pragma once

#include <QString>
#include <QTemporaryDir>

// A throwaway certificate authority and a server certificate for 127.0.0.1, ::1 and
// localhost, made by tests/support/make-test-ca.sh in a temporary directory that is
// removed with the object. Needs the openssl command-line tool.
//
//     TestCa ca;
//     QVERIFY2(ca.create(), qPrintable(ca.errorString()));
//     api.start({ u"--tls-cert"_s, ca.serverCertificatePath(), u"--tls-key"_s, ca.serverKeyPath() });
//     api.setTrustedCa(ca.caPath());
class TestCa
{
public:
    TestCa();

    bool create();
    QString errorString() const { return m_error; }

    QString caPath() const; // ca.pem: trust this in clients
    QString serverCertificatePath() const; // server.pem
    QString serverKeyPath() const; // server.key
    QString directory() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    QString m_error;
};
