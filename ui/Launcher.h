#pragma once

#include "security/Permissions.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>

#include <memory>

namespace sipelanduk {

class Clock;
class Database;
class MainWindow;
class Prompter;
class Workspace;

// The way through the program: the first-run setup when the PC has no office yet, then sign-in,
// the window of the signed-in person, and back to sign-in when they sign out.
class Launcher : public QObject
{
    Q_OBJECT

public:
    Launcher(Database& database, const Clock& clock, Prompter& prompter, QObject* parent = nullptr);
    ~Launcher() override;

    // Prepares the data folder and shows the sign-in. False when there is nothing to run: the
    // setup was cancelled or the region table could not be loaded (already said to the person).
    bool start();

private:
    bool setUpOffice(QString* adminName);
    void showLogin(const QString& name);
    void openMainWindow(const User& user);
    void signOut();

    Prompter& m_prompter;
    std::unique_ptr<Workspace> m_workspace;
    QPointer<MainWindow> m_window;
    QMetaObject::Connection m_quitOnClose;
};

} // namespace sipelanduk
