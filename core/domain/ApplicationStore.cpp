#include "domain/ApplicationStore.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/ScanStore.h"
#include "sync/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kSelectApplication =
    "SELECT a.id, a.uuid, a.registration_number, a.service, a.catalogue_version, a.state, "
    "a.fields, a.requirements, a.confirmed_warnings, a.applicant_name, a.applicant_nik, "
    "a.created_by, u.name, a.created_at, a.updated_at, a.submitted_at, a.approved_by, "
    "a.approved_at, a.content_hash, a.state_reason, a.state_changed_at, a.handed_over_at, "
    "a.purged_at "
    "FROM application a JOIN user u ON u.id = a.created_by "_L1;

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString compactJson(const QStringList& list)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList stringListFrom(const QString& json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue& value : array)
        list.append(value.toString());
    return list;
}

QVariant nullable(const QString& text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

ApplicationStore::ApplicationStore(Database& database, const Catalogue& catalogue,
                                   const RegionLookup& regions, const Clock& clock)
    : m_audit(database, clock)
    , m_database(database)
    , m_catalogue(catalogue)
    , m_regions(regions)
    , m_clock(clock)
{}

QList<Finding> ApplicationStore::findings(const ApplicationInput& input,
                                          std::optional<qint64> self) const
{
    const Service* service = m_catalogue.service(input.service);
    if (!service) {
        return {{{},
                 Severity::Error,
                 tr("The service %1 is not in the catalogue.").arg(input.service)}};
    }
    const QJsonObject fields = ApplicationRules::normalized(*service, input.fields);
    QList<Finding> found =
        ApplicationRules(m_regions, m_clock).check(*service, fields, input.requirements);
    return found + duplicates(*service, fields, self);
}

// A second open request for the same person and service is usually the same request taken
// twice; the clerk confirms it is not, and the first one is named so it can be looked up.
QList<Finding> ApplicationStore::duplicates(const Service& service, const QJsonObject& fields,
                                            std::optional<qint64> self) const
{
    const QString nik = fields.value(service.applicant.nik).toString();
    if (nik.size() != 16)
        return {};
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT registration_number, state FROM application WHERE applicant_nik = ? "
                  "AND service = ? AND id <> ? AND state NOT IN ('completed', 'rejected') "
                  "ORDER BY id LIMIT 3"_s);
    query.addBindValue(nik);
    query.addBindValue(service.code);
    query.addBindValue(self.value_or(0));
    QStringList open;
    if (query.exec()) {
        while (query.next()) {
            const std::optional<ApplicationState> state = stateFromName(query.value(1).toString());
            open.append(u"%1 (%2)"_s.arg(query.value(0).toString(),
                                         state ? stateLabel(*state) : QString()));
        }
    }
    if (open.isEmpty())
        return {};
    return {{service.applicant.nik, Severity::Warning,
             tr("This person already has an open application for this service: %1. Check that "
                "this is not the same request taken twice.")
                 .arg(open.join(u", "_s))}};
}

Result<Application> ApplicationStore::saveDraft(const User& clerk, const ApplicationInput& input,
                                                std::optional<qint64> id)
{
    if (Status allowed = permitted(clerk, Action::CaptureApplication); !allowed)
        return allowed.error();
    const Service* service = m_catalogue.service(input.service);
    if (!service) {
        return Error{tr("The service %1 is not in the catalogue.").arg(input.service),
                     u"unknown_service"_s};
    }
    // Applications captured before the service was retired go on; no new one starts.
    if (!id && service->retired) {
        return Error{tr("The service %1 is no longer offered: the central office retired it in "
                        "catalogue version %2. Start the application under the service that "
                        "replaces it.")
                         .arg(input.service)
                         .arg(m_catalogue.version()),
                     u"retired_service"_s};
    }
    if (!id)
        return insertDraft(clerk, input);

    Result<Application> existing = loaded(*id);
    if (!existing)
        return existing;
    return updateDraft(clerk, *existing, input);
}

Result<Application> ApplicationStore::insertDraft(const User& clerk, const ApplicationInput& input)
{
    const Service& service = *m_catalogue.service(input.service);
    const QJsonObject fields = ApplicationRules::normalized(service, input.fields);
    const QString now = m_clock.nowUtcText();

    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    Result<QString> number = nextRegistrationNumber();
    if (!number) {
        m_database.rollback();
        return number.error();
    }
    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO application (uuid, registration_number, service, "
                  "catalogue_version, state, fields, requirements, applicant_name, applicant_nik, "
                  "created_by, created_at, updated_at, state_changed_at) "
                  "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    query.addBindValue(*number);
    query.addBindValue(service.code);
    query.addBindValue(m_catalogue.version());
    query.addBindValue(compactJson(fields));
    query.addBindValue(compactJson(input.requirements));
    query.addBindValue(fields.value(service.applicant.name).toString());
    query.addBindValue(nullable(fields.value(service.applicant.nik).toString()));
    query.addBindValue(clerk.id);
    query.addBindValue(now);
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec()) {
        const QString reason = query.lastError().text();
        m_database.rollback();
        return sqlError(tr("save the draft"), reason).error();
    }
    const qint64 id = query.lastInsertId().toLongLong();
    if (Status event = noteChange(id, std::nullopt, ApplicationState::Draft, clerk, {}, now,
                                  AuditAction::Created);
        !event) {
        m_database.rollback();
        return event.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    qCInfo(lcDomain) << "draft created:" << *number << service.code;
    return loaded(id);
}

Result<Application> ApplicationStore::updateDraft(const User& clerk, const Application& existing,
                                                  const ApplicationInput& input)
{
    if (existing.createdBy != clerk.id) {
        return Error{tr("Application %1 was captured by %2; only they can change it.")
                         .arg(existing.registrationNumber, existing.createdByName),
                     u"forbidden"_s};
    }
    if (!existing.editable()) {
        return Error{tr("Application %1 is \"%2\" and can no longer be changed.")
                         .arg(existing.registrationNumber, stateLabel(existing.state)),
                     u"not_editable"_s};
    }
    if (input.service != existing.service) {
        return Error{tr("An application cannot change its service; start a new one instead."),
                     u"service_changed"_s};
    }
    const Service& service = *m_catalogue.service(input.service);
    const QJsonObject fields = ApplicationRules::normalized(service, input.fields);

    QSqlQuery query(m_database.connection());
    query.prepare(
        u"UPDATE application SET fields = ?, requirements = ?, applicant_name = ?, "
        "applicant_nik = ?, updated_at = ? WHERE id = ? AND state IN ('draft', 'returned')"_s);
    query.addBindValue(compactJson(fields));
    query.addBindValue(compactJson(input.requirements));
    query.addBindValue(fields.value(service.applicant.name).toString());
    query.addBindValue(nullable(fields.value(service.applicant.nik).toString()));
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(existing.id);
    Status saved = atomically([&]() -> Status {
        if (!query.exec())
            return sqlError(tr("save the draft"), query.lastError().text());
        Result<Application> updated = loaded(existing.id);
        return updated ? m_audit.record(AuditAction::Changed, &clerk, &*updated) : updated.error();
    });
    if (!saved)
        return saved.error();
    return loaded(existing.id);
}

Result<Application> ApplicationStore::submit(const User& clerk, qint64 id, bool confirmWarnings)
{
    if (Status allowed = permitted(clerk, Action::CaptureApplication); !allowed)
        return allowed.error();
    Result<Application> application = loaded(id);
    if (!application)
        return application;
    if (application->createdBy != clerk.id || !application->editable()) {
        return Error{
            tr("Application %1 cannot be submitted by %2 in its present state, \"%3\".")
                .arg(application->registrationNumber, clerk.name, stateLabel(application->state)),
            u"not_editable"_s};
    }

    const QList<Finding> found =
        findings({application->service, application->fields, application->requirements}, id);
    if (hasErrors(found)) {
        return Error{tr("Application %1 cannot be submitted yet: %2")
                         .arg(application->registrationNumber,
                              messagesOf(found, Severity::Error).join(u' ')),
                     u"invalid"_s};
    }
    const QStringList warnings = messagesOf(found, Severity::Warning);
    if (!warnings.isEmpty() && !confirmWarnings) {
        return Error{tr("Application %1 has warnings the clerk must confirm: %2")
                         .arg(application->registrationNumber, warnings.join(u' ')),
                     kUnconfirmedWarnings};
    }

    const QString now = m_clock.nowUtcText();
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE application SET state = 'submitted', confirmed_warnings = ?, "
                  "submitted_at = ?, state_reason = NULL, state_changed_at = ? WHERE id = ?"_s);
    query.addBindValue(compactJson(warnings));
    query.addBindValue(now);
    query.addBindValue(now);
    query.addBindValue(id);
    Status written =
        query.exec() ? Status() : sqlError(tr("submit the application"), query.lastError().text());
    if (written) {
        written = noteChange(id, application->state, ApplicationState::Submitted, clerk,
                             warnings.join(u'\n'), now, AuditAction::Submitted);
    }
    if (!written) {
        m_database.rollback();
        return written.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    qCInfo(lcDomain) << "submitted:" << application->registrationNumber;
    return loaded(id);
}

Result<Application> ApplicationStore::approve(const User& supervisor, qint64 id)
{
    if (Status allowed = permitted(supervisor, Action::ApproveApplication); !allowed)
        return allowed.error();
    Result<Application> application = loaded(id);
    if (!application)
        return application;
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    if (Status approved = approveOne(supervisor, *application); !approved) {
        m_database.rollback();
        return approved.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    return loaded(id);
}

Result<int> ApplicationStore::approveAll(const User& supervisor)
{
    if (Status allowed = permitted(supervisor, Action::ApproveApplication); !allowed)
        return allowed.error();
    const QList<Application> waiting =
        selectApplications(u"a.state = 'submitted' AND a.created_by <> ?"_s, {supervisor.id}, -1);
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    for (const Application& application : waiting) {
        if (Status approved = approveOne(supervisor, application); !approved) {
            m_database.rollback();
            return approved.error();
        }
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    qCInfo(lcDomain) << "approved" << waiting.size() << "applications";
    return static_cast<int>(waiting.size());
}

// Runs inside the caller's transaction. Sealing fixes the content hash: from here on the
// application's content cannot change, and the server checks the same hash.
Status ApplicationStore::approveOne(const User& supervisor, const Application& application)
{
    if (application.state != ApplicationState::Submitted) {
        return Error{tr("Application %1 is not waiting for approval (its state is \"%2\").")
                         .arg(application.registrationNumber, stateLabel(application.state)),
                     u"not_submitted"_s};
    }
    if (application.createdBy == supervisor.id) {
        return Error{tr("Application %1 was captured by %2; another supervisor must approve it.")
                         .arg(application.registrationNumber, supervisor.name),
                     u"four_eyes"_s};
    }
    Result<qint64> batch = batchForApproval();
    if (!batch)
        return batch.error();

    // The scans are sealed too, so none can be swapped after approval.
    Result<QList<protocol::ScanReference>> scans =
        ScanStore::references(m_database, application.id);
    if (!scans)
        return scans.error();
    const QString now = m_clock.nowUtcText();
    const QString hash =
        protocol::contentHash(application.service, application.catalogueVersion, application.fields,
                              application.requirements, *scans);
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE application SET state = 'approved', approved_by = ?, approved_at = ?, "
                  "content_hash = ?, batch_id = ?, state_reason = NULL, state_changed_at = ? "
                  "WHERE id = ? AND state = 'submitted'"_s);
    query.addBindValue(supervisor.id);
    query.addBindValue(now);
    query.addBindValue(hash);
    query.addBindValue(*batch);
    query.addBindValue(now);
    query.addBindValue(application.id);
    if (!query.exec() || query.numRowsAffected() != 1)
        return sqlError(tr("approve application %1").arg(application.registrationNumber),
                        query.lastError().text());
    return noteChange(application.id, ApplicationState::Submitted, ApplicationState::Approved,
                      supervisor, {}, now, AuditAction::Approved);
}

Result<qint64> ApplicationStore::batchForApproval()
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT b.id, (SELECT count(*) FROM application a WHERE a.batch_id = b.id) "
                    "FROM batch b WHERE b.state = 'open' ORDER BY b.id DESC LIMIT 1"_s))
        return sqlError(tr("find the open batch"), query.lastError().text()).error();
    if (query.next() && query.value(1).toInt() < kBatchSize)
        return query.value(0).toLongLong();

    const QString now = m_clock.nowUtcText();
    // A full batch is sealed so it goes out as it is; the next approvals start a new one.
    if (!query.exec(
            u"UPDATE batch SET state = 'sealed', sealed_at = '%1' WHERE state = 'open'"_s.arg(now)))
        return sqlError(tr("seal the full batch"), query.lastError().text()).error();
    query.prepare(u"INSERT INTO batch (uuid, state, created_at) VALUES (?, 'open', ?)"_s);
    query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    query.addBindValue(now);
    if (!query.exec())
        return sqlError(tr("start a new batch"), query.lastError().text()).error();
    return query.lastInsertId().toLongLong();
}

Result<Application> ApplicationStore::returnToClerk(const User& supervisor, qint64 id,
                                                    const QString& reason)
{
    if (Status allowed = permitted(supervisor, Action::ApproveApplication); !allowed)
        return allowed.error();
    if (reason.trimmed().isEmpty()) {
        return Error{tr("Say why the application goes back, so the clerk knows what to correct."),
                     u"reason_required"_s};
    }
    Result<Application> application = loaded(id);
    if (!application)
        return application;
    if (application->state != ApplicationState::Submitted) {
        return Error{tr("Application %1 is not waiting for approval (its state is \"%2\").")
                         .arg(application->registrationNumber, stateLabel(application->state)),
                     u"not_submitted"_s};
    }

    const QString now = m_clock.nowUtcText();
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE application SET state = 'returned', state_reason = ?, "
                  "state_changed_at = ? WHERE id = ?"_s);
    query.addBindValue(reason.trimmed());
    query.addBindValue(now);
    query.addBindValue(id);
    Status written =
        query.exec() ? Status() : sqlError(tr("return the application"), query.lastError().text());
    if (written) {
        written = noteChange(id, ApplicationState::Submitted, ApplicationState::Returned,
                             supervisor, reason.trimmed(), now, AuditAction::Returned);
    }
    if (!written) {
        m_database.rollback();
        return written.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    return loaded(id);
}

Status ApplicationStore::atomically(const std::function<Status()>& work)
{
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    if (Status done = work(); !done) {
        m_database.rollback();
        return done;
    }
    return m_database.commit();
}

Result<QString> ApplicationStore::nextRegistrationNumber()
{
    Result<OfficeInfo> office = Office::load(m_database);
    if (!office)
        return office.error();
    // The local calendar day: an application taken at 06:30 WIB belongs to that morning.
    const QString day = m_clock.today().toString(u"yyyyMMdd"_s);
    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO registration_sequence (day, last) VALUES (?, 1) "
                  "ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last"_s);
    query.addBindValue(day);
    if (!query.exec() || !query.next())
        return sqlError(tr("count today's applications"), query.lastError().text()).error();
    return u"%1-%2-%3-%4"_s.arg(office->digits(), day, office->station)
        .arg(query.value(0).toInt(), 4, 10, QLatin1Char('0'));
}

// A refusal is itself recorded: who tried what they may not do, and when.
Status ApplicationStore::permitted(const User& user, Action action)
{
    Status allowed = requirePermission(user, action);
    if (!allowed)
        (void)m_audit.record(AuditAction::Refused, &user, allowed.errorMessage());
    return allowed;
}

Status ApplicationStore::noteChange(qint64 id, std::optional<ApplicationState> from,
                                    ApplicationState to, const User& user, const QString& note,
                                    const QString& at, AuditAction action)
{
    if (Status event = recordEvent(m_database, id, from, to, user.id, note, at); !event)
        return event;
    Result<Application> application = loaded(id);
    if (!application)
        return application.error();
    // The trail outlives the purge of personal data, so it keeps how many warnings were
    // confirmed, not their text (which quotes birth dates).
    const QString detail = action == AuditAction::Submitted
                               ? tr("%n warning(s) confirmed", nullptr,
                                    static_cast<int>(application->confirmedWarnings.size()))
                               : note;
    return m_audit.record(action, &user, &*application, detail);
}

Result<Application> ApplicationStore::view(const User& user, qint64 id)
{
    Result<Application> application = loaded(id);
    if (!application)
        return application;
    if (!isAllowed(user.role, Action::ViewAllApplications) && application->createdBy != user.id) {
        (void)m_audit.record(AuditAction::Refused, &user, &*application);
        return Error{tr("Application %1 was captured by another clerk; a clerk sees only their "
                        "own applications.")
                         .arg(application->registrationNumber),
                     u"forbidden"_s};
    }
    if (Status recorded = m_audit.record(AuditAction::Viewed, &user, &*application); !recorded)
        return recorded.error();
    return application;
}

Result<Application> ApplicationStore::recordHandOver(const User& clerk, qint64 id)
{
    if (Status allowed = permitted(clerk, Action::CaptureApplication); !allowed)
        return allowed.error();
    Result<Application> application = loaded(id);
    if (!application)
        return application;
    if (application->state != ApplicationState::Completed || application->handedOverAt.isValid()) {
        return Error{tr("Application %1 can be handed over once the central office has "
                        "completed it, and only once.")
                         .arg(application->registrationNumber),
                     u"not_completed"_s};
    }
    const QString now = m_clock.nowUtcText();
    Status done = atomically([&]() -> Status {
        QSqlQuery query(m_database.connection());
        query.prepare(u"UPDATE application SET handed_over_at = ? WHERE id = ?"_s);
        query.addBindValue(now);
        query.addBindValue(id);
        if (!query.exec())
            return sqlError(tr("record the hand-over"), query.lastError().text());
        return m_audit.record(AuditAction::HandedOver, &clerk, &*application);
    });
    if (!done)
        return done.error();
    return loaded(id);
}

Status ApplicationStore::recordEvent(Database& database, qint64 applicationId,
                                     std::optional<ApplicationState> from, ApplicationState to,
                                     std::optional<qint64> userId, const QString& note,
                                     const QString& at)
{
    QSqlQuery query(database.connection());
    query.prepare(u"INSERT INTO application_event (application_id, at, user_id, from_state, "
                  "to_state, note) VALUES (?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(applicationId);
    query.addBindValue(at);
    query.addBindValue(userId ? QVariant(*userId) : QVariant());
    query.addBindValue(from ? QVariant(stateName(*from)) : QVariant());
    query.addBindValue(stateName(to));
    query.addBindValue(nullable(note));
    if (!query.exec())
        return sqlError(tr("record the change of state"), query.lastError().text());
    return {};
}

Result<Application> ApplicationStore::loaded(qint64 id) const
{
    std::optional<Application> application = find(id);
    if (!application)
        return Error{tr("There is no application with number %1 on this PC.").arg(id),
                     u"not_found"_s};
    return *application;
}

std::optional<Application> ApplicationStore::find(qint64 id) const
{
    const QList<Application> found = selectApplications(u"a.id = ?"_s, {id}, 1);
    return found.isEmpty() ? std::nullopt : std::optional<Application>(found.first());
}

std::optional<Application> ApplicationStore::findByRegistrationNumber(const QString& number) const
{
    const QList<Application> found =
        selectApplications(u"a.registration_number = ?"_s, {number.trimmed()}, 1);
    return found.isEmpty() ? std::nullopt : std::optional<Application>(found.first());
}

QList<Application> ApplicationStore::listFor(const User& user,
                                             std::optional<ApplicationState> state, int limit) const
{
    QStringList conditions;
    QVariantList values;
    if (!isAllowed(user.role, Action::ViewAllApplications)) {
        conditions.append(u"a.created_by = ?"_s);
        values.append(user.id);
    }
    if (state) {
        conditions.append(u"a.state = ?"_s);
        values.append(stateName(*state));
    }
    return selectApplications(conditions.isEmpty() ? u"1 = 1"_s : conditions.join(" AND "_L1),
                              values, limit);
}

QList<Application> ApplicationStore::withIds(const QList<qint64>& ids) const
{
    if (ids.isEmpty())
        return {};
    // One bound JSON array, not one placeholder per id: the statement stays the same size
    // whatever the number of ids (a growing IN list or OR chain fails past about a thousand).
    QJsonArray list;
    for (const qint64 id : ids)
        list.append(id);
    const QString json = QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
    return selectApplications(u"a.id IN (SELECT value FROM json_each(?))"_s, {json},
                              static_cast<int>(ids.size()));
}

QMap<ApplicationState, int> ApplicationStore::countsByState() const
{
    QMap<ApplicationState, int> counts;
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT state, count(*) FROM application GROUP BY state"_s))
        return counts;
    while (query.next()) {
        if (const auto state = stateFromName(query.value(0).toString()))
            counts.insert(*state, query.value(1).toInt());
    }
    return counts;
}

QList<Application> ApplicationStore::selectApplications(const QString& where,
                                                        const QVariantList& values, int limit) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(QString(kSelectApplication) + u"WHERE "_s + where +
                  u" ORDER BY a.id DESC LIMIT "_s + QString::number(limit));
    for (const QVariant& value : values)
        query.addBindValue(value);
    QList<Application> applications;
    if (!query.exec()) {
        qCWarning(lcDb) << "listing applications failed:" << query.lastError().text();
        return applications;
    }
    while (query.next())
        applications.append(applicationFrom(query));
    return applications;
}

Application ApplicationStore::applicationFrom(const QSqlQuery& query)
{
    Application a;
    a.id = query.value(0).toLongLong();
    a.uuid = query.value(1).toString();
    a.registrationNumber = query.value(2).toString();
    a.service = query.value(3).toString();
    a.catalogueVersion = query.value(4).toInt();
    a.state = stateFromName(query.value(5).toString()).value_or(ApplicationState::Draft);
    a.fields = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    a.requirements = stringListFrom(query.value(7).toString());
    a.confirmedWarnings = stringListFrom(query.value(8).toString());
    a.applicantName = query.value(9).toString();
    a.applicantNik = query.value(10).toString();
    a.createdBy = query.value(11).toLongLong();
    a.createdByName = query.value(12).toString();
    a.createdAt = fromUtcText(query.value(13).toString());
    a.updatedAt = fromUtcText(query.value(14).toString());
    a.submittedAt = fromUtcText(query.value(15).toString());
    a.approvedBy = query.value(16).toLongLong();
    a.approvedAt = fromUtcText(query.value(17).toString());
    a.contentHash = query.value(18).toString();
    a.stateReason = query.value(19).toString();
    a.stateChangedAt = fromUtcText(query.value(20).toString());
    a.handedOverAt = fromUtcText(query.value(21).toString());
    a.purgedAt = fromUtcText(query.value(22).toString());
    return a;
}

} // namespace sipelanduk
