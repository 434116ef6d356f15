#include "TestKeychain.h"
#include "TestOffice.h"

#include "domain/Retention.h"

#include "Logging.h"
#include "security/AuditLog.h"
#include "storage/ScanStore.h"

#include <QDirIterator>
#include <QFile>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QByteArray kMarker = "PLAINTEXT-MARKER-Arung-Dalam";

QByteArray jpeg(const QByteArray& body = kMarker)
{
    return QByteArray("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + body + "\xFF\xD9";
}

QByteArray png(const QByteArray& body = kMarker)
{
    return QByteArray("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + body;
}

QByteArray pdf(const QByteArray& body = kMarker)
{
    return "%PDF-1.4\n%" + body + "\n%%EOF\n";
}

} // namespace

// Scans on a real data folder with the session's real keychain: types by content, the size
// limit, one stored file per content, encryption at rest, tampering, and who may attach.
class TestScans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void acceptedTypesRoundTripWithTheirNames_data();
    void acceptedTypesRoundTripWithTheirNames();
    void refusedFiles_data();
    void refusedFiles();
    void sameContentIsStoredOnce();
    void fileOnDiskHoldsNoPlainText();
    void changedFileIsRefusedOnRead_data();
    void changedFileIsRefusedOnRead();
    void onlyTheCapturingClerkOfAnEditableApplication_data();
    void onlyTheCapturingClerkOfAnEditableApplication();
    void attachAndRemoveAreAudited();
    void keyIsInTheKeychainOnly();
    void lostKeyIsNotReplacedWhileScansExist();
    void purgeTakesTheScansAlong();

private:
    QString write(const QString& name, const QByteArray& content);
    qint64 draft(const User& clerk);
    QStringList storedFiles() const;
    QString keychainEntry() const { return ScanKey::keychainKey(*m_office.database); }

    TestOffice m_office;
    QTemporaryDir m_files;
    std::unique_ptr<ScanStore> m_scans;
    std::optional<ScanKey> m_key;
};

QString TestScans::write(const QString& name, const QByteArray& content)
{
    const QString path = m_files.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qWarning("%s could not be written", qPrintable(path));
    return path;
}

qint64 TestScans::draft(const User& clerk)
{
    Result<Application> saved = m_office.store->saveDraft(clerk, birthCertificate(u"Zoë"_s));
    return saved ? saved->id : 0;
}

QStringList TestScans::storedFiles() const
{
    QStringList files;
    QDirIterator it(QDir(m_office.dir.path()).filePath(u"scans"_s), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

void TestScans::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    QVERIFY(m_office.setUp());
    QVERIFY(m_files.isValid());
    m_scans = std::make_unique<ScanStore>(*m_office.database, *m_office.store, Catalogue::builtIn(),
                                          m_office.clock);
    const std::optional<Result<ScanKey>> key = loadScanKey(*m_office.database);
    QVERIFY2(key, "the keychain did not answer");
    QVERIFY2(key->ok(), qPrintable(key->errorMessage()));
    m_key = key->value();
}

void TestScans::cleanupTestCase()
{
    if (m_office.database)
        (void)removeSecret(keychainEntry());
}

void TestScans::acceptedTypesRoundTripWithTheirNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mime");

    QTest::newRow("jpeg with emoji") << u"ktp_ayah_😀.jpg"_s << jpeg("ayah") << u"image/jpeg"_s;
    QTest::newRow("pdf with accent") << u"akta_Zoë.pdf"_s << pdf("akta") << u"application/pdf"_s;
    QTest::newRow("png with apostrophe") << u"kk_Ma'ruf.png"_s << png("kk") << u"image/png"_s;
    QTest::newRow("png named pdf") << u"surat lahir.pdf"_s << png("surat") << u"image/png"_s;
    QTest::newRow("no extension") << u"SCAN0001"_s << jpeg("scan") << u"image/jpeg"_s;
}

void TestScans::acceptedTypesRoundTripWithTheirNames()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, mime);

    const qint64 id = draft(m_office.clerk);
    const Result<AttachedScan> attached =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(name, content));
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    QCOMPARE(attached->mime, mime);
    QCOMPARE(attached->sha256.toLatin1(),
             QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());

    const QList<AttachedScan> listed = m_scans->attachedTo(id);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().originalName, name);
    QCOMPARE(listed.first().requirement, u"kk"_s);
    QCOMPARE(listed.first().attachedBy, u"siti"_s);
    QCOMPARE(listed.first().size, content.size());
    const Result<QByteArray> read = m_scans->read(*m_key, attached->sha256);
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    QCOMPARE(*read, content);
    QVERIFY(QFileInfo::exists(ScanStore::pathOf(m_office.dir.path(), attached->sha256)));
}

void TestScans::refusedFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("code");

    QTest::newRow("text named jpg")
        << u"ktp.jpg"_s << QByteArray("NIK 1904010607610123\n") << u"scan_type"_s;
    QTest::newRow("empty") << u"kosong.pdf"_s << QByteArray() << u"scan_type"_s;
    QTest::newRow("gif") << u"foto.png"_s << QByteArray("GIF89a\x01\x00\x01\x00") << u"scan_type"_s;
    QTest::newRow("pdf header not at start")
        << u"akta.pdf"_s << QByteArray(" %PDF-1.4") << u"scan_type"_s;
    QTest::newRow("one byte over the limit")
        << u"besar.jpg"_s << jpeg(QByteArray(ScanStore::kMaximumBytes - jpeg({}).size() + 1, 'x'))
        << u"scan_too_large"_s;
}

void TestScans::refusedFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, code);

    const qint64 id = draft(m_office.clerk);
    const int before = storedFiles().size();
    const Result<AttachedScan> refused =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(name, content));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, code);
    QVERIFY2(refused.errorMessage().contains(name), qPrintable(refused.errorMessage()));
    QCOMPARE(m_scans->attachedTo(id).size(), 0);
    QCOMPARE(storedFiles().size(), before);
}

// When retention ends, the scans go with the rest of the personal data: rows and files.
void TestScans::purgeTakesTheScansAlong()
{
    const qint64 id = draft(m_office.clerk);
    const Result<AttachedScan> scan = m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s,
                                                      write(u"kk_purge.jpg"_s, jpeg("purge")));
    QVERIFY2(scan.ok(), qPrintable(scan.errorMessage()));
    const QString file = ScanStore::pathOf(m_office.dir.path(), scan->sha256);
    QVERIFY(QFile::exists(file));

    QSqlQuery query(m_office.database->connection());
    QVERIFY(query.exec(u"UPDATE application SET state = 'completed', handed_over_at = "
                       "'2026-01-01T00:00:00.000Z' WHERE id = %1"_s.arg(id)));
    Retention retention(*m_office.database, m_office.clock);
    Result<int> purged = retention.purge();
    QVERIFY(purged.ok());
    QVERIFY(*purged >= 1);
    QVERIFY(!QFile::exists(file));
    QVERIFY(m_scans->attachedTo(id).isEmpty());
    QVERIFY(query.exec(u"SELECT count(*) FROM scan WHERE sha256 = '%1'"_s.arg(scan->sha256)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
}

void TestScans::sameContentIsStoredOnce()
{
    const QByteArray content = jpeg("sama");
    const qint64 id = draft(m_office.clerk);
    const int before = storedFiles().size();
    const Result<AttachedScan> first =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(u"kk.jpg"_s, content));
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    const Result<AttachedScan> second = m_scans->attach(
        *m_key, m_office.clerk, id, u"surat-kelahiran"_s, write(u"surat.jpg"_s, content));
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QCOMPARE(second->sha256, first->sha256);
    QCOMPARE(storedFiles().size(), before + 1);
    QCOMPARE(m_scans->attachedTo(id).size(), 2);

    const Result<AttachedScan> again =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(u"kk lagi.jpg"_s, content));
    QCOMPARE(again.error().code, u"already_attached"_s);

    QVERIFY(m_scans->remove(m_office.clerk, id, u"kk"_s, first->sha256).ok());
    QCOMPARE(storedFiles().size(), before + 1);
    QCOMPARE(m_scans->attachedTo(id).size(), 1);
    QVERIFY(m_scans->remove(m_office.clerk, id, u"surat-kelahiran"_s, first->sha256).ok());
    QCOMPARE(storedFiles().size(), before);
    QCOMPARE(m_scans->read(*m_key, first->sha256).error().code, u"scan_io"_s);
}

void TestScans::fileOnDiskHoldsNoPlainText()
{
    const qint64 id = draft(m_office.clerk);
    const QByteArray content = pdf(kMarker + "-rahasia");
    const Result<AttachedScan> attached =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(u"akta.pdf"_s, content));
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    QFile stored(ScanStore::pathOf(m_office.dir.path(), attached->sha256));
    QVERIFY(stored.open(QIODevice::ReadOnly));
    const QByteArray onDisk = stored.readAll();
    QVERIFY(onDisk.startsWith("SIPSCAN1"));
    QVERIFY(!onDisk.contains(kMarker));
    QVERIFY(!onDisk.contains("%PDF"));
    QCOMPARE(onDisk.size(), content.size() + 8 + 24 + 16);
}

void TestScans::changedFileIsRefusedOnRead_data()
{
    QTest::addColumn<int>("offset");
    QTest::newRow("magic") << 0;
    QTest::newRow("nonce") << 10;
    QTest::newRow("content") << 40;
    QTest::newRow("tag") << -1;
}

void TestScans::changedFileIsRefusedOnRead()
{
    QFETCH(int, offset);

    const qint64 id = draft(m_office.clerk);
    const QByteArray content = png(QByteArray::number(offset) + "-flip");
    const Result<AttachedScan> attached =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(u"flip.png"_s, content));
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    QFile stored(ScanStore::pathOf(m_office.dir.path(), attached->sha256));
    QVERIFY(stored.open(QIODevice::ReadWrite));
    QByteArray bytes = stored.readAll();
    const int at = offset < 0 ? int(bytes.size()) - 1 : offset;
    bytes[at] = char(bytes.at(at) ^ 0x01);
    QVERIFY(stored.seek(0));
    QCOMPARE(stored.write(bytes), bytes.size());
    stored.close();

    const Result<QByteArray> read = m_scans->read(*m_key, attached->sha256);
    QCOMPARE(read.error().code, u"scan_damaged"_s);
    QVERIFY(read.errorMessage().contains(u"changed on disk"_s));
}

void TestScans::onlyTheCapturingClerkOfAnEditableApplication_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("requirement");
    QTest::addColumn<QString>("code");

    QTest::newRow("another clerk") << u"budi"_s << u"draft"_s << u"kk"_s << u"not_editable"_s;
    QTest::newRow("supervisor") << u"kasi"_s << u"draft"_s << u"kk"_s << u"forbidden"_s;
    QTest::newRow("IT operator") << u"it"_s << u"draft"_s << u"kk"_s << u"forbidden"_s;
    QTest::newRow("submitted") << u"siti"_s << u"submitted"_s << u"kk"_s << u"not_editable"_s;
    QTest::newRow("approved") << u"siti"_s << u"approved"_s << u"kk"_s << u"not_editable"_s;
    QTest::newRow("not a requirement")
        << u"siti"_s << u"draft"_s << u"ijazah"_s << u"unknown_requirement"_s;
    QTest::newRow("returned") << u"siti"_s << u"returned"_s << u"kk"_s << QString();
}

void TestScans::onlyTheCapturingClerkOfAnEditableApplication()
{
    QFETCH(QString, who);
    QFETCH(QString, state);
    QFETCH(QString, requirement);
    QFETCH(QString, code);

    const qint64 id = draft(m_office.clerk);
    if (state != "draft"_L1)
        QVERIFY(m_office.store->submit(m_office.clerk, id, true).ok());
    if (state == "approved"_L1)
        QVERIFY(m_office.store->approve(m_office.supervisor, id).ok());
    if (state == "returned"_L1)
        QVERIFY(m_office.store->returnToClerk(m_office.supervisor, id, u"foto buram"_s).ok());
    const QList<User> users = {m_office.clerk, m_office.otherClerk, m_office.supervisor,
                               m_office.admin};
    const auto user =
        std::find_if(users.cbegin(), users.cend(), [&](const User& u) { return u.name == who; });
    QVERIFY(user != users.cend());

    const Result<AttachedScan> attached = m_scans->attach(
        *m_key, *user, id, requirement, write(u"ktp_%1.jpg"_s.arg(who), jpeg(who.toUtf8())));
    if (code.isEmpty()) {
        QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
        return;
    }
    QCOMPARE(attached.error().code, code);
    QCOMPARE(m_scans->attachedTo(id).size(), 0);
}

void TestScans::attachAndRemoveAreAudited()
{
    const qint64 id = draft(m_office.clerk);
    const QString name = u"ktp_ayah_1904010607610123_😀.jpg"_s;
    const Result<AttachedScan> attached =
        m_scans->attach(*m_key, m_office.clerk, id, u"kk"_s, write(name, jpeg("audit")));
    QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
    QVERIFY(m_scans->remove(m_office.clerk, id, u"kk"_s, attached->sha256).ok());

    AuditLog audit(*m_office.database, m_office.clock);
    const QList<AuditEntry> entries = audit.forApplication(m_office.store->find(id)->uuid);
    QStringList scanEntries;
    for (const AuditEntry& entry : entries) {
        if (entry.action.startsWith("scan_"_L1))
            scanEntries.append(entry.action + u' ' + entry.userName + u' ' + entry.detail);
    }
    const QString masked =
        u"kk: ktp_ayah_"_s + maskIdentityNumber(u"1904010607610123"_s) + u"_😀.jpg"_s;
    QCOMPARE(scanEntries,
             QStringList({u"scan_attached siti "_s + masked, u"scan_removed siti "_s + masked}));
    QVERIFY(!scanEntries.join(u' ').contains(u"1904010607610123"_s));
    QVERIFY(audit.verify().ok());
}

void TestScans::keyIsInTheKeychainOnly()
{
    const std::optional<Result<QString>> stored = readSecret(keychainEntry());
    QVERIFY(stored && stored->ok());
    QCOMPARE(**stored, m_key->toText());
    QCOMPARE(m_key->bytes().size(), ScanKey::kBytes);

    QDirIterator it(m_office.dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(m_key->bytes()), qPrintable(file.fileName()));
        QVERIFY2(!bytes.contains(m_key->toText().toLatin1()), qPrintable(file.fileName()));
        ++files;
    }
    QVERIFY(files > 2);
}

// A fresh key would open none of the stored scans, so the loss is reported, not covered up.
void TestScans::lostKeyIsNotReplacedWhileScansExist()
{
    TestOffice office;
    QVERIFY(office.setUp());
    ScanStore scans(*office.database, *office.store, Catalogue::builtIn(), office.clock);
    const std::optional<Result<ScanKey>> key = loadScanKey(*office.database);
    QVERIFY(key && key->ok());
    const qint64 id = office.store->saveDraft(office.clerk, birthCertificate())->id;
    QVERIFY(scans.attach(key->value(), office.clerk, id, u"kk"_s, write(u"a.pdf"_s, pdf())).ok());

    const QString entry = ScanKey::keychainKey(*office.database);
    QVERIFY(removeSecret(entry).value_or(Error{}).ok());
    const std::optional<Result<ScanKey>> lost = loadScanKey(*office.database);
    QVERIFY(lost);
    QCOMPARE(lost->error().code, u"scan_key_missing"_s);
    QCOMPARE(readSecret(entry)->error().code, u"not_enrolled"_s);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestScans)
#include "tst_scans.moc"
