// sipelanduk-ctl on a folder that holds no office: a mistyped --data-dir is said as such, and no
// new, empty office appears in its place. And its --help, which needs no folder at all, in the
// language chosen.

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDataDirCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandsOnAFolderWithoutAnOffice_data();
    void commandsOnAFolderWithoutAnOffice();
    void helpIsInTheChosenLanguage_data();
    void helpIsInTheChosenLanguage();

private:
    QTemporaryDir m_dir;
};

void TestDataDirCli::commandsOnAFolderWithoutAnOffice_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("refused");

    QTest::newRow("status") << QStringList{u"status"_s} << true;
    QTest::newRow("queue") << QStringList{u"queue"_s} << true;
    QTest::newRow("master-data") << QStringList{u"master-data"_s} << true;
    QTest::newRow("sync") << QStringList{u"sync"_s} << true;
    QTest::newRow("search") << QStringList{u"search"_s, u"Ma'ruf"_s} << true;
    QTest::newRow("users") << QStringList{u"users"_s, u"--as"_s, u"admin"_s} << true;
    QTest::newRow("sync-settings") << QStringList{u"sync-settings"_s} << true;
    QTest::newRow("audit verify") << QStringList{u"audit"_s, u"verify"_s} << true;
    // A NIK is checked without any office.
    QTest::newRow("nik") << QStringList{u"nik"_s, u"1904014507220001"_s} << false;
}

void TestDataDirCli::commandsOnAFolderWithoutAnOffice()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, refused);
    const QString folder = m_dir.filePath(u"kantor-salah-ketik"_s);

    QProcess ctl;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, u"en"_s);
    environment.insert(u"SIPELANDUK_PASSWORD"_s, u"tidak-dipakai"_s);
    ctl.setProcessEnvironment(environment);
    ctl.start(QStringLiteral(SIPELANDUK_BINARY_DIR "/app/sipelanduk-ctl"),
              QStringList{u"--data-dir"_s, folder} + arguments);
    QVERIFY(ctl.waitForStarted(10'000));
    ctl.closeWriteChannel();
    QVERIFY(ctl.waitForFinished(60'000));
    const QString errors = QString::fromUtf8(ctl.readAllStandardError());

    if (refused) {
        QCOMPARE(ctl.exitCode(), 1);
        QVERIFY2(errors.contains(
                     u"There is no Sipelanduk data in "_s + QDir::toNativeSeparators(folder) +
                     u". Check --data-dir, or set the office up there first with init."_s),
                 qPrintable(errors));
        QVERIFY2(!QFileInfo::exists(folder), "a folder appeared for a mistyped --data-dir");
    } else {
        QVERIFY2(ctl.exitCode() == 0, qPrintable(errors));
    }
}

void TestDataDirCli::helpIsInTheChosenLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("expectedLines");

    QTest::newRow("en")
        << u"en"_s
        << QStringList{u"Options:"_s,
                       u"  sync [--json]                         send approved batches, "
                       u"fetch status and master data;"_s,
                       u"                                        progress on stderr"_s,
                       u"  --json            Print data as JSON"_s,
                       u"  --daily           Today's backup into the data folder's backups/"_s};
    QTest::newRow("id")
        << u"id"_s
        << QStringList{u"Opsi:"_s,
                       u"  sync [--json]                         kirim batch yang "
                       u"disetujui, ambil status dan data induk;"_s,
                       u"                                        kemajuan di stderr"_s,
                       u"  --json            Cetak data sebagai JSON"_s,
                       u"  --daily           Cadangan hari ini ke backups/ di folder data"_s};
}

void TestDataDirCli::helpIsInTheChosenLanguage()
{
    QFETCH(QString, language);
    QFETCH(QStringList, expectedLines);

    QProcess ctl;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SIPELANDUK_LANG"_s, language);
    ctl.setProcessEnvironment(environment);
    ctl.start(QStringLiteral(SIPELANDUK_BINARY_DIR "/app/sipelanduk-ctl"), {u"--help"_s});
    QVERIFY(ctl.waitForStarted(10'000));
    QVERIFY(ctl.waitForFinished(60'000));
    QCOMPARE(ctl.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(ctl.readAllStandardOutput()).split(u'\n');

    for (const QString& expected : expectedLines)
        QVERIFY2(lines.contains(expected), qPrintable(expected));
    for (const QString& line : lines)
        QVERIFY2(line.size() <= 100 || !line.contains(u' '), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestDataDirCli)
#include "tst_data_dir_cli.moc"
