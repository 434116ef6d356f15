#include "ApprovalPage.h"

#include "ApplicationTableModel.h"
#include "Logging.h"
#include "Palette.h"
#include "Prompter.h"
#include "Workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

using Column = ApplicationTableModel::Column;

} // namespace

ApprovalPage::ApprovalPage(Workspace& workspace, const User& user, Prompter& prompter,
                           QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_prompter(prompter)
    , m_model(new ApplicationTableModel(workspace.catalogue(), workspace.language(),
                                        {Column::RegistrationNumber, Column::Service,
                                         Column::Applicant, Column::CapturedBy, Column::Submitted,
                                         Column::ConfirmedWarnings},
                                        this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_outcome(new QLabel(this))
{
    setObjectName(u"approvalPage"_s);
    setupTable();
    setupButtons();
    setupLayout();
    refresh();
}

void ApprovalPage::setupTable()
{
    m_table->setObjectName(u"approvalTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT openRequested(index.data(ApplicationTableModel::kIdRole).toLongLong());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApprovalPage::updateButtons);
}

void ApprovalPage::setupButtons()
{
    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(u"openApplicationButton"_s);
    m_return = new QPushButton(tr("Return with reason..."), this);
    m_return->setObjectName(u"returnButton"_s);
    m_approve = new QPushButton(tr("Approve selected"), this);
    m_approve->setObjectName(u"approveButton"_s);
    m_approveAll = new QPushButton(tr("Approve all"), this);
    m_approveAll->setObjectName(u"approveAllButton"_s);

    connect(m_open, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedIds();
        if (!ids.isEmpty())
            Q_EMIT openRequested(ids.first());
    });
    connect(m_return, &QPushButton::clicked, this, &ApprovalPage::returnSelected);
    connect(m_approve, &QPushButton::clicked, this, &ApprovalPage::approveSelected);
    connect(m_approveAll, &QPushButton::clicked, this, &ApprovalPage::approveAll);
}

void ApprovalPage::setupLayout()
{
    m_outcome->setObjectName(u"approvalOutcome"_s);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_return);
    buttons->addStretch(1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_approveAll);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_outcome);
    layout->addLayout(buttons);
}

void ApprovalPage::refresh()
{
    const QList<Application> waiting =
        m_workspace.applications().listFor(m_user, ApplicationState::Submitted, -1);
    m_model->setApplications(waiting);
    m_table->resizeColumnsToContents();
    m_summary->setText(waiting.isEmpty() ? tr("No application is waiting for approval.")
                                         : tr("%n application(s) waiting for approval.", nullptr,
                                              static_cast<int>(waiting.size())));
    updateButtons();
}

QList<qint64> ApprovalPage::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& row : rows)
        ids.append(row.data(ApplicationTableModel::kIdRole).toLongLong());
    return ids;
}

void ApprovalPage::updateButtons()
{
    const qsizetype selected = selectedIds().size();
    m_open->setEnabled(selected == 1);
    m_return->setEnabled(selected == 1);
    m_approve->setEnabled(selected > 0);
    m_approveAll->setEnabled(m_model->rowCount() > 0);
}

void ApprovalPage::approveSelected()
{
    int approved = 0;
    QStringList errors;
    const QList<qint64> ids = selectedIds();
    for (qint64 id : ids) {
        Result<Application> result = m_workspace.applications().approve(m_user, id);
        if (result)
            ++approved;
        else
            errors.append(result.errorMessage());
    }
    reportDone(approved > 0 ? tr("%n application(s) approved.", nullptr, approved) : QString(),
               errors);
}

void ApprovalPage::approveAll()
{
    const int waiting = m_model->rowCount();
    if (!m_prompter.confirm(this, tr("Approve all"),
                            tr("Approve all %n waiting application(s)? Approved applications are "
                               "sealed and cannot be changed any more.",
                               nullptr, waiting),
                            {}, tr("Approve all")))
        return;
    Result<int> approved = m_workspace.applications().approveAll(m_user);
    if (!approved) {
        reportDone({}, {approved.errorMessage()});
        return;
    }
    reportDone(tr("%n application(s) approved.", nullptr, *approved), {});
}

void ApprovalPage::returnSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.size() != 1)
        return;
    const std::optional<QString> reason = m_prompter.askText(
        this, tr("Return to the clerk"),
        tr("What must the clerk correct? The reason is shown to the clerk with the application."));
    if (!reason)
        return;
    Result<Application> returned =
        m_workspace.applications().returnToClerk(m_user, ids.first(), *reason);
    if (!returned) {
        reportDone({}, {returned.errorMessage()});
        return;
    }
    reportDone(tr("Application %1 returned to %2.")
                   .arg(returned->registrationNumber, returned->createdByName),
               {});
}

void ApprovalPage::reportDone(const QString& message, const QStringList& errors)
{
    QStringList lines;
    if (!message.isEmpty())
        lines.append(colouredHtml(message, successColor()));
    for (const QString& error : errors)
        lines.append(colouredHtml(error, errorColor()));
    m_outcome->setText(lines.join(u"<br>"_s));
    if (!errors.isEmpty()) {
        qCWarning(lcUi) << "approval refused for" << errors.size() << "application(s)";
        m_prompter.showError(this, tr("Approval"), errors.join(u"\n\n"_s));
    }
    refresh();
    Q_EMIT changed();
}

} // namespace sipelanduk
