#pragma once

#include "security/Permissions.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QLayout;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTableWidgetItem;

namespace sipelanduk {

struct AccountState;
class Workspace;

// The local accounts of this PC and the session lock, for the IT operator: accounts are added,
// given a new password, disabled and enabled again, never deleted.
class UsersPage : public QWidget
{
    Q_OBJECT

public:
    UsersPage(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void refresh();

Q_SIGNALS:
    void idleMinutesChanged(int minutes);

private:
    void setupTable();
    QLayout* accountButtons();
    QGroupBox* sessionBox();
    void setupLayout();
    void fillRow(int row, const AccountState& account);
    const QTableWidgetItem* selectedItem() const;
    QString selectedName() const;
    void updateButtons();
    void showOutcome(const QString& message, bool success);

    void addUser();
    void resetPassword();
    void setSelectedActive(bool active);
    void applyIdleMinutes();

    Workspace& m_workspace;
    User m_user;
    QTableWidget* m_table;
    QPushButton* m_add = nullptr;
    QPushButton* m_reset = nullptr;
    QPushButton* m_disable = nullptr;
    QPushButton* m_enable = nullptr;
    QSpinBox* m_idleMinutes = nullptr;
    QLabel* m_outcome;
};

} // namespace sipelanduk
