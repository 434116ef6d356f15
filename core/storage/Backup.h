#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLatin1String>
#include <QString>
#include <QStringList>

namespace sipelanduk {

class Database;

// What a restore brought back, for the sentence the operator reads afterwards.
struct RestoreReport
{
    QString officeCode;
    QDateTime createdAt;
    int schemaVersion = 0;
    QString previousStation; // the station of the PC the backup was made on
    QString station;         // the new one of this PC
    QString installId;       // the new one of this PC, which names its keychain entries
    int scans = 0;
    // The scan key the backup carried, for the caller to put into this PC's keychain under
    // ScanKey::keychainKey(installId); empty when the backup held no scans.
    QByteArray scanKey;
};

struct DailyBackup
{
    QString file;
    bool written = false; // false when today's backup was already there
    QStringList removed;
};

struct DamagedReplacement
{
    RestoreReport report;
    QString damagedFolder; // where the damaged files were put aside
};

// Encrypted backups of a data folder: the database, taken consistently while the program may be
// writing, and every file under scans/. See SealedStream.h for the outer layer; inside it is a
// u32 length, a JSON manifest (format, when, office, schema version, each entry's name, size and
// SHA-256), then each entry's bytes in the manifest's order.
class Backup
{
    Q_DECLARE_TR_FUNCTIONS(Backup)

public:
    static constexpr int kMinimumPassphraseLength = 12;
    static constexpr int kDefaultKeepDays = 14;
    static constexpr int kMaximumKeepDays = 3650;
    static constexpr QLatin1String kKeepDaysSetting{"backup.keepDays"};
    static constexpr QLatin1String kFileSuffix{".sipbackup"};

    static Status checkPassphrase(const QString& passphrase);

    // Works on a read-only connection (Database::openReadOnly) beside a running program: the
    // copy is one SQLite snapshot, so it holds a prefix of the commits, never half of one.
    // `scanKey` (ScanKey::forBackup) travels inside the sealed content with the scans.
    static Status create(const Database& source, const QString& file, const QString& passphrase,
                         const QDateTime& now, const QByteArray& scanKey = {});

    // Restores into `targetDataDir`, which must not exist or be empty: nothing is overwritten.
    // Everything is checked in a folder beside it first, so a refused file leaves no trace. The
    // restored PC gets a new station code and install id and forgets its enrolment: it must not
    // hand out the old PC's registration numbers, and its token stayed in the old PC's keychain.
    static Result<RestoreReport> restore(const QString& file, const QString& passphrase,
                                         const QString& targetDataDir);

    // Writes today's backup into backups/ unless it is there, then removes daily backups older
    // than `keepDays` days (today counts as the first). Older ones go only after today's is safe.
    static Result<DailyBackup> runDaily(const QString& dataDir, const QString& passphrase,
                                        const QDateTime& now, int keepDays,
                                        const QByteArray& scanKey = {});

    // For a database found damaged at start: restores `file` beside the data folder, puts the
    // damaged database and scans aside in damaged-<time>/ and moves the restored ones in, so the
    // folder works again under its own name with its logs and backups.
    static Result<DamagedReplacement> replaceDamaged(const QString& dataDir, const QString& file,
                                                     const QString& passphrase,
                                                     const QDateTime& now);

    static QString folder(const QString& dataDir);
    // The newest backup file in the data folder's backups/, or nothing.
    static QString latest(const QString& dataDir);

    static int keepDays(const Database& database);
    static Status checkKeepDays(int days);
    static Status setKeepDays(Database& database, int days);
    // The keychain entry of the passphrase for automatic backups of this install.
    static QString passphraseKey(const Database& database);
};

} // namespace sipelanduk
