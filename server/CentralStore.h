#pragma once

#include "Result.h"
#include "sync/Protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QUuid>
#include <QVariantList>

#include <optional>

class QSqlDatabase;
class QSqlQuery;

namespace sipelanduk {
class Clock;
}

namespace sipelanduk::server {

struct Device
{
    QUuid id;
    QString office;
    QString name;
    QString station;
    QDateTime enrolledAt;
};

// What the server holds of a scan after a piece: its first `received` bytes, or all of it,
// checked and stored, when `complete`.
struct ScanPieceOutcome
{
    qint64 received = 0;
    bool complete = false;
};

// A version of master data as sipelanduk-pusat published it.
struct PublishedMasterData
{
    protocol::MasterKind kind = protocol::MasterKind::Catalogue;
    int version = 0;
    QString sha256;
    QDateTime publishedAt;
    int items = 0; // code lists, services or regions
};

struct IssuedCode
{
    QString code;
    QString office;
    QDateTime expiresAt;
};

// The central database: enrolment codes, devices, batches, applications and their status
// history, in a SQLite file or in PostgreSQL. It keeps no state of its own between calls, so
// several server processes can share one PostgreSQL database; exactly-once rests on the primary
// keys and on one transaction per operation, and the writes that take a status sequence number
// are serialised so that the status cursor never passes a change that commits later. All SQL of
// the server lives here.
class CentralStore
{
    Q_DECLARE_TR_FUNCTIONS(CentralStore)

public:
    static constexpr int kLatestVersion = 4;
    static constexpr int kCodeValidDays = 7;
    // Pieces of a scan upload that saw no new piece for this long are dropped on the next write.
    static constexpr int kAbandonedPieceDays = 7;

    explicit CentralStore(const Clock& clock);
    ~CentralStore();

    CentralStore(const CentralStore&) = delete;
    CentralStore& operator=(const CentralStore&) = delete;

    enum class Backend
    {
        Sqlite,
        Postgres
    };

    // Opens the database and brings its schema up to date. `location` is a SQLite file (created
    // when missing) or postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?sslmode=...]; without a
    // password in the URL, PostgreSQL's own PGPASSWORD or ~/.pgpass supply it.
    Status open(const QString& location);
    Backend backend() const { return m_backend; }

    // True when `location` names a PostgreSQL database rather than a SQLite file.
    static bool isPostgresLocation(const QString& location);
    // The location fit for logs and messages: a PostgreSQL URL without its password.
    static QString displayLocation(const QString& location);
    // A statement written for SQLite as PostgreSQL runs it (see migrations() in the source).
    static QString postgresSql(const QString& sqliteSql);

    Result<IssuedCode> issueCode(const QString& office);
    Result<protocol::EnrolResponse> enrol(const protocol::EnrolRequest& request);
    Result<Device> authenticate(const QString& token) const;

    // `bodyHash` is the SHA-256 of the request's canonical JSON: the same batch uuid with the same
    // hash answers the stored response, with another hash it is a codes::kBatchConflict.
    Result<protocol::BatchResponse> storeBatch(const Device& device,
                                               const protocol::BatchRequest& request,
                                               const QString& bodyHash);

    Result<protocol::StatusPage> statusAfter(const QString& office, qint64 after, int limit) const;
    Result<protocol::StatusChange> setStatus(const QString& registrationNumber,
                                             protocol::RemoteStatus status, const QString& reason);

    Result<bool> hasScan(const QString& sha256) const;
    // Stores the content once per SHA-256; the caller has checked that `content` has that hash.
    // True when it was new.
    Result<bool> storeScan(const Device& device, const QString& sha256, const QByteArray& content);
    // The scans an application was received with, by requirement and sha256; for tests and
    // operators.
    Result<QList<protocol::ScanReference>> scansOf(const QUuid& application) const;
    // The stored content of a scan, empty when unknown.
    Result<QByteArray> scanContent(const QString& sha256) const;

    // Checks `content` with the parsers the counter uses and stores it as the newest version of
    // `kind`: a catalogue or code-lists file must name a version above the one published (and
    // above the program's built-in one); regions are numbered one above the last. A refused file
    // stores nothing.
    Result<PublishedMasterData> publishMasterData(protocol::MasterKind kind,
                                                  const QByteArray& content);
    // The newest version of `kind`, with its content only when it is newer than `have`.
    Result<protocol::MasterDataResponse> masterData(protocol::MasterKind kind, int have) const;

    // Applications per current status, for tests and operators.
    Result<QMap<QString, int>> statusCounts() const;

    // Resumable scan uploads. How many leading bytes of the scan have arrived in pieces; 0 when
    // none.
    Result<qint64> scanPiecesOffset(const QString& sha256) const;
    // Keeps one piece, which must start where the held bytes end (else codes::kScanOffsetMismatch).
    // The last piece completes the scan: the whole must have the size and SHA-256 announced (else
    // codes::kScanHashMismatch, and the pieces are dropped), and is stored once in `scans`.
    Result<ScanPieceOutcome> storeScanPiece(const Device& device, const QString& sha256,
                                            const protocol::ContentRange& range,
                                            const QByteArray& piece);

private:
    class Transaction;

    QSqlDatabase database() const;
    Status openSqlite(const QString& filePath);
    Status openPostgres(const QString& url);
    Status applyPragmas();
    Status migrate();
    Result<int> schemaVersion() const;
    Status adoptUserVersion();
    // Begins a transaction that will write: on SQLite it takes the write lock at once (BEGIN
    // IMMEDIATE), so that a later write never fails on a snapshot another writer made stale.
    Transaction beginWrite();
    // Serialises, across processes, the transactions that append to status_changes; held until
    // the transaction ends. See docs/architecture.md, "Several server processes".
    Status lockStatusSequence();
    bool reconnected() const;

    enum class OnFailure
    {
        Warn,
        Quiet
    };
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& values = {},
                           OnFailure onFailure = OnFailure::Warn) const;
    Error storageError(const QString& what, const QString& driverText,
                       OnFailure onFailure = OnFailure::Warn) const;

    Result<protocol::EnrolResponse> repeatEnrolment(Transaction& transaction,
                                                    const QString& deviceId,
                                                    const protocol::EnrolRequest& request,
                                                    const QDateTime& now);
    Result<protocol::BatchResponse> storedBatch(const Device& device, const QUuid& batch,
                                                const QString& bodyHash);
    Result<protocol::ApplicationResult> storeApplication(const Device& device,
                                                         const protocol::BatchRequest& request,
                                                         const protocol::ApplicationRecord& record,
                                                         const QString& receivedAt);
    Result<protocol::ApplicationResult> insertApplication(const Device& device,
                                                          const protocol::BatchRequest& request,
                                                          const protocol::ApplicationRecord& record,
                                                          const QString& receivedAt);
    Result<std::optional<protocol::ApplicationResult>>
    missingScan(const protocol::ApplicationRecord& record);
    Status insertScanReferences(const protocol::ApplicationRecord& record);
    // The newest published version of `kind` with its content, or the built-in file (version of
    // the file, or 0 for regions) when nothing newer is published.
    Result<std::pair<int, QByteArray>> newestMasterData(protocol::MasterKind kind) const;
    Result<qint64> appendStatusChange(const QUuid& application, const QString& office,
                                      protocol::RemoteStatus status, const QString& reason,
                                      const QString& at);

    Status completeScan(const Device& device, const QString& sha256, qint64 total);
    Error offsetMismatch(const QString& sha256, qint64 first, qint64 held) const;
    Status dropAbandonedScanPieces();

    const Clock& m_clock;
    QString m_connectionName;
    Backend m_backend = Backend::Sqlite;
    bool m_inTransaction = false;
};

} // namespace sipelanduk::server
