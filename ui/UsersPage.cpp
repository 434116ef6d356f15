#include "UsersPage.h"

#include "AddUserDialog.h"
#include "Palette.h"
#include "Workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

UsersPage::UsersPage(Workspace& workspace, const User& user, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_table(new QTableWidget(this))
    , m_outcome(new QLabel(this))
{
    setObjectName(u"usersPage"_s);
    setupLayout();
    refresh();
}

void UsersPage::setupLayout()
{
    m_table->setObjectName(u"usersTable"_s);
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Role")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* add = new QPushButton(tr("Add user..."), this);
    add->setObjectName(u"addUserButton"_s);
    add->setEnabled(isAllowed(m_user.role, Action::ManageUsers));
    connect(add, &QPushButton::clicked, this, &UsersPage::addUser);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_outcome, 1);
    buttons->addWidget(add);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("One account per person: an account is never shared."), this));
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void UsersPage::refresh()
{
    const QList<User> users = m_workspace.accounts().list();
    m_table->setRowCount(static_cast<int>(users.size()));
    for (int row = 0; row < users.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(users.at(row).name));
        m_table->setItem(row, 1, new QTableWidgetItem(roleLabel(users.at(row).role)));
    }
    m_table->resizeColumnToContents(0);
}

void UsersPage::addUser()
{
    AddUserDialog dialog(m_workspace, m_user, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_outcome->setText(colouredHtml(
        tr("Account %1 created (%2).").arg(dialog.created().name, roleLabel(dialog.created().role)),
        successColor()));
    refresh();
}

} // namespace sipelanduk
