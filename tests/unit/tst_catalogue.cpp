#include "TestOffice.h"

#include "domain/ApplicationRules.h"
#include "domain/CodeLists.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

bool bothLanguages(const LocalText& text)
{
    return !text.id.trimmed().isEmpty() && !text.en.trimmed().isEmpty();
}

const QString kKk = u"1904011505200001"_s;
const QString kMan = u"1904010607610123"_s;   // a man born on 6 July 1961
const QString kWoman = u"1904015505900002"_s; // a woman born on 15 May 1990
const QString kBoy = u"1904011003200001"_s;   // a boy born on 10 March 2020

QJsonObject person(const QString& prefix)
{
    return {{prefix + u".name"_s, u"Ma'ruf"_s},
            {prefix + u".nik"_s, kMan},
            {prefix + u".sex"_s, u"1"_s},
            {prefix + u".birthPlace"_s, u"Koba"_s},
            {prefix + u".birthDate"_s, u"1961-07-06"_s}};
}

QJsonObject merged(QJsonObject base, const QJsonObject& more)
{
    for (auto it = more.constBegin(); it != more.constEnd(); ++it)
        base.insert(it.key(), it.value());
    return base;
}

QJsonObject address()
{
    return {{u"family.village"_s, u"19.04.01.1002"_s},
            {u"family.address"_s, u"Jl. Raya Koba"_s},
            {u"family.rt"_s, u"003"_s},
            {u"family.rw"_s, u"001"_s}};
}

QJsonObject move(const QString& to)
{
    return {{u"person.name"_s, u"Siti Aminah"_s},
            {u"person.nik"_s, kWoman},
            {u"family.kk"_s, kKk},
            {u"move.from"_s, u"19.04.01.1002"_s},
            {u"move.to"_s, to},
            {u"move.reason"_s, u"pekerjaan"_s},
            {u"move.date"_s, u"2026-12-10"_s}};
}

QJsonObject deceased(const QString& birthDate, const QString& deathDate)
{
    return {{u"deceased.name"_s, u"I Gusti Ngurah Rai"_s},
            {u"deceased.nik"_s, kMan},
            {u"deceased.sex"_s, u"1"_s},
            {u"deceased.birthDate"_s, birthDate},
            {u"deceased.deathDate"_s, deathDate},
            {u"deceased.deathPlace"_s, u"RSUD Bangka Tengah"_s},
            {u"deceased.village"_s, u"19.04.01.1001"_s},
            {u"family.kk"_s, kKk},
            {u"witness1.name"_s, u"Ahmad"_s},
            {u"witness1.nik"_s, u"1904010101850003"_s},
            {u"witness2.name"_s, u"Siti Aminah"_s},
            {u"witness2.nik"_s, kWoman},
            {u"reporter.name"_s, u"Siti Aminah"_s},
            {u"reporter.nik"_s, kWoman},
            {u"reporter.relation"_s, u"anak"_s}};
}

QJsonObject kia(const QString& birthDate, const QString& nik)
{
    return {{u"child.name"_s, u"Putu"_s},
            {u"child.nik"_s, nik},
            {u"child.sex"_s, u"1"_s},
            {u"child.birthPlace"_s, u"Koba"_s},
            {u"child.birthDate"_s, birthDate},
            {u"child.village"_s, u"19.04.01.1002"_s},
            {u"family.kk"_s, kKk},
            {u"parent.name"_s, u"Siti Aminah"_s},
            {u"parent.nik"_s, kWoman}};
}

} // namespace

// The service catalogue and the code lists it draws on: every service is complete enough for a
// counter to take it, and each new service's example application passes its rules.
class TestCatalogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyService_data();
    void everyService();
    void exampleApplicationPasses_data();
    void exampleApplicationPasses();
    void serviceRules_data();
    void serviceRules();
    void codeListCounts_data();
    void codeListCounts();
    void codeListFillsChoices();
    void unknownCodeListIsRefused();
    void repeatedSection_data();
    void repeatedSection();
    void familyServicesHaveMembers_data();
    void familyServicesHaveMembers();
    void everyBirthPlaceIsAPlace();

private:
    TestOffice m_office;
};

void TestCatalogue::initTestCase()
{
    QVERIFY(m_office.setUp());
    QCOMPARE(Catalogue::builtIn().version(), 3);
    QCOMPARE(Catalogue::builtIn().services().size(), 12);
}

void TestCatalogue::everyService_data()
{
    QTest::addColumn<QString>("code");
    for (const Service& service : Catalogue::builtIn().services())
        QTest::newRow(qPrintable(service.code)) << service.code;
}

void TestCatalogue::everyService()
{
    QFETCH(QString, code);
    const Service* service = Catalogue::builtIn().service(code);
    QVERIFY(service);
    QVERIFY(!service->requirements.isEmpty());
    QVERIFY(bothLanguages(service->name));
    QVERIFY(service->field(service->applicant.name));
    QSet<QString> keys;
    for (const Section& section : service->sections) {
        QVERIFY(bothLanguages(section.title));
        QVERIFY(!section.isRepeated() || service->repeatedSection(section.repeat.key) == &section);
        for (const FieldSpec& field : section.fields) {
            QVERIFY2(!keys.contains(field.key), qPrintable(field.key));
            keys.insert(field.key);
            QVERIFY2(bothLanguages(field.label), qPrintable(field.key));
            QVERIFY2(field.type != FieldType::Choice || !field.options.isEmpty(),
                     qPrintable(field.key));
            for (const FieldOption& option : field.options)
                QVERIFY2(bothLanguages(option.label), qPrintable(field.key + option.value));
        }
    }
    for (const Requirement& requirement : service->requirements) {
        QVERIFY2(bothLanguages(requirement.label), qPrintable(requirement.code));
        QVERIFY(requirement.whenField.isEmpty() || service->field(requirement.whenField));
    }
}

void TestCatalogue::exampleApplicationPasses_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QStringList>("requirements");

    const QJsonObject head = person(u"head"_s);
    const QJsonObject applicant = person(u"person"_s);
    QTest::newRow("kk-baru") << u"kk-baru"_s
                             << merged(merged(head, address()),
                                       {{u"head.religion"_s, u"1"_s},
                                        {u"head.maritalStatus"_s, u"2"_s},
                                        {u"head.citizenship"_s, u"1"_s},
                                        {u"head.occupation"_s, u"11"_s},
                                        {u"family.reason"_s, u"perkawinan"_s},
                                        {u"members"_s, tanjungFamily()}})
                             << QStringList{u"buku-nikah"_s, u"f-1.01"_s};
    QTest::newRow("kk-perubahan") << u"kk-perubahan"_s
                                  << merged(head, {{u"family.kk"_s, kKk},
                                                   {u"family.village"_s, u"19.04.01.1002"_s},
                                                   {u"change.kind"_s, u"kelahiran"_s},
                                                   {u"members"_s, tanjungFamily()}})
                                  << QStringList{u"kk-lama"_s, u"bukti-peristiwa"_s, u"f-1.01"_s};
    QTest::newRow("kk-hilang-rusak") << u"kk-hilang-rusak"_s
                                     << merged(head, {{u"family.kk"_s, kKk},
                                                      {u"family.village"_s, u"19.04.01.1002"_s},
                                                      {u"loss.kind"_s, u"rusak"_s}})
                                     << QStringList{u"kk-rusak"_s, u"ktp-el-kepala"_s};
    const QJsonObject resident =
        merged(applicant, {{u"person.village"_s, u"19.04.01.1017"_s}, {u"family.kk"_s, kKk}});
    QTest::newRow("ktp-el-perubahan")
        << u"ktp-el-perubahan"_s << merged(resident, {{u"change.kind"_s, u"rusak"_s}})
        << QStringList{u"kk"_s, u"ktp-el-lama"_s};
    QTest::newRow("ktp-el-hilang")
        << u"ktp-el-hilang"_s << resident << QStringList{u"surat-kehilangan"_s, u"kk"_s};
    QTest::newRow("kia") << u"kia"_s << kia(u"2020-03-10"_s, kBoy)
                         << QStringList{u"akta-kelahiran"_s, u"kk"_s, u"ktp-el-orang-tua"_s,
                                        u"pas-foto"_s};
    QTest::newRow("akta-kematian")
        << u"akta-kematian"_s << deceased(u"1961-07-06"_s, u"2026-11-30"_s)
        << QStringList{u"f-2.01"_s, u"surat-kematian"_s, u"kk"_s, u"ktp-el-almarhum"_s};
    QTest::newRow("surat-pindah") << u"surat-pindah"_s << move(u"19.04.02.2004"_s)
                                  << QStringList{u"kk"_s, u"f-1.03"_s};
    QTest::newRow("pindah-datang")
        << u"pindah-datang"_s << merged(move(u"19.04.02.2004"_s), {{u"person.shdk"_s, u"3"_s}})
        << QStringList{u"skpwni"_s, u"f-1.03"_s};
    QTest::newRow("perubahan-biodata") << u"perubahan-biodata"_s
                                       << merged(resident, {{u"change.field"_s, u"agama"_s},
                                                            {u"change.oldValue"_s, u"Islam"_s},
                                                            {u"change.newValue"_s, u"Khonghucu"_s},
                                                            {u"person.religion"_s, u"6"_s}})
                                       << QStringList{u"bukti-data"_s, u"f-1.06"_s};
}

void TestCatalogue::exampleApplicationPasses()
{
    QFETCH(QString, service);
    QFETCH(QJsonObject, fields);
    QFETCH(QStringList, requirements);

    const QList<Finding> found = m_office.store->findings({service, fields, requirements});
    QVERIFY2(!hasErrors(found), qPrintable(messagesOf(found, Severity::Error).join(u' ')));
    QVERIFY2(found.isEmpty(), qPrintable(messagesOf(found, Severity::Warning).join(u' ')));
}

// One change from a complete application per row; the clock stands at 3 December 2026.
void TestCatalogue::serviceRules_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QStringList>("requirements");
    QTest::addColumn<int>("errors");

    const QStringList kiaDocuments{u"akta-kelahiran"_s, u"kk"_s, u"ktp-el-orang-tua"_s};
    const QStringList withPhoto = kiaDocuments + QStringList{u"pas-foto"_s};
    QTest::newRow("KIA at 16, the day before 17")
        << u"kia"_s << kia(u"2009-12-04"_s, u"1904010412090001"_s) << withPhoto << 0;
    QTest::newRow("KIA on the 17th birthday")
        << u"kia"_s << kia(u"2009-12-03"_s, u"1904010312090001"_s) << withPhoto << 1;
    QTest::newRow("KIA at 4 without a photo")
        << u"kia"_s << kia(u"2022-12-04"_s, u"1904010412220001"_s) << kiaDocuments << 0;
    QTest::newRow("KIA on the 5th birthday without a photo")
        << u"kia"_s << kia(u"2021-12-03"_s, u"1904010312210001"_s) << kiaDocuments << 1;

    const QStringList deathDocuments{u"f-2.01"_s, u"surat-kematian"_s, u"kk"_s,
                                     u"ktp-el-almarhum"_s};
    QTest::newRow("died on the day of birth")
        << u"akta-kematian"_s << deceased(u"1961-07-06"_s, u"1961-07-06"_s) << deathDocuments << 0;
    QTest::newRow("died before birth")
        << u"akta-kematian"_s << deceased(u"1961-07-06"_s, u"1961-07-05"_s) << deathDocuments << 1;
    QTest::newRow("died tomorrow")
        << u"akta-kematian"_s << deceased(u"1961-07-06"_s, u"2026-12-04"_s) << deathDocuments << 1;
    QJsonObject noBirthDate = deceased(u"1961-07-06"_s, u"2026-12-01"_s);
    noBirthDate.remove(u"deceased.birthDate"_s);
    QTest::newRow("birth date not known")
        << u"akta-kematian"_s << noBirthDate << deathDocuments << 0;

    QTest::newRow("moving to the same village")
        << u"surat-pindah"_s << move(u"19.04.01.1002"_s) << QStringList{u"kk"_s, u"f-1.03"_s} << 1;
    const QJsonObject replacement = merged(
        person(u"person"_s), {{u"person.village"_s, u"19.04.01.1017"_s}, {u"family.kk"_s, kKk}});
    QTest::newRow("KTP-el change of data without proof")
        << u"ktp-el-perubahan"_s << merged(replacement, {{u"change.kind"_s, u"perubahan-data"_s}})
        << QStringList{u"kk"_s, u"ktp-el-lama"_s} << 1;
    QTest::newRow("KTP-el replacement with no NIK")
        << u"ktp-el-perubahan"_s
        << merged(replacement,
                  {{u"change.kind"_s, u"rusak"_s}, {u"person.nik"_s, QJsonValue::Null}})
        << QStringList{u"kk"_s, u"ktp-el-lama"_s} << 1;
    QTest::newRow("new card after a move without the moving letter")
        << u"kk-baru"_s
        << merged(merged(person(u"head"_s), address()), {{u"head.religion"_s, u"1"_s},
                                                         {u"head.maritalStatus"_s, u"2"_s},
                                                         {u"head.citizenship"_s, u"1"_s},
                                                         {u"family.reason"_s, u"pindah-datang"_s},
                                                         {u"members"_s, tanjungFamily()}})
        << QStringList{u"buku-nikah"_s, u"f-1.01"_s} << 1;
}

void TestCatalogue::serviceRules()
{
    QFETCH(QString, service);
    QFETCH(QJsonObject, fields);
    QFETCH(QStringList, requirements);
    QFETCH(int, errors);

    const QList<Finding> found = m_office.store->findings({service, fields, requirements});
    const QStringList messages = messagesOf(found, Severity::Error);
    QVERIFY2(messages.size() == errors, qPrintable(messages.join(u' ')));
    for (const Finding& finding : found)
        QVERIFY2(finding.message.endsWith(u'.'), qPrintable(finding.message));
}

void TestCatalogue::codeListCounts_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("last");
    QTest::addColumn<bool>("complete");

    QTest::newRow("religion") << u"religion"_s << 7 << u"7"_s << true;
    QTest::newRow("SHDK") << u"shdk"_s << 11 << u"11"_s << true;
    QTest::newRow("marital status") << u"maritalStatus"_s << 4 << u"4"_s << true;
    // SIAK keeps A, B, AB and O without a rhesus factor beside the eight with one.
    QTest::newRow("blood type") << u"bloodType"_s << 13 << u"13"_s << true;
    QTest::newRow("citizenship") << u"citizenship"_s << 2 << u"2"_s << true;
    QTest::newRow("education") << u"education"_s << 10 << u"10"_s << true;
    QTest::newRow("occupation") << u"occupation"_s << 89 << u"89"_s << false;
}

void TestCatalogue::codeListCounts()
{
    QFETCH(QString, name);
    QFETCH(int, count);
    QFETCH(QString, last);
    QFETCH(bool, complete);

    // Occupation codes 56 to 89 wait for a check against the central office's master data.
    const CodeList* list = CodeLists::builtIn().list(name);
    QVERIFY(list);
    QCOMPARE(list->complete, complete);
    QCOMPARE(list->entries.size(), count);
    QCOMPARE(list->entries.first().value, u"1"_s);
    QCOMPARE(list->entries.last().value, last);
    for (const FieldOption& entry : list->entries)
        QVERIFY2(bothLanguages(entry.label), qPrintable(entry.value));
}

void TestCatalogue::codeListFillsChoices()
{
    const FieldSpec* religion =
        Catalogue::builtIn().service(u"kk-baru"_s)->field(u"head.religion"_s);
    QVERIFY(religion);
    QCOMPARE(religion->codeList, u"religion"_s);
    QCOMPARE(religion->options.size(), 7);
    QCOMPARE(religion->options.at(5).label.id, u"Khonghucu"_s);
    const FieldSpec* marital =
        Catalogue::builtIn().service(u"ktp-el-rekam"_s)->field(u"person.maritalStatus"_s);
    QCOMPARE(marital->options.size(), 4);
}

void TestCatalogue::unknownCodeListIsRefused()
{
    const QByteArray json = R"({"version": 3, "services": [{"code": "x",
        "name": {"id": "X", "en": "X"}, "applicant": {"name": "a"},
        "sections": [{"title": {"id": "A", "en": "A"}, "fields": [
            {"key": "a", "type": "choice", "codeList": "zodiac", "label": {"id": "A", "en": "A"}}]}],
        "requirements": [{"code": "kk", "label": {"id": "KK", "en": "KK"}}]}]})";
    QVERIFY(!Catalogue::fromJson(json));
    QVERIFY(Catalogue::fromJson(QByteArray(json).replace("zodiac", "religion")));
}

void TestCatalogue::repeatedSection_data()
{
    QTest::addColumn<QByteArray>("repeat");
    QTest::addColumn<bool>("readable");
    QTest::addColumn<int>("min");
    QTest::addColumn<int>("max");

    QTest::newRow("one to twenty")
        << QByteArray(R"({"key": "members", "min": 1, "max": 20})") << true << 1 << 20;
    QTest::newRow("none to three")
        << QByteArray(R"({"key": "members", "min": 0, "max": 3})") << true << 0 << 3;
    QTest::newRow("no key") << QByteArray(R"({"min": 1, "max": 20})") << false << 0 << 0;
    QTest::newRow("dotted key") << QByteArray(R"({"key": "a.members", "min": 1, "max": 2})")
                                << false << 0 << 0;
    QTest::newRow("max below min")
        << QByteArray(R"({"key": "members", "min": 3, "max": 2})") << false << 0 << 0;
    QTest::newRow("max zero") << QByteArray(R"({"key": "members", "min": 0, "max": 0})") << false
                              << 0 << 0;
    QTest::newRow("no max") << QByteArray(R"({"key": "members", "min": 1})") << false << 0 << 0;
}

void TestCatalogue::repeatedSection()
{
    QFETCH(QByteArray, repeat);
    QFETCH(bool, readable);
    QFETCH(int, min);
    QFETCH(int, max);

    const QByteArray json = R"({"version": 3, "services": [{"code": "x",
        "name": {"id": "X", "en": "X"}, "applicant": {"name": "a"},
        "sections": [{"title": {"id": "A", "en": "A"}, "fields": [
            {"key": "a", "type": "name", "label": {"id": "A", "en": "A"}}]},
          {"title": {"id": "B", "en": "B"}, "repeat": REPEAT, "fields": [
            {"key": "name", "type": "name", "label": {"id": "Nama", "en": "Name"}}]}],
        "requirements": [{"code": "kk", "label": {"id": "KK", "en": "KK"}}]}]})";
    const Result<Catalogue> catalogue =
        Catalogue::fromJson(QByteArray(json).replace("REPEAT", repeat));
    QCOMPARE(bool(catalogue), readable);
    if (!readable)
        return;
    const Service& service = catalogue->services().first();
    const Section* members = service.repeatedSection(u"members"_s);
    QVERIFY(members);
    QCOMPARE(members->repeat.min, min);
    QCOMPARE(members->repeat.max, max);
    // A member's field is not a field of the application itself.
    QVERIFY(!service.field(u"name"_s));
    QVERIFY(members->field(u"name"_s));
    QVERIFY(service.field(u"a"_s));
}

void TestCatalogue::familyServicesHaveMembers_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("oneHead");

    QTest::newRow("kk-baru") << u"kk-baru"_s << true;
    QTest::newRow("kk-perubahan") << u"kk-perubahan"_s << false;
}

void TestCatalogue::familyServicesHaveMembers()
{
    QFETCH(QString, code);
    QFETCH(bool, oneHead);

    const Service* service = Catalogue::builtIn().service(code);
    const Section* members = service->repeatedSection(u"members"_s);
    QVERIFY(members);
    QCOMPARE(members->repeat.min, 1);
    QCOMPARE(members->repeat.max, 20);
    QCOMPARE(service->rules.contains(u"one-head-of-family"_s), oneHead);
    const QStringList keys{u"name"_s,       u"nik"_s,        u"sex"_s,           u"birthPlace"_s,
                           u"birthDate"_s,  u"religion"_s,   u"maritalStatus"_s, u"shdk"_s,
                           u"education"_s,  u"occupation"_s, u"bloodType"_s,     u"citizenship"_s,
                           u"disability"_s, u"fatherName"_s, u"fatherNik"_s,     u"motherName"_s,
                           u"motherNik"_s};
    for (const QString& key : keys)
        QVERIFY2(members->field(key), qPrintable(key));
    QVERIFY(members->field(u"nik"_s)->allowNone);
    QCOMPARE(members->field(u"shdk"_s)->options.size(), 11);
    QCOMPARE(members->field(u"name"_s)->type, FieldType::Name);
}

// Every place of birth is picked from the region table, on a person and on a family member.
void TestCatalogue::everyBirthPlaceIsAPlace()
{
    int places = 0;
    for (const Service& service : Catalogue::builtIn().services()) {
        for (const Section& section : service.sections) {
            for (const FieldSpec& field : section.fields) {
                if (!field.key.endsWith(u"birthPlace"_s))
                    continue;
                QVERIFY2(field.type == FieldType::Place, qPrintable(field.key));
                ++places;
            }
        }
    }
    QCOMPARE(places, 11);
    QCOMPARE(fieldTypeFromName(u"place"_s), std::optional<FieldType>(FieldType::Place));
    QCOMPARE(fieldTypeName(FieldType::Place), u"place"_s);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestCatalogue)
#include "tst_catalogue.moc"
