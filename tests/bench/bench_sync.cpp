// Measures sync over loopback against a real sipelanduk-pusat: pushing many approved applications
// without scans, and fewer with a large scan each, beside the raw limits of the same work: the
// sqlite3 command line inserting the rows the server stored, and curl sending the requests the
// client sent to a server that discards them. Runs against the real keychain:
//
//   scripts/with-keyring.sh build/tests/bench/bench_sync [--apps 10000] [--scanned 100]
//       [--scan-kb 200]
//
// The client is sipelanduk-ctl sync in a child process (its peak memory from GNU time), the
// server sipelanduk-pusat (its peak from VmHWM in /proc). Bytes on the wire are counted by a relay
// in this program between the two: every byte of the HTTP requests and answers, headers included.
#include "TestKeychain.h"
#include "TestOffice.h"

#include "storage/ScanStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <memory>
#include <optional>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

const QString kBinaryDir = QStringLiteral(SIPELANDUK_BINARY_DIR);

struct Request
{
    QByteArray method;
    QByteArray path;
    QByteArray contentType;
    QByteArray contentEncoding;
    QByteArray body;
};

// Splits the client's side of one connection into requests (Content-Length bodies only, which is
// what Qt's network access sends for a body it holds in memory).
class RequestParser
{
public:
    void feed(const QByteArray& data, QList<Request>& into)
    {
        m_buffer += data;
        for (;;) {
            if (!m_inBody) {
                const qsizetype end = m_buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                parseHead(m_buffer.left(end));
                m_buffer.remove(0, end + 4);
                m_inBody = true;
            }
            if (m_buffer.size() < m_remaining)
                return;
            m_current.body = m_buffer.left(m_remaining);
            m_buffer.remove(0, m_remaining);
            into.append(m_current);
            m_current = {};
            m_inBody = false;
        }
    }

private:
    void parseHead(const QByteArray& head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        m_current.method = first.value(0);
        m_current.path = first.value(1);
        m_remaining = 0;
        for (const QByteArray& line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                m_remaining = value.toLongLong();
            else if (name == "content-type")
                m_current.contentType = value;
            else if (name == "content-encoding")
                m_current.contentEncoding = value;
        }
    }

    QByteArray m_buffer;
    Request m_current;
    qsizetype m_remaining = 0;
    bool m_inBody = false;
};

// A TCP relay on its own thread: forwards each connection to the server and counts the bytes
// each way. Read its numbers after stop().
class CountingRelay : public QThread
{
public:
    explicit CountingRelay(quint16 target)
        : m_target(target)
    {}

    quint16 begin()
    {
        start();
        m_ready.acquire();
        return m_port;
    }

    void stop()
    {
        quit();
        wait();
    }

    void reset()
    {
        QMutexLocker lock(&m_mutex);
        requestBytes = responseBytes = 0;
        requests.clear();
    }

    QMutex m_mutex;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    QList<Request> requests;

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port = server.serverPort();
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            while (QTcpSocket* in = server.nextPendingConnection())
                relay(in);
        });
        m_ready.release();
        exec();
    }

private:
    void relay(QTcpSocket* in)
    {
        auto* out = new QTcpSocket(in);
        auto parser = std::make_shared<RequestParser>();
        QObject::connect(in, &QTcpSocket::readyRead, in, [this, in, out, parser] {
            const QByteArray data = in->readAll();
            {
                QMutexLocker lock(&m_mutex);
                requestBytes += data.size();
                parser->feed(data, requests);
            }
            out->write(data);
        });
        QObject::connect(out, &QTcpSocket::readyRead, in, [this, in, out] {
            const QByteArray data = out->readAll();
            {
                QMutexLocker lock(&m_mutex);
                responseBytes += data.size();
            }
            in->write(data);
        });
        QObject::connect(in, &QTcpSocket::disconnected, in, [in, out] {
            out->disconnectFromHost();
            in->deleteLater();
        });
        QObject::connect(out, &QTcpSocket::disconnected, in, [in] { in->disconnectFromHost(); });
        // Each piece goes on at once, as on a direct connection; Nagle's wait for the previous
        // acknowledgement would otherwise add the relay's own delay to every request.
        in->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(out, &QTcpSocket::connected, out,
                         [out] { out->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        out->connectToHost(QHostAddress::LocalHost, m_target);
    }

    quint16 m_target;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

// Answers 204 to every request once its body has been read, and keeps nothing.
class DiscardingServer : public QThread
{
public:
    quint16 begin()
    {
        start();
        m_ready.acquire();
        return m_port;
    }

    void stop()
    {
        quit();
        wait();
    }

protected:
    void run() override
    {
        QHttpServer server;
        server.setMissingHandler([](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            responder.write(QHttpServerResponder::StatusCode::NoContent);
        });
        m_port = server.listen(QHostAddress::LocalHost, 0);
        m_ready.release();
        exec();
    }

private:
    quint16 m_port = 0;
    QSemaphore m_ready;
};

struct Measurement
{
    QString name;
    int applications = 0;
    double seconds = 0;
    int accepted = 0;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    int requests = 0;
    qint64 clientPeakKb = 0;
    qint64 clientIdlePeakKb = 0; // a sync with nothing to send
    qint64 serverPeakKb = 0;
    qint64 serverIdlePeakKb = 0; // before the push
    double clientCpuSeconds = 0;
    double serverCpuSeconds = 0;
    double sqliteSeconds = 0;
    double curlSeconds = 0;
};

struct Child
{
    int exitCode = -1;
    double seconds = 0;
    qint64 peakKb = 0;
    double cpuSeconds = 0; // user and system
    QByteArray out;
};

// Runs a program under GNU time (package `time`) for its wall time and peak resident memory.
// GNU time forks the program from its own small process: ru_maxrss of a child started from this
// bench would count this bench's memory too, which the kernel carries into the child at exec.
Child runMeasured(const QString& program, const QStringList& arguments, const QString& dir)
{
    const QString peakFile = dir + u"/peak.txt"_s;
    QFile::remove(peakFile);
    QProcess process;
    process.setStandardErrorFile(dir + u"/child.err"_s);
    Child child;
    QElapsedTimer timer;
    timer.start();
    process.start(u"/usr/bin/time"_s,
                  QStringList{u"-f"_s, u"%M %U %S"_s, u"-o"_s, peakFile, program} + arguments);
    if (!process.waitForFinished(-1)) {
        std::fprintf(stderr, "/usr/bin/time could not run %s; install the package time\n",
                     qUtf8Printable(program));
        return child;
    }
    child.seconds = double(timer.nsecsElapsed()) / 1e9;
    child.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    child.out = process.readAllStandardOutput();
    QFile peak(peakFile);
    if (peak.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> values =
            peak.readAll().trimmed().split('\n').constLast().split(' ');
        child.peakKb = values.value(0).toLongLong();
        child.cpuSeconds = values.value(1).toDouble() + values.value(2).toDouble();
    }
    return child;
}

// User and system time a running process has used so far, from /proc/PID/stat.
double cpuSecondsOf(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

qint64 vmHwmKb(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpressionMatch match =
        QRegularExpression(u"VmHWM:\\s+(\\d+) kB"_s).match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

double timed(QProcess& process, const QString& program, const QStringList& arguments,
             const QString& inputFile = {})
{
    if (!inputFile.isEmpty())
        process.setStandardInputFile(inputFile);
    process.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    process.waitForFinished(-1);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qUtf8Printable(program),
                     process.readAllStandardError().constData());
        return -1;
    }
    return seconds;
}

// Content of the given size that does not compress, a JPEG by its first bytes.
QByteArray scanContent(int index, int bytes)
{
    QByteArray content("\xFF\xD8\xFF\xE0", 4);
    content.reserve(bytes);
    quint32 state = 2166136261u ^ static_cast<quint32>(index);
    while (content.size() < bytes) {
        state = state * 1664525u + 1013904223u;
        content.append(static_cast<char>(state >> 24));
    }
    return content;
}

class Bench
{
public:
    Bench(int applications, int scanned, int scanKb)
        : m_applications(applications)
        , m_scanned(scanned)
        , m_scanBytes(scanKb * 1024)
    {}

    bool run()
    {
        std::optional<Measurement> plain =
            scenario(u"%1 applications, no scans"_s.arg(m_applications), m_applications, 0);
        if (!plain)
            return false;
        std::optional<Measurement> scans = scenario(
            u"%1 applications, one %2 KB scan each"_s.arg(m_scanned).arg(m_scanBytes / 1024),
            m_scanned, m_scanBytes);
        if (!scans)
            return false;
        print({*plain, *scans});
        return true;
    }

private:
    std::optional<Measurement> scenario(const QString& name, int count, int scanBytes);
    bool capture(test::TestOffice& office, int count, int scanBytes);
    double sqliteLimit(const QString& centralDb, const QString& dir);
    double curlLimit(const QList<Request>& requests, const QString& dir);
    static void print(const QList<Measurement>& measurements);

    int m_applications;
    int m_scanned;
    int m_scanBytes;
};

// Captures, submits and approves `count` birth certificates in one transaction, each with a
// scan of `scanBytes` when that is not 0.
bool Bench::capture(test::TestOffice& office, int count, int scanBytes)
{
    std::optional<Result<ScanKey>> key;
    if (scanBytes > 0) {
        key = test::loadScanKey(*office.database);
        if (!key || !key->ok()) {
            std::fprintf(stderr, "the scan key could not be loaded\n");
            return false;
        }
    }
    ScanStore scans(*office.database, *office.store, Catalogue::builtIn(), office.clock);
    if (!office.database->transaction())
        return false;
    for (int i = 0; i < count; ++i) {
        const Result<Application> draft =
            office.store->saveDraft(office.clerk, test::birthCertificate(u"Anak Koba %1"_s.arg(i)));
        if (!draft) {
            std::fprintf(stderr, "%s\n", qUtf8Printable(draft.errorMessage()));
            return false;
        }
        if (scanBytes > 0) {
            const Result<AttachedScan> attached =
                scans.attachContent(key->value(), office.clerk, draft->id, u"kk"_s,
                                    scanContent(i, scanBytes), u"kk_%1.jpg"_s.arg(i));
            if (!attached) {
                std::fprintf(stderr, "%s\n", qUtf8Printable(attached.errorMessage()));
                return false;
            }
        }
        if (!office.store->submit(office.clerk, draft->id, true))
            return false;
    }
    const Result<int> approved = office.store->approveAll(office.supervisor);
    if (!approved || *approved != count || !office.database->commit())
        return false;
    return true;
}

std::optional<Measurement> Bench::scenario(const QString& name, int count, int scanBytes)
{
    std::fprintf(stderr, "%s: capturing...\n", qUtf8Printable(name));
    test::TestOffice office;
    if (!office.setUp() || !capture(office, count, scanBytes))
        return std::nullopt;
    const QString scanKeyEntry = ScanKey::keychainKey(*office.database);
    const QString dataDir = office.dir.path();
    office.store.reset();
    office.accounts.reset();
    office.regions.reset();
    office.database.reset();

    const QString centralDb = office.dir.filePath(u"pusat.sqlite"_s);
    QProcess server;
    server.setStandardErrorFile(office.dir.filePath(u"pusat.log"_s));
    server.start(kBinaryDir + u"/server/sipelanduk-pusat"_s,
                 {u"--db"_s, centralDb, u"--listen"_s, u"127.0.0.1:0"_s});
    if (!server.waitForStarted() || !server.waitForReadyRead(15'000))
        return std::nullopt;
    const QRegularExpressionMatch port =
        QRegularExpression(u"127\\.0\\.0\\.1:(\\d+)"_s).match(QString::fromUtf8(server.readLine()));
    if (!port.hasMatch())
        return std::nullopt;
    CountingRelay relay(quint16(port.captured(1).toUInt()));
    const quint16 relayPort = relay.begin();

    QProcess issue;
    issue.start(kBinaryDir + u"/server/sipelanduk-pusat"_s,
                {u"--db"_s, centralDb, u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    issue.waitForFinished();
    QProcess enrol;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_PASSWORD"_s, u"rahasia-it"_s);
    enrol.setProcessEnvironment(environment);
    enrol.start(kBinaryDir + u"/app/sipelanduk-ctl"_s,
                {u"--data-dir"_s, dataDir, u"enrol"_s, u"--server"_s,
                 u"http://127.0.0.1:%1"_s.arg(relayPort), u"--code"_s,
                 QString::fromUtf8(issue.readAllStandardOutput()).trimmed(), u"--as"_s, u"it"_s});
    enrol.waitForFinished();
    if (enrol.exitCode() != 0) {
        std::fprintf(stderr, "enrolment failed: %s\n", enrol.readAllStandardError().constData());
        return std::nullopt;
    }
    relay.reset();
    Measurement measured;
    measured.serverIdlePeakKb = vmHwmKb(server.processId());
    const double serverCpuBefore = cpuSecondsOf(server.processId());

    std::fprintf(stderr, "%s: syncing...\n", qUtf8Printable(name));
    const Child sync =
        runMeasured(kBinaryDir + u"/app/sipelanduk-ctl"_s,
                    {u"--data-dir"_s, dataDir, u"sync"_s, u"--json"_s}, office.dir.path());
    measured.name = name;
    measured.applications = count;
    measured.seconds = sync.seconds;
    measured.clientPeakKb = sync.peakKb;
    measured.serverPeakKb = vmHwmKb(server.processId());
    measured.clientCpuSeconds = sync.cpuSeconds;
    measured.serverCpuSeconds = cpuSecondsOf(server.processId()) - serverCpuBefore;
    measured.accepted = QJsonDocument::fromJson(sync.out).object().value(u"accepted"_s).toInt();
    QList<Request> requests;
    {
        QMutexLocker lock(&relay.m_mutex);
        measured.requestBytes = relay.requestBytes;
        measured.responseBytes = relay.responseBytes;
        requests = relay.requests;
    }
    measured.requests = int(requests.size());
    measured.clientIdlePeakKb =
        runMeasured(kBinaryDir + u"/app/sipelanduk-ctl"_s,
                    {u"--data-dir"_s, dataDir, u"sync"_s, u"--json"_s}, office.dir.path())
            .peakKb;
    relay.stop();
    if (sync.exitCode != 0 || measured.accepted != count) {
        std::fprintf(stderr, "the sync did not deliver everything: %s\n", sync.out.constData());
        return std::nullopt;
    }
    server.terminate();
    server.waitForFinished();

    std::fprintf(stderr, "%s: raw limits...\n", qUtf8Printable(name));
    measured.sqliteSeconds = sqliteLimit(centralDb, office.dir.path());
    measured.curlSeconds = curlLimit(requests, office.dir.path());
    (void)test::removeSecret(scanKeyEntry);
    return measured;
}

// The rows the server stored for the push, written by the sqlite3 command line into a new file
// in one transaction, with the server's journal and sync settings.
double Bench::sqliteLimit(const QString& centralDb, const QString& dir)
{
    QProcess dump;
    const QString dumpFile = dir + u"/rows.sql"_s;
    dump.setStandardOutputFile(dumpFile);
    dump.start(u"sqlite3"_s,
               {u"-readonly"_s, centralDb,
                u".dump batches applications status_changes scans application_scans"_s});
    dump.waitForFinished(-1);
    QFile file(dumpFile);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray rows = file.readAll();
    file.close();
    QFile script(dir + u"/insert.sql"_s);
    if (!script.open(QIODevice::WriteOnly))
        return -1;
    script.write("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n");
    script.write(rows);
    script.close();
    QProcess insert;
    return timed(insert, u"sqlite3"_s, {dir + u"/raw.sqlite"_s}, script.fileName());
}

// The requests the client sent, same methods, sizes and bodies, sent by one curl process (one
// connection, as the client used) to a server that reads each and answers 204.
double Bench::curlLimit(const QList<Request>& requests, const QString& dir)
{
    DiscardingServer discard;
    const quint16 port = discard.begin();
    QDir(dir).mkpath(u"bodies"_s);
    QFile config(dir + u"/curl.conf"_s);
    if (!config.open(QIODevice::WriteOnly))
        return -1;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const Request& request = requests.at(i);
        if (i > 0)
            config.write("next\n");
        config.write("url = \"http://127.0.0.1:" + QByteArray::number(port) + request.path +
                     "\"\noutput = \"/dev/null\"\n");
        config.write("header = \"Authorization: Bearer "
                     "0123456789abcdef0123456789abcdef0123456789a\"\nheader = \"Expect:\"\n");
        if (request.method == "HEAD") {
            config.write("head\n");
            continue;
        }
        if (request.method == "GET")
            continue;
        const QString bodyFile = dir + u"/bodies/%1"_s.arg(i);
        QFile body(bodyFile);
        if (!body.open(QIODevice::WriteOnly))
            return -1;
        body.write(request.body);
        config.write("request = \"" + request.method + "\"\n");
        config.write("data-binary = \"@" + QFile::encodeName(bodyFile) + "\"\n");
        config.write("header = \"Content-Type: " + request.contentType + "\"\n");
        if (!request.contentEncoding.isEmpty())
            config.write("header = \"Content-Encoding: " + request.contentEncoding + "\"\n");
    }
    config.close();
    QProcess curl;
    const double seconds =
        timed(curl, u"curl"_s, {u"--silent"_s, u"--fail"_s, u"--config"_s, config.fileName()});
    discard.stop();
    return seconds;
}

void Bench::print(const QList<Measurement>& measurements)
{
    std::printf("| push | wall time (s) | applications/s | requests | request bytes | answer "
                "bytes | client CPU (s) | server CPU (s) | client peak (MB) | client peak, "
                "nothing to send (MB) | server peak (MB) | server before the push (MB) |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const Measurement& m : measurements) {
        std::printf("| %s | %.2f | %.0f | %d | %lld | %lld | %.2f | %.2f | %.1f | %.1f | %.1f | "
                    "%.1f |\n",
                    qUtf8Printable(m.name), m.seconds, m.applications / m.seconds, m.requests,
                    m.requestBytes, m.responseBytes, m.clientCpuSeconds, m.serverCpuSeconds,
                    double(m.clientPeakKb) / 1024.0, double(m.clientIdlePeakKb) / 1024.0,
                    double(m.serverPeakKb) / 1024.0, double(m.serverIdlePeakKb) / 1024.0);
    }
    std::printf("\n| push | sync (s) | sqlite3, same rows (s) | curl, same requests (s) | sync / "
                "sqlite3 | sync / curl | sync / (sqlite3 + curl) |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const Measurement& m : measurements) {
        std::printf("| %s | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |\n", qUtf8Printable(m.name),
                    m.seconds, m.sqliteSeconds, m.curlSeconds, m.seconds / m.sqliteSeconds,
                    m.seconds / m.curlSeconds, m.seconds / (m.sqliteSeconds + m.curlSeconds));
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The captures would print a line per application; the table is what this program is for.
    QLoggingCategory::setFilterRules(u"sipelanduk.*.debug=false\nsipelanduk.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption applications(u"apps"_s, u"Applications without scans"_s, u"N"_s,
                                          u"10000"_s);
    const QCommandLineOption scanned(u"scanned"_s, u"Applications with one scan each"_s, u"N"_s,
                                     u"100"_s);
    const QCommandLineOption scanKb(u"scan-kb"_s, u"Size of each scan in KB"_s, u"KB"_s, u"200"_s);
    parser.addOptions({applications, scanned, scanKb});
    parser.addHelpOption();
    parser.process(app);

    Bench bench(parser.value(applications).toInt(), parser.value(scanned).toInt(),
                parser.value(scanKb).toInt());
    return bench.run() ? 0 : 1;
}
