#include "LockDialog.h"

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

LockDialog::LockDialog(Workspace& workspace, const User& user, QWidget* parent)
    : QDialog(parent, Qt::Dialog | Qt::CustomizeWindowHint | Qt::WindowTitleHint)
    , m_workspace(workspace)
    , m_user(user)
    , m_password(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"lockDialog"_s);
    setWindowTitle(tr("Session locked"));
    setWindowModality(Qt::ApplicationModal);
    m_password->setObjectName(u"lockPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(u"lockError"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    setupLayout();
    m_password->setFocus();
}

void LockDialog::setupLayout()
{
    auto* who = new QLabel(
        tr("<b>%1</b>, %2, is signed in.").arg(m_user.name.toHtmlEscaped(), roleLabel(m_user.role)),
        this);
    who->setObjectName(u"lockSignedIn"_s);
    auto* why = new QLabel(tr("The session was locked because nobody used it for a while. What was "
                              "on the screen is kept; type the password of %1 to go on.")
                               .arg(m_user.name),
                           this);
    why->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Password:"), m_password);

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* unlock = buttons->addButton(tr("Unlock"), QDialogButtonBox::AcceptRole);
    unlock->setObjectName(u"unlockButton"_s);
    unlock->setDefault(true);
    QPushButton* signOut = buttons->addButton(tr("Sign out"), QDialogButtonBox::ResetRole);
    signOut->setObjectName(u"lockSignOutButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &LockDialog::accept);
    connect(signOut, &QPushButton::clicked, this, &LockDialog::signOutRequested);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(who);
    layout->addWidget(why);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void LockDialog::showError(const QString& message)
{
    m_error->setText(colouredHtml(message, errorColor()));
    m_error->show();
    m_password->setFocus();
}

void LockDialog::accept()
{
    Result<User> user = m_workspace.accounts().authenticate(m_user.name, m_password->text());
    m_password->clear();
    if (!user) {
        showError(user.errorMessage());
        return;
    }
    qCInfo(lcUi) << "session unlocked:" << m_user.name;
    QDialog::accept();
}

// The session stays locked until its owner's password or a sign-out.
void LockDialog::reject() {}

} // namespace sipelanduk
