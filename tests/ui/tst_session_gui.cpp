// What each role is offered on screen, what core refuses when the screens are bypassed, and the
// lock of a session nobody uses, driven from the keyboard and mouse.

#include "ScriptedPrompter.h"
#include "TestOffice.h"

#include "ApplicationForm.h"
#include "IdleWatcher.h"
#include "LockDialog.h"
#include "MainWindow.h"
#include "Workspace.h"
#include "security/SessionPolicy.h"
#include "sync/SyncClient.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

// What the screens would ask of core, each with the role that may do it.
struct Operation
{
    QString name;
    Role allowed;
};

const QList<Operation> kOperations = {
    {u"save draft"_s, Role::Clerk},     {u"submit"_s, Role::Clerk},
    {u"approve"_s, Role::Supervisor},   {u"approve all"_s, Role::Supervisor},
    {u"return"_s, Role::Supervisor},    {u"create user"_s, Role::Admin},
    {u"reset password"_s, Role::Admin}, {u"disable user"_s, Role::Admin},
    {u"list users"_s, Role::Admin},     {u"set idle minutes"_s, Role::Admin},
    {u"enrol"_s, Role::Admin},          {u"sync"_s, Role::Admin},
};

Status statusOf(const Result<Application>& result)
{
    return result ? Status() : Status(result.error());
}

} // namespace

class SessionGuiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eachRoleSeesOnlyItsPages_data();
    void eachRoleSeesOnlyItsPages();
    void coreRefusesWhatTheScreensHide_data();
    void coreRefusesWhatTheScreensHide();
    void idleSessionLocksAndKeepsTheForm();
    void signingOutOfALockedSessionAsksFirst();
    void operatorCaresForAccountsOnTheUsersPage();

private:
    User userNamed(const QString& name) const { return *m_office.accounts->find(name); }
    Status perform(const QString& operation, const User& user);
    Status sync(const User& user);
    Status enrol(const User& user);
    ApplicationForm* startForm(MainWindow& window);
    void unlockWith(MainWindow& window, const QString& password);
    void selectUser(QTableWidget& table, const QString& name);

    test::TestOffice m_office;
    std::unique_ptr<Workspace> m_workspace;
    test::ScriptedPrompter m_prompter;
    qint64 m_draft = 0;
    qint64 m_submitted = 0;
};

void SessionGuiTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_office.setUp());
    m_workspace = std::make_unique<Workspace>(*m_office.database, m_office.clock);

    ApplicationStore& store = m_workspace->applications();
    Result<Application> draft = store.saveDraft(m_office.clerk, test::birthCertificate());
    QVERIFY(draft.ok());
    m_draft = draft->id;
    Result<Application> other =
        store.saveDraft(m_office.otherClerk, test::birthCertificate(u"Dimas"_s));
    QVERIFY(other.ok());
    QVERIFY(store.submit(m_office.otherClerk, other->id, true).ok());
    m_submitted = other->id;
}

void SessionGuiTest::eachRoleSeesOnlyItsPages_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("capture");
    QTest::addColumn<bool>("approval");
    QTest::addColumn<bool>("accounts");
    QTest::addColumn<bool>("sync");

    QTest::newRow("clerk") << u"siti"_s << true << false << false << false;
    QTest::newRow("supervisor") << u"kasi"_s << false << true << false << false;
    QTest::newRow("IT operator") << u"it"_s << false << false << true << true;
}

void SessionGuiTest::eachRoleSeesOnlyItsPages()
{
    QFETCH(QString, user);
    QFETCH(bool, capture);
    QFETCH(bool, approval);
    QFETCH(bool, accounts);
    QFETCH(bool, sync);

    MainWindow window(*m_workspace, userNamed(user), m_prompter);
    const QRegularExpression newApplication(u"^newApplication\\."_s);
    QCOMPARE(!window.findChildren<QPushButton*>(newApplication).isEmpty(), capture);
    QCOMPARE(window.findChild<QWidget*>(u"approvalPage"_s) != nullptr, approval);
    QCOMPARE(window.findChild<QPushButton*>(u"approveButton"_s) != nullptr, approval);
    QCOMPARE(window.findChild<QPushButton*>(u"approveAllButton"_s) != nullptr, approval);
    QCOMPARE(window.findChild<QWidget*>(u"usersPage"_s) != nullptr, accounts);
    QCOMPARE(window.findChild<QPushButton*>(u"addUserButton"_s) != nullptr, accounts);
    QCOMPARE(window.findChild<QPushButton*>(u"syncButton"_s) != nullptr, sync);
    QCOMPARE(window.findChild<QPushButton*>(u"enrolButton"_s) != nullptr, sync);
}

// Every operation the screens offer, for each role that may not take it.
void SessionGuiTest::coreRefusesWhatTheScreensHide_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("operation");

    const QList<std::pair<Role, QString>> users = {
        {Role::Clerk, u"siti"_s}, {Role::Supervisor, u"kasi"_s}, {Role::Admin, u"it"_s}};
    for (const Operation& operation : kOperations) {
        for (const auto& [role, name] : users) {
            if (role == operation.allowed)
                continue;
            const QByteArray row = (name + u' ' + operation.name).toUtf8();
            QTest::newRow(row.constData()) << name << operation.name;
        }
    }
}

void SessionGuiTest::coreRefusesWhatTheScreensHide()
{
    QFETCH(QString, user);
    QFETCH(QString, operation);

    const Status refused = perform(operation, userNamed(user));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, u"forbidden"_s);
    QVERIFY2(refused.errorMessage().contains(u"may not"_s), qPrintable(refused.errorMessage()));

    // Nothing moved.
    ApplicationStore& store = m_workspace->applications();
    QCOMPARE(store.find(m_draft)->state, ApplicationState::Draft);
    QCOMPARE(store.find(m_submitted)->state, ApplicationState::Submitted);
    QVERIFY(!m_office.accounts->find(u"dewi"_s));
    QVERIFY(m_office.accounts->authenticate(u"budi"_s, u"rahasia-budi"_s).ok());
    QCOMPARE(SessionPolicy::idleMinutes(*m_office.database), SessionPolicy::kDefaultIdleMinutes);
    QVERIFY(!SyncClient::isEnrolled(*m_office.database));
}

Status SessionGuiTest::perform(const QString& operation, const User& user)
{
    ApplicationStore& store = m_workspace->applications();
    Accounts& accounts = m_workspace->accounts();
    if (operation == "save draft"_L1)
        return statusOf(store.saveDraft(user, test::birthCertificate()));
    if (operation == "submit"_L1)
        return statusOf(store.submit(user, m_draft, true));
    if (operation == "approve"_L1)
        return statusOf(store.approve(user, m_submitted));
    if (operation == "approve all"_L1) {
        Result<int> approved = store.approveAll(user);
        return approved ? Status() : Status(approved.error());
    }
    if (operation == "return"_L1)
        return statusOf(store.returnToClerk(user, m_submitted, u"KK tidak terbaca"_s));
    if (operation == "create user"_L1) {
        Result<User> created = accounts.create(u"dewi"_s, Role::Clerk, u"rahasia-dewi"_s, &user);
        return created ? Status() : Status(created.error());
    }
    if (operation == "reset password"_L1)
        return accounts.resetPassword(user, u"budi"_s, u"sandi-baru-budi"_s);
    if (operation == "disable user"_L1)
        return accounts.setActive(user, u"budi"_s, false);
    if (operation == "list users"_L1) {
        Result<QList<AccountState>> states = accounts.states(user);
        return states ? Status() : Status(states.error());
    }
    if (operation == "set idle minutes"_L1)
        return SessionPolicy::setIdleMinutes(m_workspace->database(), user, 1);
    return operation == "enrol"_L1 ? enrol(user) : sync(user);
}

Status SessionGuiTest::sync(const User& user)
{
    SyncClient client(m_workspace->database(), m_workspace->clock());
    QSignalSpy finished(&client, &SyncClient::finished);
    client.run(user);
    if (finished.isEmpty() && !finished.wait(5'000))
        return Error{u"sync did not finish"_s};
    return client.lastStatus();
}

Status SessionGuiTest::enrol(const User& user)
{
    SyncClient client(m_workspace->database(), m_workspace->clock());
    QSignalSpy finished(&client, &SyncClient::finished);
    client.enrol(user, QUrl(u"http://127.0.0.1:9"_s), u"ABCD-EFGH"_s, u"loket-1"_s);
    if (finished.isEmpty() && !finished.wait(5'000))
        return Error{u"enrolment did not finish"_s};
    return client.lastStatus();
}

ApplicationForm* SessionGuiTest::startForm(MainWindow& window)
{
    window.show();
    if (!QTest::qWaitForWindowActive(&window))
        return nullptr;
    auto* button = window.findChild<QPushButton*>(u"newApplication.akta-kelahiran"_s);
    if (!button)
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    return window.findChild<ApplicationForm*>();
}

void SessionGuiTest::unlockWith(MainWindow& window, const QString& password)
{
    auto* lock = window.findChild<LockDialog*>();
    QVERIFY(lock);
    auto* field = lock->findChild<QLineEdit*>(u"lockPassword"_s);
    QVERIFY(field);
    field->setFocus();
    QTest::keyClicks(field, password);
    QTest::mouseClick(lock->findChild<QPushButton*>(u"unlockButton"_s), Qt::LeftButton);
}

void SessionGuiTest::idleSessionLocksAndKeepsTheForm()
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    QCOMPARE(window.idleWatcher().timeout(), std::chrono::minutes(10));
    ApplicationForm* form = startForm(window);
    QVERIFY(form);
    auto* name = form->findChild<QLineEdit*>(u"child.name"_s);
    QVERIFY(name);

    // Typing keeps the session open however long it takes.
    window.idleWatcher().setTimeout(std::chrono::milliseconds(1'000));
    name->setFocus();
    QTest::keyClicks(name, u"Ma'ruf bin Ahmad"_s, {}, 100);
    QVERIFY(!window.isLocked());

    QTRY_VERIFY_WITH_TIMEOUT(window.isLocked(), 10'000);
    auto* lock = window.findChild<LockDialog*>();
    QVERIFY(lock && lock->isVisible());
    QVERIFY(!form->isVisible());
    QVERIFY(lock->findChild<QLabel*>(u"lockSignedIn"_s)->text().contains(u"siti"_s));
    QTest::keyClick(lock, Qt::Key_Escape);
    QVERIFY(window.isLocked());

    unlockWith(window, u"rahasia-budi"_s);
    QVERIFY(window.isLocked());
    QVERIFY(lock->findChild<QLabel*>(u"lockError"_s)->isVisible());

    unlockWith(window, u"rahasia-siti"_s);
    QTRY_VERIFY(!window.isLocked());
    QVERIFY(form->isVisible());
    QCOMPARE(name->text(), u"Ma'ruf bin Ahmad"_s);
    QVERIFY(form->hasUnsavedChanges());
    QVERIFY(m_prompter.questions.isEmpty());
}

void SessionGuiTest::signingOutOfALockedSessionAsksFirst()
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    QSignalSpy signedOut(&window, &MainWindow::signOutRequested);
    ApplicationForm* form = startForm(window);
    QVERIFY(form);
    QTest::keyClicks(form->findChild<QLineEdit*>(u"child.name"_s), u"Dimas"_s);
    window.lockSession();
    auto* lock = window.findChild<LockDialog*>();
    QVERIFY(lock);
    auto* signOut = lock->findChild<QPushButton*>(u"lockSignOutButton"_s);

    m_prompter.questions.clear();
    m_prompter.answer = false;
    QTest::mouseClick(signOut, Qt::LeftButton);
    QCOMPARE(m_prompter.questions.size(), 1);
    QVERIFY(window.isLocked());
    QCOMPARE(signedOut.size(), 0);

    m_prompter.answer = true;
    QTest::mouseClick(signOut, Qt::LeftButton);
    QCOMPARE(signedOut.size(), 1);
    QVERIFY(!window.isLocked());
}

void SessionGuiTest::selectUser(QTableWidget& table, const QString& name)
{
    const QList<QTableWidgetItem*> found = table.findItems(name, Qt::MatchExactly);
    QVERIFY(!found.isEmpty());
    const QRect cell = table.visualItemRect(found.first());
    QTest::mouseClick(table.viewport(), Qt::LeftButton, {}, cell.center());
}

void SessionGuiTest::operatorCaresForAccountsOnTheUsersPage()
{
    MainWindow window(*m_workspace, m_office.admin, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* table = window.findChild<QTableWidget*>(u"usersTable"_s);
    QVERIFY(table);
    auto* disable = window.findChild<QPushButton*>(u"disableUserButton"_s);
    auto* enable = window.findChild<QPushButton*>(u"enableUserButton"_s);

    selectUser(*table, u"camat"_s);
    QVERIFY(disable->isEnabled() && !enable->isEnabled());
    QTest::mouseClick(disable, Qt::LeftButton);
    QCOMPARE(m_office.accounts->authenticate(u"camat"_s, u"rahasia-camat"_s).error().code,
             u"account_disabled"_s);
    selectUser(*table, u"camat"_s);
    QVERIFY(enable->isEnabled());
    QTest::mouseClick(enable, Qt::LeftButton);
    QVERIFY(m_office.accounts->authenticate(u"camat"_s, u"rahasia-camat"_s).ok());

    // The reset dialog is modal: it is filled in once it is up.
    selectUser(*table, u"camat"_s);
    QTimer::singleShot(0, this, [] {
        QWidget* dialog = QApplication::activeModalWidget();
        QVERIFY(dialog && dialog->objectName() == "resetPasswordDialog"_L1);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(u"resetPassword"_s), u"sandi-baru"_s);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(u"resetPasswordRepeat"_s), u"sandi-baru"_s);
        QTest::keyClick(dialog, Qt::Key_Return);
    });
    QTest::mouseClick(window.findChild<QPushButton*>(u"resetPasswordButton"_s), Qt::LeftButton);
    QVERIFY(m_office.accounts->authenticate(u"camat"_s, u"sandi-baru"_s).ok());

    auto* minutes = window.findChild<QSpinBox*>(u"idleMinutes"_s);
    minutes->setValue(3);
    QTest::mouseClick(window.findChild<QPushButton*>(u"applyIdleMinutesButton"_s), Qt::LeftButton);
    QCOMPARE(SessionPolicy::idleMinutes(*m_office.database), 3);
    QCOMPARE(window.idleWatcher().timeout(), std::chrono::minutes(3));
    QVERIFY(SessionPolicy::setIdleMinutes(*m_office.database, m_office.admin, 10).ok());
}

QTEST_MAIN(SessionGuiTest)
#include "tst_session_gui.moc"
