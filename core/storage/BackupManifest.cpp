#include "storage/BackupManifest.h"

#include "Clock.h"
#include "storage/Database.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

std::optional<BackupEntry> entryFrom(const QJsonObject& object)
{
    static const QRegularExpression hexDigest(u"^[0-9a-f]{64}$"_s);
    const QString name = object.value(u"name"_s).toString();
    const double size = object.value(u"size"_s).toDouble(-1);
    const QString sha256 = object.value(u"sha256"_s).toString();
    if (!BackupManifest::isSafeEntryName(name) || size < 0 || size != qint64(size) ||
        !hexDigest.match(sha256).hasMatch())
        return std::nullopt;
    return BackupEntry{name, qint64(size), sha256.toLatin1()};
}

} // namespace

QByteArray BackupManifest::toJson() const
{
    QJsonArray list;
    for (const BackupEntry& entry : entries) {
        list.append(QJsonObject{{u"name"_s, entry.name},
                                {u"size"_s, double(entry.size)},
                                {u"sha256"_s, QString::fromLatin1(entry.sha256)}});
    }
    QJsonObject document{{u"format"_s, QString(kFormat)},
                         {u"version"_s, kVersion},
                         {u"createdAt"_s, toUtcText(createdAt)},
                         {u"office"_s, office},
                         {u"station"_s, station},
                         {u"schemaVersion"_s, schemaVersion},
                         {u"entries"_s, list}};
    if (!scanKey.isEmpty())
        document.insert(u"scanKey"_s, QString::fromLatin1(scanKey.toBase64()));
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

std::optional<BackupManifest> BackupManifest::fromJson(const QByteArray& json)
{
    const QJsonObject document = QJsonDocument::fromJson(json).object();
    if (document.value(u"format"_s).toString() != kFormat ||
        document.value(u"version"_s).toInt() != kVersion)
        return std::nullopt;

    BackupManifest manifest;
    manifest.createdAt = fromUtcText(document.value(u"createdAt"_s).toString());
    manifest.office = document.value(u"office"_s).toString();
    manifest.station = document.value(u"station"_s).toString();
    manifest.schemaVersion = document.value(u"schemaVersion"_s).toInt();
    QSet<QString> names;
    const QJsonArray list = document.value(u"entries"_s).toArray();
    for (const QJsonValue& value : list) {
        const std::optional<BackupEntry> entry = entryFrom(value.toObject());
        if (!entry || names.contains(entry->name))
            return std::nullopt;
        names.insert(entry->name);
        manifest.entries.append(*entry);
    }
    if (!names.contains(Database::kFileName))
        return std::nullopt;
    if (document.contains(u"scanKey"_s)) {
        manifest.scanKey =
            QByteArray::fromBase64(document.value(u"scanKey"_s).toString().toLatin1());
        if (manifest.scanKey.size() != kScanKeyBytes)
            return std::nullopt;
    }
    return manifest;
}

bool BackupManifest::isSafeEntryName(const QString& name)
{
    if (name == Database::kFileName)
        return true;
    // A name that cleans to something else climbs out (..), is absolute or has empty parts.
    const QString prefix = kScansFolder + u'/';
    return name.startsWith(prefix) && name.size() > prefix.size() &&
           QDir::cleanPath(name) == name && !name.contains(u'\\') && !name.contains(u':');
}

} // namespace sipelanduk
