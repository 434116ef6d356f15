#pragma once

#include <QString>

class QCoreApplication;

namespace sipelanduk {

// Bahasa Indonesia unless SIPELANDUK_LANG (or the caller) asks for English.
QString interfaceLanguage();

// Loads the product's and Qt's own translations for `language` into `app`.
void installTranslations(QCoreApplication& app, const QString& language = interfaceLanguage());

} // namespace sipelanduk
