#include "FirstRunDialog.h"

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

namespace {

// The regency whose kantor camat this program serves, and the kecamatan offered first.
constexpr auto kRegency = "19.04"_L1;
constexpr auto kDefaultOffice = "19.04.01"_L1;

} // namespace

FirstRunDialog::FirstRunDialog(Workspace& workspace, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setObjectName(u"firstRunDialog"_s);
    setWindowTitle(tr("Set up this PC"));
    setupFields();
    setupLayout();
}

FirstRunDialog::~FirstRunDialog() = default;

void FirstRunDialog::setupFields()
{
    m_office = new QComboBox(this);
    m_office->setObjectName(u"officeChoice"_s);
    const QList<Region> districts = m_workspace.regions().children(kRegency);
    for (const Region& district : districts)
        m_office->addItem(tr("%1 (%2)").arg(district.name, district.code), district.code);
    m_office->setCurrentIndex(qMax(0, m_office->findData(QString(kDefaultOffice))));

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"adminName"_s);
    m_password = std::make_unique<PasswordPair>(this, u"admin"_s);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->hide();
}

void FirstRunDialog::setupLayout()
{
    auto* intro = new QLabel(tr("This PC is not set up yet. Choose the kantor camat it serves and "
                                "create the account of its IT operator, who then adds the "
                                "accounts of the clerks and the supervisor."),
                             this);
    intro->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Kecamatan:"), m_office);
    form->addRow(tr("IT operator's name:"), m_name);
    m_password->addRows(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Set up"));
    connect(buttons, &QDialogButtonBox::accepted, this, &FirstRunDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &FirstRunDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void FirstRunDialog::showError(const QString& message)
{
    m_error->setText(colouredHtml(message, errorColor()));
    m_error->show();
}

void FirstRunDialog::accept()
{
    if (const QString mismatch = m_password->mismatch(); !mismatch.isEmpty()) {
        showError(mismatch);
        return;
    }
    Result<User> admin = Office::initialise(
        m_workspace.database(), m_workspace.regions(), m_workspace.accounts(),
        m_office->currentData().toString(), m_name->text(), m_password->password());
    if (!admin) {
        showError(admin.errorMessage());
        return;
    }
    m_admin = *admin;
    qCInfo(lcUi) << "office set up:" << m_office->currentData().toString();
    QDialog::accept();
}

} // namespace sipelanduk
