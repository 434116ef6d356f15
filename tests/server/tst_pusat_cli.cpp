#include "CentralStore.h"
#include "Clock.h"
#include "TestCentralDatabase.h"
#include "sync/Protocol.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sipelanduk;
using namespace sipelanduk::protocol;
using sipelanduk::server::CentralStore;
using sipelanduk::test::TestCentralDatabase;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The sentences below are the English source texts.
QProcessEnvironment englishEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, u"en"_s);
    return environment;
}

Run runPusat(const QStringList& arguments)
{
    QProcess process;
    process.setProcessEnvironment(englishEnvironment());
    process.start(QStringLiteral(SIPELANDUK_PUSAT), arguments);
    process.waitForFinished(30000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestPusatCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void issueCodePrintsOnlyTheCode();
    void issueCodeAsJson();
    void failuresSayOneSentence_data();
    void failuresSayOneSentence();
    void postgresUrlsAreChecked_data();
    void postgresUrlsAreChecked();
    void setStatusChangesTheApplication();
    void servesUntilTerminated();

private:
    QString databasePath() const { return m_central.location(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    TestCentralDatabase m_central;
};

void TestPusatCli::initTestCase()
{
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
}

void TestPusatCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString created = m_central.create(m_dir->path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
}

void TestPusatCli::issueCodePrintsOnlyTheCode()
{
    const Run run =
        runPusat({u"--db"_s, databasePath(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QString());
    QVERIFY2(
        QRegularExpression(u"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\n$"_s).match(run.out).hasMatch(),
        qPrintable(run.out));
}

void TestPusatCli::issueCodeAsJson()
{
    const Run run = runPusat(
        {u"--db"_s, databasePath(), u"--json"_s, u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(json.value(u"office"_s).toString(), u"19.04.01"_s);
    QCOMPARE(json.value(u"code"_s).toString().size(), 12);
    QVERIFY(fromUtcText(json.value(u"expiresAt"_s).toString()).isValid());
}

void TestPusatCli::failuresSayOneSentence_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("no database") << QStringList{u"issue-code"_s}
                                 << u"Name the central database with --db FILE or --db "
                                    "postgres://USER@HOST:PORT/DBNAME."_s;
    QTest::newRow("bad office") << QStringList{u"issue-code"_s, u"--office"_s, u"19-04-01"_s}
                                << u"\"19-04-01\" is not a kecamatan code such as 19.04.01."_s;
    QTest::newRow("no office")
        << QStringList{u"issue-code"_s}
        << u"Name the office the code is for with --office, such as 19.04.01."_s;
    QTest::newRow("unknown status")
        << QStringList{u"set-status"_s, u"190401-20261203-K7Q2M-0001"_s, u"done"_s}
        << u"The status must be processing, completed or rejected."_s;
    QTest::newRow("unknown number")
        << QStringList{u"set-status"_s, u"190401-20261203-K7Q2M-0001"_s, u"completed"_s}
        << u"No application with registration number 190401-20261203-K7Q2M-0001 has been "
           "received."_s;
    QTest::newRow("no listen address") << QStringList()
                                       << u"Say where to serve with --listen ADDRESS:PORT, such as "
                                          "--listen 127.0.0.1:8080."_s;
    QTest::newRow("unknown command") << QStringList{u"launch"_s}
                                     << u"The command is not understood; see "
                                        "sipelanduk-pusat --help."_s;
    QTest::newRow("unknown option")
        << QStringList{u"--port"_s, u"80"_s} << u"Unknown option 'port'."_s;
}

void TestPusatCli::failuresSayOneSentence()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, sentence);

    if (!sentence.startsWith(u"Name the central database"_s))
        arguments = QStringList{u"--db"_s, databasePath()} + arguments;
    const Run run = runPusat(arguments);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QCOMPARE(run.err, sentence + u'\n');
}

void TestPusatCli::postgresUrlsAreChecked_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("sentenceStart");

    const QString notAUrl = u"The central database URL is not of the form "
                            "postgres://USER[:PASSWORD]@HOST:PORT/DBNAME; check --db.\n"_s;
    QTest::newRow("no user") << u"postgres://127.0.0.1:5432/pusat"_s << notAUrl;
    QTest::newRow("no database") << u"postgres://pusat:rahasia-sekali@127.0.0.1:5432/"_s << notAUrl;
    QTest::newRow("unknown setting")
        << u"postgresql://pusat:rahasia-sekali@127.0.0.1/pusat?password=rahasia-lain"_s
        << u"The setting \"password\" after the '?' of the central database URL is not "
           "supported; use only sslmode, sslrootcert, sslcert, sslkey, connect_timeout, "
           "application_name, target_session_attrs, with plain values.\n"_s;
    // Port 1 refuses at once; the sentence names the database without its password.
    QTest::newRow("refused") << u"postgres://pusat:rahasia-sekali@127.0.0.1:1/pusat"_s
                             << u"The central database postgres://pusat@127.0.0.1:1/pusat could "
                                "not be opened: "_s;
}

void TestPusatCli::postgresUrlsAreChecked()
{
    QFETCH(QString, url);
    QFETCH(QString, sentenceStart);

    const Run run = runPusat({u"--db"_s, url, u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QVERIFY2(run.err.startsWith(sentenceStart), qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"rahasia"_s), qPrintable(run.err));
}

void TestPusatCli::setStatusChangesTheApplication()
{
    ApplicationRecord sealed;
    sealed.uuid = QUuid::createUuid();
    sealed.registrationNumber = u"190401-20261203-K7Q2M-0001"_s;
    sealed.service = u"akta-kelahiran"_s;
    sealed.catalogueVersion = 1;
    sealed.capturedAt = QDateTime::currentDateTimeUtc();
    sealed.approvedAt = sealed.capturedAt;
    sealed.fields = {{u"tanggalLahir"_s, u"2026-11-20"_s}};
    sealed.contentHash = contentHash(sealed);
    {
        SystemClock clock;
        CentralStore store(clock);
        QVERIFY(store.open(databasePath()).ok());
        const auto code = store.issueCode(u"19.04.01"_s);
        const auto enrolled = store.enrol({code->code, u"19.04.01"_s, u"PC-LOKET-1"_s, u"K7Q2M"_s});
        const auto device = store.authenticate(enrolled->token);
        const BatchRequest batch{QUuid::createUuid(), u"19.04.01"_s, {sealed}};
        const QString hash = sha256Hex(canonicalJson(batch.toJson()));
        QVERIFY(store.storeBatch(*device, batch, hash).ok());
    }

    // Without --json the operator reads the state in words, not the protocol's name for it.
    const Run plain = runPusat(
        {u"--db"_s, databasePath(), u"set-status"_s, sealed.registrationNumber, u"processing"_s});
    QCOMPARE(plain.err, QString());
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(plain.out,
             sealed.registrationNumber + u" now has the status \"Being processed\".\n"_s);

    const Run run = runPusat({u"--db"_s, databasePath(), u"--json"_s, u"set-status"_s,
                              sealed.registrationNumber, u"rejected"_s, u"--reason"_s,
                              u"Surat kelahiran tidak terbaca."_s});
    QCOMPARE(run.err, QString());
    QCOMPARE(run.exitCode, 0);
    const auto change = StatusChange::fromJson(QJsonDocument::fromJson(run.out.toUtf8()).object());
    QVERIFY2(change.ok(), qPrintable(change.errorMessage()));
    QCOMPARE(change->uuid, sealed.uuid);
    QCOMPARE(change->status, RemoteStatus::Rejected);
    QCOMPARE(change->reason, u"Surat kelahiran tidak terbaca."_s);
    QCOMPARE(change->seq, qint64(3));

    SystemClock clock;
    CentralStore store(clock);
    QVERIFY(store.open(databasePath()).ok());
    QCOMPARE(store.statusCounts().value(), (QMap<QString, int>{{u"rejected"_s, 1}}));

    // A rejection is final, said in words.
    const Run again = runPusat(
        {u"--db"_s, databasePath(), u"set-status"_s, sealed.registrationNumber, u"completed"_s});
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.err, u"Application "_s + sealed.registrationNumber +
                            u" has the status \"Rejected\" and cannot be given \"Completed\".\n"_s);
}

void TestPusatCli::servesUntilTerminated()
{
    QProcess server;
    server.setProcessEnvironment(englishEnvironment());
    server.start(QStringLiteral(SIPELANDUK_PUSAT),
                 {u"--db"_s, databasePath(), u"--listen"_s, u"127.0.0.1:0"_s});
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 20000);
    const QString line = QString::fromUtf8(server.readLine());
    const auto match =
        QRegularExpression(u"^listening on http://127\\.0\\.0\\.1:(\\d+)\n$"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QVERIFY(match.captured(1).toInt() > 0);

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply* reply =
        network.get(QNetworkRequest(QUrl(line.mid(13).trimmed() + healthPath())));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(u"status"_s).toString(),
             u"ok"_s);
    delete reply;

    server.terminate();
    QVERIFY(server.waitForFinished(20000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestPusatCli)
#include "tst_pusat_cli.moc"
