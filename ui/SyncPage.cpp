#include "SyncPage.h"

#include "ApplicationTableModel.h"
#include "EnrolDialog.h"
#include "Logging.h"
#include "Palette.h"
#include "Workspace.h"
#include "sync/Outbox.h"
#include "sync/SyncClient.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTime>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QLabel* wrappingLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    return label;
}

} // namespace

SyncPage::SyncPage(Workspace& workspace, const User& user, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_client(new SyncClient(workspace.database(), workspace.clock(), this))
{
    setObjectName(u"syncPage"_s);
    setupLayout();
    connect(m_client, &SyncClient::progress, this, &SyncPage::appendProgress);
    connect(m_client, &SyncClient::finished, this, &SyncPage::syncFinished);
    refresh();
}

QGroupBox* SyncPage::serverBox()
{
    auto* box = new QGroupBox(tr("Central server"), this);
    m_serverState = wrappingLabel(box);
    m_enrol = new QPushButton(tr("Enrol this PC..."), box);
    m_enrol->setObjectName(u"enrolButton"_s);
    m_enrol->setEnabled(isAllowed(m_user.role, Action::EnrolDevice));
    connect(m_enrol, &QPushButton::clicked, this, &SyncPage::enrol);
    auto* layout = new QHBoxLayout(box);
    layout->addWidget(m_serverState, 1);
    layout->addWidget(m_enrol, 0, Qt::AlignTop);
    return box;
}

QGroupBox* SyncPage::syncBox()
{
    auto* box = new QGroupBox(tr("Sync"), this);
    m_sync = new QPushButton(tr("Sync now"), box);
    m_sync->setObjectName(u"syncButton"_s);
    m_sync->setEnabled(isAllowed(m_user.role, Action::RunSync));
    connect(m_sync, &QPushButton::clicked, this, &SyncPage::startSync);
    m_lastSuccess = wrappingLabel(box);
    m_lastSuccess->setObjectName(u"lastSuccessfulSync"_s);
    m_progress = new QPlainTextEdit(box);
    m_progress->setObjectName(u"syncProgress"_s);
    m_progress->setReadOnly(true);
    m_progress->setMaximumBlockCount(500);

    auto* top = new QHBoxLayout;
    top->addWidget(m_sync);
    top->addWidget(m_lastSuccess, 1);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(top);
    layout->addWidget(m_progress, 1);
    return box;
}

QGroupBox* SyncPage::reportBox()
{
    auto* box = new QGroupBox(tr("Last sync in this session"), this);
    m_report = wrappingLabel(box);
    m_report->setObjectName(u"syncReport"_s);
    m_report->setText(tr("No sync has run since the program started."));
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_report, 1);
    return box;
}

QGroupBox* SyncPage::countsBox()
{
    auto* box = new QGroupBox(tr("Applications on this PC"), this);
    m_counts = wrappingLabel(box);
    m_counts->setObjectName(u"stateCounts"_s);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_counts, 1);
    return box;
}

void SyncPage::setupLayout()
{
    auto* left = new QVBoxLayout;
    left->addWidget(serverBox());
    left->addWidget(syncBox(), 1);
    auto* right = new QVBoxLayout;
    right->addWidget(reportBox(), 1);
    right->addWidget(countsBox(), 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 2);
}

void SyncPage::refresh()
{
    Database& database = m_workspace.database();
    m_serverState->setText(
        SyncClient::isEnrolled(database)
            ? tr("This PC is enrolled with %1.").arg(SyncClient::serverUrl(database).toString())
            : colouredHtml(tr("This PC is not enrolled yet: nothing can be sent until it is."),
                           warningColor()));
    const std::optional<SyncRun> last = Outbox(database, m_workspace.clock()).lastSuccessfulRun();
    m_lastSuccess->setText(last
                               ? tr("Last successful sync: %1").arg(localTimeText(last->finishedAt))
                               : tr("No successful sync yet."));
    showCounts();
}

void SyncPage::showCounts()
{
    const QMap<ApplicationState, int> counts = m_workspace.applications().countsByState();
    QString rows;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it) {
        rows += u"<tr><td>%1</td><td align=\"right\">&nbsp;&nbsp;%2</td></tr>"_s.arg(
            stateLabel(it.key()).toHtmlEscaped(), QString::number(it.value()));
    }
    m_counts->setText(rows.isEmpty() ? tr("No applications yet.")
                                     : u"<table>"_s + rows + u"</table>"_s);
}

void SyncPage::enrol()
{
    EnrolDialog dialog(m_workspace, m_user, this);
    if (dialog.exec() == QDialog::Accepted)
        appendProgress(tr("This PC is now enrolled."));
    refresh();
}

void SyncPage::startSync()
{
    m_sync->setEnabled(false);
    m_enrol->setEnabled(false);
    m_progress->clear();
    appendProgress(tr("Sync started."));
    qCInfo(lcUi) << "sync started by" << m_user.name;
    m_client->run(m_user);
}

void SyncPage::appendProgress(const QString& message)
{
    m_progress->appendPlainText(QTime::currentTime().toString(u"HH:mm:ss"_s) + u"  "_s + message);
}

void SyncPage::syncFinished()
{
    m_sync->setEnabled(isAllowed(m_user.role, Action::RunSync));
    m_enrol->setEnabled(isAllowed(m_user.role, Action::EnrolDevice));
    const Status& status = m_client->lastStatus();
    appendProgress(status ? tr("Sync finished.")
                          : tr("Sync stopped: %1").arg(status.errorMessage()));
    showReport(status, m_client->lastReport());
    refresh();
    Q_EMIT changed();
}

void SyncPage::showReport(const Status& status, const SyncReport& report)
{
    QStringList lines;
    lines.append(tr("Batches sent: %1. Accepted: %2. Rejected: %3. Status changes received: %4.")
                     .arg(report.batchesSent)
                     .arg(report.accepted)
                     .arg(report.rejected)
                     .arg(report.statusChanges));
    for (const QString& rejection : report.rejections)
        lines.append(colouredHtml(tr("Rejected: %1").arg(rejection), errorColor()));
    for (const QString& failure : report.failures)
        lines.append(colouredHtml(tr("Not sent: %1").arg(failure), errorColor()));
    for (const QString& change : report.masterData)
        lines.append(tr("Master data: %1").arg(change.toHtmlEscaped()));
    for (const QString& refusal : report.masterDataRefusals)
        lines.append(colouredHtml(refusal, warningColor()));
    if (report.clockSkewSeconds) {
        const int minutes = static_cast<int>(qAbs(*report.clockSkewSeconds) / 60);
        lines.append(colouredHtml(tr("This PC's clock differs from the central server's by about "
                                     "%n minute(s). Set the PC's date and time correctly.",
                                     nullptr, minutes),
                                  warningColor()));
    }
    if (!status && report.failures.isEmpty())
        lines.append(colouredHtml(status.errorMessage(), errorColor()));
    m_report->setText(lines.join(u"<br>"_s));
}

} // namespace sipelanduk
