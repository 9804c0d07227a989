// A provider's reply interpreters (FUZZ_PROVIDER_7G or _D7), through ReplyParsing::finish() as a
// real reply goes. One input is one HTTP answer:
//
//   <status> [cut] [error=<n>]      status 0: no HTTP answer; cut: body cut at the cap
//   Name: value                     headers, up to an empty line
//
//   body                            the rest
//
// Invariants: no secret that was sent appears in an error message, and
// tokens handed out are fit for a header.
#include "fuzzsupport.h"
#include "providers/d7provider.h"
#include "providers/replyparsing.h"
#include "providers/sevengprovider.h"
#include "providers/tokenprovider.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

// The transport failures ReplyReader can report, by index.
constexpr QNetworkReply::NetworkError transportErrors[] = {
    QNetworkReply::NoError,
    QNetworkReply::ConnectionRefusedError,
    QNetworkReply::RemoteHostClosedError,
    QNetworkReply::HostNotFoundError,
    QNetworkReply::TimeoutError,
    QNetworkReply::OperationCanceledError,
    QNetworkReply::SslHandshakeFailedError,
    QNetworkReply::TemporaryNetworkFailureError,
    QNetworkReply::ProxyConnectionRefusedError,
    QNetworkReply::ContentNotFoundError,
    QNetworkReply::AuthenticationRequiredError,
    QNetworkReply::ProtocolInvalidOperationError,
    QNetworkReply::InternalServerError,
    QNetworkReply::ServiceUnavailableError,
    QNetworkReply::UnknownContentError,
    QNetworkReply::TooManyRedirectsError,
    QNetworkReply::InsecureRedirectError,
};

HttpResponse parseResponse(const QByteArray &input, const QUrl &url)
{
    HttpResponse response;
    response.url = url;
    qsizetype pos = 0;
    const auto nextLine = [&input, &pos]() {
        qsizetype end = input.indexOf('\n', pos);
        if (end < 0)
            end = input.size();
        QByteArray line = input.sliced(pos, end - pos);
        pos = std::min(end + 1, input.size());
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    };
    const QList<QByteArray> first = nextLine().split(' ');
    response.status = first.value(0).toInt();
    for (const QByteArray &word : first.mid(1)) {
        if (word == "cut")
            response.tooLarge = true;
        else if (word.startsWith("error=")) {
            const auto index = static_cast<std::size_t>(word.mid(6).toUInt());
            response.error = transportErrors[index % std::size(transportErrors)];
            response.errorString = QString::fromUtf8(word);
        }
    }
    while (pos < input.size()) {
        const QByteArray line = nextLine();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            response.headers.append({ line, {} });
        else
            response.headers.append({ line.first(colon).trimmed(), line.sliced(colon + 1).trimmed() });
    }
    response.body = input.sliced(pos);
    return response;
}

void check(const HttpResponse &response, const QStringList &secrets,
           const ReplyParsing::Interpreter &interpret)
{
    AuthReply reply;
    ReplyParsing::finish(&reply, response, secrets, interpret);
    FUZZ_CHECK(reply.isFinished());
    if (reply.error().isError()) {
        for (const QString &secret : secrets)
            FUZZ_CHECK(!reply.error().message.contains(secret));
        FUZZ_CHECK(!reply.error().message.isEmpty());
    } else if (reply.summary().isEmpty()) {
        FUZZ_CHECK(ReplyParsing::isAcceptableToken(reply.tokens().accessToken));
        FUZZ_CHECK(reply.tokens().refreshToken.isEmpty()
                   || ReplyParsing::isAcceptableToken(reply.tokens().refreshToken));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QDateTime now(QDate(2030, 6, 1), QTime(12, 0), QTimeZone::utc());
    const QDateTime sentAt = now.addSecs(-1);

    const QString password = u"Pa55+w/rd secret"_s;
    TokenSet current;
    current.accessToken = u"old-access-A1b2C3"_s;
    current.refreshToken = u"old-refresh-Z9y8X7"_s;
    const QStringList refreshSecrets = { current.refreshToken, current.accessToken };

#ifdef FUZZ_PROVIDER_7G
    const Account sevenG = Account::create(Provider::SevenG);
    const HttpResponse login = parseResponse(input, QUrl(u"https://127.0.0.1:8443/User/Login"_s));
    check(login, { password }, [&](const HttpResponse &r) {
        return SevenGProvider::interpretTokens(SevenGProvider::Call::SignIn, sevenG, r, {}, sentAt, now);
    });
    check(login, refreshSecrets, [&](const HttpResponse &r) {
        return SevenGProvider::interpretTokens(SevenGProvider::Call::Refresh, sevenG, r, current, sentAt,
                                               now);
    });
    check(login, {}, [&](const HttpResponse &r) { return SevenGProvider::interpretHealth(r, now); });
#endif
#ifdef FUZZ_PROVIDER_D7
    const Account d7 = Account::create(Provider::D7);
    const HttpResponse d7Login
        = parseResponse(input, QUrl(u"https://127.0.0.1:8443/auth/v1/login/application"_s));
    check(d7Login, { password },
          [&](const HttpResponse &r) { return D7Provider::interpretSignIn(d7, r, sentAt, now); });
    check(d7Login, { current.accessToken },
          [&](const HttpResponse &r) { return D7Provider::interpretBalance(r, now); });
#endif
    return 0;
}
