#pragma once

#include "security/Permissions.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace sipelanduk {

class Workspace;

// Covers the window of a session left unused. Only the person signed in opens it again, with
// their password; everything on the screen stays as it was. Closing or Escape does not open it.
class LockDialog : public QDialog
{
    Q_OBJECT

public:
    LockDialog(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void accept() override;
    void reject() override;

Q_SIGNALS:
    // Someone wants the PC for another account; the window decides whether that may happen.
    void signOutRequested();

private:
    void setupLayout();
    void showError(const QString& message);

    Workspace& m_workspace;
    User m_user;
    QLineEdit* m_password;
    QLabel* m_error;
};

} // namespace sipelanduk
