#include "sync/SyncClient.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Retention.h"
#include "security/Keychain.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/ScanStore.h"
#include "sync/Backoff.h"
#include "sync/Gzip.h"
#include "sync/MasterData.h"
#include "sync/Protocol.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSet>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kServerUrl = "sync.server"_L1;
constexpr auto kDeviceId = "sync.deviceId"_L1;
constexpr auto kConnectTimeoutMs = "sync.connectTimeoutMs"_L1;
constexpr auto kStallTimeoutMs = "sync.stallTimeoutMs"_L1;
constexpr auto kRetryBaseMs = "sync.retryBaseMs"_L1;
constexpr auto kMaxAttempts = "sync.maxAttempts"_L1;
constexpr auto kScanPieceBytes = "sync.scanPieceBytes"_L1;
constexpr auto kCaCertificates = "sync.caCertificates"_L1;
constexpr auto kNotBefore = "sync.notBefore"_L1;
// The longest pause asked by the server that is honoured across runs.
constexpr qint64 kLongestKeptWaitSeconds = 24 * 3600;
constexpr int kHttpOk = 200;
constexpr int kHttpNotFound = 404;
constexpr int kHttpRequestTimeout = 408;
constexpr int kHttpTooManyRequests = 429;
constexpr int kHttpBadGateway = 502;
constexpr int kHttpServiceUnavailable = 503;
constexpr int kHttpGatewayTimeout = 504;
// The back-off ceiling stops doubling here, whatever the base.
constexpr std::chrono::milliseconds kBackoffCap{30'000};
// Set on a reply that this client aborted: "connect" or "stall" (no byte moved for too long),
// "deadline" (the whole request took too long), "too_large" (the answer passed its limit).
constexpr char kTimeoutProperty[] = "sipelanduk.timeout";
// No answer of the protocol comes near this (the national region table is 2.5 MB of JSON); an
// answer that grows past it is not the server's, and is cut off before it fills the memory.
constexpr qint64 kMaxAnswerBytes = 32 * 1024 * 1024;
constexpr qint64 kReadBufferSlack = 4 * 1024 * 1024;
// A transfer that keeps moving, but too slowly to end (a byte every few seconds), is given up
// after this many stall timeouts.
constexpr int kDeadlineInStallTimeouts = 20;

// A whole number from the settings within [minimum, maximum]; the default when unset or unreadable.
int settingNumber(const Database& database, QLatin1StringView key, int fallback, int minimum,
                  int maximum)
{
    bool ok = false;
    const int value = database.setting(key).toInt(&ok);
    return ok ? std::clamp(value, minimum, maximum) : fallback;
}

QString timeoutOf(const QNetworkReply& reply)
{
    return reply.property(kTimeoutProperty).toString();
}

QString pemOf(const QList<QSslCertificate>& certificates)
{
    QByteArray pem;
    for (const QSslCertificate& certificate : certificates)
        pem += certificate.toPem();
    return QString::fromLatin1(pem);
}

// Each distinct content once, in the order the batch lists them.
QList<protocol::ScanReference> distinctScans(const protocol::BatchRequest& request)
{
    QList<protocol::ScanReference> scans;
    QSet<QString> seen;
    for (const protocol::ApplicationRecord& record : request.applications) {
        for (const protocol::ScanReference& scan : record.scans) {
            if (!seen.contains(scan.sha256)) {
                seen.insert(scan.sha256);
                scans.append(scan);
            }
        }
    }
    return scans;
}

} // namespace

SyncTiming SyncTiming::fromSettings(const Database& database)
{
    SyncTiming timing;
    timing.connectTimeoutMs = settingNumber(database, kConnectTimeoutMs, timing.connectTimeoutMs,
                                            kMinTimeoutMs, kMaxTimeoutMs);
    timing.stallTimeoutMs = settingNumber(database, kStallTimeoutMs, timing.stallTimeoutMs,
                                          kMinTimeoutMs, kMaxTimeoutMs);
    timing.retryBaseMs =
        settingNumber(database, kRetryBaseMs, timing.retryBaseMs, kMinRetryBaseMs, kMaxRetryBaseMs);
    timing.maxAttempts =
        settingNumber(database, kMaxAttempts, timing.maxAttempts, 1, kMaxAttemptsLimit);
    return timing;
}

Status SyncTiming::store(Database& database, const User& actor, const SyncTiming& timing)
{
    if (Status allowed = requirePermission(actor, Action::EnrolDevice); !allowed)
        return allowed;
    const auto outside = [](int value, int minimum, int maximum) {
        return value < minimum || value > maximum;
    };
    // As the IT operator types them: 0.001, 0.1, 60.
    const auto seconds = [](int milliseconds) {
        return QLocale().toString(milliseconds / 1000.0, 'g', 6);
    };
    if (outside(timing.connectTimeoutMs, kMinTimeoutMs, kMaxTimeoutMs) ||
        outside(timing.stallTimeoutMs, kMinTimeoutMs, kMaxTimeoutMs)) {
        return Error{SyncClient::tr("A sync timeout must be between %1 and %2 seconds.")
                         .arg(seconds(kMinTimeoutMs), seconds(kMaxTimeoutMs)),
                     u"invalid_setting"_s};
    }
    if (outside(timing.retryBaseMs, kMinRetryBaseMs, kMaxRetryBaseMs)) {
        return Error{SyncClient::tr("The first wait before a retry must be between %1 and %2 "
                                    "seconds.")
                         .arg(seconds(kMinRetryBaseMs), seconds(kMaxRetryBaseMs)),
                     u"invalid_setting"_s};
    }
    if (outside(timing.maxAttempts, 1, kMaxAttemptsLimit)) {
        return Error{SyncClient::tr("The attempts per request must be between 1 and %1.")
                         .arg(kMaxAttemptsLimit),
                     u"invalid_setting"_s};
    }
    if (Status begun = database.transaction(); !begun)
        return begun;
    for (const auto& [key, value] : {std::pair{kConnectTimeoutMs, timing.connectTimeoutMs},
                                     std::pair{kStallTimeoutMs, timing.stallTimeoutMs},
                                     std::pair{kRetryBaseMs, timing.retryBaseMs},
                                     std::pair{kMaxAttempts, timing.maxAttempts}}) {
        if (Status stored = database.setSetting(key, QString::number(value)); !stored) {
            database.rollback();
            return stored;
        }
    }
    if (Status committed = database.commit(); !committed)
        return committed;
    qCInfo(lcSync) << "sync timing set by" << actor.name << ": connect" << timing.connectTimeoutMs
                   << "ms, stall" << timing.stallTimeoutMs << "ms, retry base" << timing.retryBaseMs
                   << "ms," << timing.maxAttempts << "attempts";
    return {};
}

SyncClient::SyncClient(Database& database, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
    , m_outbox(database, clock)
{
    trustCaCertificates(caCertificates(database));
}

bool SyncClient::isEnrolled(const Database& database)
{
    return !database.setting(kDeviceId).isEmpty();
}

QUrl SyncClient::serverUrl(const Database& database)
{
    return QUrl(database.setting(kServerUrl));
}

QString SyncClient::tokenKey() const
{
    return u"device-token/"_s + m_database.setting(u"install.id"_s);
}

Status SyncClient::checkServerUrl(const QUrl& server)
{
    const bool http = server.scheme() == "http"_L1;
    if (!server.isValid() || server.host().isEmpty() || (!http && server.scheme() != "https"_L1)) {
        return Error{tr("%1 is not a server address. Write it as https://host, or "
                        "http://127.0.0.1:port for a server on this PC.")
                         .arg(server.toString()),
                     u"invalid_url"_s};
    }
    const QHostAddress host(server.host());
    const bool local = server.host() == "localhost"_L1 || (!host.isNull() && host.isLoopback());
    if (http && !local) {
        return Error{tr("%1 uses plain http, which would send residents' data unencrypted. Use "
                        "the https address of the central server.")
                         .arg(server.toString()),
                     u"insecure_url"_s};
    }
    return {};
}

Result<QList<QSslCertificate>> SyncClient::readCaFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{tr("The CA file %1 cannot be read (%2). Give the path of the certificate "
                        "file the regency handed out.")
                         .arg(path, file.errorString()),
                     u"ca_file"_s};
    }
    const QByteArray content = file.readAll();
    QList<QSslCertificate> certificates = QSslCertificate::fromData(content, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(content, QSsl::Der);
    if (certificates.isEmpty()) {
        return Error{tr("%1 holds no certificate (PEM or DER). Ask the regency for the CA "
                        "certificate of its server, usually a .crt or .pem file.")
                         .arg(path),
                     u"ca_file"_s};
    }
    return certificates;
}

QList<QSslCertificate> SyncClient::caCertificates(const Database& database)
{
    return QSslCertificate::fromData(database.setting(kCaCertificates).toLatin1(), QSsl::Pem);
}

Status SyncClient::setCaCertificates(const User& actor, Database& database,
                                     const QList<QSslCertificate>& certificates)
{
    if (Status allowed = requirePermission(actor, Action::EnrolDevice); !allowed)
        return allowed;
    if (Status stored = database.setSetting(kCaCertificates, pemOf(certificates)); !stored)
        return stored;
    qCInfo(lcSync) << "trusting" << certificates.size() << "CA certificate(s) of the regency";
    return {};
}

// The system's CAs plus the regency's; never fewer checks: a certificate that fails them ends the
// request (untrustedServer), it is never ignored.
void SyncClient::trustCaCertificates(const QList<QSslCertificate>& extra)
{
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
}

void SyncClient::enrol(const User& actor, const QUrl& server, const QString& code,
                       const QString& deviceName, const QList<QSslCertificate>& caCertificates)
{
    m_busy = true;
    m_report = {};
    m_enrolmentCas = caCertificates;
    trustCaCertificates(caCertificates.isEmpty() ? SyncClient::caCertificates(m_database)
                                                 : caCertificates);
    if (Status allowed = requirePermission(actor, Action::EnrolDevice); !allowed) {
        finish(allowed);
        return;
    }
    if (Status valid = checkServerUrl(server); !valid) {
        finish(valid);
        return;
    }
    // Make sure the keychain takes a secret before spending the one-time code on the server. The
    // probe has a key of its own: a failed re-enrolment must not touch the token in use.
    const QString probeKey = tokenKey() + u"/probe"_s;
    Keychain::write(probeKey, u"probe"_s, this, [=](Status probe) {
        if (!probe) {
            finish(probe);
            return;
        }
        Keychain::remove(probeKey, this, [=](Status) { postEnrolment(server, code, deviceName); });
    });
}

void SyncClient::postEnrolment(const QUrl& server, const QString& code, const QString& deviceName)
{
    Result<OfficeInfo> office = Office::load(m_database);
    if (!office) {
        finish(office.error());
        return;
    }
    m_server = server;
    m_timing = SyncTiming::fromSettings(m_database);
    const protocol::EnrolRequest request{code.trimmed().toUpper(), office->code, deviceName,
                                         office->station};
    call(QNetworkAccessManager::PostOperation, protocol::enrolmentsPath(), {}, request.toJson(),
         [=](Result<QJsonObject> answer) {
             if (!answer) {
                 finish(answer.error());
                 return;
             }
             storeEnrolment(server, *answer);
         });
}

// JSON that is not the message the protocol names came from something other than a Sipelanduk
// server: another service at the address, or a wrong path in it.
template <typename Message>
Result<Message> SyncClient::messageOf(const Result<QJsonObject>& answer) const
{
    if (!answer)
        return answer.error();
    Result<Message> message = Message::fromJson(*answer);
    if (!message) {
        return Error{tr("The answer from %1 is not one the Sipelanduk server sends (%2). Check "
                        "the server address with the regency's IT staff; the work stays queued.")
                         .arg(m_server.toString(), message.errorMessage()),
                     u"not_server"_s};
    }
    return message;
}

void SyncClient::storeEnrolment(const QUrl& server, const QJsonObject& answer)
{
    Result<protocol::EnrolResponse> response = messageOf<protocol::EnrolResponse>(answer);
    if (!response) {
        finish(response.error());
        return;
    }
    noteServerTime(response->serverTime);
    const QString deviceId = protocol::uuidText(response->deviceId);
    Keychain::write(tokenKey(), response->token, this, [=](Status stored) {
        if (stored)
            stored = m_database.setSetting(kServerUrl, server.toString());
        if (stored)
            stored = m_database.setSetting(kDeviceId, deviceId);
        if (stored && !m_enrolmentCas.isEmpty())
            stored = m_database.setSetting(kCaCertificates, pemOf(m_enrolmentCas));
        // A new enrolment may be with another or a restored server: its status sequence is its own.
        if (stored)
            stored = m_outbox.resetStatusCursor();
        if (stored)
            qCInfo(lcSync) << "enrolled as device" << deviceId << "with" << server.toString();
        finish(stored);
    });
}

void SyncClient::run(const User& actor)
{
    if (m_busy)
        return;
    if (Status allowed = requirePermission(actor, Action::RunSync); !allowed) {
        m_report = {};
        finish(allowed);
        return;
    }
    run();
}

void SyncClient::run()
{
    if (m_busy)
        return;
    m_busy = true;
    m_report = {};
    m_scanKey.reset();
    if (!isEnrolled(m_database)) {
        finish(Error{tr("This PC is not enrolled with the central server yet. The IT operator "
                        "enrols it with the server address and a one-time code."),
                     u"not_enrolled"_s});
        return;
    }
    if (const std::optional<QDateTime> until = serverAskedToWaitUntil(m_database, m_clock)) {
        m_report.notBefore = until;
        finish(Error{tr("The central server asked not to be contacted before %1. Nothing is lost: "
                        "the work stays queued and goes with the first sync after that time.")
                         .arg(QLocale().toString(until->toLocalTime(), QLocale::ShortFormat)),
                     u"retry_later"_s});
        return;
    }
    Result<qint64> run = m_outbox.startRun();
    m_run = run ? *run : 0;
    m_server = serverUrl(m_database);
    m_timing = SyncTiming::fromSettings(m_database);
    Keychain::read(tokenKey(), this, [this](Result<QString> token) {
        if (!token || token->isEmpty()) {
            finish(token ? Status(Error{tr("The PC's access key is missing from the keychain; "
                                           "enrol the PC again."),
                                        u"not_enrolled"_s})
                         : Status(token.error()));
            return;
        }
        m_token = *token;
        if (Status sealed = m_outbox.sealOpenBatch(); !sealed) {
            finish(sealed);
            return;
        }
        m_queue = m_outbox.pendingBatches();
        m_done = 0;
        m_total = 0;
        for (const PendingBatch& batch : std::as_const(m_queue))
            m_total += batch.applications;
        Q_EMIT progressed(m_done, m_total);
        sendNextBatch();
    });
}

void SyncClient::sendNextBatch()
{
    if (m_queue.isEmpty()) {
        m_batch = {};
        pullStatus();
        return;
    }
    m_batch = m_queue.takeFirst();
    Result<protocol::BatchRequest> request = m_outbox.request(m_batch);
    if (!request) {
        (void)m_outbox.recordFailure(m_batch, request.errorMessage());
        finish(request.error());
        return;
    }
    m_request = *request;
    m_scansToCheck = distinctScans(m_request);
    checkNextScan();
}

void SyncClient::checkNextScan()
{
    if (m_scansToCheck.isEmpty()) {
        putBatch();
        return;
    }
    const protocol::ScanReference scan = m_scansToCheck.takeFirst();
    askForScan(scan.sha256, [this, scan](Result<ScanHeld> held) {
        if (!held)
            failScan(scan, held.error());
        else if (held->stored)
            checkNextScan();
        else
            uploadScan(scan, held->offset);
    });
}

void SyncClient::uploadScan(const protocol::ScanReference& scan, qint64 offset)
{
    if (m_scanKey) {
        sendScanContent(scan, *m_scanKey, offset);
        return;
    }
    ScanKey::load(m_database, this, [this, scan, offset](Result<ScanKey> key) {
        if (!key) {
            failScan(scan, key.error());
            return;
        }
        m_scanKey = *key;
        sendScanContent(scan, *m_scanKey, offset);
    });
}

void SyncClient::sendScanContent(const protocol::ScanReference& scan, const ScanKey& key,
                                 qint64 offset)
{
    Result<QByteArray> content = ScanStore::readStored(m_database, key, scan.sha256);
    if (!content) {
        failScan(scan, content.error());
        return;
    }
    m_scanContent = *content;
    m_scanOffsetRetries = 0;
    if (offset > 0) {
        ++m_report.scansResumed;
        qCInfo(lcSync) << "resuming scan" << scan.sha256.left(12) << "at byte" << offset << "of"
                       << m_scanContent.size();
    }
    sendScanPiece(scan, offset);
}

void SyncClient::sendScanPiece(const protocol::ScanReference& scan, qint64 offset)
{
    const qint64 total = m_scanContent.size();
    if (offset < 0 || offset >= total) {
        failScan(scan, Error{tr("The server reports holding %1 bytes of a scan of %2 bytes.")
                                 .arg(offset)
                                 .arg(total),
                             u"scan_offset"_s});
        return;
    }
    const qint64 length = qMin(scanPieceBytes(), total - offset);
    const protocol::ContentRange range{offset, offset + length - 1, total};
    Q_EMIT progress(tr("Sending the scan %1 (%2 of %3 KB)...")
                        .arg(scan.name)
                        .arg((offset + length) / 1024)
                        .arg(total / 1024));
    putScanPiece(scan.sha256, range, m_scanContent.mid(offset, length),
                 [this, scan, range](Result<QJsonObject> answer) {
                     onScanPiece(scan, range, std::move(answer));
                 });
}

void SyncClient::onScanPiece(const protocol::ScanReference& scan,
                             const protocol::ContentRange& range, Result<QJsonObject> answer)
{
    // The server holds another part than this client thought (another upload of the same scan, or
    // a piece whose answer was lost): ask where its copy ends and continue from there.
    constexpr int kMaxOffsetRetries = 3;
    if (!answer && answer.error().code == QLatin1String(protocol::codes::kScanOffsetMismatch) &&
        m_scanOffsetRetries < kMaxOffsetRetries) {
        ++m_scanOffsetRetries;
        askForScan(scan.sha256, [this, scan](Result<ScanHeld> held) {
            if (!held)
                failScan(scan, held.error());
            else if (held->stored)
                checkNextScan();
            else
                sendScanPiece(scan, held->offset);
        });
        return;
    }
    Result<protocol::ScanProgress> progress = messageOf<protocol::ScanProgress>(answer);
    if (progress && (progress->sha256 != scan.sha256 || progress->size != range.total ||
                     progress->received <= range.first || progress->received > range.total)) {
        progress = Error{tr("The server acknowledged another scan or part than the one sent."),
                         u"scan_mismatch"_s};
    }
    if (!progress) {
        failScan(scan, progress.error());
        return;
    }
    if (!progress->complete()) {
        sendScanPiece(scan, progress->received);
        return;
    }
    m_scanContent.clear();
    ++m_report.scansSent;
    checkNextScan();
}

qint64 SyncClient::scanPieceBytes() const
{
    constexpr qint64 kDefaultPieceBytes = 256 * 1024;
    constexpr qint64 kMinimumPieceBytes = 1024;
    bool ok = false;
    const qint64 configured = m_database.setting(kScanPieceBytes).toLongLong(&ok);
    if (!ok)
        return kDefaultPieceBytes;
    return qBound(kMinimumPieceBytes, configured, protocol::kMaxScanBytes);
}

// The batch stays sealed and queued, so the next sync tries the scan and the batch again.
void SyncClient::failScan(const protocol::ScanReference& scan, const Error& error)
{
    // The server asked for a pause: nothing is wrong with the scan or its batch.
    if (error.code == "retry_later"_L1) {
        finish(error);
        return;
    }
    const QString message = tr("The scan %1 could not be sent to the central server: %2 Its "
                               "application stays queued; the next sync tries again.")
                                .arg(scan.name, error.message);
    m_scanContent.clear();
    m_report.failures.append(message);
    (void)m_outbox.recordFailure(m_batch, message);
    finish(Error{message, error.code.isEmpty() ? u"scan_upload"_s : error.code});
}

void SyncClient::putBatch()
{
    const PendingBatch batch = m_batch;
    Q_EMIT progress(tr("Sending %n application(s)...", nullptr, batch.applications));
    call(QNetworkAccessManager::PutOperation, protocol::batchPath(batch.uuid), {},
         m_request.toJson(), [this, batch](Result<QJsonObject> answer) {
             Result<protocol::BatchResponse> response = messageOf<protocol::BatchResponse>(answer);
             Result<BatchOutcome> outcome = response ? m_outbox.recordResponse(batch, *response)
                                                     : Result<BatchOutcome>(response.error());
             if (!outcome && outcome.error().code == "retry_later"_L1) {
                 // The server asked for a pause: nothing is wrong with this batch.
                 finish(outcome.error());
                 return;
             }
             if (!outcome) {
                 const bool conflict =
                     outcome.error().code == QLatin1String(protocol::codes::kBatchConflict);
                 // Not a network fault: asking again gets the same 409, so it is asked once per
                 // run and the batch shows why it waits.
                 const QString reason =
                     conflict ? tr("The central server already holds the batch %1 (%n "
                                   "application(s)) with other content and did not take it "
                                   "again: an application in it was changed on this PC after "
                                   "the batch was first sent. The batch stays queued; the IT "
                                   "operator settles it with the central office.",
                                   nullptr, batch.applications)
                                    .arg(protocol::uuidText(batch.uuid))
                              : outcome.errorMessage();
                 m_report.failures.append(reason);
                 (void)m_outbox.recordFailure(batch, reason);
                 // A failure that is not the server's verdict on this batch will hit the rest too.
                 if (!conflict) {
                     finish(outcome.error());
                     return;
                 }
             } else {
                 ++m_report.batchesSent;
                 m_report.accepted += outcome->accepted;
                 m_report.rejected += outcome->rejected;
                 m_report.rejections += outcome->rejections;
             }
             m_done += batch.applications;
             Q_EMIT progressed(m_done, m_total);
             sendNextBatch();
         });
}

void SyncClient::pullStatus()
{
    Q_EMIT progress(tr("Fetching status from the central server..."));
    const QString query =
        u"after=%1&limit=%2"_s.arg(m_outbox.statusCursor()).arg(protocol::kMaxStatusPageSize);
    call(QNetworkAccessManager::GetOperation, protocol::statusPath(), query, {},
         [this](Result<QJsonObject> answer) {
             Result<protocol::StatusPage> page = messageOf<protocol::StatusPage>(answer);
             if (!page) {
                 finish(page.error());
                 return;
             }
             noteServerTime(page->serverTime);
             Result<int> applied = m_outbox.applyStatusPage(*page);
             if (!applied) {
                 finish(applied.error());
                 return;
             }
             m_report.statusChanges += *applied;
             if (page->more && !page->changes.isEmpty()) {
                 pullStatus();
                 return;
             }
             // New statuses may end the retention of handed-over applications.
             if (Result<int> purged = Retention(m_database, m_clock).purge(); purged)
                 m_report.purged = *purged;
             pullMasterData();
         });
}

void SyncClient::pullMasterData()
{
    m_masterKinds = protocol::masterKinds();
    m_masterAnswers.clear();
    askNextMasterData();
}

void SyncClient::askNextMasterData()
{
    if (m_masterKinds.isEmpty()) {
        applyMasterData();
        return;
    }
    const protocol::MasterKind kind = m_masterKinds.takeFirst();
    Q_EMIT progress(tr("Asking the central server for %1...").arg(MasterData::kindLabel(kind)));
    const QString query = u"have=%1"_s.arg(MasterData(m_database, m_clock).have(kind));
    call(QNetworkAccessManager::GetOperation, protocol::masterDataPath(kind), query, {},
         [this, kind](Result<QJsonObject> answer) {
             Result<protocol::MasterDataResponse> response =
                 messageOf<protocol::MasterDataResponse>(answer);
             if (response && response->kind != kind) {
                 response = Error{tr("The server answered with other master data than asked "
                                     "for."),
                                  QString(protocol::codes::kInvalidMessage)};
             }
             if (response) {
                 noteServerTime(response->serverTime);
                 m_masterAnswers.append(*response);
             } else if (response.error().code == QLatin1String(protocol::codes::kNotFound)) {
                 // A server from before master data: the lists in use stay.
                 qCInfo(lcSync).noquote()
                     << "server publishes no" << protocol::masterKindName(kind);
             } else {
                 m_report.masterDataRefusals.append(
                     tr("Could not fetch %1 from the central server: %2 The lists in use stay; "
                        "the next sync asks again.")
                         .arg(MasterData::kindLabel(kind), response.errorMessage()));
                 m_masterKinds.clear();
             }
             askNextMasterData();
         });
}

void SyncClient::applyMasterData()
{
    Result<MasterData::Outcome> outcome = MasterData(m_database, m_clock).apply(m_masterAnswers);
    m_masterAnswers.clear();
    if (outcome) {
        m_report.masterData += outcome->changes;
        m_report.masterDataRefusals += outcome->refusals;
    } else {
        m_report.masterDataRefusals.append(outcome.errorMessage());
    }
    finish(m_report.failures.isEmpty()
               ? Status()
               : Status(Error{m_report.failures.join(u'\n'), u"partial"_s}));
}

void SyncClient::noteServerTime(const QDateTime& serverTime)
{
    if (!serverTime.isValid())
        return;
    const qint64 skew = serverTime.secsTo(m_clock.now());
    if (qAbs(skew) > kClockSkewWarningSeconds) {
        // Once a run in the log; the report keeps the latest.
        if (!m_report.clockSkewSeconds)
            qCWarning(lcSync) << "PC clock differs from the server's by" << skew << "seconds";
        m_report.clockSkewSeconds = skew;
    }
}

QNetworkRequest SyncClient::requestFor(const QString& path, const QString& query,
                                       const QByteArray& contentType) const
{
    QUrl url = m_server;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setSslConfiguration(m_tls);
    // Only the enrolled server gets the token and residents' data: a redirect (a Wi-Fi login
    // page, a misconfigured proxy) is an answer to report, never an address to follow.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    // Qt aborts a transfer in which no byte moved for this long (OperationCanceledError).
    request.setTransferTimeout(m_timing.stallTimeoutMs);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Accept", protocol::kJsonContentType);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    return request;
}

void SyncClient::call(QNetworkAccessManager::Operation operation, const QString& path,
                      const QString& query, const QJsonObject& body, Handler handler)
{
    Outgoing outgoing{operation, path, query, QByteArray(protocol::kJsonContentType), {}, {}};
    if (!body.isEmpty())
        outgoing.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    // A batch of 200 applications is about 140 KB of JSON and a fifth of that compressed: on a
    // mobile link that is the difference between seconds and a minute.
    if (outgoing.body.size() >= gzip::kWorthFromBytes) {
        if (std::optional<QByteArray> compressed = gzip::compress(outgoing.body)) {
            outgoing.body = std::move(*compressed);
            outgoing.headers.append({QByteArray("Content-Encoding"), QByteArray("gzip")});
        }
    }
    send(outgoing, [this, handler = std::move(handler)](Result<QNetworkReply*> reply) {
        handler(reply ? answerOf(**reply) : Result<QJsonObject>(reply.error()));
    });
}

void SyncClient::askForScan(const QString& sha256, Presence done)
{
    const Outgoing outgoing{
        QNetworkAccessManager::HeadOperation, protocol::scanPath(sha256), {}, {}, {}, {}};
    send(outgoing, [this, done = std::move(done)](Result<QNetworkReply*> reply) {
        done(reply ? presenceOf(**reply) : Result<ScanHeld>(reply.error()));
    });
}

void SyncClient::putScanPiece(const QString& sha256, const protocol::ContentRange& range,
                              const QByteArray& piece, Handler handler)
{
    const Outgoing outgoing{QNetworkAccessManager::PutOperation,
                            protocol::scanPath(sha256),
                            {},
                            QByteArray(protocol::kScanContentType),
                            piece,
                            {{QByteArray("Content-Range"), range.toHeader()}}};
    send(outgoing, [this, handler = std::move(handler)](Result<QNetworkReply*> reply) {
        handler(reply ? answerOf(**reply) : Result<QJsonObject>(reply.error()));
    });
}

void SyncClient::send(const Outgoing& outgoing, Delivery done)
{
    attempt(outgoing, 1, std::move(done));
}

void SyncClient::attempt(const Outgoing& outgoing, int number, Delivery done)
{
    QNetworkRequest request = requestFor(outgoing.path, outgoing.query, outgoing.contentType);
    for (const auto& [name, value] : outgoing.headers)
        request.setRawHeader(name, value);
    QNetworkReply* reply = nullptr;
    switch (outgoing.operation) {
    case QNetworkAccessManager::HeadOperation:
        reply = m_network.head(request);
        break;
    case QNetworkAccessManager::GetOperation:
        reply = m_network.get(request);
        break;
    case QNetworkAccessManager::PutOperation:
        reply = m_network.put(request, outgoing.body);
        break;
    case QNetworkAccessManager::DeleteOperation:
        reply = m_network.deleteResource(request);
        break;
    default:
        reply = m_network.post(request, outgoing.body);
        break;
    }

    // Until the request is on its way, the connect timeout applies; after that, the stall timeout
    // that Qt keeps for the transfer.
    auto* connecting = new QTimer(reply);
    connecting->setSingleShot(true);
    connect(connecting, &QTimer::timeout, reply, [reply] {
        reply->setProperty(kTimeoutProperty, u"connect"_s);
        reply->abort();
    });
    connect(reply, &QNetworkReply::requestSent, connecting, &QTimer::stop);
    connect(reply, &QNetworkReply::metaDataChanged, connecting, &QTimer::stop);
    connect(reply, &QNetworkReply::uploadProgress, connecting, [connecting](qint64 sent, qint64) {
        if (sent > 0)
            connecting->stop();
    });
    connecting->start(m_timing.connectTimeoutMs);

    // Two limits Qt does not keep: a whole request's time and an answer's size. The read buffer
    // makes Qt stop taking bytes off the connection once the answer is past the size limit, so an
    // endless answer cannot run ahead of the check below.
    reply->setReadBufferSize(kMaxAnswerBytes + kReadBufferSlack);
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply] {
        reply->setProperty(kTimeoutProperty, u"deadline"_s);
        reply->abort();
    });
    deadline->start(m_timing.stallTimeoutMs * kDeadlineInStallTimeouts);
    connect(reply, &QNetworkReply::readyRead, reply, [reply] {
        if (reply->bytesAvailable() >= kMaxAnswerBytes && reply->isRunning()) {
            reply->setProperty(kTimeoutProperty, u"too_large"_s);
            reply->abort();
        }
    });

    connect(reply, &QNetworkReply::finished, this, [this, reply, outgoing, number, done] {
        reply->deleteLater();
        if (reply->error() == QNetworkReply::OperationCanceledError && timeoutOf(*reply).isEmpty())
            reply->setProperty(kTimeoutProperty, u"stall"_s);
        if (!isTransient(*reply)) {
            done(reply);
            return;
        }

        const std::optional<std::chrono::seconds> asked =
            backoff::retryAfter(reply->rawHeader("Retry-After"), m_clock.now());
        if (asked && asked->count() > m_timing.maxRetryAfterSeconds) {
            const QDateTime until = keepServerPause(*asked);
            qCInfo(lcSync) << "server asked to wait" << asked->count() << "s; run stops";
            done(Error{tr("The central server is busy and asks to be contacted again after %1. "
                          "Nothing is lost: the work stays queued and goes with the next sync "
                          "after that time.")
                           .arg(QLocale().toString(until.toLocalTime(), QLocale::ShortFormat)),
                       u"retry_later"_s});
            return;
        }
        if (number >= m_timing.maxAttempts) {
            if (asked)
                keepServerPause(*asked);
            done(reply);
            return;
        }

        const std::chrono::milliseconds wait =
            asked ? std::chrono::milliseconds(*asked)
                  : backoff::delay({std::chrono::milliseconds(m_timing.retryBaseMs), kBackoffCap},
                                   number, *QRandomGenerator::global());
        ++m_report.retries;
        const QString reason = shortReason(*reply);
        qCInfo(lcSync).noquote() << outgoing.path.section(u'/', 0, -2) << "attempt" << number
                                 << "failed:" << reason << "- again in" << wait.count() << "ms";
        Q_EMIT progress(tr("No usable answer from the central server (%1); trying again in %2 "
                           "seconds (attempt %3 of %4)...")
                            .arg(reason)
                            .arg(QLocale().toString(double(wait.count()) / 1000.0, 'f', 1))
                            .arg(number + 1)
                            .arg(m_timing.maxAttempts));
        QTimer::singleShot(wait, this,
                           [this, outgoing, number, done] { attempt(outgoing, number + 1, done); });
    });
}

// Worth another attempt: the request may not have arrived, or the answer was lost on the way, or
// the server or a gateway said "not now". Every request is safe to repeat: a batch or a scan with
// the same UUID or hash is stored once, whatever arrives twice.
bool SyncClient::isTransient(const QNetworkReply& reply) const
{
    const QString timeout = timeoutOf(reply);
    // An answer that would not end or grew too large comes the same way the next time.
    if (timeout == "deadline"_L1 || timeout == "too_large"_L1)
        return false;
    if (!timeout.isEmpty())
        return true;
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        break;
    }
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return status == kHttpRequestTimeout || status == kHttpTooManyRequests ||
           status == kHttpBadGateway || status == kHttpServiceUnavailable ||
           status == kHttpGatewayTimeout;
}

// A few words for the progress line and the log; the full sentence comes from answerOf().
QString SyncClient::shortReason(const QNetworkReply& reply) const
{
    const QString timeout = timeoutOf(reply);
    if (timeout == "connect"_L1)
        return tr("no connection within %n second(s)", nullptr,
                  (m_timing.connectTimeoutMs + 999) / 1000);
    if (timeout == "stall"_L1)
        return tr("nothing received for %n second(s)", nullptr,
                  (m_timing.stallTimeoutMs + 999) / 1000);
    if (timeout == "deadline"_L1)
        return tr("the answer was too slow to end");
    if (timeout == "too_large"_L1)
        return tr("the answer was too large");
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0 && reply.error() >= QNetworkReply::ProxyConnectionRefusedError)
        return u"HTTP %1"_s.arg(status);
    return reply.errorString();
}

// A HEAD answer has no body: 200 says the server holds the scan, 404 that it does not, with
// Upload-Offset telling how much of an earlier upload it keeps.
Result<SyncClient::ScanHeld> SyncClient::presenceOf(QNetworkReply& reply) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 || !timeoutOf(reply).isEmpty())
        return unreachable(reply);
    if (std::optional<Error> away = redirected(reply))
        return *away;
    if (status == kHttpOk)
        return ScanHeld{true, 0};
    if (status == kHttpNotFound) {
        bool ok = false;
        const qint64 offset = reply.rawHeader(protocol::kUploadOffsetHeader).toLongLong(&ok);
        return ScanHeld{false, ok && offset > 0 ? offset : 0};
    }
    qCWarning(lcSync) << "server refused a scan query:" << status;
    return Error{tr("The central server answered HTTP %1.").arg(status), u"http"_s};
}

Error SyncClient::unreachable(QNetworkReply& reply) const
{
    if (std::optional<Error> untrusted = untrustedServer(reply))
        return *untrusted;
    const QString timeout = timeoutOf(reply);
    if (timeout == "connect"_L1) {
        return Error{tr("No connection to the central server at %1 could be made within %n "
                        "second(s). The work stays queued; sync again when the network is back.",
                        nullptr, (m_timing.connectTimeoutMs + 999) / 1000)
                         .arg(m_server.toString()),
                     u"timeout"_s};
    }
    if (timeout == "stall"_L1) {
        return Error{tr("The connection to the central server at %1 stalled: nothing arrived for "
                        "%n second(s). The work stays queued; sync again when the network is "
                        "better.",
                        nullptr, (m_timing.stallTimeoutMs + 999) / 1000)
                         .arg(m_server.toString()),
                     u"timeout"_s};
    }
    if (timeout == "deadline"_L1) {
        return Error{tr("The answer from %1 kept coming too slowly to end within %n second(s); "
                        "a broken gateway or a very poor connection may be in the way. The work "
                        "stays queued; sync again when the network is better.",
                        nullptr, (m_timing.stallTimeoutMs * kDeadlineInStallTimeouts + 999) / 1000)
                         .arg(m_server.toString()),
                     u"timeout"_s};
    }
    if (timeout == "too_large"_L1) {
        return Error{tr("The answer from %1 grew past %2 MB, more than the Sipelanduk server ever "
                        "sends, and was cut off; a proxy may be in the way. The work stays "
                        "queued; check the server address with the regency's IT staff.")
                         .arg(m_server.toString())
                         .arg(kMaxAnswerBytes / (1024 * 1024)),
                     u"not_server"_s};
    }
    if (reply.error() == QNetworkReply::ConnectionRefusedError) {
        return Error{tr("The central server at %1 could not be reached: nothing answers on that "
                        "address and port (%2). The work stays queued; if other sites open, ask "
                        "the regency's IT staff whether the server runs and the address is "
                        "right.")
                         .arg(m_server.toString(), reply.errorString()),
                     u"network"_s};
    }
    return Error{tr("The central server at %1 could not be reached (%2). The work stays "
                    "queued; sync again when the connection is back.")
                     .arg(m_server.toString(), reply.errorString()),
                 u"network"_s};
}

// Only a well-formed JSON answer from the server counts. A captive portal's HTML page, a cut
// body or a gateway's error page is a failure with a reason, whatever its HTTP status.
Result<QJsonObject> SyncClient::answerOf(QNetworkReply& reply) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply.isOpen() ? reply.readAll() : QByteArray();
    const QString server = m_server.toString();
    if (status == 0 || !timeoutOf(reply).isEmpty())
        return unreachable(reply);
    if (std::optional<Error> away = redirected(reply))
        return *away;
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    // Media types ignore case (RFC 9110): application/json and Application/JSON are one type.
    const bool json =
        contentType.startsWith(QLatin1String(protocol::kJsonContentType), Qt::CaseInsensitive);
    const bool busy = status == kHttpTooManyRequests || status == kHttpBadGateway ||
                      status == kHttpServiceUnavailable || status == kHttpGatewayTimeout;
    if (busy && !json) {
        return Error{tr("The central server at %1, or a gateway in front of it, is overloaded or "
                        "unavailable (HTTP %2). The work stays queued; sync again later.")
                         .arg(server)
                         .arg(status),
                     u"unavailable"_s};
    }
    if (!json) {
        return Error{tr("The answer from %1 did not come from the Sipelanduk server (HTTP %2, "
                        "%3). A Wi-Fi login page or a proxy may be in the way: log in to the "
                        "Wi-Fi, or ask the regency's IT staff. The answer was not used and the "
                        "work stays queued.")
                         .arg(server)
                         .arg(status)
                         .arg(contentType.isEmpty() ? tr("no content type") : contentType),
                     u"not_server"_s};
    }
    Result<QJsonObject> object = protocol::parseObject(body);
    if (!object) {
        return Error{tr("The answer from %1 was cut off or damaged and was not used; the work "
                        "stays queued. Sync again when the connection is steadier.")
                         .arg(server),
                     u"damaged_answer"_s};
    }
    if (status < 200 || status > 299) {
        Result<protocol::ErrorBody> error = protocol::ErrorBody::fromJson(*object);
        if (error) {
            qCWarning(lcSync) << "server refused:" << status << error->error.code;
            return Error{tr("The central server refused: %1").arg(error->error.message),
                         error->error.code};
        }
        return Error{tr("The central server answered HTTP %1.").arg(status), u"http"_s};
    }
    return object;
}

std::optional<Error> SyncClient::redirected(QNetworkReply& reply) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 300 || status > 399)
        return std::nullopt;
    const QString target = QString::fromUtf8(reply.rawHeader("Location"));
    qCWarning(lcSync) << "answer redirected elsewhere; not followed:" << status;
    return Error{tr("The central server's address %1 answered with a redirect (HTTP %2) to %3, "
                    "which is not followed: a Wi-Fi login page or a proxy may be in the way, or "
                    "the server has moved. Nothing was sent elsewhere and the work stays queued; "
                    "log in to the Wi-Fi or check the address with the regency's IT staff.")
                     .arg(m_server.toString())
                     .arg(status)
                     .arg(target.isEmpty() ? tr("an address it did not give") : target),
                 u"redirected"_s};
}

std::optional<Error> SyncClient::untrustedServer(QNetworkReply& reply) const
{
    if (reply.error() != QNetworkReply::SslHandshakeFailedError)
        return std::nullopt;
    qCWarning(lcSync) << "server certificate refused:" << reply.errorString();
    return Error{tr("The central server at %1 showed a certificate this PC does not trust (%2), "
                    "so nothing was sent. If the regency signs its server's certificate itself, "
                    "the IT operator gives this PC its CA file (sipelanduk-ctl set-ca-file FILE, "
                    "or when enrolling); otherwise check that the server address is right.")
                     .arg(m_server.toString(), reply.errorString()),
                 u"untrusted_certificate"_s};
}

QString clockSkewSentence(qint64 skewSeconds)
{
    const qint64 minutes = (qAbs(skewSeconds) + 30) / 60;
    const QString amount = minutes < 120
                               ? SyncClient::tr("%n minute(s)", nullptr, int(minutes))
                               : SyncClient::tr("%n hour(s)", nullptr, int((minutes + 30) / 60));
    return (skewSeconds > 0 ? SyncClient::tr("This PC's clock is %1 ahead of the central server's.")
                            : SyncClient::tr("This PC's clock is %1 behind the central server's."))
               .arg(amount) +
           u' ' +
           SyncClient::tr("Sync goes on, but set the PC's date and time right: receipts and "
                          "registration numbers carry them.");
}

std::optional<QDateTime> SyncClient::serverAskedToWaitUntil(const Database& database,
                                                            const Clock& clock)
{
    const QDateTime until = fromUtcText(database.setting(kNotBefore));
    const QDateTime now = clock.now();
    if (!until.isValid() || until <= now || now.secsTo(until) > kLongestKeptWaitSeconds)
        return std::nullopt;
    return until;
}

// The pause the server asked for, for this run's report and, in the data folder, for the runs of
// any process after it. A pause of years is a broken header, not a plan: at most a day is kept.
QDateTime SyncClient::keepServerPause(std::chrono::seconds asked)
{
    const QDateTime until =
        m_clock.now().addSecs(std::min<qint64>(asked.count(), kLongestKeptWaitSeconds));
    m_report.notBefore = until;
    if (Status kept = m_database.setSetting(kNotBefore, toUtcText(until)); !kept)
        qCWarning(lcSync) << "the server's pause could not be kept:" << kept.error().code;
    return until;
}

void SyncClient::finish(Status status)
{
    m_lastStatus = status;
    m_busy = false;
    m_token.clear();
    if (m_run) {
        (void)m_outbox.finishRun(m_run, status.ok(), status.errorMessage(), m_report.batchesSent,
                                 m_report.accepted, m_report.rejected, m_report.statusChanges);
        m_run = 0;
    }
    if (!status)
        qCWarning(lcSync) << "sync ended with a failure:" << status.error().code;
    Q_EMIT finished();
}

} // namespace sipelanduk
