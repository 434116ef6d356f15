#include "TestOffice.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

class TestRegions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void builtInHoldsBangkaTengah();
    void importsTheNationalTable();
    void malformedFileIsRefusedWithItsLine_data();
    void malformedFileIsRefusedWithItsLine();
    void levelFromCode_data();
    void levelFromCode();

private:
    QString writeFile(const QByteArray& content);

    QTemporaryDir m_dir;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RegionStore> m_regions;
};

void TestRegions::init()
{
    m_regions.reset();
    m_database.reset();
    m_dataDir = std::make_unique<QTemporaryDir>();
    Result<std::unique_ptr<Database>> opened = Database::open(m_dataDir->path());
    QVERIFY(opened.ok());
    m_database = std::move(opened).value();
    m_regions = std::make_unique<RegionStore>(*m_database);
    QVERIFY(m_regions->ensureBuiltIn().ok());
}

QString TestRegions::writeFile(const QByteArray& content)
{
    static int counter = 0;
    const QString path = m_dir.filePath(u"regions-%1.csv"_s.arg(++counter));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

void TestRegions::builtInHoldsBangkaTengah()
{
    QCOMPARE(m_regions->count(), 108);
    QCOMPARE(m_regions->children(u"19.04"_s).size(), 6);
    QCOMPARE(m_regions->find(u"19.04.01.1002"_s)->name, u"Arung Dalam"_s);
    QCOMPARE(m_regions->find(u"19.04.01.1002"_s)->level, RegionLevel::Village);
    QCOMPARE(m_regions->find(u"31"_s)->name, u"Daerah Khusus Ibukota Jakarta"_s);
    QVERIFY(!m_regions->contains(u"31.71"_s));
}

void TestRegions::importsTheNationalTable()
{
    Result<int> imported =
        m_regions->importCsv(sharedFile(u"data/wilayah/wilayah_kepmendagri_2025.csv"_s));
    QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
    QCOMPARE(*imported, 91599);
    QCOMPARE(m_regions->count(), 91599);
    // Quoted names with commas survive whole.
    QCOMPARE(m_regions->find(u"12.07.28.1007"_s)->name, u"Lubuk Pakam I,II"_s);
    QCOMPARE(m_regions->children(u"19.04.01"_s).size(), 11);
}

void TestRegions::malformedFileIsRefusedWithItsLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");

    QTest::newRow("three columns") << QByteArray("kode,nama\n19,Kepulauan Bangka Belitung\n"
                                                 "19.04,Bangka Tengah,extra\n")
                                   << 3;
    QTest::newRow("bad code") << QByteArray("kode,nama\n19,Kepulauan Bangka Belitung\n"
                                            "19.4.01,Koba\n")
                              << 3;
    QTest::newRow("empty name") << QByteArray("kode,nama\n19,\n") << 2;
    QTest::newRow("unclosed quote")
        << QByteArray("kode,nama\n19,Bangka\n19.04,\"Bangka Tengah\n") << 3;
    QTest::newRow("quote inside a field") << QByteArray("kode,nama\n19,Bang\"ka\n") << 2;
}

void TestRegions::malformedFileIsRefusedWithItsLine()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);

    Result<int> imported = m_regions->importCsv(writeFile(content));
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, u"regions_malformed"_s);
    QVERIFY2(imported.errorMessage().contains(u"Line %1 "_s.arg(line)),
             qPrintable(imported.errorMessage()));
    QCOMPARE(m_regions->count(), 108);
}

void TestRegions::levelFromCode_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("level");

    QTest::newRow("province") << u"19"_s << 1;
    QTest::newRow("regency") << u"19.04"_s << 2;
    QTest::newRow("district") << u"19.04.01"_s << 3;
    QTest::newRow("village") << u"19.04.01.1002"_s << 4;
    QTest::newRow("no dots") << u"190401"_s << 0;
    QTest::newRow("short village") << u"19.04.01.102"_s << 0;
    QTest::newRow("letters") << u"19.O4"_s << 0;
}

void TestRegions::levelFromCode()
{
    QFETCH(QString, code);
    QFETCH(int, level);

    const std::optional<RegionLevel> found = regionLevelOf(code);
    QCOMPARE(found ? static_cast<int>(*found) : 0, level);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestRegions)
#include "tst_regions.moc"
