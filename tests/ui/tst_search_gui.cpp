#include "ApplicationsPage.h"
#include "TestOffice.h"
#include "Workspace.h"

#include <QAbstractItemModel>
#include <QLineEdit>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// The search box of the applications list asks core's search once typing pauses.
class TestSearchGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void typingSearches_data();
    void typingSearches();

private:
    TestOffice m_office;
    std::unique_ptr<Workspace> m_workspace;
};

void TestSearchGui::initTestCase()
{
    QVERIFY(m_office.setUp());
    m_workspace = std::make_unique<Workspace>(*m_office.database, m_office.clock);
    ApplicationInput zoe = birthCertificate(u"Zoë Maharani"_s);
    zoe.fields[u"mother.nik"_s] = u"1904014212880004"_s;
    for (const ApplicationInput& input : {birthCertificate(u"Ma'ruf"_s), zoe})
        QVERIFY(m_office.store->saveDraft(m_office.clerk, input).ok());
}

void TestSearchGui::typingSearches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("applicants");

    QTest::newRow("nothing typed") << QString() << QStringList{u"Zoë Maharani"_s, u"Ma'ruf"_s};
    QTest::newRow("name without accent") << u"zoe"_s << QStringList{u"Zoë Maharani"_s};
    QTest::newRow("name without apostrophe") << u"maruf"_s << QStringList{u"Ma'ruf"_s};
    QTest::newRow("mother's NIK") << u"1904014212880004"_s << QStringList{u"Zoë Maharani"_s};
    QTest::newRow("nobody") << u"sukarno"_s << QStringList();
}

void TestSearchGui::typingSearches()
{
    QFETCH(QString, text);
    QFETCH(QStringList, applicants);

    ApplicationsPage page(*m_workspace, m_office.clerk);
    auto* search = page.findChild<QLineEdit*>(u"searchField"_s);
    auto* table = page.findChild<QTableView*>(u"applicationsTable"_s);
    QVERIFY(search && table);
    QVERIFY(table->isSortingEnabled());
    QTest::keyClicks(search, text);

    const QAbstractItemModel* model = table->model();
    QTRY_COMPARE(model->rowCount(), applicants.size());
    QStringList shown;
    for (int row = 0; row < model->rowCount(); ++row)
        shown.append(model->index(row, 2).data().toString());
    QCOMPARE(shown, applicants);
}

} // namespace sipelanduk::test

QTEST_MAIN(sipelanduk::test::TestSearchGui)
#include "tst_search_gui.moc"
