#pragma once

#include "Result.h"

#include <QCoreApplication>
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
    static constexpr int kLatestVersion = 3;

    // Opens (creating if needed) the database in `dataDir`, migrated to `targetVersion`. Tests use
    // an older target to build the state a migration starts from.
    static Result<std::unique_ptr<Database>> open(const QString& dataDir,
                                                  int targetVersion = kLatestVersion);
    ~Database();

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QSqlDatabase connection() const { return QSqlDatabase::database(m_connectionName); }
    QString dataDir() const { return m_dataDir; }
    QString filePath() const;
    int schemaVersion() const;

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
