#include "Launcher.h"
#include "Prompter.h"
#include "RestoreOffer.h"

#include "Clock.h"
#include "Logging.h"
#include "Translations.h"
#include "storage/Database.h"
#include "storage/DiskEncryption.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

QString dataDirectory(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Sipelanduk Desktop, the counter program of the "
                                            "kantor camat."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(
        u"data-dir"_s, QCoreApplication::translate("main", "Data folder (default: the platform's)"),
        u"DIR"_s);
    parser.addOption(dataDir);
    parser.process(app);
    return parser.isSet(dataDir)
               ? parser.value(dataDir)
               : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

} // namespace

int main(int argc, char* argv[])
{
    sipelanduk::keepSecretsOutOfQtLogs();
    QApplication app(argc, argv);
    // The same names as sipelanduk-ctl, so both find the same data folder.
    QApplication::setApplicationName(u"sipelanduk"_s);
    QApplication::setOrganizationName(u"Sipelanduk"_s);
    QApplication::setApplicationDisplayName(u"Sipelanduk Desktop"_s);
    sipelanduk::installTranslations(app);

    sipelanduk::WidgetsPrompter prompter;
    const QString dataDir = dataDirectory(app);
    // The log file gets everything; a terminal, if there is one, only what went wrong.
    sipelanduk::installFileLog(dataDir, QtWarningMsg);
    auto database = sipelanduk::Database::open(dataDir);
    if (!database && sipelanduk::RestoreOffer::applies(database.error(), dataDir)) {
        if (!sipelanduk::RestoreOffer::run(prompter, dataDir, database.errorMessage(),
                                           QDateTime::currentDateTime()))
            return 1;
        database = sipelanduk::Database::open(dataDir);
    }
    if (!database) {
        prompter.showError(nullptr, QApplication::applicationDisplayName(),
                           database.errorMessage());
        return 1;
    }
    if (const sipelanduk::Status disk = sipelanduk::DiskPolicy::check(**database); !disk) {
        prompter.showError(nullptr, QApplication::applicationDisplayName(), disk.errorMessage());
        return 1;
    }
    const sipelanduk::SystemClock clock;
    sipelanduk::Launcher launcher(**database, clock, prompter);
    if (!launcher.start())
        return 0;
    return app.exec();
}
