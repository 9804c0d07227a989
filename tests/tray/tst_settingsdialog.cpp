#include "dialogs/settingsdialog.h"
#include "network/networkpolicy.h"
#include "settings/appsettings.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class SettingsDialogTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_settingsPath;
    QNetworkAccessManager m_nam;

    template<typename T> static T *child(QWidget &dialog, const QString &name)
    {
        T *w = dialog.findChild<T *>(name);
        if (!w)
            qFatal("no child %s", qPrintable(name));
        return w;
    }

    QString makeCaFile()
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            return {};
        const QString cert = m_dir.filePath(u"extra-ca.pem"_s);
        QProcess p;
        p.start(openssl,
                { u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                  u"-subj"_s, u"/CN=TokenTray Test CA"_s, u"-keyout"_s, m_dir.filePath(u"ca.key"_s),
                  u"-out"_s, cert });
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return {};
        return cert;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settingsPath = AppSettings::pathInConfigDir(m_dir.path());
    }

    void init() { QFile::remove(m_settingsPath); }

    void showsStoredValues()
    {
        {
            AppSettings s(m_settingsPath);
            s.setClipboardClearSeconds(45);
            s.setRefreshLeadSeconds(90);
            s.setDefaultD7LifetimeSeconds(30 * 60);
            s.setStartMinimized(true);
            s.setNotificationsEnabled(false);
            s.setHideWhenLocked(false);
            s.setProxy({ NetworkPolicy::ProxyMode::Manual, u"proxy.internal"_s, 8080 });
        }
        AppSettings settings(m_settingsPath);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        QCOMPARE(child<QSpinBox>(dialog, u"clipboardSeconds"_s)->value(), 45);
        QCOMPARE(child<QSpinBox>(dialog, u"refreshLead"_s)->value(), 90);
        QCOMPARE(child<QSpinBox>(dialog, u"d7Lifetime"_s)->value(), 30);
        QCOMPARE(child<QCheckBox>(dialog, u"startMinimized"_s)->isChecked(), true);
        QCOMPARE(child<QCheckBox>(dialog, u"startAtLogin"_s)->isChecked(), false);
        QCOMPARE(child<QCheckBox>(dialog, u"notifications"_s)->isChecked(), false);
        QCOMPARE(child<QCheckBox>(dialog, u"hideWhenLocked"_s)->isChecked(), false);
        QVERIFY(child<QRadioButton>(dialog, u"proxyManual"_s)->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, u"proxyHost"_s)->text(), u"proxy.internal"_s);
        QCOMPARE(child<QSpinBox>(dialog, u"proxyPort"_s)->value(), 8080);
        QVERIFY(child<QLineEdit>(dialog, u"proxyHost"_s)->isEnabled());
    }

    void changesAreStoredAtOnce()
    {
        AppSettings settings(m_settingsPath);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        QSignalSpy clip(&settings, &AppSettings::clipboardClearSecondsChanged);

        child<QSpinBox>(dialog, u"clipboardSeconds"_s)->setValue(12);
        QCOMPARE(settings.clipboardClearSeconds(), 12);
        QCOMPARE(clip.count(), 1);
        child<QSpinBox>(dialog, u"refreshLead"_s)->setValue(120);
        QCOMPARE(settings.refreshLeadSeconds(), 120);
        child<QSpinBox>(dialog, u"d7Lifetime"_s)->setValue(45);
        QCOMPARE(settings.defaultD7LifetimeSeconds(), 45 * 60);
        child<QCheckBox>(dialog, u"startAtLogin"_s)->setChecked(true);
        QCOMPARE(settings.startAtLogin(), true);
        child<QCheckBox>(dialog, u"notifications"_s)->setChecked(false);
        QCOMPARE(settings.notificationsEnabled(), false);
        auto *hide = child<QCheckBox>(dialog, u"hideWhenLocked"_s);
        QVERIFY(hide->isChecked()); // on by default
        hide->setChecked(false);
        QCOMPARE(settings.hideWhenLocked(), false);

        // Stored in the file: a fresh AppSettings sees it.
        QVERIFY(settings.save());
        AppSettings reread(m_settingsPath);
        QCOMPARE(reread.clipboardClearSeconds(), 12);
        QCOMPARE(reread.startAtLogin(), true);
        QCOMPARE(reread.hideWhenLocked(), false);
    }

    void followsOutsideChanges()
    {
        AppSettings settings(m_settingsPath);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        auto *login = child<QCheckBox>(dialog, u"startAtLogin"_s);
        login->setChecked(true);
        // Whoever applies it switches it back off (say, the entry could not be written).
        settings.setStartAtLogin(false);
        QCOMPARE(login->isChecked(), false);
        dialog.showProblem(u"The autostart entry could not be written."_s);
        QVERIFY(!child<QLabel>(dialog, u"settingsProblem"_s)->isHidden());
        dialog.showProblem({});
        QVERIFY(child<QLabel>(dialog, u"settingsProblem"_s)->isHidden());
    }

    void manualProxyIsStoredOnlyWhenComplete()
    {
        AppSettings settings(m_settingsPath);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        QSignalSpy proxyChanged(&settings, &AppSettings::proxyChanged);

        auto *manual = child<QRadioButton>(dialog, u"proxyManual"_s);
        auto *host = child<QLineEdit>(dialog, u"proxyHost"_s);
        auto *port = child<QSpinBox>(dialog, u"proxyPort"_s);
        auto *hint = child<QLabel>(dialog, u"proxyHint"_s);

        manual->setChecked(true);
        QCOMPARE(proxyChanged.count(), 0);
        QCOMPARE(settings.proxy().mode, NetworkPolicy::ProxyMode::System);
        QVERIFY(!hint->isHidden());

        host->setText(u"http://proxy.internal:3128/"_s);
        Q_EMIT host->editingFinished();
        QCOMPARE(proxyChanged.count(), 0);
        QVERIFY(hint->text().contains(u"http://"_s));

        host->setText(u"proxy.internal"_s);
        port->setValue(3129);
        QCOMPARE(proxyChanged.count(), 1);
        const ProxySettings expected { NetworkPolicy::ProxyMode::Manual, u"proxy.internal"_s, 3129 };
        QVERIFY(settings.proxy() == expected);
        QVERIFY(hint->isHidden());

        // Another setting changing leaves an unfinished manual entry alone.
        host->setText(u"half-typed"_s);
        child<QCheckBox>(dialog, u"startMinimized"_s)->setChecked(true);
        QCOMPARE(host->text(), u"half-typed"_s);

        child<QRadioButton>(dialog, u"proxyNone"_s)->setChecked(true);
        QCOMPARE(settings.proxy().mode, NetworkPolicy::ProxyMode::None);
        QVERIFY(!host->isEnabled());
    }

    void caFileIsValidatedWhenChosen()
    {
        AppSettings settings(m_settingsPath);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        auto *result = child<QLabel>(dialog, u"caResult"_s);
        auto *field = child<QLineEdit>(dialog, u"caFile"_s);

        // Not a certificate: refused, shown inline, nothing stored or trusted.
        const QString junk = m_dir.filePath(u"junk.pem"_s);
        {
            QFile f(junk);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("<html>not a certificate</html>\n");
        }
        dialog.chooseCaFile(junk);
        QVERIFY(!result->isHidden());
        QVERIFY(!result->text().isEmpty());
        QCOMPARE(settings.extraCaFile(), QString());
        QCOMPARE(network.extraCaFile(), QString());
        QCOMPARE(field->text(), QString());

        dialog.chooseCaFile(m_dir.filePath(u"missing.pem"_s));
        QCOMPARE(settings.extraCaFile(), QString());

        const QString ca = makeCaFile();
        if (ca.isEmpty())
            QSKIP("openssl is not available to make a certificate");
        dialog.chooseCaFile(ca);
        QCOMPARE(settings.extraCaFile(), ca);
        QCOMPARE(network.extraCaFile(), ca);
        QCOMPARE(field->text(), QDir::toNativeSeparators(ca));
        QVERIFY(child<QPushButton>(dialog, u"caRemove"_s)->isEnabled());

        QTest::mouseClick(child<QPushButton>(dialog, u"caRemove"_s), Qt::LeftButton);
        QCOMPARE(settings.extraCaFile(), QString());
        QCOMPARE(network.extraCaFile(), QString());
        QCOMPARE(field->text(), QString());
    }

    void screenshot()
    {
        const QByteArray dir = qgetenv("TOKENTRAY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set TOKENTRAY_SCREENSHOT_DIR to save a picture of the dialog");
        AppSettings settings(m_settingsPath);
        settings.setProxy({ NetworkPolicy::ProxyMode::Manual, u"proxy.example.com"_s, 3128 });
        settings.setStartAtLogin(true);
        NetworkPolicy network(&m_nam);
        SettingsDialog dialog(&settings, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::qWait(200);
        QVERIFY(dialog.grab().save(QString::fromLocal8Bit(dir) + u"/settings-dialog.png"_s));
    }
};

QTEST_MAIN(SettingsDialogTest)
#include "tst_settingsdialog.moc"
