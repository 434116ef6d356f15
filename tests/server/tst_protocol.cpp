#include "sync/Protocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace sipelanduk;
using namespace sipelanduk::protocol;

namespace {

using RoundTrip = std::function<Result<QJsonObject>(const QJsonObject&)>;

template <typename T>
RoundTrip roundTripOf()
{
    return [](const QJsonObject& json) -> Result<QJsonObject> {
        const Result<T> parsed = T::fromJson(json);
        if (!parsed)
            return parsed.error();
        return parsed->toJson();
    };
}

RoundTrip roundTripFor(const QString& file)
{
    static const QHash<QString, RoundTrip> byFile = {
        {u"enrol_request.json"_s, roundTripOf<EnrolRequest>()},
        {u"enrol_response.json"_s, roundTripOf<EnrolResponse>()},
        {u"batch_request.json"_s, roundTripOf<BatchRequest>()},
        {u"batch_request_scans.json"_s, roundTripOf<BatchRequest>()},
        {u"scan_receipt.json"_s, roundTripOf<ScanReceipt>()},
        {u"scan_progress.json"_s, roundTripOf<ScanProgress>()},
        {u"batch_response.json"_s, roundTripOf<BatchResponse>()},
        {u"status_page.json"_s, roundTripOf<StatusPage>()},
        {u"error.json"_s, roundTripOf<ErrorBody>()},
        {u"health.json"_s, roundTripOf<Health>()},
        {u"master_data_response.json"_s, roundTripOf<MasterDataResponse>()},
        {u"master_data_current.json"_s, roundTripOf<MasterDataResponse>()},
        {u"master_data_none.json"_s, roundTripOf<MasterDataResponse>()},
    };
    return byFile.value(file);
}

QJsonObject loadDocument(const QString& file)
{
    QFile in(QStringLiteral(SIPELANDUK_TEST_DATA) + u"/protocol/"_s + file);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(in.readAll()).object();
}

// `value` with the element at `path` ("applications/1/contentHash") replaced, or removed when
// `replacement` is undefined.
QJsonValue edited(const QJsonValue& value, QStringList path, const QJsonValue& replacement)
{
    const QString step = path.takeFirst();
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        const int index = step.toInt();
        if (path.isEmpty())
            array.replace(index, replacement);
        else
            array.replace(index, edited(array.at(index), path, replacement));
        return array;
    }
    QJsonObject object = value.toObject();
    if (path.isEmpty() && replacement.isUndefined())
        object.remove(step);
    else if (path.isEmpty())
        object.insert(step, replacement);
    else
        object.insert(step, edited(object.value(step), path, replacement));
    return object;
}

QDateTime utc(int year, int month, int day, int hour, int minute)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), Qt::UTC);
}

const QString kKtpSha256 = u"c3227f37e89b6bf826b35bd42086df295429b5444f81ee4c1241cae2f123684a"_s;
const QString kAktaSha256 = u"89cae6721e2dad2933d863c7317ae90a4e2a519990fb75a183ad742498391e23"_s;
const ScanReference kKtpScan{u"kk"_s, kKtpSha256, u"ktp_ayah_\U0001F600.jpg"_s, u"image/jpeg"_s,
                             1234};
const ScanReference kAktaScan{u"akta-kelahiran"_s, kAktaSha256, u"akta_Zo\u00EB.pdf"_s,
                              u"application/pdf"_s, 56789};
// Expected from sha256sum over the compact JSON of batch_request_scans.json's sealed content,
// scans sorted by requirement, then sha256.
const QString kScansSeal = u"39cafbdcdc13470445c40a3800324072cadbb2494447548b5b821bbce21bc54c"_s;

const QJsonObject kBirthFields{{u"namaAnak"_s, u"Nur Aisyah"_s},
                               {u"tanggalLahir"_s, u"2026-11-20"_s},
                               {u"tempatLahir"_s, u"Koba"_s},
                               {u"jenisKelamin"_s, u"2"_s},
                               {u"anakKe"_s, 2},
                               {u"kembar"_s, false},
                               {u"nikIbu"_s, u"1904015507950002"_s},
                               {u"noKk"_s, u"1904010101200003"_s}};

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixedDocumentsRoundTrip_data();
    void fixedDocumentsRoundTrip();
    void batchRequestValues();
    void batchRequestScanValues();
    void batchResponseValues();
    void statusPageValues();
    void enrolAndErrorValues();
    void scanProgressValues();
    void contentRange_data();
    void contentRange();
    void masterDataValues();
    void malformedMessagesAreRefused_data();
    void malformedMessagesAreRefused();
    void canonicalTextIsCompactAndSorted();
    void contentHashMatchesIndependentValue_data();
    void contentHashMatchesIndependentValue();
    void contentHashFollowsContent();
    void contentHashCoversScans_data();
    void contentHashCoversScans();
    void parseObjectRefusesNonObjects_data();
    void parseObjectRefusesNonObjects();
    void parseUuid_data();
    void parseUuid();
};

void TestProtocol::fixedDocumentsRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    for (const char* file :
         {"enrol_request.json", "enrol_response.json", "batch_request.json",
          "batch_request_scans.json", "batch_response.json", "status_page.json", "error.json",
          "health.json", "scan_receipt.json", "scan_progress.json", "master_data_response.json",
          "master_data_current.json", "master_data_none.json"}) {
        QTest::newRow(file) << QString::fromLatin1(file);
    }
}

void TestProtocol::fixedDocumentsRoundTrip()
{
    QFETCH(QString, file);
    const QJsonObject document = loadDocument(file);
    QVERIFY2(!document.isEmpty(), qPrintable(file));

    const Result<QJsonObject> again = roundTripFor(file)(document);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE(*again, document);
}

void TestProtocol::batchRequestValues()
{
    const auto batch = BatchRequest::fromJson(loadDocument(u"batch_request.json"_s));
    QVERIFY2(batch.ok(), qPrintable(batch.errorMessage()));

    QCOMPARE(batch->batch, QUuid(u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30"_s));
    QCOMPARE(batch->office, u"19.04.01"_s);
    QCOMPARE(batch->applications.size(), 2);
    const ApplicationRecord& birth = batch->applications.at(0);
    QCOMPARE(birth.uuid, QUuid(u"0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59"_s));
    QCOMPARE(birth.registrationNumber, u"190401-20261203-K7Q2M-0001"_s);
    QCOMPARE(birth.service, u"akta-kelahiran"_s);
    QCOMPARE(birth.catalogueVersion, 1);
    QCOMPARE(birth.capturedAt, utc(2026, 12, 3, 1, 15));
    QCOMPARE(birth.approvedAt, utc(2026, 12, 3, 2, 40));
    QCOMPARE(birth.fields, kBirthFields);
    // A date of birth stays the text it was, never an instant.
    QCOMPARE(birth.fields.value(u"tanggalLahir"_s), QJsonValue(u"2026-11-20"_s));
    QCOMPARE(birth.requirements, QStringList({u"surat-kelahiran"_s, u"kk"_s}));
    QCOMPARE(batch->applications.at(1).catalogueVersion, 2);
    QCOMPARE(batch->applications.at(1).fields.value(u"nama"_s), QJsonValue(u"Ma'ruf"_s));
}

void TestProtocol::batchRequestScanValues()
{
    const auto batch = BatchRequest::fromJson(loadDocument(u"batch_request_scans.json"_s));
    QVERIFY2(batch.ok(), qPrintable(batch.errorMessage()));
    QCOMPARE(batch->applications.size(), 1);
    const ApplicationRecord& change = batch->applications.at(0);
    QCOMPARE(change.scans, (QList<ScanReference>{kKtpScan, kAktaScan}));
    QCOMPARE(change.contentHash, kScansSeal);
    QCOMPARE(contentHash(change), kScansSeal);

    // An older client sends no "scans": none, and none written back.
    const auto older = BatchRequest::fromJson(loadDocument(u"batch_request.json"_s));
    QVERIFY(older.ok());
    QVERIFY(older->applications.at(0).scans.isEmpty());
    QVERIFY(!older->applications.at(0).toJson().contains(u"scans"_s));
}

void TestProtocol::batchResponseValues()
{
    const auto response = BatchResponse::fromJson(loadDocument(u"batch_response.json"_s));
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));

    QCOMPARE(response->receivedAt, utc(2026, 12, 3, 8, 0));
    QCOMPARE(response->results.size(), 2);
    QCOMPARE(response->results.at(0).outcome, Outcome::Accepted);
    QVERIFY(!response->results.at(0).reason.has_value());
    QCOMPARE(response->results.at(1).outcome, Outcome::Rejected);
    QCOMPARE(response->results.at(1).reason->code, QString(codes::kContentHashMismatch));
    QCOMPARE(response->results.at(1).reason->message,
             u"The content of the application does not match its seal."_s);
}

void TestProtocol::statusPageValues()
{
    const auto page = StatusPage::fromJson(loadDocument(u"status_page.json"_s));
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));

    QCOMPARE(page->cursor, qint64(12));
    QCOMPARE(page->latest, std::optional<qint64>(15));
    QCOMPARE(page->more, false);
    QCOMPARE(page->serverTime, utc(2026, 12, 4, 8, 0));
    QCOMPARE(page->changes.size(), 2);
    QCOMPARE(page->changes.at(0).seq, qint64(11));
    QCOMPARE(page->changes.at(0).status, RemoteStatus::Processing);
    QVERIFY(page->changes.at(0).reason.isNull());
    QCOMPARE(page->changes.at(1).status, RemoteStatus::Rejected);
    QCOMPARE(page->changes.at(1).reason, u"Nama pada surat kematian tidak sama dengan KTP-el."_s);
    QCOMPARE(page->changes.at(1).at, utc(2026, 12, 4, 3, 30));
}

void TestProtocol::enrolAndErrorValues()
{
    const auto request = EnrolRequest::fromJson(loadDocument(u"enrol_request.json"_s));
    QVERIFY2(request.ok(), qPrintable(request.errorMessage()));
    QCOMPARE(request->code, u"7K3Q-9XMP-2D"_s);
    QCOMPARE(request->deviceName, u"PC-LOKET-1"_s);
    QCOMPARE(request->station, u"K7Q2M"_s);

    const auto response = EnrolResponse::fromJson(loadDocument(u"enrol_response.json"_s));
    QVERIFY2(response.ok(), qPrintable(response.errorMessage()));
    QCOMPARE(response->deviceId, QUuid(u"9d1f3a5e-6b2c-4e8d-a7f0-3c5b9e1d2a46"_s));
    QCOMPARE(response->token, u"Zq3vN8xR1tY6uW0pL4kJ7hG2fD5sA9mC3bV8nX1qE0o"_s);

    const auto body = ErrorBody::fromJson(loadDocument(u"error.json"_s));
    QVERIFY2(body.ok(), qPrintable(body.errorMessage()));
    QCOMPARE(body->error.code, QString(codes::kBatchConflict));
    QVERIFY(body->error.message.startsWith(u"The batch 5f0c2a9e"_s));
}

void TestProtocol::masterDataValues()
{
    const auto regions = MasterDataResponse::fromJson(loadDocument(u"master_data_response.json"_s));
    QVERIFY2(regions.ok(), qPrintable(regions.errorMessage()));
    QCOMPARE(regions->kind, MasterKind::Regions);
    QCOMPARE(regions->version, 2);
    QCOMPARE(regions->publishedAt, utc(2026, 12, 4, 1, 30));
    QVERIFY(regions->content.has_value());
    QVERIFY(regions->content->endsWith(u"19.04.01.1002,Arung Dalam Baru\n"_s));
    // Expected from sha256sum over the content as UTF-8.
    QCOMPARE(regions->sha256,
             u"740fdcf3d3c636eeb1d770b6aa4398f43a16cec66579fdc5a36a4ff8d6f34c3b"_s);
    QCOMPARE(sha256Hex(regions->content->toUtf8()), regions->sha256);

    const auto current = MasterDataResponse::fromJson(loadDocument(u"master_data_current.json"_s));
    QVERIFY2(current.ok(), qPrintable(current.errorMessage()));
    QCOMPARE(current->kind, MasterKind::Catalogue);
    QCOMPARE(current->version, 4);
    QVERIFY(!current->content.has_value());

    const auto none = MasterDataResponse::fromJson(loadDocument(u"master_data_none.json"_s));
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QCOMPARE(none->kind, MasterKind::CodeLists);
    QCOMPARE(none->version, 0);
    QVERIFY(!none->publishedAt.isValid());
    QVERIFY(none->sha256.isEmpty());

    QCOMPARE(masterDataPath(MasterKind::CodeLists), u"/api/v1/master/codelists"_s);
    QCOMPARE(masterDataPath(MasterKind::Regions), u"/api/v1/master/regions"_s);
    QCOMPARE(masterKindFromName(u"catalogue"_s), std::optional<MasterKind>(MasterKind::Catalogue));
    QVERIFY(!masterKindFromName(u"Catalogue"_s));
}

void TestProtocol::malformedMessagesAreRefused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("replacement");
    QTest::addColumn<QString>("message");

    const QJsonValue removed(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const auto row = [](const char* name, const char* file, const char* path) -> QTestData& {
        return QTest::newRow(name) << QString::fromLatin1(file) << QString::fromLatin1(path);
    };

    row("enrol without code", "enrol_request.json", "code")
        << removed << u"The message lacks the field \"code\"."_s;
    row("enrol office form", "enrol_request.json", "office")
        << QJsonValue(u"1904.01"_s)
        << u"The field \"office\" must be a kecamatan code such as 19.04.01."_s;
    row("enrol name as number", "enrol_request.json", "deviceName")
        << QJsonValue(7) << u"The field \"deviceName\" must be a text."_s;
    row("enrol empty station", "enrol_request.json", "station")
        << QJsonValue(u""_s) << u"The field \"station\" must be a text that is not empty."_s;
    row("device id in braces", "enrol_response.json", "deviceId")
        << QJsonValue(u"{9d1f3a5e-6b2c-4e8d-a7f0-3c5b9e1d2a46}"_s)
        << u"The field \"deviceId\" must be a UUID such as "
           "0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59."_s;
    row("server time without zone", "enrol_response.json", "serverTime")
        << QJsonValue(u"2026-12-03T08:00:00"_s)
        << u"The field \"serverTime\" must be a UTC time such as 2026-12-03T08:00:00.000Z."_s;
    row("hash in capitals", "batch_request.json", "applications/1/contentHash")
        << QJsonValue(u"1DAA727F4F2458E69EA7F70F517FC622887159808A6404AA919CC7F763947666"_s)
        << u"The field \"applications[1].contentHash\" must be 64 lowercase hexadecimal "
           "characters."_s;
    row("fractional version", "batch_request.json", "applications/0/catalogueVersion")
        << QJsonValue(1.5)
        << u"The field \"applications[0].catalogueVersion\" must be a whole number from 1 to "
           "2147483647."_s;
    row("version as text", "batch_request.json", "applications/0/catalogueVersion")
        << QJsonValue(u"1"_s)
        << u"The field \"applications[0].catalogueVersion\" must be a whole number."_s;
    row("fields as list", "batch_request.json", "applications/0/fields")
        << QJsonValue(QJsonArray()) << u"The field \"applications[0].fields\" must be an object."_s;
    row("requirement as number", "batch_request.json", "applications/1/requirements/2")
        << QJsonValue(3)
        << u"The field \"applications[1].requirements[2]\" must be a text that is not empty."_s;
    row("application without uuid", "batch_request.json", "applications/0/uuid")
        << removed << u"The message lacks the field \"applications[0].uuid\"."_s;
    row("applications as object", "batch_request.json", "applications")
        << QJsonValue(QJsonObject()) << u"The field \"applications\" must be a list."_s;
    row("application as text", "batch_request.json", "applications/1")
        << QJsonValue(u"x"_s) << u"The field \"applications[1]\" must be an object."_s;
    row("scans as object", "batch_request_scans.json", "applications/0/scans")
        << QJsonValue(QJsonObject()) << u"The field \"applications[0].scans\" must be a list."_s;
    row("scan hash short", "batch_request_scans.json", "applications/0/scans/1/sha256")
        << QJsonValue(u"89cae672"_s)
        << u"The field \"applications[0].scans[1].sha256\" must be 64 lowercase hexadecimal "
           "characters."_s;
    row("scan without name", "batch_request_scans.json", "applications/0/scans/0/name")
        << removed << u"The message lacks the field \"applications[0].scans[0].name\"."_s;
    row("scan of size zero", "batch_request_scans.json", "applications/0/scans/0/size")
        << QJsonValue(0)
        << u"The field \"applications[0].scans[0].size\" must be a whole number from 1 to "
           "10485760."_s;
    row("receipt size too large", "scan_receipt.json", "size")
        << QJsonValue(10485761)
        << u"The field \"size\" must be a whole number from 1 to 10485760."_s;
    row("progress without received", "scan_progress.json", "received")
        << removed << u"The message lacks the field \"received\"."_s;
    row("progress received negative", "scan_progress.json", "received")
        << QJsonValue(-1) << u"The field \"received\" must be a whole number from 0 to 10485760."_s;
    row("rejected without reason", "batch_response.json", "results/1/reason")
        << null
        << u"The field \"results[1].reason\" must be an object with code and message for a "
           "rejected application."_s;
    row("unknown outcome", "batch_response.json", "results/0/outcome")
        << QJsonValue(u"ok"_s)
        << u"The field \"results[0].outcome\" must be one of accepted, rejected."_s;
    row("reason without code", "batch_response.json", "results/1/reason/code")
        << removed << u"The message lacks the field \"results[1].reason.code\"."_s;
    row("unknown status", "status_page.json", "changes/0/status")
        << QJsonValue(u"done"_s)
        << u"The field \"changes[0].status\" must be one of accepted, processing, completed, "
           "rejected."_s;
    row("seq zero", "status_page.json", "changes/0/seq")
        << QJsonValue(0)
        << u"The field \"changes[0].seq\" must be a whole number from 1 to "
           "9007199254740992."_s;
    row("more as text", "status_page.json", "more")
        << QJsonValue(u"no"_s) << u"The field \"more\" must be true or false."_s;
    row("reason as number", "status_page.json", "changes/1/reason")
        << QJsonValue(5) << u"The field \"changes[1].reason\" must be a text or null."_s;
    row("error without message", "error.json", "error/message")
        << removed << u"The message lacks the field \"error.message\"."_s;
    row("health without status", "health.json", "status")
        << removed << u"The message lacks the field \"status\"."_s;
    row("unknown master kind", "master_data_response.json", "kind")
        << QJsonValue(u"villages"_s)
        << u"The field \"kind\" must be one of codelists, catalogue, regions."_s;
    row("negative master version", "master_data_current.json", "version")
        << QJsonValue(-1)
        << u"The field \"version\" must be a whole number from 0 to 2147483647."_s;
    row("master version without sha256", "master_data_current.json", "sha256")
        << null << u"The field \"sha256\" must be a SHA-256 exactly when the version is above 0."_s;
    row("master version without time", "master_data_response.json", "publishedAt")
        << null
        << u"The field \"publishedAt\" must be a UTC time exactly when the version is above 0."_s;
    row("nothing published with content", "master_data_none.json", "content")
        << QJsonValue(u"kode,nama"_s)
        << u"The field \"content\" must be null when the version is 0."_s;
    row("empty master content", "master_data_response.json", "content")
        << QJsonValue(u""_s) << u"The field \"content\" must be a text that is not empty."_s;
    row("master content as object", "master_data_response.json", "content")
        << QJsonValue(QJsonObject()) << u"The field \"content\" must be a text."_s;
}

void TestProtocol::malformedMessagesAreRefused()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(QJsonValue, replacement);
    QFETCH(QString, message);

    const QJsonValue document = edited(loadDocument(file), path.split(u'/'), replacement);
    const Result<QJsonObject> parsed = roundTripFor(file)(document.toObject());
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), message);
    QCOMPARE(parsed.error().code, QString(codes::kInvalidMessage));
}

void TestProtocol::canonicalTextIsCompactAndSorted()
{
    QCOMPARE(canonicalJson(kBirthFields),
             R"({"anakKe":2,"jenisKelamin":"2","kembar":false,"namaAnak":"Nur Aisyah",)"
             R"("nikIbu":"1904015507950002","noKk":"1904010101200003",)"
             R"("tanggalLahir":"2026-11-20","tempatLahir":"Koba"})"_ba);
}

void TestProtocol::contentHashMatchesIndependentValue_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("catalogueVersion");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<QString>("expected");

    // Expected values from sha256sum over the compact JSON, typed by hand.
    QTest::newRow("akta-kelahiran")
        << u"akta-kelahiran"_s << 1 << kBirthFields << QStringList{u"surat-kelahiran"_s, u"kk"_s}
        << u"832d426a7bec87b56fff5bd49d517930c36b6244c5f2071c6c79d3c27c9309fc"_s;
    QTest::newRow("akta-kematian")
        << u"akta-kematian"_s << 2
        << QJsonObject{{u"tempatMeninggal"_s, u"Koba"_s},
                       {u"nik"_s, u"1904010607610439"_s},
                       {u"nama"_s, u"Ma'ruf"_s},
                       {u"tanggalMeninggal"_s, u"2026-11-28"_s}}
        << QStringList{u"surat-kematian"_s, u"kk"_s, u"ktp-el"_s}
        << u"1daa727f4f2458e69ea7f70f517fc622887159808a6404aa919cc7f763947666"_s;
}

void TestProtocol::contentHashMatchesIndependentValue()
{
    QFETCH(QString, service);
    QFETCH(int, catalogueVersion);
    QFETCH(QJsonObject, fields);
    QFETCH(QStringList, requirements);
    QFETCH(QString, expected);

    QCOMPARE(contentHash(service, catalogueVersion, fields, requirements), expected);

    const auto batch = BatchRequest::fromJson(loadDocument(u"batch_request.json"_s));
    QVERIFY(batch.ok());
    const auto sealed =
        std::find_if(batch->applications.cbegin(), batch->applications.cend(),
                     [&](const ApplicationRecord& record) { return record.service == service; });
    QVERIFY(sealed != batch->applications.cend());
    QCOMPARE(sealed->contentHash, expected);
    QCOMPARE(contentHash(*sealed), expected);
}

void TestProtocol::contentHashFollowsContent()
{
    const QStringList requirements{u"surat-kelahiran"_s, u"kk"_s};
    const QString sealed = contentHash(u"akta-kelahiran"_s, 1, kBirthFields, requirements);

    QJsonObject otherDate = kBirthFields;
    otherDate.insert(u"tanggalLahir"_s, u"2026-11-21"_s);
    QVERIFY(contentHash(u"akta-kelahiran"_s, 1, otherDate, requirements) != sealed);
    QVERIFY(contentHash(u"akta-kelahiran"_s, 2, kBirthFields, requirements) != sealed);
    const QStringList reordered{u"kk"_s, u"surat-kelahiran"_s};
    QVERIFY(contentHash(u"akta-kelahiran"_s, 1, kBirthFields, reordered) != sealed);
}

void TestProtocol::contentHashCoversScans_data()
{
    QTest::addColumn<QList<ScanReference>>("scans");
    QTest::addColumn<bool>("sameSeal");

    ScanReference renamed = kKtpScan;
    renamed.name = u"ktp_ayah.jpg"_s;
    ScanReference swapped = kKtpScan;
    swapped.sha256 = kAktaSha256;
    ScanReference otherRequirement = kAktaScan;
    otherRequirement.requirement = u"kk"_s;

    QTest::newRow("as sent") << QList<ScanReference>{kKtpScan, kAktaScan} << true;
    QTest::newRow("other order") << QList<ScanReference>{kAktaScan, kKtpScan} << true;
    QTest::newRow("one left out") << QList<ScanReference>{kKtpScan} << false;
    QTest::newRow("renamed") << QList<ScanReference>{renamed, kAktaScan} << false;
    QTest::newRow("content swapped") << QList<ScanReference>{swapped, kAktaScan} << false;
    QTest::newRow("other requirement") << QList<ScanReference>{kKtpScan, otherRequirement} << false;
    QTest::newRow("none") << QList<ScanReference>{} << false;
}

void TestProtocol::contentHashCoversScans()
{
    QFETCH(QList<ScanReference>, scans);
    QFETCH(bool, sameSeal);

    const auto batch = BatchRequest::fromJson(loadDocument(u"batch_request_scans.json"_s));
    QVERIFY(batch.ok());
    const ApplicationRecord& change = batch->applications.at(0);
    const QString seal = contentHash(change.service, change.catalogueVersion, change.fields,
                                     change.requirements, scans);
    QCOMPARE(seal == kScansSeal, sameSeal);
    if (scans.isEmpty()) {
        QCOMPARE(seal, contentHash(change.service, change.catalogueVersion, change.fields,
                                   change.requirements));
    }
}

void TestProtocol::parseObjectRefusesNonObjects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("array") << "[1, 2]"_ba << false;
    QTest::newRow("captive portal page") << "<html><body>Login</body></html>"_ba << false;
    QTest::newRow("truncated") << R"({"batch": "5f0c2a9e)"_ba << false;
    QTest::newRow("object") << R"({"status": "ok"})"_ba << true;
}

void TestProtocol::parseObjectRefusesNonObjects()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, accepted);

    const Result<QJsonObject> parsed = parseObject(body);
    QCOMPARE(parsed.ok(), accepted);
    if (!accepted) {
        QCOMPARE(parsed.error().code, QString(codes::kInvalidJson));
        QCOMPARE(parsed.errorMessage(), u"The body is not a JSON object."_s);
    }
}

void TestProtocol::scanProgressValues()
{
    const auto progress = ScanProgress::fromJson(loadDocument(u"scan_progress.json"_s));
    QVERIFY2(progress.ok(), qPrintable(progress.errorMessage()));
    QCOMPARE(progress->sha256,
             u"c3227f37e89b6bf826b35bd42086df295429b5444f81ee4c1241cae2f123684a"_s);
    QCOMPARE(progress->received, 262144);
    QCOMPARE(progress->size, 2097152);
    QVERIFY(!progress->complete());
}

void TestProtocol::contentRange_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<bool>("isLast");

    QTest::newRow("first piece") << "bytes 0-262143/2097152"_ba << true << 0LL << 262143LL
                                 << 2097152LL << false;
    QTest::newRow("last piece") << "bytes 1835008-2097151/2097152"_ba << true << 1835008LL
                                << 2097151LL << 2097152LL << true;
    QTest::newRow("one byte scan") << "bytes 0-0/1"_ba << true << 0LL << 0LL << 1LL << true;
    QTest::newRow("end before start") << "bytes 10-9/20"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("beyond total") << "bytes 0-20/20"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("over 10 MB") << "bytes 0-9/10485761"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("unknown total") << "bytes 0-9/*"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("other unit") << "items 0-9/20"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("negative") << "bytes -1-9/20"_ba << false << 0LL << 0LL << 0LL << false;
    QTest::newRow("empty") << QByteArray() << false << 0LL << 0LL << 0LL << false;
}

void TestProtocol::contentRange()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);

    const std::optional<ContentRange> range = ContentRange::fromHeader(header);
    QCOMPARE(range.has_value(), valid);
    if (!valid)
        return;
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, total);
    QFETCH(bool, isLast);
    QCOMPARE(range->first, first);
    QCOMPARE(range->last, last);
    QCOMPARE(range->total, total);
    QCOMPARE(range->isLast(), isLast);
    QCOMPARE(range->length(), last - first + 1);
    QCOMPARE(range->toHeader(), header);
}

void TestProtocol::parseUuid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");

    QTest::newRow("canonical") << u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30"_s << true;
    QTest::newRow("capitals") << u"5F0C2A9E-8D3B-4C1E-9A7F-2B6D1E4C8A30"_s << true;
    QTest::newRow("braces") << u"{5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a30}"_s << false;
    QTest::newRow("short") << u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a3"_s << false;
    QTest::newRow("not hex") << u"5f0c2a9e-8d3b-4c1e-9a7f-2b6d1e4c8a3z"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestProtocol::parseUuid()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);

    const QUuid uuid = protocol::parseUuid(text);
    QCOMPARE(!uuid.isNull(), valid);
    if (valid)
        QCOMPARE(uuidText(uuid), text.toLower());
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
