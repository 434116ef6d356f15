#include "EnrolDialog.h"

#include "Logging.h"
#include "Palette.h"
#include "Workspace.h"
#include "sync/SyncClient.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

EnrolDialog::EnrolDialog(Workspace& workspace, const User& user, QWidget* parent)
    : QDialog(parent)
    , m_user(user)
    , m_client(new SyncClient(workspace.database(), workspace.clock(), this))
    , m_server(new QLineEdit(this))
    , m_code(new QLineEdit(this))
    , m_device(new QLineEdit(QSysInfo::machineHostName(), this))
    , m_caFile(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"enrolDialog"_s);
    setWindowTitle(tr("Enrol this PC"));
    m_server->setObjectName(u"serverUrl"_s);
    m_server->setPlaceholderText(u"https://pusat.example.go.id"_s);
    m_server->setText(SyncClient::serverUrl(workspace.database()).toString());
    m_code->setObjectName(u"enrolmentCode"_s);
    m_device->setObjectName(u"deviceName"_s);
    m_caFile->setObjectName(u"caFile"_s);
    m_caFile->setPlaceholderText(tr("Only when the regency gives one"));
    m_status->setWordWrap(true);
    setupLayout();
    connect(m_client, &SyncClient::progress, m_status, &QLabel::setText);
    connect(m_client, &SyncClient::finished, this, &EnrolDialog::enrolmentFinished);
}

void EnrolDialog::setupLayout()
{
    auto* intro = new QLabel(tr("Disdukcapil gives a one-time code for each PC. The code works "
                                "once; the PC then keeps its own key in the system keychain."),
                             this);
    intro->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Server address:"), m_server);
    form->addRow(tr("One-time code:"), m_code);
    form->addRow(tr("Name of this PC:"), m_device);
    form->addRow(tr("Regency CA file:"), caFileRow());

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Enrol"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EnrolDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EnrolDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    setMinimumWidth(460);
}

// The file of the regency's own certificate authority, for a server whose certificate is not
// signed by a public one.
QWidget* EnrolDialog::caFileRow()
{
    auto* row = new QWidget(this);
    auto* choose = new QPushButton(tr("Choose..."), row);
    choose->setObjectName(u"chooseCaFile"_s);
    connect(choose, &QPushButton::clicked, this, &EnrolDialog::chooseCaFile);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caFile, 1);
    layout->addWidget(choose);
    return row;
}

void EnrolDialog::chooseCaFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Regency CA file"), m_caFile->text(),
                                     tr("Certificates (*.crt *.pem *.cer *.der);;All files (*)"));
    if (!file.isEmpty())
        m_caFile->setText(file);
}

void EnrolDialog::setBusy(bool busy)
{
    m_server->setEnabled(!busy);
    m_code->setEnabled(!busy);
    m_device->setEnabled(!busy);
    m_caFile->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
}

void EnrolDialog::accept()
{
    Result<QList<QSslCertificate>> authorities = QList<QSslCertificate>();
    if (const QString caFile = m_caFile->text().trimmed(); !caFile.isEmpty())
        authorities = SyncClient::readCaFile(caFile);
    if (!authorities) {
        m_status->setText(colouredHtml(authorities.errorMessage(), errorColor()));
        return;
    }
    setBusy(true);
    m_status->setText(tr("Contacting the central server..."));
    m_client->enrol(m_user, QUrl::fromUserInput(m_server->text().trimmed()), m_code->text(),
                    m_device->text().trimmed(), *authorities);
}

void EnrolDialog::reject()
{
    if (!m_client->isBusy())
        QDialog::reject();
}

void EnrolDialog::enrolmentFinished()
{
    setBusy(false);
    const Status& status = m_client->lastStatus();
    if (!status) {
        qCWarning(lcUi) << "enrolment failed:" << status.error().code;
        m_status->setText(colouredHtml(status.errorMessage(), errorColor()));
        return;
    }
    qCInfo(lcUi) << "PC enrolled";
    QDialog::accept();
}

} // namespace sipelanduk
