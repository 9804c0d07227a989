#include "faketokenprovider.h"

#include "base/clock.h"

#include <QTimer>

using namespace Qt::StringLiterals;

FakeTokenProvider::FakeTokenProvider(Provider kind, const Clock *clock, QObject *parent)
    : TokenProvider(nullptr, clock, parent)
    , m_kind(kind)
{ }

void FakeTokenProvider::scriptError(AuthError::Kind kind, std::optional<int> retryAfter)
{
    Outcome o;
    o.error.kind = kind;
    o.error.retryAfterSeconds = retryAfter;
    o.error.httpStatus = kind == AuthError::Kind::Credentials ? 401 : 503;
    o.error.message = u"Scripted failure"_s;
    m_script.append(o);
}

AuthReply *FakeTokenProvider::signIn(const Account &, const QString &secret)
{
    Call c;
    c.kind = Call::SignIn;
    c.secret = secret;
    return start(c);
}

AuthReply *FakeTokenProvider::refresh(const Account &, const TokenSet &current)
{
    Call c;
    c.kind = Call::Refresh;
    c.current = current;
    return start(c);
}

AuthReply *FakeTokenProvider::checkService(const Account &, const QString &)
{
    auto *reply = new AuthReply;
    QTimer::singleShot(0, reply, [reply] { reply->finishWithSummary(u"Service healthy"_s); });
    return reply;
}

QString FakeTokenProvider::authorizationValue(const QString &accessToken) const
{
    return m_kind == Provider::SevenG ? accessToken : u"Bearer "_s + accessToken;
}

QList<QPair<QString, QString>> FakeTokenProvider::requestHeaders(const QString &accessToken) const
{
    return { { u"Authorization"_s, authorizationValue(accessToken) } };
}

int FakeTokenProvider::signInCount() const
{
    return int(std::count_if(m_calls.cbegin(), m_calls.cend(),
                             [](const Call &c) { return c.kind == Call::SignIn; }));
}

int FakeTokenProvider::refreshCount() const
{
    return int(std::count_if(m_calls.cbegin(), m_calls.cend(),
                             [](const Call &c) { return c.kind == Call::Refresh; }));
}

AuthReply *FakeTokenProvider::start(Call call)
{
    auto *reply = new AuthReply;
    call.reply = reply;
    m_calls.append(call);
    m_unanswered.append(int(m_calls.size()) - 1);
    ++m_inFlight;
    m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
    // A reply deleted before it finished was aborted: no longer in flight.
    connect(reply, &QObject::destroyed, this, [this] { dropAborted(); });
    if (!m_manual)
        QTimer::singleShot(0, this, [this] { finishNext(); });
    return reply;
}

void FakeTokenProvider::dropAborted()
{
    for (auto it = m_unanswered.begin(); it != m_unanswered.end();) {
        if (!m_calls.at(*it).reply) {
            --m_inFlight;
            it = m_unanswered.erase(it);
        } else {
            ++it;
        }
    }
}

bool FakeTokenProvider::finishNext()
{
    dropAborted();
    if (m_unanswered.isEmpty())
        return false;
    const Call call = m_calls.at(m_unanswered.takeFirst());
    --m_inFlight;
    finish(call.reply, call);
    return true;
}

void FakeTokenProvider::finish(AuthReply *reply, const Call &call)
{
    if (m_persistent) {
        reply->finishWithError(*m_persistent);
        return;
    }
    const Outcome o = m_script.isEmpty() ? Outcome() : m_script.takeFirst();
    if (o.error.isError()) {
        reply->finishWithError(o.error);
        return;
    }
    ++m_serial;
    const QDateTime now = m_clock->now();
    TokenSet t;
    t.accessToken = u"access-%1"_s.arg(m_serial);
    if (m_kind == Provider::SevenG) {
        if (call.kind == Call::Refresh && o.omitRefreshToken)
            t.refreshToken = call.current.refreshToken; // what the real provider does: keep the old one
        else
            t.refreshToken = u"refresh-%1"_s.arg(m_serial);
    }
    t.obtainedAt = now;
    t.expiresAt = now.addSecs(o.lifetimeSeconds >= 0 ? o.lifetimeSeconds : m_lifetime);
    reply->finishWithTokens(t);
}
