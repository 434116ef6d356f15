#include "CentralStore.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Catalogue.h"
#include "domain/CodeLists.h"
#include "sync/MasterData.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

#include <algorithm>

namespace sipelanduk::server {

using namespace Qt::StringLiterals;
using protocol::ApplicationRecord;
using protocol::ApplicationResult;
using protocol::RemoteStatus;

namespace {

// Crockford's base 32: no I, L, O or U, so a code read out over the phone survives.
constexpr QLatin1String kCodeAlphabet{"0123456789ABCDEFGHJKMNPQRSTVWXYZ"};
constexpr int kCodeLength = 10;
constexpr size_t kTokenBytes = 32;

// Version N of the schema is migrations()[N - 1]. The SQL stays portable except where marked,
// because PostgreSQL is to be served by the same statements.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        {
            u"CREATE TABLE devices ("
            " id TEXT PRIMARY KEY,"
            " office TEXT NOT NULL,"
            " name TEXT NOT NULL,"
            " station TEXT NOT NULL,"
            " token_hash TEXT NOT NULL UNIQUE,"
            " enrolled_at TEXT NOT NULL)"_s,
            u"CREATE TABLE enrolment_codes ("
            " code_hash TEXT PRIMARY KEY,"
            " office TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " expires_at TEXT NOT NULL,"
            " used_at TEXT,"
            " device_id TEXT REFERENCES devices (id))"_s,
            u"CREATE TABLE batches ("
            " id TEXT PRIMARY KEY,"
            " device_id TEXT NOT NULL REFERENCES devices (id),"
            " office TEXT NOT NULL,"
            " body_hash TEXT NOT NULL,"
            " response TEXT NOT NULL,"
            " received_at TEXT NOT NULL)"_s,
            u"CREATE TABLE applications ("
            " id TEXT PRIMARY KEY,"
            " registration_number TEXT NOT NULL UNIQUE,"
            " office TEXT NOT NULL,"
            " service TEXT NOT NULL,"
            " catalogue_version INTEGER NOT NULL,"
            " content_hash TEXT NOT NULL,"
            " content TEXT NOT NULL,"
            " captured_at TEXT NOT NULL,"
            " approved_at TEXT NOT NULL,"
            " batch_id TEXT NOT NULL REFERENCES batches (id),"
            " received_at TEXT NOT NULL,"
            " status TEXT NOT NULL"
            "  CHECK (status IN ('accepted', 'processing', 'completed', 'rejected')),"
            " reason TEXT,"
            " status_at TEXT NOT NULL)"_s,
            // SQLite only: AUTOINCREMENT. With PostgreSQL this becomes an identity column, and
            // writers must then take a lock before appending: concurrent transactions could commit
            // seq 12 before seq 11, and a client whose cursor passed 12 would never see 11.
            u"CREATE TABLE status_changes ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " application_id TEXT NOT NULL REFERENCES applications (id),"
            " office TEXT NOT NULL,"
            " status TEXT NOT NULL,"
            " reason TEXT,"
            " at TEXT NOT NULL)"_s,
            u"CREATE INDEX status_changes_by_office ON status_changes (office, seq)"_s,
        },
        {
            // The content of each scan once, by its SHA-256, as it was uploaded.
            u"CREATE TABLE scans ("
            " sha256 TEXT PRIMARY KEY,"
            " size INTEGER NOT NULL,"
            " content BLOB NOT NULL,"
            " device_id TEXT NOT NULL REFERENCES devices (id),"
            " received_at TEXT NOT NULL)"_s,
            u"CREATE TABLE application_scans ("
            " application_id TEXT NOT NULL REFERENCES applications (id),"
            " requirement TEXT NOT NULL,"
            " sha256 TEXT NOT NULL REFERENCES scans (sha256),"
            " name TEXT NOT NULL,"
            " mime TEXT NOT NULL,"
            " size INTEGER NOT NULL,"
            " PRIMARY KEY (application_id, requirement, sha256))"_s,
        },
        {
            // Master data: each published version of the code lists, the service catalogue and
            // the region table, as published. Applications are never checked against it: what
            // was valid when captured stays valid (case 10).
            u"CREATE TABLE master_data ("
            " kind TEXT NOT NULL,"
            " version INTEGER NOT NULL,"
            " content TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " published_at TEXT NOT NULL,"
            " PRIMARY KEY (kind, version))"_s,
        }};
    return steps;
}

// Rolls back unless committed, so that every early return leaves the database as it was.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase database)
        : m_database(std::move(database))
        , m_active(m_database.transaction())
    {}
    ~Transaction() { rollback(); }

    bool active() const { return m_active; }

    bool commit()
    {
        if (!m_active || !m_database.commit())
            return false;
        m_active = false;
        return true;
    }

    void rollback()
    {
        if (m_active)
            m_database.rollback();
        m_active = false;
    }

private:
    QSqlDatabase m_database;
    bool m_active = false;
};

QString newCode()
{
    QString code;
    for (int i = 0; i < kCodeLength; ++i)
        code.append(kCodeAlphabet.at(randombytes_uniform(uint32_t(kCodeAlphabet.size()))));
    return code;
}

QString formatCode(const QString& code)
{
    return code.left(4) + u'-' + code.mid(4, 4) + u'-' + code.mid(8);
}

// The code as typed, reduced to its ten symbols; empty when it cannot be a code.
QString normaliseCode(const QString& typed)
{
    QString code;
    for (QChar c : typed) {
        if (c == u'-' || c.isSpace())
            continue;
        c = c.toUpper();
        if (c == u'O')
            c = u'0';
        else if (c == u'I' || c == u'L')
            c = u'1';
        if (!kCodeAlphabet.contains(c))
            return {};
        code.append(c);
    }
    return code.size() == kCodeLength ? code : QString();
}

QString newToken()
{
    QByteArray bytes(kTokenBytes, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    const auto options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    return QString::fromLatin1(bytes.toBase64(options));
}

QString tokenHash(const QString& token)
{
    return protocol::sha256Hex(token.toUtf8());
}

// A registration number starts with the office's digits: 19.04.01 numbers 190401-....
bool belongsToOffice(const QString& registrationNumber, const QString& office)
{
    QString digits = office;
    digits.remove(u'.');
    return registrationNumber.startsWith(digits + u'-');
}

bool isAllowedTransition(RemoteStatus from, RemoteStatus to)
{
    switch (from) {
    case RemoteStatus::Accepted:
        return to != RemoteStatus::Accepted;
    case RemoteStatus::Processing:
        return to == RemoteStatus::Completed || to == RemoteStatus::Rejected;
    case RemoteStatus::Completed:
    case RemoteStatus::Rejected:
        return false;
    }
    return false;
}

ApplicationResult accepted(const ApplicationRecord& record)
{
    return {record.uuid, record.registrationNumber, protocol::Outcome::Accepted, std::nullopt};
}

ApplicationResult rejected(const ApplicationRecord& record, QLatin1String code,
                           const QString& message)
{
    return {record.uuid, record.registrationNumber, protocol::Outcome::Rejected,
            Error{message, code}};
}

QString storedContent(const ApplicationRecord& record)
{
    const QJsonObject content{{u"fields"_s, record.fields},
                              {u"requirements"_s, QJsonArray::fromStringList(record.requirements)}};
    return QString::fromUtf8(protocol::canonicalJson(content));
}

protocol::StatusChange statusChangeFrom(const QSqlQuery& row)
{
    return {
        row.value(0).toLongLong(),
        protocol::parseUuid(row.value(1).toString()),
        row.value(2).toString(),
        protocol::remoteStatusFromName(row.value(3).toString()).value_or(RemoteStatus::Accepted),
        row.value(4).toString(),
        fromUtcText(row.value(5).toString())};
}

} // namespace

CentralStore::CentralStore(const Clock& clock)
    : m_clock(clock)
    , m_connectionName(u"sipelanduk-pusat-"_s + protocol::uuidText(QUuid::createUuid()))
{}

CentralStore::~CentralStore()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    database().close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase CentralStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Status CentralStore::open(const QString& filePath)
{
    if (sodium_init() < 0)
        return Error{tr("The random number source could not be started.")};

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.setDatabaseName(filePath);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        return Error{tr("The central database %1 could not be opened: %2.")
                         .arg(filePath, db.lastError().text()),
                     protocol::codes::kStorageUnavailable};
    }
    if (Status pragmas = applyPragmas(); !pragmas)
        return pragmas;
    return migrate();
}

Status CentralStore::applyPragmas()
{
    const QStringList pragmas = {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA foreign_keys = ON"_s,
                                 u"PRAGMA synchronous = FULL"_s};
    for (const QString& pragma : pragmas) {
        if (auto done = exec(pragma); !done)
            return done.error();
    }
    return {};
}

Result<int> CentralStore::schemaVersion() const
{
    auto query = exec(u"PRAGMA user_version"_s);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toInt() : 0;
}

Status CentralStore::migrate()
{
    const Result<int> current = schemaVersion();
    if (!current)
        return current.error();
    if (*current > kLatestVersion) {
        return Error{tr("The central database was written by a newer sipelanduk-pusat (schema "
                        "%1); run that version instead.")
                         .arg(*current)};
    }
    for (int version = *current + 1; version <= kLatestVersion; ++version) {
        Transaction transaction(database());
        for (const QString& statement : migrations().at(version - 1)) {
            if (auto done = exec(statement); !done)
                return done.error();
        }
        if (auto done = exec(u"PRAGMA user_version = %1"_s.arg(version)); !done)
            return done.error();
        if (!transaction.commit())
            return storageError(u"migration"_s, database().lastError().text());
        qCInfo(lcServer) << "central database migrated to schema version" << version;
    }
    return {};
}

Result<QSqlQuery> CentralStore::exec(const QString& sql, const QVariantList& values,
                                     OnFailure onFailure) const
{
    QSqlQuery query(database());
    if (!query.prepare(sql))
        return storageError(sql, query.lastError().text(), onFailure);
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return storageError(sql, query.lastError().text(), onFailure);
    return Result<QSqlQuery>(std::move(query));
}

// The driver's words go to the log; a client only learns that it should try again.
Error CentralStore::storageError(const QString& what, const QString& driverText,
                                 OnFailure onFailure) const
{
    if (onFailure == OnFailure::Warn)
        qCWarning(lcServer).noquote() << "database failure:" << driverText << "in" << what.left(80);
    return {tr("The central database is not available right now; try again in a moment."),
            protocol::codes::kStorageUnavailable};
}

Result<IssuedCode> CentralStore::issueCode(const QString& office)
{
    if (!protocol::isOfficeCode(office)) {
        return Error{tr("\"%1\" is not a kecamatan code such as 19.04.01.").arg(office),
                     protocol::codes::kInvalidRequest};
    }

    const QString code = newCode();
    const QDateTime now = m_clock.now();
    const QDateTime expiresAt = now.addDays(kCodeValidDays);
    auto inserted =
        exec(u"INSERT INTO enrolment_codes (code_hash, office, created_at, expires_at)"
             " VALUES (?, ?, ?, ?)"_s,
             {protocol::sha256Hex(code.toLatin1()), office, toUtcText(now), toUtcText(expiresAt)});
    if (!inserted)
        return inserted.error();
    qCInfo(lcServer).noquote() << "enrolment code issued for office" << office;
    return IssuedCode{formatCode(code), office, expiresAt};
}

Result<protocol::EnrolResponse> CentralStore::enrol(const protocol::EnrolRequest& request)
{
    const QString code = normaliseCode(request.code);
    if (code.isEmpty()) {
        return Error{tr("The enrolment code is not of the form XXXX-XXXX-XX; check what was "
                        "typed."),
                     protocol::codes::kInvalidCode};
    }

    Transaction transaction(database());
    if (!transaction.active())
        return storageError(u"enrolment"_s, database().lastError().text());
    const QString codeHash = protocol::sha256Hex(code.toLatin1());
    auto found = exec(u"SELECT office, expires_at, used_at FROM enrolment_codes"
                      " WHERE code_hash = ?"_s,
                      {codeHash});
    if (!found)
        return found.error();
    if (!found->next()) {
        return Error{tr("The enrolment code is not known; check what was typed or ask for a new "
                        "code."),
                     protocol::codes::kInvalidCode};
    }
    if (!found->value(2).isNull()) {
        return Error{tr("The enrolment code has been used already; ask for a new code."),
                     protocol::codes::kInvalidCode};
    }
    const QDateTime now = m_clock.now();
    if (now >= fromUtcText(found->value(1).toString())) {
        return Error{tr("The enrolment code has expired; ask for a new code."),
                     protocol::codes::kInvalidCode};
    }
    if (found->value(0).toString() != request.office) {
        return Error{tr("The enrolment code was issued for office %1, not %2; check the office "
                        "or ask for a new code.")
                         .arg(found->value(0).toString(), request.office),
                     protocol::codes::kInvalidCode};
    }

    const protocol::EnrolResponse response{QUuid::createUuid(), newToken(), request.office, now};
    const QString deviceId = protocol::uuidText(response.deviceId);
    auto device = exec(u"INSERT INTO devices (id, office, name, station, token_hash, enrolled_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)"_s,
                       {deviceId, request.office, request.deviceName, request.station,
                        tokenHash(response.token), toUtcText(now)});
    if (!device)
        return device.error();
    // The guard on used_at makes a second enrolment racing for the same code lose here.
    auto used = exec(u"UPDATE enrolment_codes SET used_at = ?, device_id = ?"
                     " WHERE code_hash = ? AND used_at IS NULL"_s,
                     {toUtcText(now), deviceId, codeHash});
    if (!used)
        return used.error();
    if (used->numRowsAffected() != 1) {
        return Error{tr("The enrolment code has been used already; ask for a new code."),
                     protocol::codes::kInvalidCode};
    }
    if (!transaction.commit())
        return storageError(u"enrolment"_s, database().lastError().text());

    qCInfo(lcServer).noquote() << "device" << deviceId << "enrolled for office" << request.office
                               << "station" << request.station;
    return response;
}

Result<Device> CentralStore::authenticate(const QString& token) const
{
    const Error refused{tr("The device token is not known; enrol this PC again."),
                        protocol::codes::kUnauthorized};
    if (token.isEmpty())
        return refused;

    auto found = exec(u"SELECT id, office, name, station, enrolled_at FROM devices"
                      " WHERE token_hash = ?"_s,
                      {tokenHash(token)});
    if (!found)
        return found.error();
    if (!found->next())
        return refused;
    return Device{protocol::parseUuid(found->value(0).toString()), found->value(1).toString(),
                  found->value(2).toString(), found->value(3).toString(),
                  fromUtcText(found->value(4).toString())};
}

Result<protocol::BatchResponse> CentralStore::storeBatch(const Device& device,
                                                         const protocol::BatchRequest& request,
                                                         const QString& bodyHash)
{
    const QString batchId = protocol::uuidText(request.batch);
    auto known = exec(u"SELECT 1 FROM batches WHERE id = ?"_s, {batchId});
    if (!known)
        return known.error();
    if (known->next())
        return storedBatch(device, request.batch, bodyHash);

    Transaction transaction(database());
    if (!transaction.active())
        return storageError(u"batch"_s, database().lastError().text());
    const QDateTime now = m_clock.now();
    const QString receivedAt = toUtcText(now);
    // Claiming the uuid first makes a second process with the same batch wait here and then fail
    // on the primary key, after which it answers with what the first one stored.
    auto claimed =
        exec(u"INSERT INTO batches (id, device_id, office, body_hash, response,"
             " received_at) VALUES (?, ?, ?, ?, '', ?)"_s,
             {batchId, protocol::uuidText(device.id), device.office, bodyHash, receivedAt},
             OnFailure::Quiet);
    if (!claimed) {
        transaction.rollback();
        qCInfo(lcServer).noquote() << "batch" << batchId << "was stored meanwhile by another"
                                   << "request; answering with what is stored";
        return storedBatch(device, request.batch, bodyHash);
    }

    protocol::BatchResponse response{request.batch, now, {}};
    for (const ApplicationRecord& record : request.applications) {
        auto result = storeApplication(device, request, record, receivedAt);
        if (!result)
            return result.error();
        response.results.append(*result);
    }
    const QString responseText = QString::fromUtf8(protocol::canonicalJson(response.toJson()));
    auto saved = exec(u"UPDATE batches SET response = ? WHERE id = ?"_s, {responseText, batchId});
    if (!saved)
        return saved.error();
    if (!transaction.commit())
        return storageError(u"batch"_s, database().lastError().text());

    const auto acceptedCount = std::count_if(
        response.results.cbegin(), response.results.cend(), [](const ApplicationResult& result) {
            return result.outcome == protocol::Outcome::Accepted;
        });
    qCInfo(lcServer).noquote() << "batch" << batchId << "from device"
                               << protocol::uuidText(device.id) << "stored:" << acceptedCount
                               << "accepted," << response.results.size() - acceptedCount
                               << "rejected";
    return response;
}

Result<protocol::BatchResponse> CentralStore::storedBatch(const Device& device, const QUuid& batch,
                                                          const QString& bodyHash)
{
    auto found = exec(u"SELECT office, body_hash, response FROM batches WHERE id = ?"_s,
                      {protocol::uuidText(batch)});
    if (!found)
        return found.error();
    if (!found->next())
        return storageError(u"batch"_s, u"the batch was neither stored nor found"_s);
    if (found->value(0).toString() != device.office || found->value(1).toString() != bodyHash) {
        return Error{tr("The batch %1 was sent before with other content; send changed "
                        "applications in a new batch.")
                         .arg(protocol::uuidText(batch)),
                     protocol::codes::kBatchConflict};
    }

    const auto json = protocol::parseObject(found->value(2).toString().toUtf8());
    if (!json)
        return storageError(u"stored batch response"_s, json.errorMessage());
    return protocol::BatchResponse::fromJson(*json);
}

Result<ApplicationResult> CentralStore::storeApplication(const Device& device,
                                                         const protocol::BatchRequest& request,
                                                         const ApplicationRecord& record,
                                                         const QString& receivedAt)
{
    if (request.office != device.office) {
        return rejected(record, protocol::codes::kOfficeMismatch,
                        tr("The batch names office %1, but this PC is enrolled for office %2.")
                            .arg(request.office, device.office));
    }
    if (!belongsToOffice(record.registrationNumber, device.office)) {
        return rejected(record, protocol::codes::kOfficeMismatch,
                        tr("The registration number %1 does not belong to office %2.")
                            .arg(record.registrationNumber, device.office));
    }
    if (protocol::contentHash(record) != record.contentHash) {
        return rejected(record, protocol::codes::kContentHashMismatch,
                        tr("The content of the application does not match its seal, so it was "
                           "changed after approval; have it approved again."));
    }

    auto missing = missingScan(record);
    if (!missing)
        return missing.error();
    if (*missing)
        return **missing;

    auto existing = exec(u"SELECT content_hash, registration_number FROM applications"
                         " WHERE id = ?"_s,
                         {protocol::uuidText(record.uuid)});
    if (!existing)
        return existing.error();
    if (!existing->next())
        return insertApplication(device, request, record, receivedAt);
    if (existing->value(0).toString() == record.contentHash &&
        existing->value(1).toString() == record.registrationNumber) {
        return accepted(record);
    }
    return rejected(record, protocol::codes::kApplicationConflict,
                    tr("An application with this UUID was received before with other content."));
}

Result<ApplicationResult> CentralStore::insertApplication(const Device& device,
                                                          const protocol::BatchRequest& request,
                                                          const ApplicationRecord& record,
                                                          const QString& receivedAt)
{
    auto taken = exec(u"SELECT 1 FROM applications WHERE registration_number = ?"_s,
                      {record.registrationNumber});
    if (!taken)
        return taken.error();
    if (taken->next()) {
        return rejected(record, protocol::codes::kDuplicateRegistrationNumber,
                        tr("The registration number %1 is already used by another application.")
                            .arg(record.registrationNumber));
    }

    auto inserted = exec(
        u"INSERT INTO applications (id, registration_number, office, service, catalogue_version,"
        " content_hash, content, captured_at, approved_at, batch_id, received_at, status,"
        " reason, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', NULL, ?)"_s,
        {protocol::uuidText(record.uuid), record.registrationNumber, device.office, record.service,
         record.catalogueVersion, record.contentHash, storedContent(record),
         toUtcText(record.capturedAt), toUtcText(record.approvedAt),
         protocol::uuidText(request.batch), receivedAt, receivedAt});
    if (!inserted)
        return inserted.error();
    if (Status scans = insertScanReferences(record); !scans)
        return scans.error();
    auto change =
        appendStatusChange(record.uuid, device.office, RemoteStatus::Accepted, {}, receivedAt);
    if (!change)
        return change.error();
    return accepted(record);
}

// A rejection when the application lists a scan whose content has not been uploaded.
Result<std::optional<ApplicationResult>> CentralStore::missingScan(const ApplicationRecord& record)
{
    for (const protocol::ScanReference& scan : record.scans) {
        auto known = hasScan(scan.sha256);
        if (!known)
            return known.error();
        if (!*known) {
            return std::optional<ApplicationResult>(
                rejected(record, protocol::codes::kScanMissing,
                         tr("The scan %1 for requirement %2 has not been uploaded; send it "
                            "before the batch.")
                             .arg(scan.name, scan.requirement)));
        }
    }
    return std::optional<ApplicationResult>();
}

Status CentralStore::insertScanReferences(const ApplicationRecord& record)
{
    for (const protocol::ScanReference& scan : record.scans) {
        auto inserted = exec(u"INSERT INTO application_scans (application_id, requirement, sha256,"
                             " name, mime, size) VALUES (?, ?, ?, ?, ?, ?)"_s,
                             {protocol::uuidText(record.uuid), scan.requirement, scan.sha256,
                              scan.name, scan.mime, scan.size});
        if (!inserted)
            return inserted.error();
    }
    return {};
}

Result<bool> CentralStore::hasScan(const QString& sha256) const
{
    auto found = exec(u"SELECT 1 FROM scans WHERE sha256 = ?"_s, {sha256});
    if (!found)
        return found.error();
    return found->next();
}

Result<bool> CentralStore::storeScan(const Device& device, const QString& sha256,
                                     const QByteArray& content)
{
    // SQLite only: INSERT OR IGNORE; PostgreSQL says ON CONFLICT DO NOTHING.
    auto inserted = exec(u"INSERT OR IGNORE INTO scans (sha256, size, content, device_id,"
                         " received_at) VALUES (?, ?, ?, ?, ?)"_s,
                         {sha256, qint64(content.size()), content, protocol::uuidText(device.id),
                          m_clock.nowUtcText()});
    if (!inserted)
        return inserted.error();
    const bool stored = inserted->numRowsAffected() == 1;
    qCInfo(lcServer).noquote() << "scan" << sha256.left(12) << "from device"
                               << protocol::uuidText(device.id)
                               << (stored ? "stored" : "already stored");
    return stored;
}

Result<QList<protocol::ScanReference>> CentralStore::scansOf(const QUuid& application) const
{
    auto rows = exec(u"SELECT requirement, sha256, name, mime, size FROM application_scans"
                     " WHERE application_id = ? ORDER BY requirement, sha256"_s,
                     {protocol::uuidText(application)});
    if (!rows)
        return rows.error();
    QList<protocol::ScanReference> scans;
    while (rows->next()) {
        scans.append({rows->value(0).toString(), rows->value(1).toString(),
                      rows->value(2).toString(), rows->value(3).toString(),
                      rows->value(4).toLongLong()});
    }
    return scans;
}

Result<QByteArray> CentralStore::scanContent(const QString& sha256) const
{
    auto found = exec(u"SELECT content FROM scans WHERE sha256 = ?"_s, {sha256});
    if (!found)
        return found.error();
    return found->next() ? found->value(0).toByteArray() : QByteArray();
}

Result<qint64> CentralStore::appendStatusChange(const QUuid& application, const QString& office,
                                                RemoteStatus status, const QString& reason,
                                                const QString& at)
{
    const QString id = protocol::uuidText(application);
    const QVariant reasonValue = reason.isEmpty() ? QVariant() : QVariant(reason);
    auto inserted = exec(u"INSERT INTO status_changes (application_id, office, status, reason, at)"
                         " VALUES (?, ?, ?, ?, ?)"_s,
                         {id, office, protocol::remoteStatusName(status), reasonValue, at});
    if (!inserted)
        return inserted.error();
    // Portable stand-in for RETURNING: inside this transaction the newest row is ours.
    auto seq = exec(u"SELECT MAX(seq) FROM status_changes WHERE application_id = ?"_s, {id});
    if (!seq)
        return seq.error();
    return seq->next() ? seq->value(0).toLongLong() : 0;
}

Result<protocol::StatusPage> CentralStore::statusAfter(const QString& office, qint64 after,
                                                       int limit) const
{
    limit = qBound(1, limit, protocol::kMaxStatusPageSize);
    auto rows = exec(u"SELECT c.seq, a.id, a.registration_number, c.status, c.reason, c.at"
                     " FROM status_changes c JOIN applications a ON a.id = c.application_id"
                     " WHERE c.office = ? AND c.seq > ? ORDER BY c.seq LIMIT ?"_s,
                     {office, after, limit + 1});
    if (!rows)
        return rows.error();

    protocol::StatusPage page{{}, after, false, m_clock.now()};
    while (rows->next()) {
        if (page.changes.size() == limit) {
            page.more = true;
            break;
        }
        page.changes.append(statusChangeFrom(*rows));
    }
    if (!page.changes.isEmpty())
        page.cursor = page.changes.constLast().seq;
    return page;
}

Result<protocol::StatusChange> CentralStore::setStatus(const QString& registrationNumber,
                                                       RemoteStatus status, const QString& reason)
{
    if (status == RemoteStatus::Rejected && reason.trimmed().isEmpty()) {
        return Error{tr("A rejection needs a reason that the counter can pass on to the "
                        "applicant."),
                     protocol::codes::kInvalidRequest};
    }

    Transaction transaction(database());
    if (!transaction.active())
        return storageError(u"status"_s, database().lastError().text());
    auto found = exec(u"SELECT id, office, status FROM applications"
                      " WHERE registration_number = ?"_s,
                      {registrationNumber});
    if (!found)
        return found.error();
    if (!found->next()) {
        return Error{tr("No application with registration number %1 has been received.")
                         .arg(registrationNumber),
                     protocol::codes::kUnknownApplication};
    }
    const QUuid application = protocol::parseUuid(found->value(0).toString());
    const QString office = found->value(1).toString();
    const QString current = found->value(2).toString();
    const auto from = protocol::remoteStatusFromName(current);
    if (!from || !isAllowedTransition(*from, status)) {
        return Error{tr("Application %1 is %2 and cannot become %3.")
                         .arg(registrationNumber, current, protocol::remoteStatusName(status)),
                     protocol::codes::kInvalidTransition};
    }

    const QDateTime now = m_clock.now();
    const QString at = toUtcText(now);
    const QString kept = reason.trimmed();
    auto seq = appendStatusChange(application, office, status, kept, at);
    if (!seq)
        return seq.error();
    auto updated =
        exec(u"UPDATE applications SET status = ?, reason = ?, status_at = ?"
             " WHERE id = ?"_s,
             {protocol::remoteStatusName(status), kept.isEmpty() ? QVariant() : QVariant(kept), at,
              protocol::uuidText(application)});
    if (!updated)
        return updated.error();
    if (!transaction.commit())
        return storageError(u"status"_s, database().lastError().text());

    qCInfo(lcServer).noquote() << "application" << registrationNumber << "is now"
                               << protocol::remoteStatusName(status);
    return protocol::StatusChange{*seq, application, registrationNumber, status, kept, now};
}

Result<QMap<QString, int>> CentralStore::statusCounts() const
{
    auto rows = exec(u"SELECT status, COUNT(*) FROM applications GROUP BY status"_s);
    if (!rows)
        return rows.error();
    QMap<QString, int> counts;
    while (rows->next())
        counts.insert(rows->value(0).toString(), rows->value(1).toInt());
    return counts;
}

Result<std::pair<int, QByteArray>> CentralStore::newestMasterData(protocol::MasterKind kind) const
{
    auto newest = exec(u"SELECT version, content FROM master_data WHERE kind = ?"
                       " ORDER BY version DESC LIMIT 1"_s,
                       {protocol::masterKindName(kind)});
    if (!newest)
        return newest.error();
    if (newest->next())
        return std::pair{newest->value(0).toInt(), newest->value(1).toString().toUtf8()};
    switch (kind) {
    case protocol::MasterKind::CodeLists: {
        QFile file(u":/sipelanduk/codelists/codelists.json"_s);
        file.open(QIODevice::ReadOnly);
        return std::pair{CodeLists::builtIn().version(), file.readAll()};
    }
    case protocol::MasterKind::Catalogue:
        return std::pair{Catalogue::builtIn().version(), Catalogue::builtIn().toJson()};
    case protocol::MasterKind::Regions:
        break;
    }
    return std::pair{0, QByteArray()};
}

Result<PublishedMasterData> CentralStore::publishMasterData(protocol::MasterKind kind,
                                                            const QByteArray& content)
{
    const QString label = MasterData::kindLabel(kind);
    const QString text = QString::fromUtf8(content);
    if (text.toUtf8() != content) {
        return Error{
            tr("The file is not UTF-8 text, so it is not %1. Nothing was published.").arg(label),
            protocol::codes::kInvalidRequest};
    }
    const auto lists = newestMasterData(protocol::MasterKind::CodeLists);
    const auto catalogue = newestMasterData(protocol::MasterKind::Catalogue);
    const auto current = newestMasterData(kind);
    for (const auto* loaded : {&lists, &catalogue, &current}) {
        if (!*loaded)
            return loaded->error();
    }
    const Result<CodeLists> codeLists = CodeLists::fromJson(lists->second);
    if (!codeLists)
        return storageError(u"published code lists"_s, codeLists.errorMessage());

    const Result<MasterDataFile> file =
        MasterData::check(kind, content, *codeLists, catalogue->second);
    if (!file) {
        return Error{tr("The file is not valid as %1: %2 Nothing was published.")
                         .arg(label, file.errorMessage()),
                     protocol::codes::kInvalidRequest};
    }
    const int version = kind == protocol::MasterKind::Regions ? current->first + 1 : file->version;
    if (version <= current->first) {
        return Error{tr("The file names version %1, but version %2 of %3 is already in use; "
                        "raise the \"version\" in the file. Nothing was published.")
                         .arg(file->version)
                         .arg(current->first)
                         .arg(label),
                     protocol::codes::kInvalidRequest};
    }

    const QDateTime now = m_clock.now();
    PublishedMasterData published{kind, version, protocol::sha256Hex(content), now, file->items};
    auto inserted =
        exec(u"INSERT INTO master_data (kind, version, content, sha256, published_at)"
             " VALUES (?, ?, ?, ?, ?)"_s,
             {protocol::masterKindName(kind), version, text, published.sha256, toUtcText(now)});
    if (!inserted)
        return inserted.error();
    qCInfo(lcServer).noquote() << "published" << protocol::masterKindName(kind) << "version"
                               << version << "with" << file->items << "items";
    return published;
}

Result<protocol::MasterDataResponse> CentralStore::masterData(protocol::MasterKind kind,
                                                              int have) const
{
    protocol::MasterDataResponse answer;
    answer.kind = kind;
    answer.serverTime = m_clock.now();
    auto newest = exec(u"SELECT version, sha256, published_at FROM master_data WHERE kind = ?"
                       " ORDER BY version DESC LIMIT 1"_s,
                       {protocol::masterKindName(kind)});
    if (!newest)
        return newest.error();
    if (!newest->next())
        return answer;
    answer.version = newest->value(0).toInt();
    answer.sha256 = newest->value(1).toString();
    answer.publishedAt = fromUtcText(newest->value(2).toString());
    if (answer.version <= have)
        return answer;

    auto content = exec(u"SELECT content FROM master_data WHERE kind = ? AND version = ?"_s,
                        {protocol::masterKindName(kind), answer.version});
    if (!content)
        return content.error();
    if (!content->next())
        return storageError(u"master data"_s, u"the version vanished while it was read"_s);
    answer.content = content->value(0).toString();
    return answer;
}

} // namespace sipelanduk::server
