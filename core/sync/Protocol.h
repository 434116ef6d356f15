#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// The messages of the sync API (docs/api/openapi.yaml), shared by the client and
// sipelanduk-pusat. Each message parses strictly: a missing field or a field of the wrong type
// is an Error with code codes::kInvalidMessage and a sentence naming the field.
namespace sipelanduk::protocol {

inline constexpr QLatin1String kApiPrefix{"/api/v1"};
inline constexpr char kJsonContentType[] = "application/json";
inline constexpr qint64 kMaxBodyBytes = 20 * 1024 * 1024;
inline constexpr int kDefaultStatusPageSize = 100;
inline constexpr int kMaxStatusPageSize = 500;
inline constexpr qint64 kMaxScanBytes = 10 * 1024 * 1024;
inline constexpr char kScanContentType[] = "application/octet-stream";
// How many leading bytes of a scan the server holds from a ranged upload (HEAD answers, pieces).
inline constexpr char kUploadOffsetHeader[] = "Upload-Offset";

QString enrolmentsPath();
QString batchPath(const QUuid& batch);
QString statusPath();
QString healthPath();
QString scanPath(const QString& sha256);

// The three kinds of master data the central server publishes, each with a version that only
// grows: the region table (kode,nama CSV), the service catalogue and the SIAK code lists (JSON).
enum class MasterKind
{
    CodeLists,
    Catalogue,
    Regions
};

QString masterKindName(MasterKind kind);
std::optional<MasterKind> masterKindFromName(const QString& text);
// In the order a client pulls them: the catalogue names code lists, so they come first.
QList<MasterKind> masterKinds();
QString masterDataPath(MasterKind kind);

// The stable words in ErrorBody and in ApplicationResult reasons; clients branch on these, never
// on the sentence next to them.
namespace codes {
inline constexpr QLatin1String kInvalidJson{"invalid_json"};
inline constexpr QLatin1String kInvalidMessage{"invalid_message"};
inline constexpr QLatin1String kInvalidRequest{"invalid_request"};
inline constexpr QLatin1String kInvalidCode{"invalid_code"};
inline constexpr QLatin1String kUnauthorized{"unauthorized"};
inline constexpr QLatin1String kNotFound{"not_found"};
inline constexpr QLatin1String kBatchConflict{"batch_conflict"};
inline constexpr QLatin1String kPayloadTooLarge{"payload_too_large"};
inline constexpr QLatin1String kUnsupportedMediaType{"unsupported_media_type"};
inline constexpr QLatin1String kStorageUnavailable{"storage_unavailable"};
// Reasons for one application in a batch.
inline constexpr QLatin1String kOfficeMismatch{"office_mismatch"};
inline constexpr QLatin1String kContentHashMismatch{"content_hash_mismatch"};
inline constexpr QLatin1String kApplicationConflict{"application_conflict"};
inline constexpr QLatin1String kDuplicateRegistrationNumber{"duplicate_registration_number"};
inline constexpr QLatin1String kScanMissing{"scan_missing"};
// An uploaded scan whose content is not the SHA-256 its path names.
inline constexpr QLatin1String kScanHashMismatch{"scan_hash_mismatch"};
// A piece of a scan that does not start where the server's copy ends; the answer's Upload-Offset
// header says where the next piece must start.
inline constexpr QLatin1String kScanOffsetMismatch{"scan_offset_mismatch"};
// Operator commands on the central side.
inline constexpr QLatin1String kUnknownApplication{"unknown_application"};
inline constexpr QLatin1String kInvalidTransition{"invalid_transition"};
} // namespace codes

enum class Outcome
{
    Accepted,
    Rejected
};

// The state of an application as the central office reports it.
enum class RemoteStatus
{
    Accepted,
    Processing,
    Completed,
    Rejected
};

QString outcomeName(Outcome outcome);
std::optional<Outcome> outcomeFromName(const QString& text);
QString remoteStatusName(RemoteStatus status);
std::optional<RemoteStatus> remoteStatusFromName(const QString& text);

struct EnrolRequest
{
    QString code;
    QString office;
    QString deviceName;
    QString station;

    QJsonObject toJson() const;
    static Result<EnrolRequest> fromJson(const QJsonObject& json);
};

struct EnrolResponse
{
    QUuid deviceId;
    QString token;
    QString office;
    QDateTime serverTime;

    QJsonObject toJson() const;
    static Result<EnrolResponse> fromJson(const QJsonObject& json);
};

// A scan handed in for one requirement; its content travels separately, by SHA-256
// (PUT scanPath), before the batch that lists it.
struct ScanReference
{
    QString requirement;
    QString sha256;
    QString name; // the file name as it was, exactly
    QString mime;
    qint64 size = 0;

    QJsonObject toJson() const;
    static Result<ScanReference> fromJson(const QJsonObject& json);
    bool operator==(const ScanReference& other) const;
};

// The server's answer to a scan upload.
struct ScanReceipt
{
    QString sha256;
    qint64 size = 0;

    QJsonObject toJson() const;
    static Result<ScanReceipt> fromJson(const QJsonObject& json);
};

// One piece of a scan upload, as the Content-Range header "bytes FIRST-LAST/TOTAL" names it: the
// bytes FIRST to LAST (inclusive) of a scan of TOTAL bytes.
struct ContentRange
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = 0;

    qint64 length() const { return last - first + 1; }
    bool isLast() const { return last + 1 == total; }
    QByteArray toHeader() const;
    // Nothing when the text is not a satisfiable range of a scan of at most kMaxScanBytes.
    static std::optional<ContentRange> fromHeader(const QByteArray& header);
};

// The server's answer to a piece of a scan: how many leading bytes it holds. `received` equal to
// `size` means the scan is whole, its SHA-256 checked and stored.
struct ScanProgress
{
    QString sha256;
    qint64 received = 0;
    qint64 size = 0;

    bool complete() const { return received == size; }
    QJsonObject toJson() const;
    static Result<ScanProgress> fromJson(const QJsonObject& json);
};

// One sealed application. Dates of birth and other dates inside `fields` stay "yyyy-MM-dd" text.
struct ApplicationRecord
{
    QUuid uuid;
    QString registrationNumber;
    QString service;
    int catalogueVersion = 0;
    QString contentHash;
    QDateTime capturedAt;
    QDateTime approvedAt;
    QJsonObject fields;
    QStringList requirements;
    // Absent in the JSON of older clients, and left out when empty.
    QList<ScanReference> scans;

    QJsonObject toJson() const;
    static Result<ApplicationRecord> fromJson(const QJsonObject& json);
};

struct BatchRequest
{
    QUuid batch;
    QString office;
    QList<ApplicationRecord> applications;

    QJsonObject toJson() const;
    static Result<BatchRequest> fromJson(const QJsonObject& json);
};

struct ApplicationResult
{
    QUuid uuid;
    QString registrationNumber;
    Outcome outcome = Outcome::Accepted;
    // Present exactly when the outcome is Rejected.
    std::optional<Error> reason;

    QJsonObject toJson() const;
    static Result<ApplicationResult> fromJson(const QJsonObject& json);
};

struct BatchResponse
{
    QUuid batch;
    QDateTime receivedAt;
    QList<ApplicationResult> results;

    QJsonObject toJson() const;
    static Result<BatchResponse> fromJson(const QJsonObject& json);
};

struct StatusChange
{
    qint64 seq = 0;
    QUuid uuid;
    QString registrationNumber;
    RemoteStatus status = RemoteStatus::Accepted;
    // Empty travels as null.
    QString reason;
    QDateTime at;

    QJsonObject toJson() const;
    static Result<StatusChange> fromJson(const QJsonObject& json);
};

struct StatusPage
{
    QList<StatusChange> changes;
    // The seq of the last change in the page, or the `after` asked for when the page is empty.
    qint64 cursor = 0;
    bool more = false;
    QDateTime serverTime;
    // The highest seq the server has given to any change, of any office; a client whose cursor
    // is above it talks to a server that lost changes (restored from an older backup). Absent
    // from servers of before this field.
    std::optional<qint64> latest = std::nullopt;

    QJsonObject toJson() const;
    static Result<StatusPage> fromJson(const QJsonObject& json);
};

// The answer to GET masterDataPath(kind)?have=N: the newest published version, with its content
// only when it is newer than N. Version 0 means nothing is published; then the client keeps the
// lists built into the program.
struct MasterDataResponse
{
    MasterKind kind = MasterKind::Catalogue;
    int version = 0;
    // Null (invalid, empty) exactly when version is 0.
    QDateTime publishedAt;
    QString sha256;
    // The file as published, present only when newer than `have`.
    std::optional<QString> content;
    QDateTime serverTime;

    QJsonObject toJson() const;
    static Result<MasterDataResponse> fromJson(const QJsonObject& json);
};

struct ErrorBody
{
    Error error;

    QJsonObject toJson() const;
    static Result<ErrorBody> fromJson(const QJsonObject& json);
};

struct Health
{
    QString status;
    QDateTime serverTime;

    QJsonObject toJson() const;
    static Result<Health> fromJson(const QJsonObject& json);
};

// The seal of an application: lowercase hex SHA-256 of the compact JSON of
// {"catalogueVersion","fields","requirements","scans","service"}. QJsonObject keeps keys sorted,
// so the text is the same on every machine. "scans" (sorted by requirement, then sha256) is there
// only when there are scans, so an application without scans keeps the seal it always had.
QString contentHash(const QString& service, int catalogueVersion, const QJsonObject& fields,
                    const QStringList& requirements, const QList<ScanReference>& scans = {});
QString contentHash(const ApplicationRecord& record);

// Sorted by requirement, then sha256: the order scans are sealed and sent in.
QList<ScanReference> sortedScans(QList<ScanReference> scans);
bool isSha256Hex(const QString& text);
QString sha256Hex(const QByteArray& data);
QByteArray canonicalJson(const QJsonObject& json);

// A body that is not a JSON object is an Error with code codes::kInvalidJson.
Result<QJsonObject> parseObject(const QByteArray& body);

QString uuidText(const QUuid& uuid);
// A null QUuid unless `text` is a UUID in the 36-character form without braces.
QUuid parseUuid(const QString& text);
// A kecamatan code as offices are named: "19.04.01".
bool isOfficeCode(const QString& text);

} // namespace sipelanduk::protocol
