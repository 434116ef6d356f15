#include "CentralServer.h"
#include "CentralStore.h"
#include "Clock.h"
#include "TestCentralDatabase.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "sync/Protocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace sipelanduk;
using namespace sipelanduk::protocol;
using sipelanduk::server::CentralServer;
using sipelanduk::server::CentralStore;

namespace {

const QDateTime kStart(QDate(2026, 12, 4), QTime(1, 0), Qt::UTC);

struct Answer
{
    int status = 0;
    QJsonObject json;

    QString errorCode() const
    {
        return json.value(u"error"_s).toObject().value(u"code"_s).toString();
    }
};

QByteArray resource(const QString& name)
{
    QFile file(u":/sipelanduk/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray catalogueVersion(int version, const std::function<void(QJsonArray&)>& edit = {})
{
    QJsonObject catalogue = QJsonDocument::fromJson(Catalogue::builtIn().toJson()).object();
    QJsonArray services = catalogue.value("services"_L1).toArray();
    if (edit)
        edit(services);
    catalogue.insert(u"version"_s, version);
    catalogue.insert(u"services"_s, services);
    return QJsonDocument(catalogue).toJson(QJsonDocument::Compact);
}

void retire(QJsonArray& services, const QString& code)
{
    for (qsizetype i = 0; i < services.size(); ++i) {
        QJsonObject service = services.at(i).toObject();
        if (service.value("code"_L1).toString() == code) {
            service.insert(u"retired"_s, true);
            services.replace(i, service);
        }
    }
}

QByteArray codeListsWithout(const QString& list)
{
    QJsonObject document =
        QJsonDocument::fromJson(resource(u"codelists/codelists.json"_s)).object();
    QJsonObject lists = document.value("lists"_L1).toObject();
    lists.remove(list);
    document.insert(u"lists"_s, lists);
    document.insert(u"version"_s, 2);
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

ApplicationRecord birthRecord(int catalogueVersion)
{
    ApplicationRecord sealed;
    sealed.uuid = QUuid::createUuid();
    sealed.registrationNumber = u"190401-20261203-K7Q2M-0001"_s;
    sealed.service = u"akta-kelahiran"_s;
    sealed.catalogueVersion = catalogueVersion;
    sealed.capturedAt = kStart.addDays(-1);
    sealed.approvedAt = kStart.addSecs(-3600);
    sealed.fields = {{u"child.name"_s, u"Ma'ruf"_s}, {u"child.village"_s, u"19.04.01.1002"_s}};
    sealed.requirements = {u"surat-kelahiran"_s, u"kk"_s};
    sealed.contentHash = contentHash(sealed);
    return sealed;
}

} // namespace

// Master data on the central side: what `publish` takes and refuses, and what
// GET /master/{kind} answers over loopback.
class TestMasterPublish : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void nothingPublishedAnswersVersionZero();
    void newerVersionComesWithItsContent();
    void regionsAreNumberedOneAfterAnother();
    void nationalRegionTableTravelsWhole();
    void largeAnswersGoGzipped();
    void brokenFilesAreRefused_data();
    void brokenFilesAreRefused();
    void requestsAreChecked_data();
    void requestsAreChecked();
    void batchCapturedUnderOlderListsIsAccepted();

private:
    Answer get(const QString& pathAndQuery, const QString& token);
    MasterDataResponse master(MasterKind kind, int have);

    std::unique_ptr<QTemporaryDir> m_dir;
    sipelanduk::test::TestCentralDatabase m_central;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<CentralStore> m_store;
    std::unique_ptr<CentralServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    quint16 m_port = 0;
    QString m_token;
};

void TestMasterPublish::initTestCase()
{
    const QString unavailable = sipelanduk::test::TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
}

void TestMasterPublish::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString created = m_central.create(m_dir->path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_clock = std::make_unique<FixedClock>(kStart);
    m_store = std::make_unique<CentralStore>(*m_clock);
    const Status opened = m_store->open(m_central.location());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    m_server = std::make_unique<CentralServer>(*m_store, *m_clock);
    const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(port.ok());
    m_port = *port;
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);

    const auto issued = m_store->issueCode(u"19.04.01"_s);
    QVERIFY(issued.ok());
    const auto enrolled =
        m_store->enrol({issued->code, u"19.04.01"_s, u"PC-LOKET-1"_s, u"K7Q2M"_s});
    QVERIFY(enrolled.ok());
    m_token = enrolled->token;
}

void TestMasterPublish::cleanup()
{
    m_network.reset();
    m_server.reset();
    m_store.reset();
    m_central.drop();
}

Answer TestMasterPublish::get(const QString& pathAndQuery, const QString& token)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(pathAndQuery)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    QNetworkReply* reply = m_network->get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

MasterDataResponse TestMasterPublish::master(MasterKind kind, int have)
{
    const Answer answer = get(masterDataPath(kind) + u"?have=%1"_s.arg(have), m_token);
    if (answer.status != 200)
        return {};
    const auto parsed = MasterDataResponse::fromJson(answer.json);
    return parsed ? *parsed : MasterDataResponse{};
}

void TestMasterPublish::nothingPublishedAnswersVersionZero()
{
    for (MasterKind kind : masterKinds()) {
        const Answer answer = get(masterDataPath(kind) + u"?have=0"_s, m_token);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json, QJsonObject({{u"kind"_s, masterKindName(kind)},
                                           {u"version"_s, 0},
                                           {u"publishedAt"_s, QJsonValue()},
                                           {u"sha256"_s, QJsonValue()},
                                           {u"content"_s, QJsonValue()},
                                           {u"serverTime"_s, u"2026-12-04T01:00:00.000Z"_s}}));
    }
}

void TestMasterPublish::newerVersionComesWithItsContent()
{
    const QByteArray catalogue = catalogueVersion(4);
    const auto published = m_store->publishMasterData(MasterKind::Catalogue, catalogue);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(published->version, 4);
    QCOMPARE(published->items, 12);
    QCOMPARE(published->sha256, sha256Hex(catalogue));

    const MasterDataResponse newer = master(MasterKind::Catalogue, 3);
    QCOMPARE(newer.version, 4);
    QCOMPARE(newer.publishedAt, kStart);
    QCOMPARE(newer.sha256, sha256Hex(catalogue));
    QVERIFY(newer.content.has_value());
    QCOMPARE(newer.content->toUtf8(), catalogue);

    const MasterDataResponse current = master(MasterKind::Catalogue, 4);
    QCOMPARE(current.version, 4);
    QCOMPARE(current.sha256, newer.sha256);
    QVERIFY(!current.content.has_value());
    // A client ahead of the server (a newer program) is told the server's version, no content.
    QVERIFY(!master(MasterKind::Catalogue, 9).content.has_value());
    // The other kinds are untouched.
    QCOMPARE(master(MasterKind::CodeLists, 0).version, 0);
}

void TestMasterPublish::regionsAreNumberedOneAfterAnother()
{
    const QByteArray first = resource(u"regions/builtin.csv"_s);
    const QByteArray second =
        QByteArray(first).replace("19.04.01.1002,Arung Dalam", "19.04.01.1002,Arung Dalam Raya");
    QVERIFY(first != second);
    QCOMPARE(m_store->publishMasterData(MasterKind::Regions, first).value().version, 1);
    const auto again = m_store->publishMasterData(MasterKind::Regions, second);
    QCOMPARE(again.value().version, 2);
    QCOMPARE(again->items, 108);

    const MasterDataResponse answer = master(MasterKind::Regions, 1);
    QCOMPARE(answer.version, 2);
    QVERIFY(answer.content->contains(u"19.04.01.1002,Arung Dalam Raya\n"_s));
}

// The whole Kepmendagri table, 91,599 regions, in one answer that the client checks by SHA-256.
void TestMasterPublish::nationalRegionTableTravelsWhole()
{
    QFile file(QStringLiteral(SIPELANDUK_SHARED_DIR) +
               u"/data/wilayah/wilayah_kepmendagri_2025.csv"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray national = file.readAll();
    const auto published = m_store->publishMasterData(MasterKind::Regions, national);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(published->items, 91599);

    const MasterDataResponse answer = master(MasterKind::Regions, 0);
    QVERIFY(answer.content.has_value());
    QCOMPARE(sha256Hex(answer.content->toUtf8()), answer.sha256);
    QCOMPARE(answer.content->toUtf8(), national);
    QCOMPARE(RegionStore::parseCsv(answer.content->toUtf8()).value().size(), 91599);
}

// Qt's network access asks for gzip and decodes it on its own (above); a client that asks for
// gzip itself gets it, and one that does not gets the plain answer.
void TestMasterPublish::largeAnswersGoGzipped()
{
    const QByteArray regions = resource(u"regions/builtin.csv"_s);
    QVERIFY(m_store->publishMasterData(MasterKind::Regions, regions).ok());
    const auto fetch = [this](const QByteArray& coding, QByteArray* contentEncoding) {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2?have=0"_s.arg(m_port).arg(
            masterDataPath(MasterKind::Regions))));
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
        request.setRawHeader("Accept-Encoding", coding);
        QNetworkReply* reply = m_network->get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(20000);
        *contentEncoding = reply->rawHeader("Content-Encoding");
        reply->deleteLater();
        return reply->readAll();
    };

    QByteArray encoding;
    const QByteArray compressed = fetch("gzip, deflate", &encoding);
    QCOMPARE(encoding, "gzip"_ba);
    QVERIFY(compressed.startsWith("\x1f\x8b"));
    QVERIFY2(compressed.size() * 2 < regions.size(),
             qPrintable(QString::number(compressed.size())));

    const QByteArray plain = fetch("identity", &encoding);
    QVERIFY(encoding.isEmpty());
    const auto answer = MasterDataResponse::fromJson(QJsonDocument::fromJson(plain).object());
    QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
    QCOMPARE(answer->content->toUtf8(), regions);
}

void TestMasterPublish::brokenFilesAreRefused_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");

    QTest::newRow("catalogue not JSON")
        << int(MasterKind::Catalogue) << QByteArray("{\"version\": 4, \"services\": [")
        << u"The file is not valid as the service catalogue: The service catalogue is not valid "
           "JSON"_s;
    QTest::newRow("catalogue not newer")
        << int(MasterKind::Catalogue) << catalogueVersion(3)
        << u"The file names version 3, but version 3 of the service catalogue is already in "
           "use"_s;
    QTest::newRow("catalogue drops a service")
        << int(MasterKind::Catalogue)
        << catalogueVersion(4, [](QJsonArray& services) { services.removeLast(); })
        << u"The service perubahan-biodata is missing."_s;
    QTest::newRow("code lists the catalogue cannot use")
        << int(MasterKind::CodeLists) << codeListsWithout(u"religion"_s)
        << u"The catalogue in use names a code list or a code these code lists lack."_s;
    QTest::newRow("region line without name")
        << int(MasterKind::Regions)
        << QByteArray("kode,nama\n19,Kepulauan Bangka Belitung\n19.04\n")
        << u"Line 3 of the region file is not a region"_s;
    QTest::newRow("not UTF-8") << int(MasterKind::Regions)
                               << QByteArray("kode,nama\n19.04.01.1002,Arung D\xe4lam\n")
                               << u"The file is not UTF-8 text"_s;
}

void TestMasterPublish::brokenFilesAreRefused()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);

    const auto published = m_store->publishMasterData(MasterKind(kind), content);
    QVERIFY(!published.ok());
    QVERIFY2(published.errorMessage().contains(message), qPrintable(published.errorMessage()));
    QVERIFY(published.errorMessage().endsWith(u"Nothing was published."_s));
    QCOMPARE(master(MasterKind(kind), 0).version, 0);
}

void TestMasterPublish::requestsAreChecked_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString catalogue = masterDataPath(MasterKind::Catalogue);
    QTest::newRow("no token") << catalogue << false << 401 << QString(codes::kUnauthorized);
    QTest::newRow("unknown kind") << (kApiPrefix + u"/master/villages"_s) << true << 404
                                  << QString(codes::kNotFound);
    QTest::newRow("have negative")
        << (catalogue + u"?have=-1"_s) << true << 400 << QString(codes::kInvalidRequest);
    QTest::newRow("have not a number")
        << (catalogue + u"?have=x"_s) << true << 400 << QString(codes::kInvalidRequest);
}

void TestMasterPublish::requestsAreChecked()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(bool, withToken);
    QFETCH(int, status);
    QFETCH(QString, code);

    const Answer answer = get(pathAndQuery, withToken ? m_token : QString());
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.errorCode(), code);
}

// The server never checks an application against the lists it publishes now: what was valid when
// it was captured stays valid (case 10).
void TestMasterPublish::batchCapturedUnderOlderListsIsAccepted()
{
    const QByteArray retired =
        catalogueVersion(4, [](QJsonArray& services) { retire(services, u"akta-kelahiran"_s); });
    QVERIFY(m_store->publishMasterData(MasterKind::Catalogue, retired).ok());
    QByteArray regions = resource(u"regions/builtin.csv"_s);
    regions.replace("19.04.01.1002,Arung Dalam", "19.04.01.1002,Arung Dalam Raya");
    QVERIFY(m_store->publishMasterData(MasterKind::Regions, regions).ok());

    const auto device = m_store->authenticate(m_token);
    QVERIFY(device.ok());
    const BatchRequest batch{QUuid::createUuid(), u"19.04.01"_s, {birthRecord(3)}};
    const auto response = m_store->storeBatch(*device, batch, u"hash"_s);
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->results.size(), 1);
    QCOMPARE(response->results.at(0).outcome, Outcome::Accepted);
    QCOMPARE(m_store->statusCounts().value(), (QMap<QString, int>{{u"accepted"_s, 1}}));
}

QTEST_GUILESS_MAIN(TestMasterPublish)
#include "tst_master_publish.moc"
