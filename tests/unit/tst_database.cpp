#include "TestOffice.h"

#include "storage/DiskEncryption.h"
#include "sync/MasterData.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// Schema migrations from each earlier version with data in it, and the data folder's lock.
class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseIsAtTheLatestVersion();
    void upgradeKeepsUnsentWork_data();
    void upgradeKeepsUnsentWork();
    void newerSchemaIsRefusedUntouched();
    void secondProgramOnTheSameFolderIsRefused();
    void lockOfAProgramThatDiedIsTakenOver();
    void takeoverCutOffByAKillIsFinished_data();
    void takeoverCutOffByAKillIsFinished();
    void pragmasAreSet();
    void unencryptedDiskIsRefusedWhenRequired();
    void lostDatabaseIsNotReplacedByAnEmptyOne_data();
    void lostDatabaseIsNotReplacedByAnEmptyOne();
    void dataIsForTheOwnerOnly();

private:
    static int count(Database& database, const QString& sql);
    static void seedVersionOne(Database& database);
    static void checkScanTables(Database& database);
    static void checkMasterDataTable(Database& database);
};

int TestDatabase::count(Database& database, const QString& sql)
{
    QSqlQuery query(database.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

void TestDatabase::freshDatabaseIsAtTheLatestVersion()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    QCOMPARE((*opened)->schemaVersion(), Database::kLatestVersion);
    QCOMPARE(count(**opened, u"SELECT count(*) FROM sync_run"_s), 0);
}

// Rows as version 1 wrote them: an office, a clerk, a draft and a submitted application. Plain
// SQL, so the seed stays what version 1 could hold while the code moves on.
void TestDatabase::seedVersionOne(Database& database)
{
    const QStringList statements = {
        u"INSERT INTO setting VALUES ('office.code', '19.04.01'), ('office.station', 'K7Q2M')"_s,
        u"INSERT INTO user (id, name, role, password_hash, created_at) VALUES "
        "(1, 'siti', 'clerk', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', "
        "'2026-12-01T08:00:00.000Z')"_s,
        u"INSERT INTO application (id, uuid, registration_number, service, catalogue_version, "
        "state, fields, requirements, applicant_name, created_by, created_at, updated_at, "
        "state_changed_at) VALUES "
        "(1, 'a1', '190401-20261201-K7Q2M-0001', 'akta-kelahiran', 1, 'draft', "
        "'{\"child.name\":\"Ma''ruf\"}', '[]', 'Ma''ruf', 1, '2026-12-01T08:00:00.000Z', "
        "'2026-12-01T08:00:00.000Z', '2026-12-01T08:00:00.000Z'), "
        "(2, 'a2', '190401-20261201-K7Q2M-0002', 'akta-kelahiran', 1, 'submitted', "
        "'{\"child.name\":\"Sukarno\",\"mother.nik\":\"1904015505900002\"}', '[\"kk\"]', "
        "'Sukarno', 1, '2026-12-01T08:05:00.000Z', "
        "'2026-12-01T08:05:00.000Z', '2026-12-01T08:06:00.000Z')"_s,
        u"INSERT INTO application_event (application_id, at, user_id, to_state) VALUES "
        "(1, '2026-12-01T08:00:00.000Z', 1, 'draft'), (2, '2026-12-01T08:05:00.000Z', 1, 'draft'), "
        "(2, '2026-12-01T08:06:00.000Z', 1, 'submitted')"_s,
        u"INSERT INTO registration_sequence VALUES ('20261201', 2)"_s,
    };
    QSqlQuery query(database.connection());
    for (const QString& statement : statements)
        QVERIFY2(query.exec(statement), qPrintable(query.lastError().text()));
}

void TestDatabase::upgradeKeepsUnsentWork_data()
{
    QTest::addColumn<int>("from");
    for (int version = 1; version < Database::kLatestVersion; ++version)
        QTest::addRow("from version %d", version) << version;
}

void TestDatabase::upgradeKeepsUnsentWork()
{
    QFETCH(int, from);

    QTemporaryDir dir;
    {
        Result<std::unique_ptr<Database>> opened = Database::open(dir.path(), from);
        QVERIFY(opened.ok());
        QCOMPARE((*opened)->schemaVersion(), from);
        seedVersionOne(**opened);
    }

    Result<std::unique_ptr<Database>> reopened = Database::open(dir.path());
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    Database& database = **reopened;
    QCOMPARE(database.schemaVersion(), Database::kLatestVersion);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE state = 'draft'"_s), 1);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE state = 'submitted'"_s), 1);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE applicant_name = 'Ma''ruf' "
                             "AND fields = '{\"child.name\":\"Ma''ruf\"}'"_s),
             1);
    QCOMPARE(count(database, u"SELECT count(*) FROM application_event"_s), 3);
    QCOMPARE(count(database, u"SELECT count(*) FROM user WHERE name = 'siti'"_s), 1);
    QCOMPARE(count(database, u"SELECT last FROM registration_sequence"_s), 2);
    QCOMPARE(count(database, u"SELECT count(*) FROM sync_run"_s), 0);
    QCOMPARE(count(database, u"SELECT failed_attempts FROM user"_s), 0);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE purged_at IS NULL"_s), 2);
    // Version 4 indexes what was there before it for search.
    QCOMPARE(count(database, u"SELECT rowid FROM application_name_index "
                             "WHERE application_name_index MATCH 'maruf'"_s),
             1);
    QCOMPARE(count(database, u"SELECT rowid FROM application_name_index "
                             "WHERE application_name_index MATCH '\"sukar\"*'"_s),
             2);
    QCOMPARE(count(database, u"SELECT application_id FROM application_number "
                             "WHERE number = '1904015505900002'"_s),
             2);
    QCOMPARE(count(database, u"SELECT count(*) FROM application_number"_s), 1);
    QCOMPARE(database.setting(u"office.code"_s), u"19.04.01"_s);
    checkScanTables(database);
    checkMasterDataTable(database);
}

// Version 5 starts without scans, and a scan attaches to an application from before it.
void TestDatabase::checkScanTables(Database& database)
{
    QCOMPARE(count(database, u"SELECT count(*) FROM scan"_s), 0);
    QCOMPARE(count(database, u"SELECT count(*) FROM application_scan"_s), 0);
    const QString sha256(64, u'a');
    QSqlQuery query(database.connection());
    QVERIFY2(query.exec(u"INSERT INTO scan VALUES ('"_s + sha256 +
                        u"', 2048, 'image/jpeg', '2026-12-03T09:30:00.000Z')"_s),
             qPrintable(query.lastError().text()));
    QVERIFY(!query.exec(u"INSERT INTO scan VALUES ('"_s + QString(64, u'b') +
                        u"', 10, 'text/plain', '2026-12-03T09:30:00.000Z')"_s));
    QVERIFY2(query.exec(u"INSERT INTO application_scan (application_id, requirement, sha256, "
                        "original_name, attached_at, attached_by) VALUES (1, 'kk', '"_s +
                        sha256 + u"', 'ktp_ayah_😀 Ma''ruf.jpg', '2026-12-03T09:30:00.000Z', 1)"_s),
             qPrintable(query.lastError().text()));
    QCOMPARE(count(database, u"SELECT application_id FROM application_scan "
                             "WHERE original_name = 'ktp_ayah_😀 Ma''ruf.jpg'"_s),
             1);
    QCOMPARE(count(database, u"SELECT count(*) FROM sqlite_master "
                             "WHERE name = 'application_scan_by_scan'"_s),
             1);
}

// Version 6 starts with nothing pulled: the built-in lists stay in use until a sync brings newer
// ones, and the region table keeps what it held.
void TestDatabase::checkMasterDataTable(Database& database)
{
    QCOMPARE(count(database, u"SELECT count(*) FROM master_data"_s), 0);
    for (const MasterDataVersion& version : MasterData(database, SystemClock()).inUse())
        QVERIFY(!version.pulled);
    QCOMPARE(MasterData::catalogueInUse(database).get(), &Catalogue::builtIn());

    const QString sha256(64, u'c');
    QSqlQuery query(database.connection());
    QVERIFY2(query.exec(u"INSERT INTO master_data VALUES ('regions', 1, NULL, '"_s + sha256 +
                        u"', '2026-12-04T01:00:00.000Z', '2026-12-04T02:00:00.000Z', '{}')"_s),
             qPrintable(query.lastError().text()));
    // The catalogue and the code lists keep their content; a version is there once.
    QVERIFY(!query.exec(u"INSERT INTO master_data VALUES ('catalogue', 4, NULL, '"_s + sha256 +
                        u"', '2026-12-04T01:00:00.000Z', '2026-12-04T02:00:00.000Z', '{}')"_s));
    QVERIFY(!query.exec(u"INSERT INTO master_data VALUES ('regions', 1, NULL, '"_s + sha256 +
                        u"', '2026-12-04T01:00:00.000Z', '2026-12-04T02:00:00.000Z', '{}')"_s));
    QVERIFY(!query.exec(u"INSERT INTO master_data VALUES ('villages', 1, 'x', '"_s + sha256 +
                        u"', '2026-12-04T01:00:00.000Z', '2026-12-04T02:00:00.000Z', '{}')"_s));
    QCOMPARE(MasterData(database, SystemClock()).have(protocol::MasterKind::Regions), 1);
}

void TestDatabase::newerSchemaIsRefusedUntouched()
{
    QTemporaryDir dir;
    {
        Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
        QVERIFY(opened.ok());
        QSqlQuery query((*opened)->connection());
        QVERIFY(query.exec(u"PRAGMA user_version = 99"_s));
    }
    Result<std::unique_ptr<Database>> reopened = Database::open(dir.path());
    QVERIFY(!reopened.ok());
    QCOMPARE(reopened.error().code, u"schema_too_new"_s);
    QVERIFY(reopened.errorMessage().contains(u"newer version"_s));
}

void TestDatabase::secondProgramOnTheSameFolderIsRefused()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Database>> first = Database::open(dir.path());
    QVERIFY(first.ok());
    Result<std::unique_ptr<Database>> second = Database::open(dir.path());
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, u"locked"_s);

    first = Error{};
    Result<std::unique_ptr<Database>> third = Database::open(dir.path());
    QVERIFY2(third.ok(), qPrintable(third.errorMessage()));
}

void TestDatabase::lockOfAProgramThatDiedIsTakenOver()
{
    // A power cut leaves the lock file behind; its process is gone.
    QProcess finished;
    finished.start(u"true"_s, {});
    QVERIFY(finished.waitForStarted(5'000));
    const qint64 deadPid = finished.processId();
    QVERIFY(finished.waitForFinished(5'000));

    QTemporaryDir dir;
    QFile lock(dir.filePath(u"sipelanduk.lock"_s));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write(QByteArray::number(deadPid) + "\nsipelanduk\n" +
               QSysInfo::machineHostName().toUtf8() + '\n');
    lock.close();

    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
}

void TestDatabase::takeoverCutOffByAKillIsFinished_data()
{
    QTest::addColumn<QString>("owner"); // gone, running, or unwritten (the lock file is empty)
    QTest::addColumn<int>("lockAgeMs");
    QTest::addColumn<int>("takeoverAgeMs"); // the age of "sipelanduk.lock.rmlock"; -1: none
    QTest::addColumn<bool>("opens");

    // Found by the sync crash test: a sync killed while it took over the lock of a sync killed
    // before it left "sipelanduk.lock.rmlock", and every program was refused for 30 seconds; one
    // killed between creating the lock file and writing it left an empty lock, refused forever.
    QTest::newRow("owner gone, takeover left seconds ago") << u"gone"_s << 5'000 << 5'000 << true;
    QTest::newRow("owner gone, takeover left just now") << u"gone"_s << 5'000 << 0 << true;
    QTest::newRow("lock created, never written") << u"unwritten"_s << 5'000 << -1 << true;
    QTest::newRow("lock created just now, not yet written") << u"unwritten"_s << 0 << -1 << true;
    // A program that runs keeps its folder, whatever else lies beside its lock.
    QTest::newRow("owner running") << u"running"_s << 5'000 << 5'000 << false;
}

void TestDatabase::takeoverCutOffByAKillIsFinished()
{
    QFETCH(QString, owner);
    QFETCH(int, lockAgeMs);
    QFETCH(int, takeoverAgeMs);
    QFETCH(bool, opens);

    QProcess process;
    process.start(u"sleep"_s, {u"30"_s});
    QVERIFY(process.waitForStarted(5'000));
    const qint64 pid = process.processId();
    if (owner != u"running") {
        process.kill();
        QVERIFY(process.waitForFinished(5'000));
    }

    QTemporaryDir dir;
    const QDateTime now = QDateTime::currentDateTime();
    QFile lock(dir.filePath(u"sipelanduk.lock"_s));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    if (owner != u"unwritten") {
        lock.write(QByteArray::number(pid) + "\nsipelanduk-ctl\n" +
                   QSysInfo::machineHostName().toUtf8() + '\n');
    }
    lock.close();
    QVERIFY(lock.open(QIODevice::ReadOnly));
    QVERIFY(lock.setFileTime(now.addMSecs(-lockAgeMs), QFileDevice::FileModificationTime));
    lock.close();
    // The takeover's own lock, created and not yet written when its program was killed.
    QFile takeover(dir.filePath(u"sipelanduk.lock.rmlock"_s));
    if (takeoverAgeMs >= 0) {
        QVERIFY(takeover.open(QIODevice::WriteOnly));
        QVERIFY(
            takeover.setFileTime(now.addMSecs(-takeoverAgeMs), QFileDevice::FileModificationTime));
        takeover.close();
    }

    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QCOMPARE(opened.ok(), opens);
    if (opens) {
        QVERIFY(!QFileInfo::exists(takeover.fileName()));
    } else {
        QCOMPARE(opened.error().code, u"locked"_s);
        QVERIFY(QFileInfo::exists(takeover.fileName()));
    }
    process.kill();
    process.waitForFinished(5'000);
}

void TestDatabase::unencryptedDiskIsRefusedWhenRequired()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QVERIFY(opened.ok());
    QCOMPARE(diskEncryptionOf(u"/no/such/folder"_s), DiskEncryption::Unknown);
    const DiskEncryption here = diskEncryptionOf(dir.path());
    if (here == DiskEncryption::Encrypted)
        QSKIP("the temporary folder is on an encrypted volume; the refusal cannot be shown here");

    QVERIFY(DiskPolicy::check(**opened).ok());
    QVERIFY((*opened)->setSetting(u"security.requireEncryptedDisk"_s, u"1"_s).ok());
    const Status refused = DiskPolicy::check(**opened);
    QCOMPARE(refused.error().code, u"unencrypted_disk"_s);
    QVERIFY(refused.errorMessage().contains(QDir::toNativeSeparators(dir.path())));
}

void TestDatabase::lostDatabaseIsNotReplacedByAnEmptyOne_data()
{
    QTest::addColumn<bool>("deleted");
    QTest::newRow("emptied") << false;
    QTest::newRow("deleted") << true;
}

void TestDatabase::lostDatabaseIsNotReplacedByAnEmptyOne()
{
    QFETCH(bool, deleted);

    QTemporaryDir dir;
    QString file;
    {
        Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
        QVERIFY(opened.ok());
        file = (*opened)->filePath();
    }
    QFile::remove(file + u"-wal"_s);
    QFile::remove(file + u"-shm"_s);
    if (deleted) {
        QVERIFY(QFile::remove(file));
    } else {
        QFile emptied(file);
        QVERIFY(emptied.open(QIODevice::WriteOnly | QIODevice::Truncate));
    }

    Result<std::unique_ptr<Database>> reopened = Database::open(dir.path());
    QCOMPARE(reopened.error().code, u"database_missing"_s);
    QCOMPARE(QFileInfo(file).exists() ? QFileInfo(file).size() : -1, deleted ? -1 : 0);
}

void TestDatabase::dataIsForTheOwnerOnly()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"kantor"_s);
    Result<std::unique_ptr<Database>> opened = Database::open(folder);
    QVERIFY(opened.ok());
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QCOMPARE(QFileInfo(folder).permissions() &
                 ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser),
             owner | QFileDevice::ExeOwner);
    QCOMPARE(QFileInfo((*opened)->filePath()).permissions() &
                 ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             owner);
}

void TestDatabase::pragmasAreSet()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QVERIFY(opened.ok());
    QSqlQuery query((*opened)->connection());
    QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
    QCOMPARE(query.value(0).toString(), u"wal"_s);
    QCOMPARE(count(**opened, u"PRAGMA foreign_keys"_s), 1);
    QCOMPARE(count(**opened, u"PRAGMA synchronous"_s), 2);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestDatabase)
#include "tst_database.moc"
