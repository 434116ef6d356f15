// The commands of sipelanduk-ctl about backups and restoring them.
#include "Commands.h"

#include "Logging.h"
#include "security/Accounts.h"
#include "security/AuditLog.h"
#include "security/Keychain.h"
#include "storage/Backup.h"
#include "storage/Database.h"
#include "storage/ScanKey.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <optional>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

const QCommandLineOption kDaily(u"daily"_s, QString());
const QCommandLineOption kKeepDays(u"keep-days"_s, QString(), u"N"_s);

constexpr auto kPassphraseVariable = "SIPELANDUK_BACKUP_PASSPHRASE";

// The command line has no other work while the keychain answers, so it runs the event loop
// until it has; an answer given at once is not waited for.
template <typename Answer, typename Start>
Answer askKeychain(Start start)
{
    QEventLoop loop;
    std::optional<Answer> answer;
    start(&loop, [&](Answer given) {
        answer = std::move(given);
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

// The scan key goes into the backup with the scans, or the restored PC could not open them.
Result<QByteArray> scanKeyForBackup(const Database& database)
{
    const Result<std::optional<ScanKey>> key = askKeychain<Result<std::optional<ScanKey>>>(
        [&](QObject* context, auto done) { ScanKey::forBackup(database, context, done); });
    if (!key)
        return key.error();
    return key->has_value() ? (*key)->bytes() : QByteArray();
}

// A restored PC has a new install id, so the key is stored under this PC's own entry.
Status keepScanKey(const RestoreReport& restored)
{
    return askKeychain<Status>([&](QObject* context, auto done) {
        ScanKey::adoptRestored(restored.installId, restored.scanKey, context, done);
    });
}

} // namespace

QList<QCommandLineOption> Commands::backupOptions()
{
    QCommandLineOption daily = kDaily;
    daily.setDescription(tr("Today's backup into the data folder's backups/"));
    QCommandLineOption keepDays = kKeepDays;
    keepDays.setDescription(tr("Days that daily backups are kept"));
    return {daily, keepDays};
}

// While the desktop program holds the folder, a connection beside it; otherwise as every
// command. Either way the sign-in is counted and audited as anywhere else.
Result<std::unique_ptr<Database>> Commands::openForBackup()
{
    if (!QFileInfo::exists(QDir(dataDir()).filePath(Database::kFileName)))
        return Database::openReadOnly(dataDir());
    Result<std::unique_ptr<Database>> opened = Database::open(dataDir());
    if (opened || opened.error().code != "locked"_L1)
        return opened;
    return Database::openBeside(dataDir());
}

Status Commands::backup(const QStringList& arguments)
{
    if (m_parser.isSet(kDaily))
        return dailyBackup();
    if (arguments.size() != 1)
        return Error{tr("backup needs the path of the file to write, or --daily.")};
    installFileLog(dataDir(), QtCriticalMsg);
    Result<std::unique_ptr<Database>> source = openForBackup();
    if (!source)
        return source.error();
    m_database = std::move(source).value();

    Result<User> admin = signIn(m_parser.value(u"as"_s));
    if (!admin)
        return admin.error();
    if (Status allowed = requirePermission(*admin, Action::ManageBackups); !allowed)
        return allowed;
    const QString passphrase = readSecret(kPassphraseVariable, tr("Passphrase for the backup:"));
    const QString file = arguments.first();
    const Result<QByteArray> scanKey = scanKeyForBackup(*m_database);
    if (!scanKey)
        return scanKey.error();
    if (Status made = Backup::create(*m_database, file, passphrase, m_clock.now(), *scanKey); !made)
        return made;
    // Everyone's data is in that file: it stays only if the trail says who took it where.
    const QString detail = u"backup "_s + QFileInfo(file).absoluteFilePath();
    if (Status noted =
            AuditLog(*m_database, m_clock).record(AuditAction::Exported, &*admin, detail);
        !noted) {
        QFile::remove(file);
        return noted;
    }
    print(tr("Backup written to %1. Keep the passphrase apart from the file: without it the "
             "backup cannot be restored.")
              .arg(native(file)));
    return {};
}

Status Commands::dailyBackup()
{
    installFileLog(dataDir(), QtCriticalMsg);
    QString key;
    int keepDays = Backup::kDefaultKeepDays;
    QByteArray scanKey;
    {
        Result<std::unique_ptr<Database>> source = Database::openReadOnly(dataDir());
        if (!source)
            return source.error();
        key = Backup::passphraseKey(**source);
        keepDays = Backup::keepDays(**source);
        Result<QByteArray> scans = scanKeyForBackup(**source);
        if (!scans)
            return scans.error();
        scanKey = *scans;
    }
    const Result<QString> passphrase = askKeychain<Result<QString>>(
        [&](QObject* context, auto done) { Keychain::read(key, context, done); });
    if (!passphrase && passphrase.error().code == "not_enrolled"_L1) {
        return Error{tr("No passphrase for automatic backups is set on this PC. The IT operator "
                        "sets it once with sipelanduk-ctl backup-settings."),
                     u"no_backup_passphrase"_s};
    }
    if (!passphrase)
        return passphrase.error();

    const Result<DailyBackup> daily =
        Backup::runDaily(dataDir(), *passphrase, m_clock.now(), keepDays, scanKey);
    if (!daily)
        return daily.error();
    print(daily->written ? tr("Backup written to %1.").arg(native(daily->file))
                         : tr("Today's backup %1 is already there.").arg(native(daily->file)));
    if (!daily->removed.isEmpty())
        print(tr("%n older backup(s) removed.", nullptr, int(daily->removed.size())));
    return {};
}

Status Commands::backupSettings()
{
    bool valid = false;
    const int days = m_parser.value(kKeepDays).toInt(&valid);
    if (!valid)
        return Error{tr("backup-settings needs --keep-days N and --as ADMIN.")};
    Result<User> admin = signIn(m_parser.value(u"as"_s));
    if (!admin)
        return admin.error();
    if (Status allowed = requirePermission(*admin, Action::ManageBackups); !allowed)
        return allowed;
    const QString passphrase =
        readSecret(kPassphraseVariable, tr("Passphrase for automatic backups (at least %1 "
                                           "characters):")
                                            .arg(Backup::kMinimumPassphraseLength));
    if (Status strong = Backup::checkPassphrase(passphrase); !strong)
        return strong;
    if (Status possible = Backup::checkKeepDays(days); !possible)
        return possible;
    // The keychain first: when it cannot be reached, nothing has changed.
    const Status stored = askKeychain<Status>([&](QObject* context, auto done) {
        Keychain::write(Backup::passphraseKey(*m_database), passphrase, context, done);
    });
    if (!stored)
        return stored;
    if (Status kept = Backup::setKeepDays(*m_database, days); !kept)
        return kept;
    print(tr("Daily backups are kept for %n day(s). Their passphrase is in this PC's keychain; "
             "write it down and keep it apart from the PC, because a restore on a new PC needs it.",
             nullptr, days));
    return {};
}

Status Commands::restore(const QStringList& arguments)
{
    if (arguments.size() != 1) {
        return Error{tr("restore needs the path of a backup file, and --data-dir with a new or "
                        "empty folder.")};
    }
    const QString passphrase = readSecret(kPassphraseVariable, tr("Passphrase of the backup:"));
    // The restored folder has no log until it exists; what the restore does goes there after.
    QLoggingCategory::setFilterRules(u"sipelanduk.*.info=false"_s);
    const Result<RestoreReport> restored =
        Backup::restore(arguments.first(), passphrase, dataDir());
    QLoggingCategory::setFilterRules(QString());
    if (!restored)
        return restored.error();
    installFileLog(dataDir(), QtCriticalMsg);
    if (Status kept = keepScanKey(*restored); !kept)
        return kept;
    qCInfo(lcDb) << "restored from" << arguments.first() << "made" << restored->createdAt
                 << "station" << restored->previousStation << "->" << restored->station;

    print(tr("The backup of kecamatan %1 made on %2 UTC is restored in %3.")
              .arg(restored->officeCode,
                   restored->createdAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s), native(dataDir())));
    print(tr("This PC now has station %1 (the backup's PC had %2), so the two never hand out the "
             "same registration number.")
              .arg(restored->station, restored->previousStation));
    print(tr("Enrol this PC with the central server again (sipelanduk-ctl enrol): the enrolment "
             "stayed with the old PC. Set the passphrase for daily backups again as well "
             "(sipelanduk-ctl backup-settings)."));
    return {};
}

} // namespace sipelanduk
