// The capture form driven as a clerk drives it: typing into the editors the catalogue produced,
// ticking the documents, attaching their scans, saving and submitting; then the supervisor's
// queue shows the result. Scans need the session's keychain: run inside scripts/with-keyring.sh.

#include "ScriptedPrompter.h"
#include "TestOffice.h"

#include "ApplicationForm.h"
#include "MainWindow.h"
#include "Workspace.h"
#include "domain/Search.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

template <typename T>
T* widgetNamed(const QWidget& root, const QString& name)
{
    T* widget = root.findChild<T*>(name);
    if (!widget)
        qWarning("no widget named %s", qPrintable(name));
    return widget;
}

// Where a person clicks: on the box of a check box (a row may be wider than its text), in the
// middle of anything else.
QPoint clickPoint(const QAbstractButton& button)
{
    if (!qobject_cast<const QCheckBox*>(&button))
        return button.rect().center();
    QStyleOptionButton option;
    option.initFrom(&button);
    return button.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &button).center();
}

// The names a requirement's scan list shows, in order.
QStringList listedScans(const QWidget& form, const QString& requirement)
{
    QStringList names;
    const auto* list = form.findChild<QListWidget*>(u"scan.list."_s + requirement);
    for (int row = 0; list && row < list->count(); ++row)
        names.append(list->item(row)->text());
    return names;
}

} // namespace

class CaptureGuiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clerkCapturesAndSupervisorFindsIt();
    void clerkCapturesFamilyOfFour();

private:
    void type(const QWidget& root, const QString& key, const QString& text);
    void choose(const QWidget& root, const QString& key, const QString& value);
    void pickVillage(const QWidget& root, const QString& key, const QString& typed);
    void click(const QWidget& root, const QString& name);
    void captureAsClerk(QString* number);
    void findAsSupervisor(const QString& number);
    void typeMember(const QWidget& form, int index, const QStringList& values);
    void captureFamilyChange(QString* number);
    void writeScans(QString* png, QString* pdf);
    void attachScans(const QWidget& form);
    void previewFirstScan(const QWidget& form, const QString& requirement);
    void dropFiles(const QWidget& form, const QString& requirement, const QStringList& files);

    test::TestOffice m_office;
    std::unique_ptr<Workspace> m_workspace;
    test::ScriptedPrompter m_prompter;
    QTemporaryDir m_files;
};

void CaptureGuiTest::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run inside scripts/with-keyring.sh, which starts a D-Bus session and a keyring");
    QVERIFY(m_files.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_office.setUp());
    m_workspace = std::make_unique<Workspace>(*m_office.database, m_office.clock);
}

void CaptureGuiTest::type(const QWidget& root, const QString& key, const QString& text)
{
    auto* widget = widgetNamed<QWidget>(root, key);
    QVERIFY(widget);
    widget->setFocus(Qt::TabFocusReason);
    // QTest maps only ASCII to keys; a letter such as the "ë" of Zoë arrives as text alone, the
    // way an input method delivers it.
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, c.toLatin1());
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), {});
    }
}

// A combo box chosen from the keyboard, one item down at a time, as a clerk would.
void CaptureGuiTest::choose(const QWidget& root, const QString& key, const QString& value)
{
    auto* combo = widgetNamed<QComboBox>(root, key);
    QVERIFY(combo);
    combo->setFocus(Qt::TabFocusReason);
    for (int step = 0; step < combo->count() && combo->currentData().toString() != value; ++step)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentData().toString(), value);
}

// Types part of the village name and picks the first completion from the list that opens.
void CaptureGuiTest::pickVillage(const QWidget& root, const QString& key, const QString& typed)
{
    auto* combo = widgetNamed<QComboBox>(root, key);
    QVERIFY(combo && combo->lineEdit());
    combo->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(combo->lineEdit(), typed);
    QAbstractItemView* popup = combo->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
}

void CaptureGuiTest::click(const QWidget& root, const QString& name)
{
    auto* button = widgetNamed<QAbstractButton>(root, name);
    QVERIFY(button);
    QVERIFY2(button->isVisible() && button->isEnabled(), qPrintable(name));
    QTest::mouseClick(button, Qt::LeftButton, {}, clickPoint(*button));
}

void CaptureGuiTest::captureAsClerk(QString* number)
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    click(window, u"newApplication.akta-kelahiran"_s);
    auto* form = window.findChild<ApplicationForm*>();
    QVERIFY(form);

    type(*form, u"child.name"_s, u"Ma'ruf"_s);
    click(*form, u"saveDraftButton"_s);
    *number = widgetNamed<QLabel>(*form, u"registrationNumberLabel"_s)->text();
    const std::optional<Application> early = m_office.store->findByRegistrationNumber(*number);
    QVERIFY2(early, qPrintable(*number));
    // The date was never touched: it is absent, not some default day.
    QVERIFY(!early->fields.contains(u"child.birthDate"_s));

    click(*form, u"child.nik.none"_s);
    choose(*form, u"child.sex"_s, u"1"_s);
    type(*form, u"child.birthPlace"_s, u"Koba"_s);
    type(*form, u"child.birthDate"_s, u"01022022"_s);
    pickVillage(*form, u"child.village"_s, u"Arung"_s);
    type(*form, u"family.kk"_s, u"1904011505200001"_s);
    type(*form, u"mother.name"_s, u"Siti Aminah"_s);
    type(*form, u"mother.nik"_s, u"1904015505900002"_s);
    type(*form, u"reporter.name"_s, u"Ahmad Fauzi"_s);
    type(*form, u"reporter.nik"_s, u"1904010101850003"_s);
    choose(*form, u"reporter.relation"_s, u"ayah"_s);
    for (const QString& code : {u"surat-kelahiran"_s, u"buku-nikah"_s, u"kk"_s, u"f-2.01"_s})
        click(*form, u"requirement."_s + code);

    click(*form, u"saveDraftButton"_s);
    click(*form, u"submitButton"_s);
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QCOMPARE(widgetNamed<QLabel>(*form, u"stateLabel"_s)->text(),
             stateLabel(ApplicationState::Submitted));
}

void CaptureGuiTest::findAsSupervisor(const QString& number)
{
    MainWindow window(*m_workspace, m_office.supervisor, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* table = widgetNamed<QTableView>(window, u"approvalTable"_s);
    QVERIFY(table);
    int found = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == number)
            found = row;
    }
    QVERIFY2(found >= 0, qPrintable(number));
    QCOMPARE(table->model()->index(found, 2).data().toString(), u"Ma'ruf"_s);

    const QModelIndex cell = table->model()->index(found, 0);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
    click(window, u"approveButton"_s);
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QCOMPARE(table->model()->rowCount(), 0);
}

void CaptureGuiTest::clerkCapturesAndSupervisorFindsIt()
{
    QString number;
    captureAsClerk(&number);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QVERIFY(number.startsWith(u"190401-20261203-"_s));

    // The late report was put to the clerk and confirmed.
    QCOMPARE(m_prompter.questions.size(), 1);
    QVERIFY2(m_prompter.confirmedDetails.join(u' ').contains(u"60"_s),
             qPrintable(m_prompter.confirmedDetails.join(u'\n')));

    const std::optional<Application> stored = m_office.store->findByRegistrationNumber(number);
    QVERIFY(stored);
    QCOMPARE(stored->state, ApplicationState::Submitted);
    QCOMPARE(stored->fields.value(u"child.birthDate"_s).toString(), u"2022-02-01"_s);
    QCOMPARE(stored->fields.value(u"child.name"_s).toString(), u"Ma'ruf"_s);
    QVERIFY(stored->fields.value(u"child.nik"_s).isNull());
    QCOMPARE(stored->fields.value(u"child.village"_s).toString(), u"19.04.01.1002"_s);
    QCOMPARE(stored->fields.value(u"reporter.relation"_s).toString(), u"ayah"_s);
    QCOMPARE(stored->requirements.size(), 4);
    QCOMPARE(stored->confirmedWarnings.size(), m_prompter.confirmedDetails.size());

    findAsSupervisor(number);
    QCOMPARE(m_office.store->findByRegistrationNumber(number)->state, ApplicationState::Approved);
}

// One card of the family members, in the order of the F-1.01: name, NIK (empty for "no NIK
// yet"), sex, place and date of birth, religion, marital status, relationship in the family.
void CaptureGuiTest::typeMember(const QWidget& form, int index, const QStringList& values)
{
    const auto key = [index](const QString& field) {
        return u"members[%1].%2"_s.arg(index).arg(field);
    };
    type(form, key(u"name"_s), values.at(0));
    if (values.at(1).isEmpty())
        click(form, key(u"nik.none"_s));
    else
        type(form, key(u"nik"_s), values.at(1));
    choose(form, key(u"sex"_s), values.at(2));
    type(form, key(u"birthPlace"_s), values.at(3));
    type(form, key(u"birthDate"_s), values.at(4));
    choose(form, key(u"religion"_s), values.at(5));
    choose(form, key(u"maritalStatus"_s), values.at(6));
    choose(form, key(u"shdk"_s), values.at(7));
    choose(form, key(u"education"_s), u"1"_s);
    choose(form, key(u"occupation"_s), u"1"_s);
    choose(form, key(u"citizenship"_s), u"1"_s);
}

void CaptureGuiTest::captureFamilyChange(QString* number)
{
    MainWindow window(*m_workspace, m_office.clerk, m_prompter);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    click(window, u"newApplication.kk-perubahan"_s);
    auto* form = window.findChild<ApplicationForm*>();
    QVERIFY(form);

    type(*form, u"head.name"_s, u"Yohanes Tanjung"_s);
    type(*form, u"head.nik"_s, u"1904010607610123"_s);
    choose(*form, u"head.sex"_s, u"1"_s);
    type(*form, u"head.birthPlace"_s, u"Koba"_s);
    type(*form, u"head.birthDate"_s, u"06071961"_s);
    type(*form, u"family.kk"_s, u"1904011505200001"_s);
    pickVillage(*form, u"family.village"_s, u"Arung"_s);
    choose(*form, u"change.kind"_s, u"kelahiran"_s);

    // The form opens with the one member the service demands; the others are added.
    const QList<QStringList> family{
        {u"Yohanes Tanjung"_s, u"1904010607610123"_s, u"1"_s, u"Koba"_s, u"06071961"_s, u"2"_s,
         u"2"_s, u"1"_s},
        {u"Siti Aminah"_s, u"1904015505900002"_s, u"2"_s, u"Koba"_s, u"15051990"_s, u"1"_s, u"2"_s,
         u"3"_s},
        {u"Andreas Tanjung"_s, u"1904012003150004"_s, u"1"_s, u"Pangkalpinang"_s, u"20032015"_s,
         u"2"_s, u"1"_s, u"4"_s},
        {u"Zoë Tanjung"_s, QString(), u"2"_s, u"Koba"_s, u"20112026"_s, u"2"_s, u"1"_s, u"4"_s}};
    for (int index = 0; index < family.size(); ++index) {
        if (index > 0)
            click(*form, u"members.add"_s);
        typeMember(*form, index, family.at(index));
    }

    // A member typed twice shows where the clerk is looking, and goes away again.
    click(*form, u"members.add"_s);
    type(*form, u"members[4].nik"_s, u"1904012003150004"_s);
    auto* message = widgetNamed<QLabel>(*form, u"members[4].nik.message"_s);
    QVERIFY(message && message->isVisible());
    QVERIFY2(message->text().contains(u"3"_s), qPrintable(message->text()));
    click(*form, u"members[4].remove"_s);
    QVERIFY(!form->findChild<QWidget*>(u"members[4].nik"_s));
    QCOMPARE(widgetNamed<QLineEdit>(*form, u"members[3].name"_s)->text(), u"Zoë Tanjung"_s);

    for (const QString& code : {u"kk-lama"_s, u"bukti-peristiwa"_s, u"f-1.01"_s})
        click(*form, u"requirement."_s + code);
    // Not saved yet: the first scan saves the draft, which gives it its number.
    attachScans(*form);
    if (QTest::currentTestFailed())
        return;
    click(*form, u"saveDraftButton"_s);
    *number = widgetNamed<QLabel>(*form, u"registrationNumberLabel"_s)->text();
    click(*form, u"submitButton"_s);
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QCOMPARE(widgetNamed<QLabel>(*form, u"stateLabel"_s)->text(),
             stateLabel(ApplicationState::Submitted));
}

// A small PNG drawn here, and the smallest file that starts the way a PDF does.
void CaptureGuiTest::writeScans(QString* png, QString* pdf)
{
    *png = m_files.filePath(u"kk_lama.png"_s);
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QVERIFY(image.save(*png, "PNG"));

    *pdf = m_files.filePath(u"akta_Zoë.pdf"_s);
    QFile file(*pdf);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}

void CaptureGuiTest::attachScans(const QWidget& form)
{
    QString png;
    QString pdf;
    writeScans(&png, &pdf);
    auto* attach = widgetNamed<QPushButton>(form, u"scan.attach.kk-lama"_s);
    QVERIFY(attach);
    // Attaching waits for the scan key from the keychain.
    QTRY_VERIFY_WITH_TIMEOUT(attach->isEnabled(), 30'000);

    m_prompter.openFiles = {{png}, {pdf}};
    click(form, u"scan.attach.kk-lama"_s);
    click(form, u"scan.attach.bukti-peristiwa"_s);
    QVERIFY2(m_prompter.errors.isEmpty(), qPrintable(m_prompter.errors.join(u'\n')));
    QVERIFY(m_prompter.openFiles.isEmpty());
    QCOMPARE(listedScans(form, u"kk-lama"_s), QStringList{u"kk_lama.png"_s});
    QCOMPARE(listedScans(form, u"bukti-peristiwa"_s), QStringList{u"akta_Zoë.pdf"_s});
    QVERIFY(listedScans(form, u"f-1.01"_s).isEmpty());
    previewFirstScan(form, u"kk-lama"_s);

    // Dropped files go the same way: what is not a scan is refused with core's sentence.
    const QString notes = m_files.filePath(u"catatan.pdf"_s);
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not a scan\n") > 0);
    file.close();
    dropFiles(form, u"f-1.01"_s, {notes, png});
    QCOMPARE(m_prompter.errors.size(), 1);
    QVERIFY2(m_prompter.errors.first().contains(u"catatan.pdf"_s),
             qPrintable(m_prompter.errors.first()));
    m_prompter.errors.clear();
    QCOMPARE(listedScans(form, u"f-1.01"_s), QStringList{u"kk_lama.png"_s});

    // Removed again: the same content stays attached to the old family card.
    auto* list = widgetNamed<QListWidget>(form, u"scan.list.f-1.01"_s);
    QVERIFY(list);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    click(form, u"scan.remove.f-1.01"_s);
    QVERIFY(m_prompter.errors.isEmpty());
    QVERIFY(listedScans(form, u"f-1.01"_s).isEmpty());
    QCOMPARE(listedScans(form, u"kk-lama"_s), QStringList{u"kk_lama.png"_s});
}

void CaptureGuiTest::dropFiles(const QWidget& form, const QString& requirement,
                               const QStringList& files)
{
    auto* row = widgetNamed<QWidget>(form, u"requirementRow."_s + requirement);
    QVERIFY(row);
    QMimeData data;
    QList<QUrl> urls;
    for (const QString& file : files)
        urls.append(QUrl::fromLocalFile(file));
    data.setUrls(urls);
    const QPointF where = row->rect().center();
    QDragEnterEvent enter(where.toPoint(), Qt::CopyAction, &data, Qt::LeftButton, {});
    QCoreApplication::sendEvent(row, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(where, Qt::CopyAction, &data, Qt::LeftButton, {});
    QCoreApplication::sendEvent(row, &drop);
    QVERIFY(drop.isAccepted());
}

// The image comes back from the encrypted store and is shown beside the checklist.
void CaptureGuiTest::previewFirstScan(const QWidget& form, const QString& requirement)
{
    auto* list = widgetNamed<QListWidget>(form, u"scan.list."_s + requirement);
    QVERIFY(list && list->isVisible() && list->count() > 0);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    auto* picture = widgetNamed<QLabel>(form, u"scan.preview.picture"_s);
    QVERIFY(picture);
    QTRY_VERIFY(picture->isVisible());
    QCOMPARE(picture->pixmap().size(), QSize(320, 240));
    QVERIFY(
        widgetNamed<QLabel>(form, u"scan.preview.caption"_s)->text().contains(u"kk_lama.png"_s));
}

void CaptureGuiTest::clerkCapturesFamilyOfFour()
{
    QString number;
    captureFamilyChange(&number);
    if (QTest::currentTestFailed())
        return;

    const std::optional<Application> stored = m_office.store->findByRegistrationNumber(number);
    QVERIFY2(stored, qPrintable(number));
    QCOMPARE(stored->state, ApplicationState::Submitted);
    const QJsonArray members = stored->fields.value(u"members"_s).toArray();
    QCOMPARE(members.size(), 4);
    QCOMPARE(members.at(0).toObject().value(u"shdk"_s).toString(), u"1"_s);
    QCOMPARE(members.at(1).toObject().value(u"nik"_s).toString(), u"1904015505900002"_s);
    QCOMPARE(members.at(2).toObject().value(u"birthDate"_s).toString(), u"2015-03-20"_s);
    QCOMPARE(members.at(3).toObject().value(u"name"_s).toString(), u"Zoë Tanjung"_s);
    QVERIFY(members.at(3).toObject().value(u"nik"_s).isNull());

    const QList<AttachedScan> scans = m_workspace->scans().attachedTo(stored->id);
    QCOMPARE(scans.size(), 2);
    QCOMPARE(scans.at(0).requirement, u"bukti-peristiwa"_s);
    QCOMPARE(scans.at(0).originalName, u"akta_Zoë.pdf"_s);
    QCOMPARE(scans.at(0).mime, u"application/pdf"_s);
    QCOMPARE(scans.at(1).requirement, u"kk-lama"_s);
    QCOMPARE(scans.at(1).originalName, u"kk_lama.png"_s);
    QCOMPARE(scans.at(1).mime, u"image/png"_s);

    // A member, not the applicant, found by the start of her name typed without the accent.
    Search search(*m_office.database, *m_office.store);
    const Result<QList<Application>> found = search.find(m_office.clerk, u"zoe tanj"_s);
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().registrationNumber, number);
}

QTEST_MAIN(CaptureGuiTest)
#include "tst_capture_gui.moc"
