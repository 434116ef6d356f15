#pragma once

#include "domain/Application.h"

#include <QAbstractTableModel>
#include <QList>

namespace sipelanduk {

class Catalogue;

// Applications as rows, with the columns a page asks for.
class ApplicationTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        RegistrationNumber,
        Service,
        Applicant,
        State,
        Reason,
        LastChange,
        CapturedBy,
        Submitted,
        ConfirmedWarnings,
    };
    static constexpr int kIdRole = Qt::UserRole + 1;

    ApplicationTableModel(const Catalogue& catalogue, const QString& language,
                          QList<Column> columns, QObject* parent = nullptr);

    void setApplications(QList<Application> applications);
    const Application* applicationAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const Application& application, Column column) const;
    QVariant foreground(const Application& application, Column column) const;

    const Catalogue& m_catalogue;
    QString m_language;
    QList<Column> m_columns;
    QList<Application> m_applications;
};

// Local time as the office reads it.
QString localTimeText(const QDateTime& instant);

} // namespace sipelanduk
