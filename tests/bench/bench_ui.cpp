// UI benchmark: how long the accounts window takes to reach the screen with
// 0, 200 and 1000 accounts, as a ratio against a bare QMainWindow measured in
// the same process, and what one 1-second tick costs with the window shown and
// hidden. Prints a JSON object (and writes it to argv[1]). Needs a display.
//
// Secrets live in memory only and every base URL points at a closed loopback
// port: a benchmark never touches the keychain or a real service.
#include "accounts/accountstore.h"
#include "base/clock.h"
#include "clipboard/clipboardguard.h"
#include "network/networkpolicy.h"
#include "providers/tokenset.h"
#include "secrets/memorysecretstore.h"
#include "session/sessionmanager.h"
#include "session/storedtoken.h"
#include "session/tokensession.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QWidget>

#include <algorithm>
#include <functional>
#include <memory>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int Repeats = 5;
constexpr int Ticks = 200;

// Counts paint events delivered to any widget of one top-level window.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *window)
        : m_window(window)
    {
        qApp->installEventFilter(this);
    }
    ~PaintCounter() override { qApp->removeEventFilter(this); }
    int count() const { return m_count; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched->isWidgetType()
            && static_cast<QWidget *>(watched)->window() == m_window)
            ++m_count;
        return false;
    }

private:
    QPointer<QWidget> m_window;
    int m_count = 0;
};

void waitUntil(const std::function<bool()> &done)
{
    QElapsedTimer guard;
    guard.start();
    while (!done()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (guard.elapsed() > 60000)
            qFatal("the benchmark waited a minute for something that never happened");
    }
}

// Lets queued work settle (posted update requests, the paints they cause).
void drainEvents()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

// Peak resident set size of the whole process so far, in MiB.
double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; // kilobytes on Linux
}

// Current resident set size, in MiB.
double currentRssMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Milliseconds from constructing a window until its first paint has been
// delivered and the event loop has finished the update it belongs to.
double timeToFirstPaint(const std::function<QWidget *()> &create)
{
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<QWidget> window(create());
    PaintCounter paints(window.get());
    window->show();
    waitUntil([&] { return paints.count() > 0; });
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    const double ms = timer.nsecsElapsed() / 1e6;
    window.reset();
    drainEvents();
    return ms;
}

QJsonObject firstPaintFigures(const std::function<QWidget *()> &create)
{
    QList<double> runs;
    for (int i = 0; i < Repeats; ++i)
        runs.append(timeToFirstPaint(create));
    QJsonArray all;
    for (double ms : std::as_const(runs))
        all.append(ms);
    return QJsonObject { { u"firstRunMs"_s, runs.first() },
                         { u"medianMs"_s, median(runs) },
                         { u"runsMs"_s, all } };
}

// Accounts whose valid access tokens are already in the secret store, so the
// sessions restore them and never need to sign in.
struct Fixture
{
    explicit Fixture(int count)
        : clock(QDateTime::currentDateTimeUtc())
        , policy(&nam)
    {
        const QString path = dir.filePath(u"accounts.json"_s);
        QJsonArray accounts;
        QList<Account> list;
        for (int i = 0; i < count; ++i) {
            Account a = Account::create(i % 2 ? Provider::D7 : Provider::SevenG);
            a.name = u"Account %1"_s.arg(i);
            a.environment = a.provider == Provider::SevenG ? u"custom"_s : QString();
            a.baseUrl = QUrl(u"http://127.0.0.1:9"_s);
            a.login = u"user%1"_s.arg(i);
            accounts.append(a.toJson());
            list.append(a);
        }
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the accounts file");
        file.write(QJsonDocument(QJsonObject { { u"version"_s, 1 }, { u"accounts"_s, accounts } }).toJson());
        file.close();

        QObject context;
        int written = 0;
        for (const Account &a : std::as_const(list)) {
            TokenSet t;
            t.accessToken = u"bench-opaque-token-"_s + a.id.toString(QUuid::WithoutBraces);
            t.obtainedAt = clock.now();
            // Far beyond the ticks below: no session ever wants to renew.
            t.expiresAt = clock.now().addSecs(24 * 3600);
            secrets.write(a.id, SecretKind::AccessToken, StoredToken::encode(t), &context,
                          [&written](const SecretResult &) { ++written; });
        }
        waitUntil([&] { return written == count; });

        store = std::make_unique<AccountStore>(path);
        if (!store->load())
            qFatal("cannot load the accounts file");
        manager = std::make_unique<SessionManager>(store.get(), &secrets, &policy, &clock);
        manager->setAutoRenew(false);
        manager->start(false);
        waitUntil([&] {
            return std::all_of(manager->sessions().cbegin(), manager->sessions().cend(),
                               [](const TokenSession *s) { return s->state() == SessionState::Valid; });
        });
        clipboard = std::make_unique<ClipboardGuard>(QGuiApplication::clipboard(), &clock);
    }

    QTemporaryDir dir;
    ManualClock clock;
    MemorySecretStore secrets;
    QNetworkAccessManager nam;
    NetworkPolicy policy;
    std::unique_ptr<AccountStore> store;
    std::unique_ptr<SessionManager> manager;
    std::unique_ptr<ClipboardGuard> clipboard;
};

struct TickFigures
{
    double microseconds = 0;
    double paintsPerTick = 0;
};

TickFigures measureTicks(Fixture &f, QWidget *window)
{
    PaintCounter paints(window);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Ticks; ++i) {
        f.clock.advance(1000);
        f.manager->tick();
        drainEvents();
    }
    return { timer.nsecsElapsed() / 1e3 / Ticks, double(paints.count()) / Ticks };
}

QJsonObject benchWindow(int count, double bareMedianMs)
{
    Fixture f(count);
    const auto create = [&f]() -> QWidget * {
        return new MainWindow(f.manager.get(), f.clipboard.get(), nullptr);
    };
    QJsonObject figures = firstPaintFigures(create);
    figures.insert(u"ratioToBareWindow"_s, figures.value(u"medianMs"_s).toDouble() / bareMedianMs);

    QJsonObject result { { u"accounts"_s, count }, { u"firstPaint"_s, figures } };
    if (count > 0) {
        MainWindow window(f.manager.get(), f.clipboard.get(), nullptr);
        PaintCounter firstPaint(&window);
        window.show();
        waitUntil([&] { return firstPaint.count() > 0; });
        drainEvents();
        const TickFigures visible = measureTicks(f, &window);
        window.hide();
        drainEvents();
        const TickFigures hidden = measureTicks(f, &window);
        result.insert(u"tick"_s,
                      QJsonObject {
                          { u"ticks"_s, Ticks },
                          { u"visibleMicroseconds"_s, visible.microseconds },
                          { u"visiblePaintEventsPerTick"_s, visible.paintsPerTick },
                          { u"hiddenMicroseconds"_s, hidden.microseconds },
                          { u"hiddenPaintEventsPerTick"_s, hidden.paintsPerTick },
                      });
    }
    result.insert(u"currentRssMiB"_s, currentRssMiB());
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);

    const auto bare = []() -> QWidget * {
        auto *window = new QMainWindow;
        window->resize(1040, 600);
        return window;
    };
    // The very first window also pays for connecting to the display, fonts and
    // the style; it is reported apart, and the baseline is the warm median.
    const double coldMs = timeToFirstPaint(bare);
    const QJsonObject bareFigures = firstPaintFigures(bare);
    const double bareRss = peakRssMiB();
    const double bareMedian = bareFigures.value(u"medianMs"_s).toDouble();

    QJsonArray windows;
    for (int n : { 0, 200, 1000 })
        windows.append(benchWindow(n, bareMedian));

    const QJsonObject report {
        { u"bareWindow"_s,
          QJsonObject {
              { u"coldFirstPaintMs"_s, coldMs },
              { u"firstPaint"_s, bareFigures },
              { u"peakRssMiB"_s, bareRss },
          } },
        { u"mainWindow"_s, windows },
        { u"peakRssMiB"_s, peakRssMiB() },
        { u"rssNote"_s,
          u"Resident set sizes are for the whole process and cumulative: the peak at the end "
          "includes every window and fixture measured before it."_s },
    };
    const QByteArray json = QJsonDocument(report).toJson();
    QTextStream(stdout) << QString::fromUtf8(json);
    if (argc > 1) {
        QFile out(QString::fromLocal8Bit(argv[1]));
        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size())
            return 1;
    }
    return 0;
}
