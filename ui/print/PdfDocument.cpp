#include "print/PdfDocument.h"

#include <QCoreApplication>
#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Status writePdf(const QString& html, const QString& filePath, const QString& title)
{
    QPdfWriter writer(filePath);
    writer.setTitle(title);
    writer.setCreator(u"Sipelanduk Desktop"_s);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    QTextDocument document;
    document.setHtml(html);
    document.print(&writer);
    if (!QFile::exists(filePath)) {
        return Error{QCoreApplication::translate("PdfDocument",
                                                 "%1 could not be written. Check that the folder "
                                                 "exists and this user may write there.")
                         .arg(filePath),
                     u"write_failed"_s};
    }
    return {};
}

} // namespace sipelanduk
