#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QLatin1String>
#include <QList>
#include <QString>

#include <optional>

namespace sipelanduk {

struct BackupEntry
{
    QString name; // relative to the data folder, with forward slashes
    qint64 size = 0;
    QByteArray sha256; // lower-case hex
};

// The table of contents at the start of a backup's sealed content.
struct BackupManifest
{
    static constexpr QLatin1String kFormat{"sipelanduk-backup"};
    static constexpr int kVersion = 1;
    static constexpr QLatin1String kScansFolder{"scans"};
    static constexpr int kScanKeyBytes = 32;

    QDateTime createdAt;
    QString office;
    QString station;
    int schemaVersion = 0;
    QList<BackupEntry> entries;
    // The key the scans are encrypted under, empty when there are none: the restored PC has a
    // new install id and keychain, and the scans would not open without it. The manifest is
    // inside the sealed stream, so the key is as safe as the backup's passphrase.
    QByteArray scanKey;

    QByteArray toJson() const;
    // Nothing when the document is not a manifest this program can restore safely: another
    // format, an entry name that would land outside the data folder, or no database in it.
    static std::optional<BackupManifest> fromJson(const QByteArray& json);
    static bool isSafeEntryName(const QString& name);
};

} // namespace sipelanduk
