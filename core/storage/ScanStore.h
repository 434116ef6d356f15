#pragma once

#include "Result.h"
#include "security/AuditLog.h"
#include "sync/Protocol.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace sipelanduk {

class ApplicationStore;
class Catalogue;
class Clock;
class Database;
class ScanKey;
struct Application;
struct User;

// One scan handed in for one requirement of an application.
struct AttachedScan
{
    qint64 applicationId = 0;
    QString requirement;
    QString sha256; // lower-case hex of the plain content: the scan's identity
    QString originalName;
    qint64 size = 0;
    QString mime;
    QDateTime attachedAt;
    QString attachedBy;
};

// Scans of the documents an application's requirements ask for (JPEG, PNG or PDF, told apart by
// their content, never by their name). Each distinct content is stored once, encrypted under
// the PC's scan key, in scans/<first two hex>/<sha256>.scan:
//
//   "SIPSCAN1", a 24-byte random nonce, then XChaCha20-Poly1305 of the content, with the magic
//   and the hex SHA-256 as additional data, so a file moved to another scan's name fails too.
//
// Only the clerk who captured an application attaches or removes its scans, and only while it
// can be edited (draft or returned); each change is in the audit trail.
class ScanStore
{
    Q_DECLARE_TR_FUNCTIONS(ScanStore)

public:
    static constexpr qint64 kMaximumBytes = 10 * 1024 * 1024;

    ScanStore(Database& database, const ApplicationStore& applications, const Catalogue& catalogue,
              const Clock& clock);

    Result<AttachedScan> attach(const ScanKey& key, const User& clerk, qint64 applicationId,
                                const QString& requirement, const QString& file);
    // For content that did not come from a file, such as a dropped image; `name` is kept as given.
    Result<AttachedScan> attachContent(const ScanKey& key, const User& clerk, qint64 applicationId,
                                       const QString& requirement, const QByteArray& content,
                                       const QString& name);
    // The file goes when no application lists the scan any more.
    Status remove(const User& clerk, qint64 applicationId, const QString& requirement,
                  const QString& sha256);

    // The plain content, checked against its SHA-256.
    Result<QByteArray> read(const ScanKey& key, const QString& sha256) const;
    // The same without an application store, for sync.
    static Result<QByteArray> readStored(const Database& database, const ScanKey& key,
                                         const QString& sha256);
    // The scans of an application as they are sealed and sent, by requirement and sha256.
    static Result<QList<protocol::ScanReference>> references(const Database& database,
                                                             qint64 applicationId);
    QList<AttachedScan> attachedTo(qint64 applicationId) const;

    // The media type the content shows it is, or nothing for one that is not accepted.
    static QString mimeOf(const QByteArray& content);
    static QString pathOf(const QString& dataDir, const QString& sha256);

private:
    Result<Application> editable(const User& clerk, qint64 applicationId,
                                 const QString& requirement);
    Status checkContent(const QByteArray& content, const QString& name) const;
    Status storeFile(const ScanKey& key, const QString& sha256, const QByteArray& content) const;
    Status insertRows(const User& clerk, const Application& application, const AttachedScan& scan);
    Status deleteRows(const User& clerk, const Application& application, const QString& requirement,
                      const QString& sha256, const QString& name);
    bool isReferenced(const QString& sha256) const;
    Status refuse(const User& user, const Error& error);

    Database& m_database;
    const ApplicationStore& m_applications;
    const Catalogue& m_catalogue;
    const Clock& m_clock;
    AuditLog m_audit;
};

} // namespace sipelanduk
