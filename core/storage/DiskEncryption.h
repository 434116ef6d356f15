#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QString>

namespace sipelanduk {

class Database;
struct User;

enum class DiskEncryption
{
    Encrypted,
    NotEncrypted,
    Unknown
};

// Whether the volume that holds `path` is encrypted by the operating system (docs/decisions/
// 0004-personal-data-at-rest.md). On Linux: the block device under the folder, or one it is built
// on (LVM on LUKS), is a device-mapper crypt target.
DiskEncryption diskEncryptionOf(const QString& path);

// Logs the state of the data folder's volume and, when the office requires encryption
// (setting `security.requireEncryptedDisk` = 1), refuses an unencrypted one with a sentence.
class DiskPolicy
{
    Q_DECLARE_TR_FUNCTIONS(DiskPolicy)

public:
    static Status check(const Database& database);
    static bool isRequired(const Database& database);
    static Status setRequired(Database& database, const User& admin, bool required);
};

} // namespace sipelanduk
