#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <QStringList>

#include <optional>

namespace sipelanduk {

class RegionLookup;

enum class Sex
{
    Male = 1,
    Female = 2
};

// How a number fared: valid, valid but the clerk must confirm something, or refused.
enum class Verdict
{
    Valid,
    Warning,
    Invalid
};

// The verdict on one NIK (or KK number), with every reason a clerk needs to read.
struct NikCheck
{
    Verdict verdict = Verdict::Invalid;
    QString number;       // the digits after spaces were stripped
    QStringList reasons;  // one sentence per finding, empty when simply valid
    QString districtCode; // "19.04.01": where the number was first issued
    int day = 0;          // day of birth, 40 already taken off for women
    int month = 0;
    int twoDigitYear = 0; // the century is not in the number
    std::optional<Sex> sex;

    bool accepted() const { return verdict != Verdict::Invalid; }
};

// Rules for the 16-digit NIK: PP KK CC DDMMYY SSSS. There is no check digit; a number is valid
// when it has 16 digits, a known province, a real calendar date (day +40 for women) and a serial
// from 0001. An unknown kabupaten or kecamatan is a warning: regions split and were renamed, and
// people keep their NIK for life.
class Nik
{
    Q_DECLARE_TR_FUNCTIONS(Nik)

public:
    static QString normalized(const QString& input);
    static NikCheck check(const QString& input, const RegionLookup& regions);

    // A KK number has the same region prefix and 16 digits but no birth date in it.
    static NikCheck checkFamilyCard(const QString& input, const RegionLookup& regions);

    // Cross-check against the birth date and sex on the documents. The NIK never changes when a
    // birth date is corrected, so a disagreement is a warning, never a refusal.
    static QStringList disagreements(const NikCheck& nik, const QDate& birthDate,
                                     std::optional<Sex> sex);

    // The birth dates the number can mean: one per century in which the date is real and not
    // after `today`, latest first.
    static QList<QDate> possibleBirthDates(const NikCheck& nik, const QDate& today);

private:
    static std::optional<QString> shapeProblem(const QString& digits);
    static void checkRegion(NikCheck& result, const RegionLookup& regions);
};

QString verdictName(Verdict verdict);

} // namespace sipelanduk
