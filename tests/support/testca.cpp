#include "testca.h"

#include <QFileInfo>
#include <QProcess>

using namespace Qt::StringLiterals;

TestCa::TestCa() = default;

bool TestCa::create()
{
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary directory: %1"_s.arg(m_dir.errorString());
        return false;
    }
    QString script = qEnvironmentVariable("TOKENTRAY_MAKE_TEST_CA");
    if (script.isEmpty())
        script = QStringLiteral(TOKENTRAY_MAKE_TEST_CA);

    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"/bin/sh"_s, { script, m_dir.path() });
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = u"%1 failed: %2"_s.arg(script, QString::fromUtf8(process.readAll()).trimmed());
        return false;
    }
    for (const QString &path : { caPath(), serverCertificatePath(), serverKeyPath() }) {
        if (!QFileInfo(path).isFile()) {
            m_error = u"%1 did not create %2"_s.arg(script, path);
            return false;
        }
    }
    return true;
}

QString TestCa::caPath() const
{
    return m_dir.filePath(u"ca.pem"_s);
}

QString TestCa::serverCertificatePath() const
{
    return m_dir.filePath(u"server.pem"_s);
}

QString TestCa::serverKeyPath() const
{
    return m_dir.filePath(u"server.key"_s);
}
