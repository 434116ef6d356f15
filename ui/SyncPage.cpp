#include "SyncPage.h"

#include "ApplicationTableModel.h"
#include "EnrolDialog.h"
#include "Logging.h"
#include "Palette.h"
#include "QueueTableModel.h"
#include "Workspace.h"
#include "sync/Outbox.h"
#include "sync/SyncClient.h"
#include "sync/SyncScheduler.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
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

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(text);
    return item;
}

} // namespace

SyncPage::SyncPage(Workspace& workspace, const User& user, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_client(workspace.syncClient())
    , m_scheduler(workspace.syncScheduler())
    , m_queue(new QueueTableModel(workspace.database(), workspace.clock(), workspace.catalogue(),
                                  workspace.language(), this))
{
    setObjectName(u"syncPage"_s);
    setupLayout();
    setupConnections();
    refresh();
    if (m_scheduler.isRunning())
        runStarted();
}

QGroupBox* SyncPage::serverBox()
{
    auto* box = new QGroupBox(tr("Central server"), this);
    m_serverState = wrappingLabel(box);
    m_enrol = new QPushButton(tr("Enrol this PC..."), box);
    m_enrol->setObjectName(u"enrolButton"_s);
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
    connect(m_sync, &QPushButton::clicked, this, &SyncPage::startSync);
    m_interval = new QSpinBox(box);
    m_interval->setObjectName(u"syncInterval"_s);
    m_interval->setRange(0, SyncScheduler::kMaxIntervalMinutes);
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setSuffix(tr(" min"));
    m_interval->setToolTip(tr("How often this PC syncs by itself; 0 turns automatic sync off."));
    m_interval->setEnabled(isAllowed(m_user.role, Action::EnrolDevice));
    connect(m_interval, &QSpinBox::editingFinished, this, &SyncPage::intervalEdited);
    m_progressBar = new QProgressBar(box);
    m_progressBar->setObjectName(u"syncProgressBar"_s);
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_progressBar->setFormat(tr("No sync running"));
    m_lastSuccess = wrappingLabel(box);
    m_lastSuccess->setObjectName(u"lastSuccessfulSync"_s);
    m_nextAttempt = wrappingLabel(box);
    m_nextAttempt->setObjectName(u"nextSync"_s);
    m_clockSkew = wrappingLabel(box);
    m_clockSkew->setObjectName(u"clockSkew"_s);
    m_clockSkew->hide();
    m_progress = new QPlainTextEdit(box);
    m_progress->setObjectName(u"syncProgress"_s);
    m_progress->setReadOnly(true);
    m_progress->setMaximumBlockCount(500);

    auto* top = new QHBoxLayout;
    top->addWidget(m_sync);
    top->addWidget(m_progressBar, 1);
    top->addWidget(new QLabel(tr("Sync by itself every"), box));
    top->addWidget(m_interval);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(top);
    layout->addWidget(m_lastSuccess);
    layout->addWidget(m_nextAttempt);
    layout->addWidget(m_clockSkew);
    layout->addWidget(m_progress, 1);
    return box;
}

QGroupBox* SyncPage::queueBox()
{
    auto* box = new QGroupBox(tr("Queue: waiting and recently sent"), this);
    m_queueCounts = wrappingLabel(box);
    m_queueCounts->setObjectName(u"queueCounts"_s);
    m_queueView = new QTableView(box);
    m_queueView->setObjectName(u"syncQueue"_s);
    m_queueView->setModel(m_queue);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queueView->setWordWrap(false);
    m_queueView->verticalHeader()->hide();
    QHeaderView* header = m_queueView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(QueueTableModel::Reason, QHeaderView::Stretch);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_queueCounts);
    layout->addWidget(m_queueView, 1);
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

QGroupBox* SyncPage::runsBox()
{
    auto* box = new QGroupBox(tr("Recent sync runs"), this);
    m_runs = new QTableWidget(0, 5, box);
    m_runs->setObjectName(u"syncRuns"_s);
    m_runs->setHorizontalHeaderLabels(
        {tr("Started"), tr("Result"), tr("Sent"), tr("Status changes"), tr("Message")});
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->verticalHeader()->hide();
    m_runs->horizontalHeader()->setStretchLastSection(true);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_runs, 1);
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
    left->addWidget(syncBox(), 2);
    left->addWidget(queueBox(), 3);
    auto* right = new QVBoxLayout;
    right->addWidget(reportBox(), 1);
    right->addWidget(runsBox(), 2);
    right->addWidget(countsBox(), 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 2);
}

void SyncPage::setupConnections()
{
    connect(&m_client, &SyncClient::progress, this, &SyncPage::appendProgress);
    connect(&m_client, &SyncClient::progressed, this, &SyncPage::runProgressed);
    connect(&m_scheduler, &SyncScheduler::runStarted, this, &SyncPage::runStarted);
    connect(&m_scheduler, &SyncScheduler::runFinished, this, &SyncPage::syncFinished);
    connect(&m_scheduler, &SyncScheduler::scheduleChanged, this, &SyncPage::showNextAttempt);
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
    const QSignalBlocker blocker(m_interval);
    m_interval->setValue(SyncScheduler::intervalMinutes(database));
    enableButtons();
    showNextAttempt();
    showQueue();
    showRuns();
    showCounts();
}

void SyncPage::enableButtons()
{
    const bool idle = !m_scheduler.isRunning() && !m_client.isBusy();
    m_sync->setEnabled(idle && isAllowed(m_user.role, Action::RunSync));
    m_enrol->setEnabled(idle && isAllowed(m_user.role, Action::EnrolDevice));
}

void SyncPage::showNextAttempt()
{
    if (m_scheduler.isRunning()) {
        m_nextAttempt->setText(tr("A sync is running."));
        return;
    }
    const std::optional<NextAttempt>& next = m_scheduler.next();
    if (!SyncClient::isEnrolled(m_workspace.database())) {
        m_nextAttempt->setText(tr("Automatic sync starts once this PC is enrolled."));
    } else if (!next) {
        m_nextAttempt->setText(tr("Automatic sync is off; use \"Sync now\"."));
    } else {
        m_nextAttempt->setText(
            tr("Next automatic sync: %1 (%2).")
                .arg(localTimeText(next->at), SyncScheduler::reasonText(next->reason)));
    }
    if (m_scheduler.serverReachable() == false) {
        m_nextAttempt->setText(
            m_nextAttempt->text() + u' ' +
            tr("The last attempt did not reach the central server; %n attempt(s) failed in a "
               "row.",
               nullptr, m_scheduler.failuresInRow()));
    }
}

void SyncPage::showQueue()
{
    m_queue->reload(m_client.batchInFlight());
    const QMap<QueueState, int>& counts = m_queue->counts();
    QStringList parts;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        parts.append(u"%1: %2"_s.arg(queueStateLabel(it.key())).arg(it.value()));
    m_queueCounts->setText(parts.isEmpty()
                               ? tr("Nothing is waiting, and nothing was sent in the last %n "
                                    "day(s).",
                                    nullptr, Outbox::kRecentDays)
                               : tr("%n application(s): ", nullptr, m_queue->total()) +
                                     parts.join(u", "_s));
}

void SyncPage::showRuns()
{
    const QList<SyncRun> runs =
        Outbox(m_workspace.database(), m_workspace.clock()).recentRuns(kRunsShown);
    m_runs->setRowCount(static_cast<int>(runs.size()));
    for (int row = 0; row < runs.size(); ++row) {
        const SyncRun& run = runs.at(row);
        const QString result = !run.finishedAt.isValid() ? tr("running")
                               : run.ok                  ? tr("successful")
                                                         : tr("failed");
        m_runs->setItem(row, 0, cell(localTimeText(run.startedAt)));
        m_runs->setItem(row, 1, cell(result));
        m_runs->item(row, 1)->setForeground(run.ok ? successColor() : errorColor());
        m_runs->setItem(row, 2,
                        cell(tr("%1 accepted, %2 rejected in %n batch(es)", nullptr, run.sent)
                                 .arg(run.accepted)
                                 .arg(run.rejected)));
        m_runs->setItem(row, 3, cell(QString::number(run.statuses)));
        m_runs->setItem(row, 4, cell(run.message));
    }
    m_runs->resizeColumnsToContents();
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
    if (dialog.exec() == QDialog::Accepted) {
        appendProgress(tr("This PC is now enrolled."));
        m_scheduler.reconsider();
    }
    refresh();
}

void SyncPage::intervalEdited()
{
    if (m_interval->value() == SyncScheduler::intervalMinutes(m_workspace.database()))
        return;
    const Status set =
        SyncScheduler::setIntervalMinutes(m_workspace.database(), m_user, m_interval->value());
    if (!set) {
        appendProgress(set.errorMessage());
        refresh();
        return;
    }
    m_scheduler.reconsider();
}

void SyncPage::startSync()
{
    qCInfo(lcUi) << "sync started by" << m_user.name;
    if (Status started = m_scheduler.syncNow(m_user); !started)
        appendProgress(started.errorMessage());
}

void SyncPage::runStarted()
{
    enableButtons();
    m_progress->clear();
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_progressBar->setFormat(tr("Starting..."));
    appendProgress(tr("Sync started."));
    showNextAttempt();
}

void SyncPage::runProgressed(int done, int total)
{
    m_progressBar->setRange(0, qMax(1, total));
    m_progressBar->setValue(total > 0 ? done : 1);
    m_progressBar->setFormat(total > 0 ? tr("%v of %m applications") : tr("Nothing to send"));
    showQueue();
}

void SyncPage::appendProgress(const QString& message)
{
    m_progress->appendPlainText(QTime::currentTime().toString(u"HH:mm:ss"_s) + u"  "_s + message);
}

void SyncPage::syncFinished()
{
    const Status& status = m_client.lastStatus();
    appendProgress(status ? tr("Sync finished.")
                          : tr("Sync stopped: %1").arg(status.errorMessage()));
    showReport(status, m_client.lastReport());
    showClockSkew(m_client.lastReport());
    refresh();
    Q_EMIT changed();
}

void SyncPage::showClockSkew(const SyncReport& report)
{
    m_clockSkew->setVisible(report.clockSkewSeconds.has_value());
    if (!report.clockSkewSeconds)
        return;
    m_clockSkew->setText(colouredHtml(clockSkewSentence(*report.clockSkewSeconds), warningColor()));
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
    if (report.notBefore) {
        lines.append(colouredHtml(
            tr("The central server asked to wait until %1.").arg(localTimeText(*report.notBefore)),
            warningColor()));
    }
    if (!status && report.failures.isEmpty())
        lines.append(colouredHtml(status.errorMessage(), errorColor()));
    m_report->setText(lines.join(u"<br>"_s));
}

} // namespace sipelanduk
