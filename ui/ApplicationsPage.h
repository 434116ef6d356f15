#pragma once

#include "domain/Application.h"
#include "security/Permissions.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace sipelanduk {

class ApplicationTableModel;
class Workspace;

// The applications a person may see: a clerk's own, or all of them for the supervisor and the IT
// operator. The status column is what a clerk reads out to a resident who asks. A clerk also
// starts new applications here, one button per service of the catalogue.
class ApplicationsPage : public QWidget
{
    Q_OBJECT

public:
    ApplicationsPage(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void refresh();

Q_SIGNALS:
    void newRequested(const QString& serviceCode);
    void openRequested(qint64 id);

private:
    QWidget* captureBar();
    QWidget* filterBar();
    void setupTable();
    void setupLayout();
    QList<Application> shown(std::optional<ApplicationState> state);
    std::optional<qint64> selectedId() const;
    void openSelected();
    void handOverSelected();
    void updateButtons();

    Workspace& m_workspace;
    User m_user;
    ApplicationTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QComboBox* m_stateFilter = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_searchDelay = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_handOver = nullptr;
    QLabel* m_notice = nullptr;
};

} // namespace sipelanduk
