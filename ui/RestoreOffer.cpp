#include "RestoreOffer.h"

#include "Prompter.h"

#include "storage/Backup.h"
#include "storage/ScanKey.h"

#include <QCursor>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// Deriving the key and unpacking take a few seconds, with nothing else to do meanwhile.
Result<DamagedReplacement> replaceWaiting(const QString& dataDir, const QString& file,
                                          const QString& passphrase, const QDateTime& now)
{
    QGuiApplication::setOverrideCursor(QCursor(Qt::WaitCursor));
    Result<DamagedReplacement> replaced = Backup::replaceDamaged(dataDir, file, passphrase, now);
    QGuiApplication::restoreOverrideCursor();
    return replaced;
}

// The restored scans open only with the key the backup carried; the keychain answers on the event
// loop, and nothing else may happen before the program goes on with the restored data.
Status adoptScanKey(const RestoreReport& report)
{
    QEventLoop waiting;
    Status adopted;
    ScanKey::adoptRestored(report.installId, report.scanKey, &waiting, [&](Status stored) {
        adopted = std::move(stored);
        waiting.quit();
    });
    waiting.exec();
    return adopted;
}

} // namespace

bool RestoreOffer::applies(const Error& openError, const QString& dataDir)
{
    return openError.code == "corrupt"_L1 && !Backup::latest(dataDir).isEmpty();
}

bool RestoreOffer::run(Prompter& prompter, const QString& dataDir, const QString& damage,
                       const QDateTime& now)
{
    const QString latest = Backup::latest(dataDir);
    const QString title = tr("Damaged database");
    const QString question =
        damage + u"\n\n"_s +
        tr("Restore the backup %1 now? The damaged files are kept in the data folder. This PC "
           "then gets a new station code and must be enrolled again.")
            .arg(QFileInfo(latest).fileName());
    if (!prompter.confirm(nullptr, title, question, {}, tr("Restore the backup")))
        return false;

    const QString label = tr("Passphrase of the backup %1:").arg(QFileInfo(latest).fileName());
    while (const std::optional<QString> passphrase = prompter.askSecret(nullptr, title, label)) {
        const Result<DamagedReplacement> replaced =
            replaceWaiting(dataDir, latest, *passphrase, now);
        if (replaced) {
            if (Status adopted = adoptScanKey(replaced->report); !adopted)
                prompter.showError(nullptr, title, adopted.errorMessage());
            prompter.showInformation(
                nullptr, title,
                tr("The backup made on %1 UTC is restored; the damaged files are in %2. This PC "
                   "now has station %3. The IT operator must enrol it with the central server "
                   "again and set the passphrase for daily backups again.")
                    .arg(replaced->report.createdAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s),
                         QDir::toNativeSeparators(replaced->damagedFolder),
                         replaced->report.station));
            return true;
        }
        prompter.showError(nullptr, title, replaced.errorMessage());
        if (replaced.error().code != "wrong_passphrase"_L1)
            return false;
    }
    return false;
}

} // namespace sipelanduk
