#pragma once

#include "Result.h"
#include "sync/Protocol.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <utility>

namespace sipelanduk {
class Clock;
}

namespace sipelanduk::server {

class CentralStore;
struct Device;

// The sync API over HTTP, as docs/api/openapi.yaml describes it. Every answer is JSON; a failure
// is an ErrorBody whose HTTP status follows from its error code.
class CentralServer : public QObject
{
    Q_OBJECT

public:
    CentralServer(CentralStore& store, const Clock& clock, QObject* parent = nullptr);

    // Serves HTTPS with this certificate and key (TlsIdentity::load); call before listen().
    void useTls(const QSslConfiguration& configuration);
    // The port now listened on; the system picks one when `port` is 0.
    Result<quint16> listen(const QHostAddress& address, quint16 port);

private:
    // What a handler learned about the request that belongs in the log line.
    struct Context
    {
        QString deviceId;
        // Headers for the answer beside its JSON, e.g. Upload-Offset.
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    using Handler = std::function<Result<QJsonObject>(Context&)>;

    void setupRoutes();
    QHttpServerResponse serve(const QHttpServerRequest& request, const Handler& handler) const;
    static QHttpServerResponse gzipped(const QHttpServerRequest& request,
                                       QHttpServerResponse&& response);

    Result<QJsonObject> enrol(const QHttpServerRequest& request, Context& context);
    Result<QJsonObject> putBatch(const QString& pathId, const QHttpServerRequest& request,
                                 Context& context);
    Result<QJsonObject> status(const QHttpServerRequest& request, Context& context) const;
    QHttpServerResponse headScan(const QString& sha256, const QHttpServerRequest& request) const;
    Result<bool> scanKnown(const QString& sha256, const QHttpServerRequest& request,
                           Context& context) const;
    Result<QJsonObject> putScan(const QString& sha256, const QHttpServerRequest& request,
                                Context& context);
    Result<QJsonObject> putScanPiece(const QString& sha256, const Device& device,
                                     const QHttpServerRequest& request, Context& context);
    Result<QJsonObject> health() const;
    Result<QJsonObject> masterData(const QString& kindName, const QHttpServerRequest& request,
                                   Context& context) const;

    Result<Device> authorise(const QHttpServerRequest& request, Context& context) const;
    Result<QJsonObject> jsonBody(const QHttpServerRequest& request) const;
    Result<QByteArray> scanBody(const QString& sha256, const QHttpServerRequest& request) const;
    Result<protocol::ContentRange> scanPieceRange(const QString& sha256,
                                                  const QHttpServerRequest& request) const;

    CentralStore& m_store;
    const Clock& m_clock;
    QHttpServer m_http;
};

} // namespace sipelanduk::server
