#include "FaultProxy.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "sync/SyncClient.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#endif

Q_DECLARE_METATYPE(sipelanduk::test::FaultProxy::Rule)

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

using Fault = FaultProxy::Fault;

FaultProxy::Rule rule(Fault fault, int times, const QString& pathContains = u"/batches/"_s)
{
    FaultProxy::Rule rule;
    rule.fault = fault;
    rule.times = times;
    rule.pathContains = pathContains;
    return rule;
}

struct Run
{
    Status status;
    SyncReport report;
};

} // namespace

// Sync through a fault proxy in front of the real sipelanduk-pusat: a Wi-Fi login page (case 3),
// an answer lost after the server committed (case 5), 5xx and 429 on the way, stalls, cut answers
// and cut requests, and 1,500 applications with a fault in the middle (case 7). Whatever happens,
// nothing is marked as sent that the server did not answer for, and the server ends up with every
// application exactly once.
class TestSyncFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void captivePortalMarksNothingSent();
    void anotherServiceAtTheAddressIsSaid();
    void transientFaultsAreRetriedWithinTheRun_data();
    void transientFaultsAreRetriedWithinTheRun();
    void failedRunLeavesTheBatchQueuedWithItsReason_data();
    void failedRunLeavesTheBatchQueuedWithItsReason();
    void longRetryAfterStopsTheRun();
    void retryAfterOfYearsIsHeldToADay();
    void connectTimeoutAndStallAreToldApart();
    void conflictIsShownAndNotRetried();
    void enrolmentWhoseAnswerIsLostIsRepeated();
    void redirectIsNotFollowed_data();
    void redirectIsNotFollowed();
    void answerThatDoesNotEndIsCut_data();
    void answerThatDoesNotEndIsCut();
    void manyApplicationsWithAFaultInTheMiddle();

private:
    void approve(int count);
    Run sync();
    int centralCount(const QString& sql) const;
    int localCount(const QString& sql) const;
    QString lastBatchError() const;
    void setSetting(const QString& key, const QString& value);

    TestOffice m_office;
    TestCentralDatabase m_central;
    PusatProcess m_server;
    QString m_centralDb;
    std::unique_ptr<FaultProxy> m_proxy;
    QString m_tokenEntry;
    int m_captured = 0;
};

void TestSyncFaults::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QVERIFY(m_office.setUp());

    const QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();
    const QString url = m_server.start(m_centralDb, m_office.dir.filePath(u"pusat.log"_s));
    QVERIFY2(!url.isEmpty(), "sipelanduk-pusat did not start; see pusat.log");
    m_proxy = std::make_unique<FaultProxy>(quint16(QUrl(url).port()));
    QVERIFY(m_proxy->listen() != 0);
    const QString code = issueCode(m_centralDb);
    QVERIFY(!code.isEmpty());

    // Short timeouts and back-off, so that every fault costs a second or two, not minutes.
    setSetting(u"sync.connectTimeoutMs"_s, u"3000"_s);
    setSetting(u"sync.stallTimeoutMs"_s, u"1000"_s);
    setSetting(u"sync.retryBaseMs"_s, u"50"_s);
    setSetting(u"sync.maxAttempts"_s, u"3"_s);

    m_tokenEntry = u"device-token/"_s + m_office.database->setting(u"install.id"_s);
    SyncClient client(*m_office.database, m_office.clock);
    QSignalSpy finished(&client, &SyncClient::finished);
    client.enrol(m_office.admin, m_proxy->url(), code, u"Loket 1"_s);
    QVERIFY(finished.wait(30'000));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
}

void TestSyncFaults::init()
{
    m_proxy->clearRules();
}

// Each test leaves everything sent, and the server holding each application exactly once.
void TestSyncFaults::cleanup()
{
    m_proxy->clearRules();
    const Run settled = sync();
    QVERIFY2(settled.status.ok(), qPrintable(settled.status.errorMessage()));
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), m_captured);
    QCOMPARE(localCount(u"SELECT count(*) FROM application WHERE batch_id IN "
                        "(SELECT id FROM batch WHERE state = 'sent')"_s),
             m_captured);
}

void TestSyncFaults::cleanupTestCase()
{
    m_proxy.reset();
    m_server.stop();
    if (!m_tokenEntry.isEmpty())
        (void)removeSecret(m_tokenEntry);
}

void TestSyncFaults::setSetting(const QString& key, const QString& value)
{
    const Status stored = m_office.database->setSetting(key, value);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
}

// `count` birth-certificate applications captured by one clerk and approved by a supervisor.
void TestSyncFaults::approve(int count)
{
    const Status done = m_office.store->atomically([&]() -> Status {
        for (int i = 0; i < count; ++i) {
            const QString name = u"Anak %1"_s.arg(m_captured + i + 1);
            Result<Application> draft =
                m_office.store->saveDraft(m_office.clerk, birthCertificate(name));
            if (!draft)
                return draft.error();
            Result<Application> submitted = m_office.store->submit(m_office.clerk, draft->id, true);
            if (!submitted)
                return submitted.error();
        }
        return {};
    });
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    const Result<int> approved = m_office.store->approveAll(m_office.supervisor);
    QVERIFY2(approved.ok(), qPrintable(approved.errorMessage()));
    QCOMPARE(*approved, count);
    m_captured += count;
}

Run TestSyncFaults::sync()
{
    SyncClient client(*m_office.database, m_office.clock);
    QSignalSpy finished(&client, &SyncClient::finished);
    client.run();
    if (finished.isEmpty() && !finished.wait(90'000))
        return {Error{u"the sync did not finish"_s, u"test"_s}, {}};
    return {client.lastStatus(), client.lastReport()};
}

int TestSyncFaults::centralCount(const QString& sql) const
{
    return int(m_central.count(sql));
}

int TestSyncFaults::localCount(const QString& sql) const
{
    QSqlQuery query(m_office.database->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QString TestSyncFaults::lastBatchError() const
{
    QSqlQuery query(m_office.database->connection());
    if (!query.exec(u"SELECT last_error FROM batch WHERE state = 'sealed' ORDER BY id LIMIT 1"_s) ||
        !query.next())
        return {};
    return query.value(0).toString();
}

// Case 3: every request lands on a Wi-Fi login page that answers 200 with HTML.
void TestSyncFaults::captivePortalMarksNothingSent()
{
    approve(3);
    const int before = centralCount(u"SELECT count(*) FROM applications"_s);
    m_proxy->addRule(rule(Fault::CaptivePortal, -1, {}));

    const Run portal = sync();
    QVERIFY(!portal.status.ok());
    QCOMPARE(portal.status.error().code, u"not_server"_s);
    QVERIFY2(portal.status.errorMessage().contains(u"login page"_s),
             qPrintable(portal.status.errorMessage()));
    QCOMPARE(portal.report.batchesSent, 0);
    QCOMPARE(portal.report.retries, 0); // a login page does not go away by asking again
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);
    QVERIFY2(lastBatchError().contains(u"login page"_s), qPrintable(lastBatchError()));
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before);

    m_proxy->clearRules();
    const int requestsBefore = m_proxy->requests();
    const Run online = sync();
    QVERIFY2(online.status.ok(), qPrintable(online.status.errorMessage()));
    QCOMPARE(online.report.batchesSent, 1);
    QCOMPARE(online.report.accepted, 3);
    QCOMPARE(online.report.retries, 0);
    // The batch once, then the status page and one question per kind of master data.
    QCOMPARE(m_proxy->requests() - requestsBefore, 2 + protocol::masterKinds().size());
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before + 3);
}

// Another service at the address answers JSON, but not the protocol's messages: said as such,
// not as a field missing from a message, and not repeated.
void TestSyncFaults::anotherServiceAtTheAddressIsSaid()
{
    approve(1);
    FaultProxy::Rule otherService = rule(Fault::ServerError, -1);
    otherService.status = 200;
    m_proxy->addRule(otherService);

    const Run other = sync();
    QCOMPARE(other.status.error().code, u"not_server"_s);
    QVERIFY2(other.status.errorMessage().startsWith(
                 u"The answer from %1 is not one the Sipelanduk server sends ("_s.arg(
                     m_proxy->url().toString())),
             qPrintable(other.status.errorMessage()));
    QCOMPARE(other.report.retries, 0);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);
}

void TestSyncFaults::transientFaultsAreRetriedWithinTheRun_data()
{
    QTest::addColumn<FaultProxy::Rule>("fault");
    QTest::addColumn<int>("minRetries");
    QTest::addColumn<int>("maxRetries");

    QTest::newRow("503 twice") << rule(Fault::ServerError, 2) << 2 << 2;
    FaultProxy::Rule badGateway = rule(Fault::ServerError, 1);
    badGateway.status = 502;
    QTest::newRow("502 page from a gateway") << badGateway << 1 << 1;
    FaultProxy::Rule slowDown = rule(Fault::TooManyRequests, 1);
    slowDown.retryAfterSeconds = 1;
    QTest::newRow("429 with Retry-After: 1") << slowDown << 1 << 1;
    QTest::newRow("answer cut in half") << rule(Fault::TruncatedResponse, 1) << 1 << 1;
    QTest::newRow("stall") << rule(Fault::Stall, 1) << 1 << 1;
    // When a connection closes before any answer, Qt itself may send the request once more on a
    // new connection before it reports a failure; with two faults this client's own retry is
    // needed as well. Case 5 within one run:
    QTest::newRow("reset after the server committed")
        << rule(Fault::ResetAfterResponse, 2) << 1 << 2;
    FaultProxy::Rule cut = rule(Fault::DropRequestAfterBytes, 2);
    cut.bytes = 300;
    QTest::newRow("request cut after 300 bytes") << cut << 1 << 2;
}

void TestSyncFaults::transientFaultsAreRetriedWithinTheRun()
{
    QFETCH(FaultProxy::Rule, fault);
    QFETCH(int, minRetries);
    QFETCH(int, maxRetries);

    approve(2);
    const int before = centralCount(u"SELECT count(*) FROM applications"_s);
    const int batchesBefore = centralCount(u"SELECT count(*) FROM batches"_s);
    const int faultsBefore = m_proxy->faultsInjected();
    m_proxy->addRule(fault);

    const Run run = sync();
    QVERIFY2(run.status.ok(), qPrintable(run.status.errorMessage()));
    QCOMPARE(m_proxy->faultsInjected() - faultsBefore, fault.times);
    QVERIFY2(run.report.retries >= minRetries && run.report.retries <= maxRetries,
             qPrintable(QString::number(run.report.retries)));
    QCOMPARE(run.report.batchesSent, 1);
    QCOMPARE(run.report.accepted, 2);
    QVERIFY(run.report.failures.isEmpty());
    QVERIFY(!run.report.notBefore);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before + 2);
    QCOMPARE(centralCount(u"SELECT count(*) FROM batches"_s), batchesBefore + 1);
}

void TestSyncFaults::failedRunLeavesTheBatchQueuedWithItsReason_data()
{
    QTest::addColumn<FaultProxy::Rule>("fault");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");

    QTest::newRow("stall") << rule(Fault::Stall, -1) << u"timeout"_s << u"stalled"_s;
    QTest::newRow("answer cut in half")
        << rule(Fault::TruncatedResponse, -1) << u"damaged_answer"_s << u"cut off"_s;
    FaultProxy::Rule cut = rule(Fault::DropRequestAfterBytes, -1);
    cut.bytes = 300;
    QTest::newRow("request cut after 300 bytes")
        << cut << u"network"_s << u"could not be reached"_s;
    QTest::newRow("503 throughout")
        << rule(Fault::ServerError, -1) << u"storage_unavailable"_s << u"refused"_s;
    FaultProxy::Rule badGateway = rule(Fault::ServerError, -1);
    badGateway.status = 504;
    QTest::newRow("504 page throughout")
        << badGateway << u"unavailable"_s << u"gateway in front of it"_s;
    // Case 5 across runs: the server stores the batch every time, the client never hears it.
    QTest::newRow("reset after the server committed, throughout")
        << rule(Fault::ResetAfterResponse, -1) << u"network"_s << u"could not be reached"_s;
}

// The run gives up after its attempts; the batch stays queued with a reason the operator can read,
// and the next run without the fault sends it, and the server holds it once.
void TestSyncFaults::failedRunLeavesTheBatchQueuedWithItsReason()
{
    QFETCH(FaultProxy::Rule, fault);
    QFETCH(QString, code);
    QFETCH(QString, reason);

    approve(2);
    const int before = centralCount(u"SELECT count(*) FROM applications"_s);
    m_proxy->addRule(fault);

    const Run failed = sync();
    QVERIFY(!failed.status.ok());
    QCOMPARE(failed.status.error().code, code);
    QVERIFY2(failed.status.errorMessage().contains(reason),
             qPrintable(failed.status.errorMessage()));
    QCOMPARE(failed.report.retries, 2); // three attempts in all
    QCOMPARE(failed.report.batchesSent, 0);
    QCOMPARE(failed.report.failures.size(), 1);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);
    QVERIFY2(lastBatchError().contains(reason), qPrintable(lastBatchError()));

    m_proxy->clearRules();
    const Run next = sync();
    QVERIFY2(next.status.ok(), qPrintable(next.status.errorMessage()));
    QCOMPARE(next.report.batchesSent, 1);
    QCOMPARE(next.report.accepted, 2);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 0);
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before + 2);
}

// A server that asks for an hour's pause is not called again within the run, nor by the next run
// (another process, a restarted program) before the hour is over; the batch is not blamed for it.
void TestSyncFaults::longRetryAfterStopsTheRun()
{
    approve(1);
    const int before = centralCount(u"SELECT count(*) FROM applications"_s);
    FaultProxy::Rule busy = rule(Fault::TooManyRequests, -1);
    busy.retryAfterSeconds = 3600;
    m_proxy->addRule(busy);
    const int faultsBefore = m_proxy->faultsInjected();

    const Run stopped = sync();
    QVERIFY(!stopped.status.ok());
    QCOMPARE(stopped.status.error().code, u"retry_later"_s);
    QCOMPARE(m_proxy->faultsInjected() - faultsBefore, 1);
    QCOMPARE(stopped.report.retries, 0);
    QVERIFY(stopped.report.notBefore.has_value());
    QCOMPARE(*stopped.report.notBefore, m_office.clock.now().addSecs(3600));
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);
    QCOMPARE(localCount(u"SELECT attempts FROM batch WHERE state = 'sealed'"_s), 0);
    QCOMPARE(lastBatchError(), QString());
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before);

    // A new client on the same data folder, half an hour later: no request leaves the PC.
    m_proxy->clearRules();
    const QDateTime asked = m_office.clock.now();
    m_office.clock.set(asked.addSecs(1800));
    QCOMPARE(SyncClient::serverAskedToWaitUntil(*m_office.database, m_office.clock),
             std::optional<QDateTime>(asked.addSecs(3600)));
    const int requestsBefore = m_proxy->requests();
    const Run waiting = sync();
    QCOMPARE(waiting.status.error().code, u"retry_later"_s);
    QCOMPARE(m_proxy->requests(), requestsBefore);
    QCOMPARE(*waiting.report.notBefore, asked.addSecs(3600));
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);

    // After the hour the pause is over, and the clean-up sends the batch.
    m_office.clock.set(asked.addSecs(3601));
    QCOMPARE(SyncClient::serverAskedToWaitUntil(*m_office.database, m_office.clock), std::nullopt);
}

// A server whose connections never come up, and one that takes a request and never answers: both
// end in a timeout, each named for what it was, and the connect timeout does not cut a request
// that is on its way.
// A Retry-After of 400 days is a broken header, not a plan: the pause is a day at most.
void TestSyncFaults::retryAfterOfYearsIsHeldToADay()
{
    FaultProxy::Rule years = rule(Fault::TooManyRequests, -1, u"/status"_s);
    years.retryAfterSeconds = 400 * 24 * 3600;
    m_proxy->addRule(years);
    const QDateTime asked = m_office.clock.now();

    const Run stopped = sync();
    QCOMPARE(stopped.status.error().code, u"retry_later"_s);
    QCOMPARE(*stopped.report.notBefore, asked.addDays(1));
    QCOMPARE(SyncClient::serverAskedToWaitUntil(*m_office.database, m_office.clock),
             std::optional<QDateTime>(asked.addDays(1)));

    m_office.clock.set(asked.addSecs(24 * 3600 + 1));
}

void TestSyncFaults::connectTimeoutAndStallAreToldApart()
{
#ifndef Q_OS_LINUX
    QSKIP("needs Linux, whose full listen queue leaves connection attempts unanswered");
#else
    approve(1);
    // A port with a full listen queue: the kernel leaves further connection attempts unanswered,
    // as a route into nowhere does.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(listener >= 0);
    const auto closeListener = qScopeGuard([listener] { ::close(listener); });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    QVERIFY(::listen(listener, 0) == 0);
    socklen_t length = sizeof address;
    QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, ntohs(address.sin_port));
    QVERIFY(filler.waitForConnected(10'000));

    const QString server = m_office.database->setting(u"sync.server"_s);
    const auto restore = qScopeGuard([this, server] {
        setSetting(u"sync.server"_s, server);
        setSetting(u"sync.connectTimeoutMs"_s, u"3000"_s);
    });
    // Shorter than the stall timeout (1 s), to show that it ends once a request is on its way.
    setSetting(u"sync.connectTimeoutMs"_s, u"500"_s);
    setSetting(u"sync.server"_s, u"http://127.0.0.1:%1"_s.arg(ntohs(address.sin_port)));

    const Run nowhere = sync();
    QVERIFY(!nowhere.status.ok());
    QCOMPARE(nowhere.status.error().code, u"timeout"_s);
    QVERIFY2(nowhere.status.errorMessage().contains(u"No connection"_s),
             qPrintable(nowhere.status.errorMessage()));
    QCOMPARE(nowhere.report.retries, 2);
    QVERIFY2(lastBatchError().contains(u"No connection"_s), qPrintable(lastBatchError()));

    // Through the proxy the batch goes; then the status page never comes.
    setSetting(u"sync.server"_s, server);
    m_proxy->addRule(rule(Fault::Stall, -1, u"/status"_s));
    const Run stalled = sync();
    QVERIFY(!stalled.status.ok());
    QCOMPARE(stalled.status.error().code, u"timeout"_s);
    QVERIFY2(stalled.status.errorMessage().contains(u"stalled"_s),
             qPrintable(stalled.status.errorMessage()));
    QCOMPARE(stalled.report.batchesSent, 1);
    QCOMPARE(stalled.report.retries, 2);
#endif
}

// The server holds a batch whose content then changed on this PC: the 409 is shown with the batch
// and asked once per run, never in a loop.
void TestSyncFaults::conflictIsShownAndNotRetried()
{
    approve(1);
    m_proxy->addRule(rule(Fault::ResetAfterResponse, -1));
    const Run lost = sync();
    QVERIFY(!lost.status.ok());
    m_proxy->clearRules();

    QSqlQuery query(m_office.database->connection());
    QVERIFY(
        query.exec(u"SELECT a.id, a.fields FROM application a JOIN batch b ON a.batch_id = b.id "
                   "WHERE b.state = 'sealed'"_s));
    QVERIFY(query.next());
    const qint64 id = query.value(0).toLongLong();
    const QString fields = query.value(1).toString();
    QString changed = fields;
    changed.replace(u"Anak "_s, u"Putri "_s);
    QVERIFY(changed != fields);
    QSqlQuery update(m_office.database->connection());
    update.prepare(u"UPDATE application SET fields = ? WHERE id = ?"_s);
    update.addBindValue(changed);
    update.addBindValue(id);
    QVERIFY(update.exec());

    for (int round = 0; round < 2; ++round) {
        const int requestsBefore = m_proxy->requests();
        const Run conflict = sync();
        QVERIFY(!conflict.status.ok());
        QCOMPARE(conflict.report.batchesSent, 0);
        QCOMPARE(conflict.report.retries, 0);
        QCOMPARE(conflict.report.failures.size(), 1);
        QVERIFY2(conflict.report.failures.constFirst().contains(u"other content"_s),
                 qPrintable(conflict.report.failures.constFirst()));
        // The batch once, the status page, one question per kind of master data.
        QCOMPARE(m_proxy->requests() - requestsBefore, 2 + protocol::masterKinds().size());
        QVERIFY2(lastBatchError().contains(u"other content"_s), qPrintable(lastBatchError()));
    }

    // With the content as the server has it, the batch goes through and shows as sent.
    update.addBindValue(fields);
    update.addBindValue(id);
    QVERIFY(update.exec());
}

// Case 7, the sending side: 1,500 approved applications in batches of 200, one answer lost after
// the server committed and a 503 on the way; all arrive once.
// The server enrols the PC and the answer is lost (case 5 for enrolment): the client asks again
// with the same one-time code and gets a token for the same device, not "code used already".
void TestSyncFaults::enrolmentWhoseAnswerIsLostIsRepeated()
{
    const QString code = issueCode(m_centralDb);
    QVERIFY(!code.isEmpty());
    const int devicesBefore = centralCount(u"SELECT count(*) FROM devices"_s);
    m_proxy->addRule(rule(Fault::ResetAfterResponse, 1, u"/enrolments"_s));
    const int faultsBefore = m_proxy->faultsInjected();

    SyncClient client(*m_office.database, m_office.clock);
    QSignalSpy finished(&client, &SyncClient::finished);
    client.enrol(m_office.admin, m_proxy->url(), code, u"Loket 1"_s);
    QVERIFY(finished.wait(30'000));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
    // Asked again, by Qt on a fresh connection or by the client's own retry.
    QCOMPARE(m_proxy->faultsInjected() - faultsBefore, 1);
    QCOMPARE(centralCount(u"SELECT count(*) FROM devices"_s), devicesBefore + 1);
    // The clean-up's sync shows that the token the PC kept is the one that works.
}

void TestSyncFaults::redirectIsNotFollowed_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("a batch") << u"/batches/"_s;
    QTest::newRow("the status pull") << u"/status"_s;
}

// A Wi-Fi login page or a misconfigured proxy that answers with a redirect: the token and the
// residents' data go nowhere but to the enrolled server, and the operator reads where it pointed.
void TestSyncFaults::redirectIsNotFollowed()
{
    QFETCH(QString, path);
    QTcpServer elsewhere;
    QVERIFY(elsewhere.listen(QHostAddress::LocalHost, 0));
    int connectionsElsewhere = 0;
    connect(&elsewhere, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket* socket = elsewhere.nextPendingConnection()) {
            ++connectionsElsewhere;
            socket->close();
        }
    });
    const QByteArray location =
        "http://127.0.0.1:" + QByteArray::number(elsewhere.serverPort()) + "/login?next=sync";
    approve(1);
    FaultProxy::Rule away = rule(Fault::Redirect, -1, path);
    away.location = location;
    m_proxy->addRule(away);

    const Run redirected = sync();
    QCOMPARE(redirected.status.error().code, u"redirected"_s);
    QVERIFY2(redirected.status.errorMessage().contains(QString::fromLatin1(location)),
             qPrintable(redirected.status.errorMessage()));
    QCOMPARE(redirected.report.retries, 0);
    QTest::qWait(100);
    QCOMPARE(connectionsElsewhere, 0);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s),
             path == "/batches/"_L1 ? 1 : 0);
}

void TestSyncFaults::answerThatDoesNotEndIsCut_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("said");
    QTest::newRow("a byte every 100 ms")
        << int(Fault::Trickle) << u"timeout"_s << u"too slowly to end within 6 second"_s;
    QTest::newRow("an endless body")
        << int(Fault::Flood) << u"not_server"_s << u"grew past 32 MB"_s;
}

// An answer that keeps coming, a byte at a time or without end, neither holds the data folder for
// days nor fills the memory: it is cut at the deadline or the size limit, once, not retried.
void TestSyncFaults::answerThatDoesNotEndIsCut()
{
    QFETCH(int, fault);
    QFETCH(QString, code);
    QFETCH(QString, said);
    // The deadline is twenty stall timeouts: 6 s here.
    setSetting(u"sync.stallTimeoutMs"_s, u"300"_s);
    const auto restore = qScopeGuard([this] { setSetting(u"sync.stallTimeoutMs"_s, u"1000"_s); });
    FaultProxy::Rule endless = rule(Fault(fault), -1, u"/status"_s);
    endless.intervalMs = 100;
    m_proxy->addRule(endless);
    const int faultsBefore = m_proxy->faultsInjected();
    const qint64 sentBefore = m_proxy->bytesToClient();

    const Run cut = sync();
    QCOMPARE(cut.status.error().code, code);
    // The client stopped reading at the limit: what it took off the connection stays near 32 MB.
    const qint64 taken = m_proxy->bytesToClient() - sentBefore;
    QVERIFY2(taken < 40 * 1024 * 1024, qPrintable(QString::number(taken)));
    QVERIFY2(cut.status.errorMessage().contains(said), qPrintable(cut.status.errorMessage()));
    QCOMPARE(m_proxy->faultsInjected() - faultsBefore, 1);
    QCOMPARE(cut.report.retries, 0);
}

void TestSyncFaults::manyApplicationsWithAFaultInTheMiddle()
{
    const int before = centralCount(u"SELECT count(*) FROM applications"_s);
    const int batchesBefore = centralCount(u"SELECT count(*) FROM batches"_s);
    approve(1500);

    QSqlQuery query(m_office.database->connection());
    QVERIFY(query.exec(u"SELECT uuid FROM batch WHERE state IN ('open', 'sealed') ORDER BY id"_s));
    QStringList batches;
    while (query.next())
        batches.append(query.value(0).toString());
    QCOMPARE(batches.size(), 8);
    m_proxy->addRule(rule(Fault::ResetAfterResponse, 2, batches.at(3)));
    m_proxy->addRule(rule(Fault::ServerError, 1, batches.at(5)));

    const Run run = sync();
    QVERIFY2(run.status.ok(), qPrintable(run.status.errorMessage()));
    QCOMPARE(run.report.batchesSent, 8);
    QCOMPARE(run.report.accepted, 1500);
    QVERIFY2(run.report.retries >= 2 && run.report.retries <= 3, // see the reset row above
             qPrintable(QString::number(run.report.retries)));
    QCOMPARE(centralCount(u"SELECT count(*) FROM applications"_s), before + 1500);
    QCOMPARE(centralCount(u"SELECT count(*) FROM batches"_s), batchesBefore + 8);
    QCOMPARE(localCount(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 0);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncFaults)
#include "tst_sync_faults.moc"
