#include "CtlProcess.h"
#include "FaultProxy.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "storage/ScanStore.h"
#include "sync/Outbox.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

constexpr qint64 kPieceBytes = 256 * 1024;
constexpr qint64 kScanBytes = 2 * 1024 * 1024;
const QString kScanName = u"akta_Zo\u00EB_besar.pdf"_s;

QString sha256Of(const QByteArray& content)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

// A PDF of 2 MB whose bytes do not compress, the same in every run.
QByteArray largeScan()
{
    QByteArray content("%PDF-1.4\n");
    QRandomGenerator random(20261203);
    while (content.size() < kScanBytes)
        content.append(char(random.bounded(256)));
    return content;
}

} // namespace

// Case 4: the connection drops after half of a 2 MB scan was uploaded. The failure is recorded
// with its reason, the next sync continues where the upload stopped instead of at byte 0, and the
// server ends up with exactly the scan's bytes. The network is a fault proxy between
// sipelanduk-ctl and a real sipelanduk-pusat.
class TestSyncResume : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void brokenUploadResumes();

private:
    void capture(const QByteArray& content);
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {}) const;
    QList<QVariantList> centralRows(const QString& sql) const;
    QList<PendingBatch> pendingBatches() const;

    TestOffice m_office;
    TestCentralDatabase m_central;
    PusatProcess m_pusat;
    std::unique_ptr<FaultProxy> m_proxy;
    QString m_centralDb;
    QString m_scanKeyEntry;
};

void TestSyncResume::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QVERIFY(m_office.setUp());
    m_scanKeyEntry = ScanKey::keychainKey(*m_office.database);
    QVERIFY(m_office.database->setSetting(u"sync.scanPieceBytes"_s, QString::number(kPieceBytes)));
    // The folder is left to sipelanduk-ctl: one program at a time holds its lock.
    m_office.store.reset();
    m_office.accounts.reset();
    m_office.regions.reset();
    m_office.database.reset();

    const QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();
    const QString server = m_pusat.start(m_centralDb, m_office.dir.filePath(u"pusat.log"_s));
    QVERIFY(!server.isEmpty());
    m_proxy = std::make_unique<FaultProxy>(quint16(QUrl(server).port()));
    QVERIFY(m_proxy->listen() != 0);

    const QString code = issueCode(m_centralDb);
    QVERIFY(!code.isEmpty());
    const Outcome enrolled = ctl({u"enrol"_s, u"--server"_s, m_proxy->url().toString(), u"--code"_s,
                                  code, u"--as"_s, u"it"_s},
                                 "rahasia-it");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
}

void TestSyncResume::cleanupTestCase()
{
    m_proxy.reset();
    m_pusat.stop();
    if (!m_scanKeyEntry.isEmpty())
        (void)removeSecret(m_scanKeyEntry);
}

// One birth-certificate application with `content` as its birth letter, submitted and closed.
void TestSyncResume::capture(const QByteArray& content)
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
    const Result<AttachedScan> attached = scanStore.attachContent(
        key->value(), *clerk, draft->id, u"surat-kelahiran"_s, content, kScanName);
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    const Result<Application> submitted = store.submit(*clerk, draft->id, true);
    QVERIFY2(submitted.ok(), qPrintable(submitted.errorMessage()));
}

// Runs sipelanduk-ctl while this process's event loop keeps relaying through the proxy.
Outcome TestSyncResume::ctl(const QStringList& arguments, const QByteArray& password) const
{
    return runCtl(m_office.dir.path(), arguments, password);
}

QList<QVariantList> TestSyncResume::centralRows(const QString& sql) const
{
    return m_central.values(sql);
}

QList<PendingBatch> TestSyncResume::pendingBatches() const
{
    Result<std::unique_ptr<Database>> opened = Database::open(m_office.dir.path());
    if (!opened)
        return {};
    return Outbox(**opened, m_office.clock).pendingBatches();
}

void TestSyncResume::brokenUploadResumes()
{
    const QByteArray content = largeScan();
    const QString sha256 = sha256Of(content);
    capture(content);
    if (QTest::currentTestFailed())
        return;
    const Outcome approved = ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s}, "rahasia-kasi");
    QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));

    // Four pieces (1 MB) get through; from the fifth on, every scan upload loses its connection
    // part of the way into the request, however often it is tried.
    using Fault = FaultProxy::Fault;
    m_proxy->addRule({Fault::None, u"/scans/"_s, "PUT", 4});
    m_proxy->addRule({Fault::DropRequestAfterBytes, u"/scans/"_s, "PUT", -1, 100'000});
    const Outcome broken = ctl({u"sync"_s});
    QVERIFY2(broken.exitCode != 0, qPrintable(broken.out));
    QVERIFY2(broken.err.contains(u"The scan %1 could not be sent"_s.arg(kScanName)),
             qPrintable(broken.err));

    // The reason stays with the queued batch for the sync view, and nothing counts as sent.
    const QList<PendingBatch> waiting = pendingBatches();
    QCOMPARE(waiting.size(), 1);
    QVERIFY2(waiting.first().lastError.contains(kScanName), qPrintable(waiting.first().lastError));
    const QJsonObject status =
        QJsonDocument::fromJson(ctl({u"status"_s, u"--json"_s}).out.toUtf8()).object();
    const QJsonArray applications = status.value(u"applications"_s).toArray();
    QCOMPARE(applications.size(), 1);
    QCOMPARE(applications.first().toObject().value(u"state"_s).toString(), u"approved"_s);
    QCOMPARE(centralRows(u"SELECT count(*) FROM scans"_s).value(0).value(0).toInt(), 0);
    QCOMPARE(
        centralRows(
            u"SELECT MAX(piece_offset + size) FROM scan_pieces WHERE sha256 = '%1'"_s.arg(sha256))
            .value(0)
            .value(0)
            .toLongLong(),
        4 * kPieceBytes);

    // The network is back: the upload continues at 1 MB, so well under the scan's 2 MB travel.
    m_proxy->clearRules();
    const qint64 before = m_proxy->bytesFromClient();
    const Outcome resumed = ctl({u"sync"_s, u"--json"_s});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const QJsonObject report = QJsonDocument::fromJson(resumed.out.toUtf8()).object();
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    const qint64 sent = m_proxy->bytesFromClient() - before;
    QVERIFY2(sent >= kScanBytes - 4 * kPieceBytes && sent < kScanBytes * 6 / 10,
             qPrintable(u"%1 bytes sent on the second sync"_s.arg(sent)));

    const QList<QVariantList> stored = centralRows(u"SELECT sha256, size, content FROM scans"_s);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().value(0).toString(), sha256);
    QCOMPARE(stored.first().value(1).toLongLong(), kScanBytes);
    QCOMPARE(sha256Of(stored.first().value(2).toByteArray()), sha256);
    QVERIFY(stored.first().value(2).toByteArray() == content);
    QCOMPARE(centralRows(u"SELECT count(*) FROM scan_pieces"_s).value(0).value(0).toInt(), 0);
    QVERIFY(pendingBatches().isEmpty());
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncResume)
#include "tst_sync_resume.moc"
