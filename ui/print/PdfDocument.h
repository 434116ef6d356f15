#pragma once

#include "Result.h"

#include <QString>

namespace sipelanduk {

// Writes a simple HTML document (a report, a receipt) to a PDF file on A4 paper.
Status writePdf(const QString& html, const QString& filePath, const QString& title);

} // namespace sipelanduk
