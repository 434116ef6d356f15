#include "sync/MasterData.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Catalogue.h"
#include "domain/CodeLists.h"
#include "domain/Regions.h"
#include "storage/Database.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

using protocol::MasterKind;

// Renamed regions named in a pull's changes; the counts cover all of them.
constexpr int kRenameExamples = 10;

struct PulledRow
{
    MasterDataVersion version;
    QByteArray content;
};

std::optional<PulledRow> newestPulled(const Database& database, MasterKind kind)
{
    QSqlQuery query(database.connection());
    query.prepare(u"SELECT version, content, published_at, pulled_at, changes FROM master_data "
                  "WHERE kind = ? ORDER BY version DESC LIMIT 1"_s);
    query.addBindValue(protocol::masterKindName(kind));
    // Before migration 6 there is no table: nothing was pulled.
    if (!query.exec() || !query.next())
        return std::nullopt;
    PulledRow row;
    row.version = {kind,
                   query.value(0).toInt(),
                   true,
                   fromUtcText(query.value(2).toString()),
                   fromUtcText(query.value(3).toString()),
                   QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object()};
    row.content = query.value(1).toString().toUtf8();
    return row;
}

int builtInVersion(MasterKind kind)
{
    switch (kind) {
    case MasterKind::CodeLists:
        return CodeLists::builtIn().version();
    case MasterKind::Catalogue:
        return Catalogue::builtIn().version();
    case MasterKind::Regions:
        return 0;
    }
    return 0;
}

QByteArray builtInCodeListsJson()
{
    QFile file(u":/sipelanduk/codelists/codelists.json"_s);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The newest pulled content of a kind when it is newer than the program's own.
std::optional<PulledRow> pulledInUse(const Database& database, MasterKind kind)
{
    std::optional<PulledRow> row = newestPulled(database, kind);
    if (row && row->version.version > builtInVersion(kind))
        return row;
    return std::nullopt;
}

QByteArray catalogueJsonInUse(const Database& database)
{
    const std::optional<PulledRow> row = pulledInUse(database, MasterKind::Catalogue);
    return row ? row->content : Catalogue::builtIn().toJson();
}

// Parsed lists are kept per database file and version, so the counter reads them once.
template <typename T>
class Cache
{
public:
    std::shared_ptr<const T> find(const QString& key)
    {
        QMutexLocker lock(&m_mutex);
        return m_entries.value(key);
    }

    void insert(const QString& key, std::shared_ptr<const T> value)
    {
        QMutexLocker lock(&m_mutex);
        m_entries.insert(key, std::move(value));
    }

private:
    QMutex m_mutex;
    QHash<QString, std::shared_ptr<const T>> m_entries;
};

template <typename T>
std::shared_ptr<const T> builtInShared(const T& builtIn)
{
    return std::shared_ptr<const T>(&builtIn, [](const T*) {});
}

QMap<QString, QJsonObject> objectsByKey(const QJsonArray& array, const QString& key)
{
    QMap<QString, QJsonObject> objects;
    for (const QJsonValue& value : array)
        objects.insert(value.toObject().value(key).toString(), value.toObject());
    return objects;
}

QMap<QString, QJsonObject> objectsOf(const QJsonObject& object)
{
    QMap<QString, QJsonObject> objects;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        objects.insert(it.key(), it.value().toObject());
    return objects;
}

// Keys added, removed and changed between two versions of a list of named objects; a service
// newly marked retired counts as retired, not as changed.
QJsonObject keyedChanges(const QMap<QString, QJsonObject>& before,
                         const QMap<QString, QJsonObject>& after)
{
    QStringList added;
    QStringList removed;
    QStringList changed;
    QStringList retired;
    for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.constEnd()) {
            added.append(it.key());
        } else if (it.value().value("retired"_L1).toBool() &&
                   !old.value().value("retired"_L1).toBool()) {
            retired.append(it.key());
        } else if (old.value() != it.value()) {
            changed.append(it.key());
        }
    }
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (!after.contains(it.key()))
            removed.append(it.key());
    }
    return {{u"added"_s, QJsonArray::fromStringList(added)},
            {u"removed"_s, QJsonArray::fromStringList(removed)},
            {u"changed"_s, QJsonArray::fromStringList(changed)},
            {u"retired"_s, QJsonArray::fromStringList(retired)}};
}

QJsonObject documentOf(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

QString listOf(const QJsonValue& value)
{
    QStringList items;
    for (const QJsonValue& item : value.toArray())
        items.append(item.toString());
    return items.join(u", "_s);
}

} // namespace

MasterData::MasterData(Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{}

QString MasterData::kindLabel(MasterKind kind)
{
    switch (kind) {
    case MasterKind::CodeLists:
        return tr("the code lists");
    case MasterKind::Catalogue:
        return tr("the service catalogue");
    case MasterKind::Regions:
        return tr("the region table");
    }
    return {};
}

Result<MasterDataFile> MasterData::check(MasterKind kind, const QByteArray& content,
                                         const CodeLists& codeLists,
                                         const QByteArray& catalogueJson)
{
    switch (kind) {
    case MasterKind::CodeLists: {
        Result<CodeLists> lists = CodeLists::fromJson(content);
        if (!lists)
            return lists.error();
        if (Result<Catalogue> served = Catalogue::fromJson(catalogueJson, *lists); !served) {
            return Error{tr("The catalogue in use names a code list or a code these code lists "
                            "lack."),
                         u"codelists"_s};
        }
        return MasterDataFile{lists->version(), int(lists->names().size())};
    }
    case MasterKind::Catalogue: {
        Result<Catalogue> catalogue = Catalogue::fromJson(content, codeLists);
        if (!catalogue)
            return catalogue.error();
        const QJsonArray before = documentOf(catalogueJson).value("services"_L1).toArray();
        for (const QJsonValue& service : before) {
            const QString code = service.toObject().value("code"_L1).toString();
            if (!catalogue->service(code)) {
                return Error{tr("The service %1 is missing. A service the office no longer takes "
                                "stays in the catalogue with \"retired\": true, so that "
                                "applications captured for it can still be completed.")
                                 .arg(code),
                             u"catalogue"_s};
            }
        }
        return MasterDataFile{catalogue->version(), int(catalogue->services().size())};
    }
    case MasterKind::Regions: {
        Result<QList<Region>> regions = RegionStore::parseCsv(content);
        if (!regions)
            return regions.error();
        return MasterDataFile{0, int(regions->size())};
    }
    }
    return Error{tr("Unknown kind of master data.")};
}

std::shared_ptr<const CodeLists> MasterData::codeListsInUse(const Database& database)
{
    static Cache<CodeLists> cache;
    const std::optional<PulledRow> row = pulledInUse(database, MasterKind::CodeLists);
    if (!row)
        return builtInShared(CodeLists::builtIn());
    const QString key = database.filePath() + u'|' + QString::number(row->version.version);
    if (std::shared_ptr<const CodeLists> found = cache.find(key))
        return found;
    Result<CodeLists> lists = CodeLists::fromJson(row->content);
    if (!lists) {
        qCWarning(lcSync) << "pulled code lists unreadable, using the built-in ones:"
                          << lists.errorMessage();
        return builtInShared(CodeLists::builtIn());
    }
    auto shared = std::make_shared<const CodeLists>(std::move(lists).value());
    cache.insert(key, shared);
    return shared;
}

std::shared_ptr<const Catalogue> MasterData::catalogueInUse(const Database& database)
{
    static Cache<Catalogue> cache;
    const std::optional<PulledRow> catalogue = pulledInUse(database, MasterKind::Catalogue);
    const std::optional<PulledRow> lists = pulledInUse(database, MasterKind::CodeLists);
    if (!catalogue && !lists)
        return builtInShared(Catalogue::builtIn());
    const QString key = database.filePath() + u'|' +
                        QString::number(catalogue ? catalogue->version.version : 0) + u'|' +
                        QString::number(lists ? lists->version.version : 0);
    if (std::shared_ptr<const Catalogue> found = cache.find(key))
        return found;
    const QByteArray json = catalogue ? catalogue->content : Catalogue::builtIn().toJson();
    Result<Catalogue> parsed = Catalogue::fromJson(json, *codeListsInUse(database));
    if (!parsed) {
        qCWarning(lcSync) << "pulled catalogue unreadable, using the built-in one:"
                          << parsed.errorMessage();
        return builtInShared(Catalogue::builtIn());
    }
    auto shared = std::make_shared<const Catalogue>(std::move(parsed).value());
    cache.insert(key, shared);
    return shared;
}

int MasterData::have(MasterKind kind) const
{
    const std::optional<PulledRow> row = newestPulled(m_database, kind);
    return qMax(row ? row->version.version : 0, builtInVersion(kind));
}

QList<MasterDataVersion> MasterData::inUse() const
{
    QList<MasterDataVersion> versions;
    for (MasterKind kind : protocol::masterKinds()) {
        const std::optional<PulledRow> row = pulledInUse(m_database, kind);
        MasterDataVersion builtIn;
        builtIn.kind = kind;
        builtIn.version = builtInVersion(kind);
        versions.append(row ? row->version : builtIn);
    }
    return versions;
}

Result<MasterData::Outcome> MasterData::apply(const QList<protocol::MasterDataResponse>& answers)
{
    // Code lists come before the catalogue; lists that arrive with a catalogue must serve it.
    QByteArray catalogueJson = catalogueJsonInUse(m_database);
    std::shared_ptr<const CodeLists> codeLists = codeListsInUse(m_database);
    for (const protocol::MasterDataResponse& answer : answers) {
        if (answer.kind == MasterKind::Catalogue && answer.content &&
            answer.version > have(MasterKind::Catalogue))
            catalogueJson = answer.content->toUtf8();
    }

    Outcome outcome;
    QList<Accepted> taken;
    for (const protocol::MasterDataResponse& answer : answers) {
        if (!answer.content || answer.version <= have(answer.kind))
            continue;
        const QByteArray against =
            answer.kind == MasterKind::Catalogue ? catalogueJsonInUse(m_database) : catalogueJson;
        Result<Accepted> accepted = accept(answer, *codeLists, against);
        if (!accepted) {
            outcome.refusals.append(tr("Version %1 of %2 from the central server was refused: %3 "
                                       "This PC keeps working with the version it has; tell the "
                                       "central office.")
                                        .arg(answer.version)
                                        .arg(kindLabel(answer.kind), accepted.errorMessage()));
            qCWarning(lcSync).noquote() << "master data refused:" << masterKindName(answer.kind)
                                        << answer.version << accepted.error().code;
            continue;
        }
        if (answer.kind == MasterKind::CodeLists) {
            codeLists = std::make_shared<const CodeLists>(
                std::move(CodeLists::fromJson(answer.content->toUtf8())).value());
        }
        taken.append(*accepted);
    }
    if (taken.isEmpty())
        return outcome;

    if (Status begun = m_database.transaction(); !begun)
        return begun.error();
    for (const Accepted& accepted : std::as_const(taken)) {
        if (Status stored = store(accepted); !stored) {
            m_database.rollback();
            return stored.error();
        }
    }
    if (Status committed = m_database.commit(); !committed)
        return committed.error();

    for (const Accepted& accepted : std::as_const(taken)) {
        const MasterDataVersion version{
            accepted.answer.kind,        accepted.answer.version, true,
            accepted.answer.publishedAt, m_clock.now(),           accepted.changes};
        outcome.changes += describe(version);
        qCInfo(lcSync).noquote() << "master data taken:" << masterKindName(version.kind)
                                 << version.version;
    }
    return outcome;
}

Result<MasterData::Accepted> MasterData::accept(const protocol::MasterDataResponse& answer,
                                                const CodeLists& codeLists,
                                                const QByteArray& catalogueJson) const
{
    const QByteArray content = answer.content->toUtf8();
    if (protocol::sha256Hex(content) != answer.sha256) {
        return Error{tr("Its content does not match its SHA-256, so it was damaged on the way."),
                     u"master_data_damaged"_s};
    }
    Result<MasterDataFile> file = check(answer.kind, content, codeLists, catalogueJson);
    if (!file)
        return file.error();
    if (answer.kind != MasterKind::Regions && file->version != answer.version) {
        return Error{tr("The file names version %1 inside, but was published as version %2.")
                         .arg(file->version)
                         .arg(answer.version),
                     u"master_data_version"_s};
    }

    QJsonObject changes;
    switch (answer.kind) {
    case MasterKind::CodeLists: {
        const std::optional<PulledRow> row = pulledInUse(m_database, answer.kind);
        const QByteArray before = row ? row->content : builtInCodeListsJson();
        changes = keyedChanges(objectsOf(documentOf(before).value("lists"_L1).toObject()),
                               objectsOf(documentOf(content).value("lists"_L1).toObject()));
        break;
    }
    case MasterKind::Catalogue:
        changes = keyedChanges(
            objectsByKey(documentOf(catalogueJsonInUse(m_database)).value("services"_L1).toArray(),
                         u"code"_s),
            objectsByKey(documentOf(content).value("services"_L1).toArray(), u"code"_s));
        break;
    case MasterKind::Regions:
        changes = regionChanges(content);
        break;
    }
    changes.insert(u"before"_s, have(answer.kind));
    changes.insert(u"items"_s, file->items);
    return Accepted{answer, changes};
}

QJsonObject MasterData::regionChanges(const QByteArray& content) const
{
    QHash<QString, QString> before;
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (query.exec(u"SELECT code, name FROM region"_s)) {
        while (query.next())
            before.insert(query.value(0).toString(), query.value(1).toString());
    }
    const QList<Region> after = RegionStore::parseCsv(content).value();
    int added = 0;
    int renamed = 0;
    QJsonArray examples;
    for (const Region& region : after) {
        const auto old = before.constFind(region.code);
        if (old == before.constEnd()) {
            ++added;
            continue;
        }
        if (old.value() != region.name) {
            if (++renamed <= kRenameExamples) {
                examples.append(QJsonObject{
                    {u"code"_s, region.code}, {u"from"_s, old.value()}, {u"to"_s, region.name}});
            }
        }
    }
    const qsizetype removed = before.size() - (after.size() - added);
    return {{u"added"_s, added},
            {u"removed"_s, qint64(removed)},
            {u"renamed"_s, renamed},
            {u"renamedExamples"_s, examples}};
}

Status MasterData::store(const Accepted& accepted)
{
    const protocol::MasterDataResponse& answer = accepted.answer;
    if (answer.kind == MasterKind::Regions) {
        RegionStore regions(m_database);
        Result<QList<Region>> parsed = RegionStore::parseCsv(answer.content->toUtf8());
        if (!parsed)
            return parsed.error();
        if (Status replaced = regions.replaceAll(*parsed); !replaced)
            return replaced;
    }
    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO master_data (kind, version, content, sha256, published_at, "
                  "pulled_at, changes) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(protocol::masterKindName(answer.kind));
    query.addBindValue(answer.version);
    query.addBindValue(answer.kind == MasterKind::Regions ? QVariant() : QVariant(*answer.content));
    query.addBindValue(answer.sha256);
    query.addBindValue(toUtcText(answer.publishedAt));
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(
        QString::fromUtf8(QJsonDocument(accepted.changes).toJson(QJsonDocument::Compact)));
    if (!query.exec()) {
        return sqlError(
            tr("store version %1 of %2").arg(answer.version).arg(kindLabel(answer.kind)),
            query.lastError().text());
    }
    return {};
}

QStringList MasterData::describe(const MasterDataVersion& version)
{
    if (!version.pulled)
        return {};
    const QJsonObject& changes = version.changes;
    const int before = changes.value("before"_L1).toInt();
    QStringList sentences;
    switch (version.kind) {
    case MasterKind::Regions: {
        sentences.append(tr("Region table version %1: %2 regions; %3 added, %4 removed, %5 "
                            "renamed.")
                             .arg(version.version)
                             .arg(changes.value("items"_L1).toInt())
                             .arg(changes.value("added"_L1).toInt())
                             .arg(changes.value("removed"_L1).toInt())
                             .arg(changes.value("renamed"_L1).toInt()));
        for (const QJsonValue& value : changes.value("renamedExamples"_L1).toArray()) {
            const QJsonObject renamed = value.toObject();
            sentences.append(tr("Renamed: %1 %2 is now %3.")
                                 .arg(renamed.value("code"_L1).toString(),
                                      renamed.value("from"_L1).toString(),
                                      renamed.value("to"_L1).toString()));
        }
        return sentences;
    }
    case MasterKind::Catalogue:
        sentences.append(tr("Service catalogue version %1 (before: %2), %3 services.")
                             .arg(version.version)
                             .arg(before)
                             .arg(changes.value("items"_L1).toInt()));
        break;
    case MasterKind::CodeLists:
        sentences.append(tr("Code lists version %1 (before: %2), %3 lists.")
                             .arg(version.version)
                             .arg(before)
                             .arg(changes.value("items"_L1).toInt()));
        break;
    }
    if (const QString added = listOf(changes.value("added"_L1)); !added.isEmpty())
        sentences.append(tr("New: %1.").arg(added));
    if (const QString retired = listOf(changes.value("retired"_L1)); !retired.isEmpty()) {
        sentences.append(tr("Retired: %1; no new application can be started for it.").arg(retired));
    }
    if (const QString changed = listOf(changes.value("changed"_L1)); !changed.isEmpty())
        sentences.append(tr("Changed: %1.").arg(changed));
    if (const QString removed = listOf(changes.value("removed"_L1)); !removed.isEmpty())
        sentences.append(tr("Removed: %1.").arg(removed));
    return sentences;
}

} // namespace sipelanduk
