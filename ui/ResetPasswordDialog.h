#pragma once

#include "security/Permissions.h"

#include <QDialog>

#include <memory>

class QLabel;

namespace sipelanduk {

class PasswordPair;
class Workspace;

// A new password for someone who forgot theirs or whose account is locked, set by the IT operator.
class ResetPasswordDialog : public QDialog
{
    Q_OBJECT

public:
    ResetPasswordDialog(Workspace& workspace, const User& actor, const QString& name,
                        QWidget* parent = nullptr);
    ~ResetPasswordDialog() override;

    void accept() override;

private:
    void setupLayout();
    void showError(const QString& message);

    Workspace& m_workspace;
    User m_actor;
    QString m_name;
    std::unique_ptr<PasswordPair> m_password;
    QLabel* m_error;
};

} // namespace sipelanduk
