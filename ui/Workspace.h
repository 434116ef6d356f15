#pragma once

#include "domain/ApplicationStore.h"
#include "domain/Regions.h"
#include "security/Accounts.h"
#include "storage/Office.h"

#include <QList>
#include <QString>

namespace sipelanduk {

class Catalogue;
class Clock;
class Database;

// A desa/kelurahan as the capture form offers it.
struct VillageChoice
{
    QString code;
    QString name;
    QString districtName;
};

// The core objects the screens work with, built once for the open data folder. The screens reach
// the database only through these, so every rule stays in core.
class Workspace
{
public:
    Workspace(Database& database, const Clock& clock);

    Database& database() const { return m_database; }
    const Clock& clock() const { return m_clock; }
    const Catalogue& catalogue() const { return m_catalogue; }
    RegionStore& regions() { return m_regions; }
    Accounts& accounts() { return m_accounts; }
    ApplicationStore& applications() { return m_applications; }

    OfficeInfo office() const;
    // The language of the catalogue's labels: the interface language.
    QString language() const { return m_language; }
    // The villages of this office's kecamatan first, then the rest of its kabupaten.
    QList<VillageChoice> villageChoices() const;

private:
    Database& m_database;
    const Clock& m_clock;
    const Catalogue& m_catalogue;
    RegionStore m_regions;
    Accounts m_accounts;
    ApplicationStore m_applications;
    QString m_language;
};

} // namespace sipelanduk
