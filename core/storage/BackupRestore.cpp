#include "storage/Backup.h"

#include "Logging.h"
#include "storage/BackupManifest.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/SealedStream.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr quint32 kMaximumManifestBytes = 16 * 1024 * 1024;

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

Error cannotUnpack(const QString& folder, const QString& reason)
{
    return Error{Backup::tr("The backup could not be unpacked in %1 (%2). Check that the disk has "
                            "room and that this user may write there; nothing was restored.")
                     .arg(native(folder), reason),
                 u"restore_io"_s};
}

Status checkTarget(const QString& target)
{
    const QFileInfo info(target);
    if (!info.exists())
        return {};
    const auto everything = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
    if (!info.isDir() || !QDir(target).isEmpty(everything)) {
        return Error{Backup::tr("%1 is not an empty folder, and a restore overwrites nothing. "
                                "Restore into a new folder, or empty this one first.")
                         .arg(native(target)),
                     u"target_not_empty"_s};
    }
    return {};
}

Result<BackupManifest> readManifest(SealedReader& reader)
{
    const Result<QByteArray> head = reader.read(sizeof(quint32));
    if (!head)
        return head.error();
    const auto size = qFromBigEndian<quint32>(head->constData());
    if (size > kMaximumManifestBytes)
        return reader.damaged();
    const Result<QByteArray> json = reader.read(size);
    if (!json)
        return json.error();
    std::optional<BackupManifest> manifest = BackupManifest::fromJson(*json);
    if (!manifest)
        return reader.damaged();
    return *manifest;
}

Status unpack(SealedReader& reader, const BackupEntry& entry, const QString& folder)
{
    const QString path = QDir(folder).filePath(entry.name);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return cannotUnpack(folder, Backup::tr("a folder could not be created"));
    QSaveFile out(path);
    out.setDirectWriteFallback(false);
    if (!out.open(QIODevice::WriteOnly))
        return cannotUnpack(folder, out.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qint64 left = entry.size; left > 0;) {
        const Result<QByteArray> piece = reader.read(qMin(left, sealed::kChunkBytes));
        if (!piece)
            return piece.error();
        hash.addData(*piece);
        if (out.write(*piece) != piece->size())
            return cannotUnpack(folder, out.errorString());
        left -= piece->size();
    }
    if (hash.result().toHex() != entry.sha256)
        return reader.damaged();
    if (!out.commit())
        return cannotUnpack(folder, out.errorString());
    return {};
}

Result<BackupManifest> unpackAll(const QString& file, const QString& passphrase,
                                 const QString& folder)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        return Error{
            Backup::tr("The backup %1 could not be read (%2).").arg(native(file), in.errorString()),
            u"backup_io"_s};
    }
    Result<std::unique_ptr<SealedReader>> reader = SealedReader::open(in, file, passphrase);
    if (!reader)
        return reader.error();
    Result<BackupManifest> manifest = readManifest(**reader);
    if (!manifest)
        return manifest.error();
    for (const BackupEntry& entry : std::as_const(manifest->entries)) {
        if (Status unpacked = unpack(**reader, entry, folder); !unpacked)
            return unpacked.error();
    }
    if (Status ended = (*reader)->expectEnd(); !ended)
        return ended.error();
    return manifest;
}

Status checkRestoredDatabase(const QString& folder, const QString& file)
{
    const Result<std::unique_ptr<Database>> restored = Database::openReadOnly(folder);
    if (!restored)
        return restored.error();
    const Result<QString> damage = (*restored)->damage(Database::Check::Thorough);
    if (!damage)
        return damage.error();
    if (!damage->isEmpty()) {
        return Error{Backup::tr("The database inside the backup %1 is damaged (%2), so nothing was "
                                "restored. Use an older backup.")
                         .arg(native(file), *damage),
                     u"damaged_backup"_s};
    }
    return {};
}

struct Identity
{
    QString station;
    QString installId;
};

// Opening brings an older schema up to date; the new identity is written before the folder is
// moved into place, so no restored folder ever carries the old PC's station code.
Result<Identity> renewIdentity(const QString& folder)
{
    Result<std::unique_ptr<Database>> opened = Database::open(folder);
    if (!opened)
        return opened.error();
    const Result<QString> station = Office::renewIdentity(**opened);
    if (!station)
        return station.error();
    return Identity{*station, (*opened)->setting(u"install.id"_s)};
}

Status moveIntoPlace(QTemporaryDir& staging, const QString& target)
{
    if (QFileInfo::exists(target) && !QDir().rmdir(target))
        return checkTarget(target);
    if (!QDir().rename(staging.path(), target))
        return cannotUnpack(target, Backup::tr("the restored folder could not be moved there"));
    staging.setAutoRemove(false);
    return {};
}

// Moves each of `names` that exists from one folder to the other; on a failure, what this call
// moved goes back.
Status moveNames(const QString& from, const QString& to, const QStringList& names)
{
    if (!QDir().mkpath(to))
        return cannotUnpack(to, Backup::tr("a folder could not be created"));
    QStringList moved;
    for (const QString& name : names) {
        const QString source = QDir(from).filePath(name);
        if (!QFileInfo::exists(source))
            continue;
        if (!QDir().rename(source, QDir(to).filePath(name))) {
            for (const QString& back : std::as_const(moved))
                QDir().rename(QDir(to).filePath(back), QDir(from).filePath(back));
            return cannotUnpack(to, Backup::tr("%1 could not be moved").arg(native(source)));
        }
        moved.append(name);
    }
    return {};
}

} // namespace

Result<RestoreReport> Backup::restore(const QString& file, const QString& passphrase,
                                      const QString& targetDataDir)
{
    if (Status free = checkTarget(targetDataDir); !free)
        return free.error();
    const QFileInfo target(targetDataDir);
    if (!QDir().mkpath(target.absolutePath()))
        return cannotUnpack(target.absolutePath(), tr("the folder could not be created"));
    QTemporaryDir staging(target.absolutePath() + u"/."_s + target.fileName() +
                          u"-restore-XXXXXX"_s);
    if (!staging.isValid())
        return cannotUnpack(target.absolutePath(), staging.errorString());

    const Result<BackupManifest> manifest = unpackAll(file, passphrase, staging.path());
    if (!manifest)
        return manifest.error();
    if (Status sound = checkRestoredDatabase(staging.path(), file); !sound)
        return sound.error();
    const Result<Identity> identity = renewIdentity(staging.path());
    if (!identity)
        return identity.error();
    if (Status moved = moveIntoPlace(staging, targetDataDir); !moved)
        return moved.error();

    RestoreReport report{manifest->office,
                         manifest->createdAt,
                         manifest->schemaVersion,
                         manifest->station,
                         identity->station,
                         identity->installId,
                         0,
                         manifest->scanKey};
    for (const BackupEntry& entry : manifest->entries)
        report.scans += entry.name == Database::kFileName ? 0 : 1;
    qCInfo(lcDb) << "restored" << file << "made" << manifest->createdAt << "into" << targetDataDir
                 << "with" << report.scans << "scans; station" << report.previousStation << "->"
                 << report.station;
    return report;
}

Result<DamagedReplacement> Backup::replaceDamaged(const QString& dataDir, const QString& file,
                                                  const QString& passphrase, const QDateTime& now)
{
    const QFileInfo data(dataDir);
    QTemporaryDir holder(data.absolutePath() + u"/."_s + data.fileName() + u"-restored-XXXXXX"_s);
    if (!holder.isValid())
        return cannotUnpack(data.absolutePath(), holder.errorString());
    const QString restored = holder.filePath(u"data"_s);
    Result<RestoreReport> report = restore(file, passphrase, restored);
    if (!report)
        return report.error();

    const QString aside =
        QDir(dataDir).filePath(u"damaged-"_s + now.toLocalTime().toString(u"yyyyMMdd-HHmmss"_s));
    const QString databaseName = Database::kFileName;
    const QStringList damaged = {databaseName, databaseName + u"-wal"_s, databaseName + u"-shm"_s,
                                 BackupManifest::kScansFolder};
    if (Status movedAside = moveNames(dataDir, aside, damaged); !movedAside)
        return movedAside.error();
    if (Status movedIn = moveNames(restored, dataDir, {databaseName, BackupManifest::kScansFolder});
        !movedIn) {
        if (Status back = moveNames(aside, dataDir, damaged); !back)
            qCWarning(lcDb) << "damaged database could not be put back from" << aside;
        return movedIn.error();
    }
    qCWarning(lcDb) << "damaged database put aside in" << aside << "and replaced from" << file;
    return DamagedReplacement{std::move(report).value(), aside};
}

} // namespace sipelanduk
