#include "TestOffice.h"

#include "domain/Retention.h"
#include "security/AuditLog.h"
#include "security/PersonReport.h"
#include "sync/Outbox.h"

#include <QProcess>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The audit trail: what it records, that it catches tampering, what it tells a resident, and the
// purge of personal data when retention ends.
class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void lifeCycleIsRecorded();
    void refusalsAreRecorded();
    void trailHoldsNoNik();
    void appendOnlyInsideTheProgram();
    void tamperingIsNamed_data();
    void tamperingIsNamed();
    void personReportAnswersForOnePerson();
    void familyMembersAreSubjects_data();
    void familyMembersAreSubjects();
    void retentionPurgesHandedOverApplications_data();
    void retentionPurgesHandedOverApplications();

private:
    Application approved(const QString& name = u"Ma'ruf"_s);
    QStringList actions() const;
    bool sqlite(const QString& sql) const;

    std::unique_ptr<TestOffice> m_office;
};

void TestAudit::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
}

Application TestAudit::approved(const QString& name)
{
    Result<Application> saved = m_office->store->saveDraft(m_office->clerk, birthCertificate(name));
    if (!saved)
        qWarning("%s", qPrintable(saved.errorMessage()));
    if (saved)
        saved = m_office->store->submit(m_office->clerk, saved->id, false);
    if (saved)
        saved = m_office->store->approve(m_office->supervisor, saved->id);
    return saved ? *saved : Application{};
}

QStringList TestAudit::actions() const
{
    QStringList names;
    QSqlQuery query(m_office->database->connection());
    query.exec(u"SELECT action || ':' || user_name FROM audit_entry ORDER BY seq"_s);
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

// Changes the database as an intruder would: with the sqlite3 tool, triggers dropped first.
bool TestAudit::sqlite(const QString& sql) const
{
    QProcess tool;
    tool.start(u"sqlite3"_s,
               {m_office->database->filePath(), u"DROP TRIGGER IF EXISTS audit_entry_no_update; "
                                                "DROP TRIGGER IF EXISTS audit_entry_no_delete; "_s +
                                                    sql});
    return tool.waitForFinished(10'000) && tool.exitCode() == 0;
}

void TestAudit::lifeCycleIsRecorded()
{
    const Application application = approved();
    QVERIFY(m_office->store->view(m_office->supervisor, application.id).ok());
    QCOMPARE(actions(), (QStringList{u"trail_started:system"_s, u"created:siti"_s,
                                     u"submitted:siti"_s, u"approved:kasi"_s, u"viewed:kasi"_s}));
    const QList<AuditEntry> entries =
        AuditLog(*m_office->database, m_office->clock).forApplication(application.uuid);
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.first().registrationNumber, application.registrationNumber);
    QCOMPARE(entries.first().at, m_office->clock.now());
    QVERIFY(AuditLog(*m_office->database, m_office->clock).verify().ok());
}

void TestAudit::refusalsAreRecorded()
{
    const Application application = approved();
    QVERIFY(!m_office->store->approve(m_office->clerk, application.id).ok());
    QVERIFY(!m_office->store->view(m_office->otherClerk, application.id).ok());
    QCOMPARE(actions().mid(4), (QStringList{u"refused:siti"_s, u"refused:budi"_s}));
}

void TestAudit::trailHoldsNoNik()
{
    approved();
    QSqlQuery query(m_office->database->connection());
    QVERIFY(query.exec(u"SELECT group_concat(subjects || detail || coalesce(registration_number, "
                       "''), '|') FROM audit_entry"_s));
    QVERIFY(query.next());
    const QString trail = query.value(0).toString();
    QVERIFY(!trail.isEmpty());
    QVERIFY(!trail.contains(u"1904015505900002"_s));
    QVERIFY(!trail.contains(u"1904010101850003"_s));
}

void TestAudit::appendOnlyInsideTheProgram()
{
    approved();
    QSqlQuery query(m_office->database->connection());
    QVERIFY(!query.exec(u"UPDATE audit_entry SET detail = 'x' WHERE seq = 1"_s));
    QVERIFY(!query.exec(u"DELETE FROM audit_entry WHERE seq = 1"_s));
    QCOMPARE(actions().size(), 4);
}

void TestAudit::tamperingIsNamed_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QString>("words");

    QTest::newRow("detail changed")
        << u"UPDATE audit_entry SET detail = 'x' WHERE seq = 2"_s << qint64(2) << u"was changed"_s;
    QTest::newRow("user changed") << u"UPDATE audit_entry SET user_name = 'budi' WHERE seq = 3"_s
                                  << qint64(3) << u"was changed"_s;
    QTest::newRow("entry removed")
        << u"DELETE FROM audit_entry WHERE seq = 2"_s << qint64(2) << u"is missing"_s;
    QTest::newRow("person taken off an entry")
        << u"DROP TRIGGER audit_subject_no_delete; DELETE FROM audit_subject WHERE seq = 3"_s
        << qint64(3) << u"people listed"_s;
    QTest::newRow("person added to an entry")
        << u"INSERT INTO audit_subject VALUES (4, 'ffff')"_s << qint64(4) << u"people listed"_s;
    QTest::newRow("salt removed") << u"DELETE FROM setting WHERE key = 'audit.salt'"_s << qint64(1)
                                  << u"salt"_s;
    QTest::newRow("protection dropped") << u"SELECT 1"_s << qint64(0) << u"append-only"_s;
    QTest::newRow("entries swapped") << u"UPDATE audit_entry SET seq = -seq WHERE seq IN (2, 3); "
                                        "UPDATE audit_entry SET seq = 3 WHERE seq = -2; "
                                        "UPDATE audit_entry SET seq = 2 WHERE seq = -3;"_s
                                     << qint64(2) << u"does not follow"_s;
}

void TestAudit::tamperingIsNamed()
{
    QFETCH(QString, sql);
    QFETCH(qint64, seq);
    QFETCH(QString, words);

    approved();
    approved(u"Sukarno"_s);
    QVERIFY(AuditLog(*m_office->database, m_office->clock).verify().ok());
    QVERIFY(sqlite(sql));

    // The tool dropped the append-only triggers on the way: that is one of the problems named.
    const AuditVerification verification = AuditLog(*m_office->database, m_office->clock).verify();
    QVERIFY(!verification.ok());
    QStringList named;
    for (const AuditProblem& problem : verification.problems) {
        if (problem.seq == seq && problem.message.contains(words))
            named.append(problem.message);
    }
    QCOMPARE(named.size(), 1);
    QCOMPARE(verification.problems.first().seq, qint64(0));
}

void TestAudit::personReportAnswersForOnePerson()
{
    const Application first = approved();
    ApplicationInput other = birthCertificate(u"Sukarno"_s);
    other.fields.insert(u"mother.nik"_s, u"1904016208920004"_s);
    Result<Application> unrelated = m_office->store->saveDraft(m_office->clerk, other);
    QVERIFY(unrelated.ok());

    const PersonReport report =
        PersonReport::build(*m_office->database, m_office->clock, u"1904015505900002"_s);
    QStringList seen;
    for (const AuditEntry& entry : report.entries())
        seen.append(entry.action);
    QCOMPARE(seen, (QStringList{u"created"_s, u"submitted"_s, u"approved"_s}));
    for (const AuditEntry& entry : report.entries())
        QCOMPARE(entry.registrationNumber, first.registrationNumber);

    const QList<QByteArray> lines = report.toCsv().split('\n');
    QCOMPARE(lines.size(), 5); // header, three entries, and the empty rest after the last break
    QVERIFY(lines.at(1).contains(first.registrationNumber.toUtf8()));
    QVERIFY(lines.at(3).contains("kasi"));
    QVERIFY(report.toHtml().contains(first.registrationNumber));
    QVERIFY(!report.toHtml().contains(unrelated->registrationNumber));

    // The reporter appears in both applications.
    QCOMPARE(PersonReport::build(*m_office->database, m_office->clock, u"1904010101850003"_s)
                 .entries()
                 .size(),
             4);
}

void TestAudit::retentionPurgesHandedOverApplications_data()
{
    QTest::addColumn<int>("daysSinceHandOver");
    QTest::addColumn<bool>("handedOver");
    QTest::addColumn<bool>("purged");

    QTest::newRow("31 days after hand-over") << 31 << true << true;
    QTest::newRow("30 days after hand-over") << 30 << true << true;
    QTest::newRow("29 days after hand-over") << 29 << true << false;
    QTest::newRow("completed, never handed over") << 90 << false << false;
}

void TestAudit::retentionPurgesHandedOverApplications()
{
    QFETCH(int, daysSinceHandOver);
    QFETCH(bool, handedOver);
    QFETCH(bool, purged);

    const Application application = approved();
    Outbox outbox(*m_office->database, m_office->clock);
    protocol::StatusPage page;
    page.cursor = 1;
    protocol::StatusChange completed;
    completed.seq = 1;
    completed.uuid = protocol::parseUuid(application.uuid);
    completed.status = protocol::RemoteStatus::Completed;
    completed.at = m_office->clock.now();
    page.changes = {completed};
    QVERIFY(outbox.applyStatusPage(page).ok());
    if (handedOver) {
        QVERIFY(m_office->store->recordHandOver(m_office->clerk, application.id).ok());
        QCOMPARE(m_office->store->recordHandOver(m_office->clerk, application.id).error().code,
                 u"not_completed"_s);
    }

    m_office->clock.set(m_office->clock.now().addDays(daysSinceHandOver));
    Retention retention(*m_office->database, m_office->clock);
    QCOMPARE(retention.days(), 30);
    Result<int> done = retention.purge();
    QVERIFY(done.ok());
    QCOMPARE(*done, purged ? 1 : 0);

    const Application after = *m_office->store->find(application.id);
    QCOMPARE(after.purgedAt.isValid(), purged);
    QCOMPARE(after.fields.isEmpty(), purged);
    QCOMPARE(after.applicantName.isEmpty(), purged);
    QCOMPARE(after.registrationNumber, application.registrationNumber);
    QCOMPARE(after.state, ApplicationState::Completed);

    AuditLog audit(*m_office->database, m_office->clock);
    QVERIFY(audit.verify().ok());
    const QList<AuditEntry> forMother = audit.forPerson(u"1904015505900002"_s);
    QCOMPARE(forMother.last().action, purged       ? u"purged"_s
                                      : handedOver ? u"handed_over"_s
                                                   : u"status_received"_s);
}

void TestAudit::familyMembersAreSubjects_data()
{
    QTest::addColumn<QJsonArray>("members");
    QTest::addColumn<QStringList>("niks");

    const QString head = u"1904010607610123"_s;
    const QString wife = u"1904015505900002"_s;
    const QString son = u"1904012003150004"_s;
    QTest::newRow("every member once, no NIK yet skipped")
        << tanjungFamily() << QStringList{head, wife, son};
    QJsonArray withParents = tanjungFamily();
    QJsonObject grandchild =
        familyMember(u"Putri"_s, QJsonValue::Null, u"2"_s, u"2026-10-01"_s, u"6"_s);
    grandchild.insert(u"motherNik"_s, u"1904014212880004"_s);
    grandchild.insert(u"fatherNik"_s, QJsonValue::Null);
    withParents.append(grandchild);
    QTest::newRow("a parent's NIK is a subject")
        << withParents << QStringList{head, wife, son, u"1904014212880004"_s};
    QTest::newRow("no members") << QJsonArray() << QStringList{head};
}

void TestAudit::familyMembersAreSubjects()
{
    QFETCH(QJsonArray, members);
    QFETCH(QStringList, niks);

    Application application;
    application.service = u"kk-perubahan"_s;
    application.fields = familyCardChange(members).fields;
    QCOMPARE(AuditLog::niksOf(application), niks);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestAudit)
#include "tst_audit.moc"
