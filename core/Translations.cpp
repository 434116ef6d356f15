#include "Translations.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace sipelanduk {

QString interfaceLanguage()
{
    const QString requested = qEnvironmentVariable("SIPELANDUK_LANG").trimmed().toLower();
    return requested == "en"_L1 ? u"en"_s : u"id"_s;
}

void installTranslations(QCoreApplication& app, const QString& language)
{
    // Numbers and sizes as an Indonesian reader writes them (0,7 detik; 1.500 permohonan), whatever
    // the locale of the PC's account; English keeps the system's.
    if (language == "id"_L1)
        QLocale::setDefault(QLocale(QLocale::Indonesian, QLocale::Indonesia));

    auto* product = new QTranslator(&app);
    if (product->load(u":/i18n/sipelanduk_"_s + language))
        QCoreApplication::installTranslator(product);
    else
        qCWarning(lcUi) << "no translation for" << language;

    auto* qt = new QTranslator(&app);
    if (qt->load(u"qtbase_"_s + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)) ||
        qt->load(u":/i18n/qt_"_s + language))
        QCoreApplication::installTranslator(qt);
}

} // namespace sipelanduk
