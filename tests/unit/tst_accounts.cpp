#include "TestOffice.h"

#include "security/SessionPolicy.h"

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
    void refusalNamesWhoMay_data();
    void refusalNamesWhoMay();
    void namesAndPasswordsFollowTheRules_data();
    void namesAndPasswordsFollowTheRules();
    void officeIsSetUpOnce();
    void permissions_data();
    void permissions();
    void wrongPasswordsLockTheAccount_data();
    void wrongPasswordsLockTheAccount();
    void disabledAccountsCannotSignIn();
    void onlyTheOperatorCaresForAccounts_data();
    void onlyTheOperatorCaresForAccounts();
    void resetPasswordReplacesTheOldOne();
    void theLastOperatorStaysActive();
    void idleMinutesAreASetting_data();
    void idleMinutesAreASetting();

private:
    Status careFor(const QString& operation, const User& actor);
    AccountState stateOf(const QString& name) const;

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

// A refusal says who may do the work instead, so the person at the PC knows whom to ask.
void TestAccounts::refusalNamesWhoMay_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("expected");

    QTest::newRow("clerk approves")
        << Role::Clerk << Action::ApproveApplication
        << u"dewi is signed in as Counter clerk, who may not do this; it is work for: "
           u"Supervisor. Sign in with such an account."_s;
    QTest::newRow("clerk sees all")
        << Role::Clerk << Action::ViewAllApplications
        << u"dewi is signed in as Counter clerk, who may not do this; it is work for: "
           u"Supervisor or IT operator. Sign in with such an account."_s;
    QTest::newRow("operator captures")
        << Role::Admin << Action::CaptureApplication
        << u"dewi is signed in as IT operator, who may not do this; it is work for: "
           u"Counter clerk. Sign in with such an account."_s;
}

void TestAccounts::refusalNamesWhoMay()
{
    QFETCH(Role, role);
    QFETCH(Action, action);
    QFETCH(QString, expected);

    const Status refused = requirePermission(User{7, u"dewi"_s, role}, action);
    QCOMPARE(refused.errorMessage(), expected);
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

// Every action against every role: a new action or role without a row here fails the test.
void TestAccounts::permissions_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Action>("action");
    QTest::addColumn<bool>("allowed");

    const Role clerk = Role::Clerk;
    const Role supervisor = Role::Supervisor;
    const Role admin = Role::Admin;
    QTest::newRow("clerk captures") << clerk << Action::CaptureApplication << true;
    QTest::newRow("clerk approves") << clerk << Action::ApproveApplication << false;
    QTest::newRow("clerk sees all") << clerk << Action::ViewAllApplications << false;
    QTest::newRow("clerk manages users") << clerk << Action::ManageUsers << false;
    QTest::newRow("clerk enrols") << clerk << Action::EnrolDevice << false;
    QTest::newRow("clerk syncs") << clerk << Action::RunSync << false;
    QTest::newRow("clerk imports regions") << clerk << Action::ImportReferenceData << false;
    QTest::newRow("supervisor captures") << supervisor << Action::CaptureApplication << false;
    QTest::newRow("supervisor approves") << supervisor << Action::ApproveApplication << true;
    QTest::newRow("supervisor sees all") << supervisor << Action::ViewAllApplications << true;
    QTest::newRow("supervisor manages users") << supervisor << Action::ManageUsers << false;
    QTest::newRow("supervisor enrols") << supervisor << Action::EnrolDevice << false;
    QTest::newRow("supervisor syncs") << supervisor << Action::RunSync << false;
    QTest::newRow("supervisor imports regions")
        << supervisor << Action::ImportReferenceData << false;
    QTest::newRow("operator captures") << admin << Action::CaptureApplication << false;
    QTest::newRow("operator approves") << admin << Action::ApproveApplication << false;
    QTest::newRow("operator sees all") << admin << Action::ViewAllApplications << true;
    QTest::newRow("operator manages users") << admin << Action::ManageUsers << true;
    QTest::newRow("operator enrols") << admin << Action::EnrolDevice << true;
    QTest::newRow("operator syncs") << admin << Action::RunSync << true;
    QTest::newRow("operator imports regions") << admin << Action::ImportReferenceData << true;
}

void TestAccounts::permissions()
{
    QFETCH(Role, role);
    QFETCH(Action, action);
    QFETCH(bool, allowed);

    QCOMPARE(isAllowed(role, action), allowed);
    QVERIFY(!actionName(action).isEmpty());
    const Status required = requirePermission(User{7, u"dewi"_s, role}, action);
    QCOMPARE(required.ok(), allowed);
    if (!allowed) {
        QCOMPARE(required.error().code, u"forbidden"_s);
        QVERIFY2(required.errorMessage().contains(u"dewi"_s), qPrintable(required.errorMessage()));
    }
}

AccountState TestAccounts::stateOf(const QString& name) const
{
    const QList<AccountState> states = *m_office->accounts->states(m_office->admin);
    for (const AccountState& state : states) {
        if (state.user.name == name)
            return state;
    }
    return {};
}

// Wrong passwords one minute apart, then one more try `minutesLater` after the last of them.
void TestAccounts::wrongPasswordsLockTheAccount_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("minutesLater");
    QTest::addColumn<bool>("rightPassword");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("countAfter");

    QTest::newRow("four wrong, then right") << 4 << 0 << true << QString() << 0;
    QTest::newRow("five wrong, then right") << 5 << 0 << true << u"account_locked"_s << 5;
    QTest::newRow("five wrong, right 14 minutes on") << 5 << 14 << true << u"account_locked"_s << 5;
    QTest::newRow("five wrong, right 15 minutes on") << 5 << 15 << true << QString() << 0;
    QTest::newRow("five wrong, wrong 15 minutes on") << 5 << 15 << false << u"login_failed"_s << 1;
    // Tries while locked are not counted and do not push the end of the lock further.
    QTest::newRow("seven wrong, right 13 minutes on") << 7 << 13 << true << QString() << 0;
    QTest::newRow("seven wrong, right 12 minutes on")
        << 7 << 12 << true << u"account_locked"_s << 5;
}

void TestAccounts::wrongPasswordsLockTheAccount()
{
    QFETCH(int, failures);
    QFETCH(int, minutesLater);
    QFETCH(bool, rightPassword);
    QFETCH(QString, code);
    QFETCH(int, countAfter);

    const QDateTime start = m_office->clock.now();
    for (int attempt = 1; attempt <= failures; ++attempt) {
        m_office->clock.set(start.addSecs(60 * (attempt - 1)));
        Result<User> refused = m_office->accounts->authenticate(u"siti"_s, u"salah-sandi"_s);
        const bool lockedNow = attempt >= Accounts::kMaxFailedAttempts;
        QCOMPARE(refused.error().code, lockedNow ? u"account_locked"_s : u"login_failed"_s);
    }
    m_office->clock.set(start.addSecs(60 * (failures - 1 + minutesLater)));

    Result<User> signedIn = m_office->accounts->authenticate(
        u"siti"_s, rightPassword ? u"rahasia-siti"_s : u"salah-sandi"_s);
    QCOMPARE(signedIn.ok(), code.isEmpty());
    if (!code.isEmpty())
        QCOMPARE(signedIn.error().code, code);
    if (code == "account_locked"_L1) {
        const QDateTime until =
            start.addSecs(60 * (Accounts::kMaxFailedAttempts - 1 + Accounts::kLockoutMinutes));
        const QString localTime = until.toLocalTime().toString(u"HH:mm"_s);
        QVERIFY2(signedIn.errorMessage().contains(localTime), qPrintable(signedIn.errorMessage()));
        QCOMPARE(stateOf(u"siti"_s).lockedUntil, until);
    }
    QCOMPARE(stateOf(u"siti"_s).failedAttempts, countAfter);
}

void TestAccounts::disabledAccountsCannotSignIn()
{
    QVERIFY(m_office->accounts->setActive(m_office->admin, u"siti"_s, false).ok());
    QCOMPARE(m_office->accounts->authenticate(u"siti"_s, u"rahasia-siti"_s).error().code,
             u"account_disabled"_s);
    // Without the password the answer is the usual one: the name alone tells nothing.
    QCOMPARE(m_office->accounts->authenticate(u"siti"_s, u"salah-sandi"_s).error().code,
             u"login_failed"_s);
    // The account and what it did stay on the PC.
    QVERIFY(!stateOf(u"siti"_s).active);
    QCOMPARE(stateOf(u"siti"_s).user.id, m_office->clerk.id);

    QVERIFY(m_office->accounts->setActive(m_office->admin, u"siti"_s, true).ok());
    QVERIFY(m_office->accounts->authenticate(u"siti"_s, u"rahasia-siti"_s).ok());
}

void TestAccounts::onlyTheOperatorCaresForAccounts_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("operation");

    for (const QString& operation :
         {u"reset-password"_s, u"disable"_s, u"enable"_s, u"list"_s, u"idle-minutes"_s}) {
        for (const QString& actor : {u"it"_s, u"siti"_s, u"kasi"_s}) {
            const QByteArray row = (actor + u' ' + operation).toUtf8();
            QTest::newRow(row.constData()) << actor << operation;
        }
    }
}

Status TestAccounts::careFor(const QString& operation, const User& actor)
{
    Accounts& accounts = *m_office->accounts;
    if (operation == "reset-password"_L1)
        return accounts.resetPassword(actor, u"budi"_s, u"sandi-baru-budi"_s);
    if (operation == "disable"_L1)
        return accounts.setActive(actor, u"budi"_s, false);
    if (operation == "enable"_L1)
        return accounts.setActive(actor, u"budi"_s, true);
    if (operation == "list"_L1) {
        Result<QList<AccountState>> states = accounts.states(actor);
        return states ? Status() : Status(states.error());
    }
    return SessionPolicy::setIdleMinutes(*m_office->database, actor, 3);
}

void TestAccounts::onlyTheOperatorCaresForAccounts()
{
    QFETCH(QString, actor);
    QFETCH(QString, operation);

    if (operation == "enable"_L1)
        QVERIFY(m_office->accounts->setActive(m_office->admin, u"budi"_s, false).ok());
    const AccountState before = stateOf(u"budi"_s);
    const User user = *m_office->accounts->find(actor);
    const bool allowed = user.role == Role::Admin;

    const Status done = careFor(operation, user);
    QCOMPARE(done.ok(), allowed);
    if (allowed)
        return;
    QCOMPARE(done.error().code, u"forbidden"_s);
    QCOMPARE(stateOf(u"budi"_s).active, before.active);
    QVERIFY(!stateOf(u"budi"_s).passwordChangedAt.isValid());
    QCOMPARE(SessionPolicy::idleMinutes(*m_office->database), SessionPolicy::kDefaultIdleMinutes);
}

void TestAccounts::resetPasswordReplacesTheOldOne()
{
    for (int attempt = 0; attempt < Accounts::kMaxFailedAttempts; ++attempt)
        (void)m_office->accounts->authenticate(u"siti"_s, u"salah-sandi"_s);
    QVERIFY(stateOf(u"siti"_s).isLocked(m_office->clock.now()));

    const Status weak = m_office->accounts->resetPassword(m_office->admin, u"siti"_s, u"pendek"_s);
    QCOMPARE(weak.error().code, u"weak_password"_s);
    const Status nobody =
        m_office->accounts->resetPassword(m_office->admin, u"nobody"_s, u"sandi-baru-siti"_s);
    QCOMPARE(nobody.error().code, u"unknown_user"_s);

    QVERIFY(
        m_office->accounts->resetPassword(m_office->admin, u"siti"_s, u"sandi-baru-siti"_s).ok());
    const AccountState after = stateOf(u"siti"_s);
    QCOMPARE(after.passwordChangedAt, m_office->clock.now());
    QVERIFY(!after.isLocked(m_office->clock.now()));
    QCOMPARE(after.failedAttempts, 0);
    QCOMPARE(m_office->accounts->authenticate(u"siti"_s, u"rahasia-siti"_s).error().code,
             u"login_failed"_s);
    QVERIFY(m_office->accounts->authenticate(u"siti"_s, u"sandi-baru-siti"_s).ok());
}

void TestAccounts::theLastOperatorStaysActive()
{
    const User it = m_office->admin;
    QCOMPARE(m_office->accounts->setActive(it, u"it"_s, false).error().code, u"own_account"_s);

    // A second operator disables the first, whose window is still open: that session cannot
    // leave the PC without an active IT operator.
    const User it2 = m_office->add(u"it2"_s, Role::Admin);
    QVERIFY(m_office->accounts->setActive(it2, u"it"_s, false).ok());
    QCOMPARE(m_office->accounts->setActive(it, u"it2"_s, false).error().code, u"last_admin"_s);
    QVERIFY(stateOf(u"it2"_s).active);

    QVERIFY(m_office->accounts->setActive(it2, u"it"_s, true).ok());
    QVERIFY(m_office->accounts->setActive(it, u"it2"_s, false).ok());
    QVERIFY(!stateOf(u"it2"_s).active);
}

void TestAccounts::idleMinutesAreASetting_data()
{
    QTest::addColumn<QString>("actor");
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("stored");

    QTest::newRow("operator, 5") << u"it"_s << 5 << QString() << 5;
    QTest::newRow("operator, never") << u"it"_s << 0 << QString() << 0;
    QTest::newRow("operator, a working day") << u"it"_s << 480 << QString() << 480;
    QTest::newRow("operator, negative") << u"it"_s << -1 << u"invalid_setting"_s << 10;
    QTest::newRow("operator, too long") << u"it"_s << 481 << u"invalid_setting"_s << 10;
    QTest::newRow("clerk") << u"siti"_s << 30 << u"forbidden"_s << 10;
    QTest::newRow("supervisor") << u"kasi"_s << 30 << u"forbidden"_s << 10;
}

void TestAccounts::idleMinutesAreASetting()
{
    QFETCH(QString, actor);
    QFETCH(int, minutes);
    QFETCH(QString, code);
    QFETCH(int, stored);

    Database& database = *m_office->database;
    QCOMPARE(SessionPolicy::idleMinutes(database), SessionPolicy::kDefaultIdleMinutes);
    const Status set =
        SessionPolicy::setIdleMinutes(database, *m_office->accounts->find(actor), minutes);
    QCOMPARE(set.ok(), code.isEmpty());
    if (!code.isEmpty())
        QCOMPARE(set.error().code, code);
    QCOMPARE(SessionPolicy::idleMinutes(database), stored);

    // A value nobody could have chosen falls back to the default.
    QVERIFY(database.setSetting(SessionPolicy::kIdleMinutesKey, u"lama"_s).ok());
    QCOMPARE(SessionPolicy::idleMinutes(database), SessionPolicy::kDefaultIdleMinutes);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestAccounts)
#include "tst_accounts.moc"
