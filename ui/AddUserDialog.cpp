#include "AddUserDialog.h"

#include "Logging.h"
#include "Palette.h"
#include "PasswordPair.h"
#include "Workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

AddUserDialog::AddUserDialog(Workspace& workspace, const User& actor, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_actor(actor)
    , m_name(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_password(std::make_unique<PasswordPair>(this, u"newUser"_s))
    , m_error(new QLabel(this))
{
    setObjectName(u"addUserDialog"_s);
    setWindowTitle(tr("Add user"));
    m_name->setObjectName(u"newUserName"_s);
    m_role->setObjectName(u"newUserRole"_s);
    for (Role role : {Role::Clerk, Role::Supervisor, Role::Admin})
        m_role->addItem(roleLabel(role), roleName(role));
    m_error->setWordWrap(true);
    m_error->hide();
    setupLayout();
}

AddUserDialog::~AddUserDialog() = default;

void AddUserDialog::setupLayout()
{
    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Role:"), m_role);
    m_password->addRows(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create account"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AddUserDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AddUserDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(400);
}

void AddUserDialog::showError(const QString& message)
{
    m_error->setText(colouredHtml(message, errorColor()));
    m_error->show();
}

void AddUserDialog::accept()
{
    if (const QString mismatch = m_password->mismatch(); !mismatch.isEmpty()) {
        showError(mismatch);
        return;
    }
    const Role role = roleFromName(m_role->currentData().toString()).value_or(Role::Clerk);
    Result<User> created =
        m_workspace.accounts().create(m_name->text(), role, m_password->password(), &m_actor);
    if (!created) {
        showError(created.errorMessage());
        return;
    }
    m_created = *created;
    qCInfo(lcUi) << "account created:" << m_created.name << roleName(m_created.role);
    QDialog::accept();
}

} // namespace sipelanduk
