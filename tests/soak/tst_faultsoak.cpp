// A fault soak of the whole window process: the real tokentray under the
// harness desktop and keyring, 100 accounts (50 7G, 50 D7) against the fake
// service with 30-second tokens and 20 % of token requests failing (503,
// 502 pages, 429, dropped connections, slow and truncated replies).
//
// For TOKENTRAY_SOAK_SECONDS (60 by default; `installer/dev.sh soak` runs
// 600) the test samples `tokentray list --json`, answered by the running
// window, once a second. It fails on a crash, on a sample the window did not
// answer, when an account that had signed in held a usable token in less
// than 99.9 % of the samples after that, on a lockout, on two requests in
// flight for one account, or on resident memory that grows beyond noise. The figures go to the test log and,
// when TOKENTRAY_SOAK_REPORT names a file, there as JSON.
#include "fakeapiprocess.h"
#include "ipc/instanceprotocol.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int AccountsPerProvider = 50;

qint64 residentKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestFaultSoak : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_dir;
    QString m_config;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run tokentray(const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 60000)
    {
        QProcess p;
        p.start(m_bin, QStringList { u"--config-dir"_s, m_config } + arguments);
        Run run;
        if (!p.waitForStarted(10000))
            return run;
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return run;
        }
        run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        run.out = p.readAllStandardOutput();
        run.err = p.readAllStandardError();
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TOKENTRAY_HARNESS_INNER"))
            QSKIP("needs the desktop of tests/harness/desktop-session.sh");
        m_bin = qEnvironmentVariable("TOKENTRAY_BIN");
        QVERIFY2(QFileInfo::exists(m_bin), "TOKENTRAY_BIN does not name the tokentray binary");
        QVERIFY(m_dir.isValid());
        m_config = m_dir.filePath(u"config"_s);
    }

    void soak()
    {
        const int seconds = qEnvironmentVariableIsSet("TOKENTRAY_SOAK_SECONDS")
            ? qEnvironmentVariableIntValue("TOKENTRAY_SOAK_SECONDS")
            : 60;
        QVERIFY(seconds >= 10);

        QStringList serverArguments { u"--seveng-ttl"_s, u"30"_s, u"--d7-ttl"_s, u"30"_s, u"--quiet"_s };
        for (int i = 0; i < AccountsPerProvider; ++i) {
            serverArguments << u"--seveng-user"_s << u"soak.user%1:soak-password-%1"_s.arg(i);
            serverArguments << u"--d7-app"_s << u"soak-app-%1:soak-secret-%1"_s.arg(i);
        }
        FakeApiProcess api;
        QVERIFY2(api.start(serverArguments), qPrintable(api.errorString()));

        // The window, with its own configuration; accounts are added through it.
        QProcess window;
        window.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        window.start(m_bin, { u"--config-dir"_s, m_config, u"--minimized"_s });
        QVERIFY(window.waitForStarted(10000));
        // Until the window listens, a command would be carried out headless
        // beside it: wait for its instance socket.
        const auto listening = [this] {
            QLocalSocket probe;
            probe.connectToServer(InstanceProtocol::serverName(m_config));
            return probe.waitForConnected(200);
        };
        QTRY_VERIFY_WITH_TIMEOUT(listening(), 60000);

        const QString base = api.baseUrl().toString();
        for (int i = 0; i < AccountsPerProvider; ++i) {
            const Run seveng = tokentray({ u"add"_s, u"--provider"_s, u"7g"_s, u"--name"_s,
                                           u"soak-7g-%1"_s.arg(i), u"--base-url"_s, base, u"--username"_s,
                                           u"soak.user%1"_s.arg(i), u"--password-stdin"_s },
                                         u"soak-password-%1"_s.arg(i).toUtf8());
            QVERIFY2(seveng.exitCode == 0, seveng.err.constData());
            const Run d7 = tokentray({ u"add"_s, u"--provider"_s, u"d7"_s, u"--name"_s,
                                       u"soak-d7-%1"_s.arg(i), u"--base-url"_s, base, u"--client-id"_s,
                                       u"soak-app-%1"_s.arg(i), u"--secret-stdin"_s },
                                     u"soak-secret-%1"_s.arg(i).toUtf8());
            QVERIFY2(d7.exitCode == 0, d7.err.constData());
        }

        // Faults from here on; every account signs in first.
        const QJsonObject faults { { u"faultRate"_s, 0.2 }, { u"seed"_s, 7 } };
        QCOMPARE(api.control(u"/_control/config"_s, &faults).status, 200);

        QSet<QString> signedIn;
        QHash<QString, int> validSamples;
        QHash<QString, int> samplesAfterSignIn;
        QHash<QString, QStringList>
            gaps; // "state at second" whenever a signed-in account had no usable token
        int samples = 0;
        int failedSamples = 0;
        QStringList failures; // what the command line said when a list failed
        qint64 rssStart = -1;
        qint64 rssPeak = 0;
        QElapsedTimer clock;
        clock.start();
        const qint64 warmupMs = 10'000;
        while (clock.elapsed() < warmupMs + seconds * 1000LL) {
            QVERIFY2(window.state() == QProcess::Running, "the window process ended during the soak");
            const Run list = tokentray({ u"list"_s, u"--json"_s }, {}, 10000);
            if (list.exitCode != 0) {
                ++failedSamples;
                failures.append(u"exit %1 at %2s: %3"_s.arg(list.exitCode)
                                    .arg(clock.elapsed() / 1000)
                                    .arg(QString::fromUtf8(list.err.trimmed().left(200))));
            } else {
                const QJsonArray accounts = QJsonDocument::fromJson(list.out).array();
                const bool measuring = clock.elapsed() >= warmupMs;
                if (measuring)
                    ++samples;
                for (const QJsonValue &value : accounts) {
                    const QJsonObject account = value.toObject();
                    const QString name = account.value(u"name"_s).toString();
                    const bool usable = account.value(u"secondsLeft"_s).toInt() > 0;
                    if (usable)
                        signedIn.insert(name);
                    if (measuring && signedIn.contains(name)) {
                        ++samplesAfterSignIn[name];
                        if (usable)
                            ++validSamples[name];
                        else
                            gaps[name].append(u"%1@%2s"_s.arg(account.value(u"state"_s).toString())
                                                  .arg((clock.elapsed() - warmupMs) / 1000));
                    }
                }
                if (measuring) {
                    const qint64 rss = residentKiB(window.processId());
                    if (rssStart < 0)
                        rssStart = rss;
                    rssPeak = std::max(rssPeak, rss);
                }
            }
            QTest::qWait(1000);
        }

        const QJsonObject counters = api.counters();
        double worst = 1.0;
        QString worstName;
        for (auto it = samplesAfterSignIn.cbegin(); it != samplesAfterSignIn.cend(); ++it) {
            const double share = double(validSamples.value(it.key())) / double(it.value());
            if (share < worst) {
                worst = share;
                worstName = it.key();
            }
        }
        qint64 validTotal = 0;
        qint64 sampleTotal = 0;
        for (auto it = samplesAfterSignIn.cbegin(); it != samplesAfterSignIn.cend(); ++it) {
            validTotal += validSamples.value(it.key());
            sampleTotal += it.value();
        }
        const double overall = sampleTotal > 0 ? double(validTotal) / double(sampleTotal) : 0.0;
        const qint64 rssEnd = residentKiB(window.processId());
        const QJsonObject report {
            { u"seconds"_s, seconds },
            { u"accounts"_s, 2 * AccountsPerProvider },
            { u"signedIn"_s, int(signedIn.size()) },
            { u"samples"_s, samples },
            { u"failedSamples"_s, failedSamples },
            { u"worstValidShare"_s, worst },
            { u"overallValidShare"_s, overall },
            { u"worstAccount"_s, worstName },
            { u"worstAccountGaps"_s, gaps.value(worstName).join(u' ') },
            { u"accountsWithGaps"_s, int(gaps.size()) },
            { u"faultsInjected"_s, counters.value(u"faultsInjected"_s) },
            { u"logins"_s, counters.value(u"logins"_s) },
            { u"refreshes"_s, counters.value(u"refreshes"_s) },
            { u"d7Logins"_s, counters.value(u"d7Logins"_s) },
            { u"lockouts"_s, counters.value(u"lockouts"_s) },
            { u"maxConcurrentPerAccount"_s, counters.value(u"maxConcurrentPerAccount"_s) },
            { u"rssStartKiB"_s, rssStart },
            { u"rssPeakKiB"_s, rssPeak },
            { u"rssEndKiB"_s, rssEnd },
            { u"failedSampleErrors"_s, QJsonArray::fromStringList(failures) },
        };
        const QByteArray json = QJsonDocument(report).toJson(QJsonDocument::Compact);
        qInfo("soak: %s", json.constData());
        if (const QString path = qEnvironmentVariable("TOKENTRAY_SOAK_REPORT"); !path.isEmpty()) {
            QFile out(path);
            if (out.open(QIODevice::WriteOnly))
                out.write(json + '\n');
        }

        // The clean quit path, then the verdicts.
        QVERIFY(tokentray({ u"list"_s }).exitCode == 0);
        window.terminate();
        if (!window.waitForFinished(15000))
            window.kill();

        QCOMPARE(int(signedIn.size()), 2 * AccountsPerProvider);
        QVERIFY2(counters.value(u"faultsInjected"_s).toInt() > 0, "no fault was injected");
        QCOMPARE(counters.value(u"lockouts"_s).toInt(), 0);
        QVERIFY2(counters.value(u"maxConcurrentPerAccount"_s).toInt() <= 1,
                 "two token requests were in flight for one account");
        QVERIFY2(failedSamples == 0,
                 qPrintable(u"the running window did not answer every list: "_s + failures.join(u"; "_s)));
        // Every account that had signed in held a usable token in at least
        // 99.9 % of the samples after that: in the 60-second run, in every
        // sample. Renewals at half a 30-second token's life, with retries at
        // most a quarter of the time left apart, allow eight failures in a
        // row before a token lapses.
        QVERIFY2(overall >= 0.999, qPrintable(u"usable tokens in %1 % of the samples"_s.arg(overall * 100)));
        QVERIFY2(worst >= 0.999,
                 qPrintable(u"%1 held a usable token %2 % of the time (no token: %3)"_s.arg(worstName)
                                .arg(worst * 100)
                                .arg(gaps.value(worstName).join(u' '))));
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer keeps freed memory in quarantine, so resident
        // memory says nothing there; LeakSanitizer checks for leaks instead.
        Q_UNUSED(rssEnd)
#else
        // Noise: allocator and font caches settle; a leak of one token per
        // renewal would be well past this.
        QVERIFY2(rssEnd - rssStart < 10 * 1024,
                 qPrintable(u"resident memory grew from %1 to %2 KiB"_s.arg(rssStart).arg(rssEnd)));
#endif
    }
};

QTEST_GUILESS_MAIN(TestFaultSoak)
#include "tst_faultsoak.moc"
