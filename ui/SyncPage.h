#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sipelanduk {

class SyncClient;
class Workspace;
struct SyncReport;

// The IT operator's view of the link with the central server: enrolment, "sync now" with its
// progress, what the last run sent and what came back, and how many applications are in each
// state on this PC.
class SyncPage : public QWidget
{
    Q_OBJECT

public:
    SyncPage(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void refresh();

Q_SIGNALS:
    // A sync changed states of applications; other lists are out of date.
    void changed();

private:
    QGroupBox* serverBox();
    QGroupBox* syncBox();
    QGroupBox* reportBox();
    QGroupBox* countsBox();
    void setupLayout();

    void enrol();
    void startSync();
    void syncFinished();
    void appendProgress(const QString& message);
    void showReport(const Status& status, const SyncReport& report);
    void showCounts();

    Workspace& m_workspace;
    User m_user;
    SyncClient* m_client;
    QLabel* m_serverState = nullptr;
    QPushButton* m_enrol = nullptr;
    QPushButton* m_sync = nullptr;
    QLabel* m_lastSuccess = nullptr;
    QPlainTextEdit* m_progress = nullptr;
    QLabel* m_report = nullptr;
    QLabel* m_counts = nullptr;
};

} // namespace sipelanduk
