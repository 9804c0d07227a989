// Settings take effect through DesktopSettings, the Engine and LoginAutostart:
// at start and live, without a restart — the proxy and extra CA on the network policy, the clipboard
// timeout on the guard, notifications on the notifier, and start at login on
// the autostart entry. A setting that cannot be applied is reported and, for
// start at login, switched back so that it stays truthful.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "clipboard/clipboardguard.h"
#include "desktop/desktopsettings.h"
#include "dialogs/settingsdialog.h"
#include "main/engine.h"
#include "main/loginautostart.h"
#include "network/networkpolicy.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "settings/appsettings.h"
#include "settings/autostart.h"
#include "tray/desktopintegration.h"
#include "tray/notifier.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// The engine and window the desktop side is installed on.
struct Fixture
{
    explicit Fixture(const QString &configDir)
        : engine(options(configDir))
        , built(build(engine))
        , guard(QGuiApplication::clipboard(), engine.clock())
    { }

    static bool build(Engine &engine)
    {
        engine.accounts()->load();
        engine.build();
        engine.followSettings();
        return true;
    }

    static Engine::Options options(const QString &configDir)
    {
        Engine::Options o;
        o.configDir = configDir;
        o.memorySecrets = true;
        return o;
    }

    struct Installed
    {
        explicit Installed(Fixture &f)
            : desktop(&f.window, f.engine.sessions(), f.engine.settings())
            , desktopSettings(f.engine.settings(), f.engine.network(), &f.guard, &desktop)
            , autostart(f.engine.settings())
        {
            desktop.setTrayRetry(0, 0);
            // As GuiApplication wires them.
            QObject::connect(&autostart, &LoginAutostart::problem, &desktopSettings,
                             &DesktopSettings::reportProblem);
            QObject::connect(&f.engine, &Engine::settingProblem, &desktopSettings,
                             &DesktopSettings::reportProblem);
            desktopSettings.setAutostartAvailable(autostart.isAvailable());
        }

        Notifier *notifier() const { return desktop.notifier(); }
        void setAutostartCommand(const QStringList &command)
        {
            autostart.setCommand(command);
            desktopSettings.setAutostartAvailable(autostart.isAvailable());
        }
        bool autostartAvailable() const { return autostart.isAvailable(); }
        void openSettings() { desktopSettings.openSettings(); }
        SettingsDialog *settingsDialog() const { return desktopSettings.settingsDialog(); }
        void start(bool minimized)
        {
            if (const Status restored = autostart.restore(); !restored)
                desktop.reportProblem(restored.error());
            desktop.start(minimized);
        }

        DesktopIntegration desktop;
        DesktopSettings desktopSettings;
        LoginAutostart autostart;
    };

    std::unique_ptr<Installed> install() { return std::make_unique<Installed>(*this); }

    Engine engine;
    bool built; // before the references below: they point into the built engine
    AppSettings &settings = *engine.settings();
    NetworkPolicy &network = *engine.network();
    ClipboardGuard guard;
    QMainWindow window;
};

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class DesktopSettingsTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ca;
    int m_run = 0;

    QString freshConfigDir() { return m_dir.filePath(u"config-%1"_s.arg(++m_run)); }

    static QString autostartEntry() { return Autostart::defaultPath(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The autostart entry goes below XDG_CONFIG_HOME: never the real one.
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"xdg"_s).toUtf8());
        QVERIFY(autostartEntry().startsWith(m_dir.path()));

        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (!openssl.isEmpty()) {
            m_ca = m_dir.filePath(u"ca.pem"_s);
            QProcess p;
            p.start(openssl,
                    { u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                      u"-subj"_s, u"/CN=TokenTray Settings Test"_s, u"-keyout"_s, m_dir.filePath(u"ca.key"_s),
                      u"-out"_s, m_ca });
            if (!p.waitForFinished(60000) || p.exitCode() != 0)
                m_ca.clear();
        }
    }

    void storedSettingsApplyAtStart()
    {
        const QString dir = freshConfigDir();
        {
            AppSettings stored(AppSettings::pathInConfigDir(dir));
            stored.setProxy({ NetworkPolicy::ProxyMode::Manual, u"proxy.internal"_s, 3128 });
            stored.setClipboardClearSeconds(12);
            stored.setNotificationsEnabled(false);
            if (!m_ca.isEmpty())
                stored.setExtraCaFile(m_ca);
        }
        Fixture f(dir);
        auto desktop = f.install();
        QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(QNetworkProxy::applicationProxy().hostName(), u"proxy.internal"_s);
        QCOMPARE(QNetworkProxy::applicationProxy().port(), quint16(3128));
        QCOMPARE(f.guard.timeout(), 12);
        QVERIFY(!desktop->notifier()->isEnabled());
        if (!m_ca.isEmpty())
            QCOMPARE(f.network.extraCaFile(), m_ca);
    }

    void changesApplyLive()
    {
        Fixture f(freshConfigDir());
        auto desktop = f.install();
        QVERIFY(QNetworkProxyFactory::usesSystemConfiguration());

        f.settings.setProxy({ NetworkPolicy::ProxyMode::None, {}, 0 });
        QVERIFY(!QNetworkProxyFactory::usesSystemConfiguration());
        QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::NoProxy);
        f.settings.setProxy({ NetworkPolicy::ProxyMode::Manual, u"10.1.2.3"_s, 8080 });
        QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(QNetworkProxy::applicationProxy().port(), quint16(8080));
        f.settings.setProxy({});
        QVERIFY(QNetworkProxyFactory::usesSystemConfiguration());

        f.settings.setClipboardClearSeconds(7);
        QCOMPARE(f.guard.timeout(), 7);
        f.settings.setNotificationsEnabled(false);
        QVERIFY(!desktop->notifier()->isEnabled());
        f.settings.setNotificationsEnabled(true);
        QVERIFY(desktop->notifier()->isEnabled());

        if (m_ca.isEmpty())
            QSKIP("openssl is not available to make a certificate");
        f.settings.setExtraCaFile(m_ca);
        QCOMPARE(f.network.extraCaFile(), m_ca);
        f.settings.setExtraCaFile({});
        QCOMPARE(f.network.extraCaFile(), QString());
    }

    void unusableCaFileIsReported()
    {
        Fixture f(freshConfigDir());
        auto desktop = f.install();
        QSignalSpy problem(&desktop->desktopSettings, &DesktopSettings::settingProblem);
        const QString junk = m_dir.filePath(u"not-a-cert.pem"_s);
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("nothing to see\n");
        file.close();
        f.settings.setExtraCaFile(junk);
        QCOMPARE(problem.count(), 1);
        QVERIFY(problem.first().first().toString().contains(u"CA"_s));
        QCOMPARE(f.network.extraCaFile(), QString());
    }

    void startAtLoginWritesAndRemovesTheEntry()
    {
        QFile::remove(autostartEntry());
        Fixture f(freshConfigDir());
        auto desktop = f.install();
        f.settings.setStartAtLogin(true);
        QVERIFY(QFile::exists(autostartEntry()));
        const QString entry = readFile(autostartEntry());
        QVERIFY2(entry.contains(u"--minimized\n"_s), qPrintable(entry));
        QVERIFY(entry.contains(u"X-GNOME-Autostart-enabled=true"_s));

        f.settings.setStartAtLogin(false);
        QVERIFY(!QFile::exists(autostartEntry()));
    }

    void startAtLoginIsRestoredAtStart()
    {
        // Set in an earlier run, but the entry is gone (or names an old path).
        QFile::remove(autostartEntry());
        const QString dir = freshConfigDir();
        {
            AppSettings stored(AppSettings::pathInConfigDir(dir));
            stored.setStartAtLogin(true);
        }
        Fixture f(dir);
        auto desktop = f.install();
        desktop->start(true);
        QVERIFY(QFile::exists(autostartEntry()));
        QVERIFY(readFile(autostartEntry()).contains(QCoreApplication::applicationFilePath()));
        f.settings.setStartAtLogin(false);
        QVERIFY(!QFile::exists(autostartEntry()));
    }

    void autostartCommandIsTheComposersChoice()
    {
        QFile::remove(autostartEntry());
        const QString dir = freshConfigDir();
        Fixture f(dir);
        auto desktop = f.install();
        desktop->setAutostartCommand(
            { u"/opt/tokentray/bin/tokentray"_s, u"--minimized"_s, u"--config-dir"_s, dir });
        f.settings.setStartAtLogin(true);
        QVERIFY2(readFile(autostartEntry())
                     .contains(u"Exec=/opt/tokentray/bin/tokentray --minimized --config-dir "_s),
                 qPrintable(readFile(autostartEntry())));
        f.settings.setStartAtLogin(false);
        QVERIFY(!QFile::exists(autostartEntry()));
    }

    void demoNeverTouchesTheSession()
    {
        QFile::remove(autostartEntry());
        Fixture f(freshConfigDir());
        auto desktop = f.install();
        desktop->setAutostartCommand({});
        QVERIFY(!desktop->autostartAvailable());
        desktop->openSettings();
        QVERIFY(!desktop->settingsDialog()->findChild<QCheckBox *>(u"startAtLogin"_s)->isEnabled());
        QSignalSpy problem(&desktop->desktopSettings, &DesktopSettings::settingProblem);
        f.settings.setStartAtLogin(true);
        QCOMPARE(problem.count(), 1);
        QCOMPARE(f.settings.startAtLogin(), false);
        QVERIFY(!QFile::exists(autostartEntry()));
        desktop->settingsDialog()->close();
    }

    void failedAutostartIsReportedAndSwitchedBack()
    {
        QFile::remove(autostartEntry());
        // A file where the autostart folder should be: the entry cannot be written.
        const QString autostartDir = QFileInfo(autostartEntry()).absolutePath();
        QDir(autostartDir).removeRecursively();
        QVERIFY(QDir().mkpath(QFileInfo(autostartDir).absolutePath()));
        {
            QFile blocker(autostartDir);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }

        Fixture f(freshConfigDir());
        auto desktop = f.install();
        desktop->openSettings();
        QVERIFY(desktop->settingsDialog());
        QSignalSpy problem(&desktop->desktopSettings, &DesktopSettings::settingProblem);

        f.settings.setStartAtLogin(true);
        QCOMPARE(problem.count(), 1);
        QCOMPARE(f.settings.startAtLogin(), false); // the setting says what will really happen
        auto *banner = desktop->settingsDialog()->findChild<QLabel *>(u"settingsProblem"_s);
        QVERIFY(banner && !banner->isHidden());
        QCOMPARE(banner->text(), problem.first().first().toString());

        desktop->settingsDialog()->close();
        QFile::remove(autostartDir);
    }

    void damagedSettingsFileIsShownAtStart()
    {
        const QString dir = freshConfigDir();
        QVERIFY(QDir().mkpath(dir));
        QFile damaged(AppSettings::pathInConfigDir(dir));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("[clipboard\nclearSeconds=9\n");
        damaged.close();

        Fixture f(dir);
        QVERIFY(!f.settings.loadProblem().isEmpty());
        auto desktop = f.install();
        desktop->start(false);
        // No tray here (offscreen): a non-modal message over the window.
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = f.window.findChild<QMessageBox *>()) != nullptr);
        QVERIFY(box->text().contains(u"moved"_s));
        QVERIFY(!box->isModal() || box->windowModality() != Qt::ApplicationModal);
        QCOMPARE(f.guard.timeout(), AppSettings::DefaultClipboardClearSeconds);
        box->close();
    }
};

QTEST_MAIN(DesktopSettingsTest)
#include "tst_desktopsettings.moc"
