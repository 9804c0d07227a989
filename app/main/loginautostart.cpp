#include "main/loginautostart.h"

#include "settings/appsettings.h"

LoginAutostart::LoginAutostart(AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    connect(m_settings, &AppSettings::startAtLoginChanged, this, [this](bool on) {
        if (!m_reverting)
            apply(on);
    });
}

Status LoginAutostart::restore()
{
    if (!m_settings->startAtLogin() || !isAvailable())
        return {};
    return m_autostart.enable(m_command);
}

void LoginAutostart::apply(bool on)
{
    if (on && !isAvailable()) {
        m_reverting = true;
        m_settings->setStartAtLogin(false);
        m_reverting = false;
        Q_EMIT problem(tr("The demo never changes your desktop session, so it cannot start at login."));
        return;
    }
    const Status done = on ? m_autostart.enable(m_command) : m_autostart.disable();
    if (done)
        return;
    // Keep the setting truthful: it says what will happen at the next login.
    m_reverting = true;
    m_settings->setStartAtLogin(m_autostart.isEnabled());
    m_reverting = false;
    Q_EMIT problem(done.error());
}
