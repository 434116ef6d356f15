// The receipt on paper: one page on A4 and on F4, a QR code whose modules are where libqrencode
// put them, and the form's button that writes it and records that it was printed.
//
// Also writes the example in docs/ when SIPELANDUK_RECEIPT_EXAMPLE names a file.

#include "ScriptedPrompter.h"
#include "TestOffice.h"

#include "ApplicationForm.h"
#include "MainWindow.h"
#include "Workspace.h"
#include "domain/Receipt.h"
#include "print/ReceiptDocument.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

constexpr qreal kPointsPerMm = 72 / 25.4;

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The page size in millimetres from the PDF's MediaBox.
QSizeF mediaBoxMm(const QByteArray& pdf)
{
    static const QRegularExpression box(uR"(/MediaBox \[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\])"_s);
    const QRegularExpressionMatch match = box.match(QString::fromLatin1(pdf));
    if (!match.hasMatch())
        return {};
    return {match.captured(1).toDouble() / kPointsPerMm,
            match.captured(2).toDouble() / kPointsPerMm};
}

ReceiptContent sampleContent(int extraRequirements)
{
    ReceiptContent content;
    content.title = u"TANDA TERIMA PERMOHONAN"_s;
    content.regencyName = u"Kabupaten Bangka Tengah"_s;
    content.officeName = u"Koba"_s;
    content.officeCode = u"19.04.01"_s;
    content.registrationNumber = u"190401-20261203-6PQ7Q-0001"_s;
    content.serviceName = u"Akta kelahiran"_s;
    content.applicantName = u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s;
    content.requirements = {u"Surat keterangan lahir (RS, bidan atau desa)"_s, u"Kartu Keluarga"_s};
    for (int i = 0; i < extraRequirements; ++i)
        content.requirements.append(u"Surat pernyataan tanggung jawab mutlak nomor %1, "
                                    "ditandatangani dua orang saksi"_s.arg(i + 1));
    content.receivedOnText = u"3 Desember 2026"_s;
    content.receivedBy = u"siti"_s;
    content.nextSteps = {u"Simpan tanda terima ini."_s, u"Ambil dokumen di loket."_s};
    content.feeNote = u"Layanan ini tidak dipungut biaya."_s;
    content.printedAtText = u"Dicetak 3 Desember 2026 pukul 16.30"_s;
    content.qrPayload = content.registrationNumber;
    return content;
}

} // namespace

class ReceiptPrintTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void qrModules_data();
    void qrModules();
    void onePage_data();
    void onePage();
    void formPrintsAndRecords();
    void writeExample();

private:
    test::TestOffice m_office;
    test::ScriptedPrompter m_prompter;
    QTemporaryDir m_out;
};

void ReceiptPrintTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_office.setUp());
    QVERIFY(m_out.isValid());
}

void ReceiptPrintTest::qrModules_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<int>("version");
    QTest::newRow("registration number") << u"190401-20261203-6PQ7Q-0001"_s << 2;
    QTest::newRow("late in the year") << u"190407-20261231-ZZZZZ-9999"_s << 2;
    QTest::newRow("short") << u"190401"_s << 1;
}

void ReceiptPrintTest::qrModules()
{
    QFETCH(QString, payload);
    QFETCH(int, version);

    Result<QrMatrix> matrix = qrMatrix(payload);
    QVERIFY2(matrix, qPrintable(matrix.errorMessage()));
    QCOMPARE(matrix->version, version);
    QCOMPARE(matrix->size, 17 + 4 * version);

    const int pixels = 6;
    const QImage image = qrImage(*matrix, pixels);
    QCOMPARE(image.width(), (matrix->size + 2 * kQrQuietZone) * pixels);
    const auto darkAt = [&](int x, int y) {
        return qGray(image.pixel(x * pixels + pixels / 2, y * pixels + pixels / 2)) < 128;
    };
    for (int y = 0; y < matrix->size + 2 * kQrQuietZone; ++y) {
        for (int x = 0; x < matrix->size + 2 * kQrQuietZone; ++x) {
            const int mx = x - kQrQuietZone;
            const int my = y - kQrQuietZone;
            const bool inside = mx >= 0 && my >= 0 && mx < matrix->size && my < matrix->size;
            QCOMPARE(darkAt(x, y), inside && matrix->isDark(mx, my));
        }
    }
}

void ReceiptPrintTest::onePage_data()
{
    QTest::addColumn<QPageSize>("paper");
    QTest::addColumn<QSizeF>("sizeMm");
    QTest::addColumn<int>("extraRequirements");
    QTest::addColumn<bool>("fullSize");
    QTest::newRow("A4") << QPageSize(QPageSize::A4) << QSizeF(210, 297) << 0 << true;
    QTest::newRow("F4") << f4PageSize() << QSizeF(215, 330) << 0 << true;
    QTest::newRow("A4, every document")
        << QPageSize(QPageSize::A4) << QSizeF(210, 297) << 4 << true;
    QTest::newRow("A4, far too many documents")
        << QPageSize(QPageSize::A4) << QSizeF(210, 297) << 20 << false;
    QTest::newRow("F4, far too many documents") << f4PageSize() << QSizeF(215, 330) << 20 << false;
}

void ReceiptPrintTest::onePage()
{
    QFETCH(QPageSize, paper);
    QFETCH(QSizeF, sizeMm);
    QFETCH(int, extraRequirements);
    QFETCH(bool, fullSize);

    const QString path =
        m_out.filePath(u"%1.pdf"_s.arg(QString::fromUtf8(QTest::currentDataTag())));
    Result<ReceiptLayout> layout = writeReceiptPdf(sampleContent(extraRequirements), paper, path);
    QVERIFY2(layout, qPrintable(layout.errorMessage()));
    QVERIFY(layout->usedHeightMm <= layout->availableHeightMm);
    QVERIFY(layout->fontScale >= 0.75);
    QCOMPARE(layout->fontScale == 1, fullSize);

    const QByteArray pdf = readAll(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.contains("/Count 1"));
    QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") + pdf.count("/Type /Page/") +
                 pdf.count("/Type /Page "),
             1);
    const QSizeF size = mediaBoxMm(pdf);
    QVERIFY2(qAbs(size.width() - sizeMm.width()) < 0.5, qPrintable(QString::number(size.width())));
    QVERIFY2(qAbs(size.height() - sizeMm.height()) < 0.5,
             qPrintable(QString::number(size.height())));
}

void ReceiptPrintTest::formPrintsAndRecords()
{
    Workspace workspace(*m_office.database, m_office.clock);
    MainWindow window(workspace, m_office.clerk, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* newApplication = window.findChild<QAbstractButton*>(u"newApplication.akta-kelahiran"_s);
    QVERIFY(newApplication);
    QTest::mouseClick(newApplication, Qt::LeftButton);
    auto* form = window.findChild<ApplicationForm*>();
    QVERIFY(form);
    auto* print = form->findChild<QPushButton*>(u"printReceiptButton"_s);
    QVERIFY(print && print->isVisible());
    QVERIFY(!print->isEnabled());

    auto* name = form->findChild<QLineEdit*>(u"child.name"_s);
    QVERIFY(name);
    name->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(name, u"Ma'ruf"_s);
    QTest::mouseClick(form->findChild<QPushButton*>(u"saveDraftButton"_s), Qt::LeftButton);
    QVERIFY(print->isEnabled());

    const QString number = form->findChild<QLabel*>(u"registrationNumberLabel"_s)->text();
    m_prompter.choice = 2;
    m_prompter.savePath = m_out.filePath(u"form-f4.pdf"_s);
    QTest::mouseClick(print, Qt::LeftButton);
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QCOMPARE(m_prompter.choices.size(), 3);
    QVERIFY(m_prompter.suggestedPaths.last().endsWith(number + u".pdf"_s));
    QVERIFY(readAll(*m_prompter.savePath).contains("/Count 1"));

    const std::optional<Application> stored = m_office.store->findByRegistrationNumber(number);
    QVERIFY(stored);
    const QList<AuditEntry> entries =
        AuditLog(*m_office.database, m_office.clock).forApplication(stored->uuid);
    QVERIFY(!entries.isEmpty());
    QCOMPARE(entries.last().action, u"printed"_s);
    QCOMPARE(entries.last().userName, u"siti"_s);

    // Cancelling the choice prints nothing and records nothing.
    m_prompter.choice.reset();
    QTest::mouseClick(print, Qt::LeftButton);
    QCOMPARE(AuditLog(*m_office.database, m_office.clock).forApplication(stored->uuid).size(),
             entries.size());
}

// SIPELANDUK_RECEIPT_EXAMPLE=docs/receipt-example.pdf build/tests/ui/tst_receipt_print writeExample
void ReceiptPrintTest::writeExample()
{
    const QString target = qEnvironmentVariable("SIPELANDUK_RECEIPT_EXAMPLE");
    if (target.isEmpty())
        QSKIP("SIPELANDUK_RECEIPT_EXAMPLE names no file");
    Result<Application> application =
        m_office.store->saveDraft(m_office.clerk, test::birthCertificate(u"Ma'ruf"_s));
    QVERIFY(application);
    Result<ReceiptContent> content =
        Receipts::contentFor(*application, *Office::load(*m_office.database), Catalogue::builtIn(),
                             m_office.clock, u"Kabupaten Bangka Tengah"_s);
    QVERIFY(content);
    Result<ReceiptLayout> layout = writeReceiptPdf(*content, QPageSize(QPageSize::A4), target);
    QVERIFY2(layout, qPrintable(layout.errorMessage()));
}

QTEST_MAIN(ReceiptPrintTest)
#include "tst_receipt_print.moc"
