#pragma once

#include "security/Permissions.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace sipelanduk {

class SyncClient;
class Workspace;

// Enrolment with the central server: its address and the one-time code issued by Disdukcapil.
// The server's answer (the PC's key) goes to the keychain through core.
class EnrolDialog : public QDialog
{
    Q_OBJECT

public:
    EnrolDialog(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void accept() override;
    // Closing is refused while the server is being asked: the one-time code may be spent already.
    void reject() override;

private:
    void setupLayout();
    QWidget* caFileRow();
    void chooseCaFile();
    void setBusy(bool busy);
    void enrolmentFinished();

    User m_user;
    SyncClient* m_client;
    QLineEdit* m_server;
    QLineEdit* m_code;
    QLineEdit* m_device;
    QLineEdit* m_caFile;
    QLabel* m_status;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace sipelanduk
