#include "storage/ScanKey.h"

#include "Logging.h"
#include "security/Keychain.h"
#include "storage/Database.h"

#include <QMetaObject>
#include <QObject>
#include <QSqlQuery>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kNotFound = "not_enrolled"_L1;

Error missingKey()
{
    return Error{ScanKey::tr("Scans are stored on this PC but their key is not in the system "
                             "keychain, so they cannot be opened. Restore the keychain entry, or "
                             "restore this PC from a backup that holds the scans."),
                 u"scan_key_missing"_s};
}

Error unreadableKey()
{
    return Error{ScanKey::tr("The scan key in the system keychain is not a key this program wrote. "
                             "Restore the keychain entry from a backup of this PC."),
                 u"scan_key_invalid"_s};
}

// Answers on `context`'s thread after the caller has returned, as a keychain answer would.
template <typename Answer>
void answerLater(QObject* context, std::function<void(Answer)> done, Answer answer)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), answer = std::move(answer)]() { done(answer); },
        Qt::QueuedConnection);
}

} // namespace

QString ScanKey::keychainKey(const QString& installId)
{
    return u"scan-key/"_s + installId;
}

QString ScanKey::keychainKey(const Database& database)
{
    return keychainKey(database.setting(u"install.id"_s));
}

std::optional<ScanKey> ScanKey::fromBytes(const QByteArray& bytes)
{
    if (bytes.size() != kBytes)
        return std::nullopt;
    return ScanKey(bytes);
}

std::optional<ScanKey> ScanKey::fromText(const QString& text)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return fromBytes(*decoded);
}

ScanKey ScanKey::generate()
{
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    QByteArray bytes(kBytes, '\0');
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return ScanKey(bytes);
}

QString ScanKey::toText() const
{
    return QString::fromLatin1(m_bytes.toBase64());
}

bool ScanKey::hasScans(const Database& database)
{
    QSqlQuery query(database.connection());
    // A schema from before scans (a read-only connection is not migrated) has none.
    return query.exec(u"SELECT 1 FROM scan LIMIT 1"_s) && query.next();
}

// What the keychain holds under `key`: a key, nothing, or why it could not be read.
void ScanKey::read(const QString& key, QObject* context, Found done)
{
    Keychain::read(key, context, [done = std::move(done)](Result<QString> secret) {
        if (!secret && secret.error().code == kNotFound)
            return done(std::optional<ScanKey>());
        if (!secret)
            return done(secret.error());
        const std::optional<ScanKey> parsed = fromText(*secret);
        if (!parsed)
            return done(unreadableKey());
        done(parsed);
    });
}

void ScanKey::load(const Database& database, QObject* context, Loaded done)
{
    const QString key = keychainKey(database);
    const bool scansStored = hasScans(database);
    read(key, context, [key, scansStored, context, done](Result<std::optional<ScanKey>> found) {
        if (!found)
            return done(found.error());
        if (found->has_value())
            return done(**found);
        if (scansStored)
            return done(missingKey());

        const ScanKey made = generate();
        Keychain::write(key, made.toText(), context, [made, done](Status stored) {
            if (!stored)
                return done(stored.error());
            qCInfo(lcSecurity) << "scan key created in the keychain";
            done(made);
        });
    });
}

void ScanKey::forBackup(const Database& database, QObject* context, Found done)
{
    if (!hasScans(database))
        return answerLater<Result<std::optional<ScanKey>>>(context, std::move(done),
                                                           std::optional<ScanKey>());
    read(keychainKey(database), context, [done](Result<std::optional<ScanKey>> found) {
        if (found && !found->has_value())
            return done(missingKey());
        done(std::move(found));
    });
}

void ScanKey::adoptRestored(const QString& installId, const QByteArray& bytes, QObject* context,
                            std::function<void(Status)> done)
{
    if (bytes.isEmpty())
        return answerLater<Status>(context, std::move(done), Status());
    const std::optional<ScanKey> key = fromBytes(bytes);
    if (!key) {
        return answerLater<Status>(
            context, std::move(done),
            Error{tr("The data is restored, but the key of its scans in the backup is damaged, "
                     "so the scans cannot be opened. Restore an older backup to get them back."),
                  u"scan_key_damaged"_s});
    }
    Keychain::write(keychainKey(installId), key->toText(), context, [done](Status stored) {
        if (!stored) {
            return done(Error{tr("The data is restored, but the key of its scans could not be put "
                                 "into this PC's keychain (%1), so the scans cannot be opened "
                                 "yet. Empty the folder and restore again once the keychain "
                                 "works.")
                                  .arg(stored.errorMessage()),
                              stored.error().code});
        }
        qCInfo(lcSecurity) << "scan key of the restored data put into the keychain";
        done({});
    });
}

} // namespace sipelanduk
