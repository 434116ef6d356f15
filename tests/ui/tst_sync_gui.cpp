#include "ApplicationTableModel.h"
#include "MainWindow.h"
#include "QueueTableModel.h"
#include "ScriptedPrompter.h"
#include "TestCentralDatabase.h"
#include "TestKeychain.h"
#include "TestOffice.h"
#include "Workspace.h"
#include "sync/SyncClient.h"
#include "sync/SyncScheduler.h"

#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The IT operator's sync view against a real sipelanduk-pusat: "Sync now" sends the queue, and
// the view shows each application as accepted, the progress, the last sync and the run log.
class TestSyncGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void syncNowShowsTheQueueAsSent();
    void clerksCannotSyncOrChangeTheSchedule();

private:
    void startServer();
    void enrol();

    TestOffice m_office;
    TestCentralDatabase m_central;
    std::unique_ptr<Workspace> m_workspace;
    ScriptedPrompter m_prompter;
    QProcess m_server;
    QString m_serverUrl;
    QStringList m_numbers;
    QString m_tokenKey;
};

void TestSyncGui::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    const QString unavailable = TestCentralDatabase::unavailable();
    QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_office.setUp());
    const QString created = m_central.create(m_office.dir.path());
    QVERIFY2(created.isEmpty(), qPrintable(created));
    m_tokenKey = u"device-token/"_s + m_office.database->setting(u"install.id"_s);
    m_workspace = std::make_unique<Workspace>(*m_office.database, m_office.clock);
    for (int i = 0; i < 3; ++i) {
        Result<Application> saved =
            m_office.store->saveDraft(m_office.clerk, birthCertificate(u"Anak %1"_s.arg(i)));
        QVERIFY(saved.ok());
        QVERIFY(m_office.store->submit(m_office.clerk, saved->id, false).ok());
        QVERIFY(m_office.store->approve(m_office.supervisor, saved->id).ok());
        m_numbers.append(saved->registrationNumber);
    }
    startServer();
    enrol();
}

void TestSyncGui::cleanupTestCase()
{
    m_server.terminate();
    m_server.waitForFinished(10'000);
    (void)removeSecret(m_tokenKey);
}

void TestSyncGui::startServer()
{
    m_server.setProgram(QStringLiteral(SIPELANDUK_BINARY_DIR) + u"/server/sipelanduk-pusat"_s);
    m_server.setArguments({u"--db"_s, m_central.location(), u"--listen"_s, u"127.0.0.1:0"_s});
#ifdef Q_OS_LINUX
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_server.setStandardErrorFile(m_office.dir.filePath(u"pusat.log"_s));
    m_server.start();
    QVERIFY(m_server.waitForStarted(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 15'000);
    const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(u"(http://127\\.0\\.0\\.1:\\d+)"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_serverUrl = match.captured(1);
}

void TestSyncGui::enrol()
{
    QProcess issue;
    issue.start(QStringLiteral(SIPELANDUK_BINARY_DIR) + u"/server/sipelanduk-pusat"_s,
                {u"--db"_s, m_central.location(), u"issue-code"_s, u"--office"_s, u"19.04.01"_s});
    QVERIFY(issue.waitForFinished(60'000));
    const QString code = QString::fromUtf8(issue.readAllStandardOutput()).trimmed();
    SyncClient& client = m_workspace->syncClient();
    QSignalSpy finished(&client, &SyncClient::finished);
    client.enrol(m_office.admin, QUrl(m_serverUrl), code, u"loket-1"_s);
    QVERIFY(!finished.isEmpty() || finished.wait(30'000));
    QVERIFY2(client.lastStatus().ok(), qPrintable(client.lastStatus().errorMessage()));
}

void TestSyncGui::syncNowShowsTheQueueAsSent()
{
    MainWindow window(*m_workspace, m_office.admin, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* button = window.findChild<QPushButton*>(u"syncButton"_s);
    auto* queue = window.findChild<QTableView*>(u"syncQueue"_s);
    auto* bar = window.findChild<QProgressBar*>(u"syncProgressBar"_s);
    auto* lastSync = window.findChild<QLabel*>(u"lastSuccessfulSync"_s);
    auto* next = window.findChild<QLabel*>(u"nextSync"_s);
    auto* runs = window.findChild<QTableWidget*>(u"syncRuns"_s);
    QVERIFY(button && queue && bar && lastSync && next && runs);
    auto* model = qobject_cast<QueueTableModel*>(queue->model());
    QVERIFY(model);

    // Before: three applications wait, and the next automatic sync is on the schedule.
    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model->itemAt(row)->state, QueueState::Waiting);
    QVERIFY2(next->text().contains(localTimeText(m_office.clock.now().addSecs(15 * 60))),
             qPrintable(next->text()));
    QVERIFY(button->isEnabled());

    QSignalSpy finished(&m_workspace->syncScheduler(), &SyncScheduler::runFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled());
    QVERIFY(finished.wait(30'000));
    QVERIFY2(m_workspace->syncClient().lastStatus().ok(),
             qPrintable(m_workspace->syncClient().lastStatus().errorMessage()));

    // After: every application shows as accepted, in the table the operator reads.
    QCOMPARE(model->rowCount(), 3);
    QStringList shown;
    for (int row = 0; row < 3; ++row) {
        shown.append(model->index(row, QueueTableModel::RegistrationNumber).data().toString());
        QCOMPARE(model->index(row, QueueTableModel::State).data().toString(),
                 queueStateLabel(QueueState::Accepted));
    }
    QCOMPARE(shown, m_numbers);
    QCOMPARE(bar->maximum(), 3);
    QCOMPARE(bar->value(), 3);
    QVERIFY2(lastSync->text().contains(localTimeText(m_office.clock.now())),
             qPrintable(lastSync->text()));
    QVERIFY(runs->rowCount() >= 1);
    QVERIFY2(runs->item(0, 2)->text().startsWith(u"3 accepted, 0 rejected in 1 batch"_s),
             qPrintable(runs->item(0, 2)->text()));
    QCOMPARE(runs->item(0, 1)->text(), u"successful"_s);
    QCOMPARE(bar->text(), u"3 of 3 applications"_s);
    QVERIFY(button->isEnabled());
}

void TestSyncGui::clerksCannotSyncOrChangeTheSchedule()
{
    MainWindow window(*m_workspace, m_office.supervisor, m_prompter);
    QVERIFY(!window.findChild<QPushButton*>(u"syncButton"_s));
    // Core refuses too, whatever the screens show.
    QCOMPARE(m_workspace->syncScheduler().syncNow(m_office.clerk).error().code, u"forbidden"_s);
    QCOMPARE(
        SyncScheduler::setIntervalMinutes(m_workspace->database(), m_office.clerk, 5).error().code,
        u"forbidden"_s);
}

} // namespace sipelanduk::test

QTEST_MAIN(sipelanduk::test::TestSyncGui)
#include "tst_sync_gui.moc"
