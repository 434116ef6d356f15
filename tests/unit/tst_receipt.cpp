// The receipt's content as data: what the applicant takes home for each service, names exactly as
// written, the local date, and nothing personal in the QR code.

#include "TestOffice.h"

#include "domain/Receipt.h"

#include <QTest>

#include <cstdlib>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

ApplicationInput ktpRecording(const QString& name)
{
    ApplicationInput input;
    input.service = u"ktp-el-rekam"_s;
    input.fields = QJsonObject{
        {u"person.name"_s, name},
        {u"person.nik"_s, u"1904015505900002"_s},
        {u"person.sex"_s, u"2"_s},
        {u"person.birthPlace"_s, u"Koba"_s},
        {u"person.birthDate"_s, u"1990-05-15"_s},
        {u"person.maritalStatus"_s, u"1"_s},
        {u"person.village"_s, u"19.04.01.1002"_s},
        {u"family.kk"_s, u"1904011505200001"_s},
    };
    input.requirements = {u"kk"_s};
    return input;
}

// Runs `work` with the process in `zone`, and puts the zone back afterwards.
template <typename Work>
void inTimeZone(const QByteArray& zone, Work work)
{
    const QByteArray previous = qgetenv("TZ");
    qputenv("TZ", zone);
    tzset();
    work();
    if (previous.isEmpty())
        qunsetenv("TZ");
    else
        qputenv("TZ", previous);
    tzset();
}

} // namespace

class ReceiptTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void indonesianDates_data();
    void indonesianDates();
    void content_data();
    void content();
    void receivedOnIsTheLocalDate();
    void unsavedHasNoReceipt();
    void printingIsRecorded_data();
    void printingIsRecorded();

private:
    Application saved(const ApplicationInput& input);

    std::unique_ptr<test::TestOffice> m_office;
};

void ReceiptTest::init()
{
    m_office = std::make_unique<test::TestOffice>();
    QVERIFY(m_office->setUp());
}

Application ReceiptTest::saved(const ApplicationInput& input)
{
    Result<Application> application = m_office->store->saveDraft(m_office->clerk, input);
    if (!application)
        qWarning("%s", qPrintable(application.errorMessage()));
    return application ? *application : Application{};
}

void ReceiptTest::indonesianDates_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("expected");
    QTest::newRow("December") << QDate(2026, 12, 3) << u"3 Desember 2026"_s;
    QTest::newRow("leap day") << QDate(2024, 2, 29) << u"29 Februari 2024"_s;
    QTest::newRow("new year") << QDate(2000, 1, 1) << u"1 Januari 2000"_s;
    QTest::newRow("independence day") << QDate(2026, 8, 17) << u"17 Agustus 2026"_s;
    QTest::newRow("May") << QDate(1990, 5, 15) << u"15 Mei 1990"_s;
    QTest::newRow("no date") << QDate() << QString();
}

void ReceiptTest::indonesianDates()
{
    QFETCH(QDate, date);
    QFETCH(QString, expected);
    QCOMPARE(indonesianDate(date), expected);
}

void ReceiptTest::content_data()
{
    QTest::addColumn<ApplicationInput>("input");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("applicant");
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<QString>("serviceStep");

    const QStringList birthDocuments{u"Surat keterangan lahir (RS, bidan atau desa)"_s,
                                     u"Buku nikah / akta perkawinan orang tua"_s,
                                     u"Kartu Keluarga"_s, u"Formulir F-2.01"_s};
    QTest::newRow("birth certificate, apostrophe")
        << test::birthCertificate(u"Ma'ruf"_s) << u"Akta kelahiran"_s << u"Ma'ruf"_s
        << birthDocuments << QString();
    QTest::newRow("birth certificate, single name")
        << test::birthCertificate(u"Sukarno"_s) << u"Akta kelahiran"_s << u"Sukarno"_s
        << birthDocuments << QString();
    QTest::newRow("KTP-el, long Balinese name")
        << ktpRecording(u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s) << u"Perekaman KTP-el"_s
        << u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s << QStringList{u"Kartu Keluarga"_s}
        << u"sidik jari"_s;
    QTest::newRow("KTP-el, accent")
        << ktpRecording(u"Zoë Anggraini"_s) << u"Perekaman KTP-el"_s << u"Zoë Anggraini"_s
        << QStringList{u"Kartu Keluarga"_s} << u"iris mata"_s;
}

void ReceiptTest::content()
{
    QFETCH(ApplicationInput, input);
    QFETCH(QString, service);
    QFETCH(QString, applicant);
    QFETCH(QStringList, requirements);
    QFETCH(QString, serviceStep);

    const Application application = saved(input);
    QVERIFY(!application.registrationNumber.isEmpty());
    Result<ReceiptContent> receipt =
        Receipts::contentFor(application, *Office::load(*m_office->database), Catalogue::builtIn(),
                             m_office->clock, u"Kabupaten Bangka Tengah"_s);
    QVERIFY2(receipt, qPrintable(receipt.errorMessage()));

    QCOMPARE(receipt->officeName, u"Koba"_s);
    QCOMPARE(receipt->officeCode, u"19.04.01"_s);
    QCOMPARE(receipt->regencyName, u"Kabupaten Bangka Tengah"_s);
    QCOMPARE(receipt->registrationNumber, application.registrationNumber);
    QCOMPARE(receipt->serviceName, service);
    QCOMPARE(receipt->applicantName, applicant);
    QCOMPARE(receipt->requirements, requirements);
    QCOMPARE(receipt->receivedOnText, u"3 Desember 2026"_s);
    QCOMPARE(receipt->receivedBy, u"siti"_s);

    const QString steps = receipt->nextSteps.join(u' ');
    QVERIFY(steps.startsWith(u"Simpan tanda terima ini."_s));
    QVERIFY(steps.contains(application.registrationNumber));
    QVERIFY2(steps.contains(serviceStep), qPrintable(steps));
    QVERIFY(receipt->feeNote.contains(u"tidak dipungut biaya"_s));
    QVERIFY(!QString(steps + receipt->feeNote).contains(u"Rp"_s));

    // The QR code is read by anyone holding the slip: the number, nothing about the person.
    QCOMPARE(receipt->qrPayload, application.registrationNumber);
    QVERIFY(!receipt->qrPayload.contains(input.fields.value(u"family.kk"_s).toString()));
}

void ReceiptTest::receivedOnIsTheLocalDate()
{
    inTimeZone("Asia/Jakarta", [this] {
        // 06:30 WIB on 3 December is still 2 December in UTC.
        m_office->clock.set(QDateTime(QDate(2026, 12, 2), QTime(23, 30), Qt::UTC));
        const Application application = saved(test::birthCertificate());
        Result<ReceiptContent> receipt = Receipts::contentFor(
            application, *Office::load(*m_office->database), Catalogue::builtIn(), m_office->clock);
        QVERIFY(receipt);
        QCOMPARE(receipt->receivedOn, QDate(2026, 12, 3));
        QCOMPARE(receipt->receivedOnText, u"3 Desember 2026"_s);
        QVERIFY(receipt->registrationNumber.contains(u"-20261203-"_s));
        QVERIFY2(receipt->printedAtText.endsWith(u"3 Desember 2026 pukul 06.30"_s),
                 qPrintable(receipt->printedAtText));
    });
}

void ReceiptTest::unsavedHasNoReceipt()
{
    Result<ReceiptContent> receipt = Receipts::contentFor(
        Application{}, *Office::load(*m_office->database), Catalogue::builtIn(), m_office->clock);
    QVERIFY(!receipt);
    QCOMPARE(receipt.error().code, u"not_saved"_s);
}

void ReceiptTest::printingIsRecorded_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("action");
    QTest::newRow("the clerk who captured it") << u"siti"_s << true << u"printed"_s;
    QTest::newRow("a supervisor") << u"kasi"_s << true << u"printed"_s;
    QTest::newRow("another clerk") << u"budi"_s << false << u"refused"_s;
}

void ReceiptTest::printingIsRecorded()
{
    QFETCH(QString, who);
    QFETCH(bool, allowed);
    QFETCH(QString, action);

    const QHash<QString, User> users{{u"siti"_s, m_office->clerk},
                                     {u"kasi"_s, m_office->supervisor},
                                     {u"budi"_s, m_office->otherClerk}};
    const Application application = saved(test::birthCertificate());
    const Status printed =
        Receipts::recordPrinted(*m_office->database, m_office->clock, users.value(who), application,
                                u"receipt saved as PDF, A4"_s);
    QCOMPARE(printed.ok(), allowed);

    AuditLog audit(*m_office->database, m_office->clock);
    const QList<AuditEntry> entries = audit.forApplication(application.uuid);
    QVERIFY(!entries.isEmpty());
    QCOMPARE(entries.last().action, action);
    QCOMPARE(entries.last().userName, who);
    QCOMPARE(entries.last().detail, u"receipt saved as PDF, A4"_s);
    // Printing is found when the mother asks what was done with her data.
    QVERIFY(!audit.forPerson(u"1904015505900002"_s).isEmpty());
    QVERIFY(audit.verify().ok());
}

QTEST_GUILESS_MAIN(ReceiptTest)
#include "tst_receipt.moc"
