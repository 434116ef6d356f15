#include "Launcher.h"

#include "FirstRunDialog.h"
#include "Logging.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "Prompter.h"
#include "Workspace.h"
#include "storage/Office.h"

#include <QApplication>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Launcher::Launcher(Database& database, const Clock& clock, Prompter& prompter, QObject* parent)
    : QObject(parent)
    , m_prompter(prompter)
    , m_workspace(std::make_unique<Workspace>(database, clock))
{}

Launcher::~Launcher()
{
    delete m_window;
}

bool Launcher::start()
{
    // Between sign-out and the next sign-in no window may be open for a moment; the program ends
    // when the person closes the main window or cancels the sign-in, not when windows run out.
    QApplication::setQuitOnLastWindowClosed(false);
    if (Status loaded = m_workspace->regions().ensureBuiltIn(); !loaded) {
        m_prompter.showError(nullptr, tr("Sipelanduk Desktop"), loaded.errorMessage());
        return false;
    }
    QString adminName;
    if (!Office::isInitialised(m_workspace->database()) && !setUpOffice(&adminName))
        return false;
    showLogin(adminName);
    return true;
}

bool Launcher::setUpOffice(QString* adminName)
{
    FirstRunDialog dialog(*m_workspace);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *adminName = dialog.admin().name;
    return true;
}

void Launcher::showLogin(const QString& name)
{
    auto* dialog = new LoginDialog(*m_workspace);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!name.isEmpty())
        dialog->setName(name);
    connect(dialog, &LoginDialog::accepted, this,
            [this, dialog] { openMainWindow(dialog->user()); });
    connect(dialog, &LoginDialog::rejected, qApp, &QCoreApplication::quit);
    dialog->show();
}

void Launcher::openMainWindow(const User& user)
{
    // Lists a sync pulled since the last sign-in are taken up while no window holds the old ones.
    m_workspace->reloadLists();
    m_window = new MainWindow(*m_workspace, user, m_prompter);
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_window, &MainWindow::signOutRequested, this, &Launcher::signOut);
    m_quitOnClose = connect(m_window, &QObject::destroyed, qApp, &QCoreApplication::quit);
    m_window->show();
}

void Launcher::signOut()
{
    if (m_window) {
        disconnect(m_quitOnClose);
        m_window->hide();
        m_window->deleteLater();
    }
    showLogin({});
}

} // namespace sipelanduk
