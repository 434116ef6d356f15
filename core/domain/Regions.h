#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace sipelanduk {

class Database;

// Level of an Indonesian region code, from the shape of the code.
enum class RegionLevel
{
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4
};

struct Region
{
    QString code;
    QString name;
    RegionLevel level = RegionLevel::Province;
};

// A region as a capture form offers it: its own name and the names of the regions it lies in,
// nearest first ("Koba, Bangka Tengah" for a desa of kecamatan Koba).
struct RegionChoice
{
    QString code;
    QString name;
    RegionLevel level = RegionLevel::Province;
    QString within;
};

// Read access to region codes, as the rules need it. Kept narrow so NIK checks can be tested
// against any table.
class RegionLookup
{
public:
    virtual ~RegionLookup() = default;
    virtual bool contains(const QString& code) const = 0;
};

// Level of a dotted code such as 19.04.01.1002, or nothing if the shape is wrong.
std::optional<RegionLevel> regionLevelOf(const QString& code);

// The region table in the local database: the 108 built-in rows (38 provinces and Kabupaten
// Bangka Tengah) and, once imported, the national table of Kepmendagri.
class RegionStore final : public RegionLookup
{
    Q_DECLARE_TR_FUNCTIONS(RegionStore)

public:
    explicit RegionStore(Database& database)
        : m_database(database)
    {}

    bool contains(const QString& code) const override;
    std::optional<Region> find(const QString& code) const;
    QList<Region> children(const QString& parentCode) const;
    int count() const;

    // Every region from `highest` down to the villages, those of the kecamatan `home` first, then
    // the rest of its kabupaten, then the rest of the country, each part in the order of codes.
    QList<RegionChoice> choices(const QString& home, RegionLevel highest) const;

    // Loads the rows shipped with the program unless the table already has rows.
    Status ensureBuiltIn();

    // Replaces the table with the rows of a `kode,nama` CSV file in one transaction. A malformed
    // line refuses the whole file with its line number, leaving the table as it was.
    Result<int> importCsv(const QString& filePath);

    // The rows of a `kode,nama` CSV file; the central server checks a region file it publishes
    // with the same reader. A malformed line or a repeated code refuses the whole file.
    static Result<QList<Region>> parseCsv(const QByteArray& content);
    // Replaces the table with `regions` in one transaction (a savepoint inside the caller's).
    Status replaceAll(const QList<Region>& regions);

private:
    Database& m_database;
};

} // namespace sipelanduk
