#include "sync/SyncClient.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Retention.h"
#include "security/Keychain.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/ScanStore.h"
#include "sync/Backoff.h"
#include "sync/Protocol.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSet>
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
constexpr int kHttpOk = 200;
constexpr int kHttpNotFound = 404;
constexpr int kHttpRequestTimeout = 408;
constexpr int kHttpTooManyRequests = 429;
constexpr int kHttpBadGateway = 502;
constexpr int kHttpServiceUnavailable = 503;
constexpr int kHttpGatewayTimeout = 504;
// The back-off ceiling stops doubling here, whatever the base.
constexpr std::chrono::milliseconds kBackoffCap{30'000};
// Set on a reply that this client aborted because it took too long: "connect" or "stall".
constexpr char kTimeoutProperty[] = "sipelanduk.timeout";

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
    timing.connectTimeoutMs =
        settingNumber(database, kConnectTimeoutMs, timing.connectTimeoutMs, 100, 600'000);
    timing.stallTimeoutMs =
        settingNumber(database, kStallTimeoutMs, timing.stallTimeoutMs, 100, 600'000);
    timing.retryBaseMs = settingNumber(database, kRetryBaseMs, timing.retryBaseMs, 1, 60'000);
    timing.maxAttempts = settingNumber(database, kMaxAttempts, timing.maxAttempts, 1, 20);
    return timing;
}

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
    // The server asked for a pause: nothing is wrong with the scan or its batch.
    if (error.code == "retry_later"_L1) {
        finish(error);
        return;
    }
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
             finish(m_report.failures.isEmpty()
                        ? Status()
                        : Status(Error{m_report.failures.join(u'\n'), u"partial"_s}));
         });
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
    send(outgoing, [this, handler = std::move(handler)](Result<QNetworkReply*> reply) {
        handler(reply ? answerOf(**reply) : Result<QJsonObject>(reply.error()));
    });
}

void SyncClient::askForScan(const QString& sha256, Presence done)
{
    const Outgoing outgoing{
        QNetworkAccessManager::HeadOperation, protocol::scanPath(sha256), {}, {}, {}, {}};
    send(outgoing, [this, done = std::move(done)](Result<QNetworkReply*> reply) {
        done(reply ? presenceOf(**reply) : Result<bool>(reply.error()));
    });
}

void SyncClient::putScanContent(const QString& sha256, const QByteArray& content, Handler handler)
{
    const Outgoing outgoing{QNetworkAccessManager::PutOperation,
                            protocol::scanPath(sha256),
                            {},
                            QByteArray(protocol::kScanContentType),
                            content,
                            {}};
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
            const QDateTime until = m_clock.now().addSecs(asked->count());
            m_report.notBefore = until;
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
                m_report.notBefore = m_clock.now().addSecs(asked->count());
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
        Q_EMIT progress(tr("The central server did not answer properly (%1); trying again in %2 "
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
    if (!timeoutOf(reply).isEmpty())
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
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0 && reply.error() >= QNetworkReply::ProxyConnectionRefusedError)
        return u"HTTP %1"_s.arg(status);
    return reply.errorString();
}

// A HEAD answer has no body; its status alone says whether the server holds the scan.
Result<bool> SyncClient::presenceOf(QNetworkReply& reply) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 || !timeoutOf(reply).isEmpty())
        return unreachable(reply);
    if (status == kHttpOk || status == kHttpNotFound)
        return status == kHttpOk;
    qCWarning(lcSync) << "server refused a scan query:" << status;
    return Error{tr("The central server answered HTTP %1.").arg(status), u"http"_s};
}

Error SyncClient::unreachable(QNetworkReply& reply) const
{
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
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    const bool json = contentType.startsWith(QLatin1String(protocol::kJsonContentType));
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
