#include "CtlProcess.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "storage/ScanStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

struct ScanFile
{
    QString requirement;
    QString name;
    QByteArray content;
};

// A JPEG and a PDF as their first bytes show them, with names as the counter received them.
const ScanFile kKtp{u"kk"_s, u"ktp_ayah_\U0001F600.jpg"_s,
                    QByteArray("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "ktp ayah\xFF\xD9"};
const ScanFile kAkta{u"surat-kelahiran"_s, u"akta_Zo\u00EB.pdf"_s,
                     "%PDF-1.4\n%akta kelahiran\n%%EOF\n"_ba};

QString sha256Of(const QByteArray& content)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

} // namespace

// Case 6 across the wire: scans attached at the counter reach sipelanduk-pusat with their exact
// names and bytes before the batch that lists them, and content the server has is not sent again.
class TestSyncScans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void scansTravelWithTheBatch();
    void knownScansAreNotSentAgain();

private:
    void capture(const QList<ScanFile>& scans);
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {}) const;
    QJsonObject sync() const;
    int scanUploads() const;
    QList<QStringList> centralRows(const QString& sql) const;

    TestOffice m_office;
    PusatProcess m_server;
    QString m_serverUrl;
    TestCentralDatabase m_central;
    QString m_centralDb;
    QString m_scanKeyEntry;
};

void TestSyncScans::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    QVERIFY(m_office.setUp());
    m_scanKeyEntry = ScanKey::keychainKey(*m_office.database);
    // The folder is left to sipelanduk-ctl: one program at a time holds its lock.
    m_office.store.reset();
    m_office.accounts.reset();
    m_office.regions.reset();
    m_office.database.reset();

    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    const QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();
    m_serverUrl = m_server.start(m_centralDb, m_office.dir.filePath(u"pusat.log"_s));
    QVERIFY2(!m_serverUrl.isEmpty(), "sipelanduk-pusat did not start; see pusat.log");
    const QString code = issueCode(m_centralDb);
    const Outcome enrolled =
        ctl({u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s, code, u"--as"_s, u"it"_s},
            "rahasia-it");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
}

void TestSyncScans::cleanupTestCase()
{
    m_server.stop();
    if (!m_scanKeyEntry.isEmpty())
        (void)removeSecret(m_scanKeyEntry);
}

// Captures one birth-certificate application with `scans` through core and submits it, then
// closes the data folder again.
void TestSyncScans::capture(const QList<ScanFile>& scans)
{
    Result<std::unique_ptr<Database>> opened = Database::open(m_office.dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    Database& database = **opened;
    RegionStore regions(database);
    Accounts accounts(database, m_office.clock);
    ApplicationStore store(database, Catalogue::builtIn(), regions, m_office.clock);
    ScanStore scanStore(database, store, Catalogue::builtIn(), m_office.clock);

    const Result<User> clerk = accounts.authenticate(u"siti"_s, u"rahasia-siti"_s);
    QVERIFY2(clerk.ok(), qPrintable(clerk.errorMessage()));
    const std::optional<Result<ScanKey>> key = loadScanKey(database);
    QVERIFY2(key && key->ok(), "the scan key could not be loaded from the keychain");
    const Result<Application> draft = store.saveDraft(*clerk, birthCertificate(u"Zoë"_s));
    QVERIFY2(draft.ok(), qPrintable(draft.errorMessage()));
    for (const ScanFile& scan : scans) {
        const Result<AttachedScan> attached = scanStore.attachContent(
            key->value(), *clerk, draft->id, scan.requirement, scan.content, scan.name);
        QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    }
    const Result<Application> submitted = store.submit(*clerk, draft->id, true);
    QVERIFY2(submitted.ok(), qPrintable(submitted.errorMessage()));
}

Outcome TestSyncScans::ctl(const QStringList& arguments, const QByteArray& password) const
{
    return runCtl(m_office.dir.path(), arguments, password);
}

QJsonObject TestSyncScans::sync() const
{
    const Outcome approved = ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s}, "rahasia-kasi");
    if (approved.exitCode != 0)
        qWarning("%s", qPrintable(approved.err));
    const Outcome synced = ctl({u"sync"_s, u"--json"_s});
    if (synced.exitCode != 0)
        qWarning("%s", qPrintable(synced.err));
    return QJsonDocument::fromJson(synced.out.toUtf8()).object();
}

// How many scan uploads the server has answered, from its log.
int TestSyncScans::scanUploads() const
{
    QFile log(m_office.dir.filePath(u"pusat.log"_s));
    if (!log.open(QIODevice::ReadOnly))
        return -1;
    return int(log.readAll().count("PUT /api/v1/scans/"));
}

QList<QStringList> TestSyncScans::centralRows(const QString& sql) const
{
    return m_central.rows(sql);
}

void TestSyncScans::scansTravelWithTheBatch()
{
    capture({kKtp, kAkta});
    if (QTest::currentTestFailed())
        return;

    const QJsonObject report = sync();
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(scanUploads(), 2);

    const QList<QStringList> listed =
        centralRows(u"SELECT requirement, sha256, name, size FROM application_scans "
                    "ORDER BY requirement"_s);
    const QList<QStringList> expected{
        {kKtp.requirement, sha256Of(kKtp.content), kKtp.name, QString::number(kKtp.content.size())},
        {kAkta.requirement, sha256Of(kAkta.content), kAkta.name,
         QString::number(kAkta.content.size())},
    };
    QCOMPARE(listed, expected);

    // The bytes on the server are the plain content, which is what their SHA-256 names.
    const QList<QVariantList> stored = m_central.values(u"SELECT sha256, content FROM scans"_s);
    QCOMPARE(stored.size(), 2);
    for (const QVariantList& row : stored) {
        QCOMPARE(row.size(), 2);
        QCOMPARE(sha256Of(row.at(1).toByteArray()), row.at(0).toString());
    }
}

void TestSyncScans::knownScansAreNotSentAgain()
{
    const QJsonObject nothingNew = sync();
    QCOMPARE(nothingNew.value(u"ok"_s).toBool(), true);
    QCOMPARE(nothingNew.value(u"batchesSent"_s).toInt(), 0);
    QCOMPARE(scanUploads(), 2);

    // Another application with the same ID card: the server has the content and says so.
    capture({kKtp});
    if (QTest::currentTestFailed())
        return;
    const QJsonObject report = sync();
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(scanUploads(), 2);
    QCOMPARE(centralRows(u"SELECT count(*) FROM scans"_s), (QList<QStringList>{{u"2"_s}}));
    QCOMPARE(
        centralRows(u"SELECT count(*) FROM application_scans WHERE name = '%1'"_s.arg(kKtp.name)),
        (QList<QStringList>{{u"2"_s}}));
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncScans)
#include "tst_sync_scans.moc"
