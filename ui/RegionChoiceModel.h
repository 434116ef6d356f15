#pragma once

#include "domain/Regions.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace sipelanduk {

// Regions as a list a completer filters while the clerk types: the national table holds 91,599
// rows, so the names are read once and every editor of every form shares the same model.
class RegionChoiceModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        CodeRole = Qt::UserRole,
        NameRole
    };

    explicit RegionChoiceModel(QList<RegionChoice> choices, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // The code of the region the text stands for: an entry of the list as shown, a name only one
    // region has, or a code written out; empty when it stands for none.
    QString codeFor(const QString& text) const;

private:
    static QString displayText(const RegionChoice& choice);

    QList<RegionChoice> m_choices;
    QStringList m_display;
};

// The regions a capture form offers, read from the region table when an editor first asks and
// kept for the forms that follow; the office's own kecamatan leads, then its kabupaten.
class RegionChoices
{
public:
    // Without a region table, the lists are empty.
    RegionChoices() = default;
    RegionChoices(const RegionStore& regions, const QString& home)
        : m_regions(&regions)
        , m_home(home)
    {}

    // Desa and kelurahan, for a village of residence or either end of a move.
    std::shared_ptr<RegionChoiceModel> villages();
    // Kabupaten/kota, kecamatan and desa/kelurahan, for a place of birth.
    std::shared_ptr<RegionChoiceModel> places();

private:
    std::shared_ptr<RegionChoiceModel> load(RegionLevel highest) const;

    const RegionStore* m_regions = nullptr;
    QString m_home;
    std::shared_ptr<RegionChoiceModel> m_villages;
    std::shared_ptr<RegionChoiceModel> m_places;
};

} // namespace sipelanduk
