#pragma once

#include "accounts/account.h"
#include "base/result.h"
#include "network/networkpolicy.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;
class QTemporaryDir;

// How the application reaches the token services.
struct ProxySettings
{
    NetworkPolicy::ProxyMode mode = NetworkPolicy::ProxyMode::System;
    QString host; // Manual only
    quint16 port = 0; // Manual only

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};

// The user's preferences, in an INI file next to the accounts file
// (<config dir>/settings.ini, in SettingsFileFormat). Never holds a secret. Every setter stores at
// once (QSettings writes the file shortly after) and emits its change signal
// only when the value really changed, so listeners can apply it live.
//
// A file that cannot be parsed is moved aside and reported through
// loadProblem(); an unusable value falls back to its default.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultClipboardClearSeconds = 30;
    static constexpr int MinClipboardClearSeconds = 5;
    static constexpr int MaxClipboardClearSeconds = 3600;
    static constexpr int DefaultRefreshLeadSeconds = 60;
    static constexpr int MinRefreshLeadSeconds = 10;
    static constexpr int MaxRefreshLeadSeconds = 1800;
    static constexpr int DefaultD7LifetimeSeconds = 60 * 60; // as Account::create(Provider::D7)
    static constexpr int MinD7LifetimeSeconds = 60;
    static constexpr int MaxD7LifetimeSeconds = 7 * 24 * 3600;

    // path: the settings file, e.g. pathInConfigDir(dir).
    explicit AppSettings(const QString &path, QObject *parent = nullptr);
    ~AppSettings() override;

    // <AppConfigLocation>/settings.ini: beside AccountStore::defaultPath().
    static QString defaultPath();
    // The settings file inside a config directory given with --config-dir.
    static QString pathInConfigDir(const QString &configDir);

    QString path() const { return m_path; }
    // A human sentence about the last load problem (file moved aside, values
    // replaced by defaults); empty when the file was fine or absent.
    QString loadProblem() const { return m_loadProblem; }

    // Writes pending changes to disk now and reports a failure to do so.
    Status save();

    int clipboardClearSeconds() const;
    void setClipboardClearSeconds(int seconds);

    // Default for new accounts: renew this long before the token expires.
    int refreshLeadSeconds() const;
    void setRefreshLeadSeconds(int seconds);

    // Default for new D7 applications whose token carries no expiry.
    int defaultD7LifetimeSeconds() const;
    void setDefaultD7LifetimeSeconds(int seconds);

    bool startMinimized() const;
    void setStartMinimized(bool on);

    bool startAtLogin() const;
    void setStartAtLogin(bool on);

    bool notificationsEnabled() const;
    void setNotificationsEnabled(bool on);

    // While the desktop session is locked, the window hides logins and
    // tokens until it is unlocked. On unless turned off.
    bool hideWhenLocked() const;
    void setHideWhenLocked(bool on);

    // Empty: trust the system store only.
    QString extraCaFile() const;
    void setExtraCaFile(const QString &path);

    ProxySettings proxy() const;
    // A manual proxy without a host or port is stored as System.
    void setProxy(const ProxySettings &proxy);

    // The "still running in the tray" notice is shown once per user.
    bool closeToTrayNoticeShown() const;
    void setCloseToTrayNoticeShown(bool shown);

    // Fills a freshly created account with the user's defaults (refresh lead,
    // D7 lifetime). For the add dialog and the command line's add.
    void applyDefaults(Account &account) const;

    // The underlying store, for other non-secret UI state (window geometry)
    // that wants to live in the same file under its own group.
    QSettings *store() const { return m_settings.get(); }

Q_SIGNALS:
    void clipboardClearSecondsChanged(int seconds);
    void refreshLeadSecondsChanged(int seconds);
    void defaultD7LifetimeSecondsChanged(int seconds);
    void startMinimizedChanged(bool on);
    void startAtLoginChanged(bool on);
    void notificationsEnabledChanged(bool on);
    void hideWhenLockedChanged(bool on);
    void extraCaFileChanged(const QString &path);
    void proxyChanged(const ProxySettings &proxy);
    // After any of the above.
    void changed();

private:
    void open();
    // Values outside their range or of the wrong type read as the fallback.
    int intValue(const QString &key, int fallback, int min, int max) const;
    bool boolValue(const QString &key, bool fallback) const;
    // Stores value; true when it differs from what was stored.
    bool storeValue(const QString &key, const QVariant &value);
    // Names of stored values that are present but unusable.
    QStringList invalidKeys() const;

    QString m_path;
    std::unique_ptr<QTemporaryDir> m_scratch; // holds this run's settings when the file is damaged
    std::unique_ptr<QSettings> m_settings;
    QString m_loadProblem;
};
