#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QLatin1String>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QLockFile;

namespace sipelanduk {

// The office PC's single SQLite file and the lock that keeps a second program off it.
//
// Opening takes the data folder's lock, sets the pragmas every connection needs and brings the
// schema up to date. The lock is held until the object goes away.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    static constexpr int kLatestVersion = 6;
    static constexpr QLatin1String kFileName{"sipelanduk.sqlite"};

    enum class Check
    {
        Quick,    // page structure only; cheap enough for every start
        Thorough, // also indexes against their tables; for a restored file
    };

    // Opens (creating if needed) the database in `dataDir`, migrated to `targetVersion`. Tests use
    // an older target to build the state a migration starts from.
    // A damaged file is refused with code `corrupt` before anything is written to it.
    static Result<std::unique_ptr<Database>> open(const QString& dataDir,
                                                  int targetVersion = kLatestVersion);
    // A reader beside the program that holds the lock, for backups: no lock, no migration, no
    // writes. WAL gives it a consistent snapshot while the program keeps writing.
    static Result<std::unique_ptr<Database>> openReadOnly(const QString& dataDir);
    // A second writer beside the program that holds the lock, for a command that must sign in
    // while it runs (sipelanduk-ctl backup): no lock, no migration. What it writes, a sign-in's
    // count and audit entry, are short transactions that WAL and the busy timeout keep apart
    // from the program's own. Refused unless the schema is this program's.
    static Result<std::unique_ptr<Database>> openBeside(const QString& dataDir);
    ~Database();

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QSqlDatabase connection() const { return QSqlDatabase::database(m_connectionName); }
    QString dataDir() const { return m_dataDir; }
    QString filePath() const;
    int schemaVersion() const;
    // What SQLite finds wrong with the file, empty when it is sound. A check stopped by damage
    // ("file is not a database") names it; one stopped by anything else is an error.
    Result<QString> damage(Check check) const;

    // Brings the schema from its current version to `targetVersion`, one migration per step,
    // each in its own transaction. A database newer than this program is refused, never touched.
    Status migrate(int targetVersion = kLatestVersion);

    // Nested calls become savepoints of the outermost transaction.
    Status transaction();
    Status commit();
    void rollback();

    QString setting(const QString& key, const QString& fallback = {}) const;
    Status setSetting(const QString& key, const QString& value);

private:
    Database(QString dataDir, QString connectionName, std::unique_ptr<QLockFile> lock);

    static Result<QString> connect(const QString& dataDir, const QString& options);

    static void keepToOwner(const QString& dataDir, const QString& file);
    Status applyPragmas();
    Status applyMigration(int version);

    QString m_dataDir;
    QString m_connectionName;
    std::unique_ptr<QLockFile> m_lock;
    int m_depth = 0;
};

// Turns a failed statement into a sentence that names what was being done.
Status sqlError(const QString& what, const QString& driverText);

} // namespace sipelanduk
