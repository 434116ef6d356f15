#include "LoginDialog.h"

#include "Logging.h"
#include "Palette.h"
#include "Workspace.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

LoginDialog::LoginDialog(Workspace& workspace, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setObjectName(u"loginDialog"_s);
    const OfficeInfo office = workspace.office();
    setWindowTitle(tr("Sign in: Kecamatan %1").arg(office.name));
    setupFields();
    setupLayout();
}

void LoginDialog::setupFields()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"loginName"_s);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"loginPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_name->setMinimumWidth(260);
    m_password->setMinimumWidth(260);
    m_error = new QLabel(this);
    m_error->setObjectName(u"loginError"_s);
    m_error->setWordWrap(true);
    m_error->hide();
}

void LoginDialog::setupLayout()
{
    const OfficeInfo office = m_workspace.office();
    auto* heading = new QLabel(tr("<b>Sipelanduk Desktop</b><br>Kantor Camat %1 (%2)")
                                   .arg(office.name.toHtmlEscaped(), office.code),
                               this);

    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Password:"), m_password);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(u"signInButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    // The dialog grows with the message under the fields instead of squeezing them.
    layout->setSizeConstraint(QLayout::SetFixedSize);
    setMinimumWidth(380);
}

void LoginDialog::setName(const QString& name)
{
    m_name->setText(name);
    m_password->setFocus();
}

void LoginDialog::accept()
{
    Result<User> user = m_workspace.accounts().authenticate(m_name->text(), m_password->text());
    m_password->clear();
    if (!user) {
        m_error->setText(colouredHtml(user.errorMessage(), errorColor()));
        m_error->show();
        m_password->setFocus();
        return;
    }
    m_user = *user;
    qCInfo(lcUi) << "signed in:" << m_user.name << roleName(m_user.role);
    QDialog::accept();
}

} // namespace sipelanduk
