#include "ApplicationsPage.h"

#include "ApplicationTableModel.h"
#include "Workspace.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Search.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

using Column = ApplicationTableModel::Column;

QList<Column> columnsFor(const User& user)
{
    if (isAllowed(user.role, Action::ViewAllApplications)) {
        return {Column::RegistrationNumber, Column::Service, Column::Applicant,
                Column::CapturedBy,         Column::State,   Column::Reason,
                Column::LastChange};
    }
    return {Column::RegistrationNumber,
            Column::Service,
            Column::Applicant,
            Column::State,
            Column::Reason,
            Column::LastChange};
}

const QList<ApplicationState> kStates = {
    ApplicationState::Draft,      ApplicationState::Submitted, ApplicationState::Returned,
    ApplicationState::Approved,   ApplicationState::Sent,      ApplicationState::Accepted,
    ApplicationState::Processing, ApplicationState::Completed, ApplicationState::Rejected,
};

} // namespace

ApplicationsPage::ApplicationsPage(Workspace& workspace, const User& user, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_model(new ApplicationTableModel(workspace.catalogue(), workspace.language(),
                                        columnsFor(user), this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(u"applicationsPage"_s);
    setupTable();
    setupLayout();
    refresh();
}

QWidget* ApplicationsPage::captureBar()
{
    // A dozen services in one row would make the window wider than a counter PC's screen, so
    // the buttons wrap into rows of a few.
    constexpr int kColumns = 4;
    auto* bar = new QWidget(this);
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("New application:"), bar), 0, Qt::AlignTop);
    auto* buttons = new QGridLayout;
    // A retired service keeps its applications but offers no new one.
    QList<Service> services;
    for (const Service& service : m_workspace.catalogue().services()) {
        if (!service.retired)
            services.append(service);
    }
    for (qsizetype i = 0; i < services.size(); ++i) {
        const Service& service = services.at(i);
        auto* button = new QPushButton(style()->standardIcon(QStyle::SP_FileIcon),
                                       service.name.text(m_workspace.language()), bar);
        button->setObjectName(u"newApplication."_s + service.code);
        const QString code = service.code;
        connect(button, &QPushButton::clicked, this, [this, code] { Q_EMIT newRequested(code); });
        buttons->addWidget(button, int(i / kColumns), int(i % kColumns));
    }
    layout->addLayout(buttons);
    layout->addStretch(1);
    return bar;
}

QWidget* ApplicationsPage::filterBar()
{
    auto* bar = new QWidget(this);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Find by NIK, KK number, registration number or name"));
    m_search->setClearButtonEnabled(true);
    m_stateFilter = new QComboBox(bar);
    m_stateFilter->setObjectName(u"stateFilter"_s);
    m_stateFilter->addItem(tr("All states"), QString());
    for (ApplicationState state : kStates)
        m_stateFilter->addItem(stateLabel(state), stateName(state));
    m_count = new QLabel(bar);

    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 2);
    layout->addWidget(new QLabel(tr("Status:"), bar));
    layout->addWidget(m_stateFilter, 1);
    layout->addWidget(m_count);

    // The search runs once typing pauses, not at every key.
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &ApplicationsPage::refresh);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, &ApplicationsPage::refresh);
    return bar;
}

void ApplicationsPage::setupTable()
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(u"applicationsTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(m_table, &QTableView::activated, this, &ApplicationsPage::openSelected);
}

void ApplicationsPage::setupLayout()
{
    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(u"openApplicationButton"_s);
    m_open->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, &ApplicationsPage::openSelected);
    m_handOver = new QPushButton(tr("Record hand-over"), this);
    m_handOver->setObjectName(u"handOverButton"_s);
    m_handOver->setToolTip(tr("The resident collected the finished document."));
    m_handOver->setVisible(isAllowed(m_user.role, Action::CaptureApplication));
    connect(m_handOver, &QPushButton::clicked, this, &ApplicationsPage::handOverSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationsPage::updateButtons);
    m_notice = new QLabel(this);
    m_notice->setObjectName(u"applicationsNotice"_s);
    m_notice->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_notice, 1);
    buttons->addWidget(m_handOver);
    buttons->addWidget(m_open);

    auto* layout = new QVBoxLayout(this);
    if (isAllowed(m_user.role, Action::CaptureApplication))
        layout->addWidget(captureBar());
    layout->addWidget(filterBar());
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void ApplicationsPage::refresh()
{
    const std::optional<ApplicationState> state =
        stateFromName(m_stateFilter->currentData().toString());
    const QList<Application> applications = shown(state);
    m_model->setApplications(applications);
    m_table->resizeColumnsToContents();
    m_count->setText(tr("%n application(s)", nullptr, static_cast<int>(applications.size())));
    updateButtons();
}

// Without a search text, the newest applications; with one, what the search finds in all of
// them, not only in the rows loaded.
QList<Application> ApplicationsPage::shown(std::optional<ApplicationState> state)
{
    const QString text = m_search->text().trimmed();
    if (text.isEmpty())
        return m_workspace.applications().listFor(m_user, state);
    Result<QList<Application>> found =
        Search(m_workspace.database(), m_workspace.applications()).find(m_user, text);
    if (!found) {
        m_notice->setText(found.errorMessage());
        return {};
    }
    QList<Application> applications = *found;
    if (state) {
        applications.removeIf(
            [&](const Application& application) { return application.state != *state; });
    }
    return applications;
}

void ApplicationsPage::updateButtons()
{
    const std::optional<qint64> id = selectedId();
    m_open->setEnabled(id.has_value());
    const std::optional<Application> selected =
        id ? m_workspace.applications().find(*id) : std::nullopt;
    m_handOver->setEnabled(selected && selected->state == ApplicationState::Completed &&
                           !selected->handedOverAt.isValid());
}

void ApplicationsPage::handOverSelected()
{
    const std::optional<qint64> id = selectedId();
    if (!id)
        return;
    Result<Application> handed = m_workspace.applications().recordHandOver(m_user, *id);
    m_notice->setText(handed ? tr("Application %1 was handed over.").arg(handed->registrationNumber)
                             : handed.errorMessage());
    refresh();
}

std::optional<qint64> ApplicationsPage::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().data(ApplicationTableModel::kIdRole).toLongLong();
}

void ApplicationsPage::openSelected()
{
    if (const std::optional<qint64> id = selectedId())
        Q_EMIT openRequested(*id);
}

} // namespace sipelanduk
