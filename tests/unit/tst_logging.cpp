#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

class TestLogging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identityNumbersAreMasked_data();
    void identityNumbersAreMasked();
    void fileLogRotates();
};

void TestLogging::identityNumbersAreMasked_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("logged");

    QTest::newRow("NIK") << u"1904010607610123"_s << u"1904********0123"_s;
    QTest::newRow("15 digits") << u"190401060761012"_s << u"****************"_s;
    QTest::newRow("letter inside") << u"19040106076I0123"_s << u"****************"_s;
    QTest::newRow("empty") << QString() << u"****************"_s;
}

void TestLogging::identityNumbersAreMasked()
{
    QFETCH(QString, number);
    QFETCH(QString, logged);

    QCOMPARE(maskIdentityNumber(number), logged);
}

void TestLogging::fileLogRotates()
{
    QTemporaryDir dir;
    installFileLog(dir.path(), QtFatalMsg);
    const QString line(1000, u'x');
    for (int i = 0; i < 1200; ++i)
        qCInfo(lcDb) << line;
    qCWarning(lcSync) << "last line";

    const QDir logs(dir.filePath(u"logs"_s));
    QVERIFY(logs.exists(u"sipelanduk.log"_s));
    QVERIFY(logs.exists(u"sipelanduk.log.1"_s));
    QVERIFY(QFileInfo(logs.filePath(u"sipelanduk.log.1"_s)).size() > 1024 * 1024);
    QFile current(logs.filePath(u"sipelanduk.log"_s));
    QVERIFY(current.open(QIODevice::ReadOnly));
    const QByteArray content = current.readAll();
    QVERIFY(content.contains("warning sipelanduk.sync: last line"));
    QVERIFY(content.size() < 1024 * 1024);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestLogging)
#include "tst_logging.moc"
