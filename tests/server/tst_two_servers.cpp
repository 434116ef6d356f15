#include "Clock.h"
#include "TestCentralDatabase.h"
#include "sync/Protocol.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;
using namespace sipelanduk;
using namespace sipelanduk::protocol;
using sipelanduk::test::TestCentralDatabase;

namespace {

constexpr int kBatches = 30;
constexpr int kPerBatch = 5;
constexpr int kStatusChanges = 60;

ApplicationRecord record(int serial)
{
    ApplicationRecord sealed;
    sealed.uuid = QUuid::createUuid();
    sealed.registrationNumber = u"190401-20261203-K7Q2M-%1"_s.arg(serial, 4, 10, QLatin1Char('0'));
    sealed.service = u"akta-kelahiran"_s;
    sealed.catalogueVersion = 1;
    sealed.capturedAt = QDateTime(QDate(2026, 12, 3), QTime(7, 0), Qt::UTC);
    sealed.approvedAt = sealed.capturedAt.addSecs(3000);
    sealed.fields = {{u"namaAnak"_s, u"Anak %1"_s.arg(serial)},
                     {u"tanggalLahir"_s, u"2026-11-20"_s}};
    sealed.requirements = {u"surat-kelahiran"_s, u"kk"_s};
    sealed.contentHash = contentHash(sealed);
    return sealed;
}

QProcessEnvironment englishEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, u"en"_s);
    environment.remove(u"PGPASSWORD"_s);
    return environment;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runPusat(const QStringList& arguments,
             const QProcessEnvironment& environment = englishEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SIPELANDUK_PUSAT), arguments);
    process.waitForFinished(60'000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

// Two sipelanduk-pusat processes serve one PostgreSQL database, as behind a load balancer. One
// client sends every batch to both at once and again afterwards, as a client whose answers got
// lost would, while it follows the status cursor through both; status changes are made by
// further processes at the same time. Nothing may be stored twice and the cursor may miss nothing.
class TestTwoServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void passwordStaysOutOfOutput();
    void sameBatchesThroughBothServersAreStoredOnce();
    void statusCursorSeesEveryChange();
    void serversConnectAgainAfterALostConnection();

private:
    QNetworkReply* request(const QByteArray& verb, int server, const QString& path,
                           const QByteArray& body = {});
    void pollStatus();
    // Follows the cursor until a page says there is no more, while `busy` says writes go on.
    void drainStatus();
    QString serverLogs() const;

    QTemporaryDir m_dir;
    TestCentralDatabase m_central;
    QProcess m_servers[2];
    QString m_urls[2];
    QNetworkAccessManager m_network;
    QString m_token;
    QList<ApplicationRecord> m_records;

    // The status cursor as a client keeps it, and every change it was given.
    qint64 m_cursor = 0;
    QList<StatusChange> m_seen;
    int m_polls = 0;
    bool m_polling = false;
    bool m_lastPageComplete = false;
    QString m_pollFailure;
};

void TestTwoServers::initTestCase()
{
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QVERIFY2(TestCentralDatabase::usesPostgres(), "this suite is for PostgreSQL only");
    const QString created = m_central.create(m_dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_network.setProxy(QNetworkProxy::NoProxy);

    for (int i = 0; i < 2; ++i) {
        QProcess& server = m_servers[i];
        server.setProgram(QStringLiteral(SIPELANDUK_PUSAT));
        server.setArguments({u"--db"_s, m_central.location(), u"--listen"_s, u"127.0.0.1:0"_s});
#ifdef Q_OS_LINUX
        server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
        QProcessEnvironment environment = englishEnvironment();
        environment.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
        server.setProcessEnvironment(environment);
        server.setStandardErrorFile(m_dir.filePath(u"pusat-%1.log"_s.arg(i)));
        server.start();
    }
    for (int i = 0; i < 2; ++i) {
        QProcess& server = m_servers[i];
        QVERIFY(server.waitForStarted(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 30'000);
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        const auto match = QRegularExpression(u"(http://127\\.0\\.0\\.1:\\d+)"_s).match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        m_urls[i] = match.captured(1);
    }
    QCOMPARE(m_central.count(u"SELECT MAX(version) FROM schema_versions"_s),
             m_central.count(u"SELECT count(*) FROM schema_versions"_s));

    const Run code =
        runPusat({u"--db"_s, m_central.location(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY2(code.exitCode == 0, qPrintable(code.err));
    const EnrolRequest enrolment{code.out.trimmed(), u"19.04.01"_s, u"PC-LOKET-1"_s, u"K7Q2M"_s};
    QNetworkReply* reply =
        request("POST", 1, enrolmentsPath(), QJsonDocument(enrolment.toJson()).toJson());
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30'000);
    const auto enrolled =
        EnrolResponse::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
    reply->deleteLater();
    QVERIFY2(enrolled.ok(), qPrintable(enrolled.errorMessage()));
    m_token = enrolled->token;
}

void TestTwoServers::cleanupTestCase()
{
    for (QProcess& server : m_servers) {
        server.terminate();
        server.waitForFinished(10'000);
    }
    m_central.drop();
}

QNetworkReply* TestTwoServers::request(const QByteArray& verb, int server, const QString& path,
                                       const QByteArray& body)
{
    QNetworkRequest request(QUrl(m_urls[server] + path));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    return m_network.sendCustomRequest(request, verb, body);
}

// One page, from the server the previous page did not come from; the next follows when it ends.
void TestTwoServers::pollStatus()
{
    m_polling = true;
    QNetworkReply* reply =
        request("GET", m_polls++ % 2, statusPath() + u"?after=%1&limit=7"_s.arg(m_cursor));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_polling = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto page = StatusPage::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
        if (status != 200 || !page) {
            m_pollFailure = u"status page: HTTP %1"_s.arg(status);
            return;
        }
        m_seen.append(page->changes);
        m_cursor = page->cursor;
        m_lastPageComplete = !page->more;
    });
}

void TestTwoServers::drainStatus()
{
    m_lastPageComplete = false;
    while (!m_lastPageComplete && m_pollFailure.isEmpty()) {
        pollStatus();
        QTRY_VERIFY_WITH_TIMEOUT(!m_polling, 30'000);
    }
    QCOMPARE(m_pollFailure, QString());
}

QString TestTwoServers::serverLogs() const
{
    QString logs;
    for (int i = 0; i < 2; ++i) {
        QFile log(m_dir.filePath(u"pusat-%1.log"_s.arg(i)));
        if (log.open(QIODevice::ReadOnly))
            logs += QString::fromUtf8(log.readAll());
    }
    return logs;
}

void TestTwoServers::passwordStaysOutOfOutput()
{
    QUrl url(m_central.location());
    const QString password = url.password();
    QVERIFY(password.size() >= 16);

    QUrl wrong = url;
    wrong.setPassword(u"salah-sandi-0123456789"_s);
    const Run refused =
        runPusat({u"--db"_s, wrong.toString(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.startsWith(u"The central database "_s +
                                    url.toString(QUrl::RemovePassword) +
                                    u" could not be opened: "_s),
             qPrintable(refused.err));
    QVERIFY(!refused.err.contains(u"salah-sandi"_s));

    // Without a password in the URL, PostgreSQL's own PGPASSWORD supplies it.
    QUrl bare = url;
    bare.setPassword({});
    const Run withoutPassword =
        runPusat({u"--db"_s, bare.toString(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QCOMPARE(withoutPassword.exitCode, 1);
    QProcessEnvironment environment = englishEnvironment();
    environment.insert(u"PGPASSWORD"_s, password);
    const Run fromEnvironment = runPusat(
        {u"--db"_s, bare.toString(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s}, environment);
    QVERIFY2(fromEnvironment.exitCode == 0, qPrintable(fromEnvironment.err));
    QVERIFY(QRegularExpression(u"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\n$"_s)
                .match(fromEnvironment.out)
                .hasMatch());

    const QString logs = serverLogs();
    QVERIFY(logs.contains(u"central database: PostgreSQL "_s + url.toString(QUrl::RemovePassword)));
    QVERIFY(!logs.contains(password));
}

void TestTwoServers::sameBatchesThroughBothServersAreStoredOnce()
{
    QList<BatchRequest> batches;
    for (int b = 0; b < kBatches; ++b) {
        BatchRequest batch{QUuid::createUuid(), u"19.04.01"_s, {}};
        for (int i = 0; i < kPerBatch; ++i) {
            m_records.append(record(b * kPerBatch + i + 1));
            batch.applications.append(m_records.constLast());
        }
        batches.append(batch);
    }

    // Every batch to both servers at once, then once more to each: four answers per batch.
    QList<QList<QNetworkReply*>> replies(kBatches);
    for (int round = 0; round < 2; ++round) {
        for (int b = 0; b < kBatches; ++b) {
            const QByteArray body = QJsonDocument(batches.at(b).toJson()).toJson();
            const int first = (b + round) % 2;
            replies[b].append(request("PUT", first, batchPath(batches.at(b).batch), body));
            replies[b].append(request("PUT", 1 - first, batchPath(batches.at(b).batch), body));
        }
        // The client follows the cursor while the batches are being stored.
        const auto allFinished = [&replies] {
            for (const auto& answers : replies) {
                for (QNetworkReply* reply : answers) {
                    if (!reply->isFinished())
                        return false;
                }
            }
            return true;
        };
        while (!allFinished()) {
            if (!m_polling)
                pollStatus();
            QTest::qWait(5);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!m_polling, 30'000);
    }

    for (int b = 0; b < kBatches; ++b) {
        QByteArray firstBody;
        for (QNetworkReply* reply : std::as_const(replies[b])) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            reply->deleteLater();
            QVERIFY2(status == 200, body.constData());
            if (firstBody.isEmpty())
                firstBody = body;
            QCOMPARE(body, firstBody);
            const auto response = BatchResponse::fromJson(QJsonDocument::fromJson(body).object());
            QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
            QCOMPARE(response->results.size(), kPerBatch);
            for (const ApplicationResult& result : response->results)
                QCOMPARE(result.outcome, Outcome::Accepted);
        }
    }

    const int applications = kBatches * kPerBatch;
    QCOMPARE(m_central.count(u"SELECT count(*) FROM batches"_s), qint64(kBatches));
    QCOMPARE(m_central.count(u"SELECT count(*) FROM applications"_s), qint64(applications));
    QCOMPARE(m_central.count(u"SELECT count(DISTINCT registration_number) FROM applications"_s),
             qint64(applications));
    QCOMPARE(m_central.count(u"SELECT count(*) FROM status_changes"_s), qint64(applications));

    drainStatus();
    QSet<QUuid> seen;
    for (const StatusChange& change : std::as_const(m_seen))
        seen.insert(change.uuid);
    QCOMPARE(m_seen.size(), applications);
    QCOMPARE(seen.size(), applications);
    for (const ApplicationRecord& sealed : std::as_const(m_records))
        QVERIFY(seen.contains(sealed.uuid));
}

// Status changes from several processes at once, while more batches arrive through both servers
// and the client follows the cursor: afterwards the client has seen every change exactly once,
// in order, and knows each application's status as the database does.
void TestTwoServers::statusCursorSeesEveryChange()
{
    QVERIFY(m_records.size() >= kStatusChanges);
    QList<std::shared_ptr<QProcess>> running;
    int next = 0;
    int failedCommands = 0;
    QList<QNetworkReply*> replies;
    for (int b = 0; b < 6; ++b) {
        BatchRequest batch{QUuid::createUuid(), u"19.04.01"_s, {}};
        for (int i = 0; i < kPerBatch; ++i) {
            m_records.append(record(1000 + b * kPerBatch + i));
            batch.applications.append(m_records.constLast());
        }
        const QByteArray body = QJsonDocument(batch.toJson()).toJson();
        replies.append(request("PUT", b % 2, batchPath(batch.batch), body));
        replies.append(request("PUT", 1 - b % 2, batchPath(batch.batch), body));
    }

    while (next < kStatusChanges || !running.isEmpty()) {
        for (qsizetype i = running.size() - 1; i >= 0; --i) {
            if (running.at(i)->state() == QProcess::NotRunning) {
                if (running.at(i)->exitStatus() != QProcess::NormalExit ||
                    running.at(i)->exitCode() != 0) {
                    qWarning("%s", running.at(i)->readAllStandardError().constData());
                    ++failedCommands;
                }
                running.removeAt(i);
            }
        }
        while (next < kStatusChanges && running.size() < 4) {
            auto process = std::make_shared<QProcess>();
            process->setProcessEnvironment(englishEnvironment());
            const QString status = next % 3 == 0 ? u"rejected"_s : u"processing"_s;
            QStringList arguments{u"--db"_s, m_central.location(), u"set-status"_s,
                                  m_records.at(next).registrationNumber, status};
            if (status == u"rejected")
                arguments << u"--reason"_s << u"Surat kelahiran tidak terbaca."_s;
            process->start(QStringLiteral(SIPELANDUK_PUSAT), arguments);
            running.append(process);
            ++next;
        }
        if (!m_polling)
            pollStatus();
        QTest::qWait(5);
    }
    for (QNetworkReply* reply : std::as_const(replies)) {
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30'000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_polling, 30'000);
    QCOMPARE(failedCommands, 0);
    drainStatus();

    const qint64 changes = m_central.count(u"SELECT count(*) FROM status_changes"_s);
    QCOMPARE(changes, qint64(m_records.size() + kStatusChanges));
    QCOMPARE(qint64(m_seen.size()), changes);
    for (qsizetype i = 1; i < m_seen.size(); ++i)
        QVERIFY2(m_seen.at(i).seq > m_seen.at(i - 1).seq, "the cursor went back or repeated");

    QMap<QUuid, RemoteStatus> latest;
    for (const StatusChange& change : std::as_const(m_seen))
        latest.insert(change.uuid, change.status);
    QMap<QString, int> counted;
    for (const RemoteStatus status : std::as_const(latest))
        counted[remoteStatusName(status)]++;
    QMap<QString, int> stored;
    for (const QStringList& row :
         m_central.rows(u"SELECT status, count(*) FROM applications GROUP BY status"_s))
        stored.insert(row.value(0), row.value(1).toInt());
    QCOMPARE(counted, stored);
    QCOMPARE(stored.value(u"rejected"_s), kStatusChanges / 3);
    QCOMPARE(stored.value(u"processing"_s), kStatusChanges - kStatusChanges / 3);
    QCOMPARE(m_central.count(u"SELECT count(*) FROM applications"_s), qint64(m_records.size()));
}

// PostgreSQL ends the servers' connections (as a restart or a failover would); the next requests
// are served on new connections instead of failing until the servers are restarted.
void TestTwoServers::serversConnectAgainAfterALostConnection()
{
    QCOMPARE(m_central.count(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                             " WHERE datname = current_database() AND pid <> pg_backend_pid()"_s),
             qint64(2));

    BatchRequest batch{QUuid::createUuid(), u"19.04.01"_s, {record(2000)}};
    const QByteArray body = QJsonDocument(batch.toJson()).toJson();
    for (int server = 0; server < 2; ++server) {
        QNetworkReply* reply = request("PUT", server, batchPath(batch.batch), body);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30'000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
    }
    const qsizetype before = m_seen.size();
    drainStatus();
    QCOMPARE(m_seen.size(), before + 1);
    QCOMPARE(m_seen.constLast().uuid, batch.applications.first().uuid);
    QCOMPARE(serverLogs().count(u"the connection to PostgreSQL was lost and is made again"_s), 2);
}

QTEST_GUILESS_MAIN(TestTwoServers)
#include "tst_two_servers.moc"
