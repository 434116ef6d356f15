#pragma once

#include "Result.h"
#include "security/Permissions.h"
#include "storage/ScanKey.h"
#include "sync/Outbox.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

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
    int scansSent = 0; // scans the server did not have yet
    QStringList rejections;
    QStringList failures;           // batches that could not be sent this time, with the reason
    QStringList masterData;         // what the master data pulled this time changed
    QStringList masterDataRefusals; // versions refused or not fetched; the ones in use stay
    std::optional<qint64> clockSkewSeconds;
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

    // Only an IT operator enrols. Plain http is accepted for a server on this PC only: anything
    // else carries personal data and must be https.
    void enrol(const User& actor, const QUrl& server, const QString& code,
               const QString& deviceName);
    static Status checkServerUrl(const QUrl& server);
    // Without a person: a scheduled task, on the strength of the PC's token alone.
    void run();
    // Started by a person in the desktop program, who must be allowed to sync.
    void run(const User& actor);
    bool isBusy() const { return m_busy; }

    // What the last enrol() or run() ended with; read them after finished().
    const Status& lastStatus() const { return m_lastStatus; }
    const SyncReport& lastReport() const { return m_report; }

Q_SIGNALS:
    void progress(const QString& message);
    void finished();

private:
    using Handler = std::function<void(Result<QJsonObject>)>;
    using Presence = std::function<void(Result<bool>)>;

    QNetworkRequest requestFor(const QString& path, const QString& query,
                               const QByteArray& contentType) const;
    void call(QNetworkAccessManager::Operation operation, const QString& path, const QString& query,
              const QJsonObject& body, Handler handler);
    void askForScan(const QString& sha256, Presence done);
    void putScanContent(const QString& sha256, const QByteArray& content, Handler handler);
    Result<QJsonObject> answerOf(QNetworkReply& reply) const;
    Result<bool> presenceOf(QNetworkReply& reply) const;
    Error unreachable(QNetworkReply& reply) const;
    QString tokenKey() const;

    void postEnrolment(const QUrl& server, const QString& code, const QString& deviceName);
    void storeEnrolment(const QUrl& server, const QJsonObject& answer);
    void sendNextBatch();
    // Before a batch goes, every scan it lists that the server lacks is uploaded.
    void checkNextScan();
    void uploadScan(const protocol::ScanReference& scan);
    void sendScanContent(const protocol::ScanReference& scan, const ScanKey& key);
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
    QList<PendingBatch> m_queue;
    PendingBatch m_batch;
    protocol::BatchRequest m_request;
    QList<protocol::ScanReference> m_scansToCheck;
    std::optional<ScanKey> m_scanKey; // loaded once per run, when the first scan must go
    QList<protocol::MasterKind> m_masterKinds;
    QList<protocol::MasterDataResponse> m_masterAnswers;
    qint64 m_run = 0;
    bool m_busy = false;
    Status m_lastStatus;
    SyncReport m_report;
};

} // namespace sipelanduk
