#include "domain/ApplicationRules.h"

#include "Clock.h"
#include "Translations.h"
#include "domain/Nik.h"
#include "domain/Regions.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

bool isBlank(const QJsonValue& value)
{
    return value.isUndefined() || (value.isString() && value.toString().trimmed().isEmpty());
}

// Control characters (a tab, a line break, NUL) and invisible format characters (zero-width
// spaces, direction overrides) do not belong in a name or an address: they hide text from search
// and from the reader of a printed letter.
bool hasHiddenCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
    });
}

// Optional requirements are demanded only when their condition holds; a group is demanded when
// one of its requirements is.
bool isDemanded(const Requirement& requirement, const QJsonObject& fields)
{
    if (!requirement.whenField.isEmpty())
        return fields.value(requirement.whenField).toString() == requirement.whenValue;
    return !requirement.optional;
}

QDate dateOf(const QJsonObject& fields, const QString& key)
{
    return QDate::fromString(fields.value(key).toString(), Qt::ISODate);
}

std::optional<Sex> sexOf(const QJsonValue& value)
{
    if (value.toString() == "1"_L1)
        return Sex::Male;
    if (value.toString() == "2"_L1)
        return Sex::Female;
    return std::nullopt;
}

// A picked place keeps its code only beside a name; without a code it is plain text again.
QJsonValue trimmedPlace(const QJsonObject& place)
{
    QJsonObject result = place;
    const QString text = place.value("text"_L1).toString().trimmed();
    const QString code = place.value("code"_L1).toString().trimmed();
    if (place.value("text"_L1).isString())
        result.insert(u"text"_s, text);
    if (place.value("code"_L1).isString())
        result.insert(u"code"_s, code);
    if (code.isEmpty() && place.value("code"_L1).isString())
        result.remove(u"code"_s);
    if (result.keys() == QStringList{u"text"_s})
        return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
    return result;
}

// Outer spaces trimmed, spaces inside identity numbers removed, emptied values dropped.
template <typename SpecOf>
QJsonObject trimmedValues(const QJsonObject& values, SpecOf specOf)
{
    QJsonObject result = values;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        const FieldSpec* spec = specOf(it.key());
        if (spec && spec->type == FieldType::Place && it.value().isObject()) {
            const QJsonValue place = trimmedPlace(it.value().toObject());
            if (place.isUndefined())
                result.remove(it.key());
            else
                result.insert(it.key(), place);
            continue;
        }
        if (!spec || !it.value().isString())
            continue;
        QString text = it.value().toString().trimmed();
        if (spec->type == FieldType::Nik || spec->type == FieldType::FamilyCard)
            text = Nik::normalized(text);
        if (text.isEmpty())
            result.remove(it.key());
        else
            result.insert(it.key(), text);
    }
    return result;
}

QJsonArray trimmedMembers(const Section& section, const QJsonArray& members)
{
    QJsonArray result;
    for (const QJsonValue& member : members) {
        if (!member.isObject()) {
            result.append(member);
            continue;
        }
        result.append(trimmedValues(member.toObject(),
                                    [&](const QString& key) { return section.field(key); }));
    }
    return result;
}

QString memberKey(const Section& section, qsizetype index)
{
    return u"%1[%2]"_s.arg(section.repeat.key).arg(index);
}

// A person of a repeated section is numbered from 1 in what the clerk reads.
QString memberMessage(qsizetype index, const QString& message)
{
    return QCoreApplication::translate("ApplicationRules", "Member %1: %2")
        .arg(QString::number(index + 1), message);
}

} // namespace

bool hasErrors(const QList<Finding>& findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding& f) { return f.severity == Severity::Error; });
}

QStringList messagesOf(const QList<Finding>& findings, Severity severity)
{
    QStringList messages;
    for (const Finding& finding : findings) {
        if (finding.severity == severity)
            messages.append(finding.message);
    }
    return messages;
}

int ApplicationRules::ageOn(const QDate& birthDate, const QDate& day)
{
    int age = day.year() - birthDate.year();
    if (day.month() < birthDate.month() ||
        (day.month() == birthDate.month() && day.day() < birthDate.day()))
        --age;
    return age;
}

QJsonObject ApplicationRules::normalized(const Service& service, const QJsonObject& fields)
{
    QJsonObject result =
        trimmedValues(fields, [&](const QString& key) { return service.field(key); });
    for (const Section& section : service.sections) {
        const QJsonValue members = fields.value(section.repeat.key);
        if (section.isRepeated() && members.isArray())
            result.insert(section.repeat.key, trimmedMembers(section, members.toArray()));
    }
    return result;
}

QList<Finding> ApplicationRules::check(const Service& service, const QJsonObject& fields,
                                       const QStringList& requirements) const
{
    QList<Finding> findings;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (!service.field(it.key()) && !service.repeatedSection(it.key())) {
            findings.append({it.key(), Severity::Error,
                             tr("The field %1 does not belong to the service %2.")
                                 .arg(it.key(), service.code)});
        }
    }
    for (const Section& section : service.sections) {
        if (section.isRepeated()) {
            findings += checkMembers(service, section, fields.value(section.repeat.key));
            continue;
        }
        for (const FieldSpec& spec : section.fields)
            findings += checkField(spec, fields.value(spec.key));
    }
    findings += checkRequirements(service, fields, requirements);
    if (!hasErrors(findings)) {
        findings += checkApplicantNik(service, fields);
        findings += checkMemberNikDates(service, fields);
        findings += checkServiceRules(service, fields, requirements);
    }
    return findings;
}

QList<Finding> ApplicationRules::checkField(const FieldSpec& spec, const QJsonValue& value) const
{
    const QString label = spec.label.text(interfaceLanguage());
    const bool identity = spec.type == FieldType::Nik || spec.type == FieldType::FamilyCard;
    if (isBlank(value) || (value.isNull() && !identity)) {
        if (!spec.required)
            return {};
        return {{spec.key, Severity::Error, tr("%1 is required.").arg(label)}};
    }
    if (spec.type == FieldType::Nik || spec.type == FieldType::FamilyCard)
        return checkIdentityNumber(spec, value);
    if (spec.type == FieldType::Place && value.isObject())
        return checkPlace(spec, value.toObject());
    if (!value.isString()) {
        return {{spec.key, Severity::Error, tr("%1 must be written as text.").arg(label)}};
    }

    const QString text = value.toString().trimmed();
    if (hasHiddenCharacters(text)) {
        return {{spec.key, Severity::Error,
                 tr("%1 contains a hidden or control character (such as a tab, a line break or "
                    "a zero-width space). Type it again without it.")
                     .arg(label)}};
    }
    if (text.size() > kLongestText) {
        return {{spec.key, Severity::Error,
                 tr("%1 is %2 characters long; at most %3 are allowed.")
                     .arg(label)
                     .arg(text.size())
                     .arg(kLongestText)}};
    }
    switch (spec.type) {
    case FieldType::Name:
        if (!std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isLetter(); }))
            return {{spec.key, Severity::Error, tr("%1 must contain letters.").arg(label)}};
        return {};
    case FieldType::Text:
    case FieldType::Place:
        return {};
    case FieldType::Date:
        return checkDate(spec, text);
    case FieldType::Sex:
        if (!sexOf(text))
            return {
                {spec.key, Severity::Error, tr("%1 must be 1 (male) or 2 (female).").arg(label)}};
        return {};
    case FieldType::Village: {
        if (regionLevelOf(text) != RegionLevel::Village || !m_regions.contains(text)) {
            return {{spec.key, Severity::Error,
                     tr("%1: %2 is not a desa/kelurahan in the region table. Pick one from the "
                        "list.")
                         .arg(label, text)}};
        }
        return {};
    }
    case FieldType::Choice: {
        const bool known = std::any_of(spec.options.cbegin(), spec.options.cend(),
                                       [&](const FieldOption& o) { return o.value == text; });
        if (!known)
            return {{spec.key, Severity::Error,
                     tr("%1: %2 is not one of the choices.").arg(label, text)}};
        return {};
    }
    case FieldType::Nik:
    case FieldType::FamilyCard:
        break;
    }
    return {};
}

QList<Finding> ApplicationRules::checkIdentityNumber(const FieldSpec& spec,
                                                     const QJsonValue& value) const
{
    const QString label = spec.label.text(interfaceLanguage());
    if (value.isNull()) {
        if (spec.allowNone)
            return {};
        return {{spec.key, Severity::Error,
                 tr("%1 is required; \"no NIK yet\" is not allowed here.").arg(label)}};
    }
    if (!value.isString()) {
        return {{spec.key, Severity::Error,
                 tr("%1 must be text of 16 digits, not a number: a number can lose its last "
                    "digits on the way from a spreadsheet. Write it as text.")
                     .arg(label)}};
    }
    const NikCheck check = spec.type == FieldType::Nik
                               ? Nik::check(value.toString(), m_regions)
                               : Nik::checkFamilyCard(value.toString(), m_regions);
    QList<Finding> findings;
    const Severity severity =
        check.verdict == Verdict::Invalid ? Severity::Error : Severity::Warning;
    for (const QString& reason : check.reasons)
        findings.append({spec.key, severity, label + u": "_s + reason});
    return findings;
}

QList<Finding> ApplicationRules::checkPlace(const FieldSpec& spec, const QJsonObject& place) const
{
    const QString label = spec.label.text(interfaceLanguage());
    for (auto it = place.constBegin(); it != place.constEnd(); ++it) {
        if (it.key() != "text"_L1 && it.key() != "code"_L1) {
            return {{spec.key, Severity::Error,
                     tr("%1 holds \"%2\", which a place does not have: a place is its text and, "
                        "when picked from the list, its region code.")
                         .arg(label, it.key())}};
        }
    }
    FieldSpec text = spec;
    text.type = FieldType::Text;
    QList<Finding> findings = checkField(text, place.value("text"_L1));
    const QJsonValue code = place.value("code"_L1);
    if (code.isUndefined() || hasErrors(findings))
        return findings;
    if (isBlank(place.value("text"_L1))) {
        return {{spec.key, Severity::Error,
                 tr("%1 has a region code but no name. Pick the place from the list again.")
                     .arg(label)}};
    }
    const std::optional<RegionLevel> level = regionLevelOf(code.toString());
    if (!code.isString() || !level || *level == RegionLevel::Province ||
        !m_regions.contains(code.toString())) {
        findings.append({spec.key, Severity::Error,
                         tr("%1: %2 is not a kabupaten/kota, kecamatan or desa/kelurahan in the "
                            "region table. Pick the place from the list again, or write it as "
                            "text alone.")
                             .arg(label, code.isString() ? code.toString() : tr("the code"))});
    }
    return findings;
}

QList<Finding> ApplicationRules::checkDate(const FieldSpec& spec, const QString& text) const
{
    const QString label = spec.label.text(interfaceLanguage());
    static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid() || !shape.match(text).hasMatch()) {
        return {{spec.key, Severity::Error,
                 tr("%1: %2 is not a date. Write it as year-month-day, for example 2022-02-01.")
                     .arg(label, text)}};
    }
    const QDate today = m_clock.today();
    if (spec.notFuture && date > today) {
        return {{spec.key, Severity::Error,
                 tr("%1 (%2) is after today. Check the year.").arg(label, text)}};
    }
    if (date.year() < kOldestPlausibleYear) {
        return {{spec.key, Severity::Error,
                 tr("%1 (%2) is before %3, which cannot be right for a living person. Check the "
                    "year.")
                     .arg(label, text)
                     .arg(kOldestPlausibleYear)}};
    }
    return {};
}

QList<Finding> ApplicationRules::checkRequirements(const Service& service,
                                                   const QJsonObject& fields,
                                                   const QStringList& requirements) const
{
    QList<Finding> findings;
    for (const QString& code : requirements) {
        const bool known = std::any_of(service.requirements.cbegin(), service.requirements.cend(),
                                       [&](const Requirement& r) { return r.code == code; });
        if (!known) {
            findings.append({{},
                             Severity::Error,
                             tr("The requirement %1 does not belong to the service %2.")
                                 .arg(code, service.code)});
        }
    }
    for (const QString& group : service.requirementGroups()) {
        QStringList alternatives;
        bool satisfied = false;
        bool demanded = false;
        for (const Requirement& requirement : service.requirements) {
            if ((requirement.group.isEmpty() ? requirement.code : requirement.group) != group)
                continue;
            alternatives.append(requirement.label.text(interfaceLanguage()));
            satisfied = satisfied || requirements.contains(requirement.code);
            demanded = demanded || isDemanded(requirement, fields);
        }
        if (demanded && !satisfied) {
            findings.append(
                {{},
                 Severity::Error,
                 tr("A required document is missing: %1.").arg(alternatives.join(tr(" or ")))});
        }
    }
    return findings;
}

QList<Finding> ApplicationRules::checkApplicantNik(const Service& service,
                                                   const QJsonObject& fields) const
{
    const QJsonValue nikValue = fields.value(service.applicant.nik);
    if (!nikValue.isString())
        return {};
    const NikCheck nik = Nik::check(nikValue.toString(), m_regions);
    const QDate birthDate =
        QDate::fromString(fields.value(service.applicant.birthDate).toString(), Qt::ISODate);
    QList<Finding> findings;
    const QStringList disagreements =
        Nik::disagreements(nik, birthDate, sexOf(fields.value(service.applicant.sex)));
    for (const QString& message : disagreements)
        findings.append({service.applicant.nik, Severity::Warning, message});
    return findings;
}

QList<Finding> ApplicationRules::checkMembers(const Service& service, const Section& section,
                                              const QJsonValue& value) const
{
    if (!value.isUndefined() && !value.isNull() && !value.isArray()) {
        return {{section.repeat.key, Severity::Error,
                 tr("%1 must be a list of people.").arg(section.title.text(interfaceLanguage()))}};
    }
    const QJsonArray members = value.toArray();
    QList<Finding> findings = checkMemberCount(section, members);
    for (qsizetype index = 0; index < members.size(); ++index)
        findings += checkMember(section, index, members.at(index));
    findings += checkDuplicateNiks(section, members);
    if (service.rules.contains("one-head-of-family"_L1))
        findings += checkHeadOfFamily(section, members);
    return findings;
}

QList<Finding> ApplicationRules::checkMember(const Section& section, qsizetype index,
                                             const QJsonValue& value) const
{
    if (!value.isObject()) {
        return {{memberKey(section, index), Severity::Error,
                 memberMessage(index, tr("the person must be written as an object of fields."))}};
    }
    const QJsonObject member = value.toObject();
    QList<Finding> findings;
    for (auto it = member.constBegin(); it != member.constEnd(); ++it) {
        if (!section.field(it.key())) {
            findings.append({memberKey(section, index), Severity::Error,
                             memberMessage(index, tr("the field %1 does not belong to a family "
                                                     "member.")
                                                      .arg(it.key()))});
        }
    }
    for (FieldSpec spec : section.fields) {
        const QJsonValue fieldValue = member.value(spec.key);
        spec.key = memberFieldKey(section.repeat.key, index, spec.key);
        for (Finding finding : checkField(spec, fieldValue)) {
            finding.message = memberMessage(index, finding.message);
            findings.append(finding);
        }
    }
    return findings;
}

QList<Finding> ApplicationRules::checkMemberCount(const Section& section, const QJsonArray& members)
{
    const QString title = section.title.text(interfaceLanguage());
    if (members.size() < section.repeat.min) {
        return {{section.repeat.key, Severity::Error,
                 tr("%1: at least %n person(s) must be entered.", nullptr, section.repeat.min)
                     .arg(title)}};
    }
    if (members.size() > section.repeat.max) {
        return {
            {section.repeat.key, Severity::Error,
             tr("%1: at most %n people can be entered.", nullptr, section.repeat.max).arg(title)}};
    }
    return {};
}

// Two people never share a NIK; the second one is where the clerk looks again.
QList<Finding> ApplicationRules::checkDuplicateNiks(const Section& section,
                                                    const QJsonArray& members)
{
    QHash<QString, qsizetype> firstWith;
    QList<Finding> findings;
    for (qsizetype index = 0; index < members.size(); ++index) {
        const QJsonValue nik = members.at(index).toObject().value("nik"_L1);
        const QString digits = Nik::normalized(nik.toString());
        if (!nik.isString() || digits.isEmpty())
            continue;
        if (!firstWith.contains(digits)) {
            firstWith.insert(digits, index);
            continue;
        }
        findings.append({memberFieldKey(section.repeat.key, index, u"nik"_s), Severity::Error,
                         memberMessage(index, tr("the NIK is the same as member %1's. Each person "
                                                 "has a NIK of their own.")
                                                  .arg(firstWith.value(digits) + 1))});
    }
    return findings;
}

QList<Finding> ApplicationRules::checkHeadOfFamily(const Section& section,
                                                   const QJsonArray& members)
{
    QList<qsizetype> heads;
    for (qsizetype index = 0; index < members.size(); ++index) {
        if (members.at(index).toObject().value("shdk"_L1).toString() == kHeadOfFamily)
            heads.append(index);
    }
    if (heads.isEmpty() && !members.isEmpty()) {
        return {{section.repeat.key, Severity::Error,
                 tr("One family member must be the head of family (kepala keluarga).")}};
    }
    QList<Finding> findings;
    for (qsizetype extra : heads.mid(1)) {
        findings.append({memberFieldKey(section.repeat.key, extra, u"shdk"_s), Severity::Error,
                         memberMessage(extra, tr("member %1 is already the head of family; a "
                                                 "family card has exactly one.")
                                                  .arg(heads.first() + 1))});
    }
    return findings;
}

// As for the applicant: a NIK date that disagrees with the recorded birth date is read again by
// the clerk, never refused.
QList<Finding> ApplicationRules::checkMemberNikDates(const Service& service,
                                                     const QJsonObject& fields) const
{
    QList<Finding> findings;
    for (const Section& section : service.sections) {
        const QJsonArray members = fields.value(section.repeat.key).toArray();
        for (qsizetype index = 0; section.isRepeated() && index < members.size(); ++index) {
            const QJsonObject member = members.at(index).toObject();
            if (!member.value("nik"_L1).isString())
                continue;
            const NikCheck nik = Nik::check(member.value("nik"_L1).toString(), m_regions);
            const QDate birthDate = dateOf(member, u"birthDate"_s);
            for (const QString& message :
                 Nik::disagreements(nik, birthDate, sexOf(member.value("sex"_L1)))) {
                findings.append({memberFieldKey(section.repeat.key, index, u"nik"_s),
                                 Severity::Warning, memberMessage(index, message)});
            }
        }
    }
    return findings;
}

QList<Finding> ApplicationRules::checkServiceRules(const Service& service,
                                                   const QJsonObject& fields,
                                                   const QStringList& requirements) const
{
    QList<Finding> findings = checkBirthRules(service, fields);
    if (service.rules.contains("kia-validity"_L1))
        findings += checkKiaRules(service, fields, requirements);
    if (service.rules.contains("death-date"_L1))
        findings += checkDeathDate(service, fields);
    if (service.rules.contains("move-villages"_L1))
        findings += checkMove(fields);
    return findings;
}

QList<Finding> ApplicationRules::checkBirthRules(const Service& service,
                                                 const QJsonObject& fields) const
{
    QList<Finding> findings;
    const QDate today = m_clock.today();
    const QDate birthDate = dateOf(fields, service.applicant.birthDate);
    if (service.rules.contains("birth-report-deadline"_L1) && birthDate.isValid() &&
        birthDate.daysTo(today) > kBirthReportDays) {
        findings.append({service.applicant.birthDate, Severity::Warning,
                         tr("The birth is reported %1 days after it happened; births are to be "
                            "reported within %2 days. Confirm to record it as a late report.")
                             .arg(birthDate.daysTo(today))
                             .arg(kBirthReportDays)});
    }
    if (service.rules.contains("ktp-el-eligibility"_L1) && birthDate.isValid()) {
        const bool everMarried = fields.value("person.maritalStatus"_L1).toString() != "1"_L1;
        if (ageOn(birthDate, today) < kKtpMinimumAge && !everMarried) {
            findings.append(
                {service.applicant.birthDate, Severity::Error,
                 tr("A KTP-el is recorded from the 17th birthday, or earlier for a "
                    "person who is or was married. This applicant turns 17 on %1.")
                     .arg(birthDate.addYears(kKtpMinimumAge).toString(u"dd-MM-yyyy"_s))});
        }
    }
    return findings;
}

QList<Finding> ApplicationRules::checkKiaRules(const Service& service, const QJsonObject& fields,
                                               const QStringList& requirements) const
{
    const QDate birthDate = dateOf(fields, service.applicant.birthDate);
    if (!birthDate.isValid())
        return {};
    const int age = ageOn(birthDate, m_clock.today());
    if (age >= kKiaMaximumAge) {
        return {{service.applicant.birthDate, Severity::Error,
                 tr("A KIA is for children under 17; this child turned 17 on %1. Apply for a "
                    "KTP-el instead.")
                     .arg(birthDate.addYears(kKiaMaximumAge).toString(u"dd-MM-yyyy"_s))}};
    }
    if (age >= kKiaPhotoAge && !requirements.contains("pas-foto"_L1)) {
        return {{{},
                 Severity::Error,
                 tr("The child is %1 years old: a KIA from the age of 5 carries a photo. Tick "
                    "the photo among the documents.")
                     .arg(age)}};
    }
    return {};
}

QList<Finding> ApplicationRules::checkDeathDate(const Service& service,
                                                const QJsonObject& fields) const
{
    const QDate birthDate = dateOf(fields, service.applicant.birthDate);
    const QDate deathDate = dateOf(fields, u"deceased.deathDate"_s);
    if (!birthDate.isValid() || !deathDate.isValid() || deathDate >= birthDate)
        return {};
    return {{u"deceased.deathDate"_s, Severity::Error,
             tr("The date of death (%1) is before the date of birth (%2). Check both dates.")
                 .arg(deathDate.toString(u"dd-MM-yyyy"_s), birthDate.toString(u"dd-MM-yyyy"_s))}};
}

QList<Finding> ApplicationRules::checkMove(const QJsonObject& fields) const
{
    const QString from = fields.value("move.from"_L1).toString();
    if (from.isEmpty() || from != fields.value("move.to"_L1).toString())
        return {};
    return {{u"move.to"_s, Severity::Error,
             tr("The destination is the village the person moves from. Choose the village they "
                "move to.")}};
}

} // namespace sipelanduk
