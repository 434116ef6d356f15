#include "print/ReceiptDocument.h"

#include "domain/Receipt.h"

#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

#include <qrencode.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr qreal kMmPerInch = 25.4;
constexpr qreal kQrSideMm = 34;
// Below this the receipt is no longer comfortable to read; it is never shrunk further.
constexpr qreal kSmallestScale = 0.75;

// Lays the receipt out from top to bottom. Run once without drawing to measure, then again to
// draw, so a long list of documents shrinks the text instead of falling off the page.
class ReceiptPainter
{
public:
    ReceiptPainter(QPainter& painter, const QRectF& area, qreal dotsPerMm, qreal scale, bool draw)
        : m_painter(painter)
        , m_area(area)
        , m_dotsPerMm(dotsPerMm)
        , m_scale(scale)
        , m_draw(draw)
        , m_y(area.top())
    {}

    qreal paint(const ReceiptContent& content, const QrMatrix& qr)
    {
        header(content);
        numberBlock(content, qr);
        details(content);
        numberedList(u"Persyaratan yang diterima"_s, content.requirements);
        numberedList(u"Langkah selanjutnya"_s, content.nextSteps);
        feeBox(content.feeNote);
        signature(content);
        footer(content);
        return m_y - m_area.top();
    }

private:
    qreal mm(qreal value) const { return value * m_dotsPerMm; }

    QFont font(qreal points, bool bold, bool serif = false) const
    {
        QFont font(serif ? u"DejaVu Serif"_s : u"DejaVu Sans"_s);
        font.setStyleHint(serif ? QFont::Serif : QFont::SansSerif);
        font.setPointSizeF(points * m_scale);
        font.setBold(bold);
        return font;
    }

    // Writes wrapped text across `width` from `left`, and returns its height.
    qreal textAt(qreal left, qreal width, const QString& text, const QFont& font,
                 Qt::Alignment alignment = Qt::AlignLeft)
    {
        m_painter.setFont(font);
        const QRectF box(left, m_y, width, m_area.bottom() - m_y + mm(1000));
        const int flags = alignment.toInt() | Qt::AlignTop | Qt::TextWordWrap;
        const QRectF used = m_painter.boundingRect(box, flags, text);
        if (m_draw)
            m_painter.drawText(box, flags, text);
        return used.height();
    }

    void line(const QString& text, const QFont& font, Qt::Alignment alignment = Qt::AlignLeft)
    {
        m_y += textAt(m_area.left(), m_area.width(), text, font, alignment);
    }

    void rule(qreal thicknessMm)
    {
        if (m_draw)
            m_painter.fillRect(QRectF(m_area.left(), m_y, m_area.width(), mm(thicknessMm)),
                               Qt::black);
        m_y += mm(thicknessMm);
    }

    void gap(qreal value) { m_y += mm(value * m_scale); }

    void header(const ReceiptContent& content)
    {
        if (!content.regencyName.isEmpty())
            line(u"PEMERINTAH "_s + content.regencyName.toUpper(), font(12, true, true),
                 Qt::AlignHCenter);
        line(u"KECAMATAN "_s + content.officeName.toUpper(), font(15, true, true),
             Qt::AlignHCenter);
        line(u"Kantor Camat %1 · Pelayanan Administrasi Kependudukan · Kode wilayah %2"_s.arg(
                 content.officeName, content.officeCode),
             font(8.5, false), Qt::AlignHCenter);
        gap(2);
        rule(0.8);
        m_y += mm(0.6);
        rule(0.25);
        gap(5);
        line(content.title, font(14, true, true), Qt::AlignHCenter);
        gap(5);
    }

    // The number a resident reads out at the counter, large, with its QR code beside it.
    void numberBlock(const ReceiptContent& content, const QrMatrix& qr)
    {
        const qreal side = mm(kQrSideMm);
        const qreal top = m_y;
        const qreal textWidth = m_area.width() - side - mm(6);
        const qreal padding = mm(4);
        if (m_draw) {
            m_painter.setPen(QPen(Qt::black, mm(0.35)));
            m_painter.setBrush(Qt::NoBrush);
            m_painter.drawRect(QRectF(m_area.left(), top, textWidth, side));
            paintQr(m_painter, QRectF(m_area.right() - side, top, side, side), qr);
        }
        m_y = top + padding;
        m_y += textAt(m_area.left() + padding, textWidth - 2 * padding, u"NOMOR REGISTRASI"_s,
                      font(9, true));
        m_y += mm(2);
        m_y += textAt(m_area.left() + padding, textWidth - 2 * padding, content.registrationNumber,
                      font(19, true));
        m_y += mm(2);
        textAt(m_area.left() + padding, textWidth - 2 * padding,
               u"Sebutkan nomor ini, atau tunjukkan kode QR di samping, setiap kali menanyakan "
               "permohonan."_s,
               font(8.5, false));
        m_y = top + side;
        gap(6);
    }

    void row(const QString& caption, const QString& value)
    {
        const qreal captionWidth = mm(42);
        textAt(m_area.left(), captionWidth, caption, font(10.5, false));
        textAt(m_area.left() + captionWidth, mm(4), u":"_s, font(10.5, false));
        m_y += textAt(m_area.left() + captionWidth + mm(4), m_area.width() - captionWidth - mm(4),
                      value, font(10.5, true));
        gap(1.5);
    }

    void details(const ReceiptContent& content)
    {
        row(u"Jenis layanan"_s, content.serviceName);
        row(u"Nama pemohon"_s, content.applicantName.isEmpty() ? u"-"_s : content.applicantName);
        row(u"Tanggal diterima"_s, content.receivedOnText);
        row(u"Diterima oleh"_s, content.receivedBy.isEmpty() ? u"-"_s : content.receivedBy);
        gap(4);
    }

    void numberedList(const QString& title, const QStringList& items)
    {
        line(title, font(10.5, true));
        gap(1.5);
        if (items.isEmpty()) {
            line(u"-"_s, font(10.5, false));
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            textAt(m_area.left() + mm(2), mm(6), u"%1."_s.arg(i + 1), font(10.5, false));
            m_y += textAt(m_area.left() + mm(8), m_area.width() - mm(8), items.at(i),
                          font(10.5, false));
            gap(1.2);
        }
        gap(4);
    }

    void feeBox(const QString& note)
    {
        const qreal padding = mm(3);
        const qreal top = m_y;
        m_y += padding;
        m_y += textAt(m_area.left() + padding, m_area.width() - 2 * padding, u"GRATIS. "_s + note,
                      font(10.5, true), Qt::AlignHCenter);
        m_y += padding;
        if (m_draw) {
            m_painter.setPen(QPen(Qt::black, mm(0.5)));
            m_painter.setBrush(Qt::NoBrush);
            m_painter.drawRect(QRectF(m_area.left(), top, m_area.width(), m_y - top));
        }
        gap(7);
    }

    void signature(const ReceiptContent& content)
    {
        const qreal width = mm(70);
        const qreal left = m_area.right() - width;
        m_y += textAt(left, width, u"%1, %2"_s.arg(content.officeName, content.receivedOnText),
                      font(10.5, false), Qt::AlignHCenter);
        m_y += textAt(left, width, u"Petugas Loket"_s, font(10.5, false), Qt::AlignHCenter);
        gap(18);
        m_y += textAt(left, width, u"( %1 )"_s.arg(content.receivedBy), font(10.5, true),
                      Qt::AlignHCenter);
        gap(6);
    }

    void footer(const ReceiptContent& content)
    {
        rule(0.25);
        gap(1.5);
        line(content.printedAtText +
                 u". Tanda terima ini bukan dokumen kependudukan dan tidak berlaku sebagai "
                 "pengganti dokumen yang dimohon."_s,
             font(7.5, false));
    }

    QPainter& m_painter;
    QRectF m_area;
    qreal m_dotsPerMm;
    qreal m_scale;
    bool m_draw;
    qreal m_y;
};

Error printError(const QString& what)
{
    return Error{
        QCoreApplication::translate("ReceiptDocument", "The receipt could not be printed: %1.")
            .arg(what),
        u"print_failed"_s};
}

} // namespace

Result<QrMatrix> qrMatrix(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code)
        return printError(
            QCoreApplication::translate("ReceiptDocument", "the QR code could not be made"));
    QrMatrix matrix;
    matrix.version = code->version;
    matrix.size = code->width;
    matrix.dark.reserve(code->width * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        matrix.dark.append((code->data[i] & 1) != 0);
    return matrix;
}

void paintQr(QPainter& painter, const QRectF& area, const QrMatrix& matrix)
{
    const int modules = matrix.size + 2 * kQrQuietZone;
    const qreal module = std::min(area.width(), area.height()) / modules;
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.fillRect(area, Qt::white);
    for (int y = 0; y < matrix.size; ++y) {
        for (int x = 0; x < matrix.size; ++x) {
            if (!matrix.isDark(x, y))
                continue;
            painter.fillRect(QRectF(area.left() + (x + kQrQuietZone) * module,
                                    area.top() + (y + kQrQuietZone) * module, module, module),
                             Qt::black);
        }
    }
    painter.restore();
}

QImage qrImage(const QrMatrix& matrix, int pixelsPerModule)
{
    const int side = (matrix.size + 2 * kQrQuietZone) * pixelsPerModule;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintQr(painter, QRectF(0, 0, side, side), matrix);
    return image;
}

QPageSize f4PageSize()
{
    return QPageSize(QSizeF(215, 330), QPageSize::Millimeter, u"F4 (215 x 330 mm)"_s,
                     QPageSize::ExactMatch);
}

Result<ReceiptLayout> paintReceipt(const ReceiptContent& content, QPagedPaintDevice& device)
{
    Result<QrMatrix> qr = qrMatrix(content.qrPayload);
    if (!qr)
        return qr.error();
    QPainter painter;
    if (!painter.begin(&device))
        return printError(
            QCoreApplication::translate("ReceiptDocument", "the printer or file did not open"));
    const qreal dotsPerMm = device.logicalDpiY() / kMmPerInch;
    const QRectF area(QPointF(0, 0), QSizeF(device.width(), device.height()));

    ReceiptLayout layout;
    layout.availableHeightMm = area.height() / dotsPerMm;
    while (layout.fontScale > kSmallestScale) {
        ReceiptPainter measure(painter, area, dotsPerMm, layout.fontScale, false);
        if (measure.paint(content, *qr) <= area.height())
            break;
        layout.fontScale = std::max(kSmallestScale, layout.fontScale - 0.05);
    }

    ReceiptPainter draw(painter, area, dotsPerMm, layout.fontScale, true);
    layout.usedHeightMm = draw.paint(content, *qr) / dotsPerMm;
    painter.end();
    return layout;
}

Result<ReceiptLayout> writeReceiptPdf(const ReceiptContent& content, const QPageSize& pageSize,
                                      const QString& filePath)
{
    QPdfWriter writer(filePath);
    writer.setTitle(u"Tanda terima %1"_s.arg(content.registrationNumber));
    writer.setCreator(u"Sipelanduk Desktop"_s);
    writer.setResolution(600);
    writer.setPageSize(pageSize);
    writer.setPageMargins(QMarginsF(20, 15, 20, 15), QPageLayout::Millimeter);
    Result<ReceiptLayout> layout = paintReceipt(content, writer);
    if (layout && !QFile::exists(filePath)) {
        return Error{QCoreApplication::translate("ReceiptDocument",
                                                 "%1 could not be written. Check that the folder "
                                                 "exists and this user may write there.")
                         .arg(filePath),
                     u"write_failed"_s};
    }
    return layout;
}

} // namespace sipelanduk
