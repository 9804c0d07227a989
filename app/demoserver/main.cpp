// tokentray-fakeapi: a fake 7G / D7 token API on loopback for tests and the offline demo.
#include "base/stopsignalwatcher.h"
#include "demoserver/fakeapioptions.h"
#include "demoserver/fakeapiserver.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"tokentray-fakeapi"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENTRAY_VERSION));

    FakeApiOptions options;
    QString text;
    switch (FakeApiOptions::parse(QCoreApplication::arguments(), &options, &text)) {
    case FakeApiOptions::Outcome::Help:
    case FakeApiOptions::Outcome::Version:
        std::fputs(qPrintable(text + u'\n'), stdout);
        return 0;
    case FakeApiOptions::Outcome::Error:
        std::fprintf(stderr, "tokentray-fakeapi: %s\n", qPrintable(text));
        return 2;
    case FakeApiOptions::Outcome::Run:
        break;
    }

    qSetMessagePattern(u"tokentray-fakeapi: %{message}"_s);
    QLoggingCategory::setFilterRules(options.quiet ? u"tokentray.fakeapi.info=false"_s
                                                   : u"tokentray.fakeapi.info=true"_s);

    StopSignalWatcher stopWatcher;
    if (!stopWatcher.isValid()) {
        std::fprintf(stderr, "tokentray-fakeapi: cannot watch for stop signals\n");
        return 1;
    }
    QObject::connect(&stopWatcher, &StopSignalWatcher::stopRequested, &app,
                     [](int, int) { QCoreApplication::quit(); });

    FakeApiServer server(options.config);
    for (const auto &[user, password] : std::as_const(options.sevengUsers))
        server.addSevenGUser(user, password);
    for (const auto &[id, secret] : std::as_const(options.d7Apps))
        server.addD7App(id, secret);

    if (!options.tlsCertificate.isEmpty()) {
        QString error;
        if (!server.enableTls(options.tlsCertificate, options.tlsKey, &error)) {
            std::fprintf(stderr, "tokentray-fakeapi: %s\n", qPrintable(error));
            return 1;
        }
    }

    const quint16 port = server.listen(options.listenAddress, options.port);
    if (port == 0) {
        std::fprintf(stderr, "tokentray-fakeapi: cannot listen on %s port %u\n",
                     qPrintable(options.listenAddress.toString()), unsigned(options.port));
        return 1;
    }

    const bool v6 = options.listenAddress.protocol() == QAbstractSocket::IPv6Protocol;
    const QString host
        = v6 ? u"[%1]"_s.arg(options.listenAddress.toString()) : options.listenAddress.toString();
    // Written by hand to keep the documented key order: port, baseUrl, pid.
    const QString baseUrl = u"%1://%2:%3"_s.arg(server.tlsEnabled() ? u"https"_s : u"http"_s, host).arg(port);
    const QByteArray started = "{\"port\":" + QByteArray::number(port) + ",\"baseUrl\":"
        + QJsonDocument(QJsonArray { baseUrl }).toJson(QJsonDocument::Compact).chopped(1).mid(1)
        + ",\"pid\":" + QByteArray::number(QCoreApplication::applicationPid()) + "}\n";
    std::fputs(started.constData(), stdout);
    std::fflush(stdout);

    return app.exec();
}
