#include "TestOffice.h"

#include "domain/Retention.h"
#include "domain/Search.h"
#include "sync/Outbox.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// Finding applications by any person's name, NIK or KK number and by registration number, within
// what the searching person may see.
class TestSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void readsTheTextAs_data();
    void readsTheTextAs();
    void finds_data();
    void finds();
    void resultsAreNewestFirstAndLimited();
    void findsFamilyMembers_data();
    void findsFamilyMembers();
    void purgedApplicationIsNotFound_data();
    void purgedApplicationIsNotFound();

private:
    Application save(const User& clerk, ApplicationInput input);
    User userNamed(const QString& name) const;
    QStringList applicantsFound(const User& user, const QString& text) const;
    int pagesWith(const QString& term) const;

    std::unique_ptr<TestOffice> m_office;
    QString m_firstNumber;
};

void TestSearch::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());

    m_firstNumber = save(m_office->clerk, birthCertificate(u"Ma'ruf"_s)).registrationNumber;

    ApplicationInput zoe = birthCertificate(u"Zoë Maharani"_s);
    zoe.fields[u"mother.name"_s] = u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s;
    zoe.fields[u"mother.nik"_s] = u"1904014212880004"_s;
    zoe.fields[u"father.name"_s] = u"I Gede Oka Ba'asyir"_s;
    zoe.fields[u"family.kk"_s] = u"1904012003150007"_s;
    save(m_office->clerk, zoe);

    ApplicationInput ktp;
    ktp.service = u"ktp-el-rekam"_s;
    ktp.fields = QJsonObject{{u"person.name"_s, u"Yohanes Tanjung"_s},
                             {u"person.nik"_s, u"1904010607610123"_s},
                             {u"person.sex"_s, u"1"_s},
                             {u"person.birthDate"_s, u"1961-07-06"_s}};
    save(m_office->otherClerk, ktp);
}

void TestSearch::cleanup()
{
    m_office.reset();
}

Application TestSearch::save(const User& clerk, ApplicationInput input)
{
    Result<Application> saved = m_office->store->saveDraft(clerk, input);
    if (!saved)
        qWarning("%s", qPrintable(saved.errorMessage()));
    return saved ? *saved : Application{};
}

User TestSearch::userNamed(const QString& name) const
{
    for (const User& user :
         {m_office->clerk, m_office->otherClerk, m_office->supervisor, m_office->admin}) {
        if (user.name == name)
            return user;
    }
    return {};
}

QStringList TestSearch::applicantsFound(const User& user, const QString& text) const
{
    Search search(*m_office->database, *m_office->store);
    Result<QList<Application>> found = search.find(user, text);
    if (!found)
        return {u"error: "_s + found.errorMessage()};
    QStringList names;
    for (const Application& application : *found)
        names.append(application.applicantName);
    return names;
}

// Pages of the name index that hold `term`'s bytes. A deleted row's terms stay in older segments
// until they are merged; "ruf" (from Ma'ruf) is stored whole, as no neighbouring term shares its
// start.
int TestSearch::pagesWith(const QString& term) const
{
    QSqlQuery query(m_office->database->connection());
    query.prepare(u"SELECT count(*) FROM application_name_index_data "
                  "WHERE instr(block, CAST(? AS BLOB)) > 0"_s);
    query.addBindValue(term.toUtf8());
    return query.exec() && query.next() ? query.value(0).toInt() : -1;
}

void TestSearch::readsTheTextAs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("registration");
    QTest::addColumn<QString>("nameMatch");

    QTest::newRow("NIK") << u"1904015505900002"_s << u"1904015505900002"_s << QString()
                         << QString();
    QTest::newRow("NIK typed in groups")
        << u" 1904 0155 0590 0002 "_s << u"1904015505900002"_s << QString() << QString();
    QTest::newRow("registration number start")
        << u"190401-20261203-k"_s << QString() << u"190401-20261203-K"_s << QString();
    QTest::newRow("fifteen digits")
        << u"190401550590000"_s << QString() << u"190401550590000"_s << QString();
    QTest::newRow("name") << u"maruf"_s << QString() << QString() << u"\"maruf\"*"_s;
    QTest::newRow("name with apostrophe and quote")
        << u"Ma'ruf \"x"_s << QString() << QString() << u"\"Maruf\"* \"x\"*"_s;
    QTest::newRow("only punctuation") << u"' - '"_s << QString() << QString() << QString();
    QTest::newRow("empty") << u"   "_s << QString() << QString() << QString();
}

void TestSearch::readsTheTextAs()
{
    QFETCH(QString, text);
    QFETCH(QString, number);
    QFETCH(QString, registration);
    QFETCH(QString, nameMatch);

    const SearchTerms terms = Search::termsOf(text);
    QCOMPARE(terms.number, number);
    QCOMPARE(terms.registration, registration);
    QCOMPARE(terms.nameMatch, nameMatch);
}

void TestSearch::finds_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("applicants");

    const QStringList maruf{u"Ma'ruf"_s};
    const QStringList zoe{u"Zoë Maharani"_s};
    const QStringList yohanes{u"Yohanes Tanjung"_s};
    const QStringList clerksOwn{u"Zoë Maharani"_s, u"Ma'ruf"_s};

    QTest::newRow("name without apostrophe") << u"siti"_s << u"maruf"_s << maruf;
    QTest::newRow("name as written") << u"siti"_s << u"Ma'ruf"_s << maruf;
    QTest::newRow("name in capitals") << u"siti"_s << u"MARUF"_s << maruf;
    QTest::newRow("without the accent") << u"siti"_s << u"zoe"_s << zoe;
    QTest::newRow("with the accent") << u"siti"_s << u"Zoë"_s << zoe;
    QTest::newRow("one of many names") << u"siti"_s << u"wahyuni"_s << zoe;
    QTest::newRow("start of a name") << u"siti"_s << u"wahy"_s << zoe;
    QTest::newRow("two names") << u"siti"_s << u"putu dewi"_s << zoe;
    QTest::newRow("father's name") << u"siti"_s << u"baasyir"_s << zoe;
    QTest::newRow("mother's name") << u"siti"_s << u"siti aminah"_s << maruf;
    QTest::newRow("reporter's name") << u"siti"_s << u"ahmad"_s << clerksOwn;
    QTest::newRow("no such name") << u"siti"_s << u"sukarno"_s << QStringList();
    QTest::newRow("middle of a name") << u"siti"_s << u"ahyuni"_s << QStringList();
    QTest::newRow("mother's NIK") << u"siti"_s << u"1904015505900002"_s << maruf;
    QTest::newRow("reporter's NIK") << u"siti"_s << u"1904010101850003"_s << clerksOwn;
    QTest::newRow("KK number") << u"siti"_s << u"1904012003150007"_s << zoe;
    QTest::newRow("unknown NIK") << u"siti"_s << u"1904015505900009"_s << QStringList();
    QTest::newRow("registration number start") << u"siti"_s << u"190401-20261203"_s << clerksOwn;
    QTest::newRow("office code") << u"kasi"_s << u"190401"_s
                                 << QStringList{u"Yohanes Tanjung"_s, u"Zoë Maharani"_s,
                                                u"Ma'ruf"_s};
    QTest::newRow("other clerk's applicant") << u"siti"_s << u"yohanes"_s << QStringList();
    QTest::newRow("other clerk's NIK") << u"siti"_s << u"1904010607610123"_s << QStringList();
    QTest::newRow("own applicant") << u"budi"_s << u"yohanes"_s << yohanes;
    QTest::newRow("another clerk's applicant") << u"budi"_s << u"maruf"_s << QStringList();
    QTest::newRow("supervisor sees all") << u"kasi"_s << u"1904010607610123"_s << yohanes;
    QTest::newRow("IT operator sees all") << u"it"_s << u"zoe"_s << zoe;
}

void TestSearch::finds()
{
    QFETCH(QString, user);
    QFETCH(QString, text);
    QFETCH(QStringList, applicants);

    QCOMPARE(applicantsFound(userNamed(user), text), applicants);
}

void TestSearch::resultsAreNewestFirstAndLimited()
{
    Search search(*m_office->database, *m_office->store);
    Result<QList<Application>> found = search.find(m_office->clerk, m_firstNumber);
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().registrationNumber, m_firstNumber);

    found = search.find(m_office->supervisor, u"190401"_s, 2);
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 2);
    QVERIFY(found->first().id > found->last().id);
}

void TestSearch::findsFamilyMembers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("found");

    QTest::newRow("a member's name") << u"Rosmawati"_s << true;
    QTest::newRow("a member's name without the accent") << u"devi"_s << true;
    QTest::newRow("the start of a member's name") << u"ignat"_s << true;
    QTest::newRow("two names of one member") << u"ignatius simanjuntak"_s << true;
    QTest::newRow("a member's NIK") << u"1904012003150004"_s << true;
    QTest::newRow("a member's NIK with spaces") << u"1904 0120 0315 0004"_s << true;
    QTest::newRow("a member's mother's NIK") << u"1904014212880004"_s << true;
    QTest::newRow("nobody in the family") << u"hutabarat"_s << false;
}

void TestSearch::findsFamilyMembers()
{
    QFETCH(QString, text);
    QFETCH(bool, found);

    QJsonObject daughter =
        familyMember(u"Dévi Simanjuntak"_s, QJsonValue::Null, u"2"_s, u"2026-11-20"_s, u"4"_s);
    daughter.insert(u"motherNik"_s, u"1904014212880004"_s);
    const QJsonArray members{familyMember(u"Bonifasius Simanjuntak"_s, u"1904010607610123"_s,
                                          u"1"_s, u"1961-07-06"_s, u"1"_s, u"2"_s),
                             familyMember(u"Rosmawati"_s, u"1904014212880004"_s, u"2"_s,
                                          u"1988-12-02"_s, u"3"_s, u"2"_s),
                             familyMember(u"Ignatius Simanjuntak"_s, u"1904012003150004"_s, u"1"_s,
                                          u"2015-03-20"_s, u"4"_s),
                             daughter};
    ApplicationInput family = familyCardChange(members);
    family.fields.insert(u"head.name"_s, u"Bonifasius Simanjuntak"_s);
    QVERIFY(!save(m_office->clerk, family).registrationNumber.isEmpty());

    const QStringList applicants = applicantsFound(m_office->clerk, text);
    QCOMPARE(applicants.contains(u"Bonifasius Simanjuntak"_s), found);
}

void TestSearch::purgedApplicationIsNotFound_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("by name") << u"maruf"_s;
    QTest::newRow("by mother's name") << u"aminah"_s;
    QTest::newRow("by mother's NIK") << u"1904015505900002"_s;
}

void TestSearch::purgedApplicationIsNotFound()
{
    QFETCH(QString, text);

    const Application application = *m_office->store->findByRegistrationNumber(m_firstNumber);
    ApplicationStore& store = *m_office->store;
    QVERIFY(store.submit(m_office->clerk, application.id, true).ok());
    QVERIFY(store.approve(m_office->supervisor, application.id).ok());
    protocol::StatusChange completed;
    completed.seq = 1;
    completed.uuid = protocol::parseUuid(application.uuid);
    completed.status = protocol::RemoteStatus::Completed;
    completed.at = m_office->clock.now();
    protocol::StatusPage page;
    page.cursor = 1;
    page.changes = {completed};
    QVERIFY(Outbox(*m_office->database, m_office->clock).applyStatusPage(page).ok());
    QVERIFY(store.recordHandOver(m_office->clerk, application.id).ok());
    QVERIFY(applicantsFound(m_office->clerk, text).contains(u"Ma'ruf"_s));
    QVERIFY(pagesWith(u"ruf"_s) > 0);

    m_office->clock.set(m_office->clock.now().addDays(31));
    Result<int> purged = Retention(*m_office->database, m_office->clock).purge();
    QVERIFY(purged.ok());
    QCOMPARE(*purged, 1);

    QCOMPARE(applicantsFound(m_office->clerk, text), QStringList());
    QCOMPARE(applicantsFound(m_office->supervisor, text), QStringList());
    QCOMPARE(applicantsFound(m_office->clerk, m_firstNumber).size(), 1); // the stub stays
    QCOMPARE(pagesWith(u"ruf"_s), 0); // not even left in an older segment of the file
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSearch)
#include "tst_search.moc"
