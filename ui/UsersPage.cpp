#include "UsersPage.h"

#include "AddUserDialog.h"
#include "Clock.h"
#include "Palette.h"
#include "ResetPasswordDialog.h"
#include "Workspace.h"
#include "security/SessionPolicy.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

enum Column
{
    NameColumn,
    RoleColumn,
    StateColumn,
    LockedColumn,
    FailuresColumn,
    PasswordColumn,
    ColumnCount
};

constexpr int kNameRole = Qt::UserRole;
constexpr int kActiveRole = Qt::UserRole + 1;

QString localTime(const QDateTime& instant)
{
    if (!instant.isValid())
        return {};
    return instant.toLocalTime().toString(u"dd-MM-yyyy HH:mm"_s);
}

} // namespace

UsersPage::UsersPage(Workspace& workspace, const User& user, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_table(new QTableWidget(this))
    , m_outcome(new QLabel(this))
{
    setObjectName(u"usersPage"_s);
    m_outcome->setObjectName(u"usersOutcome"_s);
    m_outcome->setWordWrap(true);
    setupTable();
    setupLayout();
    refresh();
}

void UsersPage::setupTable()
{
    m_table->setObjectName(u"usersTable"_s);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Role"), tr("State"), tr("Locked until"),
                                        tr("Wrong passwords"), tr("Password reset")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &UsersPage::updateButtons);
}

QLayout* UsersPage::accountButtons()
{
    const bool manages = isAllowed(m_user.role, Action::ManageUsers);
    m_add = new QPushButton(tr("Add user..."), this);
    m_add->setObjectName(u"addUserButton"_s);
    m_add->setEnabled(manages);
    connect(m_add, &QPushButton::clicked, this, &UsersPage::addUser);
    m_reset = new QPushButton(tr("Reset password..."), this);
    m_reset->setObjectName(u"resetPasswordButton"_s);
    connect(m_reset, &QPushButton::clicked, this, &UsersPage::resetPassword);
    m_disable = new QPushButton(tr("Disable"), this);
    m_disable->setObjectName(u"disableUserButton"_s);
    connect(m_disable, &QPushButton::clicked, this, [this] { setSelectedActive(false); });
    m_enable = new QPushButton(tr("Enable"), this);
    m_enable->setObjectName(u"enableUserButton"_s);
    connect(m_enable, &QPushButton::clicked, this, [this] { setSelectedActive(true); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_outcome, 1);
    for (QPushButton* button : {m_reset, m_disable, m_enable, m_add})
        buttons->addWidget(button);
    return buttons;
}

QGroupBox* UsersPage::sessionBox()
{
    auto* box = new QGroupBox(tr("Session lock"), this);
    m_idleMinutes = new QSpinBox(box);
    m_idleMinutes->setObjectName(u"idleMinutes"_s);
    m_idleMinutes->setRange(0, SessionPolicy::kMaxIdleMinutes);
    m_idleMinutes->setSuffix(tr(" min"));
    m_idleMinutes->setSpecialValueText(tr("never"));
    m_idleMinutes->setValue(SessionPolicy::idleMinutes(m_workspace.database()));
    auto* apply = new QPushButton(tr("Apply"), box);
    apply->setObjectName(u"applyIdleMinutesButton"_s);
    apply->setEnabled(isAllowed(m_user.role, Action::ManageUsers));
    connect(apply, &QPushButton::clicked, this, &UsersPage::applyIdleMinutes);

    auto* layout = new QHBoxLayout(box);
    layout->addWidget(new QLabel(tr("Lock a session nobody has used for:"), box));
    layout->addWidget(m_idleMinutes);
    layout->addWidget(apply);
    layout->addStretch(1);
    return box;
}

void UsersPage::setupLayout()
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("One account per person: an account is never shared. An "
                                    "account that is no longer needed is disabled, so that what "
                                    "its owner did stays on record."),
                                 this));
    layout->addWidget(m_table, 1);
    layout->addLayout(accountButtons());
    layout->addWidget(sessionBox());
}

void UsersPage::refresh()
{
    const QString selected = selectedName();
    const Result<QList<AccountState>> accounts = m_workspace.accounts().states(m_user);
    if (!accounts)
        showOutcome(accounts.errorMessage(), false);
    const QList<AccountState> rows = accounts ? *accounts : QList<AccountState>();
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        fillRow(row, rows.at(row));
        if (rows.at(row).user.name == selected)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    updateButtons();
}

void UsersPage::fillRow(int row, const AccountState& account)
{
    const bool locked = account.isLocked(m_workspace.clock().now());
    auto* name = new QTableWidgetItem(account.user.name);
    name->setData(kNameRole, account.user.name);
    name->setData(kActiveRole, account.active);
    m_table->setItem(row, NameColumn, name);
    m_table->setItem(row, RoleColumn, new QTableWidgetItem(roleLabel(account.user.role)));
    m_table->setItem(row, StateColumn,
                     new QTableWidgetItem(account.active ? tr("Active") : tr("Disabled")));
    m_table->setItem(row, LockedColumn,
                     new QTableWidgetItem(locked ? localTime(account.lockedUntil) : QString()));
    m_table->setItem(row, FailuresColumn,
                     new QTableWidgetItem(QString::number(account.failedAttempts)));
    m_table->setItem(row, PasswordColumn,
                     new QTableWidgetItem(localTime(account.passwordChangedAt)));
}

const QTableWidgetItem* UsersPage::selectedItem() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    return items.isEmpty() ? nullptr : m_table->item(items.first()->row(), NameColumn);
}

QString UsersPage::selectedName() const
{
    const QTableWidgetItem* item = selectedItem();
    return item ? item->data(kNameRole).toString() : QString();
}

void UsersPage::updateButtons()
{
    const QTableWidgetItem* item = selectedItem();
    const bool chosen = item && isAllowed(m_user.role, Action::ManageUsers);
    const bool active = chosen && item->data(kActiveRole).toBool();
    m_reset->setEnabled(chosen);
    m_disable->setEnabled(active);
    m_enable->setEnabled(chosen && !active);
}

void UsersPage::showOutcome(const QString& message, bool success)
{
    m_outcome->setText(colouredHtml(message, success ? successColor() : errorColor()));
}

void UsersPage::addUser()
{
    AddUserDialog dialog(m_workspace, m_user, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    showOutcome(
        tr("Account %1 created (%2).").arg(dialog.created().name, roleLabel(dialog.created().role)),
        true);
    refresh();
}

void UsersPage::resetPassword()
{
    const QString name = selectedName();
    ResetPasswordDialog dialog(m_workspace, m_user, name, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    showOutcome(tr("%1 has a new password and may sign in with it now.").arg(name), true);
    refresh();
}

void UsersPage::setSelectedActive(bool active)
{
    const QString name = selectedName();
    const Status changed = m_workspace.accounts().setActive(m_user, name, active);
    if (!changed)
        showOutcome(changed.errorMessage(), false);
    else if (active)
        showOutcome(tr("%1 may sign in again.").arg(name), true);
    else
        showOutcome(tr("%1 can no longer sign in; their work stays on record.").arg(name), true);
    refresh();
}

void UsersPage::applyIdleMinutes()
{
    const int minutes = m_idleMinutes->value();
    const Status saved = SessionPolicy::setIdleMinutes(m_workspace.database(), m_user, minutes);
    if (!saved) {
        showOutcome(saved.errorMessage(), false);
        return;
    }
    showOutcome(minutes == 0
                    ? tr("Sessions no longer lock by themselves.")
                    : tr("A session nobody uses for %n minute(s) locks.", nullptr, minutes),
                true);
    Q_EMIT idleMinutesChanged(minutes);
}

} // namespace sipelanduk
