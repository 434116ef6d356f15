#include "storage/DiskEncryption.h"

#include "Logging.h"
#include "security/Permissions.h"
#include "storage/Database.h"

#include <QDir>
#include <QFile>

#ifdef Q_OS_LINUX
#include <sys/stat.h>
#include <sys/sysmacros.h>
#endif

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

#ifdef Q_OS_LINUX
// Follows a block device down through the devices it is built on, up to a few levels.
bool builtOnCrypt(const QString& sysfsDevice, int depth)
{
    if (depth > 4)
        return false;
    QFile uuid(sysfsDevice + u"/dm/uuid"_s);
    if (uuid.open(QIODevice::ReadOnly) && uuid.readAll().startsWith("CRYPT-"))
        return true;
    const QStringList slaves =
        QDir(sysfsDevice + u"/slaves"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& slave : slaves) {
        if (builtOnCrypt(u"/sys/class/block/"_s + slave, depth + 1))
            return true;
    }
    // A partition's parent disk may be the encrypted one.
    const QString parent = QDir(sysfsDevice + u"/.."_s).canonicalPath();
    if (QFile::exists(sysfsDevice + u"/partition"_s) && depth == 0)
        return builtOnCrypt(parent, depth + 1);
    return false;
}
#endif

} // namespace

DiskEncryption diskEncryptionOf(const QString& path)
{
#ifdef Q_OS_LINUX
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return DiskEncryption::Unknown;
    const QString device =
        u"/sys/dev/block/%1:%2"_s.arg(major(info.st_dev)).arg(minor(info.st_dev));
    if (!QFile::exists(device))
        return DiskEncryption::Unknown; // overlay, tmpfs, network file systems
    return builtOnCrypt(QDir(device).canonicalPath(), 0) ? DiskEncryption::Encrypted
                                                         : DiskEncryption::NotEncrypted;
#else
    Q_UNUSED(path);
    return DiskEncryption::Unknown;
#endif
}

bool DiskPolicy::isRequired(const Database& database)
{
    return database.setting(u"security.requireEncryptedDisk"_s) == "1"_L1;
}

Status DiskPolicy::setRequired(Database& database, const User& admin, bool required)
{
    if (Status allowed = requirePermission(admin, Action::ManageUsers); !allowed)
        return allowed;
    return database.setSetting(u"security.requireEncryptedDisk"_s, required ? u"1"_s : u"0"_s);
}

Status DiskPolicy::check(const Database& database)
{
    const DiskEncryption state = diskEncryptionOf(database.dataDir());
    if (state == DiskEncryption::Encrypted)
        return {};
    const char* what = state == DiskEncryption::Unknown ? "of unknown encryption" : "not encrypted";
    // Where the office allows it, this is a fact for the log file, not a warning at every start.
    if (!isRequired(database)) {
        qCInfo(lcSecurity) << "the data folder's volume is" << what;
        return {};
    }
    qCWarning(lcSecurity) << "the data folder's volume is" << what << "and encryption is required";
    return Error{tr("The data folder %1 is on a disk that is not encrypted, and this office "
                    "requires encryption for residents' data. Move the data folder to an "
                    "encrypted disk (BitLocker, LUKS), or ask the regency's IT staff.")
                     .arg(QDir::toNativeSeparators(database.dataDir())),
                 u"unencrypted_disk"_s};
}

} // namespace sipelanduk
