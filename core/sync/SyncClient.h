#pragma once

#include "Result.h"
#include "security/Permissions.h"
#include "storage/ScanKey.h"
#include "sync/Outbox.h"

#include <QDateTime>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QNetworkReply;
class QNetworkRequest;

namespace sipelanduk {

class Clock;
class Database;

struct SyncReport
{
    int batchesSent = 0;
    int accepted = 0;
    int rejected = 0;
    int statusChanges = 0;
    int purged = 0;
    int scansSent = 0;    // scans the server did not have yet
    int scansResumed = 0; // of those, uploads that continued where an earlier one stopped
    QStringList rejections;
    QStringList failures;           // batches that could not be sent this time, with the reason
    QStringList masterData;         // what the master data pulled this time changed
    QStringList masterDataRefusals; // versions refused or not fetched; the ones in use stay
    std::optional<qint64> clockSkewSeconds;
    int retries = 0; // requests sent again after a transient failure (timeout, reset, 5xx, 429)
    // The server asked (Retry-After) to be left alone until then, longer than a run waits: the run
    // stopped there with the work still queued, and a scheduler should not start one before.
    std::optional<QDateTime> notBefore;
};

// What the operator reads of a clock that differs from the server's by `skewSeconds` (the PC's
// time minus the server's): ahead or behind, by how much, and what to do.
QString clockSkewSentence(qint64 skewSeconds);

// How patient a run is with the network; read from the database settings at the start of each
// run (sync.connectTimeoutMs, sync.stallTimeoutMs, sync.retryBaseMs, sync.maxAttempts).
struct SyncTiming
{
    int connectTimeoutMs = 15'000; // until the connection is up and the request is on its way
    int stallTimeoutMs = 30'000;   // no byte in either direction for this long ends the attempt
    int retryBaseMs = 1'000;       // the first back-off ceiling; it doubles per failure
    int maxAttempts = 4;           // per request, the first one included
    // A Retry-After up to this is waited for within the run; a longer one ends the run.
    int maxRetryAfterSeconds = 120;

    // The bounds a stored value must keep; fromSettings() clamps what is found outside them.
    static constexpr int kMinTimeoutMs = 100;
    static constexpr int kMaxTimeoutMs = 600'000;
    static constexpr int kMinRetryBaseMs = 1;
    static constexpr int kMaxRetryBaseMs = 60'000;
    static constexpr int kMaxAttemptsLimit = 20;

    static SyncTiming fromSettings(const Database& database);
    // Checks every value against its bounds and stores them together, or none; only a person who
    // may enrol the PC (the IT operator) changes how patient sync is.
    static Status store(Database& database, const User& actor, const SyncTiming& timing);
};

// Talks to sipelanduk-pusat: enrolment, pushing sealed batches, pulling status after the server's
// cursor. Runs on the event loop and says when it is done; the GUI and sipelanduk-ctl drive the
// same object.
class SyncClient : public QObject
{
    Q_OBJECT

public:
    // A clock that differs from the server's by more than this is reported to the operator.
    static constexpr qint64 kClockSkewWarningSeconds = 5 * 60;

    SyncClient(Database& database, const Clock& clock, QObject* parent = nullptr);

    static bool isEnrolled(const Database& database);
    static QUrl serverUrl(const Database& database);

    // The moment the central server last asked not to be called before (Retry-After longer than a
    // run waits), while it is still ahead. It is kept in the data folder, so a scheduled
    // `sipelanduk-ctl sync` or a restarted desktop program honours it too; a moment more than a
    // day ahead (the clock was set back) is not.
    static std::optional<QDateTime> serverAskedToWaitUntil(const Database& database,
                                                           const Clock& clock);

    // Only an IT operator enrols. Plain http is accepted for a server on this PC only: anything
    // else carries personal data and must be https. `caCertificates` (the regency's own CA, when
    // its server's certificate is not signed by a public one) are trusted for this enrolment and
    // kept with it; without them the ones kept before stay in use.
    void enrol(const User& actor, const QUrl& server, const QString& code,
               const QString& deviceName, const QList<QSslCertificate>& caCertificates = {});
    static Status checkServerUrl(const QUrl& server);

    // The regency's CA certificates, trusted beside the system's for every request to the
    // server. They are public, so they live in the database's settings as PEM, independent of
    // where the file was.
    static Result<QList<QSslCertificate>> readCaFile(const QString& path);
    static QList<QSslCertificate> caCertificates(const Database& database);
    static Status setCaCertificates(const User& actor, Database& database,
                                    const QList<QSslCertificate>& certificates);
    // Without a person: a scheduled task, on the strength of the PC's token alone.
    void run();
    // Started by a person in the desktop program, who must be allowed to sync.
    void run(const User& actor);
    bool isBusy() const { return m_busy; }
    // The local id of the batch on its way to the server, or 0.
    qint64 batchInFlight() const { return m_busy ? m_batch.id : 0; }

    // What the last enrol() or run() ended with; read them after finished().
    const Status& lastStatus() const { return m_lastStatus; }
    const SyncReport& lastReport() const { return m_report; }

Q_SIGNALS:
    void progress(const QString& message);
    // Applications the server has given its verdict on (accepted, rejected, or its batch refused)
    // out of those queued when the run started; for a progress bar.
    void progressed(int done, int total);
    void finished();

private:
    using Handler = std::function<void(Result<QJsonObject>)>;
    // What the server holds of a scan: all of it, or the first `offset` bytes of an upload.
    struct ScanHeld
    {
        bool stored = false;
        qint64 offset = 0;
    };
    using Presence = std::function<void(Result<ScanHeld>)>;

    // One request as it goes out, again on every attempt: any method, JSON or raw bytes, and extra
    // headers (a Content-Range for a part of a scan, for instance).
    struct Outgoing
    {
        QNetworkAccessManager::Operation operation = QNetworkAccessManager::GetOperation;
        QString path;
        QString query;
        QByteArray contentType; // empty: no body
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    // The reply of the last attempt, to be read by answerOf() or presenceOf() and deleted after
    // the call; or an error when the run must stop without an answer to read (retry_later).
    using Delivery = std::function<void(Result<QNetworkReply*>)>;

    QNetworkRequest requestFor(const QString& path, const QString& query,
                               const QByteArray& contentType) const;
    // Sends with connect and stall timeouts, and sends again after a transient failure (no
    // connection, timeout, reset, cut answer, 408, 429, 502, 503, 504) with jittered exponential
    // back-off or the server's Retry-After, up to SyncTiming::maxAttempts attempts.
    void send(const Outgoing& outgoing, Delivery done);
    void attempt(const Outgoing& outgoing, int number, Delivery done);
    bool isTransient(const QNetworkReply& reply) const;
    QString shortReason(const QNetworkReply& reply) const;
    void call(QNetworkAccessManager::Operation operation, const QString& path, const QString& query,
              const QJsonObject& body, Handler handler);
    void askForScan(const QString& sha256, Presence done);
    void putScanPiece(const QString& sha256, const protocol::ContentRange& range,
                      const QByteArray& piece, Handler handler);
    Result<QJsonObject> answerOf(QNetworkReply& reply) const;
    template <typename Message>
    Result<Message> messageOf(const Result<QJsonObject>& answer) const;
    Result<ScanHeld> presenceOf(QNetworkReply& reply) const;
    Error unreachable(QNetworkReply& reply) const;
    std::optional<Error> untrustedServer(QNetworkReply& reply) const;
    std::optional<Error> redirected(QNetworkReply& reply) const;
    QDateTime keepServerPause(std::chrono::seconds asked);
    void trustCaCertificates(const QList<QSslCertificate>& extra);
    QString tokenKey() const;

    void postEnrolment(const QUrl& server, const QString& code, const QString& deviceName);
    void storeEnrolment(const QUrl& server, const QJsonObject& answer);
    void sendNextBatch();
    // Before a batch goes, every scan it lists that the server lacks is uploaded.
    void checkNextScan();
    // Scans go in pieces of `sync.scanPieceBytes` from where the server's copy ends, so that a
    // broken upload resumes on the next attempt instead of starting over.
    void uploadScan(const protocol::ScanReference& scan, qint64 offset);
    void sendScanContent(const protocol::ScanReference& scan, const ScanKey& key, qint64 offset);
    void sendScanPiece(const protocol::ScanReference& scan, qint64 offset);
    void onScanPiece(const protocol::ScanReference& scan, const protocol::ContentRange& range,
                     Result<QJsonObject> answer);
    qint64 scanPieceBytes() const;
    void failScan(const protocol::ScanReference& scan, const Error& error);
    void putBatch();
    void pullStatus();
    // After the status: each kind of master data newer than this PC's, applied together.
    void pullMasterData();
    void askNextMasterData();
    void applyMasterData();
    void noteServerTime(const QDateTime& serverTime);
    void finish(Status status);

    Database& m_database;
    const Clock& m_clock;
    Outbox m_outbox;
    QNetworkAccessManager m_network;
    QUrl m_server;
    QString m_token;
    SyncTiming m_timing;
    QSslConfiguration m_tls;
    QList<QSslCertificate> m_enrolmentCas; // given to enrol(), kept when it succeeds
    QList<PendingBatch> m_queue;
    PendingBatch m_batch;
    protocol::BatchRequest m_request;
    QList<protocol::ScanReference> m_scansToCheck;
    std::optional<ScanKey> m_scanKey; // loaded once per run, when the first scan must go
    QByteArray m_scanContent;         // the scan being uploaded
    int m_scanOffsetRetries = 0;
    QList<protocol::MasterKind> m_masterKinds;
    QList<protocol::MasterDataResponse> m_masterAnswers;
    qint64 m_run = 0;
    int m_done = 0;
    int m_total = 0;
    bool m_busy = false;
    Status m_lastStatus;
    SyncReport m_report;
};

} // namespace sipelanduk
