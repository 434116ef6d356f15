#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace sipelanduk {

class QueueTableModel;
class SyncClient;
class SyncScheduler;
class Workspace;
struct SyncReport;

// The IT operator's view of the link with the central server: enrolment, the schedule and "sync
// now" with a progress bar, the queue with a state and a reason per application, what the last
// run sent and what came back, the log of recent runs, and how many applications are in each
// state on this PC.
class SyncPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRunsShown = 20;

    SyncPage(Workspace& workspace, const User& user, QWidget* parent = nullptr);

    void refresh();

Q_SIGNALS:
    // A sync changed states of applications; other lists are out of date.
    void changed();

private:
    QGroupBox* serverBox();
    QGroupBox* syncBox();
    QGroupBox* queueBox();
    QGroupBox* reportBox();
    QGroupBox* runsBox();
    QGroupBox* countsBox();
    void setupLayout();
    void setupConnections();

    void enrol();
    void startSync();
    void intervalEdited();
    void runStarted();
    void runProgressed(int done, int total);
    void syncFinished();
    void appendProgress(const QString& message);
    void showReport(const Status& status, const SyncReport& report);
    void showClockSkew(const SyncReport& report);
    void showNextAttempt();
    void showQueue();
    void showRuns();
    void showCounts();
    void enableButtons();

    Workspace& m_workspace;
    User m_user;
    SyncClient& m_client;
    SyncScheduler& m_scheduler;
    QueueTableModel* m_queue;
    QLabel* m_serverState = nullptr;
    QPushButton* m_enrol = nullptr;
    QPushButton* m_sync = nullptr;
    QSpinBox* m_interval = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QLabel* m_lastSuccess = nullptr;
    QLabel* m_nextAttempt = nullptr;
    QLabel* m_clockSkew = nullptr;
    QPlainTextEdit* m_progress = nullptr;
    QLabel* m_queueCounts = nullptr;
    QTableView* m_queueView = nullptr;
    QLabel* m_report = nullptr;
    QTableWidget* m_runs = nullptr;
    QLabel* m_counts = nullptr;
};

} // namespace sipelanduk
