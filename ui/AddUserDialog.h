#pragma once

#include "security/Permissions.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;

namespace sipelanduk {

class PasswordPair;
class Workspace;

// A new local account, created by the signed-in IT operator: one account per person.
class AddUserDialog : public QDialog
{
    Q_OBJECT

public:
    AddUserDialog(Workspace& workspace, const User& actor, QWidget* parent = nullptr);
    ~AddUserDialog() override;

    User created() const { return m_created; }

    void accept() override;

private:
    void setupLayout();
    void showError(const QString& message);

    Workspace& m_workspace;
    User m_actor;
    User m_created;
    QLineEdit* m_name;
    QComboBox* m_role;
    std::unique_ptr<PasswordPair> m_password;
    QLabel* m_error;
};

} // namespace sipelanduk
