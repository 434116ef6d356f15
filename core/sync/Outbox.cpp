#include "sync/Outbox.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Application.h"
#include "domain/ApplicationStore.h"
#include "security/Permissions.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/ScanStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kStatusCursor = "sync.statusCursor"_L1;

ApplicationState localStateOf(protocol::RemoteStatus status)
{
    switch (status) {
    case protocol::RemoteStatus::Accepted:
        return ApplicationState::Accepted;
    case protocol::RemoteStatus::Processing:
        return ApplicationState::Processing;
    case protocol::RemoteStatus::Completed:
        return ApplicationState::Completed;
    case protocol::RemoteStatus::Rejected:
        return ApplicationState::Rejected;
    }
    return ApplicationState::Accepted;
}

enum class Move
{
    Always,
    OnlyFromOutbox
};

// Moves one application to `to` by uuid and records the event; returns false when the uuid is
// not on this PC. A batch answer only moves applications still in the outbox: a repeated answer
// to a batch sent again must not undo a later status such as completed.
Result<bool> moveByUuid(Database& database, AuditLog& audit, const QUuid& uuid, ApplicationState to,
                        const QString& reason, const QString& at, const QString& note,
                        Move move = Move::Always)
{
    QSqlQuery query(database.connection());
    query.prepare(u"SELECT id, state, registration_number, service, fields FROM application "
                  "WHERE uuid = ?"_s);
    query.addBindValue(protocol::uuidText(uuid));
    if (!query.exec())
        return sqlError(Outbox::tr("read an application"), query.lastError().text()).error();
    if (!query.next())
        return false;
    const qint64 id = query.value(0).toLongLong();
    const std::optional<ApplicationState> from = stateFromName(query.value(1).toString());
    Application moved;
    moved.uuid = protocol::uuidText(uuid);
    moved.registrationNumber = query.value(2).toString();
    moved.service = query.value(3).toString();
    moved.fields = QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object();
    if (from == to)
        return true;
    if (move == Move::OnlyFromOutbox && from != ApplicationState::Approved &&
        from != ApplicationState::Sent)
        return true;

    query.prepare(u"UPDATE application SET state = ?, state_reason = ?, state_changed_at = ? "
                  "WHERE id = ?"_s);
    query.addBindValue(stateName(to));
    query.addBindValue(reason.isEmpty() ? QVariant() : QVariant(reason));
    query.addBindValue(at);
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(Outbox::tr("update an application"), query.lastError().text()).error();
    Status event = ApplicationStore::recordEvent(database, id, from, to, std::nullopt, note, at);
    if (!event)
        return event.error();

    const AuditAction action =
        move == Move::OnlyFromOutbox ? AuditAction::Sent : AuditAction::StatusReceived;
    const QString detail =
        stateName(to) + u" @ "_s + at + (reason.isEmpty() ? QString() : u": "_s + reason);
    if (Status recorded = audit.record(action, nullptr, &moved, detail); !recorded)
        return recorded.error();
    return true;
}

// The queue lists applications of batches not sent yet, or sent since a moment; the same
// condition serves the listing and the counts.
constexpr auto kQueueFrom = "FROM application a JOIN batch b ON b.id = a.batch_id "
                            "WHERE b.state <> 'sent' OR b.sent_at >= ? "_L1;

QueueState queueStateOf(const QString& applicationState, bool batchFailed, qint64 batch,
                        qint64 sendingBatch)
{
    const std::optional<ApplicationState> state = stateFromName(applicationState);
    switch (state.value_or(ApplicationState::Approved)) {
    case ApplicationState::Sent:
        return QueueState::Sent;
    case ApplicationState::Accepted:
    case ApplicationState::Processing:
    case ApplicationState::Completed:
        return QueueState::Accepted;
    case ApplicationState::Rejected:
        return QueueState::Rejected;
    default:
        break;
    }
    if (batch == sendingBatch)
        return QueueState::Sending;
    return batchFailed ? QueueState::Failed : QueueState::Waiting;
}

} // namespace

QString queueStateName(QueueState state)
{
    switch (state) {
    case QueueState::Waiting:
        return u"waiting"_s;
    case QueueState::Sending:
        return u"sending"_s;
    case QueueState::Sent:
        return u"sent"_s;
    case QueueState::Accepted:
        return u"accepted"_s;
    case QueueState::Rejected:
        return u"rejected"_s;
    case QueueState::Failed:
        return u"failed"_s;
    }
    return {};
}

QString queueStateLabel(QueueState state)
{
    switch (state) {
    case QueueState::Waiting:
        return Outbox::tr("waiting");
    case QueueState::Sending:
        return Outbox::tr("sending");
    case QueueState::Sent:
        return Outbox::tr("sent");
    case QueueState::Accepted:
        return Outbox::tr("accepted");
    case QueueState::Rejected:
        return Outbox::tr("rejected");
    case QueueState::Failed:
        return Outbox::tr("failed, will be tried again");
    }
    return {};
}

Status Outbox::sealOpenBatch()
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE batch SET state = 'sealed', sealed_at = ? WHERE state = 'open'"_s);
    query.addBindValue(m_clock.nowUtcText());
    if (!query.exec())
        return sqlError(tr("close the batch for sending"), query.lastError().text());
    return {};
}

QList<PendingBatch> Outbox::pendingBatches() const
{
    QList<PendingBatch> batches;
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT b.id, b.uuid, b.attempts, b.last_error, "
                    "(SELECT count(*) FROM application a WHERE a.batch_id = b.id) "
                    "FROM batch b WHERE b.state = 'sealed' ORDER BY b.id"_s)) {
        qCWarning(lcSync) << "listing pending batches failed:" << query.lastError().text();
        return batches;
    }
    while (query.next()) {
        batches.append({query.value(0).toLongLong(), protocol::parseUuid(query.value(1).toString()),
                        query.value(4).toInt(), query.value(2).toInt(), query.value(3).toString()});
    }
    return batches;
}

Result<protocol::BatchRequest> Outbox::request(const PendingBatch& batch) const
{
    Result<OfficeInfo> office = Office::load(m_database);
    if (!office)
        return office.error();
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT uuid, registration_number, service, catalogue_version, content_hash, "
                  "created_at, approved_at, fields, requirements, id FROM application "
                  "WHERE batch_id = ? ORDER BY id"_s);
    query.addBindValue(batch.id);
    if (!query.exec())
        return sqlError(tr("read the batch"), query.lastError().text()).error();

    protocol::BatchRequest request;
    request.batch = batch.uuid;
    request.office = office->code;
    while (query.next()) {
        protocol::ApplicationRecord record;
        record.uuid = protocol::parseUuid(query.value(0).toString());
        record.registrationNumber = query.value(1).toString();
        record.service = query.value(2).toString();
        record.catalogueVersion = query.value(3).toInt();
        record.contentHash = query.value(4).toString();
        record.capturedAt = fromUtcText(query.value(5).toString());
        record.approvedAt = fromUtcText(query.value(6).toString());
        record.fields = QJsonDocument::fromJson(query.value(7).toString().toUtf8()).object();
        const QJsonArray requirements =
            QJsonDocument::fromJson(query.value(8).toString().toUtf8()).array();
        for (const QJsonValue& code : requirements)
            record.requirements.append(code.toString());
        Result<QList<protocol::ScanReference>> scans =
            ScanStore::references(m_database, query.value(9).toLongLong());
        if (!scans)
            return scans.error();
        record.scans = *scans;
        request.applications.append(record);
    }
    return request;
}

Result<BatchOutcome> Outbox::recordResponse(const PendingBatch& batch,
                                            const protocol::BatchResponse& response)
{
    if (response.batch != batch.uuid) {
        return Error{tr("The server answered for another batch than the one sent. Nothing was "
                        "marked as sent; the batch will be sent again."),
                     u"batch_mismatch"_s};
    }
    if (Status complete = checkComplete(batch, response); !complete)
        return complete.error();
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    Result<BatchOutcome> outcome = storeResults(response);
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE batch SET state = 'sent', sent_at = ?, attempts = attempts + 1, "
                  "last_error = NULL WHERE id = ?"_s);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(batch.id);
    if (outcome && !query.exec())
        outcome = sqlError(tr("mark the batch as sent"), query.lastError().text()).error();
    if (!outcome) {
        m_database.rollback();
        return outcome;
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    qCInfo(lcSync) << "batch" << protocol::uuidText(batch.uuid) << "sent:" << outcome->accepted
                   << "accepted," << outcome->rejected << "rejected";
    return outcome;
}

// An answer counts only when it speaks for exactly the applications that were sent.
Status Outbox::checkComplete(const PendingBatch& batch, const protocol::BatchResponse& response)
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT uuid FROM application WHERE batch_id = ?"_s);
    query.addBindValue(batch.id);
    if (!query.exec())
        return sqlError(tr("read the batch"), query.lastError().text());
    QSet<QUuid> sent;
    while (query.next())
        sent.insert(protocol::parseUuid(query.value(0).toString()));
    QSet<QUuid> answered;
    for (const protocol::ApplicationResult& result : response.results)
        answered.insert(result.uuid);
    if (sent == answered && answered.size() == response.results.size())
        return {};
    return Error{tr("The server's answer does not speak for the applications that were sent (%1 "
                    "sent, %2 answered). Nothing was marked as sent; the batch will be sent "
                    "again.")
                     .arg(sent.size())
                     .arg(response.results.size()),
                 u"incomplete_answer"_s};
}

Result<BatchOutcome> Outbox::storeResults(const protocol::BatchResponse& response)
{
    BatchOutcome outcome;
    const QString at =
        toUtcText(response.receivedAt.isValid() ? response.receivedAt : m_clock.now());
    for (const protocol::ApplicationResult& result : response.results) {
        const bool accepted = result.outcome == protocol::Outcome::Accepted;
        const QString reason = result.reason ? result.reason->message : QString();
        Result<bool> moved =
            moveByUuid(m_database, m_audit, result.uuid,
                       accepted ? ApplicationState::Accepted : ApplicationState::Rejected, reason,
                       at, reason, Move::OnlyFromOutbox);
        if (!moved)
            return moved.error();
        if (accepted) {
            ++outcome.accepted;
        } else {
            ++outcome.rejected;
            outcome.rejections.append(result.registrationNumber + u": "_s + reason);
        }
    }
    return outcome;
}

Status Outbox::recordFailure(const PendingBatch& batch, const QString& reason)
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE batch SET attempts = attempts + 1, last_error = ? WHERE id = ?"_s);
    query.addBindValue(reason);
    query.addBindValue(batch.id);
    if (!query.exec())
        return sqlError(tr("record the failed attempt"), query.lastError().text());
    return {};
}

Status Outbox::resetStatusCursor()
{
    return m_database.setSetting(kStatusCursor, u"0"_s);
}

Status Outbox::readStatusAgain(const User& actor)
{
    if (Status allowed = requirePermission(actor, Action::EnrolDevice); !allowed)
        return allowed;
    qCInfo(lcSync) << "status cursor reset from" << statusCursor() << "by" << actor.name;
    return resetStatusCursor();
}

qint64 Outbox::statusCursor() const
{
    return m_database.setting(kStatusCursor, u"0"_s).toLongLong();
}

Result<int> Outbox::applyStatusPage(const protocol::StatusPage& page)
{
    // The cursor only moves forward, and a page with changes moves it: anything else is a server
    // that lost its history (restored from a backup) or is broken, and following it would apply
    // changes again or loop for ever.
    const qint64 current = statusCursor();
    const qint64 serverLatest = page.latest.value_or(page.cursor);
    if (page.cursor < current || serverLatest < current) {
        return Error{tr("The central server's list of status changes went back from number %1 "
                        "to %2; it may have been restored from a backup. This answer was not "
                        "applied. Tell the regency's IT staff; once they confirm the restore, "
                        "the IT operator reads the list again from its start (sipelanduk-ctl "
                        "resync-status).")
                         .arg(current)
                         .arg(std::min(page.cursor, serverLatest)),
                     u"status_cursor"_s};
    }
    if (!page.changes.isEmpty() && page.cursor == current) {
        return Error{tr("The central server sent status changes without moving its list forward "
                        "from number %1, so asking again would never end. This answer was not "
                        "applied. Tell the regency's IT staff.")
                         .arg(current),
                     u"status_cursor"_s};
    }
    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    int applied = 0;
    for (const protocol::StatusChange& change : page.changes) {
        Result<bool> moved =
            moveByUuid(m_database, m_audit, change.uuid, localStateOf(change.status), change.reason,
                       toUtcText(change.at), tr("status from the central server"));
        if (!moved) {
            m_database.rollback();
            return moved.error();
        }
        applied += *moved ? 1 : 0;
    }
    if (Status stored = m_database.setSetting(kStatusCursor, QString::number(page.cursor));
        !stored) {
        m_database.rollback();
        return stored.error();
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    return applied;
}

Result<qint64> Outbox::startRun()
{
    QSqlQuery query(m_database.connection());
    // A run that never finished was cut off (power, kill); say so instead of leaving it open.
    query.prepare(u"UPDATE sync_run SET finished_at = ?, outcome = 'failed', message = ? "
                  "WHERE outcome IS NULL"_s);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(tr("The run was interrupted before it finished."));
    if (!query.exec())
        return sqlError(tr("record the sync run"), query.lastError().text()).error();
    query.prepare(u"INSERT INTO sync_run (started_at) VALUES (?)"_s);
    query.addBindValue(m_clock.nowUtcText());
    if (!query.exec())
        return sqlError(tr("record the sync run"), query.lastError().text()).error();
    return query.lastInsertId().toLongLong();
}

Status Outbox::finishRun(qint64 run, bool ok, const QString& message, int sent, int accepted,
                         int rejected, int statuses)
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE sync_run SET finished_at = ?, outcome = ?, message = ?, sent = ?, "
                  "accepted = ?, rejected = ?, statuses = ? WHERE id = ?"_s);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(ok ? u"ok"_s : u"failed"_s);
    query.addBindValue(message);
    query.addBindValue(sent);
    query.addBindValue(accepted);
    query.addBindValue(rejected);
    query.addBindValue(statuses);
    query.addBindValue(run);
    if (!query.exec())
        return sqlError(tr("record the sync run"), query.lastError().text());
    return {};
}

QList<QueueItem> Outbox::queue(int limit, int offset, qint64 sendingBatch) const
{
    QList<QueueItem> items;
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT a.registration_number, a.service, a.state, a.state_reason, "
                  "a.state_changed_at, b.id, b.attempts, b.last_error "_s +
                  kQueueFrom + u"ORDER BY b.id DESC, a.id LIMIT ? OFFSET ?"_s);
    query.addBindValue(toUtcText(m_clock.now().addDays(-kRecentDays)));
    query.addBindValue(qBound(0, limit, kMaxQueuePage));
    query.addBindValue(qMax(0, offset));
    if (!query.exec()) {
        qCWarning(lcSync) << "listing the queue failed:" << query.lastError().text();
        return items;
    }
    while (query.next()) {
        QueueItem item;
        item.registrationNumber = query.value(0).toString();
        item.service = query.value(1).toString();
        item.batchId = query.value(5).toLongLong();
        item.attempts = query.value(6).toInt();
        const QString lastError = query.value(7).toString();
        item.state = queueStateOf(query.value(2).toString(), !lastError.isEmpty(), item.batchId,
                                  sendingBatch);
        item.reason = item.state == QueueState::Failed || item.state == QueueState::Sending
                          ? lastError
                          : query.value(3).toString();
        item.changedAt = fromUtcText(query.value(4).toString());
        items.append(item);
    }
    return items;
}

QMap<QueueState, int> Outbox::queueCounts(qint64 sendingBatch) const
{
    QMap<QueueState, int> counts;
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT a.state, b.id, b.last_error IS NOT NULL, count(*) "_s + kQueueFrom +
                  u"GROUP BY a.state, b.id"_s);
    query.addBindValue(toUtcText(m_clock.now().addDays(-kRecentDays)));
    if (!query.exec()) {
        qCWarning(lcSync) << "counting the queue failed:" << query.lastError().text();
        return counts;
    }
    while (query.next()) {
        const QueueState state = queueStateOf(query.value(0).toString(), query.value(2).toBool(),
                                              query.value(1).toLongLong(), sendingBatch);
        counts[state] += query.value(3).toInt();
    }
    return counts;
}

QList<SyncRun> Outbox::recentRuns(int limit) const
{
    QList<SyncRun> runs;
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT started_at, finished_at, outcome, message, sent, accepted, rejected, "
                  "statuses FROM sync_run ORDER BY id DESC LIMIT ?"_s);
    query.addBindValue(qMax(0, limit));
    if (!query.exec()) {
        qCWarning(lcSync) << "listing sync runs failed:" << query.lastError().text();
        return runs;
    }
    while (query.next()) {
        SyncRun run;
        run.startedAt = fromUtcText(query.value(0).toString());
        run.finishedAt = fromUtcText(query.value(1).toString());
        run.ok = query.value(2).toString() == "ok"_L1;
        run.message = query.value(3).toString();
        run.sent = query.value(4).toInt();
        run.accepted = query.value(5).toInt();
        run.rejected = query.value(6).toInt();
        run.statuses = query.value(7).toInt();
        runs.append(run);
    }
    return runs;
}

std::optional<SyncRun> Outbox::lastSuccessfulRun() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT started_at, finished_at, message FROM sync_run "
                    "WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1"_s) ||
        !query.next())
        return std::nullopt;
    return SyncRun{fromUtcText(query.value(0).toString()), fromUtcText(query.value(1).toString()),
                   true, query.value(2).toString()};
}

} // namespace sipelanduk
