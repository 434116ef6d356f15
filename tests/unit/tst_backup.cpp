#include "TestOffice.h"

#include "storage/Backup.h"
#include "storage/BackupManifest.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kPassphrase = u"kunci cadangan Koba 2026"_s;

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QStringList folderContents(const QString& path)
{
    return QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

// Every row of every table, and the schema, as sorted text: two files hold the same data
// exactly when their contents are equal.
QMap<QString, QStringList> contentsOf(const QString& databaseFile)
{
    QMap<QString, QStringList> tables;
    const QString connection = u"contents-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(databaseFile);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlQuery names(db);
        if (db.open() && names.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%'"_s)) {
            QStringList all = {u"sqlite_master"_s};
            while (names.next())
                all.append(names.value(0).toString());
            for (const QString& table : std::as_const(all)) {
                // Page numbers are the file's layout, which a compacted copy changes.
                const QString columns =
                    table == "sqlite_master"_L1 ? u"type, name, tbl_name, sql"_s : u"*"_s;
                QSqlQuery rows(db);
                rows.exec(u"SELECT "_s + columns + u" FROM "_s + table);
                while (rows.next()) {
                    QStringList values;
                    for (int i = 0; i < rows.record().count(); ++i)
                        values.append(rows.isNull(i) ? u"NULL"_s : rows.value(i).toString());
                    tables[table].append(values.join(u'|'));
                }
                std::sort(tables[table].begin(), tables[table].end());
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return tables;
}

QString settingIn(const QMap<QString, QStringList>& contents, const QString& key)
{
    for (const QString& row : contents.value(u"setting"_s)) {
        if (row.startsWith(key + u'|'))
            return row.section(u'|', 1);
    }
    return {};
}

// The settings a restore changes on purpose, left out of a comparison.
void dropIdentity(QMap<QString, QStringList>& contents)
{
    QStringList& settings = contents[u"setting"_s];
    settings.erase(std::remove_if(settings.begin(), settings.end(),
                                  [](const QString& row) {
                                      return row.startsWith(u"office.station|"_s) ||
                                             row.startsWith(u"install.id|"_s) ||
                                             row.startsWith(u"sync.deviceId|"_s);
                                  }),
                   settings.end());
}

} // namespace

// Encrypted backups taken beside a running program, restores that bring everything back or
// nothing, daily backups and their retention, and a damaged database found at start.
class TestBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restoreBringsBackEverything();
    void backupWhileAnotherConnectionWrites();
    void damagedFilesAreRefused_data();
    void damagedFilesAreRefused();
    void nonEmptyTargetIsRefused();
    void shortPassphraseIsRefused();
    void connectionsBesideTheProgram();
    void dailyBackupKeepsTheLastDays();
    void keepDaysSetting();
    void onlyTheOperatorManagesBackups_data();
    void onlyTheOperatorManagesBackups();
    void entryNames_data();
    void entryNames();
    void damagedDatabaseIsFoundAtStart_data();
    void damagedDatabaseIsFoundAtStart();
    void damagedDatabaseIsReplacedFromBackup();

private:
    static void capture(TestOffice& office, int count);
    static void close(TestOffice& office);
    static QStringList leftoversBeside(const QString& dataDir);
    static QString backupOf(TestOffice& office, const QString& file);
    static QString databaseFileOf(const QString& dataDir);
    static void damage(const QString& file, qint64 offset, qint64 length);

    TestOffice m_office;
    QTemporaryDir m_scratch;
    QString m_backup;
};

QString TestBackup::databaseFileOf(const QString& dataDir)
{
    return QDir(dataDir).filePath(Database::kFileName);
}

// Applications in several states: drafts, submitted, approved into a batch, one returned.
void TestBackup::capture(TestOffice& office, int count)
{
    for (int i = 0; i < count; ++i) {
        Result<Application> saved =
            office.store->saveDraft(office.clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        if (i % 4 == 0)
            continue;
        Result<Application> submitted = office.store->submit(office.clerk, saved->id, true);
        QVERIFY2(submitted.ok(), qPrintable(submitted.errorMessage()));
        if (i % 4 == 1) {
            QVERIFY(office.store->approve(office.supervisor, saved->id).ok());
        } else if (i % 4 == 2) {
            QVERIFY(office.store->returnToClerk(office.supervisor, saved->id, u"KK buram"_s).ok());
        }
    }
}

// Ends the office's program: the database is closed, the folder stays.
void TestBackup::close(TestOffice& office)
{
    office.store.reset();
    office.accounts.reset();
    office.regions.reset();
    office.database.reset();
}

// Folders a restore beside `dataDir` would have left behind.
QStringList TestBackup::leftoversBeside(const QString& dataDir)
{
    const QFileInfo data(dataDir);
    return QDir(data.absolutePath())
        .entryList({u"."_s + data.fileName() + u"-*"_s}, QDir::AllEntries | QDir::Hidden);
}

QString TestBackup::backupOf(TestOffice& office, const QString& file)
{
    Result<std::unique_ptr<Database>> reader = Database::openReadOnly(office.dir.path());
    if (!reader)
        return reader.errorMessage();
    const Status made = Backup::create(**reader, file, kPassphrase, office.clock.now());
    return made ? QString() : made.errorMessage();
}

void TestBackup::damage(const QString& file, qint64 offset, qint64 length)
{
    QFile database(file);
    QVERIFY(database.open(QIODevice::ReadWrite));
    QVERIFY(database.size() >= offset + length);
    QByteArray garbage(length, '\0');
    QRandomGenerator random(20261203);
    for (char& byte : garbage)
        byte = char(random.bounded(256));
    QVERIFY(database.seek(offset));
    QCOMPARE(database.write(garbage), length);
}

void TestBackup::initTestCase()
{
    QVERIFY(m_office.setUp());
    capture(m_office, 8);
    QVERIFY(m_office.database->setSetting(u"sync.server"_s, u"https://pusat.example"_s).ok());
    QVERIFY(m_office.database->setSetting(u"sync.deviceId"_s, u"perangkat-7"_s).ok());
    QVERIFY(
        writeAll(m_office.dir.filePath(u"scans/2026/12/ktp-ibu.jpg"_s), QByteArray(70'000, 'k')));
    QVERIFY(writeAll(m_office.dir.filePath(u"scans/surat lahir.pdf"_s), "%PDF-1.4 surat"));
    m_backup = m_scratch.filePath(u"koba.sipbackup"_s);
    const QString failure = backupOf(m_office, m_backup);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestBackup::restoreBringsBackEverything()
{
    const QString target = m_scratch.filePath(u"pc-baru/data"_s);
    Result<RestoreReport> restored = Backup::restore(m_backup, kPassphrase, target);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    QCOMPARE(restored->officeCode, u"19.04.01"_s);
    QCOMPARE(restored->scans, 2);
    QCOMPARE(restored->createdAt, m_office.clock.now());

    QMap<QString, QStringList> before = contentsOf(m_office.database->filePath());
    QMap<QString, QStringList> after = contentsOf(databaseFileOf(target));
    QCOMPARE(after.value(u"application"_s).size(), 8);
    QCOMPARE(settingIn(after, u"office.station"_s), restored->station);
    QCOMPARE(settingIn(before, u"office.station"_s), restored->previousStation);
    QVERIFY(restored->station != restored->previousStation);
    QVERIFY(settingIn(after, u"install.id"_s) != settingIn(before, u"install.id"_s));
    QVERIFY(!settingIn(after, u"install.id"_s).isEmpty());
    QCOMPARE(settingIn(after, u"sync.deviceId"_s), QString());
    QCOMPARE(settingIn(after, u"sync.server"_s), u"https://pusat.example"_s);
    dropIdentity(before);
    dropIdentity(after);
    QCOMPARE(after.keys(), before.keys());
    for (auto table = before.cbegin(); table != before.cend(); ++table)
        QVERIFY2(after.value(table.key()) == table.value(), qPrintable(table.key()));

    for (const QString& scan : {u"scans/2026/12/ktp-ibu.jpg"_s, u"scans/surat lahir.pdf"_s})
        QCOMPARE(readAll(QDir(target).filePath(scan)), readAll(m_office.dir.filePath(scan)));
    QCOMPARE(folderContents(m_scratch.filePath(u"pc-baru"_s)), QStringList{u"data"_s});
    QVERIFY(!QFileInfo::exists(QDir(target).filePath(u"sipelanduk.lock"_s)));
}

void TestBackup::backupWhileAnotherConnectionWrites()
{
    TestOffice office;
    QVERIFY(office.setUp());
    capture(office, 4);
    const int before = int(office.store->listFor(office.supervisor, std::nullopt, -1).size());

    // The backup starts once writes are under way and takes its snapshot while they go on.
    std::atomic<int> written{0};
    const QString file = m_scratch.filePath(u"during-writes.sipbackup"_s);
    QString failure = u"not run"_s;
    std::unique_ptr<QThread> backup(QThread::create([&] {
        while (written.load() < 20)
            QThread::msleep(1);
        failure = backupOf(office, file);
    }));
    backup->start();
    while (!backup->isFinished()) {
        QVERIFY(office.store->saveDraft(office.clerk, birthCertificate(u"Bayi"_s)).ok());
        ++written;
    }
    backup->wait();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));

    const QString target = m_scratch.filePath(u"during-writes"_s);
    Result<RestoreReport> restored = Backup::restore(file, kPassphrase, target);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    const QMap<QString, QStringList> source = contentsOf(office.database->filePath());
    const QMap<QString, QStringList> copy = contentsOf(databaseFileOf(target));
    const QStringList applications = copy.value(u"application"_s);
    QVERIFY2(applications.size() >= before + 20, qPrintable(QString::number(applications.size())));
    QVERIFY2(applications.size() < before + written.load(), "no write after the snapshot");

    // A prefix of the commits: the first rows of the source, each whole with its events.
    const qint64 snapshotLast = applications.size();
    QStringList expected;
    for (const QString& row : source.value(u"application"_s)) {
        if (row.section(u'|', 0, 0).toLongLong() <= snapshotLast)
            expected.append(row);
    }
    QCOMPARE(applications, expected);
    QStringList expectedEvents;
    for (const QString& row : source.value(u"application_event"_s)) {
        if (row.section(u'|', 1, 1).toLongLong() <= snapshotLast)
            expectedEvents.append(row);
    }
    QCOMPARE(copy.value(u"application_event"_s), expectedEvents);
}

void TestBackup::damagedFilesAreRefused_data()
{
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QString>("damage");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<QString>("code");

    // The clear header is 66 bytes: magic 8, version 2, limits 16, salt 16, stream header 24.
    const qint64 firstChunkEnd = 66 + 64 * 1024 + 17;
    QTest::newRow("wrong passphrase")
        << u"kunci cadangan Koba 2025"_s << QString() << qint64(0) << u"wrong_passphrase"_s;
    QTest::newRow("cut in the middle")
        << kPassphrase << u"cut"_s << qint64(-2) << u"damaged_backup"_s;
    QTest::newRow("last byte missing")
        << kPassphrase << u"cut"_s << qint64(-1) << u"damaged_backup"_s;
    QTest::newRow("cut after a whole chunk")
        << kPassphrase << u"cut"_s << firstChunkEnd << u"damaged_backup"_s;
    QTest::newRow("byte flipped in the middle")
        << kPassphrase << u"flip"_s << qint64(-2) << u"damaged_backup"_s;
    QTest::newRow("byte flipped in the last chunk")
        << kPassphrase << u"flip"_s << qint64(-1) << u"damaged_backup"_s;
    QTest::newRow("byte flipped in the salt")
        << kPassphrase << u"flip"_s << qint64(30) << u"wrong_passphrase"_s;
    QTest::newRow("format version changed")
        << kPassphrase << u"flip"_s << qint64(8) << u"unsupported_backup"_s;
    QTest::newRow("bytes appended")
        << kPassphrase << u"append"_s << qint64(0) << u"damaged_backup"_s;
    QTest::newRow("not a backup") << kPassphrase << u"replace"_s << qint64(0) << u"not_a_backup"_s;
}

void TestBackup::damagedFilesAreRefused()
{
    QFETCH(QString, passphrase);
    QFETCH(QString, damage);
    QFETCH(qint64, at);
    QFETCH(QString, code);

    QByteArray bytes = readAll(m_backup);
    // -2 stands for the middle of the file, -1 for its last byte.
    const qint64 offset = at == -2 ? bytes.size() / 2 : at == -1 ? bytes.size() - 1 : at;
    QVERIFY(offset < bytes.size());
    if (damage == "cut"_L1)
        bytes.truncate(offset);
    else if (damage == "flip"_L1)
        bytes[offset] = char(bytes.at(offset) ^ 0x01);
    else if (damage == "append"_L1)
        bytes.append("tambahan");
    else if (damage == "replace"_L1)
        bytes = "kode,nama\n19.04,Bangka Tengah\n";
    QTemporaryDir folder;
    const QString file = folder.filePath(u"copy.sipbackup"_s);
    QVERIFY(writeAll(file, bytes));

    const QString parent = folder.filePath(u"pc-baru"_s);
    const QString target = QDir(parent).filePath(u"data"_s);
    Result<RestoreReport> restored = Backup::restore(file, passphrase, target);
    QVERIFY(!restored.ok());
    QCOMPARE(restored.error().code, code);
    QVERIFY(restored.errorMessage().contains(QDir::toNativeSeparators(file)));
    QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(folderContents(parent), QStringList());
}

void TestBackup::nonEmptyTargetIsRefused()
{
    QTemporaryDir folder;
    QVERIFY(writeAll(folder.filePath(u"data/catatan.txt"_s), "jangan ditimpa"));
    Result<RestoreReport> intoFolder =
        Backup::restore(m_backup, kPassphrase, folder.filePath(u"data"_s));
    QVERIFY(!intoFolder.ok());
    QCOMPARE(intoFolder.error().code, u"target_not_empty"_s);
    QCOMPARE(readAll(folder.filePath(u"data/catatan.txt"_s)), "jangan ditimpa");
    QCOMPARE(folderContents(folder.path()), QStringList{u"data"_s});

    Result<RestoreReport> ontoFile =
        Backup::restore(m_backup, kPassphrase, folder.filePath(u"data/catatan.txt"_s));
    QVERIFY(!ontoFile.ok());
    QCOMPARE(ontoFile.error().code, u"target_not_empty"_s);
    QCOMPARE(readAll(folder.filePath(u"data/catatan.txt"_s)), "jangan ditimpa");
}

void TestBackup::shortPassphraseIsRefused()
{
    Result<std::unique_ptr<Database>> reader = Database::openReadOnly(m_office.dir.path());
    QVERIFY(reader.ok());
    const QString file = m_scratch.filePath(u"short.sipbackup"_s);
    const Status made = Backup::create(**reader, file, u"rahasia"_s, m_office.clock.now());
    QVERIFY(!made.ok());
    QCOMPARE(made.error().code, u"weak_passphrase"_s);
    QVERIFY(!QFileInfo::exists(file));
}

void TestBackup::connectionsBesideTheProgram()
{
    QTemporaryDir empty;
    Result<std::unique_ptr<Database>> none = Database::openReadOnly(empty.path());
    QCOMPARE(none.error().code, u"no_database"_s);
    QCOMPARE(Database::openBeside(empty.path()).error().code, u"no_database"_s);
    QCOMPARE(folderContents(empty.path()), QStringList());

    QTemporaryDir older;
    QVERIFY(Database::open(older.path(), Database::kLatestVersion - 1).ok());
    Result<std::unique_ptr<Database>> beside = Database::openBeside(older.path());
    QVERIFY(!beside.ok());
    QCOMPARE(beside.error().code, u"schema"_s);

    // Beside the office's program, which holds the lock.
    QVERIFY(Database::openBeside(m_office.dir.path()).ok());
    Result<std::unique_ptr<Database>> reader = Database::openReadOnly(m_office.dir.path());
    QVERIFY(reader.ok());
    QVERIFY(!(*reader)->setSetting(u"backup.keepDays"_s, u"3"_s).ok());
}

void TestBackup::dailyBackupKeepsTheLastDays()
{
    const QString dataDir = m_office.dir.path();
    const QDateTime now = m_office.clock.now();
    const QDate today = now.toLocalTime().date();
    const auto daily = [&](const QDate& day) {
        return QDir(Backup::folder(dataDir))
            .filePath(u"sipelanduk-"_s + day.toString(u"yyyyMMdd"_s) + u".sipbackup"_s);
    };
    for (int age = 1; age <= 20; ++age)
        QVERIFY(writeAll(daily(today.addDays(-age)), "lama"));
    QVERIFY(writeAll(QDir(Backup::folder(dataDir)).filePath(u"sebelum-pindah.sipbackup"_s), "x"));

    Result<DailyBackup> first = Backup::runDaily(dataDir, kPassphrase, now, 14);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QVERIFY(first->written);
    QCOMPARE(first->file, daily(today));
    QCOMPARE(first->removed.size(), 7);
    for (int age = 0; age <= 20; ++age)
        QCOMPARE(QFileInfo::exists(daily(today.addDays(-age))), age < 14);
    QVERIFY(
        QFileInfo::exists(QDir(Backup::folder(dataDir)).filePath(u"sebelum-pindah.sipbackup"_s)));
    QCOMPARE(Backup::latest(dataDir), daily(today));

    const QByteArray todays = readAll(daily(today));
    Result<DailyBackup> again = Backup::runDaily(dataDir, kPassphrase, now.addSecs(3600), 14);
    QVERIFY(again.ok());
    QVERIFY(!again->written);
    QVERIFY(again->removed.isEmpty());
    QCOMPARE(readAll(daily(today)), todays);

    Result<DailyBackup> tomorrow = Backup::runDaily(dataDir, kPassphrase, now.addDays(1), 14);
    QVERIFY(tomorrow.ok());
    QVERIFY(tomorrow->written);
    QCOMPARE(tomorrow->removed, QStringList{daily(today.addDays(-13))});
    QVERIFY(QFileInfo::exists(daily(today.addDays(1))));

    QTemporaryDir restoredFolder;
    const QString target = restoredFolder.filePath(u"data"_s);
    QVERIFY(Backup::restore(daily(today.addDays(1)), kPassphrase, target).ok());
    QCOMPARE(contentsOf(databaseFileOf(target)).value(u"application"_s).size(), 8);
}

void TestBackup::keepDaysSetting()
{
    QCOMPARE(Backup::keepDays(*m_office.database), Backup::kDefaultKeepDays);
    QVERIFY(Backup::setKeepDays(*m_office.database, 30).ok());
    QCOMPARE(Backup::keepDays(*m_office.database), 30);
    const Status refused = Backup::setKeepDays(*m_office.database, 0);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, u"invalid_keep_days"_s);
    QCOMPARE(Backup::keepDays(*m_office.database), 30);
    QVERIFY(Backup::passphraseKey(*m_office.database).startsWith(u"backup-passphrase/"_s));
}

void TestBackup::onlyTheOperatorManagesBackups_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("clerk") << Role::Clerk << false;
    QTest::newRow("supervisor") << Role::Supervisor << false;
    QTest::newRow("IT operator") << Role::Admin << true;
}

void TestBackup::onlyTheOperatorManagesBackups()
{
    QFETCH(Role, role);
    QFETCH(bool, allowed);
    QCOMPARE(isAllowed(role, Action::ManageBackups), allowed);
}

void TestBackup::entryNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("safe");
    QTest::newRow("database") << u"sipelanduk.sqlite"_s << true;
    QTest::newRow("scan") << u"scans/ktp.jpg"_s << true;
    QTest::newRow("scan in a subfolder") << u"scans/2026/12/kk.pdf"_s << true;
    QTest::newRow("hidden scan") << u"scans/.catatan"_s << true;
    QTest::newRow("climbs out") << u"scans/../sipelanduk.sqlite"_s << false;
    QTest::newRow("climbs out from a subfolder") << u"scans/a/../../x"_s << false;
    QTest::newRow("parent") << u"../sipelanduk.sqlite"_s << false;
    QTest::newRow("absolute") << u"/etc/passwd"_s << false;
    QTest::newRow("drive") << u"scans/C:/x"_s << false;
    QTest::newRow("backslashes") << u"scans\\..\\x"_s << false;
    QTest::newRow("folder only") << u"scans/"_s << false;
    QTest::newRow("empty part") << u"scans//x"_s << false;
    QTest::newRow("dot part") << u"scans/./x"_s << false;
    QTest::newRow("elsewhere in the data folder") << u"logs/sipelanduk.log"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestBackup::entryNames()
{
    QFETCH(QString, name);
    QFETCH(bool, safe);
    QCOMPARE(BackupManifest::isSafeEntryName(name), safe);
}

void TestBackup::damagedDatabaseIsFoundAtStart_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<bool>("withBackup");
    QTest::newRow("page in the middle") << qint64(8192) << qint64(4096) << false;
    QTest::newRow("page in the middle, backup there") << qint64(8192) << qint64(4096) << true;
    QTest::newRow("header") << qint64(0) << qint64(100) << true;
}

void TestBackup::damagedDatabaseIsFoundAtStart()
{
    QFETCH(qint64, offset);
    QFETCH(qint64, length);
    QFETCH(bool, withBackup);

    TestOffice office;
    QVERIFY(office.setUp());
    capture(office, 4);
    close(office);
    const QString dataDir = office.dir.path();
    const QString latest =
        QDir(Backup::folder(dataDir)).filePath(u"sipelanduk-20261202.sipbackup"_s);
    if (withBackup)
        QVERIFY(writeAll(latest, "tidak dibuka di sini"));
    damage(databaseFileOf(dataDir), offset, length);
    const QByteArray damaged = readAll(databaseFileOf(dataDir));

    Result<std::unique_ptr<Database>> opened = Database::open(dataDir);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, u"corrupt"_s);
    QVERIFY(opened.errorMessage().contains(QDir::toNativeSeparators(databaseFileOf(dataDir))));
    QVERIFY(opened.errorMessage().contains(u"sipelanduk-ctl restore"_s));
    QCOMPARE(opened.errorMessage().contains(QDir::toNativeSeparators(latest)), withBackup);
    QCOMPARE(readAll(databaseFileOf(dataDir)), damaged);
}

void TestBackup::damagedDatabaseIsReplacedFromBackup()
{
    TestOffice office;
    QVERIFY(office.setUp());
    capture(office, 3);
    QVERIFY(writeAll(office.dir.filePath(u"scans/akta.pdf"_s), "%PDF akta"));
    QVERIFY(Backup::runDaily(office.dir.path(), kPassphrase, office.clock.now(), 14).ok());
    QStringList numbers;
    for (const Application& a : office.store->listFor(office.supervisor, std::nullopt, -1))
        numbers.append(a.registrationNumber);
    close(office);
    const QString dataDir = office.dir.path();
    damage(databaseFileOf(dataDir), 8192, 4096);
    const QByteArray damaged = readAll(databaseFileOf(dataDir));
    const QDateTime now(QDate(2026, 12, 4), QTime(7, 45), Qt::UTC);

    Result<DamagedReplacement> wrong = Backup::replaceDamaged(dataDir, Backup::latest(dataDir),
                                                              u"bukan sandinya sama sekali"_s, now);
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, u"wrong_passphrase"_s);
    QCOMPARE(readAll(databaseFileOf(dataDir)), damaged);
    QCOMPARE(leftoversBeside(dataDir), QStringList());

    Result<DamagedReplacement> replaced =
        Backup::replaceDamaged(dataDir, Backup::latest(dataDir), kPassphrase, now);
    QVERIFY2(replaced.ok(), qPrintable(replaced.errorMessage()));
    QCOMPARE(readAll(QDir(replaced->damagedFolder).filePath(Database::kFileName)), damaged);
    QVERIFY(QFileInfo::exists(QDir(replaced->damagedFolder).filePath(u"scans/akta.pdf"_s)));
    QCOMPARE(readAll(QDir(dataDir).filePath(u"scans/akta.pdf"_s)), "%PDF akta");
    QVERIFY(!Backup::latest(dataDir).isEmpty());
    QCOMPARE(leftoversBeside(dataDir), QStringList());

    Result<std::unique_ptr<Database>> reopened = Database::open(dataDir);
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    QCOMPARE((*reopened)->setting(u"office.station"_s), replaced->report.station);
    QSqlQuery query((*reopened)->connection());
    QStringList restoredNumbers;
    QVERIFY(query.exec(u"SELECT registration_number FROM application"_s));
    while (query.next())
        restoredNumbers.append(query.value(0).toString());
    numbers.sort();
    restoredNumbers.sort();
    QCOMPARE(restoredNumbers, numbers);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestBackup)
#include "tst_backup.moc"
