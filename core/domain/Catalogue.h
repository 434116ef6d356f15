#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace sipelanduk {

class CodeLists;

// A text in the two languages of the product. The catalogue is data that the central server can
// replace, so its labels travel with it instead of living in the translation files.
struct LocalText
{
    QString id;
    QString en;

    QString text(const QString& language) const
    {
        return language == QLatin1String("en") ? en : id;
    }
};

enum class FieldType
{
    Name,
    Text,
    Nik,
    FamilyCard,
    Date,
    Sex,
    Village,
    Choice,
    // Where someone was born: text as the clerk confirms it, usually a region's name picked from
    // the table, then stored with that region's code (see ApplicationRules).
    Place
};

struct FieldOption
{
    QString value;
    LocalText label;
};

struct FieldSpec
{
    QString key;
    FieldType type = FieldType::Text;
    LocalText label;
    bool required = false;
    bool allowNone = false; // "no NIK yet" is a valid, explicit answer
    bool notFuture = false;
    QString codeList; // the code list the options come from, if any
    QList<FieldOption> options;
};

// A section filled once per person of a list, such as the members of a family on the F-1.01. Its
// values are stored as an array of objects under `key`, one object per person, keyed by the
// section's field keys.
struct Repeat
{
    QString key;
    int min = 0;
    int max = 0;
};

struct Section
{
    LocalText title;
    QList<FieldSpec> fields;
    Repeat repeat;

    bool isRepeated() const { return !repeat.key.isEmpty(); }
    const FieldSpec* field(const QString& key) const;
};

// A document the applicant shows. Requirements that share a group are alternatives: one of them
// is enough (a birth letter, or a sworn statement with two witnesses).
//
// An optional requirement is shown but not demanded (a moving letter only when the family moved
// in); one with a condition is demanded when a field has a given value, and a service rule in
// ApplicationRules may demand it for reasons a field value cannot express (a child's age).
struct Requirement
{
    QString code;
    QString group;
    LocalText label;
    bool optional = false;
    QString whenField;
    QString whenValue;
};

// Where the catalogue finds the applicant in a service's fields.
struct ApplicantKeys
{
    QString name;
    QString nik;
    QString birthDate;
    QString sex;
};

struct Service
{
    QString code;
    LocalText name;
    ApplicantKeys applicant;
    QStringList rules;
    QList<Section> sections;
    QList<Requirement> requirements;
    // A service the central office no longer takes ("retired": true in the catalogue). It stays in
    // the catalogue so that applications captured for it are still shown, completed and sent,
    // but no new application may be started for it.
    bool retired = false;

    // A field of the flat sections; the fields of a repeated section are found through it.
    const FieldSpec* field(const QString& key) const;
    const Section* repeatedSection(const QString& key) const;
    QStringList requirementGroups() const;
};

// The services an office can take, as data. Versioned, so that an application records the list it
// was captured under.
class Catalogue
{
    Q_DECLARE_TR_FUNCTIONS(Catalogue)

public:
    // A field may name a code list instead of listing its options; it is resolved here, so the
    // rest of the program sees options either way.
    static Result<Catalogue> fromJson(const QByteArray& json);
    static Result<Catalogue> fromJson(const QByteArray& json, const CodeLists& codeLists);
    static const Catalogue& builtIn();

    int version() const { return m_version; }
    const QList<Service>& services() const { return m_services; }
    const Service* service(const QString& code) const;
    QByteArray toJson() const { return m_source; }

private:
    int m_version = 0;
    QList<Service> m_services;
    QByteArray m_source;
};

QString fieldTypeName(FieldType type);
// Where a finding about one person of a repeated section points: "members[2].nik".
QString memberFieldKey(const QString& sectionKey, qsizetype index, const QString& fieldKey);
std::optional<FieldType> fieldTypeFromName(const QString& name);

} // namespace sipelanduk
