#include "CtlProcess.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "storage/Backup.h"
#include "storage/ScanStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kPassphrase = u"kunci cadangan Koba 2026"_s;
const QByteArray kScan = QByteArray("%PDF-1.4\n% akta kelahiran Zoë\n%%EOF\n");

} // namespace

// sipelanduk-ctl backup beside a running program (this test holds the data folder's lock, as the
// desktop program would), restore on a "new PC", and the daily backup of a scheduled task with
// its passphrase in the session's keychain.
class TestBackupCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void backupWhileTheProgramRuns();
    void restoreOnANewPc();
    void wrongPassphraseRestoresNothing();
    void dailyBackupOfAScheduledTask();

private:
    Outcome ctl(const QString& dataDir, const QStringList& arguments, const QString& password = {},
                const QString& passphrase = {});
    QStringList numbersIn(const QString& dataDir);
    int count(const QString& sql) const;
    QStringList officeNumbers() const;
    void checkScansOpen(const QString& dataDir);

    TestOffice m_office;
    QTemporaryDir m_scratch;
    QString m_backup;
    QString m_scanSha256;
    QString m_installId;
};

Outcome TestBackupCli::ctl(const QString& dataDir, const QStringList& arguments,
                           const QString& password, const QString& passphrase)
{
    QProcessEnvironment environment = ctlEnvironment();
    if (!passphrase.isEmpty())
        environment.insert(u"SIPELANDUK_BACKUP_PASSPHRASE"_s, passphrase);
    return runCtl(dataDir, arguments, password.toUtf8(), environment);
}

QStringList TestBackupCli::numbersIn(const QString& dataDir)
{
    const Outcome status = ctl(dataDir, {u"status"_s, u"--json"_s});
    if (status.exitCode != 0)
        qWarning("%s", qPrintable(status.err));
    QStringList numbers;
    const QJsonArray applications =
        QJsonDocument::fromJson(status.out.toUtf8()).object().value(u"applications"_s).toArray();
    for (const QJsonValue& application : applications)
        numbers.append(application.toObject().value(u"registrationNumber"_s).toString());
    numbers.sort();
    return numbers;
}

int TestBackupCli::count(const QString& sql) const
{
    QSqlQuery query(m_office.database->connection());
    return query.exec(sql) && query.next() ? query.value(0).toInt() : -1;
}

QStringList TestBackupCli::officeNumbers() const
{
    QStringList numbers;
    const QList<Application> applications =
        m_office.store->listFor(m_office.supervisor, std::nullopt, -1);
    for (const Application& application : applications)
        numbers.append(application.registrationNumber);
    numbers.sort();
    return numbers;
}

void TestBackupCli::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/test.sh, which starts a D-Bus session with an unlocked keyring");
    QVERIFY(m_office.setUp());
    for (int i = 0; i < 6; ++i) {
        Result<Application> saved =
            m_office.store->saveDraft(m_office.clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        if (i % 2)
            QVERIFY(m_office.store->submit(m_office.clerk, saved->id, true).ok());
    }
    m_backup = m_scratch.filePath(u"koba.sipbackup"_s);

    const std::optional<Result<ScanKey>> key = loadScanKey(*m_office.database);
    QVERIFY2(key && key->ok(), key ? qPrintable(key->errorMessage()) : "no keychain answer");
    const QString file = m_scratch.filePath(u"akta_Zoë.pdf"_s);
    QFile scan(file);
    QVERIFY(scan.open(QIODevice::WriteOnly) && scan.write(kScan) == kScan.size());
    scan.close();
    ScanStore scans(*m_office.database, *m_office.store, Catalogue::builtIn(), m_office.clock);
    const qint64 draft =
        m_office.store->listFor(m_office.clerk, ApplicationState::Draft).first().id;
    const Result<AttachedScan> attached =
        scans.attach(key->value(), m_office.clerk, draft, u"kk"_s, file);
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    m_scanSha256 = attached->sha256;
    m_installId = m_office.database->setting(u"install.id"_s);
}

// The restored PC has a new install id, so its scans open only because the backup carried the
// key and the restore put it into this PC's keychain under the new id.
void TestBackupCli::checkScansOpen(const QString& dataDir)
{
    Result<std::unique_ptr<Database>> opened = Database::open(dataDir);
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    Database& restored = **opened;
    QVERIFY(restored.setting(u"install.id"_s) != m_installId);
    const std::optional<Result<ScanKey>> key = loadScanKey(restored);
    QVERIFY2(key && key->ok(), key ? qPrintable(key->errorMessage()) : "no keychain answer");

    RegionStore regions(restored);
    ApplicationStore store(restored, Catalogue::builtIn(), regions, m_office.clock);
    ScanStore scans(restored, store, Catalogue::builtIn(), m_office.clock);
    const Result<QByteArray> read = scans.read(key->value(), m_scanSha256);
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    QCOMPARE(*read, kScan);
    QStringList names;
    const QList<Application> all = store.listFor(m_office.supervisor, std::nullopt, -1);
    for (const Application& each : all) {
        for (const AttachedScan& scan : scans.attachedTo(each.id))
            names.append(scan.originalName);
    }
    QCOMPARE(names, QStringList{u"akta_Zoë.pdf"_s});
    (void)removeSecret(ScanKey::keychainKey(restored));
}

void TestBackupCli::backupWhileTheProgramRuns()
{
    const QString dataDir = m_office.dir.path();
    const Outcome refused = ctl(dataDir, {u"status"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"already using the data folder"_s), qPrintable(refused.err));

    const Outcome wrongPassword =
        ctl(dataDir, {u"backup"_s, m_backup, u"--as"_s, u"it"_s}, u"salah-sandi"_s, kPassphrase);
    QCOMPARE(wrongPassword.exitCode, 1);
    QVERIFY(!QFileInfo::exists(m_backup));
    // Counted like any other sign-in, although another program holds the folder.
    QCOMPARE(count(u"SELECT failed_attempts FROM user WHERE name = 'it'"_s), 1);

    const Outcome byClerk =
        ctl(dataDir, {u"backup"_s, m_backup, u"--as"_s, u"siti"_s}, u"rahasia-siti"_s, kPassphrase);
    QCOMPARE(byClerk.exitCode, 1);
    QVERIFY(!QFileInfo::exists(m_backup));

    const Outcome made =
        ctl(dataDir, {u"backup"_s, m_backup, u"--as"_s, u"it"_s}, u"rahasia-it"_s, kPassphrase);
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    QVERIFY(made.out.contains(u"Backup written"_s));
    QVERIFY(QFileInfo(m_backup).size() > 0);
    QCOMPARE(count(u"SELECT count(*) FROM audit_entry WHERE user_name = 'it' AND detail = "_s +
                   u"'backup "_s + QFileInfo(m_backup).absoluteFilePath() + u"'"_s),
             1);
}

void TestBackupCli::restoreOnANewPc()
{
    QVERIFY(QFileInfo::exists(m_backup));
    const QString newPc = m_scratch.filePath(u"pc-baru"_s);
    const Outcome restored = ctl(newPc, {u"restore"_s, m_backup}, {}, kPassphrase);
    QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
    QVERIFY(restored.out.contains(u"19.04.01"_s));
    QVERIFY(restored.out.contains(m_office.database->setting(u"office.station"_s)));
    QVERIFY(restored.out.contains(u"sipelanduk-ctl enrol"_s));

    const QStringList expected = officeNumbers();
    QCOMPARE(expected.size(), 6);
    QCOMPARE(numbersIn(newPc), expected);
    checkScansOpen(newPc);
}

void TestBackupCli::wrongPassphraseRestoresNothing()
{
    const QString newPc = m_scratch.filePath(u"pc-lain"_s);
    const Outcome refused = ctl(newPc, {u"restore"_s, m_backup}, {}, u"kunci cadangan Koba 2025"_s);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"passphrase does not open"_s), qPrintable(refused.err));
    QVERIFY(!QFileInfo::exists(newPc));
}

void TestBackupCli::dailyBackupOfAScheduledTask()
{
    const QString dataDir = m_office.dir.path();
    const Outcome notYet = ctl(dataDir, {u"backup"_s, u"--daily"_s});
    QCOMPARE(notYet.exitCode, 1);
    QVERIFY2(notYet.err.contains(u"backup-settings"_s), qPrintable(notYet.err));

    // Settings are changed with the desktop program closed, like every other setting.
    const QString installId = m_office.database->setting(u"install.id"_s);
    m_office.store.reset();
    m_office.accounts.reset();
    m_office.regions.reset();
    m_office.database.reset();
    const Outcome settings =
        ctl(dataDir, {u"backup-settings"_s, u"--keep-days"_s, u"7"_s, u"--as"_s, u"it"_s},
            u"rahasia-it"_s, kPassphrase);
    QVERIFY2(settings.exitCode == 0, qPrintable(settings.err));
    QVERIFY2(settings.out.contains(u"kept for 7 day"_s), qPrintable(settings.out));

    Result<std::unique_ptr<Database>> reopened = Database::open(dataDir);
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    QCOMPARE((*reopened)->setting(u"backup.keepDays"_s), u"7"_s);
    QCOMPARE(Backup::passphraseKey(**reopened), u"backup-passphrase/"_s + installId);

    const Outcome daily = ctl(dataDir, {u"backup"_s, u"--daily"_s});
    QVERIFY2(daily.exitCode == 0, qPrintable(daily.err));
    const QString file =
        QDir(Backup::folder(dataDir))
            .filePath(u"sipelanduk-"_s + QDate::currentDate().toString(u"yyyyMMdd"_s) +
                      u".sipbackup"_s);
    QVERIFY2(QFileInfo::exists(file), qPrintable(daily.out));
    const Outcome again = ctl(dataDir, {u"backup"_s, u"--daily"_s});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY(again.out.contains(u"already there"_s));

    const QString newPc = m_scratch.filePath(u"pc-dari-harian"_s);
    const Outcome restored = ctl(newPc, {u"restore"_s, file}, {}, kPassphrase);
    QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
    QCOMPARE(numbersIn(newPc).size(), 6);
    checkScansOpen(newPc);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestBackupCli)
#include "tst_backup_cli.moc"
