#pragma once

#include "Result.h"

#include <QImage>
#include <QList>
#include <QPageSize>
#include <QString>

class QPagedPaintDevice;
class QPainter;
class QRectF;

namespace sipelanduk {

struct ReceiptContent;

// The modules of a QR code, row by row, dark or light, without the quiet zone.
struct QrMatrix
{
    int version = 0;
    int size = 0;
    QList<bool> dark;

    bool isDark(int x, int y) const { return dark.at(y * size + x); }
};

// Light modules a reader needs around the code.
constexpr int kQrQuietZone = 4;

Result<QrMatrix> qrMatrix(const QString& text);
// Dark modules as filled squares in `area`, quiet zone included, in whole device units where the
// device allows, so a reader sees sharp edges.
void paintQr(QPainter& painter, const QRectF& area, const QrMatrix& matrix);
QImage qrImage(const QrMatrix& matrix, int pixelsPerModule);

// Folio, as Indonesian offices print on it as often as on A4.
QPageSize f4PageSize();

// How the receipt sat on its page: a scale below 1 means the text was shrunk to stay on one page.
struct ReceiptLayout
{
    qreal usedHeightMm = 0;
    qreal availableHeightMm = 0;
    qreal fontScale = 1;
};

// Paints the receipt on the device's current page; a printer or a PDF writer.
Result<ReceiptLayout> paintReceipt(const ReceiptContent& content, QPagedPaintDevice& device);
Result<ReceiptLayout> writeReceiptPdf(const ReceiptContent& content, const QPageSize& pageSize,
                                      const QString& filePath);

} // namespace sipelanduk
