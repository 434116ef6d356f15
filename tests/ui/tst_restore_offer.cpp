// The offer the desktop program makes when its database is damaged at start, answered as the IT
// operator would: a mistyped passphrase first, then the right one.

#include "ScriptedPrompter.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "RestoreOffer.h"
#include "storage/Backup.h"
#include "storage/ScanStore.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kPassphrase = u"kunci cadangan Koba 2026"_s;

} // namespace

class RestoreOfferTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void noBackupNoOffer();
    void declinedLeavesTheFolderAlone();
    void restoresAfterAWrongPassphrase();
    void restoredScansOpenOnThisPc();

private:
    void damageDatabase();

    std::unique_ptr<TestOffice> m_office;
    QString m_dataDir;
    QDateTime m_now{QDate(2026, 12, 4), QTime(7, 30), Qt::UTC};
};

void RestoreOfferTest::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    QVERIFY(m_office->store->saveDraft(m_office->clerk, birthCertificate()).ok());
    m_dataDir = m_office->dir.path();
}

// The program ended; then a page in the middle of its file was overwritten.
void RestoreOfferTest::damageDatabase()
{
    m_office->store.reset();
    m_office->accounts.reset();
    m_office->regions.reset();
    m_office->database.reset();
    QFile file(QDir(m_dataDir).filePath(Database::kFileName));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(8192));
    QCOMPARE(file.write(QByteArray(4096, '\x5a')), 4096);
}

void RestoreOfferTest::noBackupNoOffer()
{
    damageDatabase();
    const Result<std::unique_ptr<Database>> opened = Database::open(m_dataDir);
    QCOMPARE(opened.error().code, u"corrupt"_s);
    QVERIFY(!RestoreOffer::applies(opened.error(), m_dataDir));
}

void RestoreOfferTest::declinedLeavesTheFolderAlone()
{
    QVERIFY(Backup::runDaily(m_dataDir, kPassphrase, m_office->clock.now(), 14).ok());
    damageDatabase();
    const Result<std::unique_ptr<Database>> opened = Database::open(m_dataDir);
    QVERIFY(RestoreOffer::applies(opened.error(), m_dataDir));

    ScriptedPrompter prompter;
    prompter.answer = false;
    QVERIFY(!RestoreOffer::run(prompter, m_dataDir, opened.errorMessage(), m_now));
    QCOMPARE(prompter.questions.size(), 1);
    QVERIFY(prompter.questions.first().contains(u"sipelanduk-20261203.sipbackup"_s));
    QCOMPARE(Database::open(m_dataDir).error().code, u"corrupt"_s);
}

void RestoreOfferTest::restoresAfterAWrongPassphrase()
{
    QVERIFY(Backup::runDaily(m_dataDir, kPassphrase, m_office->clock.now(), 14).ok());
    const QString station = m_office->database->setting(u"office.station"_s);
    damageDatabase();
    const Result<std::unique_ptr<Database>> opened = Database::open(m_dataDir);

    ScriptedPrompter prompter;
    prompter.secrets = {u"kunci cadangan Koba 2025"_s, kPassphrase};
    QVERIFY(RestoreOffer::run(prompter, m_dataDir, opened.errorMessage(), m_now));
    QCOMPARE(prompter.errors.size(), 1);
    QVERIFY(prompter.errors.first().contains(u"passphrase does not open"_s));
    QCOMPARE(prompter.information.size(), 1);
    QVERIFY(prompter.information.first().contains(u"enrol"_s));

    Result<std::unique_ptr<Database>> reopened = Database::open(m_dataDir);
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    QVERIFY((*reopened)->setting(u"office.station"_s) != station);
    RegionStore regions(**reopened);
    ApplicationStore store(**reopened, Catalogue::builtIn(), regions, m_office->clock);
    QCOMPARE(store.listFor(m_office->supervisor, std::nullopt, -1).size(), 1);
}

// The backup carries the key of the scans; the restore must give it to this PC's keychain, or the
// restored scans are sealed for good.
void RestoreOfferTest::restoredScansOpenOnThisPc()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const std::optional<Result<ScanKey>> key = loadScanKey(*m_office->database);
    QVERIFY2(key && key->ok(), "the keychain gave no scan key");
    ScanStore scans(*m_office->database, *m_office->store, Catalogue::builtIn(), m_office->clock);
    const qint64 id = m_office->store->listFor(m_office->clerk, std::nullopt, -1).first().id;
    const QByteArray content = "%PDF-1.4\n%surat kelahiran Koba\n%%EOF\n";
    const Result<AttachedScan> attached = scans.attachContent(
        key->value(), m_office->clerk, id, u"surat-kelahiran"_s, content, u"surat_Zoë.pdf"_s);
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    QVERIFY(
        Backup::runDaily(m_dataDir, kPassphrase, m_office->clock.now(), 14, key->value().bytes())
            .ok());
    damageDatabase();
    const Result<std::unique_ptr<Database>> opened = Database::open(m_dataDir);

    ScriptedPrompter prompter;
    prompter.secrets = {kPassphrase};
    QVERIFY(RestoreOffer::run(prompter, m_dataDir, opened.errorMessage(), m_now));
    QVERIFY2(prompter.errors.isEmpty(), qPrintable(prompter.errors.join(u'\n')));

    Result<std::unique_ptr<Database>> reopened = Database::open(m_dataDir);
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    const std::optional<Result<ScanKey>> restoredKey = loadScanKey(**reopened);
    QVERIFY2(restoredKey && restoredKey->ok(),
             qPrintable(restoredKey ? restoredKey->errorMessage() : u"no answer"_s));
    const Result<QByteArray> read =
        ScanStore::readStored(**reopened, restoredKey->value(), attached->sha256);
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    QCOMPARE(*read, content);
}

} // namespace sipelanduk::test

QTEST_MAIN(sipelanduk::test::RestoreOfferTest)
#include "tst_restore_offer.moc"
