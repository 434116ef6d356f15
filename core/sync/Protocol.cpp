#include "Protocol.h"

#include "Clock.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace sipelanduk::protocol {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kUuidTextLength = 36;
constexpr qint64 kLargestExactInteger = qint64(1) << 53;

QJsonValue nullable(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

template <typename T>
QJsonArray toArray(const QList<T>& items)
{
    QJsonArray array;
    for (const T& item : items)
        array.append(item.toJson());
    return array;
}

// Reads the fields of one message in order and keeps the first problem, so that a parser reads
// every field in a row and checks once at the end.
class Reader
{
    Q_DECLARE_TR_FUNCTIONS(Protocol)

public:
    explicit Reader(QJsonObject json, QString path = {})
        : m_json(std::move(json))
        , m_path(std::move(path))
    {}

    bool failed() const { return m_error.has_value(); }

    template <typename T>
    Result<T> finish(T value) const
    {
        if (m_error)
            return *m_error;
        return value;
    }

    void fail(const char* key, const QString& expectation) { failAt(where(key), expectation); }

    QString text(const char* key)
    {
        const QString value = take(key, QJsonValue::String, tr("a text")).toString();
        if (!failed() && value.isEmpty())
            failAt(where(key), tr("a text that is not empty"));
        return value;
    }

    QString nullableText(const char* key)
    {
        if (isNull(key))
            return {};
        return take(key, QJsonValue::String, tr("a text or null")).toString();
    }

    // JSON numbers are doubles: beyond 2^53 a whole number cannot be told from its neighbour.
    qint64 integer(const char* key, qint64 minimum, qint64 maximum = kLargestExactInteger)
    {
        const double value = take(key, QJsonValue::Double, tr("a whole number")).toDouble();
        const bool inRange =
            std::trunc(value) == value && value >= double(minimum) && value <= double(maximum);
        if (!failed() && !inRange)
            failAt(where(key), tr("a whole number from %1 to %2").arg(minimum).arg(maximum));
        return failed() ? 0 : qint64(value);
    }

    bool boolean(const char* key)
    {
        return take(key, QJsonValue::Bool, tr("true or false")).toBool();
    }

    QUuid uuid(const char* key)
    {
        const QUuid value = parseUuid(take(key, QJsonValue::String, tr("a UUID")).toString());
        if (!failed() && value.isNull())
            failAt(where(key), tr("a UUID such as 0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59"));
        return value;
    }

    QDateTime instant(const char* key)
    {
        const QString text = take(key, QJsonValue::String, tr("a text")).toString();
        const QDateTime value = fromUtcText(text);
        if (!failed() && (!value.isValid() || value.timeSpec() == Qt::LocalTime))
            failAt(where(key), tr("a UTC time such as 2026-12-03T08:00:00.000Z"));
        return value;
    }

    QString office(const char* key)
    {
        const QString value = take(key, QJsonValue::String, tr("a text")).toString();
        if (!failed() && !isOfficeCode(value))
            failAt(where(key), tr("a kecamatan code such as 19.04.01"));
        return value;
    }

    QString sha256(const char* key)
    {
        const QString value = take(key, QJsonValue::String, tr("a text")).toString();
        if (!failed() && !isSha256Hex(value))
            failAt(where(key), tr("64 lowercase hexadecimal characters"));
        return value;
    }

    QJsonObject object(const char* key)
    {
        return take(key, QJsonValue::Object, tr("an object")).toObject();
    }

    QStringList texts(const char* key)
    {
        const QJsonArray array = take(key, QJsonValue::Array, tr("a list")).toArray();
        QStringList values;
        for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
            if (!array.at(i).isString() || array.at(i).toString().isEmpty())
                failAt(itemPath(key, i), tr("a text that is not empty"));
            values.append(array.at(i).toString());
        }
        return values;
    }

    template <typename T>
    QList<T> list(const char* key, T (*read)(Reader&))
    {
        const QJsonArray array = take(key, QJsonValue::Array, tr("a list")).toArray();
        QList<T> items;
        for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
            if (!array.at(i).isObject()) {
                failAt(itemPath(key, i), tr("an object"));
                break;
            }
            Reader item(array.at(i).toObject(), itemPath(key, i));
            items.append(read(item));
            m_error = item.m_error;
        }
        return items;
    }

    // A whole number that older messages may leave out.
    std::optional<qint64> optionalInteger(const char* key, qint64 minimum)
    {
        if (failed() || m_json.value(QLatin1String(key)).isUndefined())
            return std::nullopt;
        return integer(key, minimum);
    }

    // A list that older messages may leave out: absent means empty.
    template <typename T>
    QList<T> optionalList(const char* key, T (*read)(Reader&))
    {
        if (failed() || m_json.value(QLatin1String(key)).isUndefined())
            return {};
        return list(key, read);
    }

    template <typename T>
    T nested(const char* key, T (*read)(Reader&))
    {
        Reader inner(object(key), where(key));
        if (failed())
            return {};
        T value = read(inner);
        m_error = inner.m_error;
        return value;
    }

    // An object read by `read`, or nothing when the field is null.
    template <typename T>
    std::optional<T> nullableNested(const char* key, T (*read)(Reader&))
    {
        if (isNull(key))
            return std::nullopt;
        T value = nested(key, read);
        if (failed())
            return std::nullopt;
        return value;
    }

    Outcome outcome(const char* key)
    {
        const auto value = outcomeFromName(take(key, QJsonValue::String, tr("a text")).toString());
        if (!failed() && !value)
            failAt(where(key), tr("one of accepted, rejected"));
        return value.value_or(Outcome::Rejected);
    }

    MasterKind masterKind(const char* key)
    {
        const auto value =
            masterKindFromName(take(key, QJsonValue::String, tr("a text")).toString());
        if (!failed() && !value)
            failAt(where(key), tr("one of codelists, catalogue, regions"));
        return value.value_or(MasterKind::Catalogue);
    }

    QDateTime nullableInstant(const char* key)
    {
        if (isNull(key))
            return {};
        return instant(key);
    }

    QString nullableSha256(const char* key)
    {
        if (isNull(key))
            return {};
        return sha256(key);
    }

    std::optional<QString> nullableContent(const char* key)
    {
        if (isNull(key))
            return std::nullopt;
        const QString value = text(key);
        return failed() ? std::nullopt : std::optional<QString>(value);
    }

    RemoteStatus status(const char* key)
    {
        const QString text = take(key, QJsonValue::String, tr("a text")).toString();
        const auto value = remoteStatusFromName(text);
        if (!failed() && !value)
            failAt(where(key), tr("one of accepted, processing, completed, rejected"));
        return value.value_or(RemoteStatus::Accepted);
    }

private:
    QString where(const char* key) const
    {
        const QString name = QString::fromLatin1(key);
        return m_path.isEmpty() ? name : m_path + u'.' + name;
    }

    QString itemPath(const char* key, qsizetype index) const
    {
        return where(key) + u'[' + QString::number(index) + u']';
    }

    bool isNull(const char* key) const
    {
        return !failed() && m_json.value(QLatin1String(key)).isNull();
    }

    QJsonValue take(const char* key, QJsonValue::Type type, const QString& expectation)
    {
        if (failed())
            return {};
        const QJsonValue value = m_json.value(QLatin1String(key));
        if (value.isUndefined()) {
            m_error = Error{tr("The message lacks the field \"%1\".").arg(where(key)),
                            codes::kInvalidMessage};
            return {};
        }
        if (value.type() != type) {
            failAt(where(key), expectation);
            return {};
        }
        return value;
    }

    void failAt(const QString& field, const QString& expectation)
    {
        if (failed())
            return;
        m_error = Error{tr("The field \"%1\" must be %2.").arg(field, expectation),
                        codes::kInvalidMessage};
    }

    QJsonObject m_json;
    QString m_path;
    std::optional<Error> m_error;
};

template <typename T>
Result<T> parse(const QJsonObject& json, T (*read)(Reader&))
{
    Reader reader(json);
    T value = read(reader);
    return reader.finish(std::move(value));
}

EnrolRequest readEnrolRequest(Reader& r)
{
    return {r.text("code"), r.office("office"), r.text("deviceName"), r.text("station")};
}

EnrolResponse readEnrolResponse(Reader& r)
{
    return {r.uuid("deviceId"), r.text("token"), r.office("office"), r.instant("serverTime")};
}

ScanReference readScanReference(Reader& r)
{
    return {r.text("requirement"), r.sha256("sha256"), r.text("name"), r.text("mime"),
            r.integer("size", 1, kMaxScanBytes)};
}

ScanReceipt readScanReceipt(Reader& r)
{
    return {r.sha256("sha256"), r.integer("size", 1, kMaxScanBytes)};
}

ScanProgress readScanProgress(Reader& r)
{
    return {r.sha256("sha256"), r.integer("received", 0, kMaxScanBytes),
            r.integer("size", 1, kMaxScanBytes)};
}

ApplicationRecord readApplicationRecord(Reader& r)
{
    return {r.uuid("uuid"),
            r.text("registrationNumber"),
            r.text("service"),
            int(r.integer("catalogueVersion", 1, std::numeric_limits<int>::max())),
            r.sha256("contentHash"),
            r.instant("capturedAt"),
            r.instant("approvedAt"),
            r.object("fields"),
            r.texts("requirements"),
            r.optionalList("scans", &readScanReference)};
}

BatchRequest readBatchRequest(Reader& r)
{
    return {r.uuid("batch"), r.office("office"), r.list("applications", &readApplicationRecord)};
}

Error readReason(Reader& r)
{
    Error reason;
    reason.code = r.text("code");
    reason.message = r.text("message");
    return reason;
}

ApplicationResult readApplicationResult(Reader& r)
{
    ApplicationResult result{r.uuid("uuid"), r.text("registrationNumber"), r.outcome("outcome"),
                             r.nullableNested("reason", &readReason)};
    if (result.outcome == Outcome::Rejected && !result.reason)
        r.fail("reason", Reader::tr("an object with code and message for a rejected application"));
    return result;
}

BatchResponse readBatchResponse(Reader& r)
{
    return {r.uuid("batch"), r.instant("receivedAt"), r.list("results", &readApplicationResult)};
}

StatusChange readStatusChange(Reader& r)
{
    return {r.integer("seq", 1), r.uuid("uuid"),           r.text("registrationNumber"),
            r.status("status"),  r.nullableText("reason"), r.instant("at")};
}

StatusPage readStatusPage(Reader& r)
{
    StatusPage page{r.list("changes", &readStatusChange), r.integer("cursor", 0), r.boolean("more"),
                    r.instant("serverTime")};
    page.latest = r.optionalInteger("latest", 0);
    return page;
}

MasterDataResponse readMasterDataResponse(Reader& r)
{
    MasterDataResponse answer;
    answer.kind = r.masterKind("kind");
    answer.version = int(r.integer("version", 0, std::numeric_limits<int>::max()));
    answer.publishedAt = r.nullableInstant("publishedAt");
    answer.sha256 = r.nullableSha256("sha256");
    answer.content = r.nullableContent("content");
    answer.serverTime = r.instant("serverTime");
    const bool published = answer.version > 0;
    if (published != answer.publishedAt.isValid())
        r.fail("publishedAt", Reader::tr("a UTC time exactly when the version is above 0"));
    else if (published == answer.sha256.isEmpty())
        r.fail("sha256", Reader::tr("a SHA-256 exactly when the version is above 0"));
    else if (!published && answer.content)
        r.fail("content", Reader::tr("null when the version is 0"));
    return answer;
}

ErrorBody readErrorBody(Reader& r)
{
    return {r.nested("error", &readReason)};
}

Health readHealth(Reader& r)
{
    return {r.text("status"), r.instant("serverTime")};
}

} // namespace

QString enrolmentsPath()
{
    return kApiPrefix + u"/enrolments"_s;
}

QString batchPath(const QUuid& batch)
{
    return kApiPrefix + u"/batches/"_s + uuidText(batch);
}

QString statusPath()
{
    return kApiPrefix + u"/status"_s;
}

QString healthPath()
{
    return kApiPrefix + u"/health"_s;
}

QString scanPath(const QString& sha256)
{
    return kApiPrefix + u"/scans/"_s + sha256;
}

QString masterKindName(MasterKind kind)
{
    switch (kind) {
    case MasterKind::CodeLists:
        return u"codelists"_s;
    case MasterKind::Catalogue:
        return u"catalogue"_s;
    case MasterKind::Regions:
        return u"regions"_s;
    }
    return {};
}

std::optional<MasterKind> masterKindFromName(const QString& text)
{
    for (MasterKind kind : masterKinds()) {
        if (masterKindName(kind) == text)
            return kind;
    }
    return std::nullopt;
}

QList<MasterKind> masterKinds()
{
    return {MasterKind::CodeLists, MasterKind::Catalogue, MasterKind::Regions};
}

QString masterDataPath(MasterKind kind)
{
    return kApiPrefix + u"/master/"_s + masterKindName(kind);
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Accepted:
        return u"accepted"_s;
    case Outcome::Rejected:
        return u"rejected"_s;
    }
    return {};
}

std::optional<Outcome> outcomeFromName(const QString& text)
{
    for (Outcome outcome : {Outcome::Accepted, Outcome::Rejected}) {
        if (outcomeName(outcome) == text)
            return outcome;
    }
    return std::nullopt;
}

QString remoteStatusName(RemoteStatus status)
{
    switch (status) {
    case RemoteStatus::Accepted:
        return u"accepted"_s;
    case RemoteStatus::Processing:
        return u"processing"_s;
    case RemoteStatus::Completed:
        return u"completed"_s;
    case RemoteStatus::Rejected:
        return u"rejected"_s;
    }
    return {};
}

std::optional<RemoteStatus> remoteStatusFromName(const QString& text)
{
    for (RemoteStatus status : {RemoteStatus::Accepted, RemoteStatus::Processing,
                                RemoteStatus::Completed, RemoteStatus::Rejected}) {
        if (remoteStatusName(status) == text)
            return status;
    }
    return std::nullopt;
}

QJsonObject EnrolRequest::toJson() const
{
    return {{u"code"_s, code},
            {u"office"_s, office},
            {u"deviceName"_s, deviceName},
            {u"station"_s, station}};
}

Result<EnrolRequest> EnrolRequest::fromJson(const QJsonObject& json)
{
    return parse(json, &readEnrolRequest);
}

QJsonObject EnrolResponse::toJson() const
{
    return {{u"deviceId"_s, uuidText(deviceId)},
            {u"token"_s, token},
            {u"office"_s, office},
            {u"serverTime"_s, toUtcText(serverTime)}};
}

Result<EnrolResponse> EnrolResponse::fromJson(const QJsonObject& json)
{
    return parse(json, &readEnrolResponse);
}

QJsonObject ScanReference::toJson() const
{
    return {{u"requirement"_s, requirement},
            {u"sha256"_s, sha256},
            {u"name"_s, name},
            {u"mime"_s, mime},
            {u"size"_s, size}};
}

bool ScanReference::operator==(const ScanReference& other) const
{
    return std::tie(requirement, sha256, name, mime, size) ==
           std::tie(other.requirement, other.sha256, other.name, other.mime, other.size);
}

Result<ScanReference> ScanReference::fromJson(const QJsonObject& json)
{
    return parse(json, &readScanReference);
}

QJsonObject ScanReceipt::toJson() const
{
    return {{u"sha256"_s, sha256}, {u"size"_s, size}};
}

Result<ScanReceipt> ScanReceipt::fromJson(const QJsonObject& json)
{
    return parse(json, &readScanReceipt);
}

QByteArray ContentRange::toHeader() const
{
    return "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' +
           QByteArray::number(total);
}

std::optional<ContentRange> ContentRange::fromHeader(const QByteArray& header)
{
    static const QRegularExpression pattern(u"^bytes (\\d{1,9})-(\\d{1,9})/(\\d{1,9})$"_s);
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(header.trimmed()));
    if (!match.hasMatch())
        return std::nullopt;
    const ContentRange range{match.captured(1).toLongLong(), match.captured(2).toLongLong(),
                             match.captured(3).toLongLong()};
    if (range.first > range.last || range.last >= range.total || range.total > kMaxScanBytes)
        return std::nullopt;
    return range;
}

QJsonObject ScanProgress::toJson() const
{
    return {{u"sha256"_s, sha256}, {u"received"_s, received}, {u"size"_s, size}};
}

Result<ScanProgress> ScanProgress::fromJson(const QJsonObject& json)
{
    return parse(json, &readScanProgress);
}

QJsonObject ApplicationRecord::toJson() const
{
    QJsonObject json{{u"uuid"_s, uuidText(uuid)},
                     {u"registrationNumber"_s, registrationNumber},
                     {u"service"_s, service},
                     {u"catalogueVersion"_s, catalogueVersion},
                     {u"contentHash"_s, contentHash},
                     {u"capturedAt"_s, toUtcText(capturedAt)},
                     {u"approvedAt"_s, toUtcText(approvedAt)},
                     {u"fields"_s, fields},
                     {u"requirements"_s, QJsonArray::fromStringList(requirements)}};
    // Left out when empty, so a batch without scans reads as it did before scans travelled.
    if (!scans.isEmpty())
        json.insert(u"scans"_s, toArray(scans));
    return json;
}

Result<ApplicationRecord> ApplicationRecord::fromJson(const QJsonObject& json)
{
    return parse(json, &readApplicationRecord);
}

QJsonObject BatchRequest::toJson() const
{
    return {{u"batch"_s, uuidText(batch)},
            {u"office"_s, office},
            {u"applications"_s, toArray(applications)}};
}

Result<BatchRequest> BatchRequest::fromJson(const QJsonObject& json)
{
    return parse(json, &readBatchRequest);
}

QJsonObject ApplicationResult::toJson() const
{
    QJsonValue reasonJson(QJsonValue::Null);
    if (reason)
        reasonJson = QJsonObject{{u"code"_s, reason->code}, {u"message"_s, reason->message}};
    return {{u"uuid"_s, uuidText(uuid)},
            {u"registrationNumber"_s, registrationNumber},
            {u"outcome"_s, outcomeName(outcome)},
            {u"reason"_s, reasonJson}};
}

Result<ApplicationResult> ApplicationResult::fromJson(const QJsonObject& json)
{
    return parse(json, &readApplicationResult);
}

QJsonObject BatchResponse::toJson() const
{
    return {{u"batch"_s, uuidText(batch)},
            {u"receivedAt"_s, toUtcText(receivedAt)},
            {u"results"_s, toArray(results)}};
}

Result<BatchResponse> BatchResponse::fromJson(const QJsonObject& json)
{
    return parse(json, &readBatchResponse);
}

QJsonObject StatusChange::toJson() const
{
    return {{u"seq"_s, seq},
            {u"uuid"_s, uuidText(uuid)},
            {u"registrationNumber"_s, registrationNumber},
            {u"status"_s, remoteStatusName(status)},
            {u"reason"_s, nullable(reason)},
            {u"at"_s, toUtcText(at)}};
}

Result<StatusChange> StatusChange::fromJson(const QJsonObject& json)
{
    return parse(json, &readStatusChange);
}

QJsonObject StatusPage::toJson() const
{
    QJsonObject json{{u"changes"_s, toArray(changes)},
                     {u"cursor"_s, cursor},
                     {u"more"_s, more},
                     {u"serverTime"_s, toUtcText(serverTime)}};
    if (latest)
        json.insert(u"latest"_s, *latest);
    return json;
}

Result<StatusPage> StatusPage::fromJson(const QJsonObject& json)
{
    return parse(json, &readStatusPage);
}

QJsonObject MasterDataResponse::toJson() const
{
    return {{u"kind"_s, masterKindName(kind)},
            {u"version"_s, version},
            {u"publishedAt"_s,
             publishedAt.isValid() ? QJsonValue(toUtcText(publishedAt)) : QJsonValue()},
            {u"sha256"_s, nullable(sha256)},
            {u"content"_s, content ? QJsonValue(*content) : QJsonValue()},
            {u"serverTime"_s, toUtcText(serverTime)}};
}

Result<MasterDataResponse> MasterDataResponse::fromJson(const QJsonObject& json)
{
    return parse(json, &readMasterDataResponse);
}

QJsonObject ErrorBody::toJson() const
{
    return {{u"error"_s, QJsonObject{{u"code"_s, error.code}, {u"message"_s, error.message}}}};
}

Result<ErrorBody> ErrorBody::fromJson(const QJsonObject& json)
{
    return parse(json, &readErrorBody);
}

QJsonObject Health::toJson() const
{
    return {{u"status"_s, status}, {u"serverTime"_s, toUtcText(serverTime)}};
}

Result<Health> Health::fromJson(const QJsonObject& json)
{
    return parse(json, &readHealth);
}

QString contentHash(const QString& service, int catalogueVersion, const QJsonObject& fields,
                    const QStringList& requirements, const QList<ScanReference>& scans)
{
    QJsonObject sealed{{u"catalogueVersion"_s, catalogueVersion},
                       {u"fields"_s, fields},
                       {u"requirements"_s, QJsonArray::fromStringList(requirements)},
                       {u"service"_s, service}};
    if (!scans.isEmpty())
        sealed.insert(u"scans"_s, toArray(sortedScans(scans)));
    return sha256Hex(canonicalJson(sealed));
}

QString contentHash(const ApplicationRecord& record)
{
    return contentHash(record.service, record.catalogueVersion, record.fields, record.requirements,
                       record.scans);
}

QList<ScanReference> sortedScans(QList<ScanReference> scans)
{
    std::sort(scans.begin(), scans.end(), [](const ScanReference& a, const ScanReference& b) {
        return std::tie(a.requirement, a.sha256) < std::tie(b.requirement, b.sha256);
    });
    return scans;
}

bool isSha256Hex(const QString& text)
{
    static const QRegularExpression pattern(u"^[0-9a-f]{64}$"_s);
    return pattern.match(text).hasMatch();
}

QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray canonicalJson(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Result<QJsonObject> parseObject(const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return Error{QCoreApplication::translate("Protocol", "The body is not a JSON object."),
                     codes::kInvalidJson};
    }
    return document.object();
}

QString uuidText(const QUuid& uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

QUuid parseUuid(const QString& text)
{
    if (text.size() != kUuidTextLength)
        return {};
    return QUuid::fromString(text);
}

bool isOfficeCode(const QString& text)
{
    static const QRegularExpression pattern(u"^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$"_s);
    return pattern.match(text).hasMatch();
}

} // namespace sipelanduk::protocol
