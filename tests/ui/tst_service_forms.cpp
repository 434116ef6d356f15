// Every service of the catalogue opens as a form from the clerk's page, with an editor for each
// of its fields: the forms are built from the data, so a new service needs no new screen.

#include "ScriptedPrompter.h"
#include "TestOffice.h"

#include "ApplicationForm.h"
#include "FieldEditors.h"
#include "MainWindow.h"
#include "Workspace.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QJsonObject>
#include <QLineEdit>
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
    void birthPlaceCompletesToKobaFirst();
    void birthPlaceKeepsTextAlone();
    void villagesComeFromTheNationalTable();

private:
    test::TestOffice m_office;
    std::unique_ptr<Workspace> m_workspace;
    test::ScriptedPrompter m_prompter;
};

namespace {

// The capture form of a service, opened from the clerk's page of `window`.
ApplicationForm* openForm(MainWindow& window, const QString& code)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return nullptr;
    auto* button = window.findChild<QPushButton*>(u"newApplication."_s + code);
    if (!button)
        return nullptr;
    button->click();
    return window.findChild<ApplicationForm*>();
}

} // namespace

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

// "Kob" offers kecamatan Koba, the office's own, before anything else of the country, and
// picking it keeps its region code beside the name.
void ServiceFormsTest::birthPlaceCompletesToKobaFirst()
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    ApplicationForm* form = openForm(window, u"akta-kelahiran"_s);
    QVERIFY(form);
    auto* edit = form->findChild<QLineEdit*>(u"child.birthPlace"_s);
    auto* editor = form->findChild<FieldEditor*>(u"editor:child.birthPlace"_s);
    QVERIFY(edit && editor && edit->completer());

    edit->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(edit, u"Kob"_s);
    QAbstractItemView* popup = edit->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QAbstractItemModel* shown = popup->model();
    QVERIFY(shown->rowCount() > 0);
    QCOMPARE(shown->index(0, 0).data(Qt::UserRole).toString(), u"19.04.01"_s);
    QVERIFY2(shown->index(0, 0).data().toString().startsWith(u"Kec. Koba"_s),
             qPrintable(shown->index(0, 0).data().toString()));

    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    QCOMPARE(edit->text(), u"Koba"_s);
    QCOMPARE(editor->value(),
             QJsonValue(QJsonObject{{u"text"_s, u"Koba"_s}, {u"code"_s, u"19.04.01"_s}}));

    // A name changed after picking is the clerk's text, no longer the region.
    QTest::keyClicks(edit, u" Baru"_s);
    QCOMPARE(editor->value(), QJsonValue(u"Koba Baru"_s));
}

// A place abroad is typed and kept as text; a place stored as text before codes loads as text.
void ServiceFormsTest::birthPlaceKeepsTextAlone()
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    ApplicationForm* form = openForm(window, u"ktp-el-rekam"_s);
    QVERIFY(form);
    auto* editor = form->findChild<FieldEditor*>(u"editor:person.birthPlace"_s);
    auto* edit = form->findChild<QLineEdit*>(u"person.birthPlace"_s);
    QVERIFY(editor && edit);

    editor->setValue(u"Johor Bahru, Malaysia"_s);
    QCOMPARE(edit->text(), u"Johor Bahru, Malaysia"_s);
    QCOMPARE(editor->value(), QJsonValue(u"Johor Bahru, Malaysia"_s));
    const QJsonObject picked{{u"text"_s, u"Arung Dalam"_s}, {u"code"_s, u"19.04.01.1002"_s}};
    editor->setValue(picked);
    QCOMPARE(edit->text(), u"Arung Dalam"_s);
    QCOMPARE(editor->value(), QJsonValue(picked));
}

// Once the national table is imported, a move can come from anywhere; the office's own villages
// still lead the list.
void ServiceFormsTest::villagesComeFromTheNationalTable()
{
    Result<int> imported = m_office.regions->importCsv(
        test::sharedFile(u"data/wilayah/wilayah_kepmendagri_2025.csv"_s));
    QVERIFY2(imported, qPrintable(imported.errorMessage()));

    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    ApplicationForm* form = openForm(window, u"pindah-datang"_s);
    QVERIFY(form);
    auto* from = form->findChild<QComboBox*>(u"move.from"_s);
    QVERIFY(from);
    QCOMPARE(from->count(), 83762);
    QVERIFY(from->itemData(0, Qt::UserRole).toString().startsWith(u"19.04.01."_s));
    QVERIFY(from->findData(u"31.71.01.1001"_s) > 0);

    from->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(from->lineEdit(), u"31.71.01.1001"_s);
    QAbstractItemView* popup = from->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    auto* editor = form->findChild<FieldEditor*>(u"editor:move.from"_s);
    QVERIFY(editor);
    QCOMPARE(editor->value().toString(), u"31.71.01.1001"_s);
    QVERIFY2(from->currentText().startsWith(u"Gambir, "_s), qPrintable(from->currentText()));
}

QTEST_MAIN(ServiceFormsTest)
#include "tst_service_forms.moc"
