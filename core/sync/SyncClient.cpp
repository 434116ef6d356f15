#include "sync/SyncClient.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Retention.h"
#include "security/Keychain.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/ScanStore.h"
#include "sync/MasterData.h"
#include "sync/Protocol.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kServerUrl = "sync.server"_L1;
constexpr auto kDeviceId = "sync.deviceId"_L1;
constexpr int kTransferTimeoutMs = 30'000;
constexpr int kHttpOk = 200;
constexpr int kHttpNotFound = 404;

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

SyncClient::SyncClient(Database& database, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
    , m_outbox(database, clock)
{}

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

void SyncClient::enrol(const User& actor, const QUrl& server, const QString& code,
                       const QString& deviceName)
{
    m_busy = true;
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

void SyncClient::storeEnrolment(const QUrl& server, const QJsonObject& answer)
{
    Result<protocol::EnrolResponse> response = protocol::EnrolResponse::fromJson(answer);
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
    Result<qint64> run = m_outbox.startRun();
    m_run = run ? *run : 0;
    m_server = serverUrl(m_database);
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
        sendNextBatch();
    });
}

void SyncClient::sendNextBatch()
{
    if (m_queue.isEmpty()) {
        pullStatus();
        return;
    }
    m_batch = m_queue.takeFirst();
    Result<protocol::BatchRequest> request = m_outbox.request(m_batch);
    if (!request) {
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
    askForScan(scan.sha256, [this, scan](Result<bool> present) {
        if (!present)
            failScan(scan, present.error());
        else if (*present)
            checkNextScan();
        else
            uploadScan(scan);
    });
}

void SyncClient::uploadScan(const protocol::ScanReference& scan)
{
    if (m_scanKey) {
        sendScanContent(scan, *m_scanKey);
        return;
    }
    ScanKey::load(m_database, this, [this, scan](Result<ScanKey> key) {
        if (!key) {
            failScan(scan, key.error());
            return;
        }
        m_scanKey = *key;
        sendScanContent(scan, *m_scanKey);
    });
}

void SyncClient::sendScanContent(const protocol::ScanReference& scan, const ScanKey& key)
{
    Result<QByteArray> content = ScanStore::readStored(m_database, key, scan.sha256);
    if (!content) {
        failScan(scan, content.error());
        return;
    }
    Q_EMIT progress(tr("Sending the scan %1...").arg(scan.name));
    putScanContent(scan.sha256, *content, [this, scan](Result<QJsonObject> answer) {
        Result<protocol::ScanReceipt> receipt = answer
                                                    ? protocol::ScanReceipt::fromJson(*answer)
                                                    : Result<protocol::ScanReceipt>(answer.error());
        if (receipt && receipt->sha256 != scan.sha256) {
            receipt = Error{tr("The server acknowledged another scan than the one sent."),
                            u"scan_mismatch"_s};
        }
        if (!receipt) {
            failScan(scan, receipt.error());
            return;
        }
        ++m_report.scansSent;
        checkNextScan();
    });
}

// The batch stays sealed and queued, so the next sync tries the scan and the batch again.
void SyncClient::failScan(const protocol::ScanReference& scan, const Error& error)
{
    const QString message = tr("The scan %1 could not be sent to the central server: %2 Its "
                               "application stays queued; the next sync tries again.")
                                .arg(scan.name, error.message);
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
             Result<protocol::BatchResponse> response =
                 answer ? protocol::BatchResponse::fromJson(*answer)
                        : Result<protocol::BatchResponse>(answer.error());
             Result<BatchOutcome> outcome = response ? m_outbox.recordResponse(batch, *response)
                                                     : Result<BatchOutcome>(response.error());
             if (!outcome) {
                 m_report.failures.append(outcome.errorMessage());
                 (void)m_outbox.recordFailure(batch, outcome.errorMessage());
                 // A failure that is not the server's verdict on this batch will hit the rest too.
                 if (outcome.error().code != QLatin1String(protocol::codes::kBatchConflict)) {
                     finish(outcome.error());
                     return;
                 }
             } else {
                 ++m_report.batchesSent;
                 m_report.accepted += outcome->accepted;
                 m_report.rejected += outcome->rejected;
                 m_report.rejections += outcome->rejections;
             }
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
             Result<protocol::StatusPage> page = answer
                                                     ? protocol::StatusPage::fromJson(*answer)
                                                     : Result<protocol::StatusPage>(answer.error());
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
                 answer ? protocol::MasterDataResponse::fromJson(*answer)
                        : Result<protocol::MasterDataResponse>(answer.error());
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
        m_report.clockSkewSeconds = skew;
        qCWarning(lcSync) << "PC clock differs from the server's by" << skew << "seconds";
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
    request.setTransferTimeout(kTransferTimeoutMs);
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
    const QNetworkRequest request = requestFor(path, query, QByteArray(protocol::kJsonContentType));
    const QByteArray payload =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply* reply = nullptr;
    switch (operation) {
    case QNetworkAccessManager::GetOperation:
        reply = m_network.get(request);
        break;
    case QNetworkAccessManager::PutOperation:
        reply = m_network.put(request, payload);
        break;
    default:
        reply = m_network.post(request, payload);
        break;
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply, handler = std::move(handler)] {
        reply->deleteLater();
        handler(answerOf(*reply));
    });
}

void SyncClient::askForScan(const QString& sha256, Presence done)
{
    QNetworkReply* reply = m_network.head(requestFor(protocol::scanPath(sha256), {}, {}));
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        done(presenceOf(*reply));
    });
}

void SyncClient::putScanContent(const QString& sha256, const QByteArray& content, Handler handler)
{
    const QNetworkRequest request =
        requestFor(protocol::scanPath(sha256), {}, QByteArray(protocol::kScanContentType));
    QNetworkReply* reply = m_network.put(request, content);
    connect(reply, &QNetworkReply::finished, this, [this, reply, handler = std::move(handler)] {
        reply->deleteLater();
        handler(answerOf(*reply));
    });
}

// A HEAD answer has no body; its status alone says whether the server holds the scan.
Result<bool> SyncClient::presenceOf(QNetworkReply& reply) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return unreachable(reply);
    if (status == kHttpOk || status == kHttpNotFound)
        return status == kHttpOk;
    qCWarning(lcSync) << "server refused a scan query:" << status;
    return Error{tr("The central server answered HTTP %1.").arg(status), u"http"_s};
}

Error SyncClient::unreachable(QNetworkReply& reply) const
{
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
    const QByteArray body = reply.readAll();
    const QString server = m_server.toString();
    if (status == 0)
        return unreachable(reply);
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    if (!contentType.startsWith(QLatin1String(protocol::kJsonContentType))) {
        return Error{tr("The answer from %1 did not come from the Sipelanduk server (HTTP %2, "
                        "%3). A Wi-Fi login page or a proxy may be in the way; nothing was marked "
                        "as sent.")
                         .arg(server)
                         .arg(status)
                         .arg(contentType.isEmpty() ? tr("no content type") : contentType),
                     u"not_server"_s};
    }
    Result<QJsonObject> object = protocol::parseObject(body);
    if (!object) {
        return Error{tr("The answer from %1 was cut off or damaged; nothing was marked as sent.")
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
