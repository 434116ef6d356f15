#include "domain/Nik.h"

#include "domain/Regions.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr int kLength = 16;
constexpr int kFemaleDayOffset = 40;

QString dotted(const QString& digits, int groups)
{
    QStringList parts;
    for (int i = 0; i < groups; ++i)
        parts.append(digits.mid(i * 2, 2));
    return parts.join(u'.');
}

// A year that is a leap year in every century the two digits can stand for, so that 29 February
// of year 00 stays possible (2000 was a leap year).
int representativeYear(int twoDigitYear)
{
    return twoDigitYear == 0 ? 2000 : 2000 + twoDigitYear;
}

} // namespace

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Valid:
        return u"valid"_s;
    case Verdict::Warning:
        return u"warning"_s;
    case Verdict::Invalid:
        return u"invalid"_s;
    }
    return {};
}

// Spaces, tabs, non-breaking and zero-width characters come along when a number is pasted from a
// spreadsheet or a web page; none of them is part of the number.
QString Nik::normalized(const QString& input)
{
    QString digits;
    digits.reserve(input.size());
    for (QChar c : input) {
        if (!c.isSpace() && c.category() != QChar::Other_Format)
            digits.append(c);
    }
    return digits;
}

std::optional<QString> Nik::shapeProblem(const QString& digits)
{
    if (digits.isEmpty())
        return tr("The number is empty; a NIK has 16 digits.");
    const bool onlyDigits =
        std::all_of(digits.cbegin(), digits.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!onlyDigits) {
        return tr("The number may only hold the digits 0 to 9; check for a letter such as I or "
                  "O typed in place of 1 or 0.");
    }
    if (digits.size() != kLength) {
        return tr("The number has %1 digits; a NIK has exactly 16. Check for a missing or extra "
                  "digit.")
            .arg(digits.size());
    }
    return std::nullopt;
}

NikCheck Nik::check(const QString& input, const RegionLookup& regions)
{
    NikCheck result;
    result.number = normalized(input);
    if (const std::optional<QString> problem = shapeProblem(result.number)) {
        result.reasons.append(*problem);
        return result;
    }

    const int rawDay = result.number.mid(6, 2).toInt();
    result.month = result.number.mid(8, 2).toInt();
    result.twoDigitYear = result.number.mid(10, 2).toInt();
    result.sex = rawDay > kFemaleDayOffset ? Sex::Female : Sex::Male;
    result.day = rawDay > kFemaleDayOffset ? rawDay - kFemaleDayOffset : rawDay;

    const bool dayInRange = (rawDay >= 1 && rawDay <= 31) || (rawDay >= 41 && rawDay <= 71);
    if (!dayInRange) {
        result.reasons.append(tr("Digits 7 and 8 (%1) are not a day of birth: men have 01 to 31, "
                                 "women 41 to 71.")
                                  .arg(result.number.mid(6, 2)));
    } else if (result.month < 1 || result.month > 12) {
        result.reasons.append(tr("Digits 9 and 10 (%1) are not a month; a month is 01 to 12.")
                                  .arg(result.number.mid(8, 2)));
    } else if (!QDate::isValid(representativeYear(result.twoDigitYear), result.month, result.day)) {
        result.reasons.append(tr("The birth date in the number, %1-%2-%3, does not exist in the "
                                 "calendar.")
                                  .arg(result.day, 2, 10, QLatin1Char('0'))
                                  .arg(result.month, 2, 10, QLatin1Char('0'))
                                  .arg(result.twoDigitYear, 2, 10, QLatin1Char('0')));
    }
    if (result.number.right(4) == "0000"_L1)
        result.reasons.append(
            tr("The serial (the last four digits) is 0000; serials start at 0001."));

    checkRegion(result, regions);
    if (!result.reasons.isEmpty() && result.verdict != Verdict::Warning)
        result.verdict = Verdict::Invalid;
    return result;
}

void Nik::checkRegion(NikCheck& result, const RegionLookup& regions)
{
    const QString province = result.number.left(2);
    result.districtCode = dotted(result.number, 3);
    const bool alreadyInvalid = !result.reasons.isEmpty();

    if (!regions.contains(province)) {
        result.reasons.append(
            tr("The first two digits (%1) are not an Indonesian province.").arg(province));
        result.verdict = Verdict::Invalid;
        return;
    }
    if (alreadyInvalid) {
        result.verdict = Verdict::Invalid;
        return;
    }
    result.verdict = Verdict::Valid;
    // Codes count from 01: a kabupaten or kecamatan 00 was never issued anywhere.
    if (result.number.mid(2, 2) == "00"_L1 || result.number.mid(4, 2) == "00"_L1) {
        result.reasons.append(tr("Digits 3 to 6 (%1) cannot be a kabupaten and kecamatan: codes "
                                 "start at 01.")
                                  .arg(result.number.mid(2, 4)));
        result.verdict = Verdict::Invalid;
        return;
    }
    if (!regions.contains(dotted(result.number, 2))) {
        result.reasons.append(tr("Kabupaten/kota %1 is not in the region table. Check the number "
                                 "against the card; if it is right, confirm it.")
                                  .arg(dotted(result.number, 2)));
        result.verdict = Verdict::Warning;
    } else if (!regions.contains(result.districtCode)) {
        result.reasons.append(tr("Kecamatan %1 is not in the region table. Check the number "
                                 "against the card; if it is right, confirm it.")
                                  .arg(result.districtCode));
        result.verdict = Verdict::Warning;
    }
}

NikCheck Nik::checkFamilyCard(const QString& input, const RegionLookup& regions)
{
    NikCheck result;
    result.number = normalized(input);
    if (const std::optional<QString> problem = shapeProblem(result.number)) {
        result.reasons.append(QString(*problem).replace(u"NIK"_s, u"KK"_s));
        return result;
    }
    if (result.number.right(4) == "0000"_L1) {
        result.reasons.append(
            tr("The serial (the last four digits) is 0000; serials start at 0001."));
        return result;
    }
    checkRegion(result, regions);
    return result;
}

QStringList Nik::disagreements(const NikCheck& nik, const QDate& birthDate, std::optional<Sex> sex)
{
    QStringList found;
    if (nik.verdict == Verdict::Invalid)
        return found;
    if (birthDate.isValid() && (birthDate.day() != nik.day || birthDate.month() != nik.month ||
                                birthDate.year() % 100 != nik.twoDigitYear)) {
        found.append(tr("The NIK holds the birth date %1-%2-%3, the documents say %4. A NIK never "
                        "changes; confirm that the documents are right.")
                         .arg(nik.day, 2, 10, QLatin1Char('0'))
                         .arg(nik.month, 2, 10, QLatin1Char('0'))
                         .arg(nik.twoDigitYear, 2, 10, QLatin1Char('0'))
                         .arg(birthDate.toString(u"dd-MM-yyyy"_s)));
    }
    if (sex && nik.sex && *sex != *nik.sex) {
        found.append(tr("The NIK is that of a %1, the documents say %2. Confirm that the documents "
                        "are right.")
                         .arg(*nik.sex == Sex::Female ? tr("woman") : tr("man"),
                              *sex == Sex::Female ? tr("woman") : tr("man")));
    }
    return found;
}

QList<QDate> Nik::possibleBirthDates(const NikCheck& nik, const QDate& today)
{
    QList<QDate> dates;
    if (nik.verdict == Verdict::Invalid)
        return dates;
    for (int century = today.year() / 100 * 100; century >= 1800; century -= 100) {
        const QDate date(century + nik.twoDigitYear, nik.month, nik.day);
        if (date.isValid() && date <= today)
            dates.append(date);
    }
    return dates;
}

} // namespace sipelanduk
