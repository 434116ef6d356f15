// Measures search and saving at 10,000, 100,000 and 1,000,000 applications in a new data folder.
// The applications are realistic: people of Bangka Tengah's villages (and some from elsewhere in
// Indonesia) with common names, valid NIKs and KK numbers made from region codes and birth
// dates. They are written by plain SQL in one transaction for speed; the search indexes are the
// product's own, filled by the triggers of the schema.

#include "Clock.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "domain/Search.h"
#include "security/Accounts.h"
#include "storage/Database.h"
#include "storage/Office.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

// Given names common in Bangka Belitung: Malay and Muslim names, Javanese, Chinese-Indonesian
// and Balinese families, and a few written with an apostrophe or an accent.
const QStringList kMaleNames = {
    u"Muhammad"_s, u"Ahmad"_s,  u"Rizki"_s,   u"Budi"_s,   u"Agus"_s,     u"Andi"_s,
    u"Hendra"_s,   u"Joko"_s,   u"Dedi"_s,    u"Rudi"_s,   u"Irwan"_s,    u"Fajar"_s,
    u"Yusuf"_s,    u"Ilham"_s,  u"Hasan"_s,   u"Ma'ruf"_s, u"Nu'man"_s,   u"Bambang"_s,
    u"Slamet"_s,   u"Wahyu"_s,  u"Arif"_s,    u"Dimas"_s,  u"Yohanes"_s,  u"Kevin"_s,
    u"Hendrik"_s,  u"Aditya"_s, u"Bayu"_s,    u"Eko"_s,    u"Firman"_s,   u"Gede"_s,
    u"Komang"_s,   u"Rahmat"_s, u"Syahrul"_s, u"Taufik"_s, u"Zulkifli"_s, u"Abdul"_s,
    u"Khairul"_s,  u"Ridwan"_s, u"Saiful"_s,  u"Tono"_s,   u"Heru"_s,     u"Iqbal"_s};
const QStringList kFemaleNames = {
    u"Siti"_s,     u"Nur"_s,     u"Dewi"_s,      u"Sri"_s,       u"Ayu"_s,       u"Putri"_s,
    u"Wahyuni"_s,  u"Rina"_s,    u"Yuliana"_s,   u"Fitri"_s,     u"Lestari"_s,   u"Indah"_s,
    u"Aminah"_s,   u"Aisyah"_s,  u"Rahmawati"_s, u"Nurhayati"_s, u"Maharani"_s,  u"Zoë"_s,
    u"Mega"_s,     u"Novi"_s,    u"Ratna"_s,     u"Sari"_s,      u"Wulan"_s,     u"Yanti"_s,
    u"Linda"_s,    u"Melati"_s,  u"Anggraini"_s, u"Kartika"_s,   u"Handayani"_s, u"Susanti"_s,
    u"Mu'minah"_s, u"Fatimah"_s, u"Khadijah"_s,  u"Suryani"_s,   u"Marlina"_s,   u"Yunita"_s};
const QStringList kSurnames = {
    u"Pratama"_s,  u"Saputra"_s,   u"Hidayat"_s,    u"Santoso"_s, u"Wijaya"_s,    u"Gunawan"_s,
    u"Setiawan"_s, u"Kurniawan"_s, u"Nugroho"_s,    u"Siregar"_s, u"Lubis"_s,     u"Tanjung"_s,
    u"Harahap"_s,  u"Sembiring"_s, u"Tan"_s,        u"Lim"_s,     u"Halim"_s,     u"Susilo"_s,
    u"Permana"_s,  u"Ramadhan"_s,  u"Firmansyah"_s, u"Hakim"_s,   u"Syahputra"_s, u"Effendi"_s};
const QStringList kBalinese = {u"Putu"_s,   u"Made"_s,  u"Kadek"_s,
                               u"Nyoman"_s, u"Ketut"_s, u"Wayan"_s};

struct Village
{
    QString code;
    QString name;
    QString district() const { return code.left(8).remove(u'.'); }
};

struct Person
{
    QString name;
    QString nik;
};

// Villages of the national table: level 4 codes such as 19.04.01.1002.
QList<Village> villagesOf(const QString& csvPath, const QString& prefix, bool inside)
{
    QList<Village> villages;
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return villages;
    QTextStream in(&file);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        const qsizetype comma = line.indexOf(u',');
        const QString code = line.left(comma);
        if (comma != 13 || code.startsWith(prefix) != inside)
            continue;
        villages.append({code, line.mid(comma + 1).remove(u'"')});
    }
    return villages;
}

class Generator
{
public:
    Generator(QList<Village> home, QList<Village> elsewhere)
        : m_home(std::move(home))
        , m_elsewhere(std::move(elsewhere))
    {}

    // Nine in ten people live in Bangka Tengah; the rest came from anywhere in Indonesia.
    const Village& village()
    {
        const QList<Village>& from = m_random.bounded(10) == 0 ? m_elsewhere : m_home;
        return from.at(m_random.bounded(static_cast<int>(from.size())));
    }

    QString name(bool female)
    {
        const QString& given = pick(female ? kFemaleNames : kMaleNames);
        switch (m_random.bounded(8)) {
        case 0:
            return given;
        case 1: // a Balinese name: Ni Luh / I Gede, birth order, then given names
            return (female ? u"Ni Luh "_s : u"I "_s) + pick(kBalinese) + u' ' + given + u' ' +
                   pick(female ? kFemaleNames : kMaleNames);
        case 2:
        case 3:
            return given + u' ' + pick(female ? kFemaleNames : kMaleNames);
        default:
            return given + u' ' + pick(kSurnames);
        }
    }

    // PPKKCC DDMMYY SSSS: the kecamatan, the birth date (day + 40 for women) and a serial.
    QString nik(const Village& where, QDate birth, bool female)
    {
        const int day = birth.day() + (female ? 40 : 0);
        return where.district() + u"%1%2%3%4"_s.arg(day, 2, 10, QLatin1Char('0'))
                                      .arg(birth.month(), 2, 10, QLatin1Char('0'))
                                      .arg(birth.year() % 100, 2, 10, QLatin1Char('0'))
                                      .arg(m_random.bounded(1, 10000), 4, 10, QLatin1Char('0'));
    }

    QDate date(int fromYear, int toYear)
    {
        const QDate first(fromYear, 1, 1);
        return first.addDays(
            m_random.bounded(static_cast<int>(first.daysTo(QDate(toYear, 12, 31)))));
    }

    Person person(const Village& where, bool female, int fromYear, int toYear)
    {
        return {name(female), nik(where, date(fromYear, toYear), female)};
    }

    // A birth certificate: child, mother, father (who reports), the family's KK.
    ApplicationInput birthCertificate(Person* applicant)
    {
        const Village& where = village();
        const bool girl = m_random.bounded(2) == 0;
        const QDate born = date(2021, 2026).addDays(-40);
        const Person mother = person(where, true, 1980, 2002);
        const Person father = person(where, false, 1975, 2000);
        const QString childName =
            pick(girl ? kFemaleNames : kMaleNames) + u' ' + father.name.section(u' ', -1);
        *applicant = {childName, {}};
        ApplicationInput input{u"akta-kelahiran"_s,
                               QJsonObject{{u"child.name"_s, childName},
                                           {u"child.nik"_s, QJsonValue::Null},
                                           {u"child.sex"_s, girl ? u"2"_s : u"1"_s},
                                           {u"child.birthPlace"_s, where.name},
                                           {u"child.birthDate"_s, born.toString(Qt::ISODate)},
                                           {u"child.village"_s, where.code},
                                           {u"family.kk"_s, nik(where, date(2005, 2025), false)},
                                           {u"mother.name"_s, mother.name},
                                           {u"mother.nik"_s, mother.nik},
                                           {u"father.name"_s, father.name},
                                           {u"father.nik"_s, father.nik},
                                           {u"reporter.name"_s, father.name},
                                           {u"reporter.nik"_s, father.nik},
                                           {u"reporter.relation"_s, u"ayah"_s}},
                               {u"surat-kelahiran"_s, u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s}};
        m_sample.append(mother);
        return input;
    }

    // A KTP-el recording for an adult.
    ApplicationInput identityCard(Person* applicant)
    {
        const Village& where = village();
        const bool female = m_random.bounded(2) == 0;
        *applicant = person(where, female, 1950, 2009);
        m_sample.append(*applicant);
        return {u"ktp-el-rekam"_s,
                QJsonObject{{u"person.name"_s, applicant->name},
                            {u"person.nik"_s, applicant->nik},
                            {u"person.sex"_s, female ? u"2"_s : u"1"_s},
                            {u"person.birthPlace"_s, where.name},
                            {u"person.village"_s, where.code},
                            {u"person.maritalStatus"_s, u"kawin"_s}},
                {u"kk"_s}};
    }

    ApplicationInput application(Person* applicant)
    {
        return m_random.bounded(10) < 7 ? birthCertificate(applicant) : identityCard(applicant);
    }

    const Person& sampled()
    {
        return m_sample.at(m_random.bounded(static_cast<int>(m_sample.size())));
    }
    QRandomGenerator& random() { return m_random; }

private:
    const QString& pick(const QStringList& list)
    {
        return list.at(m_random.bounded(static_cast<int>(list.size())));
    }

    QList<Village> m_home;
    QList<Village> m_elsewhere;
    QList<Person> m_sample;
    QRandomGenerator m_random{2026};
};

struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
};

Percentiles percentiles(std::vector<double> millis)
{
    if (millis.empty())
        return {};
    std::sort(millis.begin(), millis.end());
    const auto at = [&](double share) {
        return millis.at(std::min(millis.size() - 1, static_cast<size_t>(share * millis.size())));
    };
    return {at(0.50), at(0.95)};
}

Percentiles timed(int times, const std::function<void(int)>& work)
{
    std::vector<double> millis;
    QElapsedTimer timer;
    for (int i = 0; i < times; ++i) {
        timer.start();
        work(i);
        millis.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    return percentiles(millis);
}

void fail(const QString& message)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
    std::exit(1);
}

class Bench
{
public:
    Bench(Database& database, Generator& generator, int queries, int saves)
        : m_database(database)
        , m_generator(generator)
        , m_regions(database)
        , m_accounts(database, m_clock)
        , m_queries(queries)
        , m_saves(saves)
    {}

    void setUp()
    {
        Result<User> admin = Office::initialise(m_database, m_regions, m_accounts, u"19.04.01"_s,
                                                u"it"_s, u"rahasia-it"_s);
        if (!admin)
            fail(admin.errorMessage());
        for (const QString& name : {u"siti"_s, u"budi"_s, u"rina"_s, u"agus"_s}) {
            Result<User> clerk =
                m_accounts.create(name, Role::Clerk, u"rahasia-"_s + name, &*admin);
            if (!clerk)
                fail(clerk.errorMessage());
            m_clerks.append(*clerk);
        }
        m_supervisor = *m_accounts.create(u"kasi"_s, Role::Supervisor, u"rahasia-kasi"_s, &*admin);
        m_office = *Office::load(m_database);
        m_store = std::make_unique<ApplicationStore>(m_database, Catalogue::builtIn(), m_regions,
                                                     m_clock);
    }

    // Adds applications up to `total`, each on an earlier day than today, 500 a day.
    double fillTo(int total, int largest)
    {
        QElapsedTimer timer;
        timer.start();
        if (Status begun = m_database.transaction(); !begun)
            fail(begun.errorMessage());
        QSqlQuery insert(m_database.connection());
        insert.prepare(u"INSERT INTO application (uuid, registration_number, service, "
                       "catalogue_version, state, fields, requirements, applicant_name, "
                       "applicant_nik, created_by, created_at, updated_at, state_changed_at) "
                       "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        const QDate firstDay = QDate::currentDate().addDays(-(largest / kPerDay) - 2);
        for (; m_count < total; ++m_count)
            insertOne(insert, firstDay);
        if (Status committed = m_database.commit(); !committed)
            fail(committed.errorMessage());
        QSqlQuery(m_database.connection()).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        return static_cast<double>(timer.elapsed()) / 1000.0;
    }

    Percentiles searchByNik()
    {
        return timedSearch(m_supervisor, [this](int) { return m_generator.sampled().nik; });
    }

    Percentiles searchByName(const User& user)
    {
        return timedSearch(user, [this](int i) {
            const QStringList words = m_generator.sampled().name.split(u' ');
            if (i % 2 == 0)
                return words.at(m_generator.random().bounded(static_cast<int>(words.size())));
            return words.mid(0, 2).join(u' ');
        });
    }

    Percentiles searchByNamePrefix()
    {
        return timedSearch(m_supervisor, [this](int) {
            return m_generator.sampled().name.section(u' ', -1).left(4);
        });
    }

    Percentiles saveDraft()
    {
        return timed(m_saves, [this](int) {
            Person applicant;
            if (Result<Application> saved =
                    m_store->saveDraft(m_clerks.first(), m_generator.birthCertificate(&applicant));
                !saved)
                fail(saved.errorMessage());
        });
    }

    const User& supervisor() const { return m_supervisor; }
    const User& clerk() const { return m_clerks.first(); }

private:
    static constexpr int kPerDay = 500;

    Percentiles timedSearch(const User& user, const std::function<QString(int)>& text)
    {
        Search search(m_database, *m_store);
        return timed(m_queries, [&](int i) {
            if (Result<QList<Application>> found = search.find(user, text(i)); !found)
                fail(found.errorMessage());
        });
    }

    void insertOne(QSqlQuery& insert, QDate firstDay)
    {
        static const QStringList kStates = {u"completed"_s, u"completed"_s, u"completed"_s,
                                            u"accepted"_s,  u"submitted"_s, u"draft"_s};
        Person applicant;
        const ApplicationInput input = m_generator.application(&applicant);
        const QDate day = firstDay.addDays(m_count / kPerDay);
        const QString at = day.startOfDay(Qt::UTC)
                               .addSecs(8 * 3600 + m_count % kPerDay * 40)
                               .toString(Qt::ISODateWithMs);
        insert.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        insert.addBindValue(
            u"%1-%2-%3-%4"_s.arg(m_office.digits(), day.toString(u"yyyyMMdd"_s), m_office.station)
                .arg(m_count % kPerDay + 1, 4, 10, QLatin1Char('0')));
        insert.addBindValue(input.service);
        insert.addBindValue(kStates.at(m_count % kStates.size()));
        insert.addBindValue(
            QString::fromUtf8(QJsonDocument(input.fields).toJson(QJsonDocument::Compact)));
        insert.addBindValue(
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(input.requirements))
                                  .toJson(QJsonDocument::Compact)));
        insert.addBindValue(applicant.name);
        insert.addBindValue(applicant.nik.isEmpty() ? QVariant() : QVariant(applicant.nik));
        insert.addBindValue(m_clerks.at(m_count % m_clerks.size()).id);
        insert.addBindValue(at);
        insert.addBindValue(at);
        insert.addBindValue(at);
        if (!insert.exec())
            fail(insert.lastError().text());
    }

    Database& m_database;
    Generator& m_generator;
    SystemClock m_clock;
    RegionStore m_regions;
    Accounts m_accounts;
    std::unique_ptr<ApplicationStore> m_store;
    OfficeInfo m_office;
    QList<User> m_clerks;
    User m_supervisor;
    int m_queries;
    int m_saves;
    int m_count = 0;
};

double megabytes(const QString& dataDir)
{
    qint64 bytes = 0;
    for (const QString& name : {u"sipelanduk.sqlite"_s, u"sipelanduk.sqlite-wal"_s})
        bytes += QFileInfo(QDir(dataDir).filePath(name)).size();
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

QString cell(const Percentiles& p)
{
    return u"%1 / %2"_s.arg(p.p50, 0, 'f', 1).arg(p.p95, 0, 'f', 1);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"sipelanduk.*.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures search and saving at office scale."_s);
    parser.addHelpOption();
    const QCommandLineOption dirOption(u"dir"_s, u"New, empty data folder"_s, u"DIR"_s);
    const QCommandLineOption levelsOption(u"levels"_s, u"Sizes, comma-separated"_s, u"N,N"_s,
                                          u"10000,100000,1000000"_s);
    const QCommandLineOption queriesOption(u"queries"_s, u"Queries per kind"_s, u"N"_s, u"300"_s);
    const QCommandLineOption savesOption(u"saves"_s, u"Saves per level"_s, u"N"_s, u"50"_s);
    const QCommandLineOption regionsOption(u"regions"_s, u"kode,nama CSV"_s, u"FILE"_s,
                                           QStringLiteral(SIPELANDUK_SHARED_DIR) +
                                               u"/data/wilayah/wilayah_kepmendagri_2025.csv"_s);
    parser.addOptions({dirOption, levelsOption, queriesOption, savesOption, regionsOption});
    parser.process(app);

    const QString dir = parser.value(dirOption);
    if (dir.isEmpty() || (QDir(dir).exists() && !QDir(dir).isEmpty()))
        fail(u"Give a new or empty folder with --dir."_s);
    const QString csv = parser.value(regionsOption);
    Generator generator(villagesOf(csv, u"19.04."_s, true), villagesOf(csv, u"19.04."_s, false));

    Result<std::unique_ptr<Database>> opened = Database::open(dir);
    if (!opened)
        fail(opened.errorMessage());
    Bench bench(**opened, generator, parser.value(queriesOption).toInt(),
                parser.value(savesOption).toInt());
    bench.setUp();

    QList<int> levels;
    for (const QString& level : parser.value(levelsOption).split(u','))
        levels.append(level.toInt());
    const int largest = *std::max_element(levels.cbegin(), levels.cend());

    QTextStream out(stdout);
    out << "| applications | fill (s) | database (MB) | NIK p50 / p95 (ms) | name p50 / p95 (ms) "
           "| name start p50 / p95 (ms) | name as clerk p50 / p95 (ms) | saveDraft p50 / p95 (ms) "
           "|\n"
           "|---|---|---|---|---|---|---|---|\n";
    out.flush();
    for (const int level : levels) {
        const double seconds = bench.fillTo(level, largest);
        const double size = megabytes(dir);
        out << "| " << level << " | " << QString::number(seconds, 'f', 1) << " | "
            << QString::number(size, 'f', 1) << " | " << cell(bench.searchByNik()) << " | "
            << cell(bench.searchByName(bench.supervisor())) << " | "
            << cell(bench.searchByNamePrefix()) << " | " << cell(bench.searchByName(bench.clerk()))
            << " | " << cell(bench.saveDraft()) << " |\n";
        out.flush();
    }
    return 0;
}
