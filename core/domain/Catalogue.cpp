#include "domain/Catalogue.h"

#include "domain/CodeLists.h"

#include "Logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

const QList<std::pair<FieldType, QString>>& fieldTypeNames()
{
    static const QList<std::pair<FieldType, QString>> names = {
        {FieldType::Name, u"name"_s},       {FieldType::Text, u"text"_s},
        {FieldType::Nik, u"nik"_s},         {FieldType::FamilyCard, u"kk"_s},
        {FieldType::Date, u"date"_s},       {FieldType::Sex, u"sex"_s},
        {FieldType::Village, u"village"_s}, {FieldType::Choice, u"choice"_s},
        {FieldType::Place, u"place"_s},
    };
    return names;
}

LocalText localTextOf(const QJsonValue& value)
{
    const QJsonObject object = value.toObject();
    return {object.value("id"_L1).toString(), object.value("en"_L1).toString()};
}

QList<FieldOption> optionsOf(const QJsonArray& options)
{
    QList<FieldOption> result;
    for (const QJsonValue& option : options) {
        result.append({option.toObject().value("value"_L1).toString(),
                       localTextOf(option.toObject().value("label"_L1))});
    }
    return result;
}

std::optional<FieldSpec> fieldOf(const QJsonObject& object, const CodeLists& codeLists)
{
    const std::optional<FieldType> type = fieldTypeFromName(object.value("type"_L1).toString());
    const QString key = object.value("key"_L1).toString();
    if (!type || key.isEmpty())
        return std::nullopt;
    FieldSpec field;
    field.key = key;
    field.type = *type;
    field.label = localTextOf(object.value("label"_L1));
    field.required = object.value("required"_L1).toBool();
    field.allowNone = object.value("allowNone"_L1).toBool();
    field.notFuture = object.value("notFuture"_L1).toBool();
    field.codeList = object.value("codeList"_L1).toString();
    field.options = optionsOf(object.value("options"_L1).toArray());
    if (field.codeList.isEmpty())
        return field;
    const CodeList* list = codeLists.list(field.codeList);
    if (!list || field.type != FieldType::Choice)
        return std::nullopt;
    field.options = list->entries;
    return field;
}

Requirement requirementOf(const QJsonObject& object)
{
    Requirement requirement;
    requirement.code = object.value("code"_L1).toString();
    requirement.group = object.value("group"_L1).toString();
    requirement.label = localTextOf(object.value("label"_L1));
    requirement.optional = object.value("optional"_L1).toBool();
    const QJsonObject when = object.value("requiredWhen"_L1).toObject();
    requirement.whenField = when.value("field"_L1).toString();
    requirement.whenValue = when.value("value"_L1).toString();
    return requirement;
}

// A repeated section needs a key of its own and a sensible number of people.
std::optional<Repeat> repeatOf(const QJsonValue& value)
{
    if (value.isUndefined())
        return Repeat{};
    const QJsonObject object = value.toObject();
    Repeat repeat{object.value("key"_L1).toString(), object.value("min"_L1).toInt(-1),
                  object.value("max"_L1).toInt(-1)};
    if (repeat.key.isEmpty() || repeat.key.contains(u'.') || repeat.min < 0 ||
        repeat.max < qMax(repeat.min, 1))
        return std::nullopt;
    return repeat;
}

std::optional<Section> sectionOf(const QJsonObject& object, const CodeLists& codeLists)
{
    Section section;
    section.title = localTextOf(object.value("title"_L1));
    const std::optional<Repeat> repeat = repeatOf(object.value("repeat"_L1));
    if (!repeat)
        return std::nullopt;
    section.repeat = *repeat;
    for (const QJsonValue& fieldValue : object.value("fields"_L1).toArray()) {
        std::optional<FieldSpec> field = fieldOf(fieldValue.toObject(), codeLists);
        if (!field)
            return std::nullopt;
        section.fields.append(*field);
    }
    return section;
}

std::optional<Service> serviceOf(const QJsonObject& object, const CodeLists& codeLists)
{
    Service service;
    service.code = object.value("code"_L1).toString();
    service.name = localTextOf(object.value("name"_L1));
    const QJsonObject applicant = object.value("applicant"_L1).toObject();
    service.applicant = {
        applicant.value("name"_L1).toString(), applicant.value("nik"_L1).toString(),
        applicant.value("birthDate"_L1).toString(), applicant.value("sex"_L1).toString()};
    service.retired = object.value("retired"_L1).toBool();
    for (const QJsonValue& rule : object.value("rules"_L1).toArray())
        service.rules.append(rule.toString());
    for (const QJsonValue& sectionValue : object.value("sections"_L1).toArray()) {
        std::optional<Section> section = sectionOf(sectionValue.toObject(), codeLists);
        if (!section)
            return std::nullopt;
        service.sections.append(*section);
    }
    for (const QJsonValue& value : object.value("requirements"_L1).toArray())
        service.requirements.append(requirementOf(value.toObject()));
    if (service.code.isEmpty() || service.applicant.name.isEmpty())
        return std::nullopt;
    return service;
}

} // namespace

QString fieldTypeName(FieldType type)
{
    for (const auto& [known, name] : fieldTypeNames()) {
        if (known == type)
            return name;
    }
    return {};
}

std::optional<FieldType> fieldTypeFromName(const QString& name)
{
    for (const auto& [type, known] : fieldTypeNames()) {
        if (known == name)
            return type;
    }
    return std::nullopt;
}

QString memberFieldKey(const QString& sectionKey, qsizetype index, const QString& fieldKey)
{
    return u"%1[%2].%3"_s.arg(sectionKey).arg(index).arg(fieldKey);
}

const FieldSpec* Section::field(const QString& key) const
{
    for (const FieldSpec& spec : fields) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

const FieldSpec* Service::field(const QString& key) const
{
    for (const Section& section : sections) {
        if (section.isRepeated())
            continue;
        if (const FieldSpec* spec = section.field(key))
            return spec;
    }
    return nullptr;
}

const Section* Service::repeatedSection(const QString& key) const
{
    for (const Section& section : sections) {
        if (section.isRepeated() && section.repeat.key == key)
            return &section;
    }
    return nullptr;
}

QStringList Service::requirementGroups() const
{
    QStringList groups;
    for (const Requirement& requirement : requirements) {
        const QString group = requirement.group.isEmpty() ? requirement.code : requirement.group;
        if (!groups.contains(group))
            groups.append(group);
    }
    return groups;
}

Result<Catalogue> Catalogue::fromJson(const QByteArray& json)
{
    return fromJson(json, CodeLists::builtIn());
}

Result<Catalogue> Catalogue::fromJson(const QByteArray& json, const CodeLists& codeLists)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        return Error{
            tr("The service catalogue is not valid JSON (%1).").arg(parseError.errorString()),
            u"catalogue"_s};
    }
    Catalogue catalogue;
    catalogue.m_version = document.object().value("version"_L1).toInt();
    catalogue.m_source = json;
    for (const QJsonValue& value : document.object().value("services"_L1).toArray()) {
        std::optional<Service> service = serviceOf(value.toObject(), codeLists);
        if (!service) {
            return Error{tr("The service catalogue has a service or field it cannot read."),
                         u"catalogue"_s};
        }
        catalogue.m_services.append(*service);
    }
    if (catalogue.m_version <= 0 || catalogue.m_services.isEmpty())
        return Error{tr("The service catalogue has no version or no services."), u"catalogue"_s};
    return catalogue;
}

const Catalogue& Catalogue::builtIn()
{
    static const Catalogue catalogue = [] {
        QFile file(u":/sipelanduk/catalogue/services.json"_s);
        file.open(QIODevice::ReadOnly);
        Result<Catalogue> loaded = fromJson(file.readAll());
        if (!loaded)
            qCCritical(lcDomain) << "built-in catalogue unreadable:" << loaded.errorMessage();
        return loaded ? std::move(loaded).value() : Catalogue();
    }();
    return catalogue;
}

const Service* Catalogue::service(const QString& code) const
{
    for (const Service& known : m_services) {
        if (known.code == code)
            return &known;
    }
    return nullptr;
}

} // namespace sipelanduk
