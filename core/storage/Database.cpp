#include "storage/Database.h"

#include "Logging.h"
#include "storage/Backup.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kDatabaseFile = Database::kFileName;
constexpr auto kLockFile = "sipelanduk.lock"_L1;
// Written when the folder's database is created; its presence means a database belongs here.
constexpr auto kCreatedMarker = "sipelanduk.created"_L1;

// A program that dies while it takes the folder's lock can leave what QLockFile never or only
// after 30 seconds takes over, although nobody uses the folder: the lock file created but not yet
// written (QLockFile cannot tell whose it is, and our stale time of 0 keeps it forever), or the
// second file "<lock>.rmlock" under which it was taking over the lock of a program that had died
// before it. Taking a lock lasts microseconds; such a file older than this belongs to nobody.
constexpr qint64 kLeftoverMs = 1'000;

// True when the process `pid` on this machine no longer runs. Elsewhere than on Unix nothing is
// known, and QLockFile's own rules apply.
bool isGone(qint64 pid, const QString& hostName)
{
    if (pid <= 0 || hostName != QSysInfo::machineHostName())
        return false;
#ifdef Q_OS_UNIX
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
#else
    return false;
#endif
}

// Takes the folder's lock, also after a program died while taking it.
bool acquire(QLockFile& lock)
{
    QElapsedTimer waited;
    waited.start();
    while (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString hostName;
        QString application;
        const bool named = lock.getLockInfo(&pid, &hostName, &application) && !hostName.isEmpty();
        const QFileInfo leftover(named ? lock.fileName() + ".rmlock"_L1 : lock.fileName());
        if (!leftover.exists() || (named && !isGone(pid, hostName)) ||
            waited.elapsed() > 2 * kLeftoverMs)
            return false;
        if (leftover.lastModified().msecsTo(QDateTime::currentDateTime()) < kLeftoverMs) {
            QThread::msleep(50);
            continue;
        }
        qCWarning(lcDb) << "removing" << leftover.filePath()
                        << "left by a program that died while taking the lock";
        QFile::remove(leftover.filePath());
    }
    return true;
}

// Splits a migration file into statements. Migrations hold plain DDL; a statement ends with a
// semicolon at the end of a line, and comment lines are dropped.
QStringList statementsOf(const QString& script)
{
    QStringList statements;
    QString current;
    const QStringList lines = script.split(u'\n');
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith("--"_L1))
            continue;
        current += line + u'\n';
        if (trimmed.endsWith(u';')) {
            statements.append(current.trimmed());
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

// SQLite's result codes for a file that is damaged or is no database at all.
bool isDamageCode(const QString& nativeCode)
{
    constexpr int kCorrupt = 11;
    constexpr int kNotADatabase = 26;
    const int primary = nativeCode.toInt() & 0xff;
    return primary == kCorrupt || primary == kNotADatabase;
}

Error damaged(const QString& dataDir, const QString& file, const QString& damage)
{
    qCWarning(lcDb) << "database damaged:" << file << damage;
    const QString latest = Backup::latest(dataDir);
    if (latest.isEmpty()) {
        return Error{Database::tr("The database %1 is damaged (%2) and cannot be used. No backup "
                                  "was found in %3: ask the IT operator for the latest backup "
                                  "file and restore it with sipelanduk-ctl restore.")
                         .arg(QDir::toNativeSeparators(file), damage,
                              QDir::toNativeSeparators(Backup::folder(dataDir))),
                     u"corrupt"_s};
    }
    return Error{Database::tr("The database %1 is damaged (%2) and cannot be used. Restore the "
                              "latest backup, %3, with sipelanduk-ctl restore, or let the desktop "
                              "program restore it.")
                     .arg(QDir::toNativeSeparators(file), damage, QDir::toNativeSeparators(latest)),
                 u"corrupt"_s};
}

} // namespace

Status sqlError(const QString& what, const QString& driverText)
{
    qCWarning(lcDb) << "database operation failed:" << what << driverText;
    return Error{QCoreApplication::translate("Database",
                                             "The local database could not %1 (%2). Nothing was "
                                             "changed; try again, and call the IT operator if it "
                                             "keeps happening.")
                     .arg(what, driverText),
                 u"database"_s};
}

Database::Database(QString dataDir, QString connectionName, std::unique_ptr<QLockFile> lock)
    : m_dataDir(std::move(dataDir))
    , m_connectionName(std::move(connectionName))
    , m_lock(std::move(lock))
{}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const QString& dataDir, int targetVersion)
{
    if (!QDir().mkpath(dataDir)) {
        return Error{tr("The data folder %1 could not be created. Check that the disk is not full "
                        "and that this user may write there.")
                         .arg(QDir::toNativeSeparators(dataDir)),
                     u"data_dir"_s};
    }

    auto lock = std::make_unique<QLockFile>(QDir(dataDir).filePath(kLockFile));
    lock->setStaleLockTime(0);
    if (!acquire(*lock)) {
        return Error{tr("Another Sipelanduk program is already using the data folder %1. Close it "
                        "first, or choose another folder.")
                         .arg(QDir::toNativeSeparators(dataDir)),
                     u"locked"_s};
    }

    // A folder that held a database must not quietly start again with an empty one.
    const QString file = QDir(dataDir).filePath(kDatabaseFile);
    const QString marker = QDir(dataDir).filePath(kCreatedMarker);
    const bool fresh = !QFileInfo::exists(file) || QFileInfo(file).size() == 0;
    if (fresh && QFileInfo::exists(marker)) {
        return Error{tr("The database file %1 is missing or empty, although this folder held one. "
                        "Nothing was created in its place. Restore the latest backup "
                        "(sipelanduk-ctl restore) or ask the IT operator.")
                         .arg(QDir::toNativeSeparators(file)),
                     u"database_missing"_s};
    }

    const Result<QString> connectionName = connect(dataDir, u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!connectionName)
        return connectionName.error();

    std::unique_ptr<Database> database(new Database(dataDir, *connectionName, std::move(lock)));
    if (fresh)
        keepToOwner(dataDir, file);
    const Result<QString> damage = database->damage(Check::Quick);
    if (!damage)
        return damage.error();
    if (!damage->isEmpty())
        return damaged(dataDir, database->filePath(), *damage);
    if (Status pragmas = database->applyPragmas(); !pragmas)
        return pragmas.error();
    if (Status migrated = database->migrate(targetVersion); !migrated)
        return migrated.error();
    if (QFile created(marker); !created.exists() && created.open(QIODevice::WriteOnly))
        created.write(QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8() + '\n');
    qCInfo(lcDb) << "opened" << database->filePath() << "at schema version"
                 << database->schemaVersion();
    return database;
}

// Residents' data is for the account that runs the program, not for every user of the PC.
void Database::keepToOwner(const QString& dataDir, const QString& file)
{
    QFile::setPermissions(dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile database(file);
    if (!database.exists() && database.open(QIODevice::WriteOnly))
        database.close();
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

Result<std::unique_ptr<Database>> Database::openReadOnly(const QString& dataDir)
{
    if (!QFileInfo::exists(QDir(dataDir).filePath(kDatabaseFile))) {
        return Error{tr("There is no Sipelanduk database in %1. Check the data folder "
                        "(--data-dir).")
                         .arg(QDir::toNativeSeparators(dataDir)),
                     u"no_database"_s};
    }
    const Result<QString> connectionName =
        connect(dataDir, u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!connectionName)
        return connectionName.error();
    return std::unique_ptr<Database>(new Database(dataDir, *connectionName, nullptr));
}

Result<std::unique_ptr<Database>> Database::openBeside(const QString& dataDir)
{
    if (!QFileInfo::exists(QDir(dataDir).filePath(kDatabaseFile)))
        return openReadOnly(dataDir);
    const Result<QString> connectionName = connect(dataDir, u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!connectionName)
        return connectionName.error();
    std::unique_ptr<Database> database(new Database(dataDir, *connectionName, nullptr));
    if (const int version = database->schemaVersion(); version != kLatestVersion) {
        return Error{tr("The database in %1 is at schema version %2 and this program needs %3. "
                        "Close the desktop program and run the command again.")
                         .arg(QDir::toNativeSeparators(dataDir))
                         .arg(version)
                         .arg(kLatestVersion),
                     u"schema"_s};
    }
    if (Status pragmas = database->applyPragmas(); !pragmas)
        return pragmas.error();
    return database;
}

Result<QString> Database::connect(const QString& dataDir, const QString& options)
{
    const QString connectionName = u"sipelanduk-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(QDir(dataDir).filePath(kDatabaseFile));
    db.setConnectOptions(options);
    if (!db.open()) {
        const QString reason = db.lastError().text();
        db = {};
        QSqlDatabase::removeDatabase(connectionName);
        return Error{tr("The database in %1 could not be opened (%2).")
                         .arg(QDir::toNativeSeparators(dataDir), reason),
                     u"database"_s};
    }
    return connectionName;
}

Result<QString> Database::damage(Check check) const
{
    QSqlQuery query(connection());
    if (!query.exec(check == Check::Quick ? u"PRAGMA quick_check"_s
                                          : u"PRAGMA integrity_check"_s)) {
        const QSqlError error = query.lastError();
        if (!isDamageCode(error.nativeErrorCode()))
            return sqlError(tr("check itself"), error.text()).error();
        return error.databaseText();
    }
    QStringList problems;
    while (query.next()) {
        // SQLite heads its findings with the schema's name, which tells a person nothing.
        const QStringList lines = query.value(0).toString().split(u'\n', Qt::SkipEmptyParts);
        for (const QString& line : lines) {
            if (!line.startsWith("***"_L1))
                problems.append(line);
        }
    }
    if (problems == QStringList{u"ok"_s})
        return QString();
    return problems.isEmpty() ? tr("the check gave no answer") : problems.first();
}

QString Database::filePath() const
{
    return QDir(m_dataDir).filePath(kDatabaseFile);
}

Status Database::applyPragmas()
{
    // WAL keeps readers and the writer apart; FULL makes a commit survive a power cut, which is
    // what "saved" means at the counter.
    const QStringList pragmas = {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = FULL"_s,
                                 u"PRAGMA foreign_keys = ON"_s, u"PRAGMA secure_delete = ON"_s};
    QSqlQuery query(connection());
    for (const QString& pragma : pragmas) {
        if (!query.exec(pragma))
            return sqlError(tr("prepare the database"), query.lastError().text());
    }
    return {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Status Database::migrate(int targetVersion)
{
    const int current = schemaVersion();
    if (current > kLatestVersion) {
        return Error{tr("The database in %1 was written by a newer version of Sipelanduk (schema "
                        "%2; this program knows up to %3). Install the newer version; the data "
                        "was not touched.")
                         .arg(QDir::toNativeSeparators(m_dataDir))
                         .arg(current)
                         .arg(kLatestVersion),
                     u"schema_too_new"_s};
    }
    for (int version = current + 1; version <= targetVersion; ++version) {
        if (Status applied = applyMigration(version); !applied)
            return applied;
    }
    return {};
}

Status Database::applyMigration(int version)
{
    const QString resource = u":/sipelanduk/migrations/%1_"_s.arg(version, 4, 10, QLatin1Char('0'));
    QString path;
    const QStringList candidates = QDir(u":/sipelanduk/migrations"_s).entryList();
    for (const QString& name : candidates) {
        if (name.startsWith(resource.section(u'/', -1)))
            path = u":/sipelanduk/migrations/"_s + name;
    }
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return Error{tr("Migration %1 is missing from this program.").arg(version), u"schema"_s};

    if (Status begun = transaction(); !begun)
        return begun;
    QSqlQuery query(connection());
    const QStringList statements = statementsOf(QString::fromUtf8(file.readAll()));
    for (const QString& statement : statements) {
        if (!query.exec(statement)) {
            const QString reason = query.lastError().text();
            rollback();
            return sqlError(tr("upgrade its schema to version %1").arg(version), reason);
        }
    }
    if (!query.exec(u"PRAGMA user_version = %1"_s.arg(version))) {
        const QString reason = query.lastError().text();
        rollback();
        return sqlError(tr("record schema version %1").arg(version), reason);
    }
    if (Status committed = commit(); !committed)
        return committed;
    qCInfo(lcDb) << "migrated schema to version" << version;
    return {};
}

// Transactions nest: an outer one (an import of many applications) holds the inner ones
// (each application's save) as savepoints, so the whole is kept or dropped as one.
Status Database::transaction()
{
    QSqlDatabase db = connection();
    if (m_depth == 0) {
        if (!db.transaction())
            return sqlError(tr("start a transaction"), db.lastError().text());
    } else if (QSqlQuery query(db); !query.exec(u"SAVEPOINT level_%1"_s.arg(m_depth))) {
        return sqlError(tr("start a transaction"), query.lastError().text());
    }
    ++m_depth;
    return {};
}

Status Database::commit()
{
    if (m_depth == 0)
        return Error{tr("There is no transaction to save."), u"database"_s};
    --m_depth;
    QSqlDatabase db = connection();
    if (m_depth > 0) {
        if (QSqlQuery query(db); !query.exec(u"RELEASE level_%1"_s.arg(m_depth)))
            return sqlError(tr("save the change"), query.lastError().text());
        return {};
    }
    if (!db.commit()) {
        const QString reason = db.lastError().text();
        db.rollback();
        return sqlError(tr("save the change"), reason);
    }
    return {};
}

void Database::rollback()
{
    if (m_depth == 0)
        return;
    --m_depth;
    QSqlDatabase db = connection();
    if (m_depth == 0) {
        db.rollback();
        return;
    }
    QSqlQuery query(db);
    query.exec(u"ROLLBACK TO level_%1"_s.arg(m_depth));
    query.exec(u"RELEASE level_%1"_s.arg(m_depth));
}

QString Database::setting(const QString& key, const QString& fallback) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT value FROM setting WHERE key = ?"_s);
    query.addBindValue(key);
    if (query.exec() && query.next())
        return query.value(0).toString();
    return fallback;
}

Status Database::setSetting(const QString& key, const QString& value)
{
    QSqlQuery query(connection());
    query.prepare(u"INSERT INTO setting (key, value) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlError(tr("save the setting %1").arg(key), query.lastError().text());
    return {};
}

} // namespace sipelanduk
