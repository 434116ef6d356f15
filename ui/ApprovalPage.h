#pragma once

#include "security/Permissions.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace sipelanduk {

class ApplicationTableModel;
class Prompter;
class Workspace;

// The supervisor's queue: submitted applications, approved one by one, all at once, or returned
// to the clerk with a reason. Core decides what may be approved (never one the supervisor
// captured); this page says what core answered.
class ApprovalPage : public QWidget
{
    Q_OBJECT

public:
    ApprovalPage(Workspace& workspace, const User& user, Prompter& prompter,
                 QWidget* parent = nullptr);

    void refresh();

Q_SIGNALS:
    void openRequested(qint64 id);
    // Applications changed state; other lists are out of date.
    void changed();

private:
    void setupTable();
    void setupButtons();
    void setupLayout();
    QList<qint64> selectedIds() const;
    void updateButtons();

    void approveSelected();
    void approveAll();
    void returnSelected();
    void reportDone(const QString& message, const QStringList& errors);

    Workspace& m_workspace;
    User m_user;
    Prompter& m_prompter;
    ApplicationTableModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QLabel* m_outcome;
    QPushButton* m_open = nullptr;
    QPushButton* m_return = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_approveAll = nullptr;
};

} // namespace sipelanduk
