#include "settings/appsettings.h"

#include "platform/corruptfile.h"
#include "settings/settingsfileformat.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QString ClipboardClearKey = u"clipboard/clearSeconds"_s;
const QString RefreshLeadKey = u"sessions/refreshLeadSeconds"_s;
const QString D7LifetimeKey = u"sessions/d7LifetimeSeconds"_s;
const QString StartMinimizedKey = u"desktop/startMinimized"_s;
const QString StartAtLoginKey = u"desktop/startAtLogin"_s;
const QString NotificationsKey = u"desktop/notifications"_s;
const QString HideWhenLockedKey = u"desktop/hideWhenLocked"_s;
const QString CloseNoticeKey = u"desktop/closeToTrayNoticeShown"_s;
const QString ExtraCaKey = u"network/extraCaFile"_s;
const QString ProxyModeKey = u"network/proxyMode"_s;
const QString ProxyHostKey = u"network/proxyHost"_s;
const QString ProxyPortKey = u"network/proxyPort"_s;

std::optional<int> parseInt(const QVariant &value)
{
    bool ok = false;
    const int n = value.toString().trimmed().toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

std::optional<bool> parseBool(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    const QString text = value.toString().trimmed().toLower();
    if (text == u"true" || text == u"1")
        return true;
    if (text == u"false" || text == u"0")
        return false;
    return std::nullopt;
}

QString proxyModeKey(NetworkPolicy::ProxyMode mode)
{
    switch (mode) {
    case NetworkPolicy::ProxyMode::System:
        return u"system"_s;
    case NetworkPolicy::ProxyMode::None:
        return u"none"_s;
    case NetworkPolicy::ProxyMode::Manual:
        return u"manual"_s;
    }
    return u"system"_s;
}

std::optional<NetworkPolicy::ProxyMode> proxyModeFromKey(const QString &key)
{
    if (key == u"system")
        return NetworkPolicy::ProxyMode::System;
    if (key == u"none")
        return NetworkPolicy::ProxyMode::None;
    if (key == u"manual")
        return NetworkPolicy::ProxyMode::Manual;
    return std::nullopt;
}

bool validProxyHost(const QString &host)
{
    if (host.isEmpty() || host.size() > 253)
        return false;
    for (const QChar c : host) {
        if (c.isSpace() || c == u'/' || c == u'@' || c.unicode() < 0x20)
            return false;
    }
    return true;
}

} // namespace

AppSettings::AppSettings(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{
    open();
}

AppSettings::~AppSettings()
{
    if (m_settings)
        m_settings->sync();
}

QString AppSettings::defaultPath()
{
    return pathInConfigDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation));
}

QString AppSettings::pathInConfigDir(const QString &configDir)
{
    return QDir(configDir).filePath(u"settings.ini"_s);
}

void AppSettings::open()
{
    bool corrupt = false;
    QFile file(m_path);
    if (file.exists()) {
        if (file.size() > SettingsFileFormat::MaxFileBytes) {
            corrupt = true;
        } else if (file.open(QIODevice::ReadOnly)) {
            QSettings::SettingsMap values;
            corrupt = !SettingsFileFormat::parse(file.readAll(), values);
            file.close();
        } else {
            m_loadProblem = tr("The settings file %1 could not be read (%2). Default settings are used.")
                                .arg(QDir::toNativeSeparators(m_path), file.errorString());
        }
    }

    QString path = m_path;
    if (corrupt) {
        // Keep the damaged file for the user to inspect instead of letting the
        // next save overwrite it.
        const auto aside = CorruptFile::moveAside(m_path, QDateTime::currentDateTime());
        if (aside) {
            m_loadProblem = tr("The settings file was damaged and has been moved to %1. Default settings "
                               "are used.")
                                .arg(QDir::toNativeSeparators(*aside));
        } else {
            // Never write over it: this run keeps its settings in a scratch file.
            m_scratch = std::make_unique<QTemporaryDir>();
            path = m_scratch->filePath(u"settings.ini"_s);
            m_loadProblem = tr("The settings file %1 is damaged and could not be moved aside (%2). It was "
                               "left untouched: default settings are used, and changes to settings are "
                               "kept only until TokenTray quits.")
                                .arg(QDir::toNativeSeparators(m_path), aside.error());
        }
    }

    QDir().mkpath(QFileInfo(path).absolutePath());
    m_settings = std::make_unique<QSettings>(path, SettingsFileFormat::format());

    const QStringList invalid = invalidKeys();
    if (!invalid.isEmpty() && m_loadProblem.isEmpty()) {
        m_loadProblem = tr("Some settings had unusable values and their defaults are used instead: %1.")
                            .arg(invalid.join(u", "_s));
    }
}

QStringList AppSettings::invalidKeys() const
{
    QStringList invalid;
    const auto checkInt = [&](const QString &key, int min, int max) {
        if (!m_settings->contains(key))
            return;
        const auto n = parseInt(m_settings->value(key));
        if (!n || *n < min || *n > max)
            invalid.append(key);
    };
    const auto checkBool = [&](const QString &key) {
        if (m_settings->contains(key) && !parseBool(m_settings->value(key)))
            invalid.append(key);
    };
    checkInt(ClipboardClearKey, MinClipboardClearSeconds, MaxClipboardClearSeconds);
    checkInt(RefreshLeadKey, MinRefreshLeadSeconds, MaxRefreshLeadSeconds);
    checkInt(D7LifetimeKey, MinD7LifetimeSeconds, MaxD7LifetimeSeconds);
    checkBool(StartMinimizedKey);
    checkBool(StartAtLoginKey);
    checkBool(NotificationsKey);
    checkBool(HideWhenLockedKey);
    checkBool(CloseNoticeKey);
    if (m_settings->contains(ProxyModeKey) && !proxyModeFromKey(m_settings->value(ProxyModeKey).toString()))
        invalid.append(ProxyModeKey);
    return invalid;
}

Status AppSettings::save()
{
    m_settings->sync();
    switch (m_settings->status()) {
    case QSettings::NoError:
        return Status::success();
    case QSettings::AccessError:
        return Status::failure(tr("The settings could not be saved to %1: the file or its folder is not "
                                  "writable.")
                                   .arg(QDir::toNativeSeparators(m_path)));
    case QSettings::FormatError:
        break;
    }
    return Status::failure(
        tr("The settings could not be saved to %1.").arg(QDir::toNativeSeparators(m_path)));
}

int AppSettings::intValue(const QString &key, int fallback, int min, int max) const
{
    const auto n = parseInt(m_settings->value(key));
    if (!n || *n < min || *n > max)
        return fallback;
    return *n;
}

bool AppSettings::boolValue(const QString &key, bool fallback) const
{
    return parseBool(m_settings->value(key)).value_or(fallback);
}

bool AppSettings::storeValue(const QString &key, const QVariant &value)
{
    if (m_settings->contains(key) && m_settings->value(key).toString() == value.toString())
        return false;
    m_settings->setValue(key, value);
    return true;
}

int AppSettings::clipboardClearSeconds() const
{
    return intValue(ClipboardClearKey, DefaultClipboardClearSeconds, MinClipboardClearSeconds,
                    MaxClipboardClearSeconds);
}

void AppSettings::setClipboardClearSeconds(int seconds)
{
    seconds = std::clamp(seconds, MinClipboardClearSeconds, MaxClipboardClearSeconds);
    const int before = clipboardClearSeconds();
    storeValue(ClipboardClearKey, seconds);
    if (before != seconds) {
        Q_EMIT clipboardClearSecondsChanged(seconds);
        Q_EMIT changed();
    }
}

int AppSettings::refreshLeadSeconds() const
{
    return intValue(RefreshLeadKey, DefaultRefreshLeadSeconds, MinRefreshLeadSeconds, MaxRefreshLeadSeconds);
}

void AppSettings::setRefreshLeadSeconds(int seconds)
{
    seconds = std::clamp(seconds, MinRefreshLeadSeconds, MaxRefreshLeadSeconds);
    const int before = refreshLeadSeconds();
    storeValue(RefreshLeadKey, seconds);
    if (before != seconds) {
        Q_EMIT refreshLeadSecondsChanged(seconds);
        Q_EMIT changed();
    }
}

int AppSettings::defaultD7LifetimeSeconds() const
{
    return intValue(D7LifetimeKey, DefaultD7LifetimeSeconds, MinD7LifetimeSeconds, MaxD7LifetimeSeconds);
}

void AppSettings::setDefaultD7LifetimeSeconds(int seconds)
{
    seconds = std::clamp(seconds, MinD7LifetimeSeconds, MaxD7LifetimeSeconds);
    const int before = defaultD7LifetimeSeconds();
    storeValue(D7LifetimeKey, seconds);
    if (before != seconds) {
        Q_EMIT defaultD7LifetimeSecondsChanged(seconds);
        Q_EMIT changed();
    }
}

bool AppSettings::startMinimized() const
{
    return boolValue(StartMinimizedKey, false);
}

void AppSettings::setStartMinimized(bool on)
{
    const bool before = startMinimized();
    storeValue(StartMinimizedKey, on);
    if (before != on) {
        Q_EMIT startMinimizedChanged(on);
        Q_EMIT changed();
    }
}

bool AppSettings::startAtLogin() const
{
    return boolValue(StartAtLoginKey, false);
}

void AppSettings::setStartAtLogin(bool on)
{
    const bool before = startAtLogin();
    storeValue(StartAtLoginKey, on);
    if (before != on) {
        Q_EMIT startAtLoginChanged(on);
        Q_EMIT changed();
    }
}

bool AppSettings::notificationsEnabled() const
{
    return boolValue(NotificationsKey, true);
}

void AppSettings::setNotificationsEnabled(bool on)
{
    const bool before = notificationsEnabled();
    storeValue(NotificationsKey, on);
    if (before != on) {
        Q_EMIT notificationsEnabledChanged(on);
        Q_EMIT changed();
    }
}

bool AppSettings::hideWhenLocked() const
{
    return boolValue(HideWhenLockedKey, true);
}

void AppSettings::setHideWhenLocked(bool on)
{
    const bool before = hideWhenLocked();
    storeValue(HideWhenLockedKey, on);
    if (before != on) {
        Q_EMIT hideWhenLockedChanged(on);
        Q_EMIT changed();
    }
}

QString AppSettings::extraCaFile() const
{
    return m_settings->value(ExtraCaKey).toString();
}

void AppSettings::setExtraCaFile(const QString &path)
{
    const QString before = extraCaFile();
    if (path.isEmpty())
        m_settings->remove(ExtraCaKey);
    else
        storeValue(ExtraCaKey, path);
    if (before != path) {
        Q_EMIT extraCaFileChanged(path);
        Q_EMIT changed();
    }
}

ProxySettings AppSettings::proxy() const
{
    ProxySettings proxy;
    proxy.mode = proxyModeFromKey(m_settings->value(ProxyModeKey).toString())
                     .value_or(NetworkPolicy::ProxyMode::System);
    if (proxy.mode != NetworkPolicy::ProxyMode::Manual)
        return proxy;
    const QString host = m_settings->value(ProxyHostKey).toString().trimmed();
    const int port = intValue(ProxyPortKey, 0, 1, 65535);
    if (!validProxyHost(host) || port == 0)
        return {}; // an unusable manual proxy: fall back to the system's
    proxy.host = host;
    proxy.port = static_cast<quint16>(port);
    return proxy;
}

void AppSettings::setProxy(const ProxySettings &requested)
{
    ProxySettings proxy = requested;
    if (proxy.mode == NetworkPolicy::ProxyMode::Manual) {
        proxy.host = proxy.host.trimmed();
        if (!validProxyHost(proxy.host) || proxy.port == 0)
            proxy = {};
    } else {
        proxy.host.clear();
        proxy.port = 0;
    }
    const ProxySettings before = this->proxy();
    storeValue(ProxyModeKey, proxyModeKey(proxy.mode));
    if (proxy.mode == NetworkPolicy::ProxyMode::Manual) {
        storeValue(ProxyHostKey, proxy.host);
        storeValue(ProxyPortKey, proxy.port);
    } else {
        m_settings->remove(ProxyHostKey);
        m_settings->remove(ProxyPortKey);
    }
    if (!(before == proxy)) {
        Q_EMIT proxyChanged(proxy);
        Q_EMIT changed();
    }
}

bool AppSettings::closeToTrayNoticeShown() const
{
    return boolValue(CloseNoticeKey, false);
}

void AppSettings::setCloseToTrayNoticeShown(bool shown)
{
    storeValue(CloseNoticeKey, shown);
}

void AppSettings::applyDefaults(Account &account) const
{
    account.refreshLeadSeconds = refreshLeadSeconds();
    if (account.provider == Provider::D7)
        account.fallbackLifetimeSeconds = defaultD7LifetimeSeconds();
}
