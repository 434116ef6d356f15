#include "sync/Gzip.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

QByteArray batchLikeJson(int applications)
{
    QByteArray json = R"({"batch":"5b0c5c43-0e9f-4f55-9a43-6f4f4d0e8a11","applications":[)";
    for (int i = 0; i < applications; ++i) {
        json += (i ? "," : "") + QByteArray(R"({"registrationNumber":"190401-20261203-D7X8D-)") +
                QByteArray::number(1000 + i) + R"(","service":"akta-kelahiran","fields":)" +
                R"({"child.name":"Putri Ayu","child.dateOfBirth":"2022-02-01"}})";
    }
    return json + "]}";
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random(4242);
    for (char& byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

} // namespace

// Request bodies on the wire: what a client compresses, the server unpacks exactly, and what is
// damaged, cut or oversized is refused with a reason instead of being read.
class TestGzip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void batchesShrink();
    void refused_data();
    void refused();
    void listsGzip_data();
    void listsGzip();
};

void TestGzip::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one byte") << "x"_ba;
    QTest::newRow("names as written") << u"Ma'ruf, Zoë, ktp_ayah_😀.jpg"_s.toUtf8();
    QTest::newRow("a batch of 200") << batchLikeJson(200);
    QTest::newRow("incompressible 300 KB") << randomBytes(300 * 1024);
}

void TestGzip::roundTrip()
{
    QFETCH(QByteArray, data);
    const std::optional<QByteArray> packed = gzip::compress(data);
    QVERIFY(packed.has_value());
    QCOMPARE(packed->left(2), "\x1f\x8b"_ba); // the gzip magic, not zlib's header
    const Result<QByteArray> unpacked = gzip::decompress(*packed, 10 * 1024 * 1024);
    QVERIFY2(unpacked.ok(), qPrintable(unpacked.errorMessage()));
    QCOMPARE(*unpacked, data);
}

void TestGzip::batchesShrink()
{
    const QByteArray json = batchLikeJson(200);
    const std::optional<QByteArray> packed = gzip::compress(json);
    QVERIFY(packed.has_value());
    QVERIFY2(packed->size() * 5 < json.size(),
             qPrintable(u"%1 bytes from %2"_s.arg(packed->size()).arg(json.size())));
}

void TestGzip::refused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<QString>("code");

    const QByteArray packed = *gzip::compress(batchLikeJson(50));
    QByteArray flipped = packed;
    flipped[packed.size() / 2] = char(flipped[packed.size() / 2] ^ 0x55);
    const QByteArray bomb = *gzip::compress(QByteArray(64 * 1024 * 1024, '0'));

    QTest::newRow("not gzip at all")
        << "{\"batch\":1}"_ba << qsizetype(1 << 20) << u"invalid_encoding"_s;
    QTest::newRow("cut in the middle")
        << packed.left(packed.size() / 2) << qsizetype(1 << 20) << u"invalid_encoding"_s;
    QTest::newRow("cut before the checksum")
        << packed.chopped(4) << qsizetype(1 << 20) << u"invalid_encoding"_s;
    QTest::newRow("a byte changed") << flipped << qsizetype(1 << 20) << u"invalid_encoding"_s;
    QTest::newRow("bytes after the end")
        << packed + "tail"_ba << qsizetype(1 << 20) << u"invalid_encoding"_s;
    QTest::newRow("64 MB of zeros in a small body")
        << bomb << qsizetype(16 * 1024 * 1024) << u"payload_too_large"_s;
    QTest::newRow("one byte over the limit")
        << *gzip::compress(QByteArray(1001, 'a')) << qsizetype(1000) << u"payload_too_large"_s;
}

void TestGzip::refused()
{
    QFETCH(QByteArray, body);
    QFETCH(qsizetype, limit);
    QFETCH(QString, code);
    const Result<QByteArray> unpacked = gzip::decompress(body, limit);
    QVERIFY(!unpacked.ok());
    QCOMPARE(unpacked.error().code, code);
    QVERIFY(!unpacked.errorMessage().isEmpty());
}

void TestGzip::listsGzip_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("gzip");

    QTest::newRow("gzip") << "gzip"_ba << true;
    QTest::newRow("Qt's Accept-Encoding") << "gzip, deflate"_ba << true;
    QTest::newRow("with a weight") << "br;q=1.0, GZIP;q=0.5"_ba << true;
    QTest::newRow("identity") << "identity"_ba << false;
    QTest::newRow("x-gzip is another name") << "x-gzip"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestGzip::listsGzip()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, gzip);
    QCOMPARE(gzip::listsGzip(header), gzip);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestGzip)
#include "tst_gzip.moc"
