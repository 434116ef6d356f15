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

// The first start on a new PC: which kantor camat it serves and who its IT operator is. Core
// records both in one step; the dialog shows core's sentence when it refuses.
class FirstRunDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FirstRunDialog(Workspace& workspace, QWidget* parent = nullptr);
    ~FirstRunDialog() override;

    User admin() const { return m_admin; }

    void accept() override;

private:
    void setupFields();
    void setupLayout();
    void showError(const QString& message);

    Workspace& m_workspace;
    User m_admin;
    QComboBox* m_office = nullptr;
    QLineEdit* m_name = nullptr;
    std::unique_ptr<PasswordPair> m_password;
    QLabel* m_error = nullptr;
};

} // namespace sipelanduk
