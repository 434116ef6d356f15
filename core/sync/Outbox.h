#pragma once

#include "Result.h"
#include "security/AuditLog.h"
#include "sync/Protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMap>

namespace sipelanduk {

class Clock;
class Database;
struct User;

struct PendingBatch
{
    qint64 id = 0;
    QUuid uuid;
    int applications = 0;
    int attempts = 0;
    QString lastError;
};

struct BatchOutcome
{
    int accepted = 0;
    int rejected = 0;
    QStringList rejections; // "registration number: reason", for the operator
};

struct SyncRun
{
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while the run is going
    bool ok = false;
    QString message;
    int sent = 0;
    int accepted = 0;
    int rejected = 0;
    int statuses = 0;
};

// Where one application stands on its way to the central server, as the IT operator sees it.
enum class QueueState
{
    Waiting,  // approved, its batch not tried yet
    Sending,  // its batch is on the wire right now
    Sent,     // the server has it, without a verdict yet
    Accepted, // accepted by the server (also when it is being processed or done)
    Rejected, // refused by the server; the reason says why
    Failed    // its batch could not be sent; the reason is the last error, it is tried again
};

QString queueStateName(QueueState state);
QString queueStateLabel(QueueState state);

struct QueueItem
{
    QString registrationNumber;
    QString service;
    QueueState state = QueueState::Waiting;
    QString reason;
    QDateTime changedAt;
    qint64 batchId = 0;
    int attempts = 0; // of its batch
};

// The local side of sync: what waits to be sent, what the server answered, and where the status
// pull stands. Every answer is stored in one transaction, so an interrupted sync leaves either the
// old state or the new one, never half of each.
class Outbox
{
    Q_DECLARE_TR_FUNCTIONS(Outbox)

public:
    Outbox(Database& database, const Clock& clock)
        : m_database(database)
        , m_clock(clock)
        , m_audit(database, clock)
    {}

    // Closes the batch that approvals are filling, so that it can be sent as it stands.
    Status sealOpenBatch();
    QList<PendingBatch> pendingBatches() const;
    Result<protocol::BatchRequest> request(const PendingBatch& batch) const;

    Result<BatchOutcome> recordResponse(const PendingBatch& batch,
                                        const protocol::BatchResponse& response);
    Status recordFailure(const PendingBatch& batch, const QString& reason);

    qint64 statusCursor() const;
    Status resetStatusCursor();
    // The IT operator's way back after the central server was restored from an older backup: the
    // next sync reads the office's status changes from the start. Applying one twice changes
    // nothing, and a status never goes back, so this is safe to do at any time.
    Status readStatusAgain(const User& actor);
    // Applies one page of status changes and moves the cursor, in one transaction. Changes for
    // applications captured on another PC of the office are passed over.
    Result<int> applyStatusPage(const protocol::StatusPage& page);

    Result<qint64> startRun();
    Status finishRun(qint64 run, bool ok, const QString& message, int sent, int accepted,
                     int rejected, int statuses);
    std::optional<SyncRun> lastSuccessfulRun() const;
    // Newest first, at most `limit`.
    QList<SyncRun> recentRuns(int limit) const;

    // Sent applications stay in the queue listing this long after their batch went.
    static constexpr int kRecentDays = 7;
    static constexpr int kMaxQueuePage = 500;
    // The queue: every application waiting to be sent and those sent in the last kRecentDays
    // days, newest batch first. One page of at most kMaxQueuePage items; `sendingBatch` is the
    // batch a running sync has on the wire (SyncClient::batchInFlight()), or 0.
    QList<QueueItem> queue(int limit, int offset = 0, qint64 sendingBatch = 0) const;
    // How many items queue() can list, in total and per state, without reading them.
    QMap<QueueState, int> queueCounts(qint64 sendingBatch = 0) const;

private:
    Status checkComplete(const PendingBatch& batch, const protocol::BatchResponse& response);
    Result<BatchOutcome> storeResults(const protocol::BatchResponse& response);

    Database& m_database;
    const Clock& m_clock;
    AuditLog m_audit;
};

} // namespace sipelanduk
