// Every service of the catalogue opens as a form from the clerk's page, with an editor for each
// of its fields: the forms are built from the data, so a new service needs no new screen.

#include "ScriptedPrompter.h"
#include "TestOffice.h"

#include "ApplicationForm.h"
#include "MainWindow.h"
#include "Workspace.h"

#include <QComboBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

class ServiceFormsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void formHasAnEditorForEveryField_data();
    void formHasAnEditorForEveryField();

private:
    test::TestOffice m_office;
    std::unique_ptr<Workspace> m_workspace;
    test::ScriptedPrompter m_prompter;
};

void ServiceFormsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_office.setUp());
    m_workspace = std::make_unique<Workspace>(*m_office.database, m_office.clock);
}

void ServiceFormsTest::formHasAnEditorForEveryField_data()
{
    QTest::addColumn<QString>("code");
    for (const Service& service : Catalogue::builtIn().services())
        QTest::newRow(qPrintable(service.code)) << service.code;
}

void ServiceFormsTest::formHasAnEditorForEveryField()
{
    QFETCH(QString, code);
    const Service* service = m_workspace->catalogue().service(code);
    QVERIFY(service);

    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* button = window.findChild<QPushButton*>(u"newApplication."_s + code);
    QVERIFY(button);
    button->click();
    auto* form = window.findChild<ApplicationForm*>();
    QVERIFY(form);
    // Twelve services and the longest form still fit the 1366-pixel screens of counter laptops.
    QVERIFY2(window.minimumSizeHint().width() <= 1366,
             qPrintable(QString::number(window.minimumSizeHint().width())));

    for (const Section& section : service->sections) {
        for (const FieldSpec& field : section.fields) {
            // A repeated section opens with the people the service demands, the first one here.
            const QString key =
                section.isRepeated() ? memberFieldKey(section.repeat.key, 0, field.key) : field.key;
            QWidget* editor = form->findChild<QWidget*>(key);
            QVERIFY2(editor, qPrintable(key));
            if (field.type != FieldType::Choice)
                continue;
            auto* combo = qobject_cast<QComboBox*>(editor);
            QVERIFY2(combo, qPrintable(field.key));
            // The first entry is the empty "(choose)"; the rest are the catalogue's options.
            QCOMPARE(combo->count(), field.options.size() + 1);
        }
    }
}

QTEST_MAIN(ServiceFormsTest)
#include "tst_service_forms.moc"
