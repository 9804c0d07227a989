// Renders the main window, the add dialog and the token details into PNG
// files for the documentation (docs/make-screenshots.sh runs this under the
// test harness at 100 % and 200 % scale). As a test it checks that every
// scene renders — empty, long names, 200 accounts, a locked screen — without
// writing files.
//
// TOKENTRAY_SCREENSHOT_DIR   where to write the PNGs (default: a temporary folder)
// TOKENTRAY_SCREENSHOT_SUFFIX appended to every file name, e.g. "@2x"

#include "clipboard/clipboardguard.h"
#include "dialogs/accountdialog.h"
#include "dialogs/tokendetailsdialog.h"
#include "fakeapiprocess.h"
#include "main/demoenvironment.h"
#include "providers/d7provider.h"
#include "providers/sevengprovider.h"
#include "testengine.h"
#include "window/accountdetailspane.h"
#include "window/accounttablemodel.h"
#include "window/bannerwidget.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Sends every request of a real provider to the local fake server, so that
// accounts can show their real environments ("7G · Production") in a
// picture while nothing leaves the machine.
class RedirectingProvider : public TokenProvider
{
public:
    RedirectingProvider(TokenProvider *inner, const QUrl &target, NetworkPolicy *network, const Clock *clock)
        : TokenProvider(network, clock)
        , m_inner(inner)
        , m_target(target)
    {
        m_inner->setParent(this);
    }

    Provider kind() const override { return m_inner->kind(); }
    SecretKind credentialKind() const override { return m_inner->credentialKind(); }
    AuthReply *signIn(const Account &account, const QString &secret) override
    {
        return m_inner->signIn(redirect(account), secret);
    }
    bool canRefresh() const override { return m_inner->canRefresh(); }
    AuthReply *refresh(const Account &account, const TokenSet &current) override
    {
        return m_inner->refresh(redirect(account), current);
    }
    AuthReply *checkService(const Account &account, const QString &accessToken) override
    {
        return m_inner->checkService(redirect(account), accessToken);
    }
    QString authorizationValue(const QString &accessToken) const override
    {
        return m_inner->authorizationValue(accessToken);
    }
    QList<QPair<QString, QString>> requestHeaders(const QString &accessToken) const override
    {
        return m_inner->requestHeaders(accessToken);
    }

private:
    Account redirect(const Account &account) const
    {
        Account a = account;
        a.baseUrl = m_target;
        return a;
    }

    TokenProvider *m_inner;
    QUrl m_target;
};

// The 80-character login of account i of the long-names scene.
QString longLogin(int i)
{
    return QString(u"partner.reporting.%1."_s.arg(i) + u"apac"_s.repeated(20)).left(80);
}

// What a user would see as clipped or overlapping: a widget placed by a
// layout outside its parent, two widgets of one layout on top of each other,
// or a button or a one-line label narrower than its text.
QStringList layoutProblems(QWidget *root)
{
    QStringList problems;
    const auto describe = [](const QWidget *w) {
        QString text;
        if (const auto *b = qobject_cast<const QAbstractButton *>(w))
            text = b->text();
        else if (const auto *l = qobject_cast<const QLabel *>(w))
            text = l->text();
        return u"%1 \"%2\" \"%3\""_s.arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                         text.left(40));
    };
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(root) || w->isWindow())
            continue;
        QWidget *parent = w->parentWidget();
        QLayout *layout = parent ? parent->layout() : nullptr;
        if (!layout || layout->indexOf(w) < 0)
            continue;
        if (!parent->rect().contains(w->geometry()))
            problems << u"%1 lies outside its parent (%2 in %3x%4)"_s.arg(describe(w))
                            .arg(QStringLiteral("%1,%2 %3x%4")
                                     .arg(w->x())
                                     .arg(w->y())
                                     .arg(w->width())
                                     .arg(w->height()))
                            .arg(parent->width())
                            .arg(parent->height());
        for (QWidget *other : widgets) {
            if (other == w || other->parentWidget() != parent || !other->isVisibleTo(root)
                || layout->indexOf(other) < 0 || other < w)
                continue;
            if (w->geometry().intersects(other->geometry()))
                problems << u"%1 overlaps %2"_s.arg(describe(w), describe(other));
        }
        const auto *label = qobject_cast<const QLabel *>(w);
        const bool oneLine = label && !label->wordWrap() && label->pixmap().isNull()
            && !label->text().isEmpty() && label->textFormat() != Qt::RichText
            && !Qt::mightBeRichText(label->text());
        if ((qobject_cast<const QPushButton *>(w) || oneLine) && w->width() < w->minimumSizeHint().width())
            problems << u"%1 is %2 px wide, its text needs %3"_s.arg(describe(w))
                            .arg(w->width())
                            .arg(w->minimumSizeHint().width());
    }
    return problems;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

    FakeApiProcess m_api;
    QTemporaryDir m_scratch;
    QString m_dir;
    QString m_suffix;

    void save(QWidget *widget, const QString &name)
    {
        QCoreApplication::processEvents();
        const QPixmap pixmap = widget->grab();
        QVERIFY(!pixmap.isNull());
        QVERIFY(pixmap.width() >= widget->width());
        const QStringList problems = layoutProblems(widget);
        QVERIFY2(problems.isEmpty(), qPrintable(name + u":\n  "_s + problems.join(u"\n  "_s)));
        const QString path = QDir(m_dir).filePath(name + m_suffix + u".png"_s);
        QVERIFY2(pixmap.save(path, "PNG"), qPrintable(path));
    }

    std::unique_ptr<TestEngine> makeEngine(bool redirect)
    {
        auto engine = std::make_unique<TestEngine>();
        engine->clock.set(QDateTime::currentDateTimeUtc());
        if (redirect) {
            auto *policy = &engine->policy;
            const Clock *clock = &engine->clock;
            engine->manager->providers()->setProvider(
                Provider::SevenG,
                new RedirectingProvider(new SevenGProvider(policy, clock), m_api.baseUrl(), policy, clock));
            engine->manager->providers()->setProvider(
                Provider::D7,
                new RedirectingProvider(new D7Provider(policy, clock), m_api.baseUrl(), policy, clock));
        }
        engine->start();
        return engine;
    }

    static Account account(Provider provider, const QString &name, const QString &environment,
                           const QString &login)
    {
        Account a = Account::create(provider);
        a.name = name;
        a.login = login;
        if (provider == Provider::SevenG) {
            a.environment = environment;
            if (const auto env = sevenGEnvironment(environment))
                a.baseUrl = env->baseUrl;
            else
                a.baseUrl = QUrl(environment);
            if (!sevenGEnvironment(environment))
                a.environment = u"custom"_s;
        }
        return a;
    }

    QUuid add(TestEngine &engine, const Account &a, const QString &secret,
              std::optional<SessionState> waitFor)
    {
        bool done = false;
        engine.manager->accountService()->addAccount(a, secret, this, [&done](const Status &s) {
            QVERIFY2(s.ok(), qPrintable(s.error()));
            done = true;
        });
        [&] {
            QTRY_VERIFY(done);
        }();
        if (waitFor) {
            const bool reached = engine.waitForState(a.id, *waitFor, 15000);
            [&] {
                QVERIFY2(reached, qPrintable(a.name));
            }();
        }
        return a.id;
    }

    void configure(const QJsonObject &changes) { QVERIFY(m_api.configure(changes)); }

    std::unique_ptr<MainWindow> makeWindow(TestEngine &engine, ClipboardGuard *guard, QSize size)
    {
        auto window = std::make_unique<MainWindow>(engine.manager.get(), guard, nullptr);
        window->resize(size);
        window->show();
        [&] {
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        }();
        window->activateWindow();
        // Under a window manager the window becomes active; a bare display may not say so.
        (void)QTest::qWaitForWindowActive(window.get(), 2000);
        window->view()->setFocus();
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Pictures of a window in use: the active colours, although no window here has the focus.
        QPalette palette = QApplication::palette();
        for (int role = 0; role < QPalette::NColorRoles; ++role) {
            const auto r = QPalette::ColorRole(role);
            palette.setColor(QPalette::Inactive, r, palette.color(QPalette::Active, r));
        }
        QApplication::setPalette(palette);
        m_dir = qEnvironmentVariable("TOKENTRAY_SCREENSHOT_DIR");
        if (m_dir.isEmpty())
            m_dir = m_scratch.path();
        QDir().mkpath(m_dir);
        m_suffix = qEnvironmentVariable("TOKENTRAY_SCREENSHOT_SUFFIX");
        QStringList args = { u"--quiet"_s };
        for (const char *user : { "ops.alice", "ops.bob", "billing.robot", "monitor" })
            args << u"--seveng-user"_s << QString::fromLatin1(user) + u":right-password"_s;
        for (const char *app : { "alerts-prod", "marketing-eu", "legacy-app" })
            args << u"--d7-app"_s << QString::fromLatin1(app) + u":right-secret"_s;
        for (int i = 0; i < 8; ++i)
            args << (i % 2 ? u"--d7-app"_s : u"--seveng-user"_s)
                 << longLogin(i) + (i % 2 ? u":right-secret"_s : u":right-password"_s);
        for (int i = 0; i < 200; ++i)
            args << u"--seveng-user"_s << u"customer%1:right-password"_s.arg(i, 3, 10, QChar(u'0'));
        QVERIFY2(m_api.start(args), qPrintable(m_api.errorString()));
    }

    void init()
    {
        QVERIFY(m_api.resetCounters());
        configure(
            { { u"faultRate"_s, 0 }, { u"delayMs"_s, 0 }, { u"sevengTtl"_s, 1200 }, { u"d7Ttl"_s, 3600 } });
    }

    // Accounts in every state a user meets.
    void mainWindow()
    {
        auto engine = makeEngine(true);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1120, 580));

        configure({ { u"sevengTtl"_s, 1180 } });
        const QUuid production = add(
            *engine, account(Provider::SevenG, u"Registry production"_s, u"production"_s, u"ops.alice"_s),
            u"right-password"_s, SessionState::Valid);
        configure({ { u"sevengTtl"_s, 102 } });
        add(*engine, account(Provider::SevenG, u"Registry test"_s, u"test"_s, u"ops.alice"_s),
            u"right-password"_s, SessionState::Valid);
        configure({ { u"sevengTtl"_s, 2400 } });
        add(*engine,
            account(Provider::SevenG, u"Registry preview — wholesale partners (APAC, read-only reporting)"_s,
                    u"https://preview-api.7g.example"_s, u"ops.alice"_s),
            u"right-password"_s, SessionState::Valid);
        configure({ { u"d7Ttl"_s, 3485 } });
        add(*engine, account(Provider::D7, u"SMS alerts"_s, {}, u"alerts-prod"_s), u"right-secret"_s,
            SessionState::Valid);
        const QUuid legacy = add(*engine, account(Provider::D7, u"SMS legacy"_s, {}, u"legacy-app"_s),
                                 u"right-secret"_s, SessionState::Valid);
        engine->manager->session(legacy)->signOut();
        const QUuid billing
            = add(*engine, account(Provider::SevenG, u"Billing reports"_s, u"dev"_s, u"billing.robot"_s),
                  u"an-old-password"_s, SessionState::CredentialsRejected);
        configure({ { u"faultRate"_s, 1 }, { u"faults"_s, u"429"_s }, { u"retryAfter"_s, 8 } });
        add(*engine, account(Provider::D7, u"SMS marketing"_s, {}, u"marketing-eu"_s), u"right-secret"_s,
            SessionState::RetryScheduled);
        configure({ { u"faultRate"_s, 0 }, { u"sevengTtl"_s, 900 } });
        const QUuid lab = add(*engine, account(Provider::SevenG, u"Registry lab"_s, u"lab"_s, u"ops.bob"_s),
                              u"right-password"_s, SessionState::Valid);
        // A renewal that takes its time: "Refreshing…" in the picture.
        configure({ { u"delayMs"_s, 600000 } });
        engine->manager->session(lab)->renewNow();
        QTRY_COMPARE(engine->manager->session(lab)->state(), SessionState::Refreshing);

        window->selectAccount(production);
        window->copy(production, MainWindow::CopyKind::Token);
        QTRY_VERIFY(window->statusText().startsWith(u"Copied"_s));
        Q_UNUSED(billing);
        engine->clock.advance(2000);
        window->detailsPane()->refresh();
        save(window.get(), u"main-window"_s);
        guard.clearNow();
    }

    void offline()
    {
        // Tokens were fine until the network went: a server of its own, stopped.
        FakeApiProcess api;
        QVERIFY(api.start({ u"--quiet"_s, u"--seveng-user"_s, u"ops.alice:right-password"_s }));
        auto engine = makeEngine(false);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1120, 420));
        QList<QUuid> ids;
        for (const QString &name : { u"Registry production"_s, u"Registry test"_s, u"Registry lab"_s }) {
            ids << add(*engine, account(Provider::SevenG, name, api.baseUrl().toString(), u"ops.alice"_s),
                       u"right-password"_s, SessionState::Valid);
            engine->clock.advance(40'000);
        }
        QVERIFY(api.stop());
        for (const QUuid &id : std::as_const(ids))
            engine->manager->session(id)->renewNow();
        QTRY_VERIFY_WITH_TIMEOUT((engine->tick(), engine->manager->offlineMonitor()->isOffline()), 15000);
        engine->clock.advance(500);
        engine->tick();
        window->selectAccount(ids.first());
        save(window.get(), u"offline"_s);
    }

    void layoutCheckSeesClipping()
    {
        // The check every scene passes through must itself see a squeezed button.
        QWidget squeezed;
        auto *row = new QHBoxLayout(&squeezed);
        row->addWidget(new QPushButton(u"A button whose text needs room"_s));
        row->addWidget(new QLabel(u"and a label beside it"_s));
        squeezed.setFixedSize(60, 40);
        squeezed.show();
        QVERIFY(QTest::qWaitForWindowExposed(&squeezed));
        QVERIFY(!layoutProblems(&squeezed).isEmpty());
        squeezed.setFixedSize(squeezed.sizeHint().expandedTo(QSize(600, 40)));
        QCoreApplication::processEvents();
        QCOMPARE(layoutProblems(&squeezed), QStringList());
    }

    void emptyWindow()
    {
        auto engine = makeEngine(false);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(900, 520));
        save(window.get(), u"main-window-empty"_s);
    }

    void longNames()
    {
        // Eight accounts whose names and logins are 80 characters long.
        auto engine = makeEngine(true);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1120, 580));
        QList<QUuid> ids;
        for (int i = 0; i < 8; ++i) {
            const QString name = i % 2
                ? u"SMS gateway %1 — wholesale partners in the Asia-Pacific region, read-only alerts"_s.arg(
                    i, 2, 10, QChar(u'0'))
                : u"Registry %1 — wholesale partners in the Asia-Pacific region, read-only reporting"_s.arg(
                    i, 2, 10, QChar(u'0'));
            QCOMPARE(name.size(), 80);
            const QString login = longLogin(i);
            ids << add(*engine,
                       account(i % 2 ? Provider::D7 : Provider::SevenG, name, u"production"_s, login),
                       i % 2 ? u"right-secret"_s : u"right-password"_s, SessionState::Valid);
        }
        window->selectAccount(ids.at(2));
        window->copy(ids.at(2), MainWindow::CopyKind::Header);
        QTRY_VERIFY(window->statusText().startsWith(u"Copied"_s));
        save(window.get(), u"main-window-long-names"_s);
        guard.clearNow();
    }

    void twoHundredAccounts()
    {
        auto engine = makeEngine(true);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1120, 720));
        const QStringList environments = { u"production"_s, u"test"_s, u"dev"_s, u"lab"_s, u"demo"_s };
        QList<QUuid> ids;
        for (int i = 0; i < 200; ++i) {
            if (i % 10 == 0)
                configure({ { u"sevengTtl"_s, 200 + i * 17 } });
            const QString user = u"customer%1"_s.arg(i, 3, 10, QChar(u'0'));
            ids << add(*engine,
                       account(Provider::SevenG, u"Customer %1 registry"_s.arg(i, 3, 10, QChar(u'0')),
                               environments.at(i % environments.size()), user),
                       u"right-password"_s, {});
        }
        for (const QUuid &id : std::as_const(ids))
            QVERIFY(engine->waitForState(id, SessionState::Valid, 30000));
        window->view()->sortByColumn(AccountTableModel::TimeLeftColumn, Qt::AscendingOrder);
        QCOMPARE(window->model()->rowCount(), 200);
        window->selectAccount(ids.at(17));
        save(window.get(), u"main-window-200"_s);
    }

    void demoWindow()
    {
        DemoEnvironment demo;
        QSignalSpy ready(&demo, &DemoEnvironment::ready);
        demo.start(
            DemoEnvironment::findServer(QFileInfo(qEnvironmentVariable("TOKENTRAY_FAKEAPI")).absolutePath()));
        QVERIFY(ready.wait(DemoEnvironment::StartTimeoutMs));
        auto engine = makeEngine(false);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1040, 520));
        window->setDemoMode(true);
        bool populated = false;
        demo.populate(engine->manager.get(), [&populated](const Status &) { populated = true; });
        QTRY_VERIFY(populated);
        for (TokenSession *s : engine->manager->sessions())
            QVERIFY(engine->waitForState(s->id(), SessionState::Valid));
        engine->clock.advance(64'000);
        engine->tick();
        save(window.get(), u"demo"_s);
    }

    void addDialog()
    {
        auto engine = makeEngine(false);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(900, 520));
        window->addAccount();
        AccountDialog *dialog = nullptr;
        QTRY_VERIFY(window->findChild<AccountDialog *>());
        QTRY_VERIFY((dialog = window->findChild<AccountDialog *>()) && dialog->isVisible());
        dialog->findChild<QLineEdit *>(u"name"_s)->setText(u"Registry production"_s);
        dialog->findChild<QLineEdit *>(u"login"_s)->setText(u"ops.alice"_s);
        dialog->findChild<QLineEdit *>(u"secret"_s)->setText(u"right-password"_s);
        dialog->findChild<QLineEdit *>(u"notes"_s)->setText(u"Shared on-call account"_s);
        // The fake server stands in for production in the picture only.
        auto *environment = dialog->findChild<QComboBox *>(u"environment"_s);
        environment->setCurrentIndex(environment->findData(u"custom"_s));
        dialog->findChild<QLineEdit *>(u"baseUrl"_s)->setText(m_api.baseUrl().toString());
        dialog->findChild<QPushButton *>(u"testSignIn"_s)->click();
        auto *result = dialog->findChild<QLabel *>(u"testResult"_s);
        QTRY_VERIFY(result->text().startsWith(u"Signed in"_s));
        environment->setCurrentIndex(environment->findData(u"production"_s));
        dialog->adjustSize();
        save(dialog, u"add-account"_s);

        // The same dialog with its inline validation.
        dialog->findChild<QLineEdit *>(u"name"_s)->clear();
        environment->setCurrentIndex(environment->findData(u"custom"_s));
        dialog->findChild<QLineEdit *>(u"baseUrl"_s)->setText(u"http://registry.example.com"_s);
        dialog->findChild<QLineEdit *>(u"secret"_s)->clear();
        dialog->findChild<QPushButton *>(u"save"_s)->click();
        result->clear();
        dialog->adjustSize();
        save(dialog, u"add-account-validation"_s);
        dialog->reject();
    }

    void tokenDetails()
    {
        auto engine = makeEngine(true);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(900, 520));
        const QUuid id = add(
            *engine, account(Provider::SevenG, u"Registry production"_s, u"production"_s, u"ops.alice"_s),
            u"right-password"_s, SessionState::Valid);
        window->showTokenDetails(id);
        TokenDetailsDialog *details = nullptr;
        QTRY_VERIFY((details = window->findChild<TokenDetailsDialog *>()) && details->isVisible());
        save(details, u"token-details"_s);
        details->close();
    }

    // The desktop is locked: logins hidden, the banner saying why.
    void screenLocked()
    {
        auto engine = makeEngine(true);
        ClipboardGuard guard(QApplication::clipboard(), &engine->clock);
        auto window = makeWindow(*engine, &guard, QSize(1120, 420));
        const QUuid production = add(
            *engine, account(Provider::SevenG, u"Registry production"_s, u"production"_s, u"ops.alice"_s),
            u"right-password"_s, SessionState::Valid);
        add(*engine, account(Provider::SevenG, u"Registry lab"_s, u"lab"_s, u"ops.bob"_s),
            u"right-password"_s, SessionState::Valid);
        add(*engine, account(Provider::D7, u"SMS alerts"_s, {}, u"alerts-prod"_s), u"right-secret"_s,
            SessionState::Valid);
        window->selectAccount(production);
        window->setConcealed(true);
        QVERIFY(window->concealedBanner()->isVisible());
        save(window.get(), u"screen-locked"_s);
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
