// The regency CA file of the enrolment dialog: a file that is not a certificate is refused in the
// dialog, before the server is asked or anything is kept.

#include "TestOffice.h"

#include "EnrolDialog.h"
#include "Workspace.h"
#include "sync/SyncClient.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

class TestEnrolDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void unusableCaFileIsRefusedInTheDialog_data();
    void unusableCaFileIsRefusedInTheDialog();

private:
    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<Workspace> m_workspace;
};

void TestEnrolDialog::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    m_workspace = std::make_unique<Workspace>(*m_office->database, m_office->clock);
}

void TestEnrolDialog::cleanup()
{
    m_workspace.reset();
    m_office.reset();
}

void TestEnrolDialog::unusableCaFileIsRefusedInTheDialog_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("missing file") << QByteArray() << u"cannot be read"_s;
    QTest::newRow("not a certificate")
        << "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"_ba
        << u"holds no certificate"_s;
}

void TestEnrolDialog::unusableCaFileIsRefusedInTheDialog()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, sentence);

    const QString path = m_office->dir.filePath(u"regency-ca.crt"_s);
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }

    EnrolDialog dialog(*m_workspace, m_office->admin);
    dialog.show();
    dialog.findChild<QLineEdit*>(u"serverUrl"_s)->setText(u"https://pusat.example.go.id"_s);
    dialog.findChild<QLineEdit*>(u"enrolmentCode"_s)->setText(u"ABCD-EFGH-JK"_s);
    dialog.findChild<QLineEdit*>(u"caFile"_s)->setText(path);
    QTest::mouseClick(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);

    QVERIFY(dialog.isVisible());
    QString shown;
    for (const QLabel* label : dialog.findChildren<QLabel*>())
        shown += label->text();
    QVERIFY2(shown.contains(sentence), qPrintable(shown));
    QVERIFY(dialog.findChild<QLineEdit*>(u"caFile"_s)->isEnabled());
    QVERIFY(!SyncClient::isEnrolled(*m_office->database));
    QVERIFY(SyncClient::caCertificates(*m_office->database).isEmpty());
}

} // namespace sipelanduk::test

QTEST_MAIN(sipelanduk::test::TestEnrolDialog)
#include "tst_enrol_dialog.moc"
