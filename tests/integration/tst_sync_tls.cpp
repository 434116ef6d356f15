#include "CtlProcess.h"
#include "PusatProcess.h"
#include "TestCentralDatabase.h"
#include "TestOffice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

const QString kUntrusted = u"does not trust"_s;

} // namespace

// HTTPS between sipelanduk-ctl and sipelanduk-pusat with a certificate authority of the regency's
// own, made here with the openssl command: without its CA file the PC refuses the server and
// sends nothing, with it enrolment and sync work, and a certificate for another name is refused
// even from that CA.
class TestSyncTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void serverRefusesUnusableFiles_data();
    void serverRefusesUnusableFiles();
    void enrolmentWithoutCaFileIsRefused();
    void enrolmentAndSyncWithCaFile();
    void anotherCaSendsNothing();
    void certificateForAnotherNameIsRefused();

private:
    bool openssl(const QStringList& arguments) const;
    bool makeAuthority(const QString& name);
    bool makeServerCertificate(const QString& name, const QString& authority,
                               const QString& altNames);
    QString file(const QString& name) const { return m_office.dir.filePath(name); }
    Outcome ctl(const QStringList& arguments, const QByteArray& password = {}) const;
    void captureAndApprove(const QString& childName);
    QString stateOf(int index) const;

    TestOffice m_office;
    TestCentralDatabase m_central;
    TestCentralDatabase m_refused;
    PusatProcess m_pusat;
    QString m_serverUrl;
};

void TestSyncTls::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QVERIFY(m_office.setUp());
    m_office.store.reset();
    m_office.accounts.reset();
    m_office.regions.reset();
    m_office.database.reset();

    QVERIFY(makeAuthority(u"ca"_s));
    QVERIFY(makeAuthority(u"other-ca"_s));
    QVERIFY(makeServerCertificate(u"server"_s, u"ca"_s, u"DNS:localhost,IP:127.0.0.1"_s));
    QVERIFY(makeServerCertificate(u"elsewhere"_s, u"ca"_s, u"DNS:pusat.example.go.id"_s));

    QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    created = m_refused.create(m_office.dir.path(), u"refused.sqlite"_s);
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_serverUrl = m_pusat.start(
        m_central.location(), file(u"pusat.log"_s),
        {u"--tls-cert"_s, file(u"server.crt"_s), u"--tls-key"_s, file(u"server.key"_s)});
    QVERIFY2(m_serverUrl.startsWith(u"https://"_s), qPrintable(m_serverUrl));
}

void TestSyncTls::cleanupTestCase()
{
    m_pusat.stop();
}

bool TestSyncTls::openssl(const QStringList& arguments) const
{
    QProcess process;
    process.setWorkingDirectory(m_office.dir.path());
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
        qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')),
                 process.readAllStandardError().constData());
        return false;
    }
    return true;
}

bool TestSyncTls::makeAuthority(const QString& name)
{
    return openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s,
                    u"3"_s, u"-subj"_s, u"/CN=Test regency CA "_s + name, u"-keyout"_s,
                    name + u".key"_s, u"-out"_s, name + u".crt"_s, u"-addext"_s,
                    u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
                    u"keyUsage=critical,keyCertSign,cRLSign"_s});
}

bool TestSyncTls::makeServerCertificate(const QString& name, const QString& authority,
                                        const QString& altNames)
{
    QFile extensions(file(name + u".ext"_s));
    if (!extensions.open(QIODevice::WriteOnly))
        return false;
    extensions.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,"
                     "keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=" +
                     altNames.toLatin1() + '\n');
    extensions.close();
    return openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                    u"/CN=sipelanduk-pusat"_s, u"-keyout"_s, name + u".key"_s, u"-out"_s,
                    name + u".csr"_s}) &&
           openssl({u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s,
                    authority + u".crt"_s, u"-CAkey"_s, authority + u".key"_s, u"-CAcreateserial"_s,
                    u"-days"_s, u"3"_s, u"-extfile"_s, name + u".ext"_s, u"-out"_s,
                    name + u".crt"_s});
}

Outcome TestSyncTls::ctl(const QStringList& arguments, const QByteArray& password) const
{
    return runCtl(m_office.dir.path(), arguments, password);
}

void TestSyncTls::captureAndApprove(const QString& childName)
{
    {
        Result<std::unique_ptr<Database>> opened = Database::open(m_office.dir.path());
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        RegionStore regions(**opened);
        Accounts accounts(**opened, m_office.clock);
        ApplicationStore store(**opened, Catalogue::builtIn(), regions, m_office.clock);
        const Result<User> clerk = accounts.authenticate(u"siti"_s, u"rahasia-siti"_s);
        QVERIFY2(clerk.ok(), qPrintable(clerk.errorMessage()));
        const Result<Application> draft = store.saveDraft(*clerk, birthCertificate(childName));
        QVERIFY2(draft.ok(), qPrintable(draft.errorMessage()));
        const Result<Application> submitted = store.submit(*clerk, draft->id, true);
        QVERIFY2(submitted.ok(), qPrintable(submitted.errorMessage()));
    }
    const Outcome approved = ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s}, "rahasia-kasi");
    QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));
}

// The state sipelanduk-ctl status shows for the application captured `index`-th.
QString TestSyncTls::stateOf(int index) const
{
    const QJsonObject status =
        QJsonDocument::fromJson(ctl({u"status"_s, u"--json"_s}).out.toUtf8()).object();
    QList<QJsonObject> applications;
    for (const QJsonValue& application : status.value(u"applications"_s).toArray())
        applications.append(application.toObject());
    std::sort(applications.begin(), applications.end(),
              [](const QJsonObject& a, const QJsonObject& b) {
                  return a.value(u"registrationNumber"_s).toString() <
                         b.value(u"registrationNumber"_s).toString();
              });
    return applications.value(index).value(u"state"_s).toString();
}

void TestSyncTls::serverRefusesUnusableFiles_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("missing certificate")
        << u"absent.crt"_s << u"server.key"_s << u"cannot be read"_s;
    QTest::newRow("missing key") << u"server.crt"_s << u"absent.key"_s << u"cannot be read"_s;
    QTest::newRow("key of another certificate")
        << u"server.crt"_s << u"elsewhere.key"_s << u"does not belong to the certificate"_s;
    QTest::newRow("key given as certificate")
        << u"server.key"_s << u"server.key"_s << u"holds no certificate"_s;
}

void TestSyncTls::serverRefusesUnusableFiles()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, sentence);

    QProcess pusat;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, u"en"_s);
    pusat.setProcessEnvironment(environment);
    pusat.start(pusatBinary(), {u"--db"_s, m_refused.location(), u"--listen"_s, u"127.0.0.1:0"_s,
                                u"--tls-cert"_s, file(certificate), u"--tls-key"_s, file(key)});
    QVERIFY(pusat.waitForFinished(30'000));
    QCOMPARE(pusat.exitCode(), 1);
    const QString err = QString::fromUtf8(pusat.readAllStandardError());
    QVERIFY2(err.contains(sentence), qPrintable(err));
    QVERIFY(pusat.readAllStandardOutput().isEmpty());
}

void TestSyncTls::enrolmentWithoutCaFileIsRefused()
{
    const QString code = issueCode(m_central.location());
    const Outcome refused =
        ctl({u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s, code, u"--as"_s, u"it"_s},
            "rahasia-it");
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(kUntrusted), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(u"set-ca-file"_s), qPrintable(refused.err));

    const Outcome notEnrolled = ctl({u"sync"_s});
    QCOMPARE(notEnrolled.exitCode, 1);
    QVERIFY2(notEnrolled.err.contains(u"not enrolled"_s), qPrintable(notEnrolled.err));
}

void TestSyncTls::enrolmentAndSyncWithCaFile()
{
    // The code of the refused attempt never reached the server, so it still works.
    const QString code = issueCode(m_central.location());
    const Outcome enrolled = ctl({u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s, code,
                                  u"--ca-file"_s, file(u"ca.crt"_s), u"--as"_s, u"it"_s},
                                 "rahasia-it");
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
    // The CA is kept in the database: the file may go.
    QVERIFY(QFile::rename(file(u"ca.crt"_s), file(u"ca-kept.crt"_s)));

    captureAndApprove(u"Sukarno"_s);
    const Outcome synced = ctl({u"sync"_s, u"--json"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
    const QJsonObject report = QJsonDocument::fromJson(synced.out.toUtf8()).object();
    QCOMPARE(report.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(stateOf(0), u"accepted"_s);
}

void TestSyncTls::anotherCaSendsNothing()
{
    const Outcome replaced =
        ctl({u"set-ca-file"_s, file(u"other-ca.crt"_s), u"--as"_s, u"it"_s}, "rahasia-it");
    QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
    QVERIFY2(replaced.out.contains(u"Test regency CA other-ca"_s), qPrintable(replaced.out));

    captureAndApprove(u"Ma'ruf"_s);
    const Outcome refused = ctl({u"sync"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(kUntrusted), qPrintable(refused.err));
    QCOMPARE(stateOf(1), u"approved"_s);

    const Outcome restored =
        ctl({u"set-ca-file"_s, file(u"ca-kept.crt"_s), u"--as"_s, u"it"_s}, "rahasia-it");
    QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
    const Outcome synced = ctl({u"sync"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
    QCOMPARE(stateOf(1), u"accepted"_s);
}

void TestSyncTls::certificateForAnotherNameIsRefused()
{
    TestCentralDatabase elsewhereDatabase;
    const QString created = elsewhereDatabase.create(m_office.dir.path(), u"elsewhere.sqlite"_s);
    QVERIFY2(created.isEmpty(), qPrintable(created));
    PusatProcess elsewhere;
    const QString url = elsewhere.start(
        elsewhereDatabase.location(), file(u"elsewhere.log"_s),
        {u"--tls-cert"_s, file(u"elsewhere.crt"_s), u"--tls-key"_s, file(u"elsewhere.key"_s)});
    QVERIFY(url.startsWith(u"https://"_s));
    const QString code = issueCode(elsewhereDatabase.location());
    const Outcome refused = ctl({u"enrol"_s, u"--server"_s, url, u"--code"_s, code, u"--ca-file"_s,
                                 file(u"ca-kept.crt"_s), u"--as"_s, u"it"_s},
                                "rahasia-it");
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(kUntrusted), qPrintable(refused.err));

    // The enrolment in use is untouched.
    const Outcome synced = ctl({u"sync"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncTls)
#include "tst_sync_tls.moc"
