#include "ResetPasswordDialog.h"

#include "Palette.h"
#include "PasswordPair.h"
#include "Workspace.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

ResetPasswordDialog::ResetPasswordDialog(Workspace& workspace, const User& actor,
                                         const QString& name, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_actor(actor)
    , m_name(name)
    , m_password(std::make_unique<PasswordPair>(this, u"reset"_s))
    , m_error(new QLabel(this))
{
    setObjectName(u"resetPasswordDialog"_s);
    setWindowTitle(tr("Reset password"));
    m_error->setWordWrap(true);
    m_error->hide();
    setupLayout();
}

ResetPasswordDialog::~ResetPasswordDialog() = default;

void ResetPasswordDialog::setupLayout()
{
    auto* intro = new QLabel(tr("A new password for %1. Tell it to them in person; a lock after "
                                "wrong passwords ends with it.")
                                 .arg(m_name),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    m_password->addRows(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Set password"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ResetPasswordDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ResetPasswordDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(400);
}

void ResetPasswordDialog::showError(const QString& message)
{
    m_error->setText(colouredHtml(message, errorColor()));
    m_error->show();
}

void ResetPasswordDialog::accept()
{
    if (const QString mismatch = m_password->mismatch(); !mismatch.isEmpty()) {
        showError(mismatch);
        return;
    }
    const Status reset =
        m_workspace.accounts().resetPassword(m_actor, m_name, m_password->password());
    if (!reset) {
        showError(reset.errorMessage());
        return;
    }
    QDialog::accept();
}

} // namespace sipelanduk
