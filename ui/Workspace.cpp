#include "Workspace.h"

#include "Translations.h"
#include "domain/Catalogue.h"
#include "storage/Database.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Workspace::Workspace(Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
    , m_catalogue(Catalogue::builtIn())
    , m_regions(database)
    , m_accounts(database, clock)
    , m_applications(database, m_catalogue, m_regions, clock)
    , m_language(interfaceLanguage())
{}

OfficeInfo Workspace::office() const
{
    Result<OfficeInfo> office = Office::load(m_database);
    return office ? *office : OfficeInfo{};
}

QList<VillageChoice> Workspace::villageChoices() const
{
    const OfficeInfo here = office();
    const QString regency = here.code.section(u'.', 0, 1);
    QList<Region> districts = m_regions.children(regency);
    // The office's own kecamatan leads; the others keep the order of their codes.
    std::stable_partition(districts.begin(), districts.end(),
                          [&](const Region& district) { return district.code == here.code; });

    QList<VillageChoice> choices;
    for (const Region& district : std::as_const(districts)) {
        const QList<Region> villages = m_regions.children(district.code);
        for (const Region& village : villages)
            choices.append({village.code, village.name, district.name});
    }
    return choices;
}

} // namespace sipelanduk
