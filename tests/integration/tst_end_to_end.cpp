#include "CtlProcess.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <qt6keychain/keychain.h>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;
using sipelanduk::test::ctlEnvironment;
using sipelanduk::test::Outcome;
using sipelanduk::test::runCtl;
using sipelanduk::test::runPusat;
using sipelanduk::test::TestCentralDatabase;

namespace {

const QString kBinaryDir = QStringLiteral(SIPELANDUK_BINARY_DIR);

// Koba's villages and kelurahan, as in the region table.
const QStringList kKobaVillages = {
    u"19.04.01.1001"_s, u"19.04.01.1002"_s, u"19.04.01.1017"_s, u"19.04.01.1018"_s,
    u"19.04.01.1019"_s, u"19.04.01.2003"_s, u"19.04.01.2005"_s, u"19.04.01.2006"_s,
    u"19.04.01.2007"_s, u"19.04.01.2008"_s, u"19.04.01.2010"_s,
};

} // namespace

// The whole path through real programs: a central server on loopback, an office PC set up and
// driven through sipelanduk-ctl, the device token in the session's keychain.
class TestEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void setUpTheOffice();
    void enrolWithAOneTimeCode();
    void captureTwentyApplications();
    void approveAndSync();
    void statusComesBack();
    void syncAgainStoresNothingTwice();
    void secretsStayOutOfFilesAndLogs();
    void auditAnswersForOnePerson();
    void encryptedDiskCanBeRequired();

private:
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {},
                const QByteArray& input = {});
    Outcome pusat(const QStringList& arguments);
    int centralCount(const QString& sql);
    QJsonObject ctlJson(const QStringList& arguments, const QByteArray& password = {});
    QByteArray importFile();
    QByteArray serverOutput();

    QTemporaryDir m_dir;
    TestCentralDatabase m_central;
    QString m_dataDir;
    QString m_centralDb;
    QProcess m_server;
    QString m_serverUrl;
    QStringList m_numbers;
    QList<QByteArray> m_identityNumbers;
    QByteArray m_serverLog;
};

Outcome TestEndToEnd::ctl(const QStringList& arguments, const QByteArray& password,
                          const QByteArray& input)
{
    QProcessEnvironment environment = ctlEnvironment();
    // The office PC is in eastern Indonesia (UTC+9), the server in UTC (case 1).
    environment.insert(u"TZ"_s, u"Asia/Jayapura"_s);
    // Every category at its most verbose: whatever a log could ever hold, this run writes.
    environment.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    return runCtl(m_dataDir, arguments, password, environment, input);
}

Outcome TestEndToEnd::pusat(const QStringList& arguments)
{
    return runPusat(m_centralDb, arguments);
}

QJsonObject TestEndToEnd::ctlJson(const QStringList& arguments, const QByteArray& password)
{
    const Outcome outcome = ctl(arguments + QStringList{u"--json"_s}, password);
    if (outcome.exitCode != 0)
        qWarning("%s", qPrintable(outcome.err));
    return QJsonDocument::fromJson(outcome.out.toUtf8()).object();
}

int TestEndToEnd::centralCount(const QString& sql)
{
    return int(m_central.count(sql));
}

void TestEndToEnd::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/test.sh, which starts a D-Bus session with an unlocked keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    m_dataDir = m_dir.filePath(u"kantor-koba"_s);
    const QString created = m_central.create(m_dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();

    m_server.setProgram(kBinaryDir + u"/server/sipelanduk-pusat"_s);
    m_server.setArguments({u"--db"_s, m_centralDb, u"--listen"_s, u"127.0.0.1:0"_s});
#ifdef Q_OS_LINUX
    // The server goes with the test, also when a failed assertion aborts it.
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    QProcessEnvironment serverEnvironment = QProcessEnvironment::systemEnvironment();
    serverEnvironment.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    m_server.setProcessEnvironment(serverEnvironment);
    m_server.setStandardErrorFile(m_dir.filePath(u"pusat.log"_s));
    m_server.start();
    QVERIFY(m_server.waitForStarted(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 15'000);
    const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(u"(http://127\\.0\\.0\\.1:\\d+)"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_serverUrl = match.captured(1);
}

void TestEndToEnd::cleanupTestCase()
{
    m_server.terminate();
    m_server.waitForFinished(10'000);
    m_central.drop();
}

QByteArray TestEndToEnd::serverOutput()
{
    QFile log(m_dir.filePath(u"pusat.log"_s));
    m_serverLog = log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    return m_serverLog;
}

void TestEndToEnd::setUpTheOffice()
{
    Outcome init = ctl({u"init"_s, u"--office"_s, u"19.04.01"_s, u"--admin"_s, u"operator"_s},
                       "rahasia-operator");
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    QVERIFY(init.out.contains(u"19.04.01 Koba"_s));

    const Outcome clerk = ctl({u"add-user"_s, u"siti"_s, u"--role"_s, u"clerk"_s}, {},
                              "rahasia-operator\nrahasia-siti\n");
    QVERIFY2(clerk.exitCode == 0, qPrintable(clerk.err));
    const Outcome supervisor = ctl({u"add-user"_s, u"kasi"_s, u"--role"_s, u"supervisor"_s}, {},
                                   "rahasia-operator\nrahasia-kasi\n");
    QVERIFY2(supervisor.exitCode == 0, qPrintable(supervisor.err));

    const Outcome wrong =
        ctl({u"add-user"_s, u"budi"_s, u"--role"_s, u"clerk"_s}, {}, "salah-sandi\nrahasia-budi\n");
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY(wrong.err.contains(u"password is wrong"_s));

    const QString regionFile =
        QStringLiteral(SIPELANDUK_SHARED_DIR) + u"/data/wilayah/wilayah_kepmendagri_2025.csv"_s;
    const Outcome byClerk =
        ctl({u"import-regions"_s, regionFile, u"--as"_s, u"siti"_s}, "rahasia-siti");
    QCOMPARE(byClerk.exitCode, 1);
    QVERIFY2(byClerk.err.contains(u"siti is signed in as Counter clerk, who may not do this; it "
                                  u"is work for: IT operator. Sign in with such an account.\n"_s),
             qPrintable(byClerk.err));
    const Outcome regions =
        ctl({u"import-regions"_s, regionFile, u"--as"_s, u"operator"_s}, "rahasia-operator");
    QVERIFY2(regions.exitCode == 0, qPrintable(regions.err));
    QVERIFY(regions.out.contains(u"91599"_s));
}

void TestEndToEnd::enrolWithAOneTimeCode()
{
    const Outcome notYet = ctl({u"sync"_s});
    QCOMPARE(notYet.exitCode, 1);
    QVERIFY(notYet.err.contains(u"not enrolled"_s));

    const Outcome code = pusat({u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY2(code.exitCode == 0, qPrintable(code.err));
    const QString oneTimeCode = code.out.trimmed();
    QVERIFY(!oneTimeCode.isEmpty());

    const QStringList enrol = {u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s, oneTimeCode};
    const Outcome byClerk = ctl(enrol + QStringList{u"--as"_s, u"siti"_s}, "rahasia-siti");
    QCOMPARE(byClerk.exitCode, 1);
    const Outcome enrolled = ctl(enrol + QStringList{u"--as"_s, u"operator"_s}, "rahasia-operator");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));

    // The same PC may present its code again soon after (its answer may have been lost): the
    // token is renewed, and the one kept before stops working. Other PCs cannot use the code.
    const Outcome again = ctl(enrol + QStringList{u"--as"_s, u"operator"_s}, "rahasia-operator");
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const Outcome synced = ctl({u"sync"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
}

QByteArray TestEndToEnd::importFile()
{
    QJsonArray applications;
    for (int i = 0; i < 20; ++i) {
        const int day = 1 + i;
        // Women's NIKs carry the day of birth plus 40.
        const QString motherNik =
            u"190401"_s + QString::number(day + 40) + u"0889"_s + QString::number(1000 + i);
        const QString familyCard = u"19040115052"_s + QString::number(10001 + i);
        const QString reporterNik = u"1904010101850"_s + QString::number(100 + i);
        applications.append(QJsonObject{
            {u"service"_s, u"akta-kelahiran"_s},
            {u"fields"_s,
             QJsonObject{{u"child.name"_s, i == 0 ? u"Ma'ruf"_s : u"Anak Koba %1"_s.arg(i)},
                         {u"child.nik"_s, QJsonValue::Null},
                         {u"child.sex"_s, i % 2 ? u"2"_s : u"1"_s},
                         {u"child.birthPlace"_s, u"Koba"_s},
                         {u"child.birthDate"_s, u"2022-02-01"_s},
                         {u"child.village"_s, kKobaVillages.at(i % kKobaVillages.size())},
                         {u"family.kk"_s, familyCard},
                         {u"mother.name"_s, u"Ibu %1"_s.arg(i)},
                         {u"mother.nik"_s, motherNik},
                         {u"reporter.name"_s, u"Ayah %1"_s.arg(i)},
                         {u"reporter.nik"_s, reporterNik},
                         {u"reporter.relation"_s, u"ayah"_s}}},
            {u"requirements"_s,
             QJsonArray{u"surat-kelahiran"_s, u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s}},
            // Born in 2022: a late report that the clerk confirmed at the counter.
            {u"confirmWarnings"_s, true},
        });
    }
    for (const QJsonValue& value : std::as_const(applications)) {
        const QJsonObject fields = value.toObject().value(u"fields"_s).toObject();
        for (const char* key : {"mother.nik", "reporter.nik", "family.kk"})
            m_identityNumbers.append(fields.value(QLatin1String(key)).toString().toUtf8());
    }
    return QJsonDocument(QJsonObject{{u"format"_s, u"sipelanduk-applications"_s},
                                     {u"version"_s, 1},
                                     {u"applications"_s, applications}})
        .toJson();
}

void TestEndToEnd::captureTwentyApplications()
{
    const QString path = m_dir.filePath(u"permohonan.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(importFile());
    file.close();

    const Outcome wrongRole =
        ctl({u"import-applications"_s, path, u"--as"_s, u"kasi"_s}, "rahasia-kasi");
    QCOMPARE(wrongRole.exitCode, 1);

    const Outcome imported =
        ctl({u"import-applications"_s, path, u"--as"_s, u"siti"_s, u"--json"_s}, "rahasia-siti");
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    const QJsonArray numbers = QJsonDocument::fromJson(imported.out.toUtf8())
                                   .object()
                                   .value(u"registrationNumbers"_s)
                                   .toArray();
    QCOMPARE(numbers.size(), 20);
    for (const QJsonValue& number : numbers)
        m_numbers.append(number.toString());
    QVERIFY(m_numbers.first().startsWith(u"190401-"_s));
}

void TestEndToEnd::approveAndSync()
{
    const Outcome approved = ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s}, "rahasia-kasi");
    QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));
    QVERIFY(approved.out.contains(u"20"_s));

    const QJsonObject report = ctlJson({u"sync"_s});
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"batchesSent"_s).toInt(), 1);
    QCOMPARE(report.value(u"accepted"_s).toInt(), 20);
    QCOMPARE(report.value(u"rejected"_s).toInt(), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), 20);
    // The date of birth is a date: captured at UTC+9, it reads the same on the server (case 1).
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications WHERE "_s +
                          TestCentralDatabase::jsonField(u"content"_s, u"child.birthDate"_s) +
                          u" = '2022-02-01'"_s),
             20);
    // The name arrives exactly as written at the counter (case 6).
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications WHERE "_s +
                          TestCentralDatabase::jsonField(u"content"_s, u"child.name"_s) +
                          u" = 'Ma''ruf'"_s),
             1);
}

void TestEndToEnd::statusComesBack()
{
    QCOMPARE(m_numbers.size(), 20);
    for (const QString& number : {m_numbers.at(0), m_numbers.at(1)}) {
        const Outcome set = pusat({u"set-status"_s, number, u"completed"_s});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
    }
    const QJsonObject report = ctlJson({u"sync"_s});
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"statusChanges"_s).toInt(), 2);

    const QJsonArray applications = ctlJson({u"status"_s}).value(u"applications"_s).toArray();
    QCOMPARE(applications.size(), 20);
    QMap<QString, int> states;
    for (const QJsonValue& value : applications) {
        const QJsonObject application = value.toObject();
        states[application.value(u"state"_s).toString()]++;
        if (application.value(u"registrationNumber"_s).toString() == m_numbers.at(0))
            QCOMPARE(application.value(u"state"_s).toString(), u"completed"_s);
    }
    QCOMPARE(states.value(u"completed"_s), 2);
    QCOMPARE(states.value(u"accepted"_s), 18);

    // The resident collects the first document; the status says so, with the day.
    const Outcome handedOver =
        ctl({u"hand-over"_s, m_numbers.at(0), u"--as"_s, u"siti"_s}, "rahasia-siti");
    QVERIFY2(handedOver.exitCode == 0, qPrintable(handedOver.err));
    const QString today = QDateTime::currentDateTimeUtc()
                              .toTimeZone(QTimeZone("Asia/Jayapura"))
                              .date()
                              .toString(u"dd-MM-yyyy"_s);
    const Outcome shown = ctl({u"status"_s});
    QVERIFY2(shown.out.contains(m_numbers.at(0) + u"  akta-kelahiran  Completed, handed over "_s +
                                today),
             qPrintable(shown.out));
    QVERIFY2(shown.out.contains(m_numbers.at(1) + u"  akta-kelahiran  Completed\n"_s),
             qPrintable(shown.out));
    const QJsonArray after = ctlJson({u"status"_s}).value(u"applications"_s).toArray();
    for (const QJsonValue& value : after) {
        const QJsonObject application = value.toObject();
        const bool first = application.value(u"registrationNumber"_s).toString() == m_numbers.at(0);
        QCOMPARE(application.value(u"handedOverAt"_s).isString(), first);
    }
}

void TestEndToEnd::syncAgainStoresNothingTwice()
{
    const QJsonObject report = ctlJson({u"sync"_s});
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"batchesSent"_s).toInt(), 0);
    QCOMPARE(report.value(u"statusChanges"_s).toInt(), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), 20);
    QCOMPARE(centralCount(u"SELECT count(*) FROM batches"_s), 1);
    QCOMPARE(centralCount(u"SELECT count(DISTINCT registration_number) FROM applications"_s), 20);
}

void TestEndToEnd::secretsStayOutOfFilesAndLogs()
{
    QString installId;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"client-check"_s);
        db.setDatabaseName(QDir(m_dataDir).filePath(u"sipelanduk.sqlite"_s));
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT value FROM setting WHERE key = 'install.id'"_s) &&
                query.next());
        installId = query.value(0).toString();
    }
    QSqlDatabase::removeDatabase(u"client-check"_s);

    auto* job = new QKeychain::ReadPasswordJob(u"Sipelanduk Desktop"_s);
    job->setKey(u"device-token/"_s + installId);
    QSignalSpy done(job, &QKeychain::Job::finished);
    job->start();
    QVERIFY(done.wait(10'000));
    QCOMPARE(job->error(), QKeychain::NoError);
    const QByteArray token = job->textData().toUtf8();
    QVERIFY(token.size() >= 32);

    // The device token is in the keychain and in no file of the data folder: not in the
    // database, its journal, the settings or the logs, although every run logged at debug level.
    QDirIterator files(m_dataDir, QDir::Files, QDirIterator::Subdirectories);
    int logFiles = 0;
    int checked = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(token), qPrintable(file.fileName()));
        ++checked;
        if (!file.fileName().contains(u"/logs/"_s))
            continue;
        ++logFiles;
        QVERIFY(content.contains("sipelanduk.sync"));
        // No full NIK or KK number of the twenty applications reached a log.
        for (const QByteArray& number : std::as_const(m_identityNumbers))
            QVERIFY2(!content.contains(number), number.constData());
    }
    QVERIFY(checked >= 3);
    QCOMPARE(logFiles, 1);
    serverOutput();
    QVERIFY(m_serverLog.contains("sipelanduk.server"));
    QVERIFY(!m_serverLog.contains(token));
    for (const QByteArray& number : std::as_const(m_identityNumbers))
        QVERIFY2(!m_serverLog.contains(number), number.constData());
}

void TestEndToEnd::auditAnswersForOnePerson()
{
    const QJsonObject verified =
        ctlJson({u"audit"_s, u"verify"_s, u"--as"_s, u"operator"_s}, "rahasia-operator");
    QCOMPARE(verified.value(u"ok"_s).toBool(), true);
    QVERIFY(verified.value(u"entries"_s).toInt() >= 80);

    // The first application's mother; her NIK is in no other application.
    const QString nik = QString::fromUtf8(m_identityNumbers.first());
    const QString out = m_dir.filePath(u"laporan"_s);
    const Outcome report =
        ctl({u"audit"_s, u"person"_s, nik, u"--out"_s, out, u"--as"_s, u"operator"_s},
            "rahasia-operator");
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    const QStringList files = QDir(out).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 2);
    QFile csv(QDir(out).filePath(files.at(0)));
    QFile pdf(QDir(out).filePath(files.at(1)));
    QVERIFY(csv.open(QIODevice::ReadOnly) && pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    const QByteArray rows = csv.readAll();
    QVERIFY(rows.contains(m_numbers.first().toUtf8()));
    QVERIFY(!rows.contains(m_numbers.at(1).toUtf8()));
    // A header, then: captured, submitted, approved, sent (accepted), status completed, handed
    // over.
    QCOMPARE(rows.count("\r\n"), 1 + 6);
    QVERIFY2(rows.contains("\"siti\",\"handed over\""), rows.constData());
}

void TestEndToEnd::encryptedDiskCanBeRequired()
{
    const QStringList rule = {u"encrypted-disk"_s, u"--as"_s, u"operator"_s};
    const Outcome shown = ctl(rule, "rahasia-operator");
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    QVERIFY(shown.out.contains(u"optional"_s));
    if (shown.out.contains(u"disk is encrypted"_s))
        QSKIP("the test folder is on an encrypted disk; the refusal cannot be shown here");

    QCOMPARE(
        ctl({u"encrypted-disk"_s, u"required"_s, u"--as"_s, u"siti"_s}, "rahasia-siti").exitCode,
        1);
    QCOMPARE(ctl({u"encrypted-disk"_s, u"required"_s, u"--as"_s, u"operator"_s}, "rahasia-operator")
                 .exitCode,
             0);
    const Outcome refused = ctl({u"status"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"not encrypted"_s), qPrintable(refused.err));

    QCOMPARE(ctl({u"encrypted-disk"_s, u"optional"_s, u"--as"_s, u"operator"_s}, "rahasia-operator")
                 .exitCode,
             0);
    QCOMPARE(ctl({u"status"_s}).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_end_to_end.moc"
