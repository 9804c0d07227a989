#pragma once

#include <QDialog>

class AccessLog;
class AccessLogModel;
class QLabel;
class QTableView;

// Help → Recent Access…: which processes were handed which account's token,
// newest at the bottom, updated as this window hands out more.
class RecentAccessDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RecentAccessDialog(AccessLog *log, QWidget *parent = nullptr);

    // For tests.
    AccessLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    void updateSummary();

    AccessLogModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
};
