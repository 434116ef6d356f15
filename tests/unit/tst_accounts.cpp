#include "TestOffice.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

class TestAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void passwordsAreStoredAsArgon2id();
    void signInChecksThePassword();
    void onlyTheOperatorCreatesAccounts_data();
    void onlyTheOperatorCreatesAccounts();
    void namesAndPasswordsFollowTheRules_data();
    void namesAndPasswordsFollowTheRules();
    void officeIsSetUpOnce();
    void permissions_data();
    void permissions();

private:
    std::unique_ptr<TestOffice> m_office;
};

void TestAccounts::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
}

void TestAccounts::passwordsAreStoredAsArgon2id()
{
    QSqlQuery query(m_office->database->connection());
    QVERIFY(query.exec(u"SELECT password_hash FROM user WHERE name = 'siti'"_s) && query.next());
    const QString hash = query.value(0).toString();
    QVERIFY2(hash.startsWith(u"$argon2id$"_s), qPrintable(hash));
    QVERIFY(!hash.contains(u"rahasia"_s));
}

void TestAccounts::signInChecksThePassword()
{
    Result<User> signedIn = m_office->accounts->authenticate(u"siti"_s, u"rahasia-siti"_s);
    QVERIFY(signedIn.ok());
    QCOMPARE(signedIn->role, Role::Clerk);
    QCOMPARE(signedIn->id, m_office->clerk.id);

    Result<User> wrong = m_office->accounts->authenticate(u"siti"_s, u"rahasia-budi"_s);
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, u"login_failed"_s);
    // The same sentence for an unknown name: the answer does not tell which names exist.
    QCOMPARE(m_office->accounts->authenticate(u"nobody"_s, u"whatever1"_s).errorMessage(),
             wrong.errorMessage());
}

void TestAccounts::onlyTheOperatorCreatesAccounts_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("IT operator") << u"it"_s << true;
    QTest::newRow("clerk") << u"siti"_s << false;
    QTest::newRow("supervisor") << u"kasi"_s << false;
}

void TestAccounts::onlyTheOperatorCreatesAccounts()
{
    QFETCH(QString, actor);
    QFETCH(bool, allowed);

    const User user = *m_office->accounts->find(actor);
    Result<User> created =
        m_office->accounts->create(u"dewi"_s, Role::Clerk, u"rahasia-dewi"_s, &user);
    QCOMPARE(created.ok(), allowed);
    QCOMPARE(m_office->accounts->find(u"dewi"_s).has_value(), allowed);
    if (!allowed)
        QCOMPARE(created.error().code, u"forbidden"_s);

    Result<User> withoutActor =
        m_office->accounts->create(u"eka"_s, Role::Admin, u"rahasia-eka"_s, nullptr);
    QCOMPARE(withoutActor.error().code, u"forbidden"_s);
}

void TestAccounts::namesAndPasswordsFollowTheRules_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("code");

    QTest::newRow("fine") << u"nur.aini"_s << u"panjang-sekali"_s << QString();
    QTest::newRow("short password") << u"nuraini"_s << u"pendek"_s << u"weak_password"_s;
    QTest::newRow("space in name") << u"nur aini"_s << u"panjang-sekali"_s << u"invalid_name"_s;
    QTest::newRow("capital letters") << u"NurAini"_s << u"panjang-sekali"_s << u"invalid_name"_s;
    QTest::newRow("taken") << u"siti"_s << u"panjang-sekali"_s << u"duplicate_user"_s;
}

void TestAccounts::namesAndPasswordsFollowTheRules()
{
    QFETCH(QString, name);
    QFETCH(QString, password);
    QFETCH(QString, code);

    Result<User> created =
        m_office->accounts->create(name, Role::Clerk, password, &m_office->admin);
    QCOMPARE(created.ok(), code.isEmpty());
    if (!code.isEmpty())
        QCOMPARE(created.error().code, code);
}

void TestAccounts::officeIsSetUpOnce()
{
    Result<OfficeInfo> office = Office::load(*m_office->database);
    QVERIFY(office.ok());
    QCOMPARE(office->code, u"19.04.01"_s);
    QCOMPARE(office->name, u"Koba"_s);
    QCOMPARE(office->station.size(), 5);

    Result<User> again =
        Office::initialise(*m_office->database, *m_office->regions, *m_office->accounts,
                           u"19.04.02"_s, u"it2"_s, u"rahasia-it2"_s);
    QCOMPARE(again.error().code, u"already_initialised"_s);
    QCOMPARE(Office::load(*m_office->database)->code, u"19.04.01"_s);
}

void TestAccounts::permissions_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Action>("action");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("clerk captures") << Role::Clerk << Action::CaptureApplication << true;
    QTest::newRow("clerk approves") << Role::Clerk << Action::ApproveApplication << false;
    QTest::newRow("clerk syncs") << Role::Clerk << Action::RunSync << false;
    QTest::newRow("supervisor approves") << Role::Supervisor << Action::ApproveApplication << true;
    QTest::newRow("supervisor captures") << Role::Supervisor << Action::CaptureApplication << false;
    QTest::newRow("operator approves") << Role::Admin << Action::ApproveApplication << false;
    QTest::newRow("operator enrols") << Role::Admin << Action::EnrolDevice << true;
    QTest::newRow("operator manages users") << Role::Admin << Action::ManageUsers << true;
}

void TestAccounts::permissions()
{
    QFETCH(Role, role);
    QFETCH(Action, action);
    QFETCH(bool, allowed);

    QCOMPARE(isAllowed(role, action), allowed);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestAccounts)
#include "tst_accounts.moc"
