#include "domain/Regions.h"

#include "Logging.h"
#include "storage/Database.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <csv.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// What libcsv hands back, collected one record at a time with the line it started on.
struct CsvCollector
{
    QList<QStringList> records;
    QList<int> lines;
    QStringList current;
    int line = 1;
    int recordStartLine = 1;
};

void onField(void* data, size_t length, void* context)
{
    auto* collector = static_cast<CsvCollector*>(context);
    if (collector->current.isEmpty())
        collector->recordStartLine = collector->line;
    collector->current.append(
        QString::fromUtf8(static_cast<const char*>(data), static_cast<qsizetype>(length)));
}

void onRecordEnd(int, void* context)
{
    auto* collector = static_cast<CsvCollector*>(context);
    collector->records.append(collector->current);
    collector->lines.append(collector->recordStartLine);
    collector->current.clear();
}

} // namespace

std::optional<RegionLevel> regionLevelOf(const QString& code)
{
    static const QRegularExpression shape(u"^\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?$"_s);
    if (!shape.match(code).hasMatch())
        return std::nullopt;
    return static_cast<RegionLevel>(code.count(u'.') + 1);
}

bool RegionStore::contains(const QString& code) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT 1 FROM region WHERE code = ?"_s);
    query.addBindValue(code);
    return query.exec() && query.next();
}

std::optional<Region> RegionStore::find(const QString& code) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT code, name, level FROM region WHERE code = ?"_s);
    query.addBindValue(code);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return Region{query.value(0).toString(), query.value(1).toString(),
                  static_cast<RegionLevel>(query.value(2).toInt())};
}

QList<Region> RegionStore::children(const QString& parentCode) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT code, name, level FROM region WHERE parent = ? ORDER BY code"_s);
    query.addBindValue(parentCode);
    QList<Region> regions;
    if (!query.exec())
        return regions;
    while (query.next()) {
        regions.append({query.value(0).toString(), query.value(1).toString(),
                        static_cast<RegionLevel>(query.value(2).toInt())});
    }
    return regions;
}

int RegionStore::count() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT count(*) FROM region"_s) || !query.next())
        return 0;
    return query.value(0).toInt();
}

QList<RegionChoice> RegionStore::choices(const QString& home, RegionLevel highest) const
{
    const QString regency = home.section(u'.', 0, 1);
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT r.code, r.name, r.level, p.name, g.name FROM region r "
                  "LEFT JOIN region p ON p.code = r.parent "
                  "LEFT JOIN region g ON g.code = p.parent AND r.level = 4 "
                  "WHERE r.level >= ? "
                  "ORDER BY CASE WHEN r.code = ? OR r.code LIKE ? THEN 0 "
                  "WHEN r.code = ? OR r.code LIKE ? THEN 1 ELSE 2 END, r.code"_s);
    query.addBindValue(static_cast<int>(highest));
    query.addBindValue(home);
    query.addBindValue(QString(home + u".%"_s));
    query.addBindValue(regency);
    query.addBindValue(QString(regency + u".%"_s));
    QList<RegionChoice> choices;
    if (!query.exec()) {
        qCWarning(lcDomain) << "region choices unreadable:" << query.lastError().text();
        return choices;
    }
    while (query.next()) {
        QStringList within{query.value(3).toString(), query.value(4).toString()};
        within.removeAll(QString());
        choices.append({query.value(0).toString(), query.value(1).toString(),
                        static_cast<RegionLevel>(query.value(2).toInt()), within.join(u", "_s)});
    }
    return choices;
}

Status RegionStore::ensureBuiltIn()
{
    if (count() > 0)
        return {};
    QFile file(u":/sipelanduk/regions/builtin.csv"_s);
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("The built-in region table is missing from this program."), u"regions"_s};
    Result<QList<Region>> regions = parseCsv(file.readAll());
    if (!regions)
        return regions.error();
    return replaceAll(*regions);
}

Result<int> RegionStore::importCsv(const QString& filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{
            tr("The region file %1 could not be read (%2).").arg(filePath, file.errorString()),
            u"regions"_s};
    }
    Result<QList<Region>> regions = parseCsv(file.readAll());
    if (!regions)
        return regions.error();
    if (Status replaced = replaceAll(*regions); !replaced)
        return replaced.error();
    qCInfo(lcDomain) << "imported" << regions->size() << "region codes";
    return static_cast<int>(regions->size());
}

Result<QList<Region>> RegionStore::parseCsv(const QByteArray& content)
{
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return Error{tr("The CSV reader could not start."), u"regions"_s};

    CsvCollector collector;
    // Feed line by line so every record knows the line it started on.
    qsizetype start = 0;
    bool failed = false;
    while (start < content.size() && !failed) {
        qsizetype end = content.indexOf('\n', start);
        end = end < 0 ? content.size() : end + 1;
        const size_t length = static_cast<size_t>(end - start);
        failed = csv_parse(&parser, content.constData() + start, length, onField, onRecordEnd,
                           &collector) != length;
        ++collector.line;
        start = end;
    }
    if (!failed)
        failed = csv_fini(&parser, onField, onRecordEnd, &collector) != 0;
    csv_free(&parser);
    if (failed) {
        return Error{tr("Line %1 of the region file is not valid CSV (a quote is not closed or "
                        "stands in the wrong place). Correct the line and import again; the "
                        "region table was not changed.")
                         .arg(collector.line - 1),
                     u"regions_malformed"_s};
    }

    QList<Region> regions;
    regions.reserve(collector.records.size());
    QHash<QString, int> firstLine;
    for (qsizetype i = 0; i < collector.records.size(); ++i) {
        const QStringList& record = collector.records.at(i);
        const int line = collector.lines.at(i);
        if (i == 0 && record.value(0).trimmed().compare(u"kode"_s, Qt::CaseInsensitive) == 0)
            continue;
        const std::optional<RegionLevel> level = regionLevelOf(record.value(0).trimmed());
        if (record.size() != 2 || !level || record.at(1).trimmed().isEmpty()) {
            return Error{tr("Line %1 of the region file is not a region: it must read "
                            "kode,nama with a code such as 19.04.01.1002 and a name. Correct the "
                            "line and import again; the region table was not changed.")
                             .arg(line),
                         u"regions_malformed"_s};
        }
        const QString code = record.at(0).trimmed();
        if (const int first = firstLine.value(code); first > 0) {
            return Error{tr("Line %1 of the region file repeats the code %2 of line %3. Keep one "
                            "of them and import again; the region table was not changed.")
                             .arg(line)
                             .arg(code)
                             .arg(first),
                         u"regions_malformed"_s};
        }
        firstLine.insert(code, line);
        regions.append({code, record.at(1).trimmed(), *level});
    }
    if (regions.isEmpty())
        return Error{tr("The region file holds no regions."), u"regions_malformed"_s};
    return regions;
}

Status RegionStore::replaceAll(const QList<Region>& regions)
{
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"DELETE FROM region"_s)) {
        const QString reason = query.lastError().text();
        m_database.rollback();
        return sqlError(tr("clear the region table"), reason);
    }
    query.prepare(u"INSERT INTO region (code, name, level, parent) VALUES (?, ?, ?, ?)"_s);
    for (const Region& region : regions) {
        query.addBindValue(region.code);
        query.addBindValue(region.name);
        query.addBindValue(static_cast<int>(region.level));
        const qsizetype lastDot = region.code.lastIndexOf(u'.');
        query.addBindValue(lastDot < 0 ? QVariant() : QVariant(region.code.left(lastDot)));
        if (!query.exec()) {
            const QString reason = query.lastError().text();
            m_database.rollback();
            return sqlError(tr("store region %1").arg(region.code), reason);
        }
    }
    return m_database.commit();
}

} // namespace sipelanduk
