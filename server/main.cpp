#include "Logging.h"
#include "PusatCommands.h"
#include "Translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;
using sipelanduk::server::PusatCommands;

namespace {

void describe(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "sipelanduk-pusat", "The central endpoint that Sipelanduk counter PCs sync with."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"db"_s,
         QCoreApplication::translate(
             "sipelanduk-pusat",
             "The central database: a SQLite file, or "
             "postgres://USER[:PASSWORD]@HOST:PORT/DBNAME (better without the password, which "
             "PGPASSWORD or ~/.pgpass can give)."),
         u"FILE|URL"_s},
        {u"listen"_s,
         QCoreApplication::translate("sipelanduk-pusat",
                                     "Serve on this address; port 0 picks a free port."),
         u"ADDRESS:PORT"_s},
        {u"office"_s,
         QCoreApplication::translate("sipelanduk-pusat", "issue-code: the office, e.g. 19.04.01."),
         u"OFFICE"_s},
        {u"reason"_s,
         QCoreApplication::translate("sipelanduk-pusat", "set-status: why, required to reject."),
         u"TEXT"_s},
        {u"json"_s, QCoreApplication::translate("sipelanduk-pusat", "Print data as JSON.")},
        {u"tls-cert"_s,
         QCoreApplication::translate("sipelanduk-pusat",
                                     "Serve HTTPS with this certificate (PEM; intermediate "
                                     "certificates after it)."),
         u"FILE"_s},
        {u"tls-key"_s,
         QCoreApplication::translate("sipelanduk-pusat",
                                     "The private key of --tls-cert (PEM, without passphrase)."),
         u"FILE"_s},
    });
    parser.addPositionalArgument(
        u"command"_s,
        QCoreApplication::translate("sipelanduk-pusat",
                                    "None to serve; issue-code; set-status REGISTRATION_NUMBER "
                                    "processing|completed|rejected; or publish "
                                    "codelists|catalogue|regions FILE."),
        u"[command]"_s);
}

int dispatch(const QCommandLineParser& parser)
{
    if (!parser.isSet(u"db"_s)) {
        return PusatCommands::fail(QCoreApplication::translate(
            "sipelanduk-pusat",
            "Name the central database with --db FILE or --db postgres://USER@HOST:PORT/DBNAME."));
    }
    PusatCommands commands(parser.value(u"db"_s), parser.isSet(u"json"_s));
    commands.setTls(parser.value(u"tls-cert"_s), parser.value(u"tls-key"_s));
    const QStringList arguments = parser.positionalArguments();
    const QString command = arguments.value(0);
    if (arguments.isEmpty())
        return commands.serve(parser.value(u"listen"_s));
    if (command == u"issue-code" && arguments.size() == 1)
        return commands.issueCode(parser.value(u"office"_s));
    if (command == u"set-status" && arguments.size() == 3)
        return commands.setStatus(arguments.at(1), arguments.at(2), parser.value(u"reason"_s));
    if (command == u"publish" && arguments.size() == 3)
        return commands.publish(arguments.at(1), arguments.at(2));
    return PusatCommands::fail(QCoreApplication::translate(
        "sipelanduk-pusat", "The command is not understood; see sipelanduk-pusat --help."));
}

} // namespace

int main(int argc, char* argv[])
{
    sipelanduk::keepSecretsOutOfQtLogs();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sipelanduk-pusat"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SIPELANDUK_VERSION));
    sipelanduk::installTranslations(app);

    QCommandLineParser parser;
    describe(parser);
    if (!parser.parse(QCoreApplication::arguments()))
        return PusatCommands::fail(parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp();
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    return dispatch(parser);
}
