#pragma once

#include "Result.h"
#include "security/AuditLog.h"
#include "sync/Protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace sipelanduk {

class Clock;
class Database;

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
    QDateTime finishedAt;
    bool ok = false;
    QString message;
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
    // Applies one page of status changes and moves the cursor, in one transaction. Changes for
    // applications captured on another PC of the office are passed over.
    Result<int> applyStatusPage(const protocol::StatusPage& page);

    Result<qint64> startRun();
    Status finishRun(qint64 run, bool ok, const QString& message, int sent, int accepted,
                     int rejected, int statuses);
    std::optional<SyncRun> lastSuccessfulRun() const;

private:
    Status checkComplete(const PendingBatch& batch, const protocol::BatchResponse& response);
    Result<BatchOutcome> storeResults(const protocol::BatchResponse& response);

    Database& m_database;
    const Clock& m_clock;
    AuditLog m_audit;
};

} // namespace sipelanduk
