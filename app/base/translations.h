#pragma once

class QCoreApplication;

// Installs TokenTray's translation for the user's locale (compiled into the
// executable under :/i18n) and Qt's own, when they exist. English needs none.
void installTranslations(QCoreApplication &app);
