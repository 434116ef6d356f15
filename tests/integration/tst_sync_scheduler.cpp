#include "CentralServer.h"
#include "CentralStore.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "sync/Backoff.h"
#include "sync/SyncClient.h"
#include "sync/SyncScheduler.h"

#include <QSignalSpy>
#include <QTcpServer>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace sipelanduk::test {

namespace {

const QDateTime kNow(QDate(2026, 12, 3), QTime(9, 30), Qt::UTC);

} // namespace

// When sync runs by itself. The decision is a pure function, checked as a table; the scheduler
// around it drives a real SyncClient against the real central server in this process, on a clock
// the test moves (the timers it arms then end at once).
class TestSyncScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void plan_data();
    void plan();
    void jitterSpreadsOfficesApart();
    void intervalSetting();
    void scheduledRunSendsAndPlansTheNext();
    void failedRunsBackOffAndTheNetworkComingBackRunsAgain();
    void onlyOneRunAtATime();
    void offMeansNoAutomaticRun();
    void aPauseAskedBeforeARestartHolds();

private:
    void startServer();
    void enrol();
    void approve(int count);
    bool waitForRun(SyncScheduler& scheduler);

    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<QTemporaryDir> m_centralDir;
    TestCentralDatabase m_central;
    SystemClock m_serverClock;
    std::unique_ptr<server::CentralStore> m_store;
    std::unique_ptr<server::CentralServer> m_server;
    quint16 m_port = 0;
    QString m_tokenKey;
};

void TestSyncScheduler::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
}

void TestSyncScheduler::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    m_tokenKey = u"device-token/"_s + m_office->database->setting(u"install.id"_s);
    m_centralDir = std::make_unique<QTemporaryDir>();
    const QString created = m_central.create(m_centralDir->path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_port = 0;
}

void TestSyncScheduler::cleanup()
{
    if (!m_tokenKey.isEmpty())
        (void)removeSecret(m_tokenKey);
    m_server.reset();
    m_store.reset();
    m_central.drop();
    m_office.reset();
}

void TestSyncScheduler::startServer()
{
    if (!m_store) {
        m_store = std::make_unique<server::CentralStore>(m_serverClock);
        const Status opened = m_store->open(m_central.location());
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    }
    m_server = std::make_unique<server::CentralServer>(*m_store, m_serverClock);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, m_port);
    QVERIFY2(port.ok(), qPrintable(port.errorMessage()));
    m_port = *port;
}

void TestSyncScheduler::enrol()
{
    startServer();
    const Result<server::IssuedCode> code = m_store->issueCode(u"19.04.01"_s);
    QVERIFY2(code.ok(), qPrintable(code.errorMessage()));
    SyncClient client(*m_office->database, m_office->clock);
    QSignalSpy finished(&client, &SyncClient::finished);
    client.enrol(m_office->admin, QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)), code->code,
                 u"loket-1"_s);
    QVERIFY(!finished.isEmpty() || finished.wait(30'000));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
}

void TestSyncScheduler::approve(int count)
{
    for (int i = 0; i < count; ++i) {
        Result<Application> saved =
            m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
        QVERIFY(m_office->store->submit(m_office->clerk, saved->id, false).ok());
        QVERIFY(m_office->store->approve(m_office->supervisor, saved->id).ok());
    }
}

bool TestSyncScheduler::waitForRun(SyncScheduler& scheduler)
{
    QSignalSpy finished(&scheduler, &SyncScheduler::runFinished);
    return finished.wait(30'000);
}

void TestSyncScheduler::plan_data()
{
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("notBeforeSeconds"); // from now; 0 for none
    QTest::addColumn<bool>("planned");
    QTest::addColumn<int>("reason");
    QTest::addColumn<int>("earliestSeconds");
    QTest::addColumn<int>("latestSeconds");

    const int schedule = int(WaitReason::Schedule);
    const int backoff = int(WaitReason::Backoff);
    const int asked = int(WaitReason::ServerAsked);
    // After a good run: exactly one interval.
    QTest::newRow("good run") << 15 << 0 << 0 << true << schedule << 900 << 900;
    QTest::newRow("off") << 0 << 0 << 0 << false << schedule << 0 << 0;
    QTest::newRow("off after failures") << 0 << 3 << 600 << false << schedule << 0 << 0;
    // Failures wait the interval plus a jittered, doubling extra: never sooner than the schedule.
    QTest::newRow("1 failure") << 15 << 1 << 0 << true << backoff << 900 + 450 << 900 + 900;
    QTest::newRow("2 failures") << 15 << 2 << 0 << true << backoff << 900 + 900 << 900 + 1800;
    QTest::newRow("3 failures") << 15 << 3 << 0 << true << backoff << 900 + 1800 << 900 + 3600;
    // The extra stops growing at kMaxBackoff (two hours).
    QTest::newRow("20 failures") << 15 << 20 << 0 << true << backoff << 900 + 3600 << 900 + 7200;
    QTest::newRow("short interval") << 1 << 1 << 0 << true << backoff << 60 + 30 << 60 + 60;
    // Retry-After later than the plan wins; earlier than the plan changes nothing.
    QTest::newRow("server asks for an hour")
        << 15 << 1 << 0 + 3600 * 2 << true << asked << 7200 << 7200;
    QTest::newRow("server asks for a minute") << 15 << 0 << 60 << true << schedule << 900 << 900;
    QTest::newRow("good run, server asks longer")
        << 15 << 0 << 1000 << true << asked << 1000 << 1000;
}

void TestSyncScheduler::plan()
{
    QFETCH(int, interval);
    QFETCH(int, failures);
    QFETCH(int, notBeforeSeconds);
    QFETCH(bool, planned);
    QFETCH(int, reason);
    QFETCH(int, earliestSeconds);
    QFETCH(int, latestSeconds);

    QRandomGenerator random(7);
    for (int draw = 0; draw < 50; ++draw) {
        ScheduleInput input{kNow, interval, failures, std::nullopt};
        if (notBeforeSeconds > 0)
            input.notBefore = kNow.addSecs(notBeforeSeconds);
        const std::optional<NextAttempt> next = SyncScheduler::plan(input, random);
        QCOMPARE(next.has_value(), planned);
        if (!next)
            continue;
        QCOMPARE(int(next->reason), reason);
        const qint64 wait = kNow.secsTo(next->at);
        QVERIFY2(wait >= earliestSeconds && wait <= latestSeconds,
                 qPrintable(u"waits %1 s"_s.arg(wait)));
    }
}

void TestSyncScheduler::jitterSpreadsOfficesApart()
{
    // Six offices fail at the same moment; their retries do not all land on one second.
    QSet<qint64> retries;
    for (quint32 office = 1; office <= 6; ++office) {
        QRandomGenerator random(office);
        retries.insert(kNow.secsTo(SyncScheduler::plan({kNow, 15, 2, std::nullopt}, random)->at));
    }
    QVERIFY2(retries.size() >= 5, "retries after one outage should spread over the window");
}

void TestSyncScheduler::intervalSetting()
{
    Database& database = *m_office->database;
    QCOMPARE(SyncScheduler::intervalMinutes(database), SyncScheduler::kDefaultIntervalMinutes);
    QVERIFY(SyncScheduler::setIntervalMinutes(database, m_office->admin, 0).ok());
    QCOMPARE(SyncScheduler::intervalMinutes(database), 0);
    QVERIFY(SyncScheduler::setIntervalMinutes(database, m_office->admin, 60).ok());
    const Status refused = SyncScheduler::setIntervalMinutes(database, m_office->admin, -5);
    QCOMPARE(refused.error().code, u"invalid_interval"_s);
    QCOMPARE(SyncScheduler::setIntervalMinutes(database, m_office->admin, 24 * 60 + 1).error().code,
             u"invalid_interval"_s);
    QCOMPARE(SyncScheduler::setIntervalMinutes(database, m_office->supervisor, 5).error().code,
             u"forbidden"_s);
    QCOMPARE(SyncScheduler::intervalMinutes(database), 60);
}

void TestSyncScheduler::scheduledRunSendsAndPlansTheNext()
{
    enrol();
    approve(3);
    SyncClient client(*m_office->database, m_office->clock);
    SyncScheduler scheduler(client, *m_office->database, m_office->clock);
    scheduler.start();
    QVERIFY(scheduler.next().has_value());
    QCOMPARE(scheduler.next()->reason, WaitReason::Schedule);
    QCOMPARE(scheduler.next()->at, kNow.addSecs(15 * 60));
    QVERIFY(!scheduler.serverReachable().has_value());

    // Nothing runs before the moment.
    m_office->clock.set(kNow.addSecs(15 * 60 - 1));
    scheduler.reconsider();
    QTest::qWait(20);
    QVERIFY(!scheduler.isRunning());

    QSignalSpy progressed(&client, &SyncClient::progressed);
    m_office->clock.set(kNow.addSecs(15 * 60));
    scheduler.reconsider();
    QVERIFY(waitForRun(scheduler));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
    QCOMPARE(client.lastReport().accepted, 3);
    QCOMPARE(scheduler.failuresInRow(), 0);
    QCOMPARE(scheduler.serverReachable(), std::optional<bool>(true));
    QCOMPARE(scheduler.next()->reason, WaitReason::Schedule);
    QCOMPARE(scheduler.next()->at, kNow.addSecs(30 * 60));
    QVERIFY(!progressed.isEmpty());
    QCOMPARE(progressed.first(), (QList<QVariant>{0, 3}));
    QCOMPARE(progressed.last(), (QList<QVariant>{3, 3}));
    QCOMPARE(Outbox(*m_office->database, m_office->clock).queueCounts().value(QueueState::Accepted),
             3);
}

void TestSyncScheduler::failedRunsBackOffAndTheNetworkComingBackRunsAgain()
{
    enrol();
    approve(2);
    m_server.reset(); // the link drops: connections are refused
    SyncClient client(*m_office->database, m_office->clock);
    SyncScheduler scheduler(client, *m_office->database, m_office->clock);
    scheduler.seedRandom(11);
    scheduler.start();

    QSignalSpy progressed(&client, &SyncClient::progressed);
    QDateTime now = kNow.addSecs(15 * 60);
    QList<qint64> waits;
    for (int failure = 1; failure <= 3; ++failure) {
        m_office->clock.set(now);
        scheduler.reconsider();
        QVERIFY(waitForRun(scheduler));
        QCOMPARE(client.lastStatus().error().code, u"network"_s);
        QCOMPARE(scheduler.failuresInRow(), failure);
        QCOMPARE(scheduler.serverReachable(), std::optional<bool>(false));
        QCOMPARE(scheduler.next()->reason, WaitReason::Backoff);
        const qint64 wait = now.secsTo(scheduler.next()->at);
        const qint64 ceiling =
            backoff::ceiling({minutes(15), minutes(120)}, failure).count() / 1000;
        QVERIFY(wait >= 15 * 60 + ceiling / 2 && wait <= 15 * 60 + ceiling);
        waits.append(wait);
        now = scheduler.next()->at;
    }
    QVERIFY(waits[2] > waits[0]);
    // Nothing reached the server, so nothing counts as done.
    QCOMPARE(progressed.size(), 3);
    for (const QList<QVariant>& step : std::as_const(progressed))
        QCOMPARE(step, (QList<QVariant>{0, 2}));
    const QMap<QueueState, int> counts = Outbox(*m_office->database, m_office->clock).queueCounts();
    QCOMPARE(counts.value(QueueState::Failed), 2);

    // The network comes back: a run is due at once (a minute after the last start at the
    // earliest), not at the end of the back-off.
    startServer();
    m_office->clock.set(now.addSecs(-600));
    scheduler.networkCameBack();
    QCOMPARE(scheduler.next()->reason, WaitReason::NetworkBack);
    QCOMPARE(scheduler.next()->at, now.addSecs(-600));
    QVERIFY(waitForRun(scheduler));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
    QCOMPARE(scheduler.failuresInRow(), 0);
    QCOMPARE(scheduler.serverReachable(), std::optional<bool>(true));
    QCOMPARE(Outbox(*m_office->database, m_office->clock).queueCounts().value(QueueState::Accepted),
             2);

    // Flapping: coming back again right after a run waits the minimum gap.
    scheduler.networkCameBack();
    QCOMPARE(scheduler.next()->at, now.addSecs(-600 + 60));
}

void TestSyncScheduler::onlyOneRunAtATime()
{
    enrol();
    approve(1);
    SyncClient client(*m_office->database, m_office->clock);
    SyncScheduler scheduler(client, *m_office->database, m_office->clock);
    scheduler.start();

    QCOMPARE(scheduler.syncNow(m_office->clerk).error().code, u"forbidden"_s);
    QVERIFY(!scheduler.isRunning());
    QSignalSpy started(&scheduler, &SyncScheduler::runStarted);
    QSignalSpy finished(&scheduler, &SyncScheduler::runFinished);
    QVERIFY(scheduler.syncNow(m_office->admin).ok());
    QVERIFY(scheduler.isRunning());
    QCOMPARE(scheduler.syncNow(m_office->admin).error().code, u"busy"_s);
    scheduler.networkCameBack();
    QVERIFY(finished.wait(30'000));
    QTest::qWait(50);
    QCOMPARE(started.size(), 1);
    QCOMPARE(finished.size(), 1);
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
}

void TestSyncScheduler::offMeansNoAutomaticRun()
{
    QVERIFY(SyncScheduler::setIntervalMinutes(*m_office->database, m_office->admin, 0).ok());
    SyncClient client(*m_office->database, m_office->clock);
    SyncScheduler scheduler(client, *m_office->database, m_office->clock);
    scheduler.start();
    QVERIFY(!scheduler.next().has_value());
    scheduler.networkCameBack();
    QVERIFY(!scheduler.next().has_value());

    // On demand still runs; this PC is not enrolled, which the run says.
    QSignalSpy finished(&scheduler, &SyncScheduler::runFinished);
    QVERIFY(scheduler.syncNow(m_office->admin).ok());
    QVERIFY(!finished.isEmpty() || finished.wait(5'000));
    QCOMPARE(client.lastStatus().error().code, u"not_enrolled"_s);
    QCOMPARE(scheduler.failuresInRow(), 1);
    QVERIFY(!scheduler.serverReachable().value_or(true));
    QVERIFY(!scheduler.next().has_value());
}

// A pause the central server asked for in an earlier process holds after a restart: the plan
// waits for it, and "sync now" says until when.
void TestSyncScheduler::aPauseAskedBeforeARestartHolds()
{
    const QDateTime until = m_office->clock.now().addSecs(3600);
    QVERIFY(m_office->database->setSetting(u"sync.notBefore"_s, toUtcText(until)).ok());
    SyncClient client(*m_office->database, m_office->clock);
    SyncScheduler scheduler(client, *m_office->database, m_office->clock);
    scheduler.start();

    QCOMPARE(scheduler.notBefore(), std::optional<QDateTime>(until));
    QVERIFY(scheduler.next().has_value());
    QCOMPARE(scheduler.next()->at, until);
    QCOMPARE(scheduler.syncNow(m_office->admin).error().code, u"server_asked_to_wait"_s);
    QVERIFY(!scheduler.isRunning());

    // One set more than a day ahead is a clock that was set back, not a pause.
    QVERIFY(m_office->database->setSetting(u"sync.notBefore"_s, toUtcText(until.addDays(2))).ok());
    QCOMPARE(SyncClient::serverAskedToWaitUntil(*m_office->database, m_office->clock),
             std::nullopt);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncScheduler)
#include "tst_sync_scheduler.moc"
