#include "TestOffice.h"

#include "domain/ApplicationRules.h"

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The rules an application meets before it can be submitted, one change from a complete
// application per row. The clock stands at 3 December 2026, 09:30 UTC.
class TestRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void birthCertificateRules_data();
    void birthCertificateRules();
    void ktpEligibility_data();
    void ktpEligibility();
    void normalizedKeepsNamesAsWritten();
    void familyMemberRules_data();
    void familyMemberRules();
    void normalizedTrimsFamilyMembers();
    void placeOfBirthRules_data();
    void placeOfBirthRules();
    void normalizedPlaces_data();
    void normalizedPlaces();
    void savedPlaceReadsBack();

private:
    QList<Finding> check(const ApplicationInput& input) const;

    TestOffice m_office;
};

void TestRules::initTestCase()
{
    QVERIFY(m_office.setUp());
}

QList<Finding> TestRules::check(const ApplicationInput& input) const
{
    return m_office.store->findings(input);
}

void TestRules::birthCertificateRules_data()
{
    QTest::addColumn<QJsonObject>("changes");
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("warnings");
    QTest::addColumn<QString>("field");

    const QStringList all = birthCertificate().requirements;
    const auto row = [](const char* name) -> QTestData& {
        return QTest::newRow(name);
    };

    row("complete") << QJsonObject() << all << 0 << 0 << QString();
    row("NIK as a spreadsheet number")
        << QJsonObject{{u"mother.nik"_s, 1904015505900002.0}} << all << 1 << 0 << u"mother.nik"_s;
    row("NIK with spaces is fine")
        << QJsonObject{{u"mother.nik"_s, u"1904 0155 0590 0002"_s}} << all << 0 << 0 << QString();
    row("no NIK yet for the mother")
        << QJsonObject{{u"mother.nik"_s, QJsonValue::Null}} << all << 0 << 0 << QString();
    row("no NIK yet for the reporter is not allowed")
        << QJsonObject{{u"reporter.nik"_s, QJsonValue::Null}} << all << 1 << 0 << u"reporter.nik"_s;
    row("invalid NIK") << QJsonObject{{u"reporter.nik"_s, u"1904011613610123"_s}} << all << 1 << 0
                       << u"reporter.nik"_s;
    row("NIK from an unknown kecamatan") << QJsonObject{{u"reporter.nik"_s, u"1904990101850003"_s}}
                                         << all << 0 << 1 << u"reporter.nik"_s;
    row("missing name") << QJsonObject{{u"child.name"_s, u"  "_s}} << all << 1 << 0
                        << u"child.name"_s;
    row("day-month-year date") << QJsonObject{{u"child.birthDate"_s, u"20/11/2026"_s}} << all << 1
                               << 0 << u"child.birthDate"_s;
    row("spreadsheet serial date")
        << QJsonObject{{u"child.birthDate"_s, u"46346"_s}} << all << 1 << 0 << u"child.birthDate"_s;
    row("slashes in an ISO-looking date") << QJsonObject{{u"child.birthDate"_s, u"2026/11/20"_s}}
                                          << all << 1 << 0 << u"child.birthDate"_s;
    row("dots in a date") << QJsonObject{{u"child.birthDate"_s, u"2026.11.20"_s}} << all << 1 << 0
                          << u"child.birthDate"_s;
    row("null for a required date") << QJsonObject{{u"child.birthDate"_s, QJsonValue::Null}} << all
                                    << 1 << 0 << u"child.birthDate"_s;
    row("tab inside a name") << QJsonObject{{u"mother.name"_s, u"Siti\tAminah"_s}} << all << 1 << 0
                             << u"mother.name"_s;
    row("zero-width space in a name") << QJsonObject{{u"mother.name"_s, u"Siti\u200bAminah"_s}}
                                      << all << 1 << 0 << u"mother.name"_s;
    row("direction override in a place") << QJsonObject{{u"child.birthPlace"_s, u"Koba\u202e"_s}}
                                         << all << 1 << 0 << u"child.birthPlace"_s;
    row("name of 201 characters") << QJsonObject{{u"mother.name"_s, QString(201, u'a')}} << all << 1
                                  << 0 << u"mother.name"_s;
    row("name of 200 characters") << QJsonObject{{u"mother.name"_s, QString(200, u'a')}} << all << 0
                                  << 0 << QString();
    row("dash for a date") << QJsonObject{{u"child.birthDate"_s, u"-"_s}} << all << 1 << 0
                           << u"child.birthDate"_s;
    row("born tomorrow") << QJsonObject{{u"child.birthDate"_s, u"2026-12-04"_s}} << all << 1 << 0
                         << u"child.birthDate"_s;
    row("born in 1874") << QJsonObject{{u"child.birthDate"_s, u"1874-05-01"_s}} << all << 1 << 0
                        << u"child.birthDate"_s;
    row("reported after 60 days") << QJsonObject{{u"child.birthDate"_s, u"2026-09-01"_s}} << all
                                  << 0 << 1 << u"child.birthDate"_s;
    row("reported on day 60") << QJsonObject{{u"child.birthDate"_s, u"2026-10-04"_s}} << all << 0
                              << 0 << QString();
    row("village outside the table") << QJsonObject{{u"child.village"_s, u"19.04.01.1099"_s}} << all
                                     << 1 << 0 << u"child.village"_s;
    row("kecamatan instead of village")
        << QJsonObject{{u"child.village"_s, u"19.04.01"_s}} << all << 1 << 0 << u"child.village"_s;
    row("unknown relation") << QJsonObject{{u"reporter.relation"_s, u"tetangga"_s}} << all << 1 << 0
                            << u"reporter.relation"_s;
    row("sex as a word") << QJsonObject{{u"child.sex"_s, u"L"_s}} << all << 1 << 0
                         << u"child.sex"_s;
    row("field of another service")
        << QJsonObject{{u"person.name"_s, u"Budi"_s}} << all << 1 << 0 << u"person.name"_s;
    row("sworn statement instead of birth letter")
        << QJsonObject() << QStringList{u"sptjm-kelahiran"_s, u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s}
        << 0 << 0 << QString();
    row("no proof of birth") << QJsonObject() << QStringList{u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s}
                             << 1 << 0 << QString();
    row("unknown requirement") << QJsonObject() << (all + QStringList{u"ktp-lama"_s}) << 1 << 0
                               << QString();
}

void TestRules::birthCertificateRules()
{
    QFETCH(QJsonObject, changes);
    QFETCH(QStringList, requirements);
    QFETCH(int, errors);
    QFETCH(int, warnings);
    QFETCH(QString, field);

    ApplicationInput input = birthCertificate();
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
        input.fields.insert(it.key(), it.value());
    input.requirements = requirements;

    const QList<Finding> found = check(input);
    QCOMPARE(messagesOf(found, Severity::Error).size(), errors);
    QCOMPARE(messagesOf(found, Severity::Warning).size(), warnings);
    if (!field.isEmpty())
        QCOMPARE(found.first().field, field);
    for (const Finding& finding : found)
        QVERIFY2(finding.message.endsWith(u'.'), qPrintable(finding.message));
}

void TestRules::ktpEligibility_data()
{
    QTest::addColumn<QString>("birthDate");
    QTest::addColumn<QString>("maritalStatus");
    QTest::addColumn<int>("errors");

    QTest::newRow("17 today") << u"2009-12-03"_s << u"1"_s << 0;
    QTest::newRow("17 tomorrow") << u"2009-12-04"_s << u"1"_s << 1;
    QTest::newRow("16 and married") << u"2010-05-01"_s << u"2"_s << 0;
    QTest::newRow("16 and divorced") << u"2010-05-01"_s << u"3"_s << 0;
    QTest::newRow("adult") << u"1961-07-06"_s << u"1"_s << 0;
}

void TestRules::ktpEligibility()
{
    QFETCH(QString, birthDate);
    QFETCH(QString, maritalStatus);
    QFETCH(int, errors);

    const QDate date = QDate::fromString(birthDate, Qt::ISODate);
    const QString nik = u"190401%1%2%3"_s.arg(date.day(), 2, 10, QLatin1Char('0'))
                            .arg(date.month(), 2, 10, QLatin1Char('0'))
                            .arg(date.year() % 100, 2, 10, QLatin1Char('0')) +
                        u"0123"_s;
    ApplicationInput input;
    input.service = u"ktp-el-rekam"_s;
    input.fields = QJsonObject{{u"person.name"_s, u"Sukarno"_s},
                               {u"person.nik"_s, nik},
                               {u"person.sex"_s, u"1"_s},
                               {u"person.birthPlace"_s, u"Koba"_s},
                               {u"person.birthDate"_s, birthDate},
                               {u"person.maritalStatus"_s, maritalStatus},
                               {u"person.village"_s, u"19.04.01.2003"_s},
                               {u"family.kk"_s, u"1904011505200001"_s}};
    input.requirements = {u"kk"_s};

    const QList<Finding> found = check(input);
    QVERIFY2(messagesOf(found, Severity::Error).size() == errors,
             qPrintable(messagesOf(found, Severity::Error).join(u' ')));
    QCOMPARE(messagesOf(found, Severity::Warning).size(), 0);
}

void TestRules::normalizedKeepsNamesAsWritten()
{
    const Service& service = *Catalogue::builtIn().service(u"akta-kelahiran"_s);
    const QJsonObject normalized = ApplicationRules::normalized(
        service, QJsonObject{{u"child.name"_s, u"  Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi "_s},
                             {u"mother.nik"_s, u" 1904 0155 0590 0002"_s},
                             {u"father.name"_s, u""_s}});
    QCOMPARE(normalized.value(u"child.name"_s).toString(),
             u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s);
    QCOMPARE(normalized.value(u"mother.nik"_s).toString(), u"1904015505900002"_s);
    QVERIFY(!normalized.contains(u"father.name"_s));
}

namespace {

// A complete new family card for the Tanjung family, the head first.
ApplicationInput newFamilyCard(const QJsonArray& members)
{
    ApplicationInput input = familyCardChange(members);
    input.service = u"kk-baru"_s;
    for (const QString& key : {u"family.kk"_s, u"change.kind"_s})
        input.fields.remove(key);
    const QJsonObject more{
        {u"head.religion"_s, u"1"_s},         {u"head.maritalStatus"_s, u"2"_s},
        {u"head.citizenship"_s, u"1"_s},      {u"family.address"_s, u"Jl. Raya"_s},
        {u"family.rt"_s, u"001"_s},           {u"family.rw"_s, u"002"_s},
        {u"family.reason"_s, u"perkawinan"_s}};
    for (auto it = more.constBegin(); it != more.constEnd(); ++it)
        input.fields.insert(it.key(), it.value());
    input.requirements = {u"buku-nikah"_s, u"f-1.01"_s};
    return input;
}

QJsonArray withMemberValue(int index, const QString& key, const QJsonValue& value)
{
    QJsonArray members = tanjungFamily();
    QJsonObject member = members.at(index).toObject();
    if (value.isUndefined())
        member.remove(key);
    else
        member.insert(key, value);
    members.replace(index, member);
    return members;
}

} // namespace

void TestRules::familyMemberRules_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QJsonValue>("members");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("warnings");
    QTest::addColumn<QString>("field");

    const auto row = [](const char* name, const char* service) -> QTestData& {
        return QTest::newRow(name) << QString::fromLatin1(service);
    };
    const QString son = u"1904012003150004"_s;
    QJsonArray twentyOne;
    for (int i = 0; i < 21; ++i)
        twentyOne.append(tanjungFamily().at(3));

    row("four members", "kk-perubahan") << QJsonValue(tanjungFamily()) << 0 << 0 << QString();
    row("no members key", "kk-perubahan") << QJsonValue() << 1 << 0 << u"members"_s;
    row("empty list", "kk-perubahan") << QJsonValue(QJsonArray()) << 1 << 0 << u"members"_s;
    row("21 members", "kk-perubahan") << QJsonValue(twentyOne) << 1 << 0 << u"members"_s;
    row("members as text", "kk-perubahan") << QJsonValue(u"Yohanes"_s) << 1 << 0 << u"members"_s;
    row("member as text", "kk-perubahan")
        << QJsonValue(QJsonArray{tanjungFamily().at(0), u"Siti"_s}) << 1 << 0 << u"members[1]"_s;
    row("member without a name", "kk-perubahan")
        << QJsonValue(withMemberValue(2, u"name"_s, u" "_s)) << 1 << 0 << u"members[2].name"_s;
    row("tab in a member's name", "kk-perubahan")
        << QJsonValue(withMemberValue(1, u"name"_s, u"Siti\tAminah"_s)) << 1 << 0
        << u"members[1].name"_s;
    row("member's NIK as a number", "kk-perubahan")
        << QJsonValue(withMemberValue(2, u"nik"_s, 1904012003150004.0)) << 1 << 0
        << u"members[2].nik"_s;
    row("member's NIK with spaces", "kk-perubahan")
        << QJsonValue(withMemberValue(2, u"nik"_s, u"1904 0120 0315 0004"_s)) << 0 << 0
        << QString();
    row("member's invalid NIK", "kk-perubahan")
        << QJsonValue(withMemberValue(2, u"nik"_s, u"1904011613610123"_s)) << 1 << 0
        << u"members[2].nik"_s;
    row("member without a birth date", "kk-perubahan")
        << QJsonValue(withMemberValue(3, u"birthDate"_s, QJsonValue())) << 1 << 0
        << u"members[3].birthDate"_s;
    row("member born tomorrow", "kk-perubahan")
        << QJsonValue(withMemberValue(3, u"birthDate"_s, u"2026-12-04"_s)) << 1 << 0
        << u"members[3].birthDate"_s;
    row("unknown religion code", "kk-perubahan")
        << QJsonValue(withMemberValue(0, u"religion"_s, u"8"_s)) << 1 << 0
        << u"members[0].religion"_s;
    row("unknown SHDK code", "kk-perubahan")
        << QJsonValue(withMemberValue(0, u"shdk"_s, u"12"_s)) << 1 << 0 << u"members[0].shdk"_s;
    row("blood type and disability", "kk-perubahan")
        << QJsonValue(withMemberValue(1, u"disability"_s, u"tuna rungu"_s)) << 0 << 0 << QString();
    row("field of no member", "kk-perubahan")
        << QJsonValue(withMemberValue(1, u"head.name"_s, u"Siti"_s)) << 1 << 0 << u"members[1]"_s;
    row("father's NIK not yet", "kk-perubahan")
        << QJsonValue(withMemberValue(3, u"fatherNik"_s, QJsonValue::Null)) << 0 << 0 << QString();
    row("same NIK twice", "kk-perubahan")
        << QJsonValue(withMemberValue(3, u"nik"_s, son)) << 1 << 0 << u"members[3].nik"_s;
    row("NIK date disagrees with the birth date", "kk-perubahan")
        << QJsonValue(withMemberValue(2, u"birthDate"_s, u"2015-03-21"_s)) << 0 << 1
        << u"members[2].nik"_s;
    row("no head of family is fine on a change", "kk-perubahan")
        << QJsonValue(withMemberValue(0, u"shdk"_s, u"2"_s)) << 0 << 0 << QString();
    row("one head of family", "kk-baru") << QJsonValue(tanjungFamily()) << 0 << 0 << QString();
    row("no head of family", "kk-baru")
        << QJsonValue(withMemberValue(0, u"shdk"_s, u"2"_s)) << 1 << 0 << u"members"_s;
    row("two heads of family", "kk-baru")
        << QJsonValue(withMemberValue(2, u"shdk"_s, u"1"_s)) << 1 << 0 << u"members[2].shdk"_s;
}

void TestRules::familyMemberRules()
{
    QFETCH(QString, service);
    QFETCH(QJsonValue, members);
    QFETCH(int, errors);
    QFETCH(int, warnings);
    QFETCH(QString, field);

    const QJsonArray family = members.toArray();
    ApplicationInput input =
        service == "kk-baru"_L1 ? newFamilyCard(family) : familyCardChange(family);
    if (members.isUndefined())
        input.fields.remove(u"members"_s);
    else
        input.fields.insert(u"members"_s, members);

    const QList<Finding> found = check(input);
    QVERIFY2(messagesOf(found, Severity::Error).size() == errors,
             qPrintable(messagesOf(found, Severity::Error).join(u' ')));
    QVERIFY2(messagesOf(found, Severity::Warning).size() == warnings,
             qPrintable(messagesOf(found, Severity::Warning).join(u' ')));
    if (!field.isEmpty())
        QCOMPARE(found.first().field, field);
    for (const Finding& finding : found)
        QVERIFY2(finding.message.endsWith(u'.'), qPrintable(finding.message));
}

void TestRules::normalizedTrimsFamilyMembers()
{
    const Service& service = *Catalogue::builtIn().service(u"kk-perubahan"_s);
    QJsonArray members = withMemberValue(0, u"name"_s, u"  Yohanes Tanjung "_s);
    QJsonObject wife = members.at(1).toObject();
    wife.insert(u"nik"_s, u" 1904 0155 0590 0002"_s);
    wife.insert(u"disability"_s, u"  "_s);
    wife.insert(u"name"_s, u"Ma'ruf  Amin"_s);
    members.replace(1, wife);

    const QJsonArray normalized =
        ApplicationRules::normalized(service, familyCardChange(members).fields)
            .value(u"members"_s)
            .toArray();
    QCOMPARE(normalized.size(), 4);
    QCOMPARE(normalized.at(0).toObject().value(u"name"_s).toString(), u"Yohanes Tanjung"_s);
    QCOMPARE(normalized.at(1).toObject().value(u"nik"_s).toString(), u"1904015505900002"_s);
    QCOMPARE(normalized.at(1).toObject().value(u"name"_s).toString(), u"Ma'ruf  Amin"_s);
    QVERIFY(!normalized.at(1).toObject().contains(u"disability"_s));
    QVERIFY(normalized.at(3).toObject().value(u"nik"_s).isNull());
}

namespace {

QJsonObject picked(const QString& text, const QJsonValue& code)
{
    return QJsonObject{{u"text"_s, text}, {u"code"_s, code}};
}

} // namespace

// A place of birth is text, or text with the code of the region it was picked from. The test
// office holds the built-in table: the provinces and Kabupaten Bangka Tengah.
void TestRules::placeOfBirthRules_data()
{
    QTest::addColumn<QJsonValue>("place");
    QTest::addColumn<int>("errors");

    const auto row = [](const char* name, const QJsonValue& place) -> QTestData& {
        return QTest::newRow(name) << place;
    };
    row("text as before", u"Koba"_s) << 0;
    row("abroad, as text", u"Kuala Lumpur, Malaysia"_s) << 0;
    row("a place the table does not know", u"Kapal KM Lawit"_s) << 0;
    row("kecamatan picked", picked(u"Koba"_s, u"19.04.01"_s)) << 0;
    row("kelurahan picked", picked(u"Koba"_s, u"19.04.01.1001"_s)) << 0;
    row("kabupaten picked", picked(u"Kabupaten Bangka Tengah"_s, u"19.04"_s)) << 0;
    row("name changed after picking", picked(u"RSUD Koba"_s, u"19.04.01"_s)) << 0;
    row("kecamatan not in the table", picked(u"Koba"_s, u"19.04.99"_s)) << 1;
    row("village not in the table", picked(u"Koba"_s, u"19.04.01.1099"_s)) << 1;
    row("province", picked(u"Kepulauan Bangka Belitung"_s, u"19"_s)) << 1;
    row("code without dots", picked(u"Koba"_s, u"190401"_s)) << 1;
    row("code as a number", picked(u"Koba"_s, 190401)) << 1;
    row("code without a name", QJsonObject{{u"code"_s, u"19.04.01"_s}}) << 1;
    row("blank name with a code", picked(u"  "_s, u"19.04.01"_s)) << 1;
    row("hidden character in the name", picked(u"Koba\u200b"_s, u"19.04.01"_s)) << 1;
    row("another key", QJsonObject{{u"text"_s, u"Koba"_s}, {u"province"_s, u"19"_s}}) << 1;
    row("number", 1904) << 1;
    row("missing", QJsonValue(QJsonValue::Undefined)) << 1;
    row("null", QJsonValue(QJsonValue::Null)) << 1;
}

void TestRules::placeOfBirthRules()
{
    QFETCH(QJsonValue, place);
    QFETCH(int, errors);

    ApplicationInput input = birthCertificate();
    if (place.isUndefined())
        input.fields.remove(u"child.birthPlace"_s);
    else
        input.fields.insert(u"child.birthPlace"_s, place);
    const QList<Finding> found = check(input);
    QVERIFY2(messagesOf(found, Severity::Error).size() == errors,
             qPrintable(messagesOf(found, Severity::Error).join(u' ')));
    QCOMPARE(messagesOf(found, Severity::Warning).size(), 0);
    if (errors > 0)
        QCOMPARE(found.first().field, u"child.birthPlace"_s);
    for (const Finding& finding : found)
        QVERIFY2(finding.message.endsWith(u'.'), qPrintable(finding.message));

    // The same place on a family member is checked the same way and named after the member.
    QJsonArray members = tanjungFamily();
    QJsonObject wife = members.at(1).toObject();
    if (place.isUndefined())
        wife.remove(u"birthPlace"_s);
    else
        wife.insert(u"birthPlace"_s, place);
    members.replace(1, wife);
    const QList<Finding> onMember = check(familyCardChange(members));
    QCOMPARE(messagesOf(onMember, Severity::Error).size(), errors);
    if (errors > 0)
        QCOMPARE(onMember.first().field, u"members[1].birthPlace"_s);
}

void TestRules::normalizedPlaces_data()
{
    QTest::addColumn<QJsonValue>("place");
    QTest::addColumn<QJsonValue>("stored");

    QTest::newRow("text") << QJsonValue(u" Koba "_s) << QJsonValue(u"Koba"_s);
    QTest::newRow("picked") << QJsonValue(picked(u" Koba"_s, u" 19.04.01 "_s))
                            << QJsonValue(picked(u"Koba"_s, u"19.04.01"_s));
    QTest::newRow("empty code") << QJsonValue(picked(u"Koba "_s, u""_s)) << QJsonValue(u"Koba"_s);
    QTest::newRow("nothing") << QJsonValue(picked(u" "_s, u" "_s))
                             << QJsonValue(QJsonValue::Undefined);
}

void TestRules::normalizedPlaces()
{
    QFETCH(QJsonValue, place);
    QFETCH(QJsonValue, stored);

    const Service& service = *Catalogue::builtIn().service(u"akta-kelahiran"_s);
    const QJsonObject normalized =
        ApplicationRules::normalized(service, QJsonObject{{u"child.birthPlace"_s, place}});
    QCOMPARE(normalized.value(u"child.birthPlace"_s), stored);
}

// A place picked from the table is saved with its code and read back the same; a place saved
// as text before codes were kept still reads back and passes.
void TestRules::savedPlaceReadsBack()
{
    for (const QJsonValue& place :
         {QJsonValue(picked(u"Koba"_s, u"19.04.01"_s)), QJsonValue(u"Singapura"_s)}) {
        ApplicationInput input = birthCertificate();
        input.fields.insert(u"child.birthPlace"_s, place);
        Result<Application> saved = m_office.store->saveDraft(m_office.clerk, input);
        QVERIFY2(saved, qPrintable(saved.errorMessage()));
        Result<Application> loaded = m_office.store->view(m_office.clerk, saved->id);
        QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->fields.value(u"child.birthPlace"_s), place);
        Result<Application> submitted = m_office.store->submit(m_office.clerk, saved->id, true);
        QVERIFY2(submitted, qPrintable(submitted.errorMessage()));
    }
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestRules)
#include "tst_rules.moc"
