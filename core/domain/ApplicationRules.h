#pragma once

#include "domain/Catalogue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sipelanduk {

class Clock;
class RegionLookup;

enum class Severity
{
    Error,
    Warning
};

// One thing the clerk must fix (an error) or read and confirm (a warning), tied to a field where
// there is one.
struct Finding
{
    QString field;
    Severity severity = Severity::Error;
    QString message;
};

bool hasErrors(const QList<Finding>& findings);
QStringList messagesOf(const QList<Finding>& findings, Severity severity);

// Checks an application against its service in the catalogue, the region table and today's date.
// The same rules serve the form while the clerk types, the bulk import and the submit button.
//
// Field values: names and texts are strings; NIK and KK numbers are strings of 16 digits (a JSON
// number is refused, it may have lost digits on the way), or null for an explicit "no NIK yet"
// where the service allows it; dates are "yyyy-MM-dd" strings; sex is "1" (male) or "2" (female);
// a village is its region code. A place (of birth) is its text, or, when the clerk picked it from
// the region table, an object {"text": "Koba", "code": "19.04.01"} whose code must be a
// kabupaten/kota, kecamatan or desa/kelurahan of the table; text alone stays valid for a place
// abroad or one the table does not know. A repeated section (the members of a family) is an array
// of objects under its key, one per person, with the same kinds of values; a finding about one of
// them names the person's field as "members[2].nik".
class ApplicationRules
{
    Q_DECLARE_TR_FUNCTIONS(ApplicationRules)

public:
    static constexpr int kBirthReportDays = 60;
    static constexpr int kKtpMinimumAge = 17;
    // A KIA is valid until the day before the 17th birthday; from 5 it carries a photo.
    static constexpr int kKiaMaximumAge = 17;
    static constexpr int kKiaPhotoAge = 5;
    static constexpr int kOldestPlausibleYear = 1900;
    // Long Balinese and Batak names stay well inside this; a pasted page does not.
    static constexpr int kLongestText = 200;
    // The SHDK code of the head of family (kepala keluarga).
    static constexpr QLatin1StringView kHeadOfFamily{"1"};

    ApplicationRules(const RegionLookup& regions, const Clock& clock)
        : m_regions(regions)
        , m_clock(clock)
    {}

    QList<Finding> check(const Service& service, const QJsonObject& fields,
                         const QStringList& requirements) const;
    QList<Finding> checkField(const FieldSpec& spec, const QJsonValue& value) const;

    // Brings typed values into their stored form: outer spaces trimmed, spaces inside identity
    // numbers removed. The spelling of a name is never changed.
    static QJsonObject normalized(const Service& service, const QJsonObject& fields);

    // Whole years between two dates, counting the birthday itself as reached.
    static int ageOn(const QDate& birthDate, const QDate& day);

private:
    QList<Finding> checkIdentityNumber(const FieldSpec& spec, const QJsonValue& value) const;
    QList<Finding> checkDate(const FieldSpec& spec, const QString& text) const;
    QList<Finding> checkPlace(const FieldSpec& spec, const QJsonObject& place) const;
    QList<Finding> checkRequirements(const Service& service, const QJsonObject& fields,
                                     const QStringList& requirements) const;
    QList<Finding> checkServiceRules(const Service& service, const QJsonObject& fields,
                                     const QStringList& requirements) const;
    QList<Finding> checkBirthRules(const Service& service, const QJsonObject& fields) const;
    QList<Finding> checkKiaRules(const Service& service, const QJsonObject& fields,
                                 const QStringList& requirements) const;
    QList<Finding> checkDeathDate(const Service& service, const QJsonObject& fields) const;
    QList<Finding> checkMove(const QJsonObject& fields) const;
    QList<Finding> checkApplicantNik(const Service& service, const QJsonObject& fields) const;
    QList<Finding> checkMembers(const Service& service, const Section& section,
                                const QJsonValue& value) const;
    QList<Finding> checkMember(const Section& section, qsizetype index,
                               const QJsonValue& value) const;
    static QList<Finding> checkMemberCount(const Section& section, const QJsonArray& members);
    static QList<Finding> checkDuplicateNiks(const Section& section, const QJsonArray& members);
    static QList<Finding> checkHeadOfFamily(const Section& section, const QJsonArray& members);
    QList<Finding> checkMemberNikDates(const Service& service, const QJsonObject& fields) const;

    const RegionLookup& m_regions;
    const Clock& m_clock;
};

} // namespace sipelanduk
