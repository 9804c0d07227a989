// Keyboard alone and what a screen reader is told, in this process: the real
// window and dialogs over an engine signed in to tokentray-fakeapi. Tab
// walks every dialog in the order it reads, every field has a label that
// names it, every menu command has a mnemonic of its own, and the countdown
// cell is read as words while it shows "19:39". (tst_atspi checks the same
// window from the outside, through the accessibility bus.)
#include "clipboard/clipboardguard.h"
#include "dialogs/accountdialog.h"
#include "dialogs/settingsdialog.h"
#include "dialogs/tokendetailsdialog.h"
#include "fakeapiprocess.h"
#include "network/networkpolicy.h"
#include "settings/appsettings.h"
#include "testengine.h"
#include "window/accountfilterproxymodel.h"
#include "window/accounttablemodel.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAccessibleInterface>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QWidgetAction>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The letter after a single '&', lower-cased; null when there is none.
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

QString describe(const QWidget *w)
{
    return u"%1 \"%2\""_s.arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
}

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

bool isField(const QWidget *w)
{
    return qobject_cast<const QLineEdit *>(w) || qobject_cast<const QAbstractSpinBox *>(w)
        || qobject_cast<const QComboBox *>(w) || qobject_cast<const QPlainTextEdit *>(w);
}

// The line edit inside a spin box or an editable combo box takes the focus
// for its owner.
QWidget *owner(QWidget *w)
{
    for (QWidget *p = w ? w->parentWidget() : nullptr; p; p = p->parentWidget()) {
        if (qobject_cast<QAbstractSpinBox *>(p) || qobject_cast<QComboBox *>(p))
            return p;
    }
    return w;
}

QLabel *buddyLabel(QWidget *root, QWidget *field)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->buddy() == field)
            return label;
    }
    return nullptr;
}

// Presses Tab from the first focus until the focus comes back; the widgets
// met on the way, in order.
QList<QWidget *> tabChain(QWidget *window, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QList<QWidget *> chain;
    QWidget *first = owner(QApplication::focusWidget());
    if (!first || first->window() != window)
        return chain;
    chain.append(first);
    for (int i = 0; i < 60; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, modifiers);
        QWidget *now = owner(QApplication::focusWidget());
        if (!now || now == first)
            break;
        chain.append(now);
    }
    return chain;
}

// The window active, so that keys and shortcuts reach it. Under X11 the
// window manager activates it on request; Wayland lets no client activate
// itself, and Weston gives the keyboard focus to a window when it maps it or
// when the dialog above it closes: there we wait for that.
bool activate(QWidget *window)
{
    if (QGuiApplication::platformName() != u"wayland"_s) {
        window->activateWindow();
        return QTest::qWaitForWindowActive(window);
    }
    return QTest::qWaitFor(
        [window] {
            return window->isActiveWindow() && QGuiApplication::focusWindow() == window->windowHandle();
        },
        5000);
}

// Checks what a keyboard and screen reader user meets in one window: a Tab
// chain that comes round, reads top to bottom and left to right, names every
// stop, labels every field with a buddy that has a mnemonic, and uses no
// mnemonic twice.
void checkWindow(QWidget *window, int expectedStops)
{
    QVERIFY(activate(window));
    // The focus arrives with the window's activation.
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->window() == window);
    const QList<QWidget *> cycle = tabChain(window);
    QVERIFY2(cycle.size() >= expectedStops,
             qPrintable(u"%1 Tab stops in %2, at least %3 expected"_s.arg(cycle.size())
                            .arg(window->objectName())
                            .arg(expectedStops)));

    // Shift+Tab goes the same way back.
    QList<QWidget *> back = tabChain(window, Qt::ShiftModifier);
    QVERIFY(!back.isEmpty());
    std::reverse(back.begin() + 1, back.end());
    QCOMPARE(back, cycle);

    // Read from the stop nearest the top left, wherever the focus started.
    const auto position = [window](QWidget *w) {
        return w->mapTo(window, QPoint(0, 0));
    };
    const auto first = std::min_element(cycle.cbegin(), cycle.cend(), [&](QWidget *a, QWidget *b) {
        const QPoint pa = position(a);
        const QPoint pb = position(b);
        return pa.y() != pb.y() ? pa.y() < pb.y() : pa.x() < pb.x();
    });
    QList<QWidget *> chain = cycle.mid(first - cycle.cbegin()) + cycle.mid(0, first - cycle.cbegin());

    QPoint previous(-1, -1);
    int previousBottom = -1;
    for (QWidget *w : chain) {
        QVERIFY2(w->window() == window, qPrintable(describe(w) + u" is outside the window"_s));
        QVERIFY2(!accessibleName(w).isEmpty(), qPrintable(describe(w) + u" has no accessible name"_s));
        if (isField(w)) {
            QLabel *label = buddyLabel(window, w);
            QVERIFY2(label, qPrintable(describe(w) + u" has no label with it as buddy"_s));
            QVERIFY2(!mnemonic(label->text()).isNull(),
                     qPrintable(u"label \"%1\" has no mnemonic"_s.arg(label->text())));
        }
        // Reading order: the next stop starts below the previous one's top,
        // and on the same line it lies further right.
        const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
        if (previousBottom >= 0) {
            const bool sameLine = r.top() < previousBottom && r.bottom() > previous.y();
            const bool ok = sameLine ? r.left() > previous.x() : r.top() >= previous.y();
            QVERIFY2(
                ok,
                qPrintable(describe(w)
                           + u" comes out of reading order after the stop at (%1, %2)"_s.arg(previous.x())
                                 .arg(previous.y())));
        }
        previous = r.topLeft();
        previousBottom = r.bottom();
    }

    // No two visible mnemonics alike.
    QHash<QChar, QString> used;
    const auto claim = [&](const QString &text) {
        const QChar m = mnemonic(text);
        if (m.isNull())
            return;
        QVERIFY2(
            !used.contains(m),
            qPrintable(u"\"%1\" and \"%2\" share the mnemonic %3"_s.arg(used.value(m), text, QString(m))));
        used.insert(m, text);
    };
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (label->isVisibleTo(window) && label->buddy())
            claim(label->text());
    }
    for (QAbstractButton *button : window->findChildren<QAbstractButton *>()) {
        if (button->isVisibleTo(window))
            claim(button->text());
    }
}

} // namespace

class KeyboardTest : public QObject
{
    Q_OBJECT

    FakeApiProcess m_api;
    std::unique_ptr<TestEngine> m_engine;
    std::unique_ptr<ClipboardGuard> m_guard;
    std::unique_ptr<MainWindow> m_window;
    QUuid m_account;

    QUuid add(const QString &name, Provider provider, const QString &login, const QString &secret)
    {
        Account account = Account::create(provider);
        account.name = name;
        account.baseUrl = m_api.baseUrl();
        if (provider == Provider::SevenG)
            account.environment = u"custom"_s;
        account.login = login;
        bool added = false;
        m_engine->manager->accountService()->addAccount(account, secret, this, [&added](const Status &s) {
            QVERIFY2(s.ok(), qPrintable(s.error()));
            added = true;
        });
        [&] {
            QTRY_VERIFY(added);
            QVERIFY(m_engine->waitForState(account.id, SessionState::Valid));
        }();
        return account.id;
    }

    // Shortcuts reach the active window only.
    void activateMainWindow()
    {
        [&] {
            QVERIFY(activate(m_window.get()));
        }();
        m_window->view()->setFocus();
    }

    template<typename T> T *openedDialog()
    {
        T *dialog = nullptr;
        [&] {
            QTRY_VERIFY((dialog = m_window->findChild<T *>()) && dialog->isVisible());
        }();
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_api.start({ u"--seveng-user"_s, u"alice:alice-pw"_s, u"--d7-app"_s,
                               u"app-one:one-secret"_s, u"--seveng-ttl"_s, u"1200"_s, u"--quiet"_s }),
                 qPrintable(m_api.errorString()));
        m_engine = std::make_unique<TestEngine>();
        m_guard = std::make_unique<ClipboardGuard>(QApplication::clipboard(), &m_engine->clock);
        m_engine->start();
        m_window = std::make_unique<MainWindow>(m_engine->manager.get(), m_guard.get(), nullptr);
        m_window->settingsAction()->setVisible(true);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_account = add(u"Registry test"_s, Provider::SevenG, u"alice"_s, u"alice-pw"_s);
        add(u"SMS alerts"_s, Provider::D7, u"app-one"_s, u"one-secret"_s);
        m_window->selectAccount(m_account);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_guard.reset();
        m_engine.reset();
        QApplication::clipboard()->clear();
    }

    void everyMenuCommandHasItsOwnMnemonic()
    {
        QHash<QChar, QString> menus;
        const QList<QAction *> top = m_window->menuBar()->actions();
        QVERIFY(top.size() >= 4);
        QSet<QAction *> inMenus;
        for (QAction *menuAction : top) {
            const QChar m = mnemonic(menuAction->text());
            QVERIFY2(!m.isNull(), qPrintable(menuAction->text()));
            QVERIFY2(!menus.contains(m), qPrintable(menuAction->text() + u" / "_s + menus.value(m)));
            menus.insert(m, menuAction->text());
            QHash<QChar, QString> items;
            for (QAction *action : menuAction->menu()->actions()) {
                if (action->isSeparator() || !action->isVisible())
                    continue;
                inMenus.insert(action);
                const QChar im = mnemonic(action->text());
                QVERIFY2(!im.isNull(), qPrintable(action->text() + u" has no mnemonic"_s));
                QVERIFY2(!items.contains(im),
                         qPrintable(action->text() + u" and "_s + items.value(im) + u" share a mnemonic"_s));
                items.insert(im, action->text());
            }
        }
        // The toolbar and the context menu offer nothing the menus do not.
        auto *toolBar = m_window->findChild<QToolBar *>(u"mainToolBar"_s);
        QVERIFY(toolBar);
        for (QAction *action : toolBar->actions()) {
            if (action->isSeparator() || qobject_cast<QWidgetAction *>(action))
                continue;
            QVERIFY2(inMenus.contains(action), qPrintable(action->text() + u" is only in the toolbar"_s));
        }
        auto *context = m_window->findChild<QMenu *>(u"accountContextMenu"_s);
        QVERIFY(context);
        for (QAction *action : context->actions()) {
            if (!action->isSeparator())
                QVERIFY2(inMenus.contains(action), qPrintable(action->text()));
        }
    }

    void theCommandsOfAllDayHaveShortcuts()
    {
        for (const char *name : { "addAction", "editAction", "removeAction", "copyTokenAction",
                                  "copyHeaderAction", "copyCurlAction", "renewAction", "detailsAction",
                                  "checkAction", "findAction", "settingsAction", "quitAction" }) {
            auto *action = m_window->findChild<QAction *>(QString::fromLatin1(name));
            QVERIFY2(action, name);
            QVERIFY2(!action->shortcut().isEmpty(), name);
        }
    }

    void mainWindowTabOrder()
    {
        QVERIFY(activate(m_window.get()));
        m_window->filterEdit()->setFocus(Qt::TabFocusReason);
        const QList<QWidget *> chain = tabChain(m_window.get());
        // The filter, then the accounts; the toolbar is reached through its shortcuts and the menus.
        QVERIFY2(chain.size() >= 2, qPrintable(QString::number(chain.size())));
        QCOMPARE(chain.at(0), m_window->filterEdit());
        QCOMPARE(chain.at(1), m_window->view());
        for (QWidget *w : chain)
            QVERIFY2(!accessibleName(w).isEmpty(), qPrintable(describe(w)));
        // Ctrl+F comes back to the filter from anywhere.
        m_window->view()->setFocus();
        QTest::keyClick(m_window->view(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), m_window->filterEdit());
        QTest::keyClick(m_window->filterEdit(), Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), m_window->view());
    }

    void countdownIsReadInWords()
    {
        const int sourceRow = m_window->model()->rowOf(m_account);
        const QModelIndex cell = m_window->proxyModel()->mapFromSource(
            m_window->model()->index(sourceRow, AccountTableModel::TimeLeftColumn));
        const QString shown = cell.data().toString();
        QVERIFY2(QRegularExpression(u"^\\d+:\\d\\d$"_s).match(shown).hasMatch(), qPrintable(shown));

        // What the table hands a screen reader for that cell.
        QAccessibleInterface *table = QAccessible::queryAccessibleInterface(m_window->view());
        QVERIFY(table && table->tableInterface());
        QAccessibleInterface *accessibleCell = table->tableInterface()->cellAt(cell.row(), cell.column());
        QVERIFY(accessibleCell);
        const QString spoken = accessibleCell->text(QAccessible::Name);
        QVERIFY2(QRegularExpression(u"^(\\d+ (minutes?|seconds?) )+left$"_s).match(spoken).hasMatch(),
                 qPrintable(spoken));
        QVERIFY(!spoken.contains(u':'));
        // The words follow the clock.
        const QString before = spoken;
        m_engine->clock.advance(61'000);
        m_engine->tick();
        QVERIFY(accessibleCell->text(QAccessible::Name) != before);
        // And every other cell of the row has a name to say.
        for (int column = 0; column < AccountTableModel::ColumnCount; ++column) {
            QAccessibleInterface *c = table->tableInterface()->cellAt(cell.row(), column);
            QVERIFY(c);
            QVERIFY2(!c->text(QAccessible::Name).trimmed().isEmpty(), qPrintable(QString::number(column)));
            QVERIFY2(c->text(QAccessible::Name) != u"—"_s, qPrintable(QString::number(column)));
        }
    }

    void addAccountDialog_data()
    {
        QTest::addColumn<bool>("d7");
        QTest::addColumn<bool>("pasted");
        QTest::newRow("7G") << false << false;
        QTest::newRow("D7") << true << false;
        QTest::newRow("D7 pasted token") << true << true;
    }

    void addAccountDialog()
    {
        QFETCH(bool, d7);
        QFETCH(bool, pasted);
        activateMainWindow();
        QTest::keyClick(m_window->view(), Qt::Key_N, Qt::ControlModifier);
        auto *dialog = openedDialog<AccountDialog>();
        QVERIFY(dialog);
        if (d7)
            dialog->findChild<QRadioButton *>(u"providerD7"_s)->setChecked(true);
        if (pasted)
            dialog->findChild<QRadioButton *>(u"credentialToken"_s)->setChecked(true);
        // Service, (credential,) name, (environment,) base URL, login, secret, show, (expiry,) notes,
        // (test,) save, cancel.
        checkWindow(dialog, d7 ? 10 : 11);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!m_window->findChild<AccountDialog *>());
    }

    void editAccountDialog()
    {
        m_window->selectAccount(m_account);
        activateMainWindow();
        QTest::keyClick(m_window->view(), Qt::Key_E, Qt::ControlModifier);
        auto *dialog = openedDialog<AccountDialog>();
        QVERIFY(dialog);
        checkWindow(dialog, 9);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!m_window->findChild<AccountDialog *>());
    }

    void tokenDetailsDialog()
    {
        m_window->selectAccount(m_account);
        activateMainWindow();
        QTest::keyClick(m_window->view(), Qt::Key_I, Qt::ControlModifier);
        auto *dialog = openedDialog<TokenDetailsDialog>();
        QVERIFY(dialog);
        // Token, show, copy, claims, close.
        checkWindow(dialog, 5);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!m_window->findChild<TokenDetailsDialog *>());
    }

    void settingsDialog()
    {
        AppSettings settings(AppSettings::pathInConfigDir(m_engine->dir.path()));
        SettingsDialog dialog(&settings, &m_engine->policy, m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // The manual proxy's fields take part once chosen.
        dialog.findChild<QRadioButton *>(u"proxyManual"_s)->setChecked(true);
        // Three numbers, four boxes, the CA file and its Choose button (Remove
        // waits for a file), the chosen proxy, host and port, Close.
        checkWindow(&dialog, 13);
    }
};

QTEST_MAIN(KeyboardTest)
#include "tst_keyboard.moc"
