#include "Commands.h"

#include "Logging.h"
#include "Translations.h"
#include "domain/ApplicationImport.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Nik.h"
#include "domain/Regions.h"
#include "domain/Search.h"
#include "security/Accounts.h"
#include "storage/Database.h"
#include "storage/DiskEncryption.h"
#include "storage/Office.h"
#include "sync/MasterData.h"
#include "sync/SyncClient.h"
#include "sync/SyncScheduler.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

const QCommandLineOption kDataDir(u"data-dir"_s, QString(), u"DIR"_s);
const QCommandLineOption kJson(u"json"_s, QString());
const QCommandLineOption kOffice(u"office"_s, QString(), u"CODE"_s);
const QCommandLineOption kAdmin(u"admin"_s, QString(), u"NAME"_s);
const QCommandLineOption kRole(u"role"_s, QString(), u"ROLE"_s);
const QCommandLineOption kAs(u"as"_s, QString(), u"NAME"_s);
const QCommandLineOption kServer(u"server"_s, QString(), u"URL"_s);
const QCommandLineOption kCode(u"code"_s, QString(), u"CODE"_s);
const QCommandLineOption kCaFile(u"ca-file"_s, QString(), u"FILE"_s);
const QCommandLineOption kAll(u"all"_s, QString());
const QCommandLineOption kDraft(u"draft"_s, QString());
const QCommandLineOption kOut(u"out"_s, QString(), u"DIR"_s);
const QCommandLineOption kDays(u"days"_s, QString(), u"N"_s);
const QCommandLineOption kLimit(u"limit"_s, QString(), u"N"_s);
const QCommandLineOption kOffset(u"offset"_s, QString(), u"N"_s);

// What --help says of each option; the option itself is named above, once.
struct OptionHelp
{
    const QCommandLineOption& option;
    const char* description;
};

const OptionHelp kOptionHelp[] = {
    {kDataDir, QT_TRANSLATE_NOOP("Commands", "Data folder (default: the platform's)")},
    {kJson, QT_TRANSLATE_NOOP("Commands", "Print data as JSON")},
    {kOffice, QT_TRANSLATE_NOOP("Commands", "Kecamatan code, e.g. 19.04.01")},
    {kAdmin, QT_TRANSLATE_NOOP("Commands", "Name of the first IT operator")},
    {kRole, QT_TRANSLATE_NOOP("Commands", "clerk, supervisor or admin")},
    {kAs, QT_TRANSLATE_NOOP("Commands", "Act as this account")},
    {kServer, QT_TRANSLATE_NOOP("Commands", "Central server address")},
    {kCode, QT_TRANSLATE_NOOP("Commands", "One-time enrolment code")},
    {kCaFile, QT_TRANSLATE_NOOP("Commands", "The regency's CA certificate file")},
    {kAll, QT_TRANSLATE_NOOP("Commands", "Every application that qualifies")},
    {kDraft, QT_TRANSLATE_NOOP("Commands", "Keep imported applications as drafts")},
    {kOut, QT_TRANSLATE_NOOP("Commands", "Folder to write reports to")},
    {kDays, QT_TRANSLATE_NOOP("Commands", "Retention period in days")},
    {kLimit, QT_TRANSLATE_NOOP("Commands", "At most N items (queue: 100 by default)")},
    {kOffset, QT_TRANSLATE_NOOP("Commands", "Skip the first N items")},
};

constexpr int kDefaultQueueLimit = 100;

// The command list of --help: how each command is written, and what it does.
struct CommandHelp
{
    const char* usage;
    const char* summary;
};

const CommandHelp kCommandHelp[] = {
    {"init --office CODE --admin NAME",
     QT_TRANSLATE_NOOP("Commands", "set up this PC (password on stdin or SIPELANDUK_PASSWORD)")},
    {"add-user NAME --role ROLE [--as ADMIN]",
     QT_TRANSLATE_NOOP("Commands", "new account; the admin's password, then the new one")},
    {"reset-password NAME --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "new password; the admin's password, then the new one")},
    {"disable-user NAME --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "NAME can no longer sign in; their history stays")},
    {"enable-user NAME --as ADMIN", QT_TRANSLATE_NOOP("Commands", "NAME may sign in again")},
    {"users [--json] --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "accounts: role, active, locked until")},
    {"import-regions FILE [--as ADMIN]",
     QT_TRANSLATE_NOOP("Commands", "load the national region table (kode,nama CSV)")},
    {"enrol --server URL --code CODE [--ca-file FILE] --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "enrol this PC with the central server; --ca-file when the "
                                   "regency signs its server's certificate itself")},
    {"set-ca-file FILE --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "trust the regency's CA certificate(s) in FILE from now on")},
    {"import-applications FILE [--draft] --as CLERK",
     QT_TRANSLATE_NOOP("Commands", "capture and submit applications from a JSON file")},
    {"approve --all --as SUPERVISOR",
     QT_TRANSLATE_NOOP("Commands", "approve every submitted application")},
    {"sync [--json]",
     QT_TRANSLATE_NOOP("Commands",
                       "send approved batches, fetch status and master data; progress on stderr")},
    {"queue [--limit N] [--offset N] [--json]",
     QT_TRANSLATE_NOOP("Commands", "applications waiting or recently sent: state and reason")},
    {"sync-schedule [MINUTES] [--as ADMIN]",
     QT_TRANSLATE_NOOP("Commands", "show or set the automatic sync interval (0 = off)")},
    {"sync-settings [NAME=VALUE...] [--as ADMIN]",
     QT_TRANSLATE_NOOP("Commands", "show or set how patient sync is: connect-timeout, "
                                   "stall-timeout and retry-wait in seconds, attempts")},
    {"resync-status --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "read the central server's status changes again from the start, "
                                   "after the server was restored from a backup")},
    {"status [--json]", QT_TRANSLATE_NOOP("Commands", "applications and their state")},
    {"master-data [--json]",
     QT_TRANSLATE_NOOP("Commands", "versions of the code lists, catalogue and regions in use, and "
                                   "what their last pull changed")},
    {"search TEXT [--json] --as USER",
     QT_TRANSLATE_NOOP("Commands", "by NIK, KK number, registration number or name")},
    {"nik NIK...", QT_TRANSLATE_NOOP("Commands", "check identity numbers")},
    {"services [--json]",
     QT_TRANSLATE_NOOP("Commands", "the service catalogue in use: fields and required documents")},
    {"hand-over NUMBER --as CLERK",
     QT_TRANSLATE_NOOP("Commands", "the resident took the finished document")},
    {"purge [--days N] --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "delete personal data whose retention has ended")},
    {"encrypted-disk [required|optional] --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "show or set whether the data must be on an encrypted disk")},
    {"audit verify [--json] --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "check that the audit trail was not tampered with")},
    {"audit person NIK --out DIR --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "what was done with one person's data (CSV and PDF)")},
    {"backup FILE --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "encrypted copy of the data, also while the program runs "
                                   "(passphrase on stdin or SIPELANDUK_BACKUP_PASSPHRASE)")},
    {"backup --daily",
     QT_TRANSLATE_NOOP("Commands", "today's backup into the data folder's backups/, for a "
                                   "scheduled task; the passphrase comes from the keychain")},
    {"backup-settings --keep-days N --as ADMIN",
     QT_TRANSLATE_NOOP("Commands", "how long daily backups are kept, and their passphrase")},
    {"restore FILE",
     QT_TRANSLATE_NOOP("Commands", "a backup into --data-dir, a new or empty folder")},
};

// For tests only: a PC whose clock is wrong (case 9). Unset, or anything but a whole number, is
// the true time.
qint64 testClockOffset()
{
    bool ok = false;
    const qint64 offset = qgetenv("SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS").toLongLong(&ok);
    return ok ? offset : 0;
}

} // namespace

Commands::Commands(QCoreApplication& app)
    : m_app(app)
    , m_out(stdout)
    , m_in(stdin)
    , m_clock(testClockOffset())
{
    installTranslations(app);
    setupParser();
}

Commands::~Commands() = default;

void Commands::setupParser()
{
    m_parser.setApplicationDescription(tr("Command line of Sipelanduk Desktop, for IT staff.") +
                                       u"\n\n"_s + commandList());
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    for (const OptionHelp& help : kOptionHelp) {
        QCommandLineOption described = help.option;
        described.setDescription(tr(help.description));
        m_parser.addOption(described);
    }
    m_parser.addOptions(backupOptions());
    m_parser.addPositionalArgument(tr("command"), tr("What to do; see the list above."));
}

// The commands in two columns, how to write each and what it does, the second wrapped to fit a
// terminal of 100 columns.
QString Commands::commandList()
{
    constexpr int kUsageWidth = 38;
    constexpr int kLineWidth = 100;
    const QString indent(kUsageWidth + 2, u' ');
    QString text = tr("Commands:") + u'\n';
    for (const CommandHelp& help : kCommandHelp) {
        QString line = u"  "_s + QString::fromLatin1(help.usage);
        if (line.size() > kUsageWidth) {
            text += line + u'\n';
            line = indent;
        } else {
            line = line.leftJustified(kUsageWidth + 2);
        }
        const QStringList words = tr(help.summary).split(u' ', Qt::SkipEmptyParts);
        bool lineHasWords = false;
        for (const QString& word : words) {
            if (lineHasWords && line.size() + 1 + word.size() > kLineWidth) {
                text += line + u'\n';
                line = indent;
                lineHasWords = false;
            }
            if (lineHasWords)
                line += u' ';
            line += word;
            lineHasWords = true;
        }
        text += line + u'\n';
    }
    return text;
}

int Commands::run()
{
    m_parser.process(m_app);
    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        std::fputs(qPrintable(m_parser.helpText()), stderr);
        return 2;
    }
    if (m_clock.offsetSeconds() != 0) {
        std::fprintf(stderr, "%s\n",
                     qUtf8Printable(tr("SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS shifts this run's "
                                       "clock by %1 seconds. It exists for tests only; unset it.")
                                        .arg(m_clock.offsetSeconds())));
    }
    const Status done = dispatch(positional.first(), positional.mid(1));
    m_out.flush();
    if (!done) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(done.errorMessage()));
        return 1;
    }
    return 0;
}

Status Commands::dispatch(const QString& command, const QStringList& arguments)
{
    // These work beside a running desktop program, or on a folder that has no database yet.
    if (command == "backup"_L1)
        return backup(arguments);
    if (command == "restore"_L1)
        return restore(arguments);
    // The catalogue in use is read without the lock or a sign-in, also on a PC not set up yet.
    if (command == "services"_L1)
        return services();
    // Only these make sense on a folder that holds no office yet; anything else there is almost
    // always a mistyped --data-dir, which must not quietly become a new, empty office.
    static const QStringList onNewFolder{u"init"_s, u"import-regions"_s, u"nik"_s,
                                         u"encrypted-disk"_s};
    if (!onNewFolder.contains(command) &&
        !QFileInfo::exists(QDir(dataDir()).filePath(Database::kFileName))) {
        return Error{tr("There is no Sipelanduk data in %1. Check --data-dir, or set the office up "
                        "there first with init.")
                         .arg(QDir::toNativeSeparators(dataDir())),
                     u"no_data"_s};
    }
    if (Status opened = openDatabase(); !opened)
        return opened;
    // The one command that changes the disk rule must work where the rule refuses.
    if (command == "encrypted-disk"_L1)
        return encryptedDisk(arguments);
    if (Status disk = DiskPolicy::check(*m_database); !disk)
        return disk;
    if (command == "backup-settings"_L1)
        return backupSettings();
    if (command == "nik"_L1)
        return nik(arguments);
    if (command == "init"_L1)
        return init();
    if (command == "add-user"_L1)
        return addUser(arguments);
    if (command == "reset-password"_L1)
        return resetPassword(arguments);
    if (command == "disable-user"_L1 || command == "enable-user"_L1)
        return setUserActive(arguments, command == "enable-user"_L1);
    if (command == "users"_L1)
        return users();
    if (command == "import-regions"_L1)
        return importRegions(arguments);
    if (command == "enrol"_L1)
        return enrol();
    if (command == "set-ca-file"_L1)
        return setCaFile(arguments);
    if (command == "import-applications"_L1)
        return importApplications(arguments);
    if (command == "approve"_L1)
        return approve();
    if (command == "sync"_L1)
        return sync();
    if (command == "queue"_L1)
        return queue();
    if (command == "sync-schedule"_L1)
        return syncSchedule(arguments);
    if (command == "sync-settings"_L1)
        return syncSettings(arguments);
    if (command == "resync-status"_L1)
        return resyncStatus();
    if (command == "audit"_L1)
        return audit(arguments);
    if (command == "purge"_L1)
        return purge();
    if (command == "hand-over"_L1)
        return handOver(arguments);
    if (command == "status"_L1)
        return status();
    if (command == "master-data"_L1)
        return masterData();
    if (command == "search"_L1)
        return search(arguments);
    return Error{
        tr("Unknown command \"%1\". Run sipelanduk-ctl --help for the list.").arg(command)};
}

QString Commands::dataDir() const
{
    const QString chosen = m_parser.value(kDataDir);
    return chosen.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                            : chosen;
}

Status Commands::openDatabase()
{
    const QString dataDir = this->dataDir();
    // Standard error is for the sentences a person reads; the full log goes to the data folder.
    installFileLog(dataDir, QtCriticalMsg);
    Result<std::unique_ptr<Database>> opened = Database::open(dataDir);
    if (!opened)
        return opened.error();
    m_database = std::move(opened).value();
    RegionStore regions(*m_database);
    return regions.ensureBuiltIn();
}

QString Commands::readSecret(const char* variable, const QString& purpose)
{
    const QByteArray fromEnvironment = qgetenv(variable);
    if (!fromEnvironment.isEmpty())
        return QString::fromUtf8(fromEnvironment);
    std::fprintf(stderr, "%s\n", qUtf8Printable(purpose));
    return m_in.readLine();
}

Result<User> Commands::signIn(const QString& name)
{
    if (name.isEmpty())
        return Error{tr("Say who acts, with --as NAME.")};
    Accounts accounts(*m_database, m_clock);
    const QString password = readSecret("SIPELANDUK_PASSWORD", tr("Password for %1:").arg(name));
    return accounts.authenticate(name, password);
}

Status Commands::init()
{
    if (!m_parser.isSet(kOffice) || !m_parser.isSet(kAdmin))
        return Error{tr("init needs --office CODE and --admin NAME.")};
    RegionStore regions(*m_database);
    Accounts accounts(*m_database, m_clock);
    const QString password =
        readSecret("SIPELANDUK_PASSWORD", tr("Password for %1:").arg(m_parser.value(kAdmin)));
    Result<User> admin = Office::initialise(*m_database, regions, accounts, m_parser.value(kOffice),
                                            m_parser.value(kAdmin), password);
    if (!admin)
        return admin.error();
    const OfficeInfo office = *Office::load(*m_database);
    print(tr("Set up for kecamatan %1 %2 (station %3); IT operator: %4.")
              .arg(office.code, office.name, office.station, admin->name));
    return {};
}

Status Commands::addUser(const QStringList& arguments)
{
    const std::optional<Role> role = roleFromName(m_parser.value(kRole));
    if (arguments.size() != 1 || !role)
        return Error{tr("add-user needs a NAME and --role clerk, supervisor or admin.")};
    Accounts accounts(*m_database, m_clock);
    QString actorName = m_parser.value(kAs);
    if (actorName.isEmpty()) {
        const QList<User> users = accounts.list();
        for (const User& user : users) {
            if (user.role == Role::Admin)
                actorName = actorName.isEmpty() ? user.name : u"?"_s;
        }
        if (actorName == "?"_L1)
            return Error{tr("There is more than one IT operator; say which one acts, with --as.")};
    }
    Result<User> actor = signIn(actorName);
    if (!actor)
        return actor.error();
    const QString password = readSecret(
        "SIPELANDUK_NEW_PASSWORD", tr("Password for the new account %1:").arg(arguments.first()));
    Result<User> created = accounts.create(arguments.first(), *role, password, &*actor);
    if (!created)
        return created.error();
    print(tr("Account %1 created (%2).").arg(created->name, roleLabel(created->role)));
    return {};
}

Status Commands::importRegions(const QStringList& arguments)
{
    if (arguments.size() != 1)
        return Error{tr("import-regions needs the path of a kode,nama CSV file.")};
    // Before the first account exists the PC is being set up; after, only the IT operator.
    if (!Accounts(*m_database, m_clock).isEmpty()) {
        Result<User> admin = signIn(m_parser.value(kAs));
        if (!admin)
            return admin.error();
        if (Status allowed = requirePermission(*admin, Action::ImportReferenceData); !allowed)
            return allowed;
    }
    RegionStore regions(*m_database);
    Result<int> imported = regions.importCsv(arguments.first());
    if (!imported)
        return imported.error();
    print(tr("%1 region codes imported.").arg(*imported));
    return {};
}

Status Commands::enrol()
{
    if (!m_parser.isSet(kServer) || !m_parser.isSet(kCode))
        return Error{tr("enrol needs --server URL, --code CODE and --as ADMIN.")};
    Result<QList<QSslCertificate>> authorities = QList<QSslCertificate>();
    if (m_parser.isSet(kCaFile))
        authorities = SyncClient::readCaFile(m_parser.value(kCaFile));
    if (!authorities)
        return authorities.error();
    Result<User> admin = signIn(m_parser.value(kAs));
    if (!admin)
        return admin.error();
    SyncClient client(*m_database, m_clock);
    const QUrl server = QUrl::fromUserInput(m_parser.value(kServer));
    runUntilFinished(client, [&] {
        client.enrol(*admin, server, m_parser.value(kCode), QHostInfo::localHostName(),
                     *authorities);
    });
    if (!client.lastStatus())
        return client.lastStatus();
    print(tr("This PC is enrolled with %1.").arg(server.toString()));
    return {};
}

Status Commands::setCaFile(const QStringList& arguments)
{
    if (arguments.size() != 1)
        return Error{tr("set-ca-file needs the path of the regency's CA certificate file.")};
    Result<User> admin = signIn(m_parser.value(kAs));
    if (!admin)
        return admin.error();
    if (Status allowed = requirePermission(*admin, Action::EnrolDevice); !allowed)
        return allowed;
    const Result<QList<QSslCertificate>> authorities = SyncClient::readCaFile(arguments.first());
    if (!authorities)
        return authorities.error();
    if (Status stored = SyncClient::setCaCertificates(*admin, *m_database, *authorities); !stored)
        return stored;
    for (const QSslCertificate& authority : *authorities) {
        print(tr("Trusted for the central server: %1 (valid until %2).")
                  .arg(authority.subjectDisplayName(),
                       authority.expiryDate().toUTC().date().toString(Qt::ISODate)));
    }
    return {};
}

Status Commands::importApplications(const QStringList& arguments)
{
    if (arguments.size() != 1)
        return Error{tr("import-applications needs the path of a JSON file.")};
    QFile file(arguments.first());
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("%1 could not be read (%2).").arg(arguments.first(), file.errorString())};
    Result<User> clerk = signIn(m_parser.value(kAs));
    if (!clerk)
        return clerk.error();
    RegionStore regions(*m_database);
    const auto catalogue = MasterData::catalogueInUse(*m_database);
    ApplicationStore store(*m_database, *catalogue, regions, m_clock);
    Result<ApplicationImport::Outcome> imported =
        ApplicationImport::run(store, *clerk, file.readAll(), !m_parser.isSet(kDraft));
    if (!imported)
        return imported.error();
    if (m_parser.isSet(kJson)) {
        printJson(QJsonObject{
            {u"registrationNumbers"_s, QJsonArray::fromStringList(imported->registrationNumbers)}});
    } else {
        print(tr("%n application(s) imported:", nullptr,
                 static_cast<int>(imported->registrationNumbers.size())));
        for (const QString& number : std::as_const(imported->registrationNumbers))
            print(number);
    }
    return {};
}

Status Commands::approve()
{
    if (!m_parser.isSet(kAll))
        return Error{tr("approve needs --all; single applications are approved in the desktop "
                        "program.")};
    Result<User> supervisor = signIn(m_parser.value(kAs));
    if (!supervisor)
        return supervisor.error();
    RegionStore regions(*m_database);
    const auto catalogue = MasterData::catalogueInUse(*m_database);
    ApplicationStore store(*m_database, *catalogue, regions, m_clock);
    Result<int> approved = store.approveAll(*supervisor);
    if (!approved)
        return approved.error();
    print(tr("%n application(s) approved.", nullptr, *approved));
    return {};
}

Status Commands::sync()
{
    SyncClient client(*m_database, m_clock);
    QObject::connect(&client, &SyncClient::progress, &client, [](const QString& message) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(message));
    });
    QObject::connect(&client, &SyncClient::progressed, &client, [](int done, int total) {
        if (done > 0 && total > 0) {
            std::fprintf(
                stderr, "%s\n",
                qUtf8Printable(
                    tr("%1 of %2 application(s) answered by the server.").arg(done).arg(total)));
        }
    });
    runUntilFinished(client, [&] { client.run(); });
    const SyncReport& report = client.lastReport();
    if (report.clockSkewSeconds)
        std::fprintf(stderr, "%s\n", qUtf8Printable(clockSkewSentence(*report.clockSkewSeconds)));
    const Outbox outbox(*m_database, m_clock);
    const QList<QueueItem> failed = itemsIn(outbox, QueueState::Failed);
    if (m_parser.isSet(kJson)) {
        QJsonArray notSent;
        for (const QueueItem& item : failed)
            notSent.append(queueItemJson(item));
        QJsonObject summary{
            {u"ok"_s, client.lastStatus().ok()},
            {u"batchesSent"_s, report.batchesSent},
            {u"accepted"_s, report.accepted},
            {u"rejected"_s, report.rejected},
            {u"statusChanges"_s, report.statusChanges},
            {u"rejections"_s, QJsonArray::fromStringList(report.rejections)},
            {u"failures"_s, QJsonArray::fromStringList(report.failures)},
            {u"notSent"_s, notSent},
            {u"clockSkewSeconds"_s,
             report.clockSkewSeconds ? QJsonValue(*report.clockSkewSeconds) : QJsonValue()},
            {u"masterData"_s, QJsonArray::fromStringList(report.masterData)},
            {u"masterDataRefusals"_s, QJsonArray::fromStringList(report.masterDataRefusals)}};
        if (!client.lastStatus())
            summary.insert(u"error"_s, client.lastStatus().errorMessage());
        if (report.notBefore)
            summary.insert(u"notBefore"_s, toUtcText(*report.notBefore));
        printJson(summary);
    } else {
        print(tr("Batches sent: %1; accepted: %2; rejected: %3; status changes: %4.")
                  .arg(report.batchesSent)
                  .arg(report.accepted)
                  .arg(report.rejected)
                  .arg(report.statusChanges));
        for (const QString& rejection : report.rejections)
            print(tr("Rejected: %1").arg(rejection));
        for (const QString& change : report.masterData)
            print(tr("Master data: %1").arg(change));
        for (const QueueItem& item : failed)
            print(tr("Not sent: %1: %2").arg(item.registrationNumber, item.reason));
        if (report.notBefore) {
            print(tr("The server asked to wait until %1 before the next sync.")
                      .arg(report.notBefore->toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
        }
    }
    for (const QString& refusal : report.masterDataRefusals)
        std::fprintf(stderr, "%s\n", qUtf8Printable(refusal));
    return client.lastStatus();
}

Status Commands::queue()
{
    bool limitOk = true;
    bool offsetOk = true;
    const int limit =
        m_parser.isSet(kLimit) ? m_parser.value(kLimit).toInt(&limitOk) : kDefaultQueueLimit;
    const int offset = m_parser.isSet(kOffset) ? m_parser.value(kOffset).toInt(&offsetOk) : 0;
    if (!limitOk || !offsetOk || limit < 1 || limit > Outbox::kMaxQueuePage || offset < 0) {
        return Error{tr("queue takes --limit from 1 to %1 and --offset from 0; page through a "
                        "longer queue with --offset.")
                         .arg(Outbox::kMaxQueuePage)};
    }
    const Outbox outbox(*m_database, m_clock);
    const QMap<QueueState, int> counts = outbox.queueCounts();
    int total = 0;
    for (const int count : counts)
        total += count;
    const QList<QueueItem> items = outbox.queue(limit, offset);
    if (m_parser.isSet(kJson)) {
        QJsonArray list;
        for (const QueueItem& item : items)
            list.append(queueItemJson(item));
        QJsonObject byState;
        for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
            byState.insert(queueStateName(it.key()), it.value());
        printJson(QJsonObject{{u"total"_s, total},
                              {u"offset"_s, offset},
                              {u"counts"_s, byState},
                              {u"items"_s, list}});
        return {};
    }
    for (const QueueItem& item : items) {
        print(u"%1  %2  %3%4"_s.arg(item.registrationNumber, item.service,
                                    queueStateLabel(item.state),
                                    item.reason.isEmpty() ? QString() : u"  "_s + item.reason));
    }
    if (items.isEmpty()) {
        print(total == 0 ? tr("Nothing is waiting to be sent, and nothing was sent in the last 7 "
                              "days.")
                         : tr("The queue holds %n application(s); --offset %1 is past its end.",
                              nullptr, total)
                               .arg(offset));
        return {};
    }
    print(tr("Shown: %1 to %2 of %3 application(s) in the queue.")
              .arg(offset + 1)
              .arg(offset + items.size())
              .arg(total));
    return {};
}

Status Commands::syncSchedule(const QStringList& arguments)
{
    if (arguments.isEmpty()) {
        const int minutes = SyncScheduler::intervalMinutes(*m_database);
        print(minutes > 0 ? tr("The desktop program syncs every %n minute(s).", nullptr, minutes)
                          : tr("Automatic sync is off; the desktop program syncs on demand."));
        return {};
    }
    bool ok = false;
    const int minutes = arguments.first().toInt(&ok);
    if (arguments.size() != 1 || !ok)
        return Error{tr("sync-schedule takes the interval in whole minutes, 0 for off.")};
    Result<User> admin = signIn(m_parser.value(kAs));
    if (!admin)
        return admin.error();
    if (Status set = SyncScheduler::setIntervalMinutes(*m_database, *admin, minutes); !set)
        return set;
    print(minutes > 0 ? tr("The desktop program syncs every %n minute(s).", nullptr, minutes)
                      : tr("Automatic sync is off; the desktop program syncs on demand."));
    return {};
}

Status Commands::resyncStatus()
{
    Result<User> admin = signIn(m_parser.value(kAs));
    if (!admin)
        return admin.error();
    if (Status reset = Outbox(*m_database, m_clock).readStatusAgain(*admin); !reset)
        return reset;
    print(tr("The next sync reads the central server's status changes for this office from the "
             "start."));
    return {};
}

Status Commands::syncSettings(const QStringList& arguments)
{
    SyncTiming timing = SyncTiming::fromSettings(*m_database);
    if (!arguments.isEmpty()) {
        for (const QString& argument : arguments) {
            const qsizetype equals = argument.indexOf(u'=');
            const QString name = argument.left(equals);
            bool ok = false;
            const double value = argument.mid(equals + 1).toDouble(&ok);
            const int milliseconds = qRound(value * 1000);
            if (equals < 0 || !ok) {
                return Error{tr("sync-settings takes NAME=VALUE, such as stall-timeout=60; "
                                "\"%1\" is not one.")
                                 .arg(argument)};
            }
            if (name == "connect-timeout"_L1)
                timing.connectTimeoutMs = milliseconds;
            else if (name == "stall-timeout"_L1)
                timing.stallTimeoutMs = milliseconds;
            else if (name == "retry-wait"_L1)
                timing.retryBaseMs = milliseconds;
            else if (name == "attempts"_L1 && value == qRound(value))
                timing.maxAttempts = qRound(value);
            else {
                return Error{tr("sync-settings knows connect-timeout, stall-timeout and "
                                "retry-wait (seconds) and attempts (a whole number), not \"%1\".")
                                 .arg(argument)};
            }
        }
        Result<User> admin = signIn(m_parser.value(kAs));
        if (!admin)
            return admin.error();
        if (Status stored = SyncTiming::store(*m_database, *admin, timing); !stored)
            return stored;
    }
    if (m_parser.isSet(kJson)) {
        printJson(QJsonObject{{u"connectTimeoutSeconds"_s, timing.connectTimeoutMs / 1000.0},
                              {u"stallTimeoutSeconds"_s, timing.stallTimeoutMs / 1000.0},
                              {u"retryWaitSeconds"_s, timing.retryBaseMs / 1000.0},
                              {u"attempts"_s, timing.maxAttempts}});
        return {};
    }
    print(tr("A connection must come up within %1 s; a transfer in which nothing moves for %2 s "
             "is given up. A request that fails on the way is tried up to %3 times, first after "
             "about %4 s, then twice as long each time.")
              .arg(timing.connectTimeoutMs / 1000.0)
              .arg(timing.stallTimeoutMs / 1000.0)
              .arg(timing.maxAttempts)
              .arg(timing.retryBaseMs / 1000.0));
    return {};
}

// The items of one state on the first page of the queue: the operator sees which ones, and
// `queue` lists the rest.
QList<QueueItem> Commands::itemsIn(const Outbox& outbox, QueueState state)
{
    QList<QueueItem> found;
    const QList<QueueItem> page = outbox.queue(Outbox::kMaxQueuePage);
    for (const QueueItem& item : page) {
        if (item.state == state)
            found.append(item);
    }
    return found;
}

QJsonObject Commands::queueItemJson(const QueueItem& item)
{
    return QJsonObject{{u"registrationNumber"_s, item.registrationNumber},
                       {u"service"_s, item.service},
                       {u"state"_s, queueStateName(item.state)},
                       {u"reason"_s, item.reason},
                       {u"attempts"_s, item.attempts},
                       {u"changedAt"_s, toUtcText(item.changedAt)}};
}

Status Commands::status()
{
    RegionStore regions(*m_database);
    const auto catalogue = MasterData::catalogueInUse(*m_database);
    ApplicationStore store(*m_database, *catalogue, regions, m_clock);
    const User everyone{0, u"ctl"_s, Role::Admin};
    const QList<Application> applications = store.listFor(everyone, std::nullopt, -1);
    if (m_parser.isSet(kJson)) {
        QJsonArray list;
        for (const Application& a : applications) {
            list.append(QJsonObject{{u"registrationNumber"_s, a.registrationNumber},
                                    {u"service"_s, a.service},
                                    {u"state"_s, stateName(a.state)},
                                    {u"reason"_s, a.stateReason},
                                    {u"changedAt"_s, toUtcText(a.stateChangedAt)},
                                    {u"handedOverAt"_s, a.handedOverAt.isValid()
                                                            ? QJsonValue(toUtcText(a.handedOverAt))
                                                            : QJsonValue()}});
        }
        printJson(QJsonObject{{u"applications"_s, list}});
        return {};
    }
    for (const Application& a : applications) {
        print(u"%1  %2  %3%4"_s.arg(a.registrationNumber, a.service, progressLabel(a),
                                    a.stateReason.isEmpty() ? QString()
                                                            : u" ("_s + a.stateReason + u')'));
    }
    print(tr("%n application(s).", nullptr, static_cast<int>(applications.size())));
    return {};
}

Status Commands::masterData()
{
    const QList<MasterDataVersion> versions = MasterData(*m_database, m_clock).inUse();
    if (m_parser.isSet(kJson)) {
        QJsonArray list;
        for (const MasterDataVersion& version : versions) {
            const auto instant = [](const QDateTime& at) {
                return at.isValid() ? QJsonValue(toUtcText(at)) : QJsonValue();
            };
            list.append(QJsonObject{
                {u"kind"_s, protocol::masterKindName(version.kind)},
                {u"version"_s, version.version},
                {u"pulled"_s, version.pulled},
                {u"publishedAt"_s, instant(version.publishedAt)},
                {u"pulledAt"_s, instant(version.pulledAt)},
                {u"changes"_s, QJsonArray::fromStringList(MasterData::describe(version))}});
        }
        printJson(QJsonObject{{u"masterData"_s, list}});
        return {};
    }
    const QString format = u"dd-MM-yyyy HH:mm"_s;
    for (const MasterDataVersion& version : versions) {
        QString label = MasterData::kindLabel(version.kind);
        label[0] = label.at(0).toUpper();
        if (version.pulled) {
            print(tr("%1: version %2 from the central server, published %3, pulled %4.")
                      .arg(label)
                      .arg(version.version)
                      .arg(version.publishedAt.toLocalTime().toString(format),
                           version.pulledAt.toLocalTime().toString(format)));
        } else if (version.kind == protocol::MasterKind::Regions) {
            print(tr("%1: the table this PC was set up with (%2 regions); none pulled yet.")
                      .arg(label)
                      .arg(RegionStore(*m_database).count()));
        } else {
            print(tr("%1: version %2, built into the program.").arg(label).arg(version.version));
        }
        for (const QString& change : MasterData::describe(version))
            print(u"  "_s + change);
    }
    return {};
}

// A search shows names, so it needs a sign-in and shows what that person may see. NIKs are not
// printed: the one typed is known, and the others are not needed to pick the right application.
Status Commands::search(const QStringList& arguments)
{
    if (arguments.isEmpty())
        return Error{tr("search needs a NIK, KK number, registration number or name.")};
    Result<User> user = signIn(m_parser.value(kAs));
    if (!user)
        return user.error();
    RegionStore regions(*m_database);
    const auto catalogue = MasterData::catalogueInUse(*m_database);
    ApplicationStore store(*m_database, *catalogue, regions, m_clock);
    const Result<QList<Application>> found =
        Search(*m_database, store).find(*user, arguments.join(u' '));
    if (!found)
        return found.error();
    if (m_parser.isSet(kJson)) {
        QJsonArray list;
        for (const Application& a : *found) {
            list.append(QJsonObject{{u"registrationNumber"_s, a.registrationNumber},
                                    {u"service"_s, a.service},
                                    {u"state"_s, stateName(a.state)},
                                    {u"applicant"_s, a.applicantName}});
        }
        printJson(QJsonObject{{u"applications"_s, list}});
        return {};
    }
    for (const Application& a : *found) {
        print(u"%1  %2  %3  %4"_s.arg(a.registrationNumber, a.service, stateLabel(a.state),
                                      a.applicantName));
    }
    print(tr("%n application(s) found.", nullptr, static_cast<int>(found->size())));
    return {};
}

Status Commands::nik(const QStringList& arguments)
{
    if (arguments.isEmpty())
        return Error{tr("nik needs one or more numbers.")};
    RegionStore regions(*m_database);
    QJsonArray verdicts;
    for (const QString& argument : arguments) {
        const NikCheck check = Nik::check(argument, regions);
        verdicts.append(QJsonObject{{u"nik"_s, check.number},
                                    {u"verdict"_s, verdictName(check.verdict)},
                                    {u"reasons"_s, QJsonArray::fromStringList(check.reasons)}});
        if (!m_parser.isSet(kJson))
            print(u"%1  %2  %3"_s.arg(check.number, verdictName(check.verdict),
                                      check.reasons.join(u' ')));
    }
    if (m_parser.isSet(kJson))
        printJson(verdicts);
    return {};
}

// The command line has no other work while it waits, so it runs the event loop until the client
// says it is done; a client that finished at once is not waited for.
void Commands::runUntilFinished(SyncClient& client, const std::function<void()>& start)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&client, &SyncClient::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    start();
    if (!finished)
        loop.exec();
}

void Commands::print(const QString& text)
{
    m_out << text << Qt::endl;
}

void Commands::printColumns(const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column) {
            if (column == widths.size())
                widths.append(0);
            widths[column] = std::max(widths[column], row[column].size());
        }
    }
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column) {
            if (column > 0)
                line += u"  "_s;
            line +=
                column + 1 < row.size() ? row[column].leftJustified(widths[column]) : row[column];
        }
        print(line);
    }
}

void Commands::printJson(const QJsonValue& value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    m_out.flush();
}

} // namespace sipelanduk
