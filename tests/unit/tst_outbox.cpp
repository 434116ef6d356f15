#include "TestOffice.h"

#include "storage/ScanKey.h"
#include "storage/ScanStore.h"
#include "sync/Outbox.h"
#include "sync/SyncClient.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The local side of sync, without a network: what goes out, and how answers are stored.
class TestOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void requestCarriesTheSealedApplications();
    void scansAreSealedAndSentWithTheirNames();
    void answerMovesApplicationsAndMarksTheBatchSent();
    void answerForAnotherBatchChangesNothing();
    void answerThatLeavesOutAnApplicationChangesNothing();
    void interruptedRunIsClosedAsFailed();
    void serverAddress_data();
    void serverAddress();
    void statusPageMovesStatesAndCursor();
    void statusPageThatGoesBackIsRefused_data();
    void statusPageThatGoesBackIsRefused();
    void repeatedAnswerDoesNotUndoALaterStatus();
    void manyPendingApplicationsGoInBoundedBatches();
    void queueShowsEachApplicationWithStateAndReason();
    void queueIsListedInBoundedPages();
    void recentRunsAreNewestFirst();

private:
    QList<Application> approved(int count);
    static protocol::BatchResponse acceptAll(const protocol::BatchRequest& request);

    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<Outbox> m_outbox;
};

void TestOutbox::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    m_outbox = std::make_unique<Outbox>(*m_office->database, m_office->clock);
}

QList<Application> TestOutbox::approved(int count)
{
    QList<Application> applications;
    for (int i = 0; i < count; ++i) {
        Result<Application> saved =
            m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        if (saved)
            saved = m_office->store->submit(m_office->clerk, saved->id, false);
        if (saved)
            saved = m_office->store->approve(m_office->supervisor, saved->id);
        if (saved)
            applications.append(*saved);
    }
    return applications;
}

protocol::BatchResponse TestOutbox::acceptAll(const protocol::BatchRequest& request)
{
    protocol::BatchResponse response;
    response.batch = request.batch;
    response.receivedAt = QDateTime(QDate(2026, 12, 3), QTime(10, 0), Qt::UTC);
    for (const protocol::ApplicationRecord& record : request.applications) {
        protocol::ApplicationResult result;
        result.uuid = record.uuid;
        result.registrationNumber = record.registrationNumber;
        response.results.append(result);
    }
    return response;
}

void TestOutbox::requestCarriesTheSealedApplications()
{
    const QList<Application> applications = approved(3);
    QCOMPARE(applications.size(), 3);
    QVERIFY(m_outbox->pendingBatches().isEmpty());
    QVERIFY(m_outbox->sealOpenBatch().ok());

    const QList<PendingBatch> pending = m_outbox->pendingBatches();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().applications, 3);
    Result<protocol::BatchRequest> request = m_outbox->request(pending.first());
    QVERIFY(request.ok());
    QCOMPARE(request->office, u"19.04.01"_s);
    QCOMPARE(request->batch, pending.first().uuid);
    QCOMPARE(request->applications.size(), 3);
    const protocol::ApplicationRecord& first = request->applications.first();
    QCOMPARE(first.registrationNumber, applications.first().registrationNumber);
    QCOMPARE(first.contentHash, applications.first().contentHash);
    QCOMPARE(protocol::contentHash(first), first.contentHash);
    QCOMPARE(first.fields.value(u"child.birthDate"_s).toString(), u"2026-11-20"_s);
}

void TestOutbox::scansAreSealedAndSentWithTheirNames()
{
    const QByteArray jpeg = QByteArray("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "ktp ayah";
    const QByteArray pdf = "%PDF-1.4\n%akta\n%%EOF\n"_ba;
    const ScanKey key = ScanKey::fromBytes(QByteArray(ScanKey::kBytes, 'k')).value();
    ScanStore scans(*m_office->database, *m_office->store, Catalogue::builtIn(), m_office->clock);
    Result<Application> saved =
        m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Zo\u00EB"_s));
    QVERIFY(saved.ok());
    const Result<AttachedScan> ktp = scans.attachContent(key, m_office->clerk, saved->id, u"kk"_s,
                                                         jpeg, u"ktp_ayah_\U0001F600.jpg"_s);
    const Result<AttachedScan> akta = scans.attachContent(
        key, m_office->clerk, saved->id, u"surat-kelahiran"_s, pdf, u"akta_Zo\u00EB.pdf"_s);
    QVERIFY2(ktp.ok() && akta.ok(), qPrintable(ktp.errorMessage() + akta.errorMessage()));
    saved = m_office->store->submit(m_office->clerk, saved->id, false);
    QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
    saved = m_office->store->approve(m_office->supervisor, saved->id);
    QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
    QVERIFY(m_outbox->sealOpenBatch().ok());

    const Result<protocol::BatchRequest> request =
        m_outbox->request(m_outbox->pendingBatches().value(0));
    QVERIFY2(request.ok(), qPrintable(request.errorMessage()));
    const protocol::ApplicationRecord& sent = request->applications.value(0);
    const QList<protocol::ScanReference> expected{
        {u"kk"_s, ktp->sha256, u"ktp_ayah_\U0001F600.jpg"_s, u"image/jpeg"_s, jpeg.size()},
        {u"surat-kelahiran"_s, akta->sha256, u"akta_Zo\u00EB.pdf"_s, u"application/pdf"_s,
         pdf.size()},
    };
    QCOMPARE(sent.scans, expected);
    // The seal made at approval covers the scans: the server computes the same.
    QCOMPARE(sent.contentHash, saved->contentHash);
    QCOMPARE(protocol::contentHash(sent), sent.contentHash);
    QVERIFY(protocol::contentHash(sent.service, sent.catalogueVersion, sent.fields,
                                  sent.requirements) != sent.contentHash);
}

void TestOutbox::answerMovesApplicationsAndMarksTheBatchSent()
{
    const QList<Application> applications = approved(2);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch batch = m_outbox->pendingBatches().first();
    protocol::BatchResponse response = acceptAll(*m_outbox->request(batch));
    response.results[1].outcome = protocol::Outcome::Rejected;
    response.results[1].reason = Error{u"NIK ibu tidak terdaftar"_s, u"unknown_nik"_s};

    Result<BatchOutcome> outcome = m_outbox->recordResponse(batch, response);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->accepted, 1);
    QCOMPARE(outcome->rejected, 1);
    QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Accepted);
    const Application rejected = *m_office->store->find(applications[1].id);
    QCOMPARE(rejected.state, ApplicationState::Rejected);
    QCOMPARE(rejected.stateReason, u"NIK ibu tidak terdaftar"_s);
    QVERIFY(m_outbox->pendingBatches().isEmpty());
}

void TestOutbox::answerForAnotherBatchChangesNothing()
{
    const QList<Application> applications = approved(1);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch batch = m_outbox->pendingBatches().first();
    protocol::BatchResponse response = acceptAll(*m_outbox->request(batch));
    response.batch = QUuid::createUuid();

    QCOMPARE(m_outbox->recordResponse(batch, response).error().code, u"batch_mismatch"_s);
    QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Approved);
    QCOMPARE(m_outbox->pendingBatches().size(), 1);
}

void TestOutbox::answerThatLeavesOutAnApplicationChangesNothing()
{
    const QList<Application> applications = approved(3);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch batch = m_outbox->pendingBatches().first();
    protocol::BatchResponse response = acceptAll(*m_outbox->request(batch));
    response.results.removeLast();

    QCOMPARE(m_outbox->recordResponse(batch, response).error().code, u"incomplete_answer"_s);
    response.results.clear();
    QCOMPARE(m_outbox->recordResponse(batch, response).error().code, u"incomplete_answer"_s);
    for (const Application& application : applications)
        QCOMPARE(m_office->store->find(application.id)->state, ApplicationState::Approved);
    QCOMPARE(m_outbox->pendingBatches().size(), 1);
}

void TestOutbox::interruptedRunIsClosedAsFailed()
{
    Result<qint64> first = m_outbox->startRun();
    QVERIFY(first.ok());
    Result<qint64> second = m_outbox->startRun();
    QVERIFY(second.ok());
    QSqlQuery query(m_office->database->connection());
    QVERIFY(query.exec(
        u"SELECT outcome, finished_at IS NOT NULL FROM sync_run WHERE id = %1"_s.arg(*first)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), u"failed"_s);
    QVERIFY(query.value(1).toBool());
}

void TestOutbox::serverAddress_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("code");

    QTest::newRow("https") << u"https://pusat.bangkatengahkab.go.id"_s << QString();
    QTest::newRow("http on this PC") << u"http://127.0.0.1:8470"_s << QString();
    QTest::newRow("http on localhost") << u"http://localhost:8470"_s << QString();
    QTest::newRow("http elsewhere") << u"http://pusat.example.go.id"_s << u"insecure_url"_s;
    QTest::newRow("ftp") << u"ftp://127.0.0.1"_s << u"invalid_url"_s;
    QTest::newRow("no host") << u"https://"_s << u"invalid_url"_s;
}

void TestOutbox::serverAddress()
{
    QFETCH(QString, url);
    QFETCH(QString, code);

    const Status checked = SyncClient::checkServerUrl(QUrl(url));
    QCOMPARE(checked.ok(), code.isEmpty());
    if (!code.isEmpty())
        QCOMPARE(checked.error().code, code);
}

void TestOutbox::statusPageMovesStatesAndCursor()
{
    const QList<Application> applications = approved(2);
    protocol::StatusPage page;
    page.cursor = 42;
    protocol::StatusChange completed;
    completed.seq = 41;
    completed.uuid = protocol::parseUuid(applications[0].uuid);
    completed.registrationNumber = applications[0].registrationNumber;
    completed.status = protocol::RemoteStatus::Completed;
    completed.at = QDateTime(QDate(2026, 12, 5), QTime(3, 0), Qt::UTC);
    protocol::StatusChange elsewhere = completed;
    elsewhere.seq = 42;
    elsewhere.uuid = QUuid::createUuid(); // captured on another PC of the office
    page.changes = {completed, elsewhere};

    Result<int> applied = m_outbox->applyStatusPage(page);
    QVERIFY(applied.ok());
    QCOMPARE(*applied, 1);
    QCOMPARE(m_outbox->statusCursor(), 42);
    QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Completed);
    QCOMPARE(m_office->store->find(applications[1].id)->state, ApplicationState::Approved);
}

void TestOutbox::statusPageThatGoesBackIsRefused_data()
{
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<bool>("withChange");
    QTest::addColumn<qint64>("latest"); // -1: a server of before the field
    QTest::addColumn<QString>("said");
    const QString wentBack = u"The central server's list of status changes went back from "
                             u"number 42 to %1; it may have been restored from a backup. This "
                             u"answer was not applied. Tell the regency's IT staff; once they "
                             u"confirm the restore, the IT operator reads the list again from its "
                             u"start (sipelanduk-ctl resync-status)."_s;
    QTest::newRow("behind, with a change") << qint64(5) << true << qint64(-1) << wentBack.arg(5);
    QTest::newRow("behind, empty") << qint64(5) << false << qint64(-1) << wentBack.arg(5);
    // A restored server echoes the cursor on an empty page; its latest change gives it away.
    QTest::newRow("empty page from a restored server")
        << qint64(42) << false << qint64(30) << wentBack.arg(30);
    QTest::newRow("a change that does not move it")
        << qint64(42) << true << qint64(-1)
        << u"The central server sent status changes without moving its list forward from number "
           u"42, so asking again would never end. This answer was not applied. Tell the "
           u"regency's IT staff."_s;
}

// A server restored from a backup, or a broken one, answers below the cursor or without moving
// it: the page is refused with a sentence, and nothing on the PC changes.
void TestOutbox::statusPageThatGoesBackIsRefused()
{
    QFETCH(qint64, cursor);
    QFETCH(bool, withChange);
    QFETCH(qint64, latest);
    QFETCH(QString, said);
    const QList<Application> applications = approved(1);
    protocol::StatusPage first;
    first.cursor = 42;
    QVERIFY(m_outbox->applyStatusPage(first).ok());

    protocol::StatusPage page;
    page.cursor = cursor;
    if (latest >= 0)
        page.latest = latest;
    if (withChange) {
        protocol::StatusChange completed;
        completed.seq = cursor;
        completed.uuid = protocol::parseUuid(applications[0].uuid);
        completed.status = protocol::RemoteStatus::Completed;
        completed.at = QDateTime(QDate(2026, 12, 5), QTime(3, 0), Qt::UTC);
        page.changes = {completed};
    }
    const Result<int> refused = m_outbox->applyStatusPage(page);
    QCOMPARE(refused.error().code, u"status_cursor"_s);
    QCOMPARE(refused.errorMessage(), said);
    QCOMPARE(m_outbox->statusCursor(), 42);
    QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Approved);

    // The way back is the IT operator's: read the list again from its start.
    QCOMPARE(m_outbox->readStatusAgain(m_office->clerk).error().code, u"forbidden"_s);
    QCOMPARE(m_outbox->statusCursor(), 42);
    QVERIFY(m_outbox->readStatusAgain(m_office->admin).ok());
    QCOMPARE(m_outbox->statusCursor(), 0);
    if (withChange) {
        page.latest.reset();
        QCOMPARE(m_outbox->applyStatusPage(page).value(), 1);
        QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Completed);
        QCOMPARE(m_outbox->statusCursor(), cursor);
    }
}

void TestOutbox::repeatedAnswerDoesNotUndoALaterStatus()
{
    const QList<Application> applications = approved(1);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch batch = m_outbox->pendingBatches().first();
    const protocol::BatchResponse response = acceptAll(*m_outbox->request(batch));

    // The answer was lost; meanwhile the status pull already says completed.
    protocol::StatusPage page;
    page.cursor = 7;
    protocol::StatusChange completed;
    completed.seq = 7;
    completed.uuid = protocol::parseUuid(applications[0].uuid);
    completed.status = protocol::RemoteStatus::Completed;
    completed.at = QDateTime(QDate(2026, 12, 5), QTime(3, 0), Qt::UTC);
    page.changes = {completed};
    QVERIFY(m_outbox->applyStatusPage(page).ok());

    QVERIFY(m_outbox->recordResponse(batch, response).ok());
    QCOMPARE(m_office->store->find(applications[0].id)->state, ApplicationState::Completed);
    QVERIFY(m_outbox->pendingBatches().isEmpty());
}

void TestOutbox::manyPendingApplicationsGoInBoundedBatches()
{
    // Case 7 of the field cases: 1,500 approved applications waiting for the network.
    constexpr int kPending = 1500;
    for (int i = 0; i < kPending; ++i) {
        Result<Application> saved =
            m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY(saved.ok());
        QVERIFY(m_office->store->submit(m_office->clerk, saved->id, false).ok());
    }
    QCOMPARE(*m_office->store->approveAll(m_office->supervisor), kPending);
    QCOMPARE(m_office->store->listFor(m_office->supervisor, ApplicationState::Approved, -1).size(),
             kPending);
    QVERIFY(m_outbox->sealOpenBatch().ok());

    const QList<PendingBatch> pending = m_outbox->pendingBatches();
    QCOMPARE(pending.size(),
             (kPending + ApplicationStore::kBatchSize - 1) / ApplicationStore::kBatchSize);
    int sent = 0;
    for (const PendingBatch& batch : pending) {
        QVERIFY(batch.applications <= ApplicationStore::kBatchSize);
        Result<protocol::BatchRequest> request = m_outbox->request(batch);
        QVERIFY(request.ok());
        Result<BatchOutcome> outcome = m_outbox->recordResponse(batch, acceptAll(*request));
        QVERIFY(outcome.ok());
        sent += outcome->accepted;
    }
    QCOMPARE(sent, kPending);
    QCOMPARE(m_office->store->countsByState().value(ApplicationState::Accepted), kPending);
}

void TestOutbox::queueShowsEachApplicationWithStateAndReason()
{
    const QList<Application> first = approved(2);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch sentBatch = m_outbox->pendingBatches().first();
    protocol::BatchResponse response = acceptAll(*m_outbox->request(sentBatch));
    response.results[1].outcome = protocol::Outcome::Rejected;
    response.results[1].reason = Error{u"NIK ibu tidak terdaftar"_s, u"unknown_nik"_s};
    QVERIFY(m_outbox->recordResponse(sentBatch, response).ok());
    const QList<Application> second = approved(1);
    QVERIFY(m_outbox->sealOpenBatch().ok());
    const PendingBatch failing = m_outbox->pendingBatches().first();
    QVERIFY(m_outbox->recordFailure(failing, u"Server tidak dapat dihubungi."_s).ok());
    const QList<Application> third = approved(1);

    // Newest batch first: the open one waits, the failed one says why, then the answered one.
    const QList<QueueItem> items = m_outbox->queue(10);
    QCOMPARE(items.size(), 4);
    QCOMPARE(items[0].registrationNumber, third[0].registrationNumber);
    QCOMPARE(items[0].state, QueueState::Waiting);
    QCOMPARE(items[0].reason, QString());
    QCOMPARE(items[1].registrationNumber, second[0].registrationNumber);
    QCOMPARE(items[1].state, QueueState::Failed);
    QCOMPARE(items[1].reason, u"Server tidak dapat dihubungi."_s);
    QCOMPARE(items[1].attempts, 1);
    QCOMPARE(items[2].registrationNumber, first[0].registrationNumber);
    QCOMPARE(items[2].state, QueueState::Accepted);
    QCOMPARE(items[3].registrationNumber, first[1].registrationNumber);
    QCOMPARE(items[3].state, QueueState::Rejected);
    QCOMPARE(items[3].reason, u"NIK ibu tidak terdaftar"_s);
    QCOMPARE(queueStateName(items[3].state), u"rejected"_s);

    // The batch a running sync has on the wire is "sending", in the list and in the counts.
    QCOMPARE(m_outbox->queue(10, 0, failing.id)[1].state, QueueState::Sending);
    const QMap<QueueState, int> counts = m_outbox->queueCounts(failing.id);
    QCOMPARE(counts.value(QueueState::Waiting), 1);
    QCOMPARE(counts.value(QueueState::Sending), 1);
    QCOMPARE(counts.value(QueueState::Accepted), 1);
    QCOMPARE(counts.value(QueueState::Rejected), 1);

    // A week after its batch went, an answered application leaves the queue; waiting ones stay.
    m_office->clock.set(m_office->clock.now().addDays(Outbox::kRecentDays + 1));
    QCOMPARE(m_outbox->queue(10).size(), 2);
    QCOMPARE(m_outbox->queueCounts().value(QueueState::Accepted), 0);
    QCOMPARE(m_outbox->queueCounts().value(QueueState::Failed), 1);
}

void TestOutbox::queueIsListedInBoundedPages()
{
    const QList<Application> applications = approved(7);
    QStringList listed;
    for (int offset = 0; offset < 10; offset += 3) {
        const QList<QueueItem> page = m_outbox->queue(3, offset);
        QVERIFY(page.size() <= 3);
        for (const QueueItem& item : page)
            listed.append(item.registrationNumber);
    }
    QStringList expected;
    for (const Application& application : applications)
        expected.append(application.registrationNumber);
    QCOMPARE(listed, expected);
    QCOMPARE(m_outbox->queue(100000).size(), 7); // capped at kMaxQueuePage, not refused
    QCOMPARE(m_outbox->queue(-1).size(), 0);
}

void TestOutbox::recentRunsAreNewestFirst()
{
    Result<qint64> first = m_outbox->startRun();
    QVERIFY(first.ok());
    QVERIFY(m_outbox->finishRun(*first, false, u"tidak terhubung"_s, 0, 0, 0, 0).ok());
    m_office->clock.set(m_office->clock.now().addSecs(60));
    Result<qint64> second = m_outbox->startRun();
    QVERIFY(second.ok());
    QVERIFY(m_outbox->finishRun(*second, true, {}, 200, 199, 1, 5).ok());

    const QList<SyncRun> runs = m_outbox->recentRuns(5);
    QCOMPARE(runs.size(), 2);
    QVERIFY(runs[0].ok);
    QCOMPARE(runs[0].sent, 200);
    QCOMPARE(runs[0].accepted, 199);
    QCOMPARE(runs[0].rejected, 1);
    QCOMPARE(runs[0].statuses, 5);
    QCOMPARE(runs[0].startedAt, m_office->clock.now());
    QVERIFY(!runs[1].ok);
    QCOMPARE(runs[1].message, u"tidak terhubung"_s);
    QCOMPARE(m_outbox->recentRuns(1).size(), 1);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestOutbox)
#include "tst_outbox.moc"
