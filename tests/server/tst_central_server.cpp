#include "CentralServer.h"
#include "CentralStore.h"
#include "Clock.h"
#include "TestCentralDatabase.h"
#include "sync/Gzip.h"
#include "sync/Protocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sipelanduk;
using namespace sipelanduk::protocol;
using sipelanduk::server::CentralServer;
using sipelanduk::server::CentralStore;
using sipelanduk::test::TestCentralDatabase;

namespace {

const QDateTime kStart(QDate(2026, 12, 3), QTime(8, 0), Qt::UTC);

// The contents whose SHA-256 batch_request_scans.json lists.
const QByteArray kKtpContent = "\xff\xd8\xff\xe0 ktp ayah"_ba;
const QByteArray kAktaContent = "%PDF-1.4 akta"_ba;
const QString kKtpSha256 = u"c3227f37e89b6bf826b35bd42086df295429b5444f81ee4c1241cae2f123684a"_s;
const QString kAktaSha256 = u"89cae6721e2dad2933d863c7317ae90a4e2a519990fb75a183ad742498391e23"_s;

struct Answer
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QJsonObject json;
    QByteArray uploadOffset;

    QString errorCode() const
    {
        return json.value(u"error"_s).toObject().value(u"code"_s).toString();
    }
};

QJsonObject loadDocument(const QString& file)
{
    QFile in(QStringLiteral(SIPELANDUK_TEST_DATA) + u"/protocol/"_s + file);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(in.readAll()).object();
}

ApplicationRecord record(int serial, const QString& officeDigits = u"190401"_s)
{
    ApplicationRecord sealed;
    sealed.uuid = QUuid::createUuid();
    sealed.registrationNumber =
        officeDigits + u"-20261203-K7Q2M-"_s + u"%1"_s.arg(serial, 4, 10, QLatin1Char('0'));
    sealed.service = u"akta-kelahiran"_s;
    sealed.catalogueVersion = 1;
    sealed.capturedAt = kStart.addSecs(-3600);
    sealed.approvedAt = kStart.addSecs(-600);
    sealed.fields = {{u"namaAnak"_s, u"Anak %1"_s.arg(serial)},
                     {u"tanggalLahir"_s, u"2026-11-20"_s}};
    sealed.requirements = {u"surat-kelahiran"_s, u"kk"_s};
    sealed.contentHash = contentHash(sealed);
    return sealed;
}

BatchRequest batchOf(const QList<ApplicationRecord>& applications,
                     const QString& office = u"19.04.01"_s)
{
    return {QUuid::createUuid(), office, applications};
}

QByteArray bodyOf(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// Collects every log line, so a test can show that no secret reaches the log.
QStringList* g_logLines = nullptr;

void collectLogLine(QtMsgType, const QMessageLogContext&, const QString& message)
{
    if (g_logLines)
        g_logLines->append(message);
}

} // namespace

class TestCentralServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void reopenedDatabaseKeepsItsData();
    void schemaVersionsAreRecorded();
    void newerDatabaseIsRefused();
    void olderSqliteFileIsAdopted();
    void processesStartingTogetherMigrateOnce();
    void statementsReadAsPostgres_data();
    void statementsReadAsPostgres();
    void healthAnswersWithoutToken();
    void enrolmentWithIssuedCode();
    void enrolmentCodeIsTypedLeniently();
    void enrolmentRefusals_data();
    void enrolmentRefusals();
    void tokenNeverReachesTheLog();
    void pushedBatchIsAccepted();
    void sameBatchAgainGivesTheSameAnswer();
    void sameBatchUuidWithOtherContentConflicts();
    void applicationResentInNewBatchIsAcceptedOnce();
    void concurrentProcessesStoreABatchOnce();
    void tamperedContentIsRejected();
    void applicationsOfAnotherOfficeAreRejected_data();
    void applicationsOfAnotherOfficeAreRejected();
    void reusedUuidOrNumberIsRejected();
    void requestsWithoutValidTokenAreRefused_data();
    void requestsWithoutValidTokenAreRefused();
    void badBodiesAreRefused_data();
    void badBodiesAreRefused();
    void oversizedBodyIsRefused();
    void unknownPathIsNotFound();
    void statusPagesFollowTheCursor();
    void statusStaysWithinTheOffice();
    void statusQueryIsChecked_data();
    void statusQueryIsChecked();
    void setStatusShowsInNextPage();
    void setStatusRefusals_data();
    void setStatusRefusals();
    void scanIsUploadedOnceAndKnownAfterwards();
    void scanUploadRefusals_data();
    void scanUploadRefusals();
    void scanQueryNeedsToken();
    void batchWithMissingScanIsRejected();
    void scanArrivesInPiecesAndIsStoredOnce();
    void pieceAtAnotherOffsetIsRefused();
    void piecesOfAnotherContentAreDropped();
    void pieceRefusals_data();
    void pieceRefusals();
    void abandonedPiecesAreDropped();
    void version2DatabaseGainsScanPieces();
    void compressedBatchIsStoredLikeAPlainOne();
    void refusedBodyEncodings_data();
    void refusedBodyEncodings();
    void batchWithUploadedScansKeepsTheirNames();

private:
    Answer send(const QByteArray& verb, const QString& path, const QByteArray& body = {},
                const QString& token = {}, const QByteArray& contentType = "application/json",
                const QByteArray& contentRange = {}, const QByteArray& contentEncoding = {});
    Answer enrol(const QString& code, const QString& office = u"19.04.01"_s,
                 const QString& station = u"K7Q2M"_s);
    QString enrolDevice(const QString& office = u"19.04.01"_s);
    Answer push(const BatchRequest& batch, const QString& token);
    Answer statusPage(const QString& token, const QString& query);
    int countOf(const QString& status) const;
    Answer putScan(const QByteArray& content, const QString& token, const QString& sha256 = {});
    int headScan(const QString& sha256, const QString& token, QByteArray* uploadOffset = nullptr);
    Answer putPiece(const QByteArray& content, qint64 first, qint64 last, const QString& token,
                    const QString& sha256 = {});
    int storedPieces() const;
    int storedScans() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    TestCentralDatabase m_central;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<CentralStore> m_store;
    std::unique_ptr<CentralServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    quint16 m_port = 0;
};

void TestCentralServer::initTestCase()
{
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
}

void TestCentralServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString created = m_central.create(m_dir->path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_clock = std::make_unique<FixedClock>(kStart);
    m_store = std::make_unique<CentralStore>(*m_clock);
    const Status opened = m_store->open(m_central.location());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    m_server = std::make_unique<CentralServer>(*m_store, *m_clock);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(port.ok(), qPrintable(port.errorMessage()));
    m_port = *port;
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
}

void TestCentralServer::cleanup()
{
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_clock.reset();
    m_central.drop();
    m_dir.reset();
}

Answer TestCentralServer::send(const QByteArray& verb, const QString& path, const QByteArray& body,
                               const QString& token, const QByteArray& contentType,
                               const QByteArray& contentRange, const QByteArray& contentEncoding)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!contentRange.isEmpty())
        request.setRawHeader("Content-Range", contentRange);
    if (!contentEncoding.isEmpty())
        request.setRawHeader("Content-Encoding", contentEncoding);
    QNetworkReply* reply = m_network->sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);

    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    answer.uploadOffset = reply->rawHeader("Upload-Offset");
    reply->deleteLater();
    return answer;
}

Answer TestCentralServer::enrol(const QString& code, const QString& office, const QString& station)
{
    const EnrolRequest request{code, office, u"PC-LOKET-1"_s, station};
    return send("POST", enrolmentsPath(), bodyOf(request.toJson()));
}

QString TestCentralServer::enrolDevice(const QString& office)
{
    const auto issued = m_store->issueCode(office);
    if (!issued)
        return {};
    const Answer answer = enrol(issued->code, office);
    return EnrolResponse::fromJson(answer.json).value().token;
}

Answer TestCentralServer::push(const BatchRequest& batch, const QString& token)
{
    return send("PUT", batchPath(batch.batch), bodyOf(batch.toJson()), token);
}

Answer TestCentralServer::statusPage(const QString& token, const QString& query)
{
    return send("GET", statusPath() + query, {}, token, {});
}

int TestCentralServer::countOf(const QString& status) const
{
    return m_store->statusCounts().value().value(status);
}

Answer TestCentralServer::putScan(const QByteArray& content, const QString& token,
                                  const QString& sha256)
{
    const QString path = scanPath(sha256.isEmpty() ? sha256Hex(content) : sha256);
    return send("PUT", path, content, token, "application/octet-stream");
}

int TestCentralServer::headScan(const QString& sha256, const QString& token,
                                QByteArray* uploadOffset)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(scanPath(sha256))));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    QNetworkReply* reply = m_network->head(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (uploadOffset)
        *uploadOffset = reply->rawHeader("Upload-Offset");
    reply->deleteLater();
    return status;
}

// The bytes `first` to `last` of `content` as one piece of a ranged upload.
Answer TestCentralServer::putPiece(const QByteArray& content, qint64 first, qint64 last,
                                   const QString& token, const QString& sha256)
{
    const QString path = scanPath(sha256.isEmpty() ? sha256Hex(content) : sha256);
    const ContentRange range{first, last, content.size()};
    return send("PUT", path, content.mid(first, last - first + 1), token,
                "application/octet-stream", range.toHeader());
}

int TestCentralServer::storedPieces() const
{
    return int(m_central.count(u"SELECT count(*) FROM scan_pieces"_s));
}

int TestCentralServer::storedScans() const
{
    return int(m_central.count(u"SELECT count(*) FROM scans"_s));
}

void TestCentralServer::reopenedDatabaseKeepsItsData()
{
    const QString token = enrolDevice();
    QCOMPARE(push(batchOf({record(1)}), token).status, 200);
    m_server.reset();
    m_store.reset();

    CentralStore reopened(*m_clock);
    QVERIFY(reopened.open(m_central.location()).ok());
    QVERIFY(reopened.authenticate(token).ok());
    QCOMPARE(reopened.statusCounts().value(), (QMap<QString, int>{{u"accepted"_s, 1}}));
}

void TestCentralServer::schemaVersionsAreRecorded()
{
    QList<QStringList> expected;
    for (int version = 1; version <= CentralStore::kLatestVersion; ++version)
        expected.append({QString::number(version), u"2026-12-03T08:00:00.000Z"_s});
    QCOMPARE(m_central.rows(u"SELECT version, applied_at FROM schema_versions ORDER BY version"_s),
             expected);
    QCOMPARE(m_store->backend(), TestCentralDatabase::usesPostgres()
                                     ? CentralStore::Backend::Postgres
                                     : CentralStore::Backend::Sqlite);
}

void TestCentralServer::newerDatabaseIsRefused()
{
    m_server.reset();
    m_store.reset();
    const QString newer = QString::number(CentralStore::kLatestVersion + 1);
    QCOMPARE(m_central.execute(u"INSERT INTO schema_versions (version, applied_at)"
                               " VALUES (%1, '2027-01-01T00:00:00.000Z')"_s.arg(newer)),
             QString());

    CentralStore store(*m_clock);
    const Status opened = store.open(m_central.location());
    QVERIFY(!opened.ok());
    QCOMPARE(opened.errorMessage(),
             u"The central database was written by a newer sipelanduk-pusat (schema %1); run "
             "that version instead."_s.arg(newer));
}

// A SQLite file written before schema_versions existed knows its version from PRAGMA
// user_version alone; an older sipelanduk-pusat still reads that number.
void TestCentralServer::olderSqliteFileIsAdopted()
{
    if (TestCentralDatabase::usesPostgres())
        QSKIP("PRAGMA user_version is SQLite's; PostgreSQL databases began with schema_versions");
    const QString token = enrolDevice();
    QCOMPARE(push(batchOf({record(1)}), token).status, 200);
    m_server.reset();
    m_store.reset();
    QCOMPARE(m_central.execute(u"DROP TABLE schema_versions"_s), QString());
    QCOMPARE(m_central.count(u"PRAGMA user_version"_s), qint64(CentralStore::kLatestVersion));

    CentralStore reopened(*m_clock);
    QVERIFY(reopened.open(m_central.location()).ok());
    QCOMPARE(m_central.count(u"SELECT MAX(version) FROM schema_versions"_s),
             qint64(CentralStore::kLatestVersion));
    QCOMPARE(reopened.statusCounts().value(), (QMap<QString, int>{{u"accepted"_s, 1}}));

    QCOMPARE(m_central.execute(u"PRAGMA user_version = %1"_s.arg(CentralStore::kLatestVersion + 1)),
             QString());
    QCOMPARE(m_central.execute(u"DELETE FROM schema_versions"_s), QString());
    CentralStore newer(*m_clock);
    QVERIFY(!newer.open(m_central.location()).ok());
}

// Two server processes started at once on a new database: one creates the tables, the other
// waits and finds them.
void TestCentralServer::processesStartingTogetherMigrateOnce()
{
    TestCentralDatabase fresh;
    const QString created = fresh.create(m_dir->path(), u"fresh.sqlite"_s);
    QVERIFY2(created.isEmpty(), qPrintable(created));
    QString failures[2];
    const auto start = [&](int process) {
        CentralStore store(*m_clock);
        const Status opened = store.open(fresh.location());
        failures[process] = opened ? u"ok"_s : opened.errorMessage();
    };
    std::unique_ptr<QThread> first(QThread::create(start, 0));
    std::unique_ptr<QThread> second(QThread::create(start, 1));
    first->start();
    second->start();
    QVERIFY(first->wait(60000));
    QVERIFY(second->wait(60000));
    QCOMPARE(failures[0], u"ok"_s);
    QCOMPARE(failures[1], u"ok"_s);
    QCOMPARE(fresh.count(u"SELECT count(*) FROM schema_versions"_s),
             qint64(CentralStore::kLatestVersion));
}

void TestCentralServer::statementsReadAsPostgres_data()
{
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgres");

    QTest::newRow("sequence") << u"CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT)"_s
                              << u"CREATE TABLE t (seq BIGINT GENERATED BY DEFAULT AS IDENTITY "
                                 "PRIMARY KEY, n TEXT)"_s;
    QTest::newRow("types") << u"CREATE TABLE t (a INTEGER NOT NULL, b BLOB, c REAL, d TEXT)"_s
                           << u"CREATE TABLE t (a BIGINT NOT NULL, b BYTEA, c DOUBLE PRECISION, "
                              "d TEXT)"_s;
    QTest::newRow("names untouched")
        << u"CREATE TABLE blob_parts (integer_count INTEGER, blob BLOB)"_s
        << u"CREATE TABLE blob_parts (integer_count BIGINT, blob BYTEA)"_s;
    QTest::newRow("insert or ignore") << u"INSERT OR IGNORE INTO t (a) VALUES (?)"_s
                                      << u"INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING"_s;
    QTest::newRow("insert or ignore returning")
        << u"INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING seq"_s
        << u"INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING RETURNING seq"_s;
    QTest::newRow("portable") << u"SELECT seq FROM t WHERE a = ? ORDER BY seq LIMIT ?"_s
                              << u"SELECT seq FROM t WHERE a = ? ORDER BY seq LIMIT ?"_s;
}

void TestCentralServer::statementsReadAsPostgres()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(CentralStore::postgresSql(sqlite), postgres);
}

void TestCentralServer::healthAnswersWithoutToken()
{
    const Answer answer = send("GET", healthPath(), {}, {}, {});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.contentType, "application/json"_ba);
    QCOMPARE(answer.json, QJsonObject({{u"status"_s, u"ok"_s},
                                       {u"serverTime"_s, u"2026-12-03T08:00:00.000Z"_s}}));
}

void TestCentralServer::enrolmentWithIssuedCode()
{
    const auto issued = m_store->issueCode(u"19.04.01"_s);
    QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
    QVERIFY(
        QRegularExpression(u"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$"_s)
            .match(issued->code)
            .hasMatch());
    QCOMPARE(issued->expiresAt, kStart.addDays(7));

    const Answer first = enrol(issued->code);
    QCOMPARE(first.status, 200);
    const auto enrolled = EnrolResponse::fromJson(first.json);
    QVERIFY2(enrolled.ok(), qPrintable(enrolled.errorMessage()));
    QCOMPARE(enrolled->office, u"19.04.01"_s);
    QCOMPARE(enrolled->serverTime, kStart);
    QCOMPARE(enrolled->token.size(), 43);
    QVERIFY(!enrolled->deviceId.isNull());
    const auto device = m_store->authenticate(enrolled->token);
    QVERIFY(device.ok());
    QCOMPARE(device->id, enrolled->deviceId);
    QCOMPARE(device->station, u"K7Q2M"_s);

    // Another PC with the same code is refused.
    const Answer other = enrol(issued->code, u"19.04.01"_s, u"X3B8P"_s);
    QCOMPARE(other.status, 403);
    QCOMPARE(other.contentType, "application/json"_ba);
    QCOMPARE(other.errorCode(), QString(codes::kInvalidCode));
    QCOMPARE(ErrorBody::fromJson(other.json)->error.message,
             u"The enrolment code has been used already; ask for a new code."_s);

    // The same PC again, its first answer lost: the same device with a new token, and the token
    // it never received no longer opens anything.
    m_clock->set(kStart.addSecs(15 * 60));
    const Answer repeated = enrol(issued->code);
    QCOMPARE(repeated.status, 200);
    const auto again = EnrolResponse::fromJson(repeated.json);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(again->deviceId, enrolled->deviceId);
    QVERIFY(again->token != enrolled->token);
    QCOMPARE(m_store->authenticate(again->token)->id, enrolled->deviceId);
    QVERIFY(!m_store->authenticate(enrolled->token).ok());

    // After a quarter of an hour the code is spent for that PC too.
    m_clock->set(kStart.addSecs(15 * 60 + 1));
    QCOMPARE(enrol(issued->code).status, 403);
}

void TestCentralServer::enrolmentCodeIsTypedLeniently()
{
    const auto issued = m_store->issueCode(u"19.04.01"_s);
    QVERIFY(issued.ok());
    QString typed = issued->code.toLower();
    typed.remove(u'-');
    typed.replace(u'0', u'o');
    typed.replace(u'1', u'l');

    QCOMPARE(enrol(u" "_s + typed + u" "_s).status, 200);
}

void TestCentralServer::enrolmentRefusals_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("office");
    QTest::addColumn<int>("daysLater");
    QTest::addColumn<QString>("message");

    QTest::newRow("expired") << QString() << u"19.04.01"_s << 7
                             << u"The enrolment code has expired; ask for a new code."_s;
    QTest::newRow("other office")
        << QString() << u"19.04.02"_s << 0
        << u"The enrolment code was issued for office 19.04.01, not 19.04.02; check the office "
           "or ask for a new code."_s;
    QTest::newRow("unknown") << u"7K3Q-9XMP-2D"_s << u"19.04.01"_s << 0
                             << u"The enrolment code is not known; check what was typed or ask "
                                "for a new code."_s;
    QTest::newRow("wrong form") << u"7K3Q-9XMP"_s << u"19.04.01"_s << 0
                                << u"The enrolment code is not of the form XXXX-XXXX-XX; check "
                                   "what was typed."_s;
    QTest::newRow("letter U") << u"7K3Q-9XMP-2U"_s << u"19.04.01"_s << 0
                              << u"The enrolment code is not of the form XXXX-XXXX-XX; check "
                                 "what was typed."_s;
}

void TestCentralServer::enrolmentRefusals()
{
    QFETCH(QString, code);
    QFETCH(QString, office);
    QFETCH(int, daysLater);
    QFETCH(QString, message);

    const auto issued = m_store->issueCode(u"19.04.01"_s);
    QVERIFY(issued.ok());
    m_clock->set(kStart.addDays(daysLater));

    const Answer answer = enrol(code.isEmpty() ? issued->code : code, office);
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.errorCode(), QString(codes::kInvalidCode));
    QCOMPARE(ErrorBody::fromJson(answer.json)->error.message, message);
    QCOMPARE(enrol(issued->code, u"19.04.01"_s).status, daysLater >= 7 ? 403 : 200);
}

void TestCentralServer::tokenNeverReachesTheLog()
{
    QStringList lines;
    g_logLines = &lines;
    const QtMessageHandler previous = qInstallMessageHandler(collectLogLine);
    const QString token = enrolDevice();
    push(batchOf({record(1)}), token);
    statusPage(token, u"?after=0"_s);
    qInstallMessageHandler(previous);
    g_logLines = nullptr;

    QVERIFY(!token.isEmpty());
    QVERIFY(lines.size() >= 3);
    for (const QString& line : std::as_const(lines))
        QVERIFY2(!line.contains(token), qPrintable(line));
}

void TestCentralServer::pushedBatchIsAccepted()
{
    const QString token = enrolDevice();
    const QJsonObject document = loadDocument(u"batch_request.json"_s);

    const Answer answer = send("PUT", u"/api/v1/batches/5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30"_s,
                               bodyOf(document), token);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.contentType, "application/json"_ba);
    const auto response = BatchResponse::fromJson(answer.json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->batch, QUuid(u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30"_s));
    QCOMPARE(response->receivedAt, kStart);
    QCOMPARE(response->results.size(), 2);
    QCOMPARE(response->results.at(0).registrationNumber, u"190401-20261203-K7Q2M-0001"_s);
    QCOMPARE(response->results.at(0).outcome, Outcome::Accepted);
    QCOMPARE(response->results.at(1).registrationNumber, u"190401-20261203-K7Q2M-0002"_s);
    QCOMPARE(response->results.at(1).outcome, Outcome::Accepted);
    QVERIFY(!response->results.at(1).reason.has_value());
    QCOMPARE(countOf(u"accepted"_s), 2);
}

void TestCentralServer::sameBatchAgainGivesTheSameAnswer()
{
    const QString token = enrolDevice();
    const BatchRequest batch = batchOf({record(1), record(2)});
    const Answer first = push(batch, token);
    QCOMPARE(first.status, 200);

    m_clock->set(kStart.addSecs(300));
    const QByteArray indented = QJsonDocument(batch.toJson()).toJson(QJsonDocument::Indented);
    const Answer second = send("PUT", batchPath(batch.batch), indented, token);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body, first.body);
    QCOMPARE(BatchResponse::fromJson(second.json)->receivedAt, kStart);
    QCOMPARE(countOf(u"accepted"_s), 2);
}

void TestCentralServer::sameBatchUuidWithOtherContentConflicts()
{
    const QString token = enrolDevice();
    BatchRequest batch = batchOf({record(1)});
    QCOMPARE(push(batch, token).status, 200);

    batch.applications.append(record(2));
    const Answer answer = push(batch, token);
    QCOMPARE(answer.status, 409);
    QCOMPARE(answer.contentType, "application/json"_ba);
    QCOMPARE(answer.errorCode(), QString(codes::kBatchConflict));
    QCOMPARE(ErrorBody::fromJson(answer.json)->error.message,
             u"The batch %1 was sent before with other content; send changed applications in "
             "a new batch."_s.arg(uuidText(batch.batch)));
    QCOMPARE(countOf(u"accepted"_s), 1);
}

void TestCentralServer::applicationResentInNewBatchIsAcceptedOnce()
{
    const QString token = enrolDevice();
    const ApplicationRecord sealed = record(1);
    QCOMPARE(push(batchOf({sealed}), token).status, 200);

    const Answer again = push(batchOf({sealed, record(2)}), token);
    QCOMPARE(again.status, 200);
    const auto response = BatchResponse::fromJson(again.json);
    QCOMPARE(response->results.at(0).outcome, Outcome::Accepted);
    QCOMPARE(response->results.at(1).outcome, Outcome::Accepted);
    QCOMPARE(countOf(u"accepted"_s), 2);
    const auto page = StatusPage::fromJson(statusPage(token, u"?after=0"_s).json);
    QCOMPARE(page->changes.size(), 2);
}

// Two connections on one file stand for two server processes behind one load balancer; each
// pushes the same batches at the same time, as a client retrying against both would.
void TestCentralServer::concurrentProcessesStoreABatchOnce()
{
    const auto device = m_store->authenticate(enrolDevice());
    QVERIFY(device.ok());
    QList<BatchRequest> batches;
    for (int i = 0; i < 8; ++i)
        batches.append(batchOf({record(2 * i + 1), record(2 * i + 2)}));

    QStringList answers[2];
    const auto pushAll = [&](int process) {
        CentralStore store(*m_clock);
        if (!store.open(m_central.location()))
            return;
        for (const BatchRequest& batch : std::as_const(batches)) {
            const QString hash = sha256Hex(canonicalJson(batch.toJson()));
            const auto response = store.storeBatch(*device, batch, hash);
            answers[process].append(response ? QString::fromUtf8(canonicalJson(response->toJson()))
                                             : response.errorMessage());
        }
    };
    std::unique_ptr<QThread> first(QThread::create(pushAll, 0));
    std::unique_ptr<QThread> second(QThread::create(pushAll, 1));
    first->start();
    second->start();
    QVERIFY(first->wait(60000));
    QVERIFY(second->wait(60000));

    QCOMPARE(answers[0].size(), batches.size());
    QCOMPARE(answers[0], answers[1]);
    for (const QString& answer : std::as_const(answers[0]))
        QVERIFY2(!answer.contains(u"\"rejected\""_s) && answer.startsWith(u'{'),
                 qPrintable(answer));
    QCOMPARE(countOf(u"accepted"_s), 16);
}

void TestCentralServer::tamperedContentIsRejected()
{
    const QString token = enrolDevice();
    ApplicationRecord tampered = record(1);
    tampered.fields.insert(u"tanggalLahir"_s, u"2026-11-21"_s);

    const Answer answer = push(batchOf({tampered, record(2)}), token);
    QCOMPARE(answer.status, 200);
    const auto response = BatchResponse::fromJson(answer.json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.at(0).outcome, Outcome::Rejected);
    QCOMPARE(response->results.at(0).reason->code, QString(codes::kContentHashMismatch));
    QCOMPARE(response->results.at(1).outcome, Outcome::Accepted);
    QCOMPARE(countOf(u"accepted"_s), 1);
}

void TestCentralServer::applicationsOfAnotherOfficeAreRejected_data()
{
    QTest::addColumn<QString>("batchOffice");
    QTest::addColumn<QString>("numberPrefix");
    QTest::addColumn<QString>("message");

    QTest::newRow("batch office")
        << u"19.04.02"_s << u"190401"_s
        << u"The batch names office 19.04.02, but this PC is enrolled for office 19.04.01."_s;
    QTest::newRow("registration number")
        << u"19.04.01"_s << u"190402"_s
        << u"The registration number 190402-20261203-K7Q2M-0001 does not belong to office "
           "19.04.01."_s;
}

void TestCentralServer::applicationsOfAnotherOfficeAreRejected()
{
    QFETCH(QString, batchOffice);
    QFETCH(QString, numberPrefix);
    QFETCH(QString, message);

    const QString token = enrolDevice();
    const Answer answer = push(batchOf({record(1, numberPrefix)}, batchOffice), token);
    QCOMPARE(answer.status, 200);
    const auto response = BatchResponse::fromJson(answer.json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.at(0).outcome, Outcome::Rejected);
    QCOMPARE(response->results.at(0).reason->code, QString(codes::kOfficeMismatch));
    QCOMPARE(response->results.at(0).reason->message, message);
    QCOMPARE(countOf(u"accepted"_s), 0);
}

void TestCentralServer::reusedUuidOrNumberIsRejected()
{
    const QString token = enrolDevice();
    const ApplicationRecord original = record(1);
    QCOMPARE(push(batchOf({original}), token).status, 200);

    ApplicationRecord changed = original;
    changed.fields.insert(u"namaAnak"_s, u"Anak lain"_s);
    changed.contentHash = contentHash(changed);
    ApplicationRecord sameNumber = record(1);

    const auto response = BatchResponse::fromJson(push(batchOf({changed, sameNumber}), token).json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.at(0).reason->code, QString(codes::kApplicationConflict));
    QCOMPARE(response->results.at(1).reason->code, QString(codes::kDuplicateRegistrationNumber));
    QCOMPARE(countOf(u"accepted"_s), 1);
}

void TestCentralServer::requestsWithoutValidTokenAreRefused_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("verb");

    for (const QByteArray& verb : {"PUT"_ba, "GET"_ba}) {
        QTest::addRow("%s none", verb.constData()) << QByteArray() << verb;
        QTest::addRow("%s unknown token", verb.constData()) << "Bearer abc"_ba << verb;
        QTest::addRow("%s empty bearer", verb.constData()) << "Bearer "_ba << verb;
        QTest::addRow("%s basic", verb.constData()) << "Basic dXNlcjpwdw=="_ba << verb;
    }
}

void TestCentralServer::requestsWithoutValidTokenAreRefused()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, verb);

    enrolDevice();
    const BatchRequest batch = batchOf({record(1)});
    const QString path = verb == "PUT" ? batchPath(batch.batch) : statusPath();
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    request.setRawHeader("Content-Type", "application/json");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply* reply = m_network->sendCustomRequest(request, verb, bodyOf(batch.toJson()));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(20000));

    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    const auto body = ErrorBody::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
    QVERIFY(body.ok());
    QCOMPARE(body->error.code, QString(codes::kUnauthorized));
    QCOMPARE(countOf(u"accepted"_s), 0);
    reply->deleteLater();
}

void TestCentralServer::badBodiesAreRefused_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("pathMatchesBody");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray valid = bodyOf(loadDocument(u"batch_request.json"_s));
    QTest::newRow("text/plain") << "text/plain"_ba << valid << true << 415
                                << QString(codes::kUnsupportedMediaType);
    QTest::newRow("no content type")
        << QByteArray() << valid << true << 415 << QString(codes::kUnsupportedMediaType);
    QTest::newRow("json with charset")
        << "application/json; charset=utf-8"_ba << valid << true << 200 << QString();
    QTest::newRow("html page") << "application/json"_ba
                               << "<html>Login</html>"_ba << true << 400
                               << QString(codes::kInvalidJson);
    QTest::newRow("truncated") << "application/json"_ba << valid.left(valid.size() / 2) << true
                               << 400 << QString(codes::kInvalidJson);
    QTest::newRow("missing field")
        << "application/json"_ba
        << R"({"batch":"x"})"_ba << true << 400 << QString(codes::kInvalidMessage);
    QTest::newRow("path and body differ")
        << "application/json"_ba << valid << false << 400 << QString(codes::kInvalidRequest);
}

void TestCentralServer::badBodiesAreRefused()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, pathMatchesBody);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QString token = enrolDevice();
    const QString batch =
        pathMatchesBody ? u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30"_s : uuidText(QUuid::createUuid());
    const Answer answer = send("PUT", u"/api/v1/batches/"_s + batch, body, token, contentType);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.contentType, "application/json"_ba);
    QCOMPARE(answer.errorCode(), code);
    if (!code.isEmpty())
        QVERIFY(!ErrorBody::fromJson(answer.json)->error.message.isEmpty());
}

void TestCentralServer::oversizedBodyIsRefused()
{
    const QString token = enrolDevice();
    const QByteArray body(int(kMaxBodyBytes) + 1, ' ');

    const Answer answer = send("PUT", batchPath(QUuid::createUuid()), body, token);
    QCOMPARE(answer.status, 413);
    QCOMPARE(answer.errorCode(), QString(codes::kPayloadTooLarge));
}

void TestCentralServer::unknownPathIsNotFound()
{
    const Answer wrongPath = send("GET", u"/api/v2/status"_s, {}, {}, {});
    QCOMPARE(wrongPath.status, 404);
    QCOMPARE(wrongPath.contentType, "application/json"_ba);
    QCOMPARE(wrongPath.errorCode(), QString(codes::kNotFound));

    const Answer wrongMethod = send("DELETE", healthPath(), {}, {}, {});
    QCOMPARE(wrongMethod.status, 404);
    QCOMPARE(wrongMethod.errorCode(), QString(codes::kNotFound));
}

void TestCentralServer::scanIsUploadedOnceAndKnownAfterwards()
{
    const QString token = enrolDevice();
    QCOMPARE(headScan(kKtpSha256, token), 404);

    for (int attempt = 0; attempt < 2; ++attempt) {
        const Answer answer = putScan(kKtpContent, token);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.contentType, "application/json"_ba);
        const auto receipt = ScanReceipt::fromJson(answer.json);
        QVERIFY2(receipt.ok(), qPrintable(receipt.errorMessage()));
        QCOMPARE(receipt->sha256, kKtpSha256);
        QCOMPARE(receipt->size, kKtpContent.size());
    }
    QCOMPARE(headScan(kKtpSha256, token), 200);
    QCOMPARE(headScan(kAktaSha256, token), 404);
    QCOMPARE(storedScans(), 1);
    QCOMPARE(m_store->scanContent(kKtpSha256).value(), kKtpContent);
}

void TestCentralServer::scanUploadRefusals_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("sha256");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString own = u"own"_s;
    const QByteArray octets = "application/octet-stream"_ba;
    QTest::newRow("other content than named")
        << octets << kAktaContent << kKtpSha256 << own << 422 << QString(codes::kScanHashMismatch);
    QTest::newRow("cut off") << octets << kKtpContent.left(8) << kKtpSha256 << own << 422
                             << QString(codes::kScanHashMismatch);
    QTest::newRow("hash in capitals") << octets << kKtpContent << kKtpSha256.toUpper() << own << 400
                                      << QString(codes::kInvalidRequest);
    QTest::newRow("sent as json") << "application/json"_ba << kKtpContent << kKtpSha256 << own
                                  << 415 << QString(codes::kUnsupportedMediaType);
    const QByteArray large(int(kMaxScanBytes) + 1, 'x');
    QTest::newRow("over 10 MB") << octets << large << sha256Hex(large) << own << 413
                                << QString(codes::kPayloadTooLarge);
    QTest::newRow("no token") << octets << kKtpContent << kKtpSha256 << QString() << 401
                              << QString(codes::kUnauthorized);
    QTest::newRow("unknown token")
        << octets << kKtpContent << kKtpSha256 << u"abc"_s << 401 << QString(codes::kUnauthorized);
}

void TestCentralServer::scanUploadRefusals()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, sha256);
    QFETCH(QString, token);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QString own = enrolDevice();
    const Answer answer =
        send("PUT", scanPath(sha256), body, token == u"own"_s ? own : token, contentType);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.contentType, "application/json"_ba);
    const auto error = ErrorBody::fromJson(answer.json);
    QVERIFY2(error.ok(), answer.body.constData());
    QCOMPARE(error->error.code, code);
    QVERIFY(!error->error.message.isEmpty());
    QCOMPARE(storedScans(), 0);
}

void TestCentralServer::scanQueryNeedsToken()
{
    enrolDevice();
    QCOMPARE(headScan(kKtpSha256, {}), 401);
    QCOMPARE(headScan(kKtpSha256, u"abc"_s), 401);
}

void TestCentralServer::batchWithMissingScanIsRejected()
{
    const QString token = enrolDevice();
    QCOMPARE(putScan(kKtpContent, token).status, 200);

    const QJsonObject document = loadDocument(u"batch_request_scans.json"_s);
    const Answer answer = send("PUT", u"/api/v1/batches/7a1e3c5b-9d2f-4b6a-8c0e-1f3a5c7e9b2d"_s,
                               bodyOf(document), token);
    QCOMPARE(answer.status, 200);
    const auto response = BatchResponse::fromJson(answer.json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.size(), 1);
    QCOMPARE(response->results.at(0).outcome, Outcome::Rejected);
    QCOMPARE(response->results.at(0).reason->code, QString(codes::kScanMissing));
    QVERIFY(response->results.at(0).reason->message.contains(u"akta_Zo\u00EB.pdf"_s));
    QCOMPARE(countOf(u"accepted"_s), 0);
}

void TestCentralServer::batchWithUploadedScansKeepsTheirNames()
{
    const QString token = enrolDevice();
    QCOMPARE(putScan(kKtpContent, token).status, 200);
    QCOMPARE(putScan(kAktaContent, token).status, 200);

    const QJsonObject document = loadDocument(u"batch_request_scans.json"_s);
    const Answer answer = send("PUT", u"/api/v1/batches/7a1e3c5b-9d2f-4b6a-8c0e-1f3a5c7e9b2d"_s,
                               bodyOf(document), token);
    QCOMPARE(answer.status, 200);
    const auto response = BatchResponse::fromJson(answer.json);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.at(0).outcome, Outcome::Accepted);
    QCOMPARE(countOf(u"accepted"_s), 1);

    const auto stored = m_store->scansOf(QUuid(u"3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d"_s));
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    const QList<ScanReference> expected{
        {u"akta-kelahiran"_s, kAktaSha256, u"akta_Zo\u00EB.pdf"_s, u"application/pdf"_s, 56789},
        {u"kk"_s, kKtpSha256, u"ktp_ayah_\U0001F600.jpg"_s, u"image/jpeg"_s, 1234},
    };
    QCOMPARE(*stored, expected);
    QCOMPARE(m_store->scanContent(kAktaSha256).value(), kAktaContent);
}

void TestCentralServer::statusPagesFollowTheCursor()
{
    const QString token = enrolDevice();
    QList<ApplicationRecord> records;
    for (int serial = 1; serial <= 5; ++serial)
        records.append(record(serial));
    QCOMPARE(push(batchOf(records), token).status, 200);

    QStringList seen;
    qint64 cursor = 0;
    QList<bool> more;
    QList<qint64> latest;
    for (int page = 0; page < 3; ++page) {
        const Answer answer = statusPage(token, u"?after=%1&limit=2"_s.arg(cursor));
        QCOMPARE(answer.status, 200);
        const auto parsed = StatusPage::fromJson(answer.json);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        for (const StatusChange& change : parsed->changes) {
            QCOMPARE(change.status, RemoteStatus::Accepted);
            QVERIFY(change.seq > cursor);
            seen.append(change.registrationNumber);
        }
        QCOMPARE(parsed->cursor, parsed->changes.constLast().seq);
        latest.append(parsed->latest.value_or(-1));
        cursor = parsed->cursor;
        more.append(parsed->more);
    }
    QCOMPARE(more, QList<bool>({true, true, false}));
    // Every page names the last change the server holds: the fifth acceptance.
    QCOMPARE(latest, QList<qint64>(3, cursor));
    QCOMPARE(seen.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(seen.at(i), records.at(i).registrationNumber);

    const auto empty = StatusPage::fromJson(statusPage(token, u"?after=%1"_s.arg(cursor)).json);
    QVERIFY(empty.ok());
    QVERIFY(empty->changes.isEmpty());
    QCOMPARE(empty->cursor, cursor);
    QCOMPARE(empty->latest, std::optional<qint64>(cursor));
    QCOMPARE(empty->more, false);
    QCOMPARE(empty->serverTime, kStart);
}

void TestCentralServer::statusStaysWithinTheOffice()
{
    const QString koba = enrolDevice(u"19.04.01"_s);
    const QString other = enrolDevice(u"19.04.02"_s);
    QCOMPARE(push(batchOf({record(1)}), koba).status, 200);
    QCOMPARE(push(batchOf({record(1, u"190402"_s)}, u"19.04.02"_s), other).status, 200);

    const auto kobaPage = StatusPage::fromJson(statusPage(koba, {}).json);
    const auto otherPage = StatusPage::fromJson(statusPage(other, {}).json);
    QCOMPARE(kobaPage->changes.size(), 1);
    QCOMPARE(kobaPage->changes.at(0).registrationNumber, u"190401-20261203-K7Q2M-0001"_s);
    QCOMPARE(otherPage->changes.size(), 1);
    QCOMPARE(otherPage->changes.at(0).registrationNumber, u"190402-20261203-K7Q2M-0001"_s);
}

void TestCentralServer::statusQueryIsChecked_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("changes");

    QTest::newRow("defaults") << QString() << 200 << 3;
    QTest::newRow("limit above the maximum") << u"?limit=100000"_s << 200 << 3;
    QTest::newRow("limit one") << u"?limit=1"_s << 200 << 1;
    QTest::newRow("negative after") << u"?after=-1"_s << 400 << 0;
    QTest::newRow("limit zero") << u"?limit=0"_s << 400 << 0;
    QTest::newRow("limit text") << u"?limit=abc"_s << 400 << 0;
}

void TestCentralServer::statusQueryIsChecked()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(int, changes);

    const QString token = enrolDevice();
    QCOMPARE(push(batchOf({record(1), record(2), record(3)}), token).status, 200);

    const Answer answer = statusPage(token, query);
    QCOMPARE(answer.status, status);
    if (status != 200) {
        QCOMPARE(answer.errorCode(), QString(codes::kInvalidRequest));
        return;
    }
    QCOMPARE(StatusPage::fromJson(answer.json)->changes.size(), changes);
}

void TestCentralServer::setStatusShowsInNextPage()
{
    const QString token = enrolDevice();
    const ApplicationRecord first = record(1);
    const ApplicationRecord second = record(2);
    QCOMPARE(push(batchOf({first, second}), token).status, 200);
    const qint64 cursor = StatusPage::fromJson(statusPage(token, {}).json)->cursor;

    m_clock->set(kStart.addDays(1));
    const auto processing =
        m_store->setStatus(first.registrationNumber, RemoteStatus::Processing, {});
    QVERIFY2(processing.ok(), qPrintable(processing.errorMessage()));
    const auto rejected = m_store->setStatus(second.registrationNumber, RemoteStatus::Rejected,
                                             u"Surat kelahiran tidak terbaca."_s);
    QVERIFY2(rejected.ok(), qPrintable(rejected.errorMessage()));

    const auto page = StatusPage::fromJson(statusPage(token, u"?after=%1"_s.arg(cursor)).json);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->changes.size(), 2);
    QCOMPARE(page->changes.at(0).seq, processing->seq);
    QCOMPARE(page->changes.at(0).uuid, first.uuid);
    QCOMPARE(page->changes.at(0).status, RemoteStatus::Processing);
    QVERIFY(page->changes.at(0).reason.isNull());
    QCOMPARE(page->changes.at(0).at, kStart.addDays(1));
    QCOMPARE(page->changes.at(1).registrationNumber, second.registrationNumber);
    QCOMPARE(page->changes.at(1).status, RemoteStatus::Rejected);
    QCOMPARE(page->changes.at(1).reason, u"Surat kelahiran tidak terbaca."_s);
    QCOMPARE(page->cursor, rejected->seq);
    QCOMPARE(countOf(u"processing"_s), 1);
    QCOMPARE(countOf(u"rejected"_s), 1);
    QCOMPARE(countOf(u"accepted"_s), 0);
}

void TestCentralServer::setStatusRefusals_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QList<int>>("steps");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    const QString known = u"190401-20261203-K7Q2M-0001"_s;
    const int processing = int(RemoteStatus::Processing);
    const int completed = int(RemoteStatus::Completed);
    const int rejected = int(RemoteStatus::Rejected);
    const int accepted = int(RemoteStatus::Accepted);
    QTest::newRow("unknown number")
        << u"190401-20261203-K7Q2M-9999"_s << QList<int>{processing} << QString()
        << QString(codes::kUnknownApplication)
        << u"No application with registration number 190401-20261203-K7Q2M-9999 has been "
           "received."_s;
    QTest::newRow("rejection without reason")
        << known << QList<int>{rejected} << u"  "_s << QString(codes::kInvalidRequest)
        << u"A rejection needs a reason that the counter can pass on to the applicant."_s;
    QTest::newRow("back to accepted")
        << known << QList<int>{accepted} << QString() << QString(codes::kInvalidTransition)
        << u"Application %1 has the status \"Received by Disdukcapil\" and cannot be given "
           u"\"Received by Disdukcapil\"."_s.arg(known);
    QTest::newRow("after completion")
        << known << QList<int>{completed, processing} << QString()
        << QString(codes::kInvalidTransition)
        << u"Application %1 has the status \"Completed\" and cannot be given \"Being processed\"."_s
               .arg(known);
    QTest::newRow("processing twice")
        << known << QList<int>{processing, processing} << QString()
        << QString(codes::kInvalidTransition)
        << u"Application %1 has the status \"Being processed\" and cannot be given \"Being processed\"."_s
               .arg(known);
}

void TestCentralServer::setStatusRefusals()
{
    QFETCH(QString, number);
    QFETCH(QList<int>, steps);
    QFETCH(QString, reason);
    QFETCH(QString, code);
    QFETCH(QString, message);

    QCOMPARE(push(batchOf({record(1)}), enrolDevice()).status, 200);
    for (qsizetype i = 0; i + 1 < steps.size(); ++i)
        QVERIFY(m_store->setStatus(number, RemoteStatus(steps.at(i)), {}).ok());

    const auto refused = m_store->setStatus(number, RemoteStatus(steps.constLast()), reason);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, code);
    QCOMPARE(refused.errorMessage(), message);
}

void TestCentralServer::scanArrivesInPiecesAndIsStoredOnce()
{
    const QString token = enrolDevice();
    const QByteArray content = QByteArray(3000, 'k') + kKtpContent;
    const QString sha256 = sha256Hex(content);
    const qint64 total = content.size();

    QByteArray offset;
    QCOMPARE(headScan(sha256, token, &offset), 404);
    QCOMPARE(offset, "0"_ba);
    for (const auto& [first, last] : {std::pair<qint64, qint64>{0, 1023}, {1024, 2047}}) {
        const Answer answer = putPiece(content, first, last, token);
        QCOMPARE(answer.status, 200);
        const auto progress = ScanProgress::fromJson(answer.json);
        QVERIFY2(progress.ok(), answer.body.constData());
        QCOMPARE(progress->sha256, sha256);
        QCOMPARE(progress->received, last + 1);
        QCOMPARE(progress->size, total);
        QCOMPARE(answer.uploadOffset, QByteArray::number(last + 1));
        QCOMPARE(headScan(sha256, token, &offset), 404);
        QCOMPARE(offset, QByteArray::number(last + 1));
    }
    QCOMPARE(storedPieces(), 2);
    QCOMPARE(storedScans(), 0);

    const Answer last = putPiece(content, 2048, total - 1, token);
    QCOMPARE(last.status, 200);
    QCOMPARE(ScanProgress::fromJson(last.json).value().received, total);
    QCOMPARE(headScan(sha256, token), 200);
    QCOMPARE(storedScans(), 1);
    QCOMPARE(storedPieces(), 0);
    QCOMPARE(m_store->scanContent(sha256).value(), content);

    // A piece for a scan that is stored already changes nothing and says it is whole.
    const Answer again = putPiece(content, 0, 1023, token);
    QCOMPARE(again.status, 200);
    QCOMPARE(ScanProgress::fromJson(again.json).value().received, total);
    QCOMPARE(storedScans(), 1);
    QCOMPARE(storedPieces(), 0);
}

void TestCentralServer::pieceAtAnotherOffsetIsRefused()
{
    const QString token = enrolDevice();
    const QByteArray content(5000, 'a');
    QCOMPARE(putPiece(content, 0, 999, token).status, 200);

    for (const auto& [first, last] : {std::pair<qint64, qint64>{0, 999}, {2000, 2999}}) {
        const Answer refused = putPiece(content, first, last, token);
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.errorCode(), QString(codes::kScanOffsetMismatch));
        QCOMPARE(refused.uploadOffset, "1000"_ba);
        QVERIFY2(ErrorBody::fromJson(refused.json).value().error.message.contains(u"1000"_s),
                 refused.body.constData());
    }
    QCOMPARE(storedPieces(), 1);
    QCOMPARE(putPiece(content, 1000, 4999, token).status, 200);
    QCOMPARE(m_store->scanContent(sha256Hex(content)).value(), content);
}

void TestCentralServer::piecesOfAnotherContentAreDropped()
{
    const QString token = enrolDevice();
    const QByteArray content(3000, 'b');
    const QString named = sha256Hex(QByteArray(3000, 'c'));
    QCOMPARE(putPiece(content, 0, 1499, token, named).status, 200);

    const Answer whole = putPiece(content, 1500, 2999, token, named);
    QCOMPARE(whole.status, 422);
    QCOMPARE(whole.errorCode(), QString(codes::kScanHashMismatch));
    QCOMPARE(storedScans(), 0);
    QCOMPARE(storedPieces(), 0);
    QByteArray offset;
    QCOMPARE(headScan(named, token, &offset), 404);
    QCOMPARE(offset, "0"_ba);
}

void TestCentralServer::pieceRefusals_data()
{
    QTest::addColumn<QByteArray>("contentRange");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray octets = "application/octet-stream"_ba;
    const QString invalid(codes::kInvalidRequest);
    QTest::newRow("body longer than range") << "bytes 0-9/100"_ba << octets << 400 << invalid;
    QTest::newRow("end before start") << "bytes 50-9/100"_ba << octets << 400 << invalid;
    QTest::newRow("no unit") << "0-49/100"_ba << octets << 400 << invalid;
    QTest::newRow("beyond 10 MB") << "bytes 0-49/10485761"_ba << octets << 400 << invalid;
    QTest::newRow("sent as json") << "bytes 0-49/100"_ba
                                  << "application/json"_ba << 415
                                  << QString(codes::kUnsupportedMediaType);
}

void TestCentralServer::pieceRefusals()
{
    QFETCH(QByteArray, contentRange);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QString token = enrolDevice();
    const QByteArray body(50, 'p');
    const Answer answer = send("PUT", scanPath(sha256Hex(QByteArray(100, 'p'))), body, token,
                               contentType, contentRange);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.errorCode(), code);
    QCOMPARE(storedPieces(), 0);
}

void TestCentralServer::abandonedPiecesAreDropped()
{
    const QString token = enrolDevice();
    const QByteArray old(4000, 'o');
    const QByteArray recent(4000, 'r');
    QCOMPARE(putPiece(old, 0, 999, token).status, 200);
    m_clock->set(kStart.addDays(CentralStore::kAbandonedPieceDays - 1));
    QCOMPARE(putPiece(recent, 0, 999, token).status, 200);
    QCOMPARE(storedPieces(), 2);

    // Seven days after its last piece an upload is given up on the next write; a younger one is
    // kept.
    m_clock->set(kStart.addDays(CentralStore::kAbandonedPieceDays).addSecs(1));
    QCOMPARE(putPiece(recent, 1000, 1999, token).status, 200);
    QCOMPARE(storedPieces(), 2);
    QByteArray offset;
    QCOMPARE(headScan(sha256Hex(old), token, &offset), 404);
    QCOMPARE(offset, "0"_ba);
    QCOMPARE(headScan(sha256Hex(recent), token, &offset), 404);
    QCOMPARE(offset, "2000"_ba);
}

void TestCentralServer::version2DatabaseGainsScanPieces()
{
    const QString token = enrolDevice();
    QCOMPARE(putScan(kKtpContent, token).status, 200);
    m_server.reset();
    m_store.reset();
    // Back to schema version 2: the tables of later versions and their records go.
    QCOMPARE(m_central.execute(u"DROP TABLE scan_pieces"_s), QString());
    QCOMPARE(m_central.execute(u"DROP TABLE master_data"_s), QString());
    QCOMPARE(m_central.execute(u"DELETE FROM schema_versions WHERE version > 2"_s), QString());
    if (!TestCentralDatabase::usesPostgres())
        QCOMPARE(m_central.execute(u"PRAGMA user_version = 2"_s), QString());

    m_store = std::make_unique<CentralStore>(*m_clock);
    const Status opened = m_store->open(m_central.location());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    QCOMPARE(m_store->scanContent(kKtpSha256).value(), kKtpContent);
    QCOMPARE(m_store->scanPiecesOffset(kKtpSha256).value(), 0);
    QCOMPARE(storedPieces(), 0);
}

// A client sends large JSON bodies gzip-compressed; the server stores what they hold, so the same
// batch sent plain afterwards is the same batch, answered from the store.
void TestCentralServer::compressedBatchIsStoredLikeAPlainOne()
{
    const QString token = enrolDevice();
    const BatchRequest batch = batchOf({record(1), record(2), record(3)});
    const QByteArray plain = bodyOf(batch.toJson());
    const std::optional<QByteArray> packed = gzip::compress(plain);
    QVERIFY(packed && packed->size() < plain.size());

    const Answer compressed =
        send("PUT", batchPath(batch.batch), *packed, token, "application/json", {}, "gzip");
    QCOMPARE(compressed.status, 200);
    QCOMPARE(m_central.count(u"SELECT count(*) FROM applications"_s), qint64(3));

    const Answer again = push(batch, token);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json, compressed.json);
    QCOMPARE(m_central.count(u"SELECT count(*) FROM applications"_s), qint64(3));
    QCOMPARE(m_central.count(u"SELECT count(*) FROM batches"_s), qint64(1));
}

void TestCentralServer::refusedBodyEncodings_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray plain = bodyOf(batchOf({record(7)}).toJson());
    const QByteArray packed = *gzip::compress(plain);
    // 40 MB of spaces compress to about 40 KB: small on the wire, too large once unpacked.
    const QByteArray bomb = *gzip::compress(plain + QByteArray(40 * 1024 * 1024, ' '));

    QTest::newRow("brotli") << "br"_ba << plain << 415 << QString(codes::kUnsupportedMediaType);
    QTest::newRow("gzip twice") << "gzip, gzip"_ba << packed << 415
                                << QString(codes::kUnsupportedMediaType);
    QTest::newRow("says gzip, is plain")
        << "gzip"_ba << plain << 400 << QString(codes::kInvalidJson);
    QTest::newRow("gzip cut off") << "gzip"_ba << packed.left(packed.size() / 2) << 400
                                  << QString(codes::kInvalidJson);
    QTest::newRow("unpacks past the limit")
        << "gzip"_ba << bomb << 413 << QString(codes::kPayloadTooLarge);
}

void TestCentralServer::refusedBodyEncodings()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QString token = enrolDevice();
    const Answer answer = send("PUT", batchPath(batchOf({record(7)}).batch), body, token,
                               "application/json", {}, encoding);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.errorCode(), code);
    QCOMPARE(m_central.count(u"SELECT count(*) FROM applications"_s), qint64(0));
}

QTEST_GUILESS_MAIN(TestCentralServer)
#include "tst_central_server.moc"
