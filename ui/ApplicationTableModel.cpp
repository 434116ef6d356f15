#include "ApplicationTableModel.h"

#include "Palette.h"
#include "domain/Catalogue.h"

using namespace Qt::StringLiterals;

namespace sipelanduk {

QString localTimeText(const QDateTime& instant)
{
    if (!instant.isValid())
        return {};
    return instant.toLocalTime().toString(u"dd-MM-yyyy HH:mm"_s);
}

ApplicationTableModel::ApplicationTableModel(const Catalogue& catalogue, const QString& language,
                                             QList<Column> columns, QObject* parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_language(language)
    , m_columns(std::move(columns))
{}

void ApplicationTableModel::setApplications(QList<Application> applications)
{
    beginResetModel();
    m_applications = std::move(applications);
    endResetModel();
}

const Application* ApplicationTableModel::applicationAt(int row) const
{
    if (row < 0 || row >= m_applications.size())
        return nullptr;
    return &m_applications.at(row);
}

int ApplicationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_applications.size());
}

int ApplicationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant ApplicationTableModel::data(const QModelIndex& index, int role) const
{
    const Application* application = applicationAt(index.row());
    if (!application || index.column() >= m_columns.size())
        return {};
    const Column column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return text(*application, column);
    case Qt::ToolTipRole:
        return column == Column::Reason || column == Column::ConfirmedWarnings
                   ? text(*application, column)
                   : QVariant();
    case Qt::ForegroundRole:
        return foreground(*application, column);
    case kIdRole:
        return application->id;
    default:
        return {};
    }
}

QString ApplicationTableModel::text(const Application& application, Column column) const
{
    switch (column) {
    case Column::RegistrationNumber:
        return application.registrationNumber;
    case Column::Service: {
        const Service* service = m_catalogue.service(application.service);
        return service ? service->name.text(m_language) : application.service;
    }
    case Column::Applicant:
        return application.applicantName;
    case Column::State:
        return progressLabel(application);
    case Column::Reason:
        return application.stateReason;
    case Column::LastChange:
        return localTimeText(application.stateChangedAt.isValid() ? application.stateChangedAt
                                                                  : application.updatedAt);
    case Column::CapturedBy:
        return application.createdByName;
    case Column::Submitted:
        return localTimeText(application.submittedAt);
    case Column::ConfirmedWarnings:
        return application.confirmedWarnings.join(u' ');
    }
    return {};
}

QVariant ApplicationTableModel::foreground(const Application& application, Column column) const
{
    if (column == Column::ConfirmedWarnings)
        return warningColor();
    if (column != Column::State)
        return {};
    switch (application.state) {
    case ApplicationState::Returned:
    case ApplicationState::Rejected:
        return errorColor();
    case ApplicationState::Completed:
        return successColor();
    default:
        return {};
    }
}

QVariant ApplicationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section >= m_columns.size())
        return {};
    switch (m_columns.at(section)) {
    case Column::RegistrationNumber:
        return tr("Registration number");
    case Column::Service:
        return tr("Service");
    case Column::Applicant:
        return tr("Applicant");
    case Column::State:
        return tr("Status");
    case Column::Reason:
        return tr("Reason");
    case Column::LastChange:
        return tr("Last change");
    case Column::CapturedBy:
        return tr("Captured by");
    case Column::Submitted:
        return tr("Submitted");
    case Column::ConfirmedWarnings:
        return tr("Confirmed warnings");
    }
    return {};
}

} // namespace sipelanduk
