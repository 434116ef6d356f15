#include "MainWindow.h"

#include "ApplicationForm.h"
#include "ApplicationsPage.h"
#include "ApprovalPage.h"
#include "IdleWatcher.h"
#include "LockDialog.h"
#include "Logging.h"
#include "Prompter.h"
#include "SyncPage.h"
#include "UsersPage.h"
#include "Workspace.h"
#include "domain/Catalogue.h"
#include "security/SessionPolicy.h"

#include <QAction>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sipelanduk {

MainWindow::MainWindow(Workspace& workspace, const User& user, Prompter& prompter, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_prompter(prompter)
    , m_tabs(new QTabWidget(this))
    , m_idle(new IdleWatcher(this))
{
    setObjectName(u"mainWindow"_s);
    setupPages();
    setupActions();
    setupStatusBar();
    setupIdleLock();
    updateTitle();
    resizeToScreen();
    // Sync runs by itself whoever is signed in: a clerk's session sends what was approved too.
    m_workspace.startAutomaticSync();
}

// Counter PCs often have small screens: take what the screen offers, up to a comfortable size.
void MainWindow::resizeToScreen()
{
    const QScreen* display = screen() ? screen() : QGuiApplication::primaryScreen();
    const QSize comfortable(1440, 900);
    resize(display ? display->availableGeometry().size().boundedTo(comfortable) : comfortable);
}

void MainWindow::setupPages()
{
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeFormTab);
    setCentralWidget(m_tabs);

    if (isAllowed(m_user.role, Action::CaptureApplication))
        setupClerkPages();
    if (isAllowed(m_user.role, Action::ApproveApplication))
        setupSupervisorPages();
    if (isAllowed(m_user.role, Action::RunSync) || isAllowed(m_user.role, Action::ManageUsers))
        setupAdminPages();
}

void MainWindow::setupClerkPages()
{
    m_applicationsPage = new ApplicationsPage(m_workspace, m_user, this);
    connect(m_applicationsPage, &ApplicationsPage::newRequested, this, &MainWindow::newApplication);
    connect(m_applicationsPage, &ApplicationsPage::openRequested, this,
            &MainWindow::openApplication);
    addPage(m_applicationsPage, tr("My applications"));
}

void MainWindow::setupSupervisorPages()
{
    m_approvalPage = new ApprovalPage(m_workspace, m_user, m_prompter, this);
    connect(m_approvalPage, &ApprovalPage::openRequested, this, &MainWindow::openApplication);
    connect(m_approvalPage, &ApprovalPage::changed, this, &MainWindow::refreshPages);
    addPage(m_approvalPage, tr("Waiting for approval"));
    m_applicationsPage = new ApplicationsPage(m_workspace, m_user, this);
    connect(m_applicationsPage, &ApplicationsPage::openRequested, this,
            &MainWindow::openApplication);
    addPage(m_applicationsPage, tr("All applications"));
}

void MainWindow::setupAdminPages()
{
    m_syncPage = new SyncPage(m_workspace, m_user, this);
    connect(m_syncPage, &SyncPage::changed, this, &MainWindow::refreshPages);
    addPage(m_syncPage, tr("Sync"));
    m_usersPage = new UsersPage(m_workspace, m_user, this);
    connect(m_usersPage, &UsersPage::idleMinutesChanged, m_idle, &IdleWatcher::setTimeoutMinutes);
    addPage(m_usersPage, tr("Users"));
    if (isAllowed(m_user.role, Action::ViewAllApplications)) {
        m_applicationsPage = new ApplicationsPage(m_workspace, m_user, this);
        connect(m_applicationsPage, &ApplicationsPage::openRequested, this,
                &MainWindow::openApplication);
        addPage(m_applicationsPage, tr("All applications"));
    }
}

// Pages stay open for the whole session; only application forms can be closed.
void MainWindow::addPage(QWidget* page, const QString& title)
{
    const int index = m_tabs->addTab(page, title);
    for (QTabBar::ButtonPosition side : {QTabBar::LeftSide, QTabBar::RightSide}) {
        if (QWidget* button = m_tabs->tabBar()->tabButton(index, side)) {
            m_tabs->tabBar()->setTabButton(index, side, nullptr);
            button->deleteLater();
        }
    }
    m_pageCount = index + 1;
}

void MainWindow::setupActions()
{
    auto* signOut = new QAction(tr("Sign out"), this);
    signOut->setObjectName(u"signOutAction"_s);
    signOut->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_L);
    connect(signOut, &QAction::triggered, this, &MainWindow::signOut);
    auto* quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &MainWindow::close);

    QMenu* session = menuBar()->addMenu(tr("&Session"));
    session->addAction(signOut);
    session->addSeparator();
    session->addAction(quit);

    auto* corner = new QToolButton(m_tabs);
    corner->setDefaultAction(signOut);
    corner->setAutoRaise(true);
    m_tabs->setCornerWidget(corner, Qt::TopRightCorner);
}

void MainWindow::setupStatusBar()
{
    const OfficeInfo office = m_workspace.office();
    statusBar()->addWidget(new QLabel(
        tr("Kantor Camat %1 (%2), station %3").arg(office.name, office.code, office.station)));
    statusBar()->addPermanentWidget(
        new QLabel(tr("Signed in: %1, %2").arg(m_user.name, roleLabel(m_user.role))));
}

void MainWindow::updateTitle()
{
    const OfficeInfo office = m_workspace.office();
    setWindowTitle(
        tr("Kecamatan %1: %2 (%3)").arg(office.name, m_user.name, roleLabel(m_user.role)));
}

ApplicationForm* MainWindow::newApplication(const QString& serviceCode)
{
    const Service* service = m_workspace.catalogue().service(serviceCode);
    if (!service)
        return nullptr;
    auto* form = new ApplicationForm(m_workspace, m_user, m_prompter, *service, std::nullopt);
    showForm(form);
    return form;
}

ApplicationForm* MainWindow::openApplication(qint64 id)
{
    if (ApplicationForm* open = formFor(id)) {
        m_tabs->setCurrentWidget(open);
        return open;
    }
    // Opening is seeing personal data: core checks who may and records that they did.
    Result<Application> viewed = m_workspace.applications().view(m_user, id);
    if (!viewed && viewed.error().code == QLatin1String("forbidden")) {
        m_prompter.showError(this, tr("Open application"), viewed.errorMessage());
        return nullptr;
    }
    const std::optional<Application> application =
        viewed ? std::optional<Application>(*viewed) : std::nullopt;
    const Service* service =
        application ? m_workspace.catalogue().service(application->service) : nullptr;
    if (!service) {
        m_prompter.showError(this, tr("Open application"),
                             tr("This application is not on this PC any more, or its service is "
                                "not in the catalogue. Refresh the list and try again."));
        refreshPages();
        return nullptr;
    }
    auto* form = new ApplicationForm(m_workspace, m_user, m_prompter, *service, application);
    showForm(form);
    return form;
}

void MainWindow::showForm(ApplicationForm* form)
{
    const int index = m_tabs->addTab(form, form->title());
    m_tabs->setCurrentIndex(index);
    connect(form, &ApplicationForm::saved, this, [this, form] {
        m_tabs->setTabText(m_tabs->indexOf(form), form->title());
        refreshPages();
    });
    connect(form, &ApplicationForm::closeRequested, this,
            [this, form] { closeFormTab(m_tabs->indexOf(form)); });
}

ApplicationForm* MainWindow::formFor(qint64 id) const
{
    for (int index = m_pageCount; index < m_tabs->count(); ++index) {
        auto* form = qobject_cast<ApplicationForm*>(m_tabs->widget(index));
        if (form && form->applicationId() == id)
            return form;
    }
    return nullptr;
}

bool MainWindow::closeFormTab(int index)
{
    auto* form = qobject_cast<ApplicationForm*>(m_tabs->widget(index));
    if (!form)
        return false;
    if (form->hasUnsavedChanges() &&
        !m_prompter.confirm(this, tr("Close form"),
                            tr("The changes in %1 are not saved. Close the form and discard "
                               "them?")
                                .arg(form->title()),
                            {}, tr("Discard changes")))
        return false;
    m_tabs->removeTab(index);
    form->deleteLater();
    return true;
}

bool MainWindow::confirmDiscardingChanges(QWidget* parent)
{
    QStringList unsaved;
    for (int index = m_pageCount; index < m_tabs->count(); ++index) {
        auto* form = qobject_cast<ApplicationForm*>(m_tabs->widget(index));
        if (form && form->hasUnsavedChanges())
            unsaved.append(form->title());
    }
    return unsaved.isEmpty() ||
           m_prompter.confirm(parent, tr("Unsaved changes"),
                              tr("These forms have changes that are not saved. Discard them?"),
                              unsaved, tr("Discard changes"));
}

void MainWindow::refreshPages()
{
    if (m_applicationsPage)
        m_applicationsPage->refresh();
    if (m_approvalPage)
        m_approvalPage->refresh();
    if (m_syncPage)
        m_syncPage->refresh();
}

void MainWindow::signOut()
{
    if (!confirmDiscardingChanges(this))
        return;
    qCInfo(lcUi) << "signed out:" << m_user.name;
    Q_EMIT signOutRequested();
}

void MainWindow::setupIdleLock()
{
    connect(m_idle, &IdleWatcher::idle, this, &MainWindow::lockSession);
    m_idle->setTimeoutMinutes(SessionPolicy::idleMinutes(m_workspace.database()));
}

// The forms stay open under the lock, only out of sight, so nothing typed is lost by it.
void MainWindow::lockSession()
{
    if (m_lock)
        return;
    m_idle->pause();
    m_tabs->hide();
    m_lock = new LockDialog(m_workspace, m_user, this);
    connect(m_lock, &LockDialog::accepted, this, &MainWindow::unlockSession);
    connect(m_lock, &LockDialog::signOutRequested, this, &MainWindow::signOutFromLock);
    qCInfo(lcUi) << "session locked:" << m_user.name;
    m_lock->show();
}

void MainWindow::unlockSession()
{
    m_lock->deleteLater();
    m_lock = nullptr;
    m_tabs->show();
    m_idle->resume();
}

// Whoever stands at the PC may end a locked session, but unsaved work goes only when confirmed.
void MainWindow::signOutFromLock()
{
    if (!confirmDiscardingChanges(m_lock))
        return;
    m_lock->hide();
    m_lock->deleteLater();
    m_lock = nullptr;
    qCInfo(lcUi) << "signed out from the lock:" << m_user.name;
    Q_EMIT signOutRequested();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscardingChanges(this)) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace sipelanduk
