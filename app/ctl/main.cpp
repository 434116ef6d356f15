#include "Commands.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // Standard error is for the sentences a person reads; life-cycle notes only when asked for
    // (QT_LOGGING_RULES="sipelanduk.*.info=true").
    QLoggingCategory::setFilterRules(QStringLiteral("sipelanduk.*.info=false"));
    QCoreApplication::setApplicationName(QStringLiteral("sipelanduk"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sipelanduk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIPELANDUK_VERSION));
    sipelanduk::Commands commands(app);
    return commands.run();
}
