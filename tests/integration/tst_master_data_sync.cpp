#include "CtlProcess.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"

#include "sync/Protocol.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sipelanduk::test::ctlEnvironment;
using sipelanduk::test::Outcome;
using sipelanduk::test::PusatProcess;
using sipelanduk::test::runCtl;
using sipelanduk::test::runPusat;

namespace {

const QString kRenamedVillage = u"19.04.01.1002"_s;
const QString kOldName = u"Arung Dalam"_s;
const QString kNewName = u"Arung Dalam Raya"_s;
const QString kRetiredService = u"ktp-el-hilang"_s;
constexpr qint64 kTwoHours = 2 * 60 * 60;

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A lost KTP-el of a man of Koba born on `day` January 1985; each day is another person.
QJsonObject lostIdentityCard(int day, const QString& village = kRenamedVillage)
{
    const QString dd = u"%1"_s.arg(day, 2, 10, QLatin1Char('0'));
    return {{u"service"_s, kRetiredService},
            {u"fields"_s,
             QJsonObject{{u"person.name"_s, u"Warga Koba %1"_s.arg(day)},
                         {u"person.nik"_s, QString(u"190401"_s + dd + u"01850%1"_s.arg(100 + day))},
                         {u"person.sex"_s, u"1"_s},
                         {u"person.birthPlace"_s, u"Koba"_s},
                         {u"person.birthDate"_s, QString(u"1985-01-"_s + dd)},
                         {u"person.village"_s, village},
                         {u"family.kk"_s, u"19040115052%1"_s.arg(10000 + day)}}},
            {u"requirements"_s, QJsonArray{u"surat-kehilangan"_s, u"kk"_s}},
            {u"confirmWarnings"_s, true}};
}

QJsonObject birthCertificate(int serial)
{
    return {{u"service"_s, u"akta-kelahiran"_s},
            {u"fields"_s, QJsonObject{{u"child.name"_s, u"Anak Arung %1"_s.arg(serial)},
                                      {u"child.nik"_s, QJsonValue::Null},
                                      {u"child.sex"_s, u"2"_s},
                                      {u"child.birthPlace"_s, u"Koba"_s},
                                      {u"child.birthDate"_s, u"2022-02-01"_s},
                                      {u"child.village"_s, kRenamedVillage},
                                      {u"family.kk"_s, u"19040115052%1"_s.arg(20000 + serial)},
                                      {u"mother.name"_s, u"Ibu %1"_s.arg(serial)},
                                      {u"mother.nik"_s, u"19040141088%1"_s.arg(90000 + serial)},
                                      {u"reporter.name"_s, u"Ayah %1"_s.arg(serial)},
                                      {u"reporter.nik"_s, u"19040101018%1"_s.arg(50000 + serial)},
                                      {u"reporter.relation"_s, u"ayah"_s}}},
            {u"requirements"_s,
             QJsonArray{u"surat-kelahiran"_s, u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s}},
            {u"confirmWarnings"_s, true}};
}

} // namespace

// Cases 9 and 10 through the real programs: sipelanduk-pusat publishes new master data while a
// batch waits on the office PC, and the PC's clock is two hours fast.
class TestMasterDataSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void setUpAndEnrol();
    void workWaitsWhileTheServerMovesOn();
    void brokenFileIsNotPublished();
    void waitingBatchIsAcceptedAndTheListsArePulled();
    void applicationCapturedBeforeGoesThrough();
    void newApplicationsUseTheNewLists();
    void masterDataCommandShowsVersionsAndChanges();
    void pulledFileThatFailsItsCheckIsRefused();
    void clockTwoHoursFastIsToldAndSyncWorks();

private:
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {},
                const QByteArray& input = {}, qint64 clockOffset = 0);
    Outcome pusat(const QStringList& arguments);
    QJsonObject syncReport(qint64 clockOffset = 0, Outcome* outcome = nullptr);
    QStringList import(const QJsonArray& applications, qint64 clockOffset = 0);
    bool approveAll(qint64 clockOffset = 0);
    QString writeFile(const QString& name, const QByteArray& content);
    int central(const QString& sql);
    QString clientRegionName(const QString& code);

    QTemporaryDir m_dir;
    QString m_dataDir;
    sipelanduk::test::TestCentralDatabase m_central;
    QString m_centralDb;
    PusatProcess m_server;
    QString m_serverUrl;
    QStringList m_waiting;
};

Outcome TestMasterDataSync::ctl(const QStringList& arguments, const QByteArray& password,
                                const QByteArray& input, qint64 clockOffset)
{
    QProcessEnvironment environment = ctlEnvironment();
    if (clockOffset != 0)
        environment.insert(u"SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS"_s, QString::number(clockOffset));
    return runCtl(m_dataDir, arguments, password, environment, input);
}

Outcome TestMasterDataSync::pusat(const QStringList& arguments)
{
    return runPusat(m_centralDb, arguments);
}

QJsonObject TestMasterDataSync::syncReport(qint64 clockOffset, Outcome* outcome)
{
    const Outcome done = ctl({u"sync"_s, u"--json"_s}, {}, {}, clockOffset);
    if (outcome)
        *outcome = done;
    if (done.exitCode != 0)
        qWarning("%s", qPrintable(done.err));
    return QJsonDocument::fromJson(done.out.toUtf8()).object();
}

QStringList TestMasterDataSync::import(const QJsonArray& applications, qint64 clockOffset)
{
    const QString path = writeFile(
        u"permohonan.json"_s, QJsonDocument(QJsonObject{{u"format"_s, u"sipelanduk-applications"_s},
                                                        {u"version"_s, 1},
                                                        {u"applications"_s, applications}})
                                  .toJson());
    const Outcome imported =
        ctl({u"import-applications"_s, path, u"--as"_s, u"siti"_s, u"--json"_s}, "rahasia-siti", {},
            clockOffset);
    if (imported.exitCode != 0) {
        qWarning("%s", qPrintable(imported.err));
        return {};
    }
    QStringList numbers;
    const QJsonArray list = QJsonDocument::fromJson(imported.out.toUtf8())
                                .object()
                                .value(u"registrationNumbers"_s)
                                .toArray();
    for (const QJsonValue& number : list)
        numbers.append(number.toString());
    return numbers;
}

bool TestMasterDataSync::approveAll(qint64 clockOffset)
{
    const Outcome approved =
        ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s}, "rahasia-kasi", {}, clockOffset);
    if (approved.exitCode != 0)
        qWarning("%s", qPrintable(approved.err));
    return approved.exitCode == 0;
}

QString TestMasterDataSync::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
    return path;
}

int TestMasterDataSync::central(const QString& sql)
{
    return int(m_central.count(sql));
}

QString TestMasterDataSync::clientRegionName(const QString& code)
{
    QString name;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"client-check"_s);
        db.setDatabaseName(QDir(m_dataDir).filePath(u"sipelanduk.sqlite"_s));
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(u"SELECT name FROM region WHERE code = ?"_s);
            query.addBindValue(code);
            if (query.exec() && query.next())
                name = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(u"client-check"_s);
    return name;
}

void TestMasterDataSync::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session with a keyring");
    using sipelanduk::test::TestCentralDatabase;
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    m_dataDir = m_dir.filePath(u"kantor-koba"_s);
    const QString created = m_central.create(m_dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();

    m_serverUrl = m_server.start(m_centralDb, m_dir.filePath(u"pusat.log"_s));
    QVERIFY2(!m_serverUrl.isEmpty(), "sipelanduk-pusat did not start; see pusat.log");
}

void TestMasterDataSync::cleanupTestCase()
{
    m_server.stop();
}

void TestMasterDataSync::setUpAndEnrol()
{
    const Outcome init = ctl({u"init"_s, u"--office"_s, u"19.04.01"_s, u"--admin"_s, u"operator"_s},
                             "rahasia-operator");
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    for (const auto& [name, role] : {std::pair{"siti", "clerk"}, std::pair{"kasi", "supervisor"}}) {
        const Outcome added =
            ctl({u"add-user"_s, QString::fromLatin1(name), u"--role"_s, QString::fromLatin1(role)},
                {}, "rahasia-operator\nrahasia-" + QByteArray(name) + "\n");
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    }
    const Outcome code = pusat({u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY2(code.exitCode == 0, qPrintable(code.err));
    const Outcome enrolled = ctl({u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s,
                                  code.out.trimmed(), u"--as"_s, u"operator"_s},
                                 "rahasia-operator");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
    QCOMPARE(clientRegionName(kRenamedVillage), kOldName);
}

// One lost KTP-el is approved and sealed in a batch; a second waits for its supervisor.
void TestMasterDataSync::workWaitsWhileTheServerMovesOn()
{
    const QStringList sealed = import({lostIdentityCard(1)});
    QCOMPARE(sealed.size(), 1);
    QVERIFY(approveAll());
    const QStringList submitted = import({lostIdentityCard(2)});
    QCOMPARE(submitted.size(), 1);
    m_waiting = sealed + submitted;

    // The central office retires the service and renames the village in the national table.
    QJsonObject catalogue =
        QJsonDocument::fromJson(readFile(QStringLiteral(SIPELANDUK_SOURCE_DIR) +
                                         u"/resources/catalogue/services.json"_s))
            .object();
    QJsonArray services = catalogue.value(u"services"_s).toArray();
    for (qsizetype i = 0; i < services.size(); ++i) {
        QJsonObject service = services.at(i).toObject();
        if (service.value(u"code"_s).toString() == kRetiredService) {
            service.insert(u"retired"_s, true);
            services.replace(i, service);
        }
    }
    catalogue.insert(u"services"_s, services);
    catalogue.insert(u"version"_s, 4);
    const Outcome published =
        pusat({u"publish"_s, u"catalogue"_s,
               writeFile(u"services-4.json"_s, QJsonDocument(catalogue).toJson())});
    QVERIFY2(published.exitCode == 0, qPrintable(published.err));
    QVERIFY2(published.out.contains(u"Published version 4 of the service catalogue (12 items)"_s),
             qPrintable(published.out));

    QByteArray regions = readFile(QStringLiteral(SIPELANDUK_SHARED_DIR) +
                                  u"/data/wilayah/wilayah_kepmendagri_2025.csv"_s);
    const QByteArray before = (kRenamedVillage + u',' + kOldName + u"\r\n"_s).toUtf8();
    QVERIFY(regions.contains(before));
    regions.replace(before, (kRenamedVillage + u',' + kNewName + u"\r\n"_s).toUtf8());
    const Outcome regionsPublished =
        pusat({u"publish"_s, u"regions"_s, writeFile(u"wilayah.csv"_s, regions), u"--json"_s});
    QVERIFY2(regionsPublished.exitCode == 0, qPrintable(regionsPublished.err));
    const QJsonObject answer = QJsonDocument::fromJson(regionsPublished.out.toUtf8()).object();
    QCOMPARE(answer.value(u"version"_s).toInt(), 1);
    QCOMPARE(answer.value(u"items"_s).toInt(), 91599);
    QCOMPARE(answer.value(u"sha256"_s).toString(), sipelanduk::protocol::sha256Hex(regions));
}

void TestMasterDataSync::brokenFileIsNotPublished()
{
    const Outcome refused =
        pusat({u"publish"_s, u"catalogue"_s,
               writeFile(u"broken.json"_s, R"({"version": 5, "services": [{"code": "kia"}]})")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"Nothing was published."_s), qPrintable(refused.err));
    QCOMPARE(central(u"SELECT max(version) FROM master_data WHERE kind = 'catalogue'"_s), 4);

    const Outcome unknown = pusat({u"publish"_s, u"villages"_s, writeFile(u"x.csv"_s, "x")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains(u"codelists, catalogue or regions"_s));
}

// The batch sealed under the old lists is accepted although its service is retired now (case 10).
void TestMasterDataSync::waitingBatchIsAcceptedAndTheListsArePulled()
{
    const QJsonObject report = syncReport();
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"batchesSent"_s).toInt(), 1);
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(report.value(u"rejected"_s).toInt(), 0);
    QCOMPARE(report.value(u"masterDataRefusals"_s).toArray(), QJsonArray());
    const QJsonArray changes = report.value(u"masterData"_s).toArray();
    QVERIFY(changes.contains(u"Service catalogue version 4 (before: 3), 12 services."_s));
    QVERIFY(
        changes.contains(u"Retired: ktp-el-hilang; no new application can be started for it."_s));
    QVERIFY(changes.contains(
        u"Region table version 1: 91599 regions; 91491 added, 0 removed, 1 renamed."_s));
    QVERIFY(changes.contains(u"Renamed: 19.04.01.1002 Arung Dalam is now Arung Dalam Raya."_s));

    QCOMPARE(central(u"SELECT count(*) FROM applications WHERE service = 'ktp-el-hilang' AND "
                     "catalogue_version = 3 AND registration_number = '"_s +
                     m_waiting.value(0) + u'\''),
             1);
    QCOMPARE(clientRegionName(kRenamedVillage), kNewName);

    // Nothing newer on the server: the next sync pulls nothing again.
    const QJsonObject again = syncReport();
    QCOMPARE(again.value(u"ok"_s).toBool(), true);
    QCOMPARE(again.value(u"masterData"_s).toArray(), QJsonArray());
}

// Captured under version 3 and approved under version 4: it keeps what it was captured with.
void TestMasterDataSync::applicationCapturedBeforeGoesThrough()
{
    QVERIFY(approveAll());
    const QJsonObject report = syncReport();
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(central(u"SELECT count(*) FROM applications WHERE service = 'ktp-el-hilang' AND "
                     "catalogue_version = 3"_s),
             2);
    QCOMPARE(central(u"SELECT count(*) FROM applications WHERE registration_number = '"_s +
                     m_waiting.value(1) + u"' AND status = 'accepted'"_s),
             1);
}

void TestMasterDataSync::newApplicationsUseTheNewLists()
{
    const QString path =
        writeFile(u"hilang.json"_s,
                  QJsonDocument(QJsonObject{{u"format"_s, u"sipelanduk-applications"_s},
                                            {u"version"_s, 1},
                                            {u"applications"_s, QJsonArray{lostIdentityCard(3)}}})
                      .toJson());
    const Outcome retired =
        ctl({u"import-applications"_s, path, u"--as"_s, u"siti"_s}, "rahasia-siti");
    QCOMPARE(retired.exitCode, 1);
    QVERIFY2(retired.err.contains(u"The service ktp-el-hilang is no longer offered"_s),
             qPrintable(retired.err));

    QCOMPARE(import({birthCertificate(1)}).size(), 1);
    QVERIFY(approveAll());
    const QJsonObject report = syncReport();
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(central(u"SELECT count(*) FROM applications WHERE service = 'akta-kelahiran' AND "
                     "catalogue_version = 4"_s),
             1);
    QCOMPARE(central(u"SELECT count(*) FROM applications"_s), 3);
}

void TestMasterDataSync::masterDataCommandShowsVersionsAndChanges()
{
    const Outcome shown = ctl({u"master-data"_s, u"--json"_s});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    const QJsonArray versions =
        QJsonDocument::fromJson(shown.out.toUtf8()).object().value(u"masterData"_s).toArray();
    QCOMPARE(versions.size(), 3);
    QCOMPARE(versions.at(0).toObject().value(u"kind"_s).toString(), u"codelists"_s);
    QCOMPARE(versions.at(0).toObject().value(u"pulled"_s).toBool(), false);
    QCOMPARE(versions.at(1).toObject().value(u"kind"_s).toString(), u"catalogue"_s);
    QCOMPARE(versions.at(1).toObject().value(u"version"_s).toInt(), 4);
    QCOMPARE(versions.at(1).toObject().value(u"pulled"_s).toBool(), true);
    QCOMPARE(versions.at(2).toObject().value(u"version"_s).toInt(), 1);
    QVERIFY(versions.at(2)
                .toObject()
                .value(u"changes"_s)
                .toArray()
                .contains(u"Renamed: 19.04.01.1002 Arung Dalam is now Arung Dalam Raya."_s));

    const Outcome text = ctl({u"master-data"_s});
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY2(text.out.contains(u"The code lists: version 1, built into the program."_s),
             qPrintable(text.out));
    QVERIFY(text.out.contains(u"The service catalogue: version 4 from the central server"_s));
    QVERIFY(text.out.contains(u"The region table: version 1 from the central server"_s));
    QVERIFY(text.out.contains(u"  Retired: ktp-el-hilang;"_s));

    const Outcome services = ctl({u"services"_s, u"--json"_s});
    QVERIFY2(services.exitCode == 0, qPrintable(services.err));
    const QJsonObject catalogue = QJsonDocument::fromJson(services.out.toUtf8()).object();
    QCOMPARE(catalogue.value(u"version"_s).toInt(), 4);
    int retired = 0;
    for (const QJsonValue& service : catalogue.value(u"services"_s).toArray()) {
        if (service.toObject().value(u"retired"_s).toBool()) {
            QCOMPARE(service.toObject().value(u"code"_s).toString(), kRetiredService);
            ++retired;
        }
    }
    QCOMPARE(retired, 1);
}

// A file the server took but this program cannot read, as from a newer server: refused, reported,
// and the lists in use stay.
void TestMasterDataSync::pulledFileThatFailsItsCheckIsRefused()
{
    QJsonObject catalogue =
        QJsonDocument::fromJson(readFile(QStringLiteral(SIPELANDUK_SOURCE_DIR) +
                                         u"/resources/catalogue/services.json"_s))
            .object();
    QJsonArray services = catalogue.value(u"services"_s).toArray();
    QJsonObject first = services.at(0).toObject();
    QJsonArray sections = first.value(u"sections"_s).toArray();
    QJsonObject section = sections.at(0).toObject();
    QJsonArray fields = section.value(u"fields"_s).toArray();
    fields.append(QJsonObject{{u"key"_s, u"head.fingerprint"_s}, {u"type"_s, u"fingerprint"_s}});
    section.insert(u"fields"_s, fields);
    sections.replace(0, section);
    first.insert(u"sections"_s, sections);
    services.replace(0, first);
    catalogue.insert(u"services"_s, services);
    catalogue.insert(u"version"_s, 5);
    const QByteArray content = QJsonDocument(catalogue).toJson(QJsonDocument::Compact);
    const QString inserted = m_central.execute(
        u"INSERT INTO master_data VALUES ('catalogue', 5, ?, ?, '2026-12-04T03:00:00.000Z')"_s,
        {QString::fromUtf8(content), sipelanduk::protocol::sha256Hex(content)});
    QVERIFY2(inserted.isEmpty(), qPrintable(inserted));

    Outcome outcome;
    const QJsonObject report = syncReport(0, &outcome);
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(report.value(u"masterData"_s).toArray(), QJsonArray());
    const QJsonArray refusals = report.value(u"masterDataRefusals"_s).toArray();
    QCOMPARE(refusals.size(), 1);
    QCOMPARE(refusals.at(0).toString(),
             u"Version 5 of the service catalogue from the central server was refused: The "
             "service catalogue has a service or field it cannot read. This PC keeps working "
             "with the version it has; tell the central office."_s);
    QVERIFY(outcome.err.contains(refusals.at(0).toString()));

    const Outcome shown = ctl({u"master-data"_s});
    QVERIFY(shown.out.contains(u"The service catalogue: version 4 from the central server"_s));
    QCOMPARE(import({birthCertificate(2)}).size(), 1);
}

// Case 9: the PC's clock is two hours fast. Work still goes out, the status still comes back by
// the server's cursor, and the operator is told in a sentence.
void TestMasterDataSync::clockTwoHoursFastIsToldAndSyncWorks()
{
    QVERIFY(approveAll(kTwoHours));
    const QString number = m_waiting.value(0);
    const Outcome set = pusat({u"set-status"_s, number, u"completed"_s});
    QVERIFY2(set.exitCode == 0, qPrintable(set.err));

    Outcome outcome;
    const QJsonObject report = syncReport(kTwoHours, &outcome);
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    // The new application's acceptance and the first one's completion, by the server's cursor.
    QCOMPARE(report.value(u"statusChanges"_s).toInt(), 2);
    const qint64 skew = report.value(u"clockSkewSeconds"_s).toInteger();
    QVERIFY2(skew > kTwoHours - 60 && skew < kTwoHours + 60, qPrintable(QString::number(skew)));
    QVERIFY2(outcome.err.contains(u"This PC's clock is 2 hours ahead of the central server's. "
                                  "Sync goes on, but set the PC's date and time right: receipts "
                                  "and registration numbers carry them.\n"_s),
             qPrintable(outcome.err));
    QVERIFY(outcome.err.contains(u"SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS shifts this run's "
                                 "clock by 7200 seconds."_s));

    const Outcome status = ctl({u"status"_s, u"--json"_s});
    const QJsonArray applications =
        QJsonDocument::fromJson(status.out.toUtf8()).object().value(u"applications"_s).toArray();
    bool completed = false;
    for (const QJsonValue& application : applications) {
        const QJsonObject object = application.toObject();
        if (object.value(u"registrationNumber"_s).toString() == number)
            completed = object.value(u"state"_s).toString() == "completed"_L1;
    }
    QVERIFY(completed);
    QCOMPARE(central(u"SELECT count(*) FROM applications"_s), 4);

    // With the clock right, nothing is said about it.
    const QJsonObject right = syncReport();
    QCOMPARE(right.value(u"ok"_s).toBool(), true);
    QVERIFY(right.value(u"clockSkewSeconds"_s).isNull());
}

QTEST_GUILESS_MAIN(TestMasterDataSync)
#include "tst_master_data_sync.moc"
