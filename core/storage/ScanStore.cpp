#include "storage/ScanStore.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Application.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "security/Permissions.h"
#include "storage/Database.h"
#include "storage/ScanKey.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kScansFolder = "scans"_L1;
constexpr QByteArrayView kMagic("SIPSCAN1");
constexpr qint64 kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr qint64 kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

struct Signature
{
    QByteArrayView magic;
    QLatin1String mime;
};

const Signature kSignatures[] = {
    {QByteArrayView("\xFF\xD8\xFF"), "image/jpeg"_L1},
    {QByteArrayView("\x89PNG\r\n\x1A\n"), "image/png"_L1},
    {QByteArrayView("%PDF-"), "application/pdf"_L1},
};

bool isDigest(const QString& sha256)
{
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
    return hex.match(sha256).hasMatch();
}

QByteArray digestOf(const QByteArray& content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
}

// A file name as the audit trail keeps it: a 16-digit number in it is masked like in the logs.
QString auditedName(const QString& name)
{
    static const QRegularExpression number(u"\\d{16}"_s);
    QString masked = name;
    QRegularExpressionMatch match;
    while ((match = number.match(masked)).hasMatch())
        masked.replace(match.capturedStart(), 16, maskIdentityNumber(match.captured()));
    return masked;
}

QByteArray additionalData(const QString& sha256)
{
    return kMagic.toByteArray() + sha256.toLatin1();
}

QByteArray seal(const ScanKey& key, const QString& sha256, const QByteArray& content)
{
    QByteArray nonce(kNonceBytes, '\0');
    randombytes_buf(nonce.data(), size_t(nonce.size()));
    QByteArray cipher(content.size() + kTagBytes, '\0');
    const QByteArray extra = additionalData(sha256);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(cipher.data()), &written,
        reinterpret_cast<const unsigned char*>(content.constData()), size_t(content.size()),
        reinterpret_cast<const unsigned char*>(extra.constData()), size_t(extra.size()), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.constData()),
        reinterpret_cast<const unsigned char*>(key.bytes().constData()));
    return kMagic.toByteArray() + nonce + cipher;
}

std::optional<QByteArray> open(const ScanKey& key, const QString& sha256, const QByteArray& file)
{
    const qint64 head = kMagic.size() + kNonceBytes;
    if (file.size() < head + kTagBytes || !file.startsWith(kMagic))
        return std::nullopt;
    const QByteArray extra = additionalData(sha256);
    QByteArray plain(file.size() - head - kTagBytes, '\0');
    unsigned long long read = 0;
    const int failed = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(plain.data()), &read, nullptr,
        reinterpret_cast<const unsigned char*>(file.constData() + head), size_t(file.size() - head),
        reinterpret_cast<const unsigned char*>(extra.constData()), size_t(extra.size()),
        reinterpret_cast<const unsigned char*>(file.constData() + kMagic.size()),
        reinterpret_cast<const unsigned char*>(key.bytes().constData()));
    if (failed != 0 || digestOf(plain) != sha256.toLatin1())
        return std::nullopt;
    return plain;
}

Error damagedScan(const QString& path)
{
    return Error{
        ScanStore::tr("The scan %1 was changed on disk or was not encrypted with this PC's "
                      "scan key, so it is not shown. Restore it from a backup, or attach "
                      "the document again.")
            .arg(QDir::toNativeSeparators(path)),
        u"scan_damaged"_s};
}

Error tooLarge(const QString& name)
{
    return Error{ScanStore::tr("%1 is larger than %2 MB, the most a scan may be. Scan it again at "
                               "a lower resolution, or as a JPEG instead of a PDF.")
                     .arg(name)
                     .arg(ScanStore::kMaximumBytes / (1024 * 1024)),
                 u"scan_too_large"_s};
}

Error ioError(const QString& path, const QString& reason)
{
    return Error{ScanStore::tr("The scan file %1 could not be used (%2). Check that the disk has "
                               "room and that this user may read and write the data folder.")
                     .arg(QDir::toNativeSeparators(path), reason),
                 u"scan_io"_s};
}

} // namespace

ScanStore::ScanStore(Database& database, const ApplicationStore& applications,
                     const Catalogue& catalogue, const Clock& clock)
    : m_database(database)
    , m_applications(applications)
    , m_catalogue(catalogue)
    , m_clock(clock)
    , m_audit(database, clock)
{}

QString ScanStore::mimeOf(const QByteArray& content)
{
    for (const Signature& signature : kSignatures) {
        if (content.startsWith(signature.magic))
            return signature.mime;
    }
    return {};
}

QString ScanStore::pathOf(const QString& dataDir, const QString& sha256)
{
    return QDir(dataDir).filePath(kScansFolder + u'/' + sha256.left(2) + u'/' + sha256 +
                                  u".scan"_s);
}

Result<AttachedScan> ScanStore::attach(const ScanKey& key, const User& clerk, qint64 applicationId,
                                       const QString& requirement, const QString& file)
{
    QFile in(file);
    const QString name = QFileInfo(file).fileName();
    if (!in.open(QIODevice::ReadOnly))
        return ioError(file, in.errorString());
    // Refused before reading, so a huge file is not loaded only to be turned away.
    if (in.size() > kMaximumBytes)
        return tooLarge(name);
    return attachContent(key, clerk, applicationId, requirement, in.readAll(), name);
}

Result<AttachedScan> ScanStore::attachContent(const ScanKey& key, const User& clerk,
                                              qint64 applicationId, const QString& requirement,
                                              const QByteArray& content, const QString& name)
{
    Result<Application> application = editable(clerk, applicationId, requirement);
    if (!application)
        return application.error();
    if (Status accepted = checkContent(content, name); !accepted)
        return accepted.error();

    AttachedScan scan{applicationId, requirement,    QString::fromLatin1(digestOf(content)),
                      name,          content.size(), mimeOf(content),
                      m_clock.now(), clerk.name};
    const bool known = isReferenced(scan.sha256);
    if (!known) {
        if (Status stored = storeFile(key, scan.sha256, content); !stored)
            return stored.error();
    }
    if (Status inserted = insertRows(clerk, *application, scan); !inserted) {
        if (!known)
            QFile::remove(pathOf(m_database.dataDir(), scan.sha256));
        return inserted.error();
    }
    qCInfo(lcDomain) << "scan" << scan.sha256.left(12) << "attached to" << requirement << "of"
                     << application->registrationNumber;
    return scan;
}

Status ScanStore::remove(const User& clerk, qint64 applicationId, const QString& requirement,
                         const QString& sha256)
{
    Result<Application> application = editable(clerk, applicationId, requirement);
    if (!application)
        return application.error();
    QString name;
    for (const AttachedScan& scan : attachedTo(applicationId)) {
        if (scan.requirement == requirement && scan.sha256 == sha256)
            name = scan.originalName;
    }
    if (name.isNull()) {
        return Error{tr("This scan is not attached to requirement %1 of application %2.")
                         .arg(requirement, application->registrationNumber),
                     u"not_found"_s};
    }
    if (Status deleted = deleteRows(clerk, *application, requirement, sha256, name); !deleted)
        return deleted;
    if (!isReferenced(sha256) && !QFile::remove(pathOf(m_database.dataDir(), sha256)))
        qCWarning(lcDomain) << "unused scan file could not be removed:" << sha256.left(12);
    return {};
}

Result<QByteArray> ScanStore::read(const ScanKey& key, const QString& sha256) const
{
    return readStored(m_database, key, sha256);
}

Result<QByteArray> ScanStore::readStored(const Database& database, const ScanKey& key,
                                         const QString& sha256)
{
    if (!isDigest(sha256))
        return Error{tr("%1 is not the identity of a scan.").arg(sha256), u"not_found"_s};
    const QString path = pathOf(database.dataDir(), sha256);
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return ioError(path, in.errorString());
    if (in.size() > kMaximumBytes + kMagic.size() + kNonceBytes + kTagBytes)
        return damagedScan(path);
    const std::optional<QByteArray> plain = open(key, sha256, in.readAll());
    if (!plain) {
        qCWarning(lcSecurity) << "scan refused on read, changed or under another key:"
                              << sha256.left(12);
        return damagedScan(path);
    }
    return *plain;
}

Result<QList<protocol::ScanReference>> ScanStore::references(const Database& database,
                                                             qint64 applicationId)
{
    QSqlQuery query(database.connection());
    query.prepare(u"SELECT a.requirement, a.sha256, a.original_name, s.mime, s.size "
                  "FROM application_scan a JOIN scan s ON s.sha256 = a.sha256 "
                  "WHERE a.application_id = ? ORDER BY a.requirement, a.sha256"_s);
    query.addBindValue(applicationId);
    if (!query.exec())
        return sqlError(tr("list the scans of an application"), query.lastError().text()).error();
    QList<protocol::ScanReference> scans;
    while (query.next()) {
        scans.append({query.value(0).toString(), query.value(1).toString(),
                      query.value(2).toString(), query.value(3).toString(),
                      query.value(4).toLongLong()});
    }
    return scans;
}

QList<AttachedScan> ScanStore::attachedTo(qint64 applicationId) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT a.requirement, a.sha256, a.original_name, s.size, s.mime, "
                  "a.attached_at, u.name FROM application_scan a "
                  "JOIN scan s ON s.sha256 = a.sha256 JOIN user u ON u.id = a.attached_by "
                  "WHERE a.application_id = ? ORDER BY a.requirement, a.id"_s);
    query.addBindValue(applicationId);
    QList<AttachedScan> scans;
    if (!query.exec()) {
        qCWarning(lcDb) << "scans could not be listed:" << query.lastError().text();
        return scans;
    }
    while (query.next()) {
        scans.append({applicationId, query.value(0).toString(), query.value(1).toString(),
                      query.value(2).toString(), query.value(3).toLongLong(),
                      query.value(4).toString(), fromUtcText(query.value(5).toString()),
                      query.value(6).toString()});
    }
    return scans;
}

Result<Application> ScanStore::editable(const User& clerk, qint64 applicationId,
                                        const QString& requirement)
{
    if (Status allowed = requirePermission(clerk, Action::CaptureApplication); !allowed)
        return refuse(clerk, allowed.error()).error();
    const std::optional<Application> application = m_applications.find(applicationId);
    if (!application)
        return Error{tr("There is no application %1 on this PC.").arg(applicationId),
                     u"not_found"_s};
    if (application->createdBy != clerk.id || !application->editable()) {
        return refuse(clerk,
                      Error{tr("Scans of application %1 can be changed only by %2, who "
                               "captured it, while it is a draft or returned; it is \"%3\".")
                                .arg(application->registrationNumber, application->createdByName,
                                     stateLabel(application->state)),
                            u"not_editable"_s})
            .error();
    }
    const Service* service = m_catalogue.service(application->service);
    const bool known =
        service && std::any_of(service->requirements.cbegin(), service->requirements.cend(),
                               [&](const Requirement& r) { return r.code == requirement; });
    if (!known) {
        return Error{tr("%1 is not a requirement of application %2.")
                         .arg(requirement, application->registrationNumber),
                     u"unknown_requirement"_s};
    }
    return *application;
}

Status ScanStore::checkContent(const QByteArray& content, const QString& name) const
{
    if (content.size() > kMaximumBytes)
        return tooLarge(name);
    if (mimeOf(content).isEmpty()) {
        return Error{tr("%1 is not a JPEG, PNG or PDF file, whatever its name says. Save the scan "
                        "in one of those formats and attach it again.")
                         .arg(name),
                     u"scan_type"_s};
    }
    return {};
}

Status ScanStore::storeFile(const ScanKey& key, const QString& sha256,
                            const QByteArray& content) const
{
    if (sodium_init() < 0)
        return Error{tr("The encryption library could not be started."), u"crypto"_s};
    const QString path = pathOf(m_database.dataDir(), sha256);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return ioError(path, tr("the folder could not be created"));
    QSaveFile out(path);
    out.setDirectWriteFallback(false);
    const QByteArray sealed = seal(key, sha256, content);
    if (!out.open(QIODevice::WriteOnly) || out.write(sealed) != sealed.size() || !out.commit())
        return ioError(path, out.errorString());
    return {};
}

Status ScanStore::insertRows(const User& clerk, const Application& application,
                             const AttachedScan& scan)
{
    QSqlQuery stored(m_database.connection());
    stored.prepare(u"INSERT OR IGNORE INTO scan (sha256, size, mime, stored_at) "
                   "VALUES (?, ?, ?, ?)"_s);
    stored.addBindValue(scan.sha256);
    stored.addBindValue(scan.size);
    stored.addBindValue(scan.mime);
    stored.addBindValue(toUtcText(scan.attachedAt));
    QSqlQuery attached(m_database.connection());
    attached.prepare(u"INSERT INTO application_scan (application_id, requirement, sha256, "
                     "original_name, attached_at, attached_by) VALUES (?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant& value :
         {QVariant(scan.applicationId), QVariant(scan.requirement), QVariant(scan.sha256),
          QVariant(scan.originalName), QVariant(toUtcText(scan.attachedAt)), QVariant(clerk.id)})
        attached.addBindValue(value);

    if (Status begun = m_database.transaction(); !begun)
        return begun;
    Status written =
        stored.exec() ? Status() : sqlError(tr("store the scan"), stored.lastError().text());
    if (written && !attached.exec()) {
        written = attached.lastError().nativeErrorCode() == "2067"_L1
                      ? Status(Error{tr("%1 is already attached to requirement %2.")
                                         .arg(scan.originalName, scan.requirement),
                                     u"already_attached"_s})
                      : sqlError(tr("attach the scan"), attached.lastError().text());
    }
    if (written) {
        written = m_audit.record(AuditAction::ScanAttached, &clerk, &application,
                                 scan.requirement + u": "_s + auditedName(scan.originalName));
    }
    if (!written) {
        m_database.rollback();
        return written;
    }
    return m_database.commit();
}

Status ScanStore::deleteRows(const User& clerk, const Application& application,
                             const QString& requirement, const QString& sha256, const QString& name)
{
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM application_scan WHERE application_id = ? AND requirement = ? "
                  "AND sha256 = ?"_s);
    query.addBindValue(application.id);
    query.addBindValue(requirement);
    query.addBindValue(sha256);
    Status written =
        query.exec() ? Status() : sqlError(tr("remove the scan"), query.lastError().text());
    if (written && !isReferenced(sha256)) {
        query.prepare(u"DELETE FROM scan WHERE sha256 = ?"_s);
        query.addBindValue(sha256);
        if (!query.exec())
            written = sqlError(tr("remove the scan"), query.lastError().text());
    }
    if (written) {
        written = m_audit.record(AuditAction::ScanRemoved, &clerk, &application,
                                 requirement + u": "_s + auditedName(name));
    }
    if (!written) {
        m_database.rollback();
        return written;
    }
    return m_database.commit();
}

bool ScanStore::isReferenced(const QString& sha256) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT 1 FROM application_scan WHERE sha256 = ? LIMIT 1"_s);
    query.addBindValue(sha256);
    return query.exec() && query.next();
}

// A refusal is itself recorded: who tried to change scans they may not change.
Status ScanStore::refuse(const User& user, const Error& error)
{
    (void)m_audit.record(AuditAction::Refused, &user, error.message);
    qCWarning(lcSecurity) << "scan change refused for" << user.name << ":" << error.code;
    return error;
}

} // namespace sipelanduk
