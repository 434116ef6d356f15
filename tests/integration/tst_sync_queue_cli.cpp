#include "CtlProcess.h"
#include "TestCentralDatabase.h"
#include "TestOffice.h"

#include "domain/ApplicationImport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kBinaryDir = QStringLiteral(SIPELANDUK_BINARY_DIR);

} // namespace

// sipelanduk-ctl sync and queue against a real sipelanduk-pusat: progress, the summary and each
// application that could not go, and case 7 of the field cases (1,500 approved applications
// waiting for the network) listed, sent in bounded batches and updated by the status pull.
class TestSyncQueueCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void failuresAreListedPerApplication();
    void manyPendingApplications();

private:
    void capture(int count);
    void startServer(quint16 port = 0);
    void stopServer();
    void enrol();
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {}) const;
    QJsonObject json(const QStringList& arguments) const;
    int centralCount(const QString& sql) const;

    std::unique_ptr<TestOffice> m_office;
    TestCentralDatabase m_central;
    std::unique_ptr<QProcess> m_server;
    QString m_centralDb;
    quint16 m_port = 0;
    QString m_tokenKey;
};

void TestSyncQueueCli::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
}

void TestSyncQueueCli::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    const QString created = m_central.create(m_office->dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();
    m_port = 0;
}

void TestSyncQueueCli::cleanup()
{
    stopServer();
    m_central.drop();
    m_office.reset();
}

// Captures and submits `count` applications in one import, approves them all, and closes the data
// folder again: one program at a time holds its lock.
void TestSyncQueueCli::capture(int count)
{
    QJsonArray applications;
    for (int i = 0; i < count; ++i) {
        const ApplicationInput input = birthCertificate(u"Anak %1"_s.arg(i));
        applications.append(
            QJsonObject{{u"service"_s, input.service},
                        {u"fields"_s, input.fields},
                        {u"requirements"_s, QJsonArray::fromStringList(input.requirements)},
                        {u"confirmWarnings"_s, true}});
    }
    const QJsonObject file{{u"format"_s, u"sipelanduk-applications"_s},
                           {u"version"_s, 1},
                           {u"applications"_s, applications}};
    const Result<ApplicationImport::Outcome> imported = ApplicationImport::run(
        *m_office->store, m_office->clerk, QJsonDocument(file).toJson(), true);
    QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
    QCOMPARE(imported->registrationNumbers.size(), count);
    const Result<int> approved = m_office->store->approveAll(m_office->supervisor);
    QVERIFY2(approved.ok(), qPrintable(approved.errorMessage()));
    QCOMPARE(*approved, count);
    m_tokenKey = u"device-token/"_s + m_office->database->setting(u"install.id"_s);
    m_office->store.reset();
    m_office->accounts.reset();
    m_office->regions.reset();
    m_office->database.reset();
}

void TestSyncQueueCli::startServer(quint16 port)
{
    m_server = std::make_unique<QProcess>();
    m_server->setProgram(kBinaryDir + u"/server/sipelanduk-pusat"_s);
    m_server->setArguments({u"--db"_s, m_centralDb, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)});
#ifdef Q_OS_LINUX
    m_server->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_server->setStandardErrorFile(m_office->dir.filePath(u"pusat.log"_s), QIODevice::Append);
    m_server->start();
    QVERIFY(m_server->waitForStarted(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->canReadLine(), 15'000);
    const QString line = QString::fromUtf8(m_server->readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(u"http://127\\.0\\.0\\.1:(\\d+)"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_port = quint16(match.captured(1).toUInt());
}

void TestSyncQueueCli::stopServer()
{
    if (!m_server)
        return;
    m_server->terminate();
    m_server->waitForFinished(10'000);
    m_server.reset();
}

void TestSyncQueueCli::enrol()
{
    QProcess issue;
    issue.start(kBinaryDir + u"/server/sipelanduk-pusat"_s,
                {u"--db"_s, m_centralDb, u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY(issue.waitForFinished(60'000));
    const QString code = QString::fromUtf8(issue.readAllStandardOutput()).trimmed();
    const Outcome enrolled = ctl({u"enrol"_s, u"--server"_s, u"http://127.0.0.1:%1"_s.arg(m_port),
                                  u"--code"_s, code, u"--as"_s, u"it"_s},
                                 "rahasia-it");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
}

Outcome TestSyncQueueCli::ctl(const QStringList& arguments, const QByteArray& password) const
{
    return runCtl(m_office->dir.path(), arguments, password);
}

QJsonObject TestSyncQueueCli::json(const QStringList& arguments) const
{
    const Outcome outcome = ctl(arguments + QStringList{u"--json"_s});
    if (outcome.exitCode != 0)
        qWarning("%s", qPrintable(outcome.err));
    return QJsonDocument::fromJson(outcome.out.toUtf8()).object();
}

int TestSyncQueueCli::centralCount(const QString& sql) const
{
    return int(m_central.count(sql));
}

void TestSyncQueueCli::failuresAreListedPerApplication()
{
    capture(2);
    startServer();
    enrol();
    const QJsonArray waiting = json({u"queue"_s}).value(u"items"_s).toArray();
    QCOMPARE(waiting.size(), 2);
    for (const QJsonValue& item : waiting)
        QCOMPARE(item[u"state"_s].toString(), u"waiting"_s);

    // The link is down: the run fails, says so per application, and both stay queued.
    stopServer();
    const Outcome failed = ctl({u"sync"_s});
    QCOMPARE(failed.exitCode, 1);
    for (const QJsonValue& item : waiting) {
        const QString number = item[u"registrationNumber"_s].toString();
        QVERIFY2(failed.out.contains(u"Not sent: "_s + number + u": "_s), qPrintable(failed.out));
    }
    QVERIFY2(failed.err.contains(u"could not be reached"_s), qPrintable(failed.err));
    const QJsonObject queue = json({u"queue"_s});
    QCOMPARE(queue[u"total"_s].toInt(), 2);
    QCOMPARE(queue[u"counts"_s][u"failed"_s].toInt(), 2);
    const QJsonArray items = queue[u"items"_s].toArray();
    for (const QJsonValue& item : items) {
        QCOMPARE(item[u"state"_s].toString(), u"failed"_s);
        QVERIFY2(item[u"reason"_s].toString().contains(u"could not be reached"_s),
                 qPrintable(item[u"reason"_s].toString()));
        QCOMPARE(item[u"attempts"_s].toInt(), 1);
    }

    // Back online: progress on standard error, the summary on standard output.
    startServer(m_port);
    const Outcome synced = ctl({u"sync"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
    QVERIFY2(synced.err.contains(u"2 of 2 application(s) answered by the server."_s),
             qPrintable(synced.err));
    QVERIFY2(synced.out.contains(u"Batches sent: 1; accepted: 2; rejected: 0"_s),
             qPrintable(synced.out));
    QVERIFY(!synced.out.contains(u"Not sent"_s));
    const Outcome listed = ctl({u"queue"_s});
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.out.count(u"accepted"_s), 2);
    QVERIFY2(listed.out.contains(u"Shown: 1 to 2 of 2 application(s) in the queue."_s),
             qPrintable(listed.out));

    const Outcome badLimit = ctl({u"queue"_s, u"--limit"_s, u"100000"_s});
    QCOMPARE(badLimit.exitCode, 1);
    QVERIFY2(badLimit.err.contains(u"--offset"_s), qPrintable(badLimit.err));
}

// Case 7: 1,500 approved applications wait for the network.
void TestSyncQueueCli::manyPendingApplications()
{
    constexpr int kPending = 1500;
    constexpr int kBatchSize = ApplicationStore::kBatchSize;
    capture(kPending);
    startServer();
    enrol();

    // Listed in pages, and the counts need no page at all.
    const QJsonObject first = json({u"queue"_s, u"--limit"_s, u"500"_s});
    QCOMPARE(first[u"total"_s].toInt(), kPending);
    QCOMPARE(first[u"counts"_s][u"waiting"_s].toInt(), kPending);
    QCOMPARE(first[u"items"_s].toArray().size(), 500);
    const QJsonObject last = json({u"queue"_s, u"--limit"_s, u"500"_s, u"--offset"_s, u"1400"_s});
    QCOMPARE(last[u"items"_s].toArray().size(), 100);
    QVERIFY(last[u"items"_s][0][u"registrationNumber"_s] !=
            first[u"items"_s][0][u"registrationNumber"_s]);

    const Outcome synced = ctl({u"sync"_s, u"--json"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
    const QJsonObject report = QJsonDocument::fromJson(synced.out.toUtf8()).object();
    QCOMPARE(report[u"batchesSent"_s].toInt(), (kPending + kBatchSize - 1) / kBatchSize);
    QCOMPARE(report[u"accepted"_s].toInt(), kPending);
    QCOMPARE(report[u"rejected"_s].toInt(), 0);
    QCOMPARE(report[u"statusChanges"_s].toInt(), kPending);
    QVERIFY2(synced.err.contains(u"%1 of %2 application(s)"_s.arg(kBatchSize).arg(kPending)),
             qPrintable(synced.err.left(2000)));
    QVERIFY(synced.err.contains(u"%1 of %1 application(s)"_s.arg(kPending)));

    // Both sides agree.
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), kPending);
    QCOMPARE(centralCount(u"SELECT count(*) FROM status_changes"_s), kPending);
    const QJsonObject after = json({u"queue"_s, u"--limit"_s, u"1"_s});
    QCOMPARE(after[u"total"_s].toInt(), kPending);
    QCOMPARE(after[u"counts"_s][u"accepted"_s].toInt(), kPending);
    QCOMPARE(after[u"counts"_s][u"waiting"_s].toInt(), 0);

    // Nothing goes twice.
    const QJsonObject again = json({u"sync"_s});
    QCOMPARE(again[u"batchesSent"_s].toInt(), 0);
    QCOMPARE(again[u"statusChanges"_s].toInt(), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), kPending);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncQueueCli)
#include "tst_sync_queue_cli.moc"
