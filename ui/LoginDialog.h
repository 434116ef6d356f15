#pragma once

#include "security/Permissions.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace sipelanduk {

class Workspace;

// Sign-in with the person's own account; a wrong name or password is said in the dialog.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(Workspace& workspace, QWidget* parent = nullptr);

    void setName(const QString& name);
    User user() const { return m_user; }

    void accept() override;

private:
    void setupFields();
    void setupLayout();

    Workspace& m_workspace;
    User m_user;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace sipelanduk
