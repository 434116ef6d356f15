#pragma once

#include "security/Permissions.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sipelanduk {

class Workspace;

// The local accounts of this PC, for the IT operator.
class UsersPage : public QWidget
{
    Q_OBJECT

public:
    UsersPage(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void refresh();

private:
    void setupLayout();
    void addUser();

    Workspace& m_workspace;
    User m_user;
    QTableWidget* m_table;
    QLabel* m_outcome;
};

} // namespace sipelanduk
