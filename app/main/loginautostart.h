#pragma once

#include "settings/autostart.h"

#include <QObject>
#include <QStringList>

class AppSettings;

// Keeps the login autostart entry in step with the "start at login" setting,
// and the setting truthful when the entry cannot be written.
class LoginAutostart : public QObject
{
    Q_OBJECT
public:
    explicit LoginAutostart(AppSettings *settings, QObject *parent = nullptr);

    // The command the entry runs; Autostart::defaultCommand() unless set. Add
    // "--config-dir DIR" for a configuration of its own; an empty command (the
    // demo) makes start at login unavailable, so that the user's real session
    // is never changed from there.
    void setCommand(const QStringList &command) { m_command = command; }
    QStringList command() const { return m_command; }
    bool isAvailable() const { return !m_command.isEmpty(); }

    // Rewrites the entry when the setting is on, so that it follows the
    // program if it moved. A failure is returned but keeps the setting: the
    // old entry may still work, and the user did ask for it.
    Status restore();

Q_SIGNALS:
    // The entry could not be changed as the setting asked; the setting has
    // been switched back.
    void problem(const QString &message);

private:
    void apply(bool on);

    AppSettings *m_settings;
    Autostart m_autostart;
    QStringList m_command = Autostart::defaultCommand();
    bool m_reverting = false;
};
