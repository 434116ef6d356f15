#include "QueueTableModel.h"

#include "ApplicationTableModel.h"
#include "Palette.h"
#include "domain/Catalogue.h"

#include <QBrush>

namespace sipelanduk {

QueueTableModel::QueueTableModel(Database& database, const Clock& clock, const Catalogue& catalogue,
                                 const QString& language, QObject* parent)
    : QAbstractTableModel(parent)
    , m_database(database)
    , m_clock(clock)
    , m_catalogue(catalogue)
    , m_language(language)
{}

void QueueTableModel::reload(qint64 sendingBatch)
{
    beginResetModel();
    const Outbox outbox(m_database, m_clock);
    m_sendingBatch = sendingBatch;
    m_counts = outbox.queueCounts(sendingBatch);
    m_total = 0;
    for (const int count : std::as_const(m_counts))
        m_total += count;
    m_items = outbox.queue(kPageSize, 0, sendingBatch);
    endResetModel();
}

const QueueItem* QueueTableModel::itemAt(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr;
}

int QueueTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int QueueTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool QueueTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_items.size() < m_total;
}

void QueueTableModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid())
        return;
    const QList<QueueItem> page =
        Outbox(m_database, m_clock)
            .queue(kPageSize, static_cast<int>(m_items.size()), m_sendingBatch);
    if (page.isEmpty()) {
        m_total = static_cast<int>(m_items.size()); // the queue shrank meanwhile
        return;
    }
    const int first = static_cast<int>(m_items.size());
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    m_items += page;
    endInsertRows();
}

QVariant QueueTableModel::data(const QModelIndex& index, int role) const
{
    const QueueItem* item = itemAt(index.row());
    if (!item)
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return text(*item, index.column());
    if (role == Qt::ForegroundRole && index.column() == State) {
        switch (item->state) {
        case QueueState::Rejected:
        case QueueState::Failed:
            return QBrush(errorColor());
        case QueueState::Accepted:
            return QBrush(successColor());
        default:
            return {};
        }
    }
    return {};
}

QString QueueTableModel::text(const QueueItem& item, int column) const
{
    switch (column) {
    case RegistrationNumber:
        return item.registrationNumber;
    case Service: {
        const sipelanduk::Service* service = m_catalogue.service(item.service);
        return service ? service->name.text(m_language) : item.service;
    }
    case State:
        return queueStateLabel(item.state);
    case Reason:
        return item.reason;
    case LastChange:
        return localTimeText(item.changedAt);
    default:
        return {};
    }
}

QVariant QueueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RegistrationNumber:
        return tr("Registration number");
    case Service:
        return tr("Service");
    case State:
        return tr("State");
    case Reason:
        return tr("Reason");
    case LastChange:
        return tr("Last change");
    default:
        return {};
    }
}

} // namespace sipelanduk
