#pragma once

#include "Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace sipelanduk {

class Database;

// The 32-byte key that scans are encrypted under on this PC. It lives in the OS keychain only
// (`scan-key/<install id>`), so a copy of the data folder without the keychain opens no scan.
// The keychain answers asynchronously: a caller obtains the key first, then hands it to the
// synchronous ScanStore calls.
class ScanKey
{
    Q_DECLARE_TR_FUNCTIONS(ScanKey)

public:
    static constexpr int kBytes = 32;

    using Loaded = std::function<void(Result<ScanKey>)>;
    using Found = std::function<void(Result<std::optional<ScanKey>>)>;

    // The key of this install, made and stored on first use. When scans are stored but the key
    // is not in the keychain, the answer is an error: a new key would open none of them.
    static void load(const Database& database, QObject* context, Loaded done);
    // The key as a backup carries it: nothing while no scan is stored, an error when scans are
    // stored and their key cannot be read.
    static void forBackup(const Database& database, QObject* context, Found done);
    // After a restore: puts the key a backup carried (`bytes`, possibly empty when the backup
    // held no scan) into the keychain under the restored install's id, so its scans open on this
    // PC. Every restore path calls this, or the restored scans stay sealed.
    static void adoptRestored(const QString& installId, const QByteArray& bytes, QObject* context,
                              std::function<void(Status)> done);

    static QString keychainKey(const QString& installId);
    static QString keychainKey(const Database& database);

    // Nothing unless `bytes` is exactly kBytes long.
    static std::optional<ScanKey> fromBytes(const QByteArray& bytes);
    static std::optional<ScanKey> fromText(const QString& text);
    static ScanKey generate();

    const QByteArray& bytes() const { return m_bytes; }
    // The form kept in the keychain.
    QString toText() const;

private:
    explicit ScanKey(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}

    static bool hasScans(const Database& database);
    static void read(const QString& key, QObject* context, Found done);

    QByteArray m_bytes;
};

} // namespace sipelanduk
