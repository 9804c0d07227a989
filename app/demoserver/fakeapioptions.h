#pragma once

#include "demoserver/fakeapiconfig.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// The command line of tokentray-fakeapi.
struct FakeApiOptions
{
    enum class Outcome { Run, Help, Version, Error };

    FakeApiConfig config;
    QList<QPair<QString, QString>> sevengUsers; // username, password
    QList<QPair<QString, QString>> d7Apps; // client id, client secret
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;
    QString tlsCertificate;
    QString tlsKey;
    bool quiet = false;

    // On Help and Version, *text is what to print; on Error, the reason.
    static Outcome parse(const QStringList &arguments, FakeApiOptions *options, QString *text);

    // The --demo accounts. Fake values, printed by --help.
    static QList<QPair<QString, QString>> demoSevenGUsers();
    static QList<QPair<QString, QString>> demoD7Apps();
};
