#include "CentralServer.h"

#include "CentralStore.h"
#include "Clock.h"
#include "Logging.h"
#include "sync/Gzip.h"
#include "sync/Protocol.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QMetaEnum>
#include <QUrlQuery>

#include <algorithm>
#include <limits>
#include <optional>

namespace sipelanduk::server {

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;
namespace codes = protocol::codes;

namespace {

struct CodeStatus
{
    QLatin1String code;
    StatusCode status;
};

constexpr CodeStatus kStatuses[] = {
    {codes::kInvalidJson, StatusCode::BadRequest},
    {codes::kInvalidMessage, StatusCode::BadRequest},
    {codes::kInvalidRequest, StatusCode::BadRequest},
    {codes::kUnauthorized, StatusCode::Unauthorized},
    {codes::kInvalidCode, StatusCode::Forbidden},
    {codes::kNotFound, StatusCode::NotFound},
    {codes::kUnknownApplication, StatusCode::NotFound},
    {codes::kBatchConflict, StatusCode::Conflict},
    {codes::kScanOffsetMismatch, StatusCode::Conflict},
    {codes::kInvalidTransition, StatusCode::Conflict},
    {codes::kPayloadTooLarge, StatusCode::PayloadTooLarge},
    {codes::kScanHashMismatch, StatusCode::UnprocessableEntity},
    {codes::kUnsupportedMediaType, StatusCode::UnsupportedMediaType},
    {codes::kStorageUnavailable, StatusCode::ServiceUnavailable},
};

StatusCode statusFor(const QString& code)
{
    for (const CodeStatus& entry : kStatuses) {
        if (entry.code == code)
            return entry.status;
    }
    return StatusCode::InternalServerError;
}

QByteArray headerValue(const QHttpServerRequest& request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool hasMediaType(const QByteArray& header, const char* expected)
{
    const QByteArray mediaType = header.split(';').value(0).trimmed().toLower();
    return mediaType == expected;
}

bool isJsonContentType(const QByteArray& header)
{
    return hasMediaType(header, protocol::kJsonContentType);
}

Status checkScanPath(const QString& sha256)
{
    if (protocol::isSha256Hex(sha256))
        return {};
    return Error{CentralServer::tr("A scan is named by the 64 lowercase hexadecimal characters of "
                                   "its SHA-256, not \"%1\".")
                     .arg(sha256.left(80)),
                 codes::kInvalidRequest};
}

QByteArray methodName(Method method)
{
    return QByteArray(QMetaEnum::fromType<Method>().valueToKey(int(method))).toUpper();
}

// A whole number from the query string, `fallback` when absent; above `maximum` means maximum.
Result<qint64> queryNumber(const QUrlQuery& query, const QString& name, qint64 fallback,
                           qint64 minimum, qint64 maximum)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < minimum) {
        return Error{CentralServer::tr("The query parameter \"%1\" must be a whole number of at "
                                       "least %2.")
                         .arg(name)
                         .arg(minimum),
                     codes::kInvalidRequest};
    }
    return qMin(value, maximum);
}

} // namespace

CentralServer::CentralServer(CentralStore& store, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{
    setupRoutes();
}

void CentralServer::useTls(const QSslConfiguration& configuration)
{
    m_http.sslSetup(configuration);
}

Result<quint16> CentralServer::listen(const QHostAddress& address, quint16 port)
{
    const quint16 bound = m_http.listen(address, port);
    if (bound == 0) {
        return Error{tr("Cannot listen on %1 port %2; another program may be using it.")
                         .arg(address.toString())
                         .arg(port)};
    }
    qCInfo(lcServer).noquote() << "listening on" << address.toString() << "port" << bound;
    return bound;
}

void CentralServer::setupRoutes()
{
    m_http.route(protocol::enrolmentsPath(), Method::Post, [this](const QHttpServerRequest& r) {
        return serve(r, [&](Context& context) { return enrol(r, context); });
    });
    m_http.route(protocol::kApiPrefix + u"/batches/<arg>"_s, Method::Put,
                 [this](const QString& id, const QHttpServerRequest& r) {
                     return gzipped(
                         r, serve(r, [&](Context& context) { return putBatch(id, r, context); }));
                 });
    m_http.route(
        protocol::kApiPrefix + u"/scans/<arg>"_s, Method::Head,
        [this](const QString& sha256, const QHttpServerRequest& r) { return headScan(sha256, r); });
    m_http.route(protocol::kApiPrefix + u"/scans/<arg>"_s, Method::Put,
                 [this](const QString& sha256, const QHttpServerRequest& r) {
                     return serve(r, [&](Context& context) { return putScan(sha256, r, context); });
                 });
    m_http.route(protocol::statusPath(), Method::Get, [this](const QHttpServerRequest& r) {
        return gzipped(r, serve(r, [&](Context& context) { return status(r, context); }));
    });
    m_http.route(protocol::kApiPrefix + u"/master/<arg>"_s, Method::Get,
                 [this](const QString& kind, const QHttpServerRequest& r) {
                     return gzipped(r, serve(r, [&](Context& context) {
                                        return masterData(kind, r, context);
                                    }));
                 });
    m_http.route(protocol::healthPath(), Method::Get, [this](const QHttpServerRequest& r) {
        return serve(r, [&](Context&) { return health(); });
    });
    m_http.setMissingHandler([this](const QHttpServerRequest& r, QHttpServerResponder&& out) {
        const Error missing{tr("There is no such resource in this API."), codes::kNotFound};
        serve(r, [&](Context&) { return Result<QJsonObject>(missing); }).write(std::move(out));
    });
}

// The one place that turns a handler's result into an answer and a log line.
QHttpServerResponse CentralServer::serve(const QHttpServerRequest& request,
                                         const Handler& handler) const
{
    Context context;
    const Result<QJsonObject> result = handler(context);
    const StatusCode status = result ? StatusCode::Ok : statusFor(result.error().code);
    const QString outcome = result ? u"ok"_s : result.error().code;

    qCInfo(lcServer).noquote() << methodName(request.method()) << request.url().path() << "device"
                               << (context.deviceId.isEmpty() ? u"-"_s : context.deviceId) << "->"
                               << int(status) << outcome;

    QHttpServerResponse response(result ? *result : protocol::ErrorBody{result.error()}.toJson(),
                                 status);
    if (status == StatusCode::ServiceUnavailable)
        response.setHeader("Retry-After", "5");
    for (const auto& [name, value] : context.headers)
        response.setHeader(name, value);
    return response;
}

// A large successful answer (a batch's results, a status page, master data) goes gzip-compressed
// to a client that accepts it (Qt's network access decodes it on its own); anything else goes as
// it is. Only for answers without headers of their own: the compressed answer is a new one.
QHttpServerResponse CentralServer::gzipped(const QHttpServerRequest& request,
                                           QHttpServerResponse&& response)
{
    if (response.statusCode() != StatusCode::Ok || response.data().size() < gzip::kWorthFromBytes ||
        !gzip::listsGzip(headerValue(request, "Accept-Encoding")))
        return std::move(response);
    const std::optional<QByteArray> compressed = gzip::compress(response.data());
    if (!compressed)
        return std::move(response);
    QHttpServerResponse smaller(response.mimeType(), *compressed, StatusCode::Ok);
    smaller.setHeader("Content-Encoding", "gzip");
    smaller.setHeader("Vary", "Accept-Encoding");
    return smaller;
}

Result<QJsonObject> CentralServer::enrol(const QHttpServerRequest& request, Context& context)
{
    const auto json = jsonBody(request);
    if (!json)
        return json.error();
    const auto enrolment = protocol::EnrolRequest::fromJson(*json);
    if (!enrolment)
        return enrolment.error();

    const auto response = m_store.enrol(*enrolment);
    if (!response)
        return response.error();
    context.deviceId = protocol::uuidText(response->deviceId);
    return response->toJson();
}

Result<QJsonObject> CentralServer::putBatch(const QString& pathId,
                                            const QHttpServerRequest& request, Context& context)
{
    const auto device = authorise(request, context);
    if (!device)
        return device.error();
    const auto json = jsonBody(request);
    if (!json)
        return json.error();
    const auto batch = protocol::BatchRequest::fromJson(*json);
    if (!batch)
        return batch.error();
    if (protocol::parseUuid(pathId) != batch->batch) {
        return Error{
            tr("The batch UUID in the path, %1, is not the \"batch\" of the body.").arg(pathId),
            codes::kInvalidRequest};
    }

    const QString bodyHash = protocol::sha256Hex(protocol::canonicalJson(batch->toJson()));
    const auto response = m_store.storeBatch(*device, *batch, bodyHash);
    if (!response)
        return response.error();
    return response->toJson();
}

Result<QJsonObject> CentralServer::status(const QHttpServerRequest& request, Context& context) const
{
    const auto device = authorise(request, context);
    if (!device)
        return device.error();
    const QUrlQuery query = request.query();
    const auto after = queryNumber(query, u"after"_s, 0, 0, std::numeric_limits<qint64>::max());
    if (!after)
        return after.error();
    const auto limit = queryNumber(query, u"limit"_s, protocol::kDefaultStatusPageSize, 1,
                                   protocol::kMaxStatusPageSize);
    if (!limit)
        return limit.error();

    const auto page = m_store.statusAfter(device->office, *after, int(*limit));
    if (!page)
        return page.error();
    return page->toJson();
}

// A HEAD answer has no body: the status alone says whether the scan is stored (200) or not (404).
QHttpServerResponse CentralServer::headScan(const QString& sha256,
                                            const QHttpServerRequest& request) const
{
    Context context;
    const Result<bool> known = scanKnown(sha256, request, context);
    StatusCode status = StatusCode::NotFound;
    if (!known)
        status = statusFor(known.error().code);
    else if (*known)
        status = StatusCode::Ok;
    // Not stored yet: how far a ranged upload got, so that the client continues from there.
    const Result<qint64> offset =
        status == StatusCode::NotFound ? m_store.scanPiecesOffset(sha256) : Result<qint64>(0);
    if (!offset)
        status = statusFor(offset.error().code);
    qCInfo(lcServer).noquote() << "HEAD" << request.url().path() << "device"
                               << (context.deviceId.isEmpty() ? u"-"_s : context.deviceId) << "->"
                               << int(status) << (known ? u"ok"_s : known.error().code);
    QHttpServerResponse response(status);
    if (status == StatusCode::NotFound)
        response.setHeader(protocol::kUploadOffsetHeader, QByteArray::number(*offset));
    return response;
}

Result<bool> CentralServer::scanKnown(const QString& sha256, const QHttpServerRequest& request,
                                      Context& context) const
{
    const auto device = authorise(request, context);
    if (!device)
        return device.error();
    if (Status valid = checkScanPath(sha256); !valid)
        return valid.error();
    return m_store.hasScan(sha256);
}

Result<QJsonObject> CentralServer::putScan(const QString& sha256, const QHttpServerRequest& request,
                                           Context& context)
{
    const auto device = authorise(request, context);
    if (!device)
        return device.error();
    if (!headerValue(request, "Content-Range").isEmpty())
        return putScanPiece(sha256, *device, request, context);
    const auto content = scanBody(sha256, request);
    if (!content)
        return content.error();
    const auto stored = m_store.storeScan(*device, sha256, *content);
    if (!stored)
        return stored.error();
    return protocol::ScanReceipt{sha256, content->size()}.toJson();
}

Result<QByteArray> CentralServer::scanBody(const QString& sha256,
                                           const QHttpServerRequest& request) const
{
    if (Status valid = checkScanPath(sha256); !valid)
        return valid.error();
    const QByteArray& body = request.body();
    if (body.size() > protocol::kMaxScanBytes) {
        return Error{
            tr("A scan may be at most %1 MB.").arg(protocol::kMaxScanBytes / (1024 * 1024)),
            codes::kPayloadTooLarge};
    }
    if (!hasMediaType(headerValue(request, "Content-Type"), protocol::kScanContentType)) {
        return Error{tr("A scan must be sent as application/octet-stream."),
                     codes::kUnsupportedMediaType};
    }
    if (body.isEmpty()) {
        return Error{tr("The scan is empty."), codes::kInvalidRequest};
    }
    if (protocol::sha256Hex(body) != sha256) {
        return Error{tr("The content received is not the scan %1: its SHA-256 differs, so it was "
                        "changed or cut off on the way; send it again.")
                         .arg(sha256),
                     codes::kScanHashMismatch};
    }
    return body;
}

// One piece of a ranged upload. Every answer, also a refusal, says in Upload-Offset how many
// bytes the server holds, so the client knows where to continue.
Result<QJsonObject> CentralServer::putScanPiece(const QString& sha256, const Device& device,
                                                const QHttpServerRequest& request, Context& context)
{
    const auto range = scanPieceRange(sha256, request);
    if (!range)
        return range.error();
    const auto outcome = m_store.storeScanPiece(device, sha256, *range, request.body());
    if (!outcome) {
        if (outcome.error().code == codes::kScanOffsetMismatch) {
            if (const auto held = m_store.scanPiecesOffset(sha256); held)
                context.headers.append({protocol::kUploadOffsetHeader, QByteArray::number(*held)});
        }
        return outcome.error();
    }
    context.headers.append({protocol::kUploadOffsetHeader, QByteArray::number(outcome->received)});
    return protocol::ScanProgress{sha256, outcome->received, range->total}.toJson();
}

Result<protocol::ContentRange>
CentralServer::scanPieceRange(const QString& sha256, const QHttpServerRequest& request) const
{
    if (Status valid = checkScanPath(sha256); !valid)
        return valid.error();
    if (!hasMediaType(headerValue(request, "Content-Type"), protocol::kScanContentType)) {
        return Error{tr("A scan must be sent as application/octet-stream."),
                     codes::kUnsupportedMediaType};
    }
    const QByteArray header = headerValue(request, "Content-Range");
    const auto range = protocol::ContentRange::fromHeader(header);
    if (!range) {
        return Error{tr("The Content-Range \"%1\" is not \"bytes FIRST-LAST/TOTAL\" of a scan of "
                        "at most %2 MB.")
                         .arg(QString::fromLatin1(header.left(80)))
                         .arg(protocol::kMaxScanBytes / (1024 * 1024)),
                     codes::kInvalidRequest};
    }
    if (range->length() != request.body().size()) {
        return Error{tr("The piece holds %1 bytes, but its Content-Range names %2.")
                         .arg(request.body().size())
                         .arg(range->length()),
                     codes::kInvalidRequest};
    }
    return *range;
}

Result<QJsonObject> CentralServer::health() const
{
    return protocol::Health{u"ok"_s, m_clock.now()}.toJson();
}

Result<QJsonObject> CentralServer::masterData(const QString& kindName,
                                              const QHttpServerRequest& request,
                                              Context& context) const
{
    const auto device = authorise(request, context);
    if (!device)
        return device.error();
    const auto kind = protocol::masterKindFromName(kindName);
    if (!kind) {
        return Error{tr("There is no master data called \"%1\"; the kinds are codelists, "
                        "catalogue and regions.")
                         .arg(kindName.left(40)),
                     codes::kNotFound};
    }
    const auto have =
        queryNumber(request.query(), u"have"_s, 0, 0, std::numeric_limits<int>::max());
    if (!have)
        return have.error();
    const auto answer = m_store.masterData(*kind, int(*have));
    if (!answer)
        return answer.error();
    return answer->toJson();
}

Result<Device> CentralServer::authorise(const QHttpServerRequest& request, Context& context) const
{
    const QByteArray header = headerValue(request, "Authorization");
    const QByteArray scheme = "bearer ";
    if (!header.toLower().startsWith(scheme)) {
        return Error{tr("The request carries no device token; enrol this PC first."),
                     codes::kUnauthorized};
    }

    auto device = m_store.authenticate(QString::fromLatin1(header.mid(scheme.size()).trimmed()));
    if (device)
        context.deviceId = protocol::uuidText(device->id);
    return device;
}

// Qt 6.4 reads the whole body before a handler runs, so the size limit is checked only here; a
// reverse proxy in front of the server should refuse large bodies earlier.
Result<QJsonObject> CentralServer::jsonBody(const QHttpServerRequest& request) const
{
    if (request.body().size() > protocol::kMaxBodyBytes) {
        return Error{tr("The request is larger than %1 MB; send fewer applications per batch.")
                         .arg(protocol::kMaxBodyBytes / (1024 * 1024)),
                     codes::kPayloadTooLarge};
    }
    if (!isJsonContentType(headerValue(request, "Content-Type"))) {
        return Error{tr("The request must be sent as application/json."),
                     codes::kUnsupportedMediaType};
    }
    // A client may send its JSON gzip-compressed (Content-Encoding: gzip); nothing else.
    const QByteArray encoding = headerValue(request, "Content-Encoding").trimmed().toLower();
    if (encoding.isEmpty() || encoding == "identity")
        return protocol::parseObject(request.body());
    if (!gzip::listsGzip(encoding) || encoding.contains(',')) {
        return Error{tr("The request body is encoded as %1; send it as it is or with gzip.")
                         .arg(QString::fromLatin1(encoding)),
                     codes::kUnsupportedMediaType};
    }
    const Result<QByteArray> body = gzip::decompress(request.body(), protocol::kMaxBodyBytes);
    if (!body) {
        return Error{body.errorMessage(), body.error().code == "payload_too_large"_L1
                                              ? QString(codes::kPayloadTooLarge)
                                              : QString(codes::kInvalidJson)};
    }
    return protocol::parseObject(*body);
}

} // namespace sipelanduk::server
