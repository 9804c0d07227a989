#pragma once

#include "simreply.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSet>
#include <QString>
#include <QUrl>

class Clock;

// The 7G and D7 token services, in process and on a simulated clock, for the
// long simulation: logins, refresh-token rotation, refresh-token expiry, the
// 7G lockout (3 failed logins in 10 minutes lock the user for 10 minutes),
// and injected transient faults. Every account is told apart by the port of
// its base URL.
class SimTokenServer
{
public:
    struct Counters
    {
        int requests = 0;
        int sevenGLogins = 0; // requests that reached the password check
        int sevenGRefreshes = 0;
        int d7Logins = 0;
        int credentialFailures = 0;
        int refreshRejected = 0;
        int lockouts = 0;
        int faults = 0;
        int omittedRefreshTokens = 0;
        int processedButLost = 0; // the server acted, the client never heard
    };

    SimTokenServer(const Clock *clock, quint32 seed);

    void addSevenGUser(int port, const QString &user, const QString &password);
    void addD7App(int port, const QString &clientId, const QString &secret);

    void setLifetimes(int sevenGSeconds, int d7Seconds, int refreshTokenSeconds);
    void setFaultRate(double rate) { m_faultRate = rate; }
    // The client's transfer timeout: a hanging request ends after this long.
    void setTransferTimeoutMs(qint64 ms) { m_timeoutMs = ms; }

    SimResponse handle(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                       const QByteArray &body);

    // Whether the service would accept this access token now (for the port's account).
    bool accepts(int port, const QString &accessToken) const;

    const Counters &counters() const { return m_counters; }
    int failedLogins(int port) const;
    int acceptedLogins(int port) const;

private:
    struct Identity
    {
        bool d7 = false;
        QString login;
        QString secret;
        QList<QDateTime> failures; // within the lockout window
        QDateTime lockedUntil;
        int failedLogins = 0;
        int acceptedLogins = 0;
        QString accessToken; // the newest one; older ones stay valid until they expire
        QHash<QString, QDateTime> accessTokens;
        QHash<QString, QDateTime> refreshTokens;
    };

    bool rejectsCredentials(const Identity &who, const QString &path, const QByteArray &body) const;
    SimResponse answer(Identity &who, const QString &path, const QNetworkRequest &request,
                       const QByteArray &body);
    SimResponse sevenGLogin(Identity &who, const QByteArray &body);
    SimResponse sevenGRefresh(Identity &who, const QNetworkRequest &request, const QByteArray &body);
    SimResponse d7Login(Identity &who, const QByteArray &body);
    QString mintAccessToken(Identity &who, int lifetimeSeconds);
    QString mintOpaque();
    void prune(Identity &who) const;

    const Clock *m_clock;
    QRandomGenerator m_random;
    QHash<int, Identity> m_identities;
    int m_sevenGLifetime = 120;
    int m_d7Lifetime = 300;
    int m_refreshLifetime = 3600;
    double m_faultRate = 0;
    qint64 m_timeoutMs = 15000;
    quint64 m_serial = 0;
    Counters m_counters;
};
