#include "TestOffice.h"

#include <QProcess>
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
    void upgradeFromVersionOneKeepsUnsentWork();
    void newerSchemaIsRefusedUntouched();
    void secondProgramOnTheSameFolderIsRefused();
    void lockOfAProgramThatDiedIsTakenOver();
    void pragmasAreSet();

private:
    static int count(Database& database, const QString& sql);
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

void TestDatabase::upgradeFromVersionOneKeepsUnsentWork()
{
    QTemporaryDir dir;
    FixedClock clock(QDateTime(QDate(2026, 12, 3), QTime(8, 0), Qt::UTC));
    {
        Result<std::unique_ptr<Database>> opened = Database::open(dir.path(), 1);
        QVERIFY(opened.ok());
        Database& database = **opened;
        QCOMPARE(database.schemaVersion(), 1);
        QCOMPARE(count(database, u"SELECT count(*) FROM sqlite_master WHERE name = 'sync_run'"_s),
                 0);

        RegionStore regions(database);
        Accounts accounts(database, clock);
        Result<User> admin = Office::initialise(database, regions, accounts, u"19.04.01"_s, u"it"_s,
                                                u"rahasia-it"_s);
        QVERIFY(admin.ok());
        Result<User> clerk = accounts.create(u"siti"_s, Role::Clerk, u"rahasia-siti"_s, &*admin);
        QVERIFY(clerk.ok());
        ApplicationStore store(database, Catalogue::builtIn(), regions, clock);
        QVERIFY(store.saveDraft(*clerk, birthCertificate()).ok());
        Result<Application> submitted = store.saveDraft(*clerk, birthCertificate(u"Sukarno"_s));
        QVERIFY(submitted.ok());
        QVERIFY(store.submit(*clerk, submitted->id, false).ok());
    }

    Result<std::unique_ptr<Database>> reopened = Database::open(dir.path());
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    Database& database = **reopened;
    QCOMPARE(database.schemaVersion(), 2);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE state = 'draft'"_s), 1);
    QCOMPARE(count(database, u"SELECT count(*) FROM application WHERE state = 'submitted'"_s), 1);
    QCOMPARE(count(database, u"SELECT count(*) FROM application_event"_s), 3);
    QCOMPARE(count(database, u"SELECT count(*) FROM user"_s), 2);
    QCOMPARE(count(database, u"SELECT count(*) FROM sync_run"_s), 0);
    QCOMPARE(database.setting(u"office.code"_s), u"19.04.01"_s);
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
