#include "TestOffice.h"

#include "domain/Nik.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// NIK rules against the national region table, with the field cases and the examples of the
// domain description as tables.
class TestNik : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fieldCases_data();
    void fieldCases();
    void examples_data();
    void examples();
    void parsesBirthDateAndSex();
    void unknownKabupatenWarnsWithBuiltInTableOnly();
    void disagreementIsAWarning();
    void centuryIsAmbiguous();
    void familyCardNumber_data();
    void familyCardNumber();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RegionStore> m_regions;
};

void TestNik::initTestCase()
{
    Result<std::unique_ptr<Database>> opened = Database::open(m_dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    m_database = std::move(opened).value();
    m_regions = std::make_unique<RegionStore>(*m_database);
    Result<int> imported =
        m_regions->importCsv(sharedFile(u"data/wilayah/wilayah_kepmendagri_2025.csv"_s));
    QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
    QCOMPARE(*imported, 91599);
}

void TestNik::fieldCases_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QFile file(sharedFile(u"cases/nik_cases.csv"_s));
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 1);
    for (const QString& line : lines.mid(1)) {
        const QStringList parts = line.split(u',');
        QVERIFY2(parts.size() >= 3, qPrintable(line));
        QTest::newRow(qPrintable(parts.mid(2).join(u','))) << parts.at(0) << parts.at(1);
    }
}

void TestNik::fieldCases()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const NikCheck check = Nik::check(input, *m_regions);
    QCOMPARE(verdictName(check.verdict), expected);
    QCOMPARE(check.reasons.isEmpty(), expected == "valid"_L1);
}

void TestNik::examples_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("male 6 July 1961") << u"7105100607610439"_s << u"valid"_s;
    QTest::newRow("male 29 February 2004") << u"7105102902040439"_s << u"valid"_s;
    QTest::newRow("female 12 February 2000") << u"3515155202000005"_s << u"valid"_s;
    QTest::newRow("female 17 August 1990") << u"3276055708900002"_s << u"valid"_s;
    QTest::newRow("29 February of a common year") << u"7105102902020439"_s << u"invalid"_s;
    QTest::newRow("province 09") << u"0950060607610439"_s << u"invalid"_s;
    QTest::newRow("month 13") << u"7105101613610439"_s << u"invalid"_s;
    QTest::newRow("serial 0000") << u"7105100607610000"_s << u"invalid"_s;
    QTest::newRow("day 00") << u"1904010007610123"_s << u"invalid"_s;
    QTest::newRow("day 32") << u"1904013207610123"_s << u"invalid"_s;
    QTest::newRow("day 40") << u"1904014007610123"_s << u"invalid"_s;
    QTest::newRow("day 72") << u"1904017207610123"_s << u"invalid"_s;
    QTest::newRow("29 February 2000") << u"1904012902000001"_s << u"valid"_s;
    QTest::newRow("empty") << QString() << u"invalid"_s;
    QTest::newRow("dash inside") << u"1904-0106-0761-0123"_s << u"invalid"_s;
    QTest::newRow("pasted with a tab") << u"1904010607610123\t"_s << u"valid"_s;
    QTest::newRow("non-breaking space") << u"1904\u00a00106\u00a007610123"_s << u"valid"_s;
    QTest::newRow("zero-width space") << u"1904010607610123\u200b"_s << u"valid"_s;
    QTest::newRow("kecamatan 00") << u"1904000607610123"_s << u"invalid"_s;
    QTest::newRow("kabupaten 00") << u"1900010607610123"_s << u"invalid"_s;
}

void TestNik::examples()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    QCOMPARE(verdictName(Nik::check(input, *m_regions).verdict), expected);
}

void TestNik::parsesBirthDateAndSex()
{
    const NikCheck woman = Nik::check(u"1904025202000045"_s, *m_regions);
    QCOMPARE(woman.day, 12);
    QCOMPARE(woman.month, 2);
    QCOMPARE(woman.twoDigitYear, 0);
    QCOMPARE(woman.sex, std::optional<Sex>(Sex::Female));
    QCOMPARE(woman.districtCode, u"19.04.02"_s);

    const NikCheck man = Nik::check(u"1904010607610123"_s, *m_regions);
    QCOMPARE(man.day, 6);
    QCOMPARE(man.month, 7);
    QCOMPARE(man.twoDigitYear, 61);
    QCOMPARE(man.sex, std::optional<Sex>(Sex::Male));
}

void TestNik::unknownKabupatenWarnsWithBuiltInTableOnly()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
    QVERIFY(opened.ok());
    RegionStore builtIn(**opened);
    QVERIFY(builtIn.ensureBuiltIn().ok());
    QCOMPARE(builtIn.count(), 108);

    // Jakarta's province is known, its kabupaten only once the national table is loaded.
    const NikCheck jakarta = Nik::check(u"3171011708450001"_s, builtIn);
    QCOMPARE(jakarta.verdict, Verdict::Warning);
    QVERIFY(jakarta.reasons.first().contains(u"31.71"_s));
    QCOMPARE(Nik::check(u"1904010607610123"_s, builtIn).verdict, Verdict::Valid);
}

void TestNik::disagreementIsAWarning()
{
    const NikCheck nik = Nik::check(u"1904010607610123"_s, *m_regions);
    QCOMPARE(Nik::disagreements(nik, QDate(1961, 7, 6), Sex::Male), QStringList());
    QCOMPARE(Nik::disagreements(nik, QDate(1961, 7, 7), Sex::Male).size(), 1);
    QCOMPARE(Nik::disagreements(nik, QDate(1961, 7, 6), Sex::Female).size(), 1);
    QCOMPARE(Nik::disagreements(nik, QDate(1962, 7, 6), Sex::Female).size(), 2);
}

void TestNik::centuryIsAmbiguous()
{
    const QDate today(2026, 12, 3);
    const NikCheck old = Nik::check(u"1904010607250123"_s, *m_regions);
    QCOMPARE(Nik::possibleBirthDates(old, today),
             (QList<QDate>{QDate(2025, 7, 6), QDate(1925, 7, 6), QDate(1825, 7, 6)}));

    // Not yet born this century: only the last one is possible.
    const NikCheck future = Nik::check(u"1904010607990123"_s, *m_regions);
    QCOMPARE(Nik::possibleBirthDates(future, today).first(), QDate(1999, 7, 6));
}

void TestNik::familyCardNumber_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("Koba family card") << u"1904011505200001"_s << u"valid"_s;
    QTest::newRow("15 digits") << u"190401150520000"_s << u"invalid"_s;
    QTest::newRow("serial 0000") << u"1904011505200000"_s << u"invalid"_s;
    QTest::newRow("unknown province") << u"0904011505200001"_s << u"invalid"_s;
    QTest::newRow("unknown kecamatan") << u"1904991505200001"_s << u"warning"_s;
}

void TestNik::familyCardNumber()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    QCOMPARE(verdictName(Nik::checkFamilyCard(input, *m_regions).verdict), expected);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestNik)
#include "tst_nik.moc"
