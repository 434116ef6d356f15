#include "domain/Retention.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "domain/Search.h"
#include "security/AuditLog.h"
#include "security/Permissions.h"
#include "storage/Database.h"
#include "storage/ScanStore.h"

#include <QFile>

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kDaysSetting = "retention.days"_L1;

} // namespace

int Retention::days() const
{
    bool ok = false;
    const int stored = m_database.setting(kDaysSetting).toInt(&ok);
    return ok && stored >= 0 ? stored : kDefaultDays;
}

Status Retention::setDays(const User& admin, int days)
{
    if (Status allowed = requirePermission(admin, Action::ManageUsers); !allowed)
        return allowed;
    if (days < 0)
        return Error{tr("The retention period is a number of days, 0 or more."), u"invalid"_s};
    return m_database.setSetting(kDaysSetting, QString::number(days));
}

Result<int> Retention::purge()
{
    const QString cutoff = toUtcText(m_clock.now().addDays(-days()));
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT id FROM application WHERE state = 'completed' AND purged_at IS NULL "
                  "AND handed_over_at IS NOT NULL AND handed_over_at <= ? ORDER BY id"_s);
    query.addBindValue(cutoff);
    if (!query.exec())
        return sqlError(tr("find applications to purge"), query.lastError().text()).error();
    QList<qint64> due;
    while (query.next())
        due.append(query.value(0).toLongLong());

    for (qint64 id : std::as_const(due)) {
        if (Status purged = purgeOne(id); !purged)
            return purged.error();
    }
    if (!due.isEmpty()) {
        // Deleted content is overwritten in the file (secure_delete); the write-ahead log still
        // holds the old pages until a checkpoint moves them and empties it. A reader that is open
        // at this moment keeps some frames alive until the next checkpoint.
        // The purge itself is kept if this fails; the next purge merges again.
        (void)Search::mergeNameIndex(m_database);
        QSqlQuery checkpoint(m_database.connection());
        checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        qCInfo(lcDomain) << "purged personal data of" << due.size() << "applications";
    }
    return static_cast<int>(due.size());
}

// The audit entry is written first, while the application still knows whose data it held.
Status Retention::purgeOne(qint64 id)
{
    const RegionStore regions(m_database);
    const ApplicationStore store(m_database, Catalogue::builtIn(), regions, m_clock);
    const std::optional<Application> application = store.find(id);
    if (!application)
        return {};
    AuditLog audit(m_database, m_clock);
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    Status done = audit.record(AuditAction::Purged, nullptr, &*application,
                               tr("retention of %n day(s) ended", nullptr, days()));
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE application SET fields = '{}', requirements = '[]', "
                  "confirmed_warnings = '[]', applicant_name = '', applicant_nik = NULL, "
                  "state_reason = NULL, purged_at = ? WHERE id = ?"_s);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(id);
    if (done && !query.exec())
        done = sqlError(tr("purge an application"), query.lastError().text());
    query.prepare(u"UPDATE application_event SET note = NULL WHERE application_id = ?"_s);
    query.addBindValue(id);
    if (done && !query.exec())
        done = sqlError(tr("purge an application"), query.lastError().text());
    Result<QStringList> orphans = done ? detachScans(id) : Result<QStringList>(done.error());
    if (!orphans) {
        m_database.rollback();
        return orphans.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed;
    // The scans' files go once the rows that named them are gone for good.
    for (const QString& sha256 : std::as_const(*orphans))
        QFile::remove(ScanStore::pathOf(m_database.dataDir(), sha256));
    return {};
}

// Drops the application's scans and returns those no other application still uses.
Result<QStringList> Retention::detachScans(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT DISTINCT sha256 FROM application_scan WHERE application_id = ?"_s);
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("purge an application's scans"), query.lastError().text()).error();
    QStringList attached;
    while (query.next())
        attached.append(query.value(0).toString());

    query.prepare(u"DELETE FROM application_scan WHERE application_id = ?"_s);
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("purge an application's scans"), query.lastError().text()).error();
    QStringList orphans;
    for (const QString& sha256 : std::as_const(attached)) {
        query.prepare(u"DELETE FROM scan WHERE sha256 = ? AND NOT EXISTS "
                      "(SELECT 1 FROM application_scan WHERE sha256 = ?)"_s);
        query.addBindValue(sha256);
        query.addBindValue(sha256);
        if (!query.exec())
            return sqlError(tr("purge an application's scans"), query.lastError().text()).error();
        if (query.numRowsAffected() > 0)
            orphans.append(sha256);
    }
    return orphans;
}

} // namespace sipelanduk
