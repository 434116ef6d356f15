#include "security/AuditLog.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Application.h"
#include "domain/Catalogue.h"
#include "security/Permissions.h"
#include "storage/Database.h"
#include "sync/Protocol.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kSaltSetting = "audit.salt"_L1;

const QList<std::pair<AuditAction, QString>>& actionNames()
{
    static const QList<std::pair<AuditAction, QString>> names = {
        {AuditAction::Created, u"created"_s},
        {AuditAction::Changed, u"changed"_s},
        {AuditAction::Viewed, u"viewed"_s},
        {AuditAction::Submitted, u"submitted"_s},
        {AuditAction::Approved, u"approved"_s},
        {AuditAction::Returned, u"returned"_s},
        {AuditAction::Refused, u"refused"_s},
        {AuditAction::Printed, u"printed"_s},
        {AuditAction::Exported, u"exported"_s},
        {AuditAction::Sent, u"sent"_s},
        {AuditAction::StatusReceived, u"status_received"_s},
        {AuditAction::HandedOver, u"handed_over"_s},
        {AuditAction::Purged, u"purged"_s},
        {AuditAction::SignedIn, u"signed_in"_s},
        {AuditAction::SignInRefused, u"sign_in_refused"_s},
        {AuditAction::TrailStarted, u"trail_started"_s},
        {AuditAction::ScanAttached, u"scan_attached"_s},
        {AuditAction::ScanRemoved, u"scan_removed"_s},
    };
    return names;
}

template <typename IsNik>
void appendNiks(QStringList& niks, const QJsonObject& values, IsNik isNik)
{
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        if (isNik(it.key()) && it.value().isString() && !niks.contains(it.value().toString()))
            niks.append(it.value().toString());
    }
}

} // namespace

QString auditActionName(AuditAction action)
{
    for (const auto& [known, name] : actionNames()) {
        if (known == action)
            return name;
    }
    return {};
}

Status AuditLog::record(AuditAction action, const User* user, const Application* application,
                        const QString& detail)
{
    if (Status salted = ensureSalt(); !salted)
        return salted;
    AuditEntry entry;
    entry.at = m_clock.now();
    entry.userId = user ? user->id : 0;
    entry.userName = user ? user->name : u"system"_s;
    entry.action = auditActionName(action);
    entry.detail = detail;
    if (application) {
        entry.applicationUuid = application->uuid;
        entry.registrationNumber = application->registrationNumber;
        for (const QString& nik : niksOf(*application))
            entry.subjects.append(subjectOf(nik));
    }
    return append(entry);
}

Status AuditLog::record(AuditAction action, const User* user, const QString& detail)
{
    return record(action, user, nullptr, detail);
}

Status AuditLog::recordForPerson(AuditAction action, const User* user, const QString& nik,
                                 const QString& detail)
{
    if (Status salted = ensureSalt(); !salted)
        return salted;
    AuditEntry entry;
    entry.at = m_clock.now();
    entry.userId = user ? user->id : 0;
    entry.userName = user ? user->name : u"system"_s;
    entry.action = auditActionName(action);
    entry.detail = detail;
    entry.subjects = {subjectOf(nik)};
    return append(entry);
}

QStringList AuditLog::niksOf(const Application& application)
{
    QStringList niks;
    const Service* service = Catalogue::builtIn().service(application.service);
    appendNiks(niks, application.fields, [service](const QString& key) {
        const FieldSpec* spec = service ? service->field(key) : nullptr;
        return spec ? spec->type == FieldType::Nik : key.endsWith(".nik"_L1);
    });
    // Every family member is a subject too, and so are the parents whose NIKs are written there.
    for (auto it = application.fields.constBegin(); it != application.fields.constEnd(); ++it) {
        const Section* section = service ? service->repeatedSection(it.key()) : nullptr;
        for (const QJsonValue& member : it.value().toArray()) {
            appendNiks(niks, member.toObject(), [section](const QString& key) {
                const FieldSpec* spec = section ? section->field(key) : nullptr;
                return spec ? spec->type == FieldType::Nik
                            : key == "nik"_L1 || key.endsWith("Nik"_L1);
            });
        }
    }
    return niks;
}

// Drawn once per PC, before the first subject is hashed with it. The trail's first entry holds
// the salt's own hash, so a salt that was removed or replaced later is found by verify().
Status AuditLog::ensureSalt()
{
    if (!salt().isEmpty())
        return {};
    if (sodium_init() < 0)
        return Error{tr("The security library could not start."), u"crypto"_s};
    QByteArray bytes(32, '\0');
    randombytes_buf(bytes.data(), static_cast<size_t>(bytes.size()));
    const QString drawn = QString::fromLatin1(bytes.toHex());
    if (Status stored = m_database.setSetting(kSaltSetting, drawn); !stored)
        return stored;
    AuditEntry start;
    start.at = m_clock.now();
    start.userName = u"system"_s;
    start.action = auditActionName(AuditAction::TrailStarted);
    start.detail = saltFingerprint(drawn);
    return append(start);
}

QString AuditLog::saltFingerprint(const QString& salt)
{
    return u"salt "_s + protocol::sha256Hex(salt.toUtf8());
}

QString AuditLog::salt() const
{
    return m_database.setting(kSaltSetting);
}

QString AuditLog::subjectOf(const QString& nik) const
{
    return protocol::sha256Hex((salt() + u':' + nik).toUtf8());
}

QString AuditLog::hashOf(const AuditEntry& entry)
{
    const QJsonObject content{
        {u"seq"_s, entry.seq},
        {u"at"_s, toUtcText(entry.at)},
        {u"userId"_s, entry.userId},
        {u"userName"_s, entry.userName},
        {u"action"_s, entry.action},
        {u"application"_s, entry.applicationUuid},
        {u"registrationNumber"_s, entry.registrationNumber},
        {u"subjects"_s, QJsonArray::fromStringList(entry.subjects)},
        {u"detail"_s, entry.detail},
        {u"previous"_s, entry.previousHash},
    };
    return protocol::sha256Hex(protocol::canonicalJson(content));
}

Status AuditLog::append(AuditEntry entry)
{
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    QSqlQuery query(m_database.connection());
    Status written;
    if (query.exec(u"SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1"_s)) {
        const bool first = !query.next();
        entry.seq = first ? 1 : query.value(0).toLongLong() + 1;
        entry.previousHash = first ? QString::fromLatin1(kGenesis) : query.value(1).toString();
        entry.hash = hashOf(entry);
        query.prepare(
            u"INSERT INTO audit_entry (seq, at, user_id, user_name, action, "
            "application_uuid, registration_number, subjects, detail, previous_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, ''), coalesce(?, ''), ?, ?)"_s);
        query.addBindValue(entry.seq);
        query.addBindValue(toUtcText(entry.at));
        query.addBindValue(entry.userId ? QVariant(entry.userId) : QVariant());
        query.addBindValue(entry.userName);
        query.addBindValue(entry.action);
        query.addBindValue(entry.applicationUuid.isEmpty() ? QVariant()
                                                           : QVariant(entry.applicationUuid));
        query.addBindValue(entry.registrationNumber.isEmpty() ? QVariant()
                                                              : QVariant(entry.registrationNumber));
        query.addBindValue(entry.subjects.join(u','));
        query.addBindValue(entry.detail);
        query.addBindValue(entry.previousHash);
        query.addBindValue(entry.hash);
        written = query.exec() ? Status()
                               : sqlError(tr("write the audit trail"), query.lastError().text());
    } else if (written) {
        written = sqlError(tr("read the audit trail"), query.lastError().text());
    }
    for (const QString& subject : std::as_const(entry.subjects)) {
        if (!written)
            break;
        query.prepare(u"INSERT INTO audit_subject (seq, subject) VALUES (?, ?)"_s);
        query.addBindValue(entry.seq);
        query.addBindValue(subject);
        if (!query.exec())
            written = sqlError(tr("write the audit trail"), query.lastError().text());
    }
    if (!written) {
        m_database.rollback();
        return written;
    }
    return m_database.commit();
}

AuditVerification AuditLog::verify() const
{
    AuditVerification result;
    const QList<AuditEntry> entries = select(u"1 = 1"_s, {});
    checkProtection(result);
    checkSubjects(entries, result);
    if (!entries.isEmpty() &&
        entries.first().action == auditActionName(AuditAction::TrailStarted) &&
        entries.first().detail != saltFingerprint(salt())) {
        result.problems.append(
            {entries.first().seq, tr("The salt under which the trail finds people was removed or "
                                     "replaced; reports on a person would come back empty.")});
    }
    QString previousHash = QString::fromLatin1(kGenesis);
    qint64 previousSeq = 0;
    for (const AuditEntry& entry : entries) {
        ++result.entries;
        if (entry.seq != previousSeq + 1) {
            result.problems.append(
                {previousSeq + 1, tr("Entry %1 is missing: the trail jumps from entry %2 to %3.")
                                      .arg(previousSeq + 1)
                                      .arg(previousSeq)
                                      .arg(entry.seq)});
        } else if (entry.previousHash != previousHash) {
            result.problems.append(
                {entry.seq, tr("Entry %1 does not follow entry %2: entries were removed, "
                               "inserted or reordered here.")
                                .arg(entry.seq)
                                .arg(previousSeq)});
        }
        if (hashOf(entry) != entry.hash) {
            result.problems.append(
                {entry.seq, tr("Entry %1 (%2, %3) was changed after it was written.")
                                .arg(entry.seq)
                                .arg(entry.action, toUtcText(entry.at))});
        }
        previousHash = entry.hash;
        previousSeq = entry.seq;
    }
    return result;
}

// The append-only triggers must all be there: without them the program could be made to edit.
void AuditLog::checkProtection(AuditVerification& result) const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                    "('audit_entry_no_update', 'audit_entry_no_delete', "
                    "'audit_subject_no_update', 'audit_subject_no_delete')"_s) ||
        !query.next() || query.value(0).toInt() != 4) {
        result.problems.append({0, tr("The protection that keeps the audit trail append-only was "
                                      "removed from the database.")});
    }
}

// The look-up table of people must say exactly what the hashed entries say.
void AuditLog::checkSubjects(const QList<AuditEntry>& entries, AuditVerification& result) const
{
    QHash<qint64, QStringList> indexed;
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (query.exec(u"SELECT seq, subject FROM audit_subject ORDER BY seq, subject"_s)) {
        while (query.next())
            indexed[query.value(0).toLongLong()].append(query.value(1).toString());
    }
    for (const AuditEntry& entry : entries) {
        QStringList expected = entry.subjects;
        expected.sort();
        if (indexed.take(entry.seq) != expected) {
            result.problems.append({entry.seq, tr("The people listed for entry %1 were changed; "
                                                  "reports on a person would be wrong.")
                                                   .arg(entry.seq)});
        }
    }
    for (auto it = indexed.constBegin(); it != indexed.constEnd(); ++it) {
        result.problems.append({it.key(), tr("People are listed for entry %1, which is not in "
                                             "the trail.")
                                              .arg(it.key())});
    }
}

QList<AuditEntry> AuditLog::forPerson(const QString& nik) const
{
    return select(u"seq IN (SELECT seq FROM audit_subject WHERE subject = ?)"_s, {subjectOf(nik)});
}

QList<AuditEntry> AuditLog::forApplication(const QString& uuid) const
{
    return select(u"application_uuid = ?"_s, {uuid});
}

QList<AuditEntry> AuditLog::select(const QString& where, const QVariantList& values) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT seq, at, coalesce(user_id, 0), user_name, action, "
                  "coalesce(application_uuid, ''), coalesce(registration_number, ''), subjects, "
                  "detail, previous_hash, hash FROM audit_entry WHERE "_s +
                  where + u" ORDER BY seq"_s);
    for (const QVariant& value : values)
        query.addBindValue(value);
    QList<AuditEntry> entries;
    if (!query.exec()) {
        qCWarning(lcSecurity) << "reading the audit trail failed:" << query.lastError().text();
        return entries;
    }
    while (query.next()) {
        AuditEntry entry;
        entry.seq = query.value(0).toLongLong();
        entry.at = fromUtcText(query.value(1).toString());
        entry.userId = query.value(2).toLongLong();
        entry.userName = query.value(3).toString();
        entry.action = query.value(4).toString();
        entry.applicationUuid = query.value(5).toString();
        entry.registrationNumber = query.value(6).toString();
        const QString subjects = query.value(7).toString();
        entry.subjects = subjects.isEmpty() ? QStringList() : subjects.split(u',');
        entry.detail = query.value(8).toString();
        entry.previousHash = query.value(9).toString();
        entry.hash = query.value(10).toString();
        entries.append(entry);
    }
    return entries;
}

} // namespace sipelanduk
