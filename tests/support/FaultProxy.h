#pragma once

// An HTTP/1.1 relay on 127.0.0.1 that sits between a client and a real sipelanduk-pusat and spoils
// chosen requests the way a mobile network, a gateway or a Wi-Fi login page does: a connection cut
// in the middle of a request, a transfer that stalls, a 5xx or 429 that never reached the server, a
// body cut in half, an HTML login page, and a connection reset right after the server has
// committed; and, against the client's own limits, a redirect elsewhere, an answer that trickles
// and one that never ends. Everything else is passed through byte for byte.
//
// Qt's network access keeps connections alive, so the relay reads request boundaries (request line,
// headers and a Content-Length body; Qt does not send chunked requests) and response boundaries
// (Content-Length, chunked, or until the server closes) and decides per request. One request is in
// flight per client connection, which is how QNetworkAccessManager uses a connection (it does not
// pipeline unless asked to).
//
// Header-only and without moc, so that any test target can include it.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

#include <sys/socket.h>

namespace sipelanduk::test {

class FaultProxy : public QObject
{
public:
    enum class Fault
    {
        None,
        DropRequestAfterBytes, // forwards the first `bytes` of the request, then closes both sides
        Stall,                 // takes the request and never answers; the connection stays open
        ServerError,           // answers `status` itself, without forwarding
        TooManyRequests,       // answers 429 with Retry-After, without forwarding
        TruncatedResponse,     // forwards, then passes half of the server's body and closes
        CaptivePortal,         // answers 200 with an HTML login page, without forwarding
        ResetAfterResponse,    // forwards, lets the server answer, then resets the client
        Redirect,              // answers 302 to `location`, without forwarding
        Trickle,               // answers 200 JSON whose body comes one byte every `intervalMs`
        Flood,                 // answers 200 JSON whose body never ends, as fast as it is read
    };

    struct Rule
    {
        Fault fault = Fault::None;
        QString pathContains; // empty: any path
        QByteArray method;    // empty: any method; otherwise e.g. "PUT"
        int times = 1;        // how many matching requests get the fault; negative: all of them
        qint64 bytes = 0;     // DropRequestAfterBytes
        int retryAfterSeconds = 0; // TooManyRequests (and ServerError when above zero)
        int status = 503;          // ServerError
        QByteArray location = {};  // Redirect
        int intervalMs = 500;      // Trickle
    };

    explicit FaultProxy(quint16 upstreamPort, QObject* parent = nullptr)
        : QObject(parent)
        , m_upstreamPort(upstreamPort)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                m_links.append(new Link(*this, socket));
        });
    }

    ~FaultProxy() override
    {
        m_server.close();
        const QList<QPointer<Link>> links = m_links;
        for (const QPointer<Link>& link : links)
            delete link.data();
    }

    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // Picks a free port on 127.0.0.1 and returns it; 0 when nothing could be bound.
    quint16 listen()
    {
        if (!m_server.isListening() && !m_server.listen(QHostAddress::LocalHost, 0))
            return 0;
        return m_server.serverPort();
    }

    QUrl url() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_server.serverPort());
        return url;
    }

    // The next `times` requests that match get the fault. Rules are tried in the order added.
    void addRule(const Rule& rule) { m_rules.append(rule); }
    void clearRules() { m_rules.clear(); }

    // Complete requests received from clients, including those that got a fault.
    int requests() const { return m_requests; }
    int faultsInjected() const { return m_faults; }
    qint64 bytesFromClient() const { return m_bytesFromClient; }
    qint64 bytesToClient() const { return m_bytesToClient; }

private:
    class Link;

    struct Request
    {
        QByteArray raw; // head and body as received
        QByteArray method;
        QByteArray target;
    };

    struct Message
    {
        qsizetype headLength = 0; // including the blank line
        qsizetype length = 0;     // head and body; 0 while incomplete
        int status = 0;           // responses only
    };

    static QByteArray headerValue(const QByteArray& head, QByteArrayView name)
    {
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray& line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

    // Where a chunked body that starts at `from` ends, or nullopt while it is incomplete.
    static std::optional<qsizetype> chunkedEnd(const QByteArray& data, qsizetype from)
    {
        qsizetype at = from;
        for (;;) {
            const qsizetype lineEnd = data.indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qint64 size =
                data.mid(at, lineEnd - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return lineEnd + 2; // not chunked after all: hand over what is there
            at = lineEnd + 2;
            if (size == 0) {
                if (data.mid(at, 2) == "\r\n")
                    return at + 2;
                const qsizetype trailersEnd = data.indexOf("\r\n\r\n", at);
                if (trailersEnd < 0)
                    return std::nullopt;
                return trailersEnd + 4;
            }
            if (data.size() < at + size + 2)
                return std::nullopt;
            at += size + 2;
        }
    }

    // The first complete request in `data`, if there is one.
    static std::optional<Request> takeRequest(QByteArray& data)
    {
        const qsizetype headEnd = data.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return std::nullopt;
        const QByteArray head = data.left(headEnd + 4);
        const qint64 bodyLength = headerValue(head, "Content-Length").toLongLong();
        const qsizetype total = headEnd + 4 + qsizetype(bodyLength);
        if (data.size() < total)
            return std::nullopt;
        const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
        Request request{data.left(total), requestLine.value(0), requestLine.value(1)};
        data.remove(0, total);
        return request;
    }

    // How the response at the start of `data` is framed; `closed` when the server has closed, which
    // ends a response that has neither a length nor chunks.
    static Message frameResponse(const QByteArray& data, const QByteArray& requestMethod,
                                 bool closed)
    {
        Message message;
        const qsizetype headEnd = data.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return message;
        message.headLength = headEnd + 4;
        const QByteArray head = data.left(message.headLength);
        message.status = head.left(head.indexOf("\r\n")).split(' ').value(1).toInt();
        const bool noBody = requestMethod == "HEAD" || message.status / 100 == 1 ||
                            message.status == 204 || message.status == 304;
        if (noBody) {
            message.length = message.headLength;
        } else if (headerValue(head, "Transfer-Encoding").toLower().contains("chunked")) {
            if (const auto end = chunkedEnd(data, message.headLength))
                message.length = *end;
        } else if (const QByteArray length = headerValue(head, "Content-Length");
                   !length.isEmpty()) {
            const qsizetype total = message.headLength + qsizetype(length.toLongLong());
            if (data.size() >= total)
                message.length = total;
        } else if (closed) {
            message.length = data.size();
        }
        return message;
    }

    static QByteArray reasonPhrase(int status)
    {
        switch (status) {
        case 200:
            return "OK";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Error";
        }
    }

    static QByteArray response(int status, const QByteArray& contentType, const QByteArray& body,
                               int retryAfterSeconds = 0)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                         "\r\nContent-Type: " + contentType +
                         "\r\nContent-Length: " + QByteArray::number(body.size()) +
                         "\r\nConnection: keep-alive\r\n";
        if (retryAfterSeconds > 0)
            out += "Retry-After: " + QByteArray::number(retryAfterSeconds) + "\r\n";
        return out + "\r\n" + body;
    }

    // What a proxy or load balancer says for itself: an HTML page for a gateway error, the API's
    // JSON error shape otherwise.
    static QByteArray cannedAnswer(const Rule& rule)
    {
        if (rule.fault == Fault::TooManyRequests) {
            return response(429, "application/json",
                            R"({"error":{"code":"too_many_requests","message":"Slow down."}})",
                            rule.retryAfterSeconds);
        }
        if (rule.fault == Fault::CaptivePortal) {
            return response(200, "text/html; charset=utf-8",
                            "<!DOCTYPE html><html><head><title>Login Wi-Fi</title></head><body>"
                            "<h1>Selamat datang</h1><form method=\"post\" action=\"/login\">"
                            "<input name=\"voucher\"><button>Masuk</button></form></body></html>");
        }
        if (rule.fault == Fault::Redirect) {
            return "HTTP/1.1 302 Found\r\nLocation: " + rule.location +
                   "\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n";
        }
        if (rule.status == 502 || rule.status == 504) {
            return response(rule.status, "text/html",
                            "<html><body><h1>" + QByteArray::number(rule.status) + ' ' +
                                reasonPhrase(rule.status) + "</h1></body></html>",
                            rule.retryAfterSeconds);
        }
        return response(rule.status, "application/json",
                        R"({"error":{"code":"storage_unavailable","message":"Try again later."}})",
                        rule.retryAfterSeconds);
    }

    Rule takeRule(const Request& request)
    {
        ++m_requests;
        const QString target = QString::fromLatin1(request.target);
        for (qsizetype i = 0; i < m_rules.size(); ++i) {
            Rule& rule = m_rules[i];
            if (!rule.method.isEmpty() && rule.method != request.method)
                continue;
            if (!rule.pathContains.isEmpty() && !target.contains(rule.pathContains))
                continue;
            const Rule taken = rule;
            if (rule.times > 0 && --rule.times == 0)
                m_rules.removeAt(i);
            if (taken.fault != Fault::None)
                ++m_faults;
            return taken;
        }
        return {};
    }

    // One client connection and the server connection it is relayed to.
    class Link : public QObject
    {
    public:
        Link(FaultProxy& proxy, QTcpSocket* client)
            : QObject(&proxy)
            , m_proxy(proxy)
            , m_client(client)
        {
            client->setParent(this);
            connect(client, &QTcpSocket::readyRead, this, [this] { readClient(); });
            connect(client, &QTcpSocket::disconnected, this, [this] { close(); });
            readClient();
        }

        ~Link() override
        {
            // The sockets are children and go after this; nothing of theirs may call back.
            m_client->disconnect(this);
            if (m_upstream)
                m_upstream->disconnect(this);
        }

    private:
        enum class State
        {
            Idle,
            AwaitingResponse,
            Stalled,
            Closing
        };

        void readClient()
        {
            if (!m_client->isOpen())
                return;
            const QByteArray data = m_client->readAll();
            m_proxy.m_bytesFromClient += data.size();
            if (m_state == State::Stalled || m_state == State::Closing)
                return;
            m_fromClient += data;
            nextRequest();
        }

        void nextRequest()
        {
            while (m_state == State::Idle) {
                std::optional<Request> request = takeRequest(m_fromClient);
                if (!request)
                    return;
                m_request = *request;
                m_rule = m_proxy.takeRule(m_request);
                switch (m_rule.fault) {
                case Fault::None:
                case Fault::TruncatedResponse:
                case Fault::ResetAfterResponse:
                    m_state = State::AwaitingResponse;
                    toUpstream(m_request.raw);
                    break;
                case Fault::DropRequestAfterBytes:
                    m_state = State::Closing;
                    closeUpstream();
                    if (m_rule.bytes > 0)
                        sendAndHangUp(m_request.raw.left(qsizetype(m_rule.bytes)));
                    m_client->disconnectFromHost();
                    break;
                case Fault::Stall:
                    m_state = State::Stalled;
                    break;
                case Fault::ServerError:
                case Fault::TooManyRequests:
                case Fault::CaptivePortal:
                case Fault::Redirect:
                    toClient(cannedAnswer(m_rule));
                    break;
                case Fault::Trickle:
                case Fault::Flood:
                    m_state = State::Stalled;
                    pour(m_rule);
                    break;
                }
            }
        }

        // A 200 JSON answer whose body does not end: a byte (JSON white space) at a time for
        // Trickle, 256 KB whenever the client has read the last for Flood, until it hangs up.
        void pour(const Rule& rule)
        {
            const bool flood = rule.fault == Fault::Flood;
            toClient("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(Q_INT64_C(1) << 40) + "\r\n\r\n{");
            auto* timer = new QTimer(this);
            connect(timer, &QTimer::timeout, this, [this, flood] {
                if (m_client->state() != QAbstractSocket::ConnectedState)
                    return;
                if (!flood)
                    toClient(" ");
                else if (m_client->bytesToWrite() < 1024 * 1024)
                    toClient(QByteArray(256 * 1024, ' '));
            });
            timer->start(flood ? 1 : rule.intervalMs);
        }

        // The start of a request on a connection of its own, which outlives this link: it connects,
        // writes the bytes and hangs up, as a connection that breaks mid-request does.
        void sendAndHangUp(const QByteArray& bytes)
        {
            auto* socket = new QTcpSocket(&m_proxy);
            connect(socket, &QTcpSocket::connected, socket, [socket, bytes] {
                socket->write(bytes);
                socket->disconnectFromHost(); // once the bytes are written
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::errorOccurred, socket, [socket] {
                if (socket->state() == QAbstractSocket::UnconnectedState)
                    socket->deleteLater();
            });
            socket->connectToHost(QHostAddress::LocalHost, m_proxy.m_upstreamPort);
        }

        // Writes once the server connection is up; a closed one is opened again, since the server
        // may close an idle keep-alive connection between two requests.
        void toUpstream(const QByteArray& bytes)
        {
            if (!m_upstream || m_upstream->state() == QAbstractSocket::UnconnectedState) {
                if (m_upstream)
                    m_upstream->deleteLater();
                m_fromUpstream.clear();
                m_upstream = new QTcpSocket(this);
                QTcpSocket* upstream = m_upstream;
                connect(upstream, &QTcpSocket::readyRead, this, [this, upstream] {
                    if (upstream == m_upstream)
                        readUpstream(false);
                });
                connect(upstream, &QTcpSocket::disconnected, this, [this, upstream] {
                    if (upstream == m_upstream)
                        readUpstream(true);
                });
                connect(upstream, &QTcpSocket::errorOccurred, this,
                        [this, upstream](QAbstractSocket::SocketError error) {
                            if (upstream == m_upstream &&
                                error != QAbstractSocket::RemoteHostClosedError)
                                readUpstream(true);
                        });
                m_upstream->connectToHost(QHostAddress::LocalHost, m_proxy.m_upstreamPort);
            }
            QTcpSocket* upstream = m_upstream;
            const auto write = [upstream, bytes] {
                upstream->write(bytes);
            };
            if (upstream->state() == QAbstractSocket::ConnectedState)
                write();
            else
                connect(upstream, &QTcpSocket::connected, this, write);
        }

        void readUpstream(bool closed)
        {
            if (!m_upstream)
                return;
            if (m_upstream->isOpen())
                m_fromUpstream += m_upstream->readAll();
            if (m_state != State::AwaitingResponse) {
                if (closed)
                    dropUpstream();
                return;
            }
            for (;;) {
                const Message message = frameResponse(m_fromUpstream, m_request.method, closed);
                if (message.length == 0)
                    break;
                const QByteArray raw = m_fromUpstream.left(message.length);
                m_fromUpstream.remove(0, message.length);
                if (message.status / 100 == 1) { // an interim answer; the real one follows
                    toClient(raw);
                    continue;
                }
                deliver(raw, message.headLength);
                break;
            }
            if (closed && m_upstream) {
                dropUpstream();
                if (m_state == State::AwaitingResponse) {
                    // The server went away without a whole answer: pass on what came and close.
                    toClient(m_fromUpstream);
                    m_fromUpstream.clear();
                    m_state = State::Closing;
                    m_client->disconnectFromHost();
                }
            }
        }

        void deliver(const QByteArray& raw, qsizetype headLength)
        {
            switch (m_rule.fault) {
            case Fault::TruncatedResponse: {
                const qsizetype bodyLength = raw.size() - headLength;
                toClient(raw.left(headLength + bodyLength / 2));
                m_state = State::Closing;
                closeUpstream();
                m_client->disconnectFromHost();
                return;
            }
            case Fault::ResetAfterResponse: {
                m_state = State::Closing;
                closeUpstream();
                // Linger zero turns the close into a reset (RST) rather than an orderly FIN.
                const qintptr descriptor = m_client->socketDescriptor();
                if (descriptor >= 0) {
                    const ::linger reset{1, 0};
                    ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
                }
                m_client->abort();
                close();
                return;
            }
            default:
                toClient(raw);
                m_state = State::Idle;
                nextRequest();
                return;
            }
        }

        void toClient(const QByteArray& bytes)
        {
            if (bytes.isEmpty() || m_client->state() != QAbstractSocket::ConnectedState)
                return;
            m_proxy.m_bytesToClient += bytes.size();
            m_client->write(bytes);
        }

        void dropUpstream()
        {
            if (!m_upstream)
                return;
            m_upstream->deleteLater();
            m_upstream = nullptr;
        }

        void closeUpstream()
        {
            if (!m_upstream)
                return;
            QTcpSocket* upstream = m_upstream;
            m_upstream = nullptr; // before abort(), whose signals must not read it any more
            upstream->abort();
            upstream->deleteLater();
        }

        void close()
        {
            if (m_closed)
                return;
            m_closed = true;
            closeUpstream();
            deleteLater();
        }

        FaultProxy& m_proxy;
        QTcpSocket* m_client;
        QPointer<QTcpSocket> m_upstream;
        QByteArray m_fromClient;
        QByteArray m_fromUpstream;
        Request m_request;
        Rule m_rule;
        State m_state = State::Idle;
        bool m_closed = false;
    };

    QTcpServer m_server;
    QList<QPointer<Link>> m_links;
    quint16 m_upstreamPort;
    QList<Rule> m_rules;
    int m_requests = 0;
    int m_faults = 0;
    qint64 m_bytesFromClient = 0;
    qint64 m_bytesToClient = 0;
};

} // namespace sipelanduk::test
