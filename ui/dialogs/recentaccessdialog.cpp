#include "dialogs/recentaccessdialog.h"

#include "audit/accesslog.h"
#include "dialogs/accesslogmodel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

RecentAccessDialog::RecentAccessDialog(AccessLog *log, QWidget *parent)
    : QDialog(parent)
    , m_model(new AccessLogModel(log, this))
{
    setObjectName(u"recentAccessDialog"_s);
    setWindowTitle(tr("Recent Access"));
    auto *layout = new QVBoxLayout(this);

    auto *intro
        = new QLabel(tr("Every token handed to another program (the command line, scripts, exec), "
                        "with the process that received it. The tokens themselves are never recorded."),
                     this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_view = new QTableView(this);
    m_view->setObjectName(u"recentAccessTable"_s);
    m_view->setAccessibleName(tr("Recent access"));
    m_view->setAccessibleDescription(tr("Tokens handed out, oldest first: time, account, command, process, "
                                        "process id and user id."));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setTabKeyNavigation(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setFocusPolicy(Qt::StrongFocus);
    layout->addWidget(m_view, 1);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"recentAccessSummary"_s);
    layout->addWidget(m_summary);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *reload = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    reload->setObjectName(u"reloadButton"_s);
    reload->setToolTip(tr("Read the log again, with what headless commands added"));
    connect(reload, &QPushButton::clicked, m_model, &AccessLogModel::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int, int last) {
        updateSummary();
        m_view->scrollTo(m_model->index(last, 0));
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RecentAccessDialog::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateSummary();
        m_view->scrollToBottom();
    });
    updateSummary();
    m_view->scrollToBottom();
    m_view->setFocus();
    resize(760, 420);
}

void RecentAccessDialog::updateSummary()
{
    const int rows = m_model->rowCount();
    m_summary->setText(rows == 0 ? tr("No token has been handed out yet.")
                                 : tr("%n token(s) handed out, newest at the bottom.", nullptr, rows));
}
