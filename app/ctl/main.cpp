#include "Commands.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sipelanduk"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sipelanduk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIPELANDUK_VERSION));
    sipelanduk::Commands commands(app);
    return commands.run();
}
