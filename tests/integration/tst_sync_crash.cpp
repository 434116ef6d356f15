#include "CtlProcess.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"

#include "storage/ScanStore.h"
#include "sync/Outbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QUuid>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kBinaryDir = QStringLiteral(SIPELANDUK_BINARY_DIR);

// A sync that outlives this, counted from its start, is stuck, not slow.
constexpr int kSyncCapMs = 60'000;
// After the server was killed and started again, the interrupted sync gets this long to end on
// its own before it is killed as well.
constexpr int kAfterServerKillMs = 2'000;
// Kills are drawn over this many times the length of a whole sync, so that some land before the
// first request, most during the requests, and some after the program ended by itself.
constexpr double kKillSpread = 1.4;
// A queue that kills keep from draining takes longer to send than the calibrated sync: after each
// killed round the window grows by this factor, up to kMaxWindowGrowth, and a sync that ended by
// itself brings it back to the calibrated length.
constexpr double kWindowGrowth = 1.5;
constexpr double kMaxWindowGrowth = 8.0;

// What the test knows each application must be, whatever was killed on the way.
struct Expected
{
    QString registrationNumber;
    QString state; // on this PC after the last sync
    int scans = 0; // scan references it was sealed with
    bool sent = false;
};

// How each round's sync ended, for the summary that shows where the kills landed.
struct Tally
{
    int beforeAnyAnswer = 0;
    int betweenAnswers = 0;
    int endedByItself = 0;
    int serverKills = 0;
};

QString uuidKey(const QString& text)
{
    return QUuid(text).toString(QUuid::WithoutBraces);
}

quint32 seedFromEnvironment()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("SIPELANDUK_CRASH_SEED").toUInt(&ok);
    return ok ? seed : QRandomGenerator::system()->generate();
}

int roundsFromEnvironment()
{
    bool ok = false;
    const int rounds = qEnvironmentVariableIntValue("SIPELANDUK_CRASH_ROUNDS", &ok);
    return ok && rounds > 0 ? rounds : 10;
}

QList<QStringList> rowsOf(const QString& file, const QString& sql)
{
    const QString name = u"crash-check-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QList<QStringList> rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(file);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        QSqlQuery query(db);
        if (!db.open() || !query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        } else {
            while (query.next()) {
                QStringList row;
                for (int i = 0; i < query.record().count(); ++i)
                    row.append(query.value(i).toString());
                rows.append(row);
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

// Item 10 of the sync issue: sipelanduk-ctl sync is killed with SIGKILL at random moments, and now
// and then the central server with it, while approved work keeps arriving. Afterwards nothing is
// lost, nothing is doubled, every batch counts as sent and both databases are sound.
//
// SIPELANDUK_CRASH_ROUNDS sets the number of rounds (10 by default); SIPELANDUK_CRASH_SEED replays
// the rounds of a failed run (the seed is printed at the start).
class TestSyncCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void killedSyncsLoseAndDoubleNothing();

private:
    bool startServer();
    void killServer();
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {}) const;
    Outcome pusat(const QStringList& arguments) const;
    void capture(int approved, bool sealAfter);
    void leaveUnsent();
    void setSomeStatuses();
    qint64 syncOnce(bool expectOk);
    void syncAndKill(int round);
    int answersSoFar();
    bool nothingPending() const;
    void checkServer();
    void checkClient();
    void checkStatuses();
    void checkIntegrity();

    TestOffice m_office;
    TestCentralDatabase m_central;
    QString m_clientDb;
    QString m_centralDb;
    QString m_serverLog;
    qint64 m_serverLogRead = 0;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_scanKeyEntry;
    QRandomGenerator m_random;
    quint32 m_seed = 0;
    qint64 m_wholeSyncMs = 0;
    double m_windowGrowth = 1.0;
    QList<QByteArray> m_scanContents; // earlier scans, some attached again to a new application
    QHash<QString, Expected> m_expected;
    int m_captured = 0;
    Tally m_tally;
};

void TestSyncCrash::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    // The captures of every round would bury the lines that say where each kill landed.
    QLoggingCategory::setFilterRules(u"sipelanduk.*.info=false"_s);
    m_seed = seedFromEnvironment();
    m_random.seed(m_seed);
    qInfo("SIPELANDUK_CRASH_SEED=%u SIPELANDUK_CRASH_ROUNDS=%d replays this run", m_seed,
          roundsFromEnvironment());

    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QVERIFY(m_office.setUp());
    m_scanKeyEntry = ScanKey::keychainKey(*m_office.database);
    m_clientDb = m_office.database->filePath();
    // The folder is left to sipelanduk-ctl between captures: one program at a time holds its lock.
    m_office.store.reset();
    m_office.accounts.reset();
    m_office.regions.reset();
    m_office.database.reset();

    const QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_centralDb = m_central.location();
    m_serverLog = m_office.dir.filePath(u"pusat.log"_s);
    QVERIFY(startServer());

    const Outcome code = pusat({u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY2(code.exitCode == 0, qPrintable(code.err));
    const Outcome enrolled = ctl({u"enrol"_s, u"--server"_s, u"http://127.0.0.1:%1"_s.arg(m_port),
                                  u"--code"_s, code.out.trimmed(), u"--as"_s, u"it"_s},
                                 "rahasia-it");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));

    // One undisturbed sync of a round's worth of work says how long a whole sync takes here.
    capture(3, false);
    QVERIFY(!QTest::currentTestFailed());
    m_wholeSyncMs = qMax<qint64>(syncOnce(true), 50);
    qInfo("a whole sync of 3 applications takes %lld ms; kills are drawn over %.0f ms at first",
          m_wholeSyncMs, kKillSpread * double(m_wholeSyncMs));
}

void TestSyncCrash::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        m_server.waitForFinished(10'000);
    }
    if (!m_scanKeyEntry.isEmpty())
        (void)removeSecret(m_scanKeyEntry);
}

// Starts the server on the port it had before, so the enrolled address stays right; the port of
// a killed server can take a moment to be free again.
bool TestSyncCrash::startServer()
{
    m_server.setProgram(kBinaryDir + u"/server/sipelanduk-pusat"_s);
    m_server.setArguments({u"--db"_s, m_centralDb, u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port)});
#ifdef Q_OS_LINUX
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"sipelanduk.*=true"_s);
    m_server.setProcessEnvironment(environment);
    m_server.setStandardErrorFile(m_serverLog, QIODevice::Append);
    for (int attempt = 0; attempt < 50; ++attempt) {
        m_server.start();
        if (!m_server.waitForStarted(10'000))
            return false;
        const bool spoke = QTest::qWaitFor(
            [&] { return m_server.canReadLine() || m_server.state() == QProcess::NotRunning; },
            15'000);
        if (spoke && m_server.canReadLine()) {
            const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
            const QRegularExpressionMatch match =
                QRegularExpression(u"http://127\\.0\\.0\\.1:(\\d+)"_s).match(line);
            if (!match.hasMatch()) {
                qWarning("unexpected first line from sipelanduk-pusat: %s", qPrintable(line));
                return false;
            }
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
        m_server.waitForFinished(1'000);
        QThread::msleep(100);
    }
    qWarning("sipelanduk-pusat could not listen on port %u again", m_port);
    return false;
}

void TestSyncCrash::killServer()
{
    m_server.kill();
    m_server.waitForFinished(10'000);
    ++m_tally.serverKills;
}

Outcome TestSyncCrash::ctl(const QStringList& arguments, const QByteArray& password) const
{
    return runCtl(m_office.dir.path(), arguments, password, ctlEnvironment(), {}, kSyncCapMs);
}

Outcome TestSyncCrash::pusat(const QStringList& arguments) const
{
    return runPusat(m_centralDb, arguments);
}

// Captures `approved` birth certificates through core, some with one or two scans (now and then
// a scan that an earlier application had already), submits and approves them, and closes the
// folder again. `sealAfter` closes the open batch, so the queue holds batches of several sizes.
void TestSyncCrash::capture(int approved, bool sealAfter)
{
    Result<std::unique_ptr<Database>> opened = Database::open(m_office.dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    Database& database = **opened;
    RegionStore regions(database);
    ApplicationStore store(database, Catalogue::builtIn(), regions, m_office.clock);
    ScanStore scanStore(database, store, Catalogue::builtIn(), m_office.clock);
    std::optional<Result<ScanKey>> key;

    QStringList uuids;
    for (int i = 0; i < approved; ++i) {
        const QString name = u"Anak Koba %1"_s.arg(++m_captured);
        const Result<Application> draft =
            store.saveDraft(m_office.clerk, birthCertificate(name, u"2026-11-20"_s));
        QVERIFY2(draft.ok(), qPrintable(draft.errorMessage()));
        const int scans = m_random.bounded(10) < 3 ? 1 + int(m_random.bounded(2)) : 0;
        for (int s = 0; s < scans; ++s) {
            if (!key) {
                key = loadScanKey(database);
                QVERIFY2(key && key->ok(), "the scan key could not be loaded from the keychain");
            }
            QByteArray content;
            if (!m_scanContents.isEmpty() && m_random.bounded(5) == 0) {
                content =
                    m_scanContents.at(int(m_random.bounded(qsizetype(m_scanContents.size()))));
            } else {
                // A JPEG by its first bytes, then 1 to 48 KB of noise.
                QList<quint32> noise(256 + qsizetype(m_random.bounded(12 * 1024)));
                m_random.fillRange(noise.data(), noise.size());
                content = QByteArray("\xFF\xD8\xFF\xE0", 4) +
                          QByteArray(reinterpret_cast<const char*>(noise.constData()),
                                     noise.size() * qsizetype(sizeof(quint32)));
                m_scanContents.append(content);
            }
            const Result<AttachedScan> attached = scanStore.attachContent(
                key->value(), m_office.clerk, draft->id, s == 0 ? u"kk"_s : u"surat-kelahiran"_s,
                content, u"scan_%1_%2.jpg"_s.arg(m_captured).arg(s));
            QVERIFY2(attached.ok(), qPrintable(attached.errorMessage()));
        }
        const Result<Application> submitted = store.submit(m_office.clerk, draft->id, true);
        QVERIFY2(submitted.ok(), qPrintable(submitted.errorMessage()));
        m_expected.insert(uuidKey(submitted->uuid),
                          {submitted->registrationNumber, u"accepted"_s, scans, true});
        uuids.append(submitted->uuid);
    }
    const Result<int> done = store.approveAll(m_office.supervisor);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(*done, approved);
    if (sealAfter) {
        Outbox outbox(database, m_office.clock);
        QVERIFY(outbox.sealOpenBatch().ok());
    }
}

// A draft and a returned application: sync must leave both as they are.
void TestSyncCrash::leaveUnsent()
{
    Result<std::unique_ptr<Database>> opened = Database::open(m_office.dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    RegionStore regions(**opened);
    ApplicationStore store(**opened, Catalogue::builtIn(), regions, m_office.clock);
    const Result<Application> draft =
        store.saveDraft(m_office.otherClerk, birthCertificate(u"Draf %1"_s.arg(++m_captured)));
    QVERIFY2(draft.ok(), qPrintable(draft.errorMessage()));
    m_expected.insert(uuidKey(draft->uuid), {draft->registrationNumber, u"draft"_s, 0, false});

    const Result<Application> other =
        store.saveDraft(m_office.otherClerk, birthCertificate(u"Kembali %1"_s.arg(++m_captured)));
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    QVERIFY(store.submit(m_office.otherClerk, other->id, true).ok());
    const Result<Application> returned =
        store.returnToClerk(m_office.otherSupervisor, other->id, u"Tanda tangan kurang"_s);
    QVERIFY2(returned.ok(), qPrintable(returned.errorMessage()));
    m_expected.insert(uuidKey(returned->uuid),
                      {returned->registrationNumber, u"returned"_s, 0, false});
}

// The back office moves one or two applications that reached it; the next syncs bring that back.
void TestSyncCrash::setSomeStatuses()
{
    const QList<QStringList> onServer = m_central.rows(
        u"SELECT id, status FROM applications WHERE status IN ('accepted', 'processing')"_s);
    if (onServer.isEmpty())
        return;
    const int changes = 1 + int(m_random.bounded(2));
    for (int i = 0; i < changes; ++i) {
        const QStringList row = onServer.at(int(m_random.bounded(qsizetype(onServer.size()))));
        Expected& expected = m_expected[uuidKey(row.at(0))];
        if (expected.state != u"accepted" && expected.state != u"processing")
            continue;
        static const QStringList kTargets = {u"processing"_s, u"completed"_s, u"rejected"_s};
        const QString to = expected.state == u"processing"
                               ? kTargets.at(1 + int(m_random.bounded(2)))
                               : kTargets.at(int(m_random.bounded(3)));
        QStringList arguments{u"set-status"_s, expected.registrationNumber, to};
        if (to == u"rejected")
            arguments += QStringList{u"--reason"_s, u"Berkas tidak lengkap"_s};
        const Outcome set = pusat(arguments);
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        expected.state = to;
    }
}

// One sync left alone; returns how long it took.
qint64 TestSyncCrash::syncOnce(bool expectOk)
{
    QElapsedTimer timer;
    timer.start();
    const Outcome synced = ctl({u"sync"_s, u"--json"_s});
    const qint64 elapsed = timer.elapsed();
    const QJsonObject report = QJsonDocument::fromJson(synced.out.toUtf8()).object();
    if (expectOk) {
        [&] {
            QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
            QCOMPARE(report.value(u"ok"_s).toBool(), true);
        }();
    }
    return elapsed;
}

int TestSyncCrash::answersSoFar()
{
    QFile log(m_serverLog);
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    log.seek(m_serverLogRead);
    const QByteArray added = log.readAll();
    const qsizetype complete = added.lastIndexOf('\n') + 1;
    m_serverLogRead += complete;
    return int(added.left(complete).count("/api/v1/"));
}

// Starts a sync and kills it after a drawn delay; in some rounds the server is killed instead,
// started again on its port, and the sync gets a moment to notice before it is killed too.
void TestSyncCrash::syncAndKill(int round)
{
    // Every fifth round, so that the default run of a few rounds has it too.
    const bool killServerToo = round % 5 == 2;
    const int delayMs = int(m_random.bounded(kKillSpread) * m_windowGrowth * double(m_wholeSyncMs));
    (void)answersSoFar();

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, u"en"_s);
    environment.remove(u"SIPELANDUK_PASSWORD"_s);
    QProcess sync;
    sync.setProcessEnvironment(environment);
#ifdef Q_OS_LINUX
    sync.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
    sync.start(kBinaryDir + u"/app/sipelanduk-ctl"_s,
               {u"--data-dir"_s, m_office.dir.path(), u"sync"_s, u"--json"_s});
    QVERIFY(sync.waitForStarted(10'000));
    sync.closeWriteChannel();

    const bool endedByItself = sync.waitForFinished(qMax(delayMs, 1));
    if (killServerToo) {
        killServer();
        QVERIFY(startServer());
        if (!endedByItself && !sync.waitForFinished(kAfterServerKillMs)) {
            sync.kill();
            sync.waitForFinished(10'000);
        }
    } else if (!endedByItself) {
        sync.kill();
        sync.waitForFinished(10'000);
    }

    const int answers = answersSoFar();
    m_windowGrowth = endedByItself ? 1.0 : qMin(m_windowGrowth * kWindowGrowth, kMaxWindowGrowth);
    if (endedByItself)
        ++m_tally.endedByItself;
    else if (answers == 0)
        ++m_tally.beforeAnyAnswer;
    else
        ++m_tally.betweenAnswers;
    const char* what = killServerToo ? (endedByItself ? "sync ended by itself, then server killed"
                                                      : "server killed mid-sync")
                                     : (endedByItself ? "sync ended by itself" : "sync killed");
    qInfo("round %d: %s after %d ms, %d answers from the server", round, what, delayMs, answers);
}

bool TestSyncCrash::nothingPending() const
{
    return rowsOf(m_clientDb, u"SELECT count(*) FROM batch WHERE state <> 'sent'"_s) ==
               QList<QStringList>{{u"0"_s}} &&
           rowsOf(m_clientDb, u"SELECT count(*) FROM application WHERE state = 'approved'"_s) ==
               QList<QStringList>{{u"0"_s}};
}

void TestSyncCrash::killedSyncsLoseAndDoubleNothing()
{
    // A backlog of batches of several sizes, some applications with scans: one of a single
    // application, 12, 45, and 210 approved at once, which fill one batch of 200 and leave 10.
    for (const int size : {1, 12, 45})
        capture(size, true);
    capture(210, false);
    leaveUnsent();
    QVERIFY(!QTest::currentTestFailed());

    const int rounds = roundsFromEnvironment();
    for (int round = 0; round < rounds; ++round) {
        capture(int(m_random.bounded(5)), m_random.bounded(4) == 0);
        if (m_random.bounded(10) == 0 && !QTest::currentTestFailed())
            leaveUnsent();
        if (m_random.bounded(3) == 0)
            setSomeStatuses();
        syncAndKill(round);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("kills: %d before the server answered anything, %d between answers, %d syncs ended "
          "by themselves; the server was killed %d times",
          m_tally.beforeAnyAnswer, m_tally.betweenAnswers, m_tally.endedByItself,
          m_tally.serverKills);

    // Undisturbed now: sync until nothing waits, then once more for the last statuses.
    for (int attempt = 0; attempt < 5 && !nothingPending(); ++attempt)
        (void)syncOnce(false);
    QVERIFY2(nothingPending(), "batches or approved applications still wait after five syncs");
    (void)syncOnce(true);
    if (QTest::currentTestFailed())
        return;

    checkServer();
    checkClient();
    checkStatuses();
    checkIntegrity();
}

// Every approved application is on the server exactly once, by uuid and by registration number,
// with the scans it was sealed with; the batches are the client's, each once.
void TestSyncCrash::checkServer()
{
    QHash<QString, QString> sent; // uuid -> registration number
    QHash<QString, int> scans;
    for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
        if (it->sent) {
            sent.insert(it.key(), it->registrationNumber);
            scans.insert(it.key(), it->scans);
        }
    }

    const QList<QStringList> rows =
        m_central.rows(u"SELECT id, registration_number FROM applications"_s);
    QHash<QString, QString> onServer;
    QSet<QString> numbers;
    for (const QStringList& row : rows) {
        QVERIFY2(!onServer.contains(uuidKey(row.at(0))), qPrintable(row.at(0)));
        QVERIFY2(!numbers.contains(row.at(1)), qPrintable(row.at(1)));
        onServer.insert(uuidKey(row.at(0)), row.at(1));
        numbers.insert(row.at(1));
    }
    QCOMPARE(onServer.size(), sent.size());
    QCOMPARE(onServer, sent);

    const QList<QStringList> scanRows =
        m_central.rows(u"SELECT application_id, count(*) FROM application_scans GROUP BY 1"_s);
    QHash<QString, int> scansOnServer;
    for (const QStringList& row : scanRows)
        scansOnServer.insert(uuidKey(row.at(0)), row.at(1).toInt());
    for (auto it = scans.cbegin(); it != scans.cend(); ++it)
        QCOMPARE(scansOnServer.value(it.key()), it.value());
    // Every scan the applications name is stored, each content once.
    QCOMPARE(m_central.rows(u"SELECT count(*) FROM application_scans s "
                            "LEFT JOIN scans c ON c.sha256 = s.sha256 "
                            "WHERE c.sha256 IS NULL"_s),
             (QList<QStringList>{{u"0"_s}}));

    QList<QStringList> clientBatches =
        rowsOf(m_clientDb, u"SELECT uuid FROM batch ORDER BY uuid"_s);
    QList<QStringList> serverBatches = m_central.rows(u"SELECT id FROM batches ORDER BY id"_s);
    for (QStringList& row : clientBatches)
        row[0] = uuidKey(row[0]);
    for (QStringList& row : serverBatches)
        row[0] = uuidKey(row[0]);
    // Each backend orders text its own way (PostgreSQL by the cluster's collation).
    std::sort(clientBatches.begin(), clientBatches.end());
    std::sort(serverBatches.begin(), serverBatches.end());
    QCOMPARE(serverBatches, clientBatches);
    // The status sequence holds one 'accepted' per application, not one per retry.
    QCOMPARE(m_central.rows(u"SELECT count(*) FROM status_changes WHERE status = 'accepted'"_s),
             (QList<QStringList>{{QString::number(sent.size())}}));
}

// Nothing was lost on the PC: every application is there in the state the test expects, every
// batch counts as sent, and each sent application moved out of the outbox exactly once.
void TestSyncCrash::checkClient()
{
    QMap<QString, int> expectedStates;
    for (const Expected& expected : std::as_const(m_expected))
        expectedStates[expected.state]++;
    QMap<QString, int> states;
    for (const QStringList& row :
         rowsOf(m_clientDb, u"SELECT state, count(*) FROM application GROUP BY state"_s))
        states.insert(row.at(0), row.at(1).toInt());
    QCOMPARE(states, expectedStates);

    QCOMPARE(rowsOf(m_clientDb, u"SELECT DISTINCT state FROM batch"_s),
             (QList<QStringList>{{u"sent"_s}}));
    // A killed run is recorded as interrupted by the next one, never left open.
    QCOMPARE(rowsOf(m_clientDb, u"SELECT count(*) FROM sync_run WHERE outcome IS NULL"_s),
             (QList<QStringList>{{u"0"_s}}));
    QCOMPARE(rowsOf(m_clientDb, u"SELECT outcome FROM sync_run ORDER BY id DESC LIMIT 1"_s),
             (QList<QStringList>{{u"ok"_s}}));
    QCOMPARE(rowsOf(m_clientDb,
                    u"SELECT count(*) FROM application_event WHERE from_state = 'approved'"_s),
             (QList<QStringList>{{QString::number(
                 std::count_if(m_expected.cbegin(), m_expected.cend(),
                               [](const Expected& expected) { return expected.sent; }))}}));

    const Outcome verified =
        ctl({u"audit"_s, u"verify"_s, u"--as"_s, u"it"_s, u"--json"_s}, "rahasia-it");
    QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
    QCOMPARE(QJsonDocument::fromJson(verified.out.toUtf8()).object().value(u"ok"_s).toBool(), true);
}

// Statuses set on the server came back: each application reads the same on both sides, and
// what the test set.
void TestSyncCrash::checkStatuses()
{
    QHash<QString, QString> serverStates;
    for (const QStringList& row : m_central.rows(u"SELECT id, status FROM applications"_s))
        serverStates.insert(uuidKey(row.at(0)), row.at(1));
    QHash<QString, QString> clientStates;
    for (const QStringList& row : rowsOf(m_clientDb, u"SELECT uuid, state FROM application"_s))
        clientStates.insert(uuidKey(row.at(0)), row.at(1));
    for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
        QCOMPARE(clientStates.value(it.key()), it->state);
        if (it->sent)
            QCOMPARE(serverStates.value(it.key()), it->state);
    }
}

// PostgreSQL has no integrity_check and enforces its foreign keys itself; there the central side
// is checked for doubles once more in SQL, whatever case a uuid was written in.
void TestSyncCrash::checkIntegrity()
{
    QCOMPARE(rowsOf(m_clientDb, u"PRAGMA integrity_check"_s), (QList<QStringList>{{u"ok"_s}}));
    QCOMPARE(rowsOf(m_clientDb, u"PRAGMA foreign_key_check"_s), QList<QStringList>());
    if (!TestCentralDatabase::usesPostgres()) {
        QCOMPARE(m_central.rows(u"PRAGMA integrity_check"_s), (QList<QStringList>{{u"ok"_s}}));
        QCOMPARE(m_central.rows(u"PRAGMA foreign_key_check"_s), QList<QStringList>());
        return;
    }

    const QString sent =
        QString::number(std::count_if(m_expected.cbegin(), m_expected.cend(),
                                      [](const Expected& expected) { return expected.sent; }));
    QCOMPARE(m_central.rows(u"SELECT count(*), count(DISTINCT lower(id)), "
                            "count(DISTINCT registration_number) FROM applications"_s),
             (QList<QStringList>{{sent, sent, sent}}));
    const QString batches =
        QString::number(m_central.count(u"SELECT count(DISTINCT lower(id)) FROM batches"_s));
    QCOMPARE(m_central.rows(u"SELECT count(*) FROM batches"_s), (QList<QStringList>{{batches}}));
    QCOMPARE(m_central.rows(u"SELECT count(*) FROM application_scans a "
                            "LEFT JOIN applications p ON p.id = a.application_id "
                            "WHERE p.id IS NULL"_s),
             (QList<QStringList>{{u"0"_s}}));
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncCrash)
#include "tst_sync_crash.moc"
