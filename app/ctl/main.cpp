#include "Commands.h"
#include "Logging.h"

#include <QGuiApplication>

int main(int argc, char* argv[])
{
    // Reports are laid out with Qt Gui's fonts, but the command line never opens a window and
    // must work without a display (scheduled tasks, servers).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    sipelanduk::keepSecretsOutOfQtLogs();
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sipelanduk"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sipelanduk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIPELANDUK_VERSION));
    sipelanduk::Commands commands(app);
    return commands.run();
}
