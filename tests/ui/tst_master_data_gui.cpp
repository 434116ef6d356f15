#include "ApplicationsPage.h"
#include "RegionChoiceModel.h"
#include "TestOffice.h"
#include "Workspace.h"

#include "sync/MasterData.h"

#include <QFile>
#include <QJsonDocument>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

namespace {

using protocol::MasterKind;

const QDateTime kPublished(QDate(2026, 12, 4), QTime(1, 0), Qt::UTC);

protocol::MasterDataResponse answerOf(MasterKind kind, int version, const QByteArray& content)
{
    return {
        kind,      version, kPublished, protocol::sha256Hex(content), QString::fromUtf8(content),
        kPublished};
}

QByteArray catalogueRetiring(const QString& code)
{
    QJsonObject catalogue = QJsonDocument::fromJson(Catalogue::builtIn().toJson()).object();
    QJsonArray services = catalogue.value("services"_L1).toArray();
    for (qsizetype i = 0; i < services.size(); ++i) {
        QJsonObject service = services.at(i).toObject();
        if (service.value("code"_L1).toString() == code) {
            service.insert(u"retired"_s, true);
            services.replace(i, service);
        }
    }
    catalogue.insert(u"services"_s, services);
    catalogue.insert(u"version"_s, 4);
    return QJsonDocument(catalogue).toJson(QJsonDocument::Compact);
}

QString villageName(const std::shared_ptr<RegionChoiceModel>& villages, const QString& code)
{
    for (int row = 0; row < villages->rowCount(); ++row) {
        const QModelIndex index = villages->index(row);
        if (index.data(RegionChoiceModel::CodeRole).toString() == code)
            return index.data(RegionChoiceModel::NameRole).toString();
    }
    return {};
}

} // namespace

// The desktop program reads the lists a sync pulled: the catalogue at the next sign-in, the
// region names at once.
class TestMasterDataGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formsReadThePulledLists();
};

void TestMasterDataGui::formsReadThePulledLists()
{
    TestOffice office;
    QVERIFY(office.setUp());
    Workspace workspace(*office.database, office.clock);
    {
        ApplicationsPage page(workspace, office.clerk);
        QVERIFY(page.findChild<QPushButton*>(u"newApplication.ktp-el-hilang"_s));
    }
    QCOMPARE(villageName(workspace.villageChoices()->villages(), u"19.04.01.1002"_s),
             u"Arung Dalam"_s);

    QFile builtIn(u":/sipelanduk/regions/builtin.csv"_s);
    QVERIFY(builtIn.open(QIODevice::ReadOnly));
    const QByteArray regions = builtIn.readAll().replace("19.04.01.1002,Arung Dalam\n",
                                                         "19.04.01.1002,Arung Dalam Raya\n");
    Result<MasterData::Outcome> pulled =
        MasterData(*office.database, office.clock)
            .apply({answerOf(MasterKind::Catalogue, 4, catalogueRetiring(u"ktp-el-hilang"_s)),
                    answerOf(MasterKind::Regions, 1, regions)});
    QVERIFY2(pulled.ok() && pulled->refusals.isEmpty(), qPrintable(pulled.errorMessage()));

    // The village shows its new name in the next form, without a new sign-in.
    QCOMPARE(villageName(workspace.villageChoices()->villages(), u"19.04.01.1002"_s),
             u"Arung Dalam Raya"_s);

    // The catalogue changes at the next sign-in, while no form holds the old one.
    QCOMPARE(workspace.catalogue().version(), 3);
    workspace.reloadLists();
    QCOMPARE(workspace.catalogue().version(), 4);
    ApplicationsPage page(workspace, office.clerk);
    QVERIFY(!page.findChild<QPushButton*>(u"newApplication.ktp-el-hilang"_s));
    QVERIFY(page.findChild<QPushButton*>(u"newApplication.akta-kelahiran"_s));

    ApplicationInput lost;
    lost.service = u"ktp-el-hilang"_s;
    const Result<Application> refused = workspace.applications().saveDraft(office.clerk, lost);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, u"retired_service"_s);
    const Result<Application> birth =
        workspace.applications().saveDraft(office.clerk, birthCertificate());
    QVERIFY2(birth.ok(), qPrintable(birth.errorMessage()));
    QCOMPARE(birth->catalogueVersion, 4);
}

} // namespace sipelanduk::test

QTEST_MAIN(sipelanduk::test::TestMasterDataGui)
#include "tst_master_data_gui.moc"
