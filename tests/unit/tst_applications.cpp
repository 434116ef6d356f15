#include "TestOffice.h"

#include "domain/ApplicationImport.h"

#include "sync/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <ctime>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The life cycle on one office PC: capture, submit, approve or return, with four eyes.
class TestApplications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void manyIdsAreReadInOneStatement();
    void draftMayBeIncomplete();
    void submitRefusesErrors();
    void warningsNeedConfirmation();
    void approvalSealsTheContent();
    void nobodyApprovesTheirOwnCapture();
    void returnNeedsAReasonAndReopensTheDraft();
    void clerksSeeOnlyTheirOwnWork();
    void registrationNumbersAreUniqueAndCarryTheLocalDay();
    void dateOfBirthIsADate_data();
    void dateOfBirthIsADate();
    void namesSurviveAsWritten_data();
    void namesSurviveAsWritten();
    void approvalsFillBoundedBatches();
    void everyChangeLeavesAnEvent();
    void atomicWorkIsKeptWholeOrNotAtAll();
    void secondOpenRequestOfOnePersonWarns();
    void importRefusesKeysItDoesNotKnow_data();
    void importRefusesKeysItDoesNotKnow();

private:
    Application captured(const ApplicationInput& input, const User& clerk);
    int count(const QString& sql) const;

    std::unique_ptr<TestOffice> m_office;
};

void TestApplications::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
}

Application TestApplications::captured(const ApplicationInput& input, const User& clerk)
{
    Result<Application> saved = m_office->store->saveDraft(clerk, input);
    if (!saved)
        return {};
    Result<Application> submitted = m_office->store->submit(clerk, saved->id, false);
    return submitted ? *submitted : *saved;
}

int TestApplications::count(const QString& sql) const
{
    QSqlQuery query(m_office->database->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

void TestApplications::draftMayBeIncomplete()
{
    ApplicationInput input;
    input.service = u"akta-kelahiran"_s;
    input.fields = QJsonObject{{u"child.name"_s, u"Sukarno"_s}};
    Result<Application> saved = m_office->store->saveDraft(m_office->clerk, input);
    QVERIFY2(saved.ok(), qPrintable(saved.errorMessage()));
    QCOMPARE(saved->state, ApplicationState::Draft);
    QCOMPARE(saved->applicantName, u"Sukarno"_s);
    QVERIFY(!saved->registrationNumber.isEmpty());

    input.fields.insert(u"child.birthPlace"_s, u"Koba"_s);
    Result<Application> updated = m_office->store->saveDraft(m_office->clerk, input, saved->id);
    QVERIFY(updated.ok());
    QCOMPARE(updated->registrationNumber, saved->registrationNumber);
    QCOMPARE(updated->fields.value(u"child.birthPlace"_s).toString(), u"Koba"_s);
}

void TestApplications::submitRefusesErrors()
{
    ApplicationInput input = birthCertificate();
    input.fields.remove(u"mother.name"_s);
    Result<Application> saved = m_office->store->saveDraft(m_office->clerk, input);
    QVERIFY(saved.ok());
    Result<Application> submitted = m_office->store->submit(m_office->clerk, saved->id, true);
    QVERIFY(!submitted.ok());
    QCOMPARE(submitted.error().code, u"invalid"_s);
    QCOMPARE(m_office->store->find(saved->id)->state, ApplicationState::Draft);
    QCOMPARE(m_office->store->find(saved->id)->fields, saved->fields);
}

void TestApplications::warningsNeedConfirmation()
{
    // Born in September, reported in December: a late report the clerk must confirm.
    Result<Application> saved = m_office->store->saveDraft(
        m_office->clerk, birthCertificate(u"Sukarno"_s, u"2026-09-01"_s));
    QVERIFY(saved.ok());
    Result<Application> unconfirmed = m_office->store->submit(m_office->clerk, saved->id, false);
    QCOMPARE(unconfirmed.error().code, u"unconfirmed_warnings"_s);

    Result<Application> confirmed = m_office->store->submit(m_office->clerk, saved->id, true);
    QVERIFY2(confirmed.ok(), qPrintable(confirmed.errorMessage()));
    QCOMPARE(confirmed->state, ApplicationState::Submitted);
    QCOMPARE(confirmed->confirmedWarnings.size(), 1);
    QVERIFY(confirmed->confirmedWarnings.first().contains(u"60"_s));
}

void TestApplications::approvalSealsTheContent()
{
    const Application submitted = captured(birthCertificate(), m_office->clerk);
    Result<Application> approved = m_office->store->approve(m_office->supervisor, submitted.id);
    QVERIFY2(approved.ok(), qPrintable(approved.errorMessage()));
    QCOMPARE(approved->state, ApplicationState::Approved);
    QCOMPARE(approved->approvedBy, m_office->supervisor.id);
    QCOMPARE(approved->contentHash,
             protocol::contentHash(approved->service, approved->catalogueVersion, approved->fields,
                                   approved->requirements));

    ApplicationInput changed = birthCertificate(u"Ma'ruf Amin"_s);
    Result<Application> edited = m_office->store->saveDraft(m_office->clerk, changed, submitted.id);
    QCOMPARE(edited.error().code, u"not_editable"_s);
    QCOMPARE(m_office->store->find(submitted.id)->applicantName, u"Ma'ruf"_s);
    QCOMPARE(m_office->store->approve(m_office->supervisor, submitted.id).error().code,
             u"not_submitted"_s);
}

void TestApplications::nobodyApprovesTheirOwnCapture()
{
    // A supervisor may not capture at all; the four-eyes rule is checked all the same, on data
    // that says the supervisor captured it.
    const Application submitted = captured(birthCertificate(), m_office->clerk);
    QSqlQuery query(m_office->database->connection());
    QVERIFY(query.exec(u"UPDATE application SET created_by = %1"_s.arg(m_office->supervisor.id)));

    Result<Application> own = m_office->store->approve(m_office->supervisor, submitted.id);
    QCOMPARE(own.error().code, u"four_eyes"_s);
    Result<int> all = m_office->store->approveAll(m_office->supervisor);
    QCOMPARE(*all, 0);
    QCOMPARE(*m_office->store->approveAll(m_office->otherSupervisor), 1);

    QCOMPARE(m_office->store->approve(m_office->clerk, submitted.id).error().code, u"forbidden"_s);
    QCOMPARE(m_office->store->approve(m_office->admin, submitted.id).error().code, u"forbidden"_s);
}

void TestApplications::returnNeedsAReasonAndReopensTheDraft()
{
    const Application submitted = captured(birthCertificate(), m_office->clerk);
    QCOMPARE(
        m_office->store->returnToClerk(m_office->supervisor, submitted.id, u"  "_s).error().code,
        u"reason_required"_s);

    Result<Application> returned = m_office->store->returnToClerk(
        m_office->supervisor, submitted.id, u"Nama ibu tidak sesuai buku nikah"_s);
    QVERIFY(returned.ok());
    QCOMPARE(returned->state, ApplicationState::Returned);
    QCOMPARE(returned->stateReason, u"Nama ibu tidak sesuai buku nikah"_s);

    ApplicationInput corrected = birthCertificate();
    corrected.fields.insert(u"mother.name"_s, u"Siti Aminah binti Umar"_s);
    QVERIFY(m_office->store->saveDraft(m_office->clerk, corrected, submitted.id).ok());
    Result<Application> again = m_office->store->submit(m_office->clerk, submitted.id, false);
    QVERIFY(again.ok());
    QCOMPARE(again->state, ApplicationState::Submitted);
    QVERIFY(again->stateReason.isEmpty());
}

void TestApplications::clerksSeeOnlyTheirOwnWork()
{
    Result<Application> mine = m_office->store->saveDraft(m_office->clerk, birthCertificate());
    Result<Application> theirs =
        m_office->store->saveDraft(m_office->otherClerk, birthCertificate(u"Sukarno"_s));
    QVERIFY(mine.ok() && theirs.ok());

    const QList<Application> seenByClerk = m_office->store->listFor(m_office->clerk);
    QCOMPARE(seenByClerk.size(), 1);
    QCOMPARE(seenByClerk.first().id, mine->id);
    QCOMPARE(m_office->store->listFor(m_office->otherClerk).first().id, theirs->id);
    QCOMPARE(m_office->store->listFor(m_office->supervisor).size(), 2);

    Result<Application> meddled =
        m_office->store->saveDraft(m_office->otherClerk, birthCertificate(u"X"_s), mine->id);
    QCOMPARE(meddled.error().code, u"forbidden"_s);
    QCOMPARE(m_office->store->submit(m_office->otherClerk, mine->id, true).error().code,
             u"not_editable"_s);
    QCOMPARE(m_office->store->find(mine->id)->applicantName, u"Ma'ruf"_s);
}

void TestApplications::registrationNumbersAreUniqueAndCarryTheLocalDay()
{
    const QByteArray oldTz = qgetenv("TZ");
    qputenv("TZ", "Asia/Jakarta");
    tzset();
    // 06:30 WIB on 4 December is 23:30 UTC on 3 December.
    m_office->clock.set(QDateTime(QDate(2026, 12, 3), QTime(23, 30), Qt::UTC));
    const QString station = Office::load(*m_office->database)->station;

    QSet<QString> numbers;
    for (int i = 1; i <= 3; ++i) {
        Result<Application> saved = m_office->store->saveDraft(m_office->clerk, birthCertificate());
        QVERIFY(saved.ok());
        QCOMPARE(saved->registrationNumber,
                 u"190401-20261204-%1-%2"_s.arg(station).arg(i, 4, 10, QLatin1Char('0')));
        numbers.insert(saved->registrationNumber);
    }
    QCOMPARE(numbers.size(), 3);

    m_office->clock.set(QDateTime(QDate(2026, 12, 4), QTime(17, 0), Qt::UTC));
    Result<Application> nextDay = m_office->store->saveDraft(m_office->clerk, birthCertificate());
    QCOMPARE(nextDay->registrationNumber, u"190401-20261205-%1-0001"_s.arg(station));

    if (oldTz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", oldTz);
    tzset();
}

void TestApplications::dateOfBirthIsADate_data()
{
    QTest::addColumn<QByteArray>("timeZone");

    QTest::newRow("WIT, UTC+9") << QByteArray("Asia/Jayapura");
    QTest::newRow("Hawaii, UTC-10") << QByteArray("Pacific/Honolulu");
    QTest::newRow("UTC") << QByteArray("UTC");
}

void TestApplications::dateOfBirthIsADate()
{
    QFETCH(QByteArray, timeZone);

    const QByteArray oldTz = qgetenv("TZ");
    qputenv("TZ", timeZone);
    tzset();
    const Application submitted =
        captured(birthCertificate(u"Sukarno"_s, u"2026-11-01"_s), m_office->clerk);
    QVERIFY(m_office->store->approve(m_office->supervisor, submitted.id).ok());
    const Application stored = *m_office->store->find(submitted.id);
    QCOMPARE(stored.fields.value(u"child.birthDate"_s).toString(), u"2026-11-01"_s);
    QCOMPARE(count(u"SELECT count(*) FROM application WHERE json_extract(fields, "
                   "'$.\"child.birthDate\"') = '2026-11-01'"_s),
             1);
    if (oldTz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", oldTz);
    tzset();
}

void TestApplications::namesSurviveAsWritten_data()
{
    QTest::addColumn<QString>("name");

    QTest::newRow("apostrophe") << u"Ma'ruf"_s;
    QTest::newRow("single name") << u"Sukarno"_s;
    QTest::newRow("long Balinese name") << u"Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi"_s;
    QTest::newRow("accent") << u"Zoë"_s;
}

void TestApplications::namesSurviveAsWritten()
{
    QFETCH(QString, name);

    const Application submitted = captured(birthCertificate(name), m_office->clerk);
    QCOMPARE(submitted.state, ApplicationState::Submitted);
    QCOMPARE(submitted.applicantName, name);
    QCOMPARE(m_office->store->find(submitted.id)->fields.value(u"child.name"_s).toString(), name);
}

void TestApplications::approvalsFillBoundedBatches()
{
    const int total = ApplicationStore::kBatchSize + 5;
    for (int i = 0; i < total; ++i)
        QCOMPARE(captured(birthCertificate(), m_office->clerk).state, ApplicationState::Submitted);
    QCOMPARE(*m_office->store->approveAll(m_office->supervisor), total);

    QCOMPARE(count(u"SELECT count(*) FROM batch"_s), 2);
    QCOMPARE(
        count(u"SELECT max(n) FROM (SELECT count(*) AS n FROM application GROUP BY batch_id)"_s),
        ApplicationStore::kBatchSize);
    QCOMPARE(count(u"SELECT count(*) FROM batch WHERE state = 'sealed'"_s), 1);
    QCOMPARE(count(u"SELECT count(*) FROM application WHERE batch_id IS NULL"_s), 0);
}

void TestApplications::everyChangeLeavesAnEvent()
{
    const Application submitted = captured(birthCertificate(), m_office->clerk);
    QVERIFY(m_office->store->approve(m_office->supervisor, submitted.id).ok());
    QSqlQuery query(m_office->database->connection());
    QVERIFY(
        query.exec(u"SELECT coalesce(from_state, '-'), to_state, user_id FROM application_event "
                   "ORDER BY id"_s));
    QStringList trail;
    while (query.next()) {
        trail.append(query.value(0).toString() + u'>' + query.value(1).toString() + u'@' +
                     query.value(2).toString());
    }
    QCOMPARE(trail, (QStringList{u"->draft@%1"_s.arg(m_office->clerk.id),
                                 u"draft>submitted@%1"_s.arg(m_office->clerk.id),
                                 u"submitted>approved@%1"_s.arg(m_office->supervisor.id)}));
}

void TestApplications::atomicWorkIsKeptWholeOrNotAtAll()
{
    const Status failed = m_office->store->atomically([&]() -> Status {
        for (int i = 0; i < 3; ++i) {
            if (!m_office->store->saveDraft(m_office->clerk, birthCertificate()))
                return Error{u"unexpected"_s};
        }
        return Error{u"power cut"_s, u"test"_s};
    });
    QCOMPARE(failed.error().code, u"test"_s);
    QCOMPARE(count(u"SELECT count(*) FROM application"_s), 0);
    QCOMPARE(count(u"SELECT count(*) FROM application_event"_s), 0);
    QCOMPARE(count(u"SELECT count(*) FROM registration_sequence"_s), 0);

    const Status kept = m_office->store->atomically([&]() -> Status {
        for (int i = 0; i < 3; ++i) {
            if (!m_office->store->saveDraft(m_office->clerk, birthCertificate()))
                return Error{u"unexpected"_s};
        }
        return {};
    });
    QVERIFY(kept.ok());
    QCOMPARE(count(u"SELECT count(*) FROM application"_s), 3);
    QVERIFY(m_office->store->saveDraft(m_office->clerk, birthCertificate()).ok());
    QCOMPARE(count(u"SELECT count(*) FROM application"_s), 4);
}

void TestApplications::secondOpenRequestOfOnePersonWarns()
{
    ApplicationInput ktp;
    ktp.service = u"ktp-el-rekam"_s;
    ktp.fields = QJsonObject{{u"person.name"_s, u"Sukarno"_s},
                             {u"person.nik"_s, u"1904010607610123"_s},
                             {u"person.sex"_s, u"1"_s},
                             {u"person.birthPlace"_s, u"Koba"_s},
                             {u"person.birthDate"_s, u"1961-07-06"_s},
                             {u"person.maritalStatus"_s, u"2"_s},
                             {u"person.village"_s, u"19.04.01.2003"_s},
                             {u"family.kk"_s, u"1904011505200001"_s}};
    ktp.requirements = {u"kk"_s};
    const Application first = captured(ktp, m_office->clerk);
    QCOMPARE(first.state, ApplicationState::Submitted);

    // The same person again, by another clerk: a warning naming the first, to confirm.
    QList<Finding> found = m_office->store->findings(ktp);
    QCOMPARE(messagesOf(found, Severity::Warning).size(), 1);
    QVERIFY(messagesOf(found, Severity::Warning).first().contains(first.registrationNumber));
    Result<Application> second = m_office->store->saveDraft(m_office->otherClerk, ktp);
    QVERIFY(second.ok());
    QCOMPARE(m_office->store->submit(m_office->otherClerk, second->id, false).error().code,
             ApplicationStore::kUnconfirmedWarnings);
    QVERIFY(m_office->store->submit(m_office->otherClerk, second->id, true).ok());

    // An application does not warn about itself, and another service is another request.
    const QStringList aboutFirst =
        messagesOf(m_office->store->findings(ktp, first.id), Severity::Warning);
    QCOMPARE(aboutFirst.size(), 1);
    QVERIFY(aboutFirst.first().contains(second->registrationNumber));
    QVERIFY(!aboutFirst.first().contains(first.registrationNumber));
    ApplicationInput other = ktp;
    other.fields.insert(u"person.nik"_s, u"1904014202990031"_s);
    other.fields.insert(u"person.sex"_s, u"2"_s);
    other.fields.insert(u"person.birthDate"_s, u"1999-02-02"_s);
    QCOMPARE(m_office->store->findings(other).size(), 0);
}

void TestApplications::importRefusesKeysItDoesNotKnow_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("misspelt confirmation") << u"confirmwarnings"_s;
    QTest::newRow("members beside the fields") << u"members"_s;
}

void TestApplications::importRefusesKeysItDoesNotKnow()
{
    QFETCH(QString, key);

    const ApplicationInput input = birthCertificate();
    QJsonObject entry{{u"service"_s, input.service},
                      {u"fields"_s, input.fields},
                      {u"requirements"_s, QJsonArray::fromStringList(input.requirements)}};
    entry.insert(key, true);
    const QByteArray file = QJsonDocument(QJsonObject{{u"format"_s, u"sipelanduk-applications"_s},
                                                      {u"version"_s, 1},
                                                      {u"applications"_s, QJsonArray{entry}}})
                                .toJson();
    const Result<ApplicationImport::Outcome> imported =
        ApplicationImport::run(*m_office->store, m_office->clerk, file, true);
    QCOMPARE(imported.error().code, u"invalid_format"_s);
    QVERIFY(imported.errorMessage().contains(key));
    QCOMPARE(count(u"SELECT count(*) FROM application"_s), 0);
}

// Search hands over any number of ids; the statement must not grow with them (case 7).
void TestApplications::manyIdsAreReadInOneStatement()
{
    QList<qint64> ids;
    for (qint64 missing = 100'000; missing < 102'500; ++missing)
        ids.append(missing);
    QList<qint64> saved;
    for (int i = 0; i < 3; ++i) {
        Result<Application> draft =
            m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY(draft.ok());
        saved.append(draft->id);
        ids.insert(ids.size() / 2, draft->id);
    }

    const QList<Application> found = m_office->store->withIds(ids);
    QCOMPARE(found.size(), 3);
    QCOMPARE(found[0].id, saved[2]);
    QCOMPARE(found[2].id, saved[0]);
    QVERIFY(m_office->store->withIds({}).isEmpty());
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestApplications)
#include "tst_applications.moc"
