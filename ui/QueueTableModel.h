#pragma once

#include "sync/Outbox.h"

#include <QAbstractTableModel>
#include <QList>

namespace sipelanduk {

class Catalogue;
class Clock;
class Database;

// The sync queue as rows, read from the database a page at a time as the view scrolls, so a
// queue of thousands opens as fast as one of ten.
class QueueTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        RegistrationNumber,
        Service,
        State,
        Reason,
        LastChange,
        ColumnCount
    };
    static constexpr int kPageSize = 100;

    QueueTableModel(Database& database, const Clock& clock, const Catalogue& catalogue,
                    const QString& language, QObject* parent = nullptr);

    // Reads the queue again from the start; `sendingBatch` is the batch on the wire, or 0.
    void reload(qint64 sendingBatch = 0);
    int total() const { return m_total; }
    const QMap<QueueState, int>& counts() const { return m_counts; }
    const QueueItem* itemAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

private:
    QString text(const QueueItem& item, int column) const;

    Database& m_database;
    const Clock& m_clock;
    const Catalogue& m_catalogue;
    QString m_language;
    qint64 m_sendingBatch = 0;
    int m_total = 0;
    QMap<QueueState, int> m_counts;
    QList<QueueItem> m_items;
};

} // namespace sipelanduk
