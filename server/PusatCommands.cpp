#include "PusatCommands.h"

#include "CentralServer.h"
#include "CentralStore.h"
#include "Clock.h"
#include "Logging.h"
#include "TlsIdentity.h"
#include "domain/Application.h"
#include "sync/MasterData.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTextStream>
#include <QUrl>

#include <optional>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace sipelanduk::server {

using namespace Qt::StringLiterals;

namespace {

struct ListenAddress
{
    QHostAddress host;
    quint16 port = 0;
};

std::optional<ListenAddress> parseListenAddress(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    ListenAddress address;
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!address.host.setAddress(host) || !ok || port > 65535)
        return std::nullopt;
    address.port = quint16(port);
    return address;
}

void printLine(const QString& line)
{
    QTextStream out(stdout);
    out << line << Qt::endl;
}

void printJson(const QJsonObject& json)
{
    printLine(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
}

#ifdef Q_OS_UNIX
int signalSockets[2] = {-1, -1};

// Only async-signal-safe work here: the event loop reads the byte and quits.
void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalSockets[1], &byte, 1);
}

void quitOnTerminationSignals()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalSockets) != 0) {
        qCWarning(lcServer)
            << "cannot watch for termination signals; stop the server by killing it";
        return;
    }
    auto* notifier =
        new QSocketNotifier(signalSockets[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        qCInfo(lcServer) << "termination signal received, stopping";
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}
#else
// Elsewhere the default handling ends the process; SQLite's journal keeps the database whole.
void quitOnTerminationSignals() {}
#endif

// A one-shot command prints its answer only; life-cycle notes would bury it.
void quietInfoLogs()
{
    QLoggingCategory::setFilterRules(u"sipelanduk.*.info=false"_s);
}

} // namespace

PusatCommands::PusatCommands(QString database, bool json)
    : m_database(std::move(database))
    , m_json(json)
{}

void PusatCommands::setTls(QString certificateFile, QString keyFile)
{
    m_tlsCertificate = std::move(certificateFile);
    m_tlsKey = std::move(keyFile);
}

int PusatCommands::fail(const QString& sentence)
{
    QTextStream err(stderr);
    err << sentence << Qt::endl;
    return 1;
}

int PusatCommands::serve(const QString& listenAddress) const
{
    const auto address = parseListenAddress(listenAddress);
    if (!address) {
        return fail(tr("Say where to serve with --listen ADDRESS:PORT, such as "
                       "--listen 127.0.0.1:8080."));
    }

    const bool tls = !m_tlsCertificate.isEmpty() || !m_tlsKey.isEmpty();
    if (tls && (m_tlsCertificate.isEmpty() || m_tlsKey.isEmpty()))
        return fail(tr("HTTPS needs both --tls-cert FILE and --tls-key FILE."));

    const Result<QSslConfiguration> identity =
        tls ? TlsIdentity::load(m_tlsCertificate, m_tlsKey) : QSslConfiguration();
    if (!identity)
        return fail(identity.errorMessage());

    SystemClock clock;
    CentralStore store(clock);
    if (const Status opened = store.open(m_database); !opened)
        return fail(opened.errorMessage());
    CentralServer server(store, clock);
    if (tls)
        server.useTls(*identity);
    const Result<quint16> port = server.listen(address->host, address->port);
    if (!port)
        return fail(port.errorMessage());

    QUrl url;
    url.setScheme(tls ? u"https"_s : u"http"_s);
    url.setHost(address->host.toString());
    url.setPort(*port);
    // Not translated: scripts and tests wait for this exact line.
    printLine(u"listening on "_s + url.toString());
    quitOnTerminationSignals();
    return QCoreApplication::exec();
}

int PusatCommands::issueCode(const QString& office) const
{
    if (office.isEmpty())
        return fail(tr("Name the office the code is for with --office, such as 19.04.01."));

    quietInfoLogs();
    SystemClock clock;
    CentralStore store(clock);
    if (const Status opened = store.open(m_database); !opened)
        return fail(opened.errorMessage());
    const Result<IssuedCode> issued = store.issueCode(office);
    if (!issued)
        return fail(issued.errorMessage());

    if (!m_json) {
        printLine(issued->code);
        return 0;
    }
    printJson({{u"code"_s, issued->code},
               {u"office"_s, issued->office},
               {u"expiresAt"_s, toUtcText(issued->expiresAt)}});
    return 0;
}

int PusatCommands::setStatus(const QString& registrationNumber, const QString& status,
                             const QString& reason) const
{
    const auto target = protocol::remoteStatusFromName(status);
    if (!target || *target == protocol::RemoteStatus::Accepted)
        return fail(tr("The status must be processing, completed or rejected."));

    quietInfoLogs();
    SystemClock clock;
    CentralStore store(clock);
    if (const Status opened = store.open(m_database); !opened)
        return fail(opened.errorMessage());
    const Result<protocol::StatusChange> change =
        store.setStatus(registrationNumber, *target, reason);
    if (!change)
        return fail(change.errorMessage());

    if (!m_json) {
        const std::optional<ApplicationState> state = stateFromName(status);
        printLine(tr("%1 now has the status \"%2\".")
                      .arg(registrationNumber, state ? stateLabel(*state) : status));
        return 0;
    }
    printJson(change->toJson());
    return 0;
}

int PusatCommands::publish(const QString& kindName, const QString& filePath) const
{
    const auto kind = protocol::masterKindFromName(kindName);
    if (!kind)
        return fail(
            tr("What to publish is codelists, catalogue or regions, not \"%1\".").arg(kindName));
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("%1 could not be read (%2).").arg(filePath, file.errorString()));

    quietInfoLogs();
    SystemClock clock;
    CentralStore store(clock);
    if (const Status opened = store.open(m_database); !opened)
        return fail(opened.errorMessage());
    const Result<PublishedMasterData> published = store.publishMasterData(*kind, file.readAll());
    if (!published)
        return fail(published.errorMessage());

    if (!m_json) {
        printLine(tr("Published version %1 of %2 (%3 items); counter PCs take it at their next "
                     "sync.")
                      .arg(published->version)
                      .arg(MasterData::kindLabel(*kind))
                      .arg(published->items));
        return 0;
    }
    printJson({{u"kind"_s, protocol::masterKindName(*kind)},
               {u"version"_s, published->version},
               {u"sha256"_s, published->sha256},
               {u"items"_s, published->items},
               {u"publishedAt"_s, toUtcText(published->publishedAt)}});
    return 0;
}

} // namespace sipelanduk::server
