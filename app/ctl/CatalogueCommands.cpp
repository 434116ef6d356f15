// The command of sipelanduk-ctl that shows the service catalogue, the machine view of what each
// form asks and which documents each service needs.
#include "Commands.h"

#include "Translations.h"
#include "domain/Catalogue.h"
#include "domain/CodeLists.h"
#include "storage/Database.h"
#include "sync/MasterData.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QJsonObject jsonOf(const LocalText& text)
{
    return QJsonObject{{u"id"_s, text.id}, {u"en"_s, text.en}};
}

QJsonObject jsonOf(const FieldSpec& field)
{
    QJsonObject object{{u"key"_s, field.key},
                       {u"type"_s, fieldTypeName(field.type)},
                       {u"required"_s, field.required},
                       {u"label"_s, jsonOf(field.label)}};
    if (field.type == FieldType::Nik || field.type == FieldType::FamilyCard)
        object.insert(u"allowNone"_s, field.allowNone);
    if (!field.codeList.isEmpty())
        object.insert(u"codeList"_s, field.codeList);
    if (!field.options.isEmpty()) {
        QJsonArray options;
        for (const FieldOption& option : field.options)
            options.append(
                QJsonObject{{u"value"_s, option.value}, {u"label"_s, jsonOf(option.label)}});
        object.insert(u"options"_s, options);
    }
    return object;
}

// A field of a repeated section is listed with the key it has in each person: "members[].nik".
FieldSpec listedField(const Section& section, FieldSpec field)
{
    if (section.isRepeated())
        field.key = section.repeat.key + u"[]."_s + field.key;
    return field;
}

QJsonObject jsonOf(const Requirement& requirement)
{
    QJsonObject object{
        {u"code"_s, requirement.code},
        {u"group"_s, requirement.group.isEmpty() ? requirement.code : requirement.group},
        {u"optional"_s, requirement.optional || !requirement.whenField.isEmpty()},
        {u"label"_s, jsonOf(requirement.label)}};
    if (!requirement.whenField.isEmpty()) {
        object.insert(u"requiredWhen"_s, QJsonObject{{u"field"_s, requirement.whenField},
                                                     {u"value"_s, requirement.whenValue}});
    }
    return object;
}

QJsonObject jsonOf(const Service& service)
{
    QJsonArray fields;
    for (const Section& section : service.sections) {
        for (const FieldSpec& field : section.fields)
            fields.append(jsonOf(listedField(section, field)));
    }
    QJsonArray requirements;
    for (const Requirement& requirement : service.requirements)
        requirements.append(jsonOf(requirement));
    QJsonObject object{{u"code"_s, service.code},
                       {u"name"_s, jsonOf(service.name)},
                       {u"rules"_s, QJsonArray::fromStringList(service.rules)},
                       {u"fields"_s, fields},
                       {u"requirements"_s, requirements}};
    if (service.retired)
        object.insert(u"retired"_s, true);
    return object;
}

QStringList linesOf(const Service& service, const QString& language)
{
    QStringList lines{
        service.code + u"  "_s + service.name.text(language) +
        (service.retired ? Commands::tr("  (retired: no new applications)") : QString())};
    for (const Section& section : service.sections) {
        for (const FieldSpec& spec : section.fields) {
            const FieldSpec field = listedField(section, spec);
            lines.append(
                u"    %1 (%2%3)  %4"_s.arg(field.key, fieldTypeName(field.type),
                                           field.required ? Commands::tr(", required") : QString(),
                                           field.label.text(language)));
        }
    }
    for (const Requirement& requirement : service.requirements) {
        lines.append(
            u"    [%1] %2"_s.arg(requirement.group.isEmpty() ? requirement.code : requirement.group,
                                 requirement.label.text(language)));
    }
    return lines;
}

} // namespace

Status Commands::services()
{
    // The lists this PC works with (pulled from the central server or built in), read beside a
    // running program; on a PC not set up yet, the built-in ones.
    std::shared_ptr<const Catalogue> inUse(&Catalogue::builtIn(), [](const Catalogue*) {});
    std::shared_ptr<const CodeLists> codeLists(&CodeLists::builtIn(), [](const CodeLists*) {});
    if (Result<std::unique_ptr<Database>> database = Database::openReadOnly(dataDir()); database) {
        inUse = MasterData::catalogueInUse(**database);
        codeLists = MasterData::codeListsInUse(**database);
    }
    const Catalogue& catalogue = *inUse;
    if (catalogue.services().isEmpty())
        return Error{tr("The service catalogue built into this program could not be read.")};
    if (m_parser.isSet(u"json"_s)) {
        QJsonArray services;
        for (const Service& service : catalogue.services())
            services.append(jsonOf(service));
        printJson(QJsonObject{{u"version"_s, catalogue.version()},
                              {u"codeListsVersion"_s, codeLists->version()},
                              {u"services"_s, services}});
        return {};
    }
    for (const Service& service : catalogue.services())
        print(linesOf(service, interfaceLanguage()).join(u'\n'));
    return {};
}

} // namespace sipelanduk
