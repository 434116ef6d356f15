#pragma once

#include "security/Permissions.h"

#include <QMainWindow>
#include <QPointer>

class QTabWidget;

namespace sipelanduk {

class ApplicationForm;
class ApplicationsPage;
class ApprovalPage;
class IdleWatcher;
class LockDialog;
class Prompter;
class SyncPage;
class UsersPage;
class Workspace;

// The window of a signed-in person. It shows the pages their role has (capture for a clerk,
// approval for a supervisor, users and sync for the IT operator); core checks every action again.
// Application forms open as tabs next to the pages.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Workspace& workspace, const User& user, Prompter& prompter,
               QWidget* parent = nullptr);

    const User& user() const { return m_user; }

    ApplicationForm* newApplication(const QString& serviceCode);
    ApplicationForm* openApplication(qint64 id);

    // The session locks itself when nobody uses it; tests shorten the wait here.
    IdleWatcher& idleWatcher() const { return *m_idle; }
    bool isLocked() const { return !m_lock.isNull(); }
    void lockSession();

Q_SIGNALS:
    void signOutRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void setupPages();
    void resizeToScreen();
    void setupClerkPages();
    void setupSupervisorPages();
    void setupAdminPages();
    void addPage(QWidget* page, const QString& title);
    void setupActions();
    void setupStatusBar();
    void updateTitle();

    void showForm(ApplicationForm* form);
    ApplicationForm* formFor(qint64 id) const;
    bool closeFormTab(int index);
    bool confirmDiscardingChanges(QWidget* parent);
    void setupIdleLock();
    void unlockSession();
    void signOutFromLock();
    void refreshPages();
    void signOut();

    Workspace& m_workspace;
    User m_user;
    Prompter& m_prompter;
    QTabWidget* m_tabs;
    ApplicationsPage* m_applicationsPage = nullptr;
    ApprovalPage* m_approvalPage = nullptr;
    UsersPage* m_usersPage = nullptr;
    SyncPage* m_syncPage = nullptr;
    IdleWatcher* m_idle;
    QPointer<LockDialog> m_lock;
    int m_pageCount = 0;
};

} // namespace sipelanduk
