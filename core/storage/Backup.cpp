#include "storage/Backup.h"

#include "Logging.h"
#include "storage/BackupManifest.h"
#include "storage/Database.h"
#include "storage/Office.h"
#include "storage/SealedStream.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kBackupsFolder = "backups"_L1;

// A file that goes into the backup, and where it is read from.
struct Piece
{
    BackupEntry entry;
    QString path;
};

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

Error cannotWrite(const QString& file, const QString& reason)
{
    return Error{
        Backup::tr("The backup %1 could not be written (%2). Check that the folder exists, "
                   "that the disk has room and that this user may write there.")
            .arg(native(file), reason),
        u"backup_io"_s};
}

Error cannotRead(const QString& file, const QString& reason)
{
    return Error{Backup::tr("%1 could not be read for the backup (%2). Check that this user may "
                            "read the data folder, then run the backup again.")
                     .arg(native(file), reason),
                 u"backup_io"_s};
}

Result<Piece> describe(const QString& name, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return cannotRead(path, file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return cannotRead(path, file.errorString());
    return Piece{{name, file.size(), hash.result().toHex()}, path};
}

// Every file under scans/, in a stable order.
QStringList scanFiles(const QString& dataDir)
{
    const QString scans = QDir(dataDir).filePath(BackupManifest::kScansFolder);
    QStringList paths;
    QDirIterator files(scans, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext())
        paths.append(files.next());
    paths.sort();
    return paths;
}

Result<QList<Piece>> collect(const QString& snapshot, const QString& dataDir)
{
    QList<Piece> pieces;
    Result<Piece> database = describe(Database::kFileName, snapshot);
    if (!database)
        return database.error();
    pieces.append(*database);

    const QDir data(dataDir);
    const QStringList scans = scanFiles(dataDir);
    for (const QString& path : scans) {
        Result<Piece> scan = describe(data.relativeFilePath(path), path);
        if (!scan)
            return scan.error();
        pieces.append(*scan);
    }
    return pieces;
}

Status takeSnapshot(const Database& source, const QString& snapshot)
{
    // One read transaction: a consistent copy however much the program writes meanwhile.
    QSqlQuery query(source.connection());
    query.prepare(u"VACUUM INTO ?"_s);
    query.addBindValue(snapshot);
    if (!query.exec())
        return sqlError(Backup::tr("copy itself for the backup"), query.lastError().text());
    return {};
}

// The file is read a second time; a scan replaced in between would not match its manifest line.
Status copyInto(SealedWriter& writer, const Piece& piece)
{
    QFile file(piece.path);
    if (!file.open(QIODevice::ReadOnly))
        return cannotRead(piece.path, file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qint64 left = piece.entry.size; left > 0;) {
        const QByteArray chunk = file.read(qMin(left, sealed::kChunkBytes));
        if (chunk.isEmpty())
            break;
        hash.addData(chunk);
        if (Status written = writer.write(chunk); !written)
            return written;
        left -= chunk.size();
    }
    if (hash.result().toHex() != piece.entry.sha256) {
        return Error{Backup::tr("%1 changed while the backup was being made. Run the backup again.")
                         .arg(native(piece.path)),
                     u"backup_changed"_s};
    }
    return {};
}

Status writeSealed(const QString& file, const QString& passphrase, const BackupManifest& manifest,
                   const QList<Piece>& pieces)
{
    QSaveFile out(file);
    out.setDirectWriteFallback(false);
    if (!out.open(QIODevice::WriteOnly))
        return cannotWrite(file, out.errorString());
    Result<std::unique_ptr<SealedWriter>> writer = SealedWriter::start(out, file, passphrase);
    if (!writer)
        return writer.error();

    const QByteArray json = manifest.toJson();
    QByteArray head(sizeof(quint32), '\0');
    qToBigEndian(quint32(json.size()), head.data());
    if (Status written = (*writer)->write(head + json); !written)
        return written;
    for (const Piece& piece : pieces) {
        if (Status copied = copyInto(**writer, piece); !copied)
            return copied;
    }
    if (Status finished = (*writer)->finish(); !finished)
        return finished;
    if (!out.commit())
        return cannotWrite(file, out.errorString());
    return {};
}

QString dailyName(const QDate& day)
{
    return u"sipelanduk-"_s + day.toString(u"yyyyMMdd"_s) + Backup::kFileSuffix;
}

// Daily backups dated before `firstKept`; other files in the folder are the operator's business.
QStringList removeDailyBefore(const QString& folder, const QDate& firstKept)
{
    static const QRegularExpression daily(u"^sipelanduk-(\\d{8})\\.sipbackup$"_s);
    QStringList removed;
    const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
    for (const QFileInfo& file : files) {
        const QRegularExpressionMatch match = daily.match(file.fileName());
        const QDate day = QDate::fromString(match.captured(1), u"yyyyMMdd"_s);
        if (!match.hasMatch() || !day.isValid() || day >= firstKept)
            continue;
        if (QFile::remove(file.absoluteFilePath()))
            removed.append(file.absoluteFilePath());
        else
            qCWarning(lcDb) << "old backup could not be removed:" << file.absoluteFilePath();
    }
    return removed;
}

} // namespace

Status Backup::checkPassphrase(const QString& passphrase)
{
    if (passphrase.size() < kMinimumPassphraseLength) {
        return Error{tr("The backup passphrase is too short: use at least %1 characters. Keep it "
                        "written down in a safe place; without it no backup can be restored.")
                         .arg(kMinimumPassphraseLength),
                     u"weak_passphrase"_s};
    }
    return {};
}

Status Backup::create(const Database& source, const QString& file, const QString& passphrase,
                      const QDateTime& now, const QByteArray& scanKey)
{
    if (Status strong = checkPassphrase(passphrase); !strong)
        return strong;
    const Result<OfficeInfo> office = Office::load(source);
    if (!office)
        return office.error();

    // The plain copy stays in the data folder, next to the database it copies.
    QTemporaryDir work(QDir(source.dataDir()).filePath(u".backup-XXXXXX"_s));
    if (!work.isValid())
        return cannotWrite(work.path(), work.errorString());
    const QString snapshot = work.filePath(Database::kFileName);
    if (Status copied = takeSnapshot(source, snapshot); !copied)
        return copied;
    const Result<QList<Piece>> pieces = collect(snapshot, source.dataDir());
    if (!pieces)
        return pieces.error();

    BackupManifest manifest{now, office->code, office->station, source.schemaVersion(),
                            {},  scanKey};
    for (const Piece& piece : *pieces)
        manifest.entries.append(piece.entry);
    if (Status written = writeSealed(file, passphrase, manifest, *pieces); !written)
        return written;
    qCInfo(lcDb) << "backup written:" << file << "with" << pieces->size() << "files";
    return {};
}

Result<DailyBackup> Backup::runDaily(const QString& dataDir, const QString& passphrase,
                                     const QDateTime& now, int keepDays, const QByteArray& scanKey)
{
    const QString backups = folder(dataDir);
    if (!QDir().mkpath(backups))
        return cannotWrite(backups, tr("the folder could not be created"));
    const QDate today = now.toLocalTime().date();
    DailyBackup outcome{QDir(backups).filePath(dailyName(today)), false, {}};
    if (!QFileInfo::exists(outcome.file)) {
        Result<std::unique_ptr<Database>> source = Database::openReadOnly(dataDir);
        if (!source)
            return source.error();
        if (Status made = create(**source, outcome.file, passphrase, now, scanKey); !made)
            return made.error();
        outcome.written = true;
    }
    outcome.removed = removeDailyBefore(backups, today.addDays(1 - qMax(1, keepDays)));
    return outcome;
}

QString Backup::folder(const QString& dataDir)
{
    return QDir(dataDir).filePath(kBackupsFolder);
}

QString Backup::latest(const QString& dataDir)
{
    const QFileInfoList files =
        QDir(folder(dataDir)).entryInfoList({u"*"_s + kFileSuffix}, QDir::Files, QDir::Time);
    return files.isEmpty() ? QString() : files.first().absoluteFilePath();
}

int Backup::keepDays(const Database& database)
{
    bool valid = false;
    const int days = database.setting(kKeepDaysSetting).toInt(&valid);
    return valid && days >= 1 && days <= kMaximumKeepDays ? days : kDefaultKeepDays;
}

Status Backup::checkKeepDays(int days)
{
    if (days < 1 || days > kMaximumKeepDays) {
        return Error{tr("Backups are kept for 1 to %1 days; %2 is not possible.")
                         .arg(kMaximumKeepDays)
                         .arg(days),
                     u"invalid_keep_days"_s};
    }
    return {};
}

Status Backup::setKeepDays(Database& database, int days)
{
    if (Status possible = checkKeepDays(days); !possible)
        return possible;
    return database.setSetting(kKeepDaysSetting, QString::number(days));
}

QString Backup::passphraseKey(const Database& database)
{
    return u"backup-passphrase/"_s + database.setting(u"install.id"_s);
}

} // namespace sipelanduk
