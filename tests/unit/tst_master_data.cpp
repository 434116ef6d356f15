#include "TestOffice.h"

#include "domain/CodeLists.h"
#include "sync/MasterData.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>

#include <functional>

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

QByteArray resource(const QString& name)
{
    QFile file(u":/sipelanduk/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The built-in catalogue as version `version`, with `edit` applied to its services.
QByteArray catalogueVersion(int version, const std::function<void(QJsonArray&)>& edit = {})
{
    QJsonObject catalogue = QJsonDocument::fromJson(Catalogue::builtIn().toJson()).object();
    QJsonArray services = catalogue.value("services"_L1).toArray();
    if (edit)
        edit(services);
    catalogue.insert(u"version"_s, version);
    catalogue.insert(u"services"_s, services);
    return QJsonDocument(catalogue).toJson(QJsonDocument::Compact);
}

void setService(QJsonArray& services, const QString& code, const QString& key,
                const QJsonValue& value)
{
    for (qsizetype i = 0; i < services.size(); ++i) {
        QJsonObject service = services.at(i).toObject();
        if (service.value("code"_L1).toString() != code)
            continue;
        if (value.isUndefined())
            service.remove(key);
        else
            service.insert(key, value);
        services.replace(i, service);
    }
}

void retire(QJsonArray& services, const QString& code)
{
    setService(services, code, u"retired"_s, true);
}

// The built-in code lists as version `version`, with `edit` applied to the lists.
QByteArray codeListsVersion(int version, const std::function<void(QJsonObject&)>& edit = {})
{
    QJsonObject document =
        QJsonDocument::fromJson(resource(u"codelists/codelists.json"_s)).object();
    QJsonObject lists = document.value("lists"_L1).toObject();
    if (edit)
        edit(lists);
    document.insert(u"version"_s, version);
    document.insert(u"lists"_s, lists);
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

// Every field that takes its options from the blood-type list left out.
void withoutBloodType(QJsonArray& services)
{
    for (qsizetype i = 0; i < services.size(); ++i) {
        QJsonObject service = services.at(i).toObject();
        QJsonArray sections = service.value("sections"_L1).toArray();
        for (qsizetype j = 0; j < sections.size(); ++j) {
            QJsonObject section = sections.at(j).toObject();
            QJsonArray fields;
            for (const QJsonValue& field : section.value("fields"_L1).toArray()) {
                if (field.toObject().value("codeList"_L1).toString() != "bloodType"_L1)
                    fields.append(field);
            }
            section.insert(u"fields"_s, fields);
            sections.replace(j, section);
        }
        service.insert(u"sections"_s, sections);
        services.replace(i, service);
    }
}

QByteArray renamedVillage(const QString& code, const QString& name)
{
    QByteArray csv = resource(u"regions/builtin.csv"_s);
    const QByteArray line = code.toUtf8() + ',';
    const qsizetype start = csv.indexOf(QByteArray("\n" + line)) + 1;
    const qsizetype end = csv.indexOf('\n', start);
    return csv.left(start) + line + name.toUtf8() + csv.mid(end);
}

} // namespace

// Master data pulled from the central server, applied to a real data folder without a network:
// what is taken, what is refused, and what the counter then works with.
class TestMasterData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void builtInListsUntilSomethingIsPulled();
    void retiredServiceKeepsItsApplications();
    void pulledRegionsRenameAVillage();
    void codeListsAndCatalogueArriveTogether();
    void refusedVersionLeavesTheOneInUse_data();
    void refusedVersionLeavesTheOneInUse();
    void olderOrCurrentVersionIsNotApplied();

private:
    int pulledRows();

    std::unique_ptr<TestOffice> m_office;
    std::unique_ptr<MasterData> m_masterData;
};

void TestMasterData::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
    m_masterData = std::make_unique<MasterData>(*m_office->database, m_office->clock);
}

int TestMasterData::pulledRows()
{
    QSqlQuery query(m_office->database->connection());
    return query.exec(u"SELECT count(*) FROM master_data"_s) && query.next()
               ? query.value(0).toInt()
               : -1;
}

void TestMasterData::builtInListsUntilSomethingIsPulled()
{
    QCOMPARE(m_masterData->have(MasterKind::CodeLists), CodeLists::builtIn().version());
    QCOMPARE(m_masterData->have(MasterKind::Catalogue), 3);
    QCOMPARE(m_masterData->have(MasterKind::Regions), 0);
    QCOMPARE(MasterData::catalogueInUse(*m_office->database).get(), &Catalogue::builtIn());
    QCOMPARE(MasterData::codeListsInUse(*m_office->database).get(), &CodeLists::builtIn());
    for (const MasterDataVersion& version : m_masterData->inUse()) {
        QVERIFY(!version.pulled);
        QVERIFY(MasterData::describe(version).isEmpty());
    }
}

void TestMasterData::retiredServiceKeepsItsApplications()
{
    Result<Application> before =
        m_office->store->saveDraft(m_office->clerk, birthCertificate(u"Sukarno"_s));
    QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
    QCOMPARE(before->catalogueVersion, 3);

    const QByteArray catalogue =
        catalogueVersion(4, [](QJsonArray& services) { retire(services, u"akta-kelahiran"_s); });
    Result<MasterData::Outcome> outcome =
        m_masterData->apply({answerOf(MasterKind::Catalogue, 4, catalogue)});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(outcome->refusals.isEmpty());
    QCOMPARE(
        outcome->changes,
        QStringList({u"Service catalogue version 4 (before: 3), 12 services."_s,
                     u"Retired: akta-kelahiran; no new application can be started for it."_s}));
    QCOMPARE(m_masterData->have(MasterKind::Catalogue), 4);

    const auto inUse = MasterData::catalogueInUse(*m_office->database);
    QCOMPARE(inUse->version(), 4);
    QVERIFY(inUse->service(u"akta-kelahiran"_s)->retired);
    QVERIFY(!inUse->service(u"akta-kematian"_s)->retired);
    ApplicationStore store(*m_office->database, *inUse, *m_office->regions, m_office->clock);

    const Result<Application> fresh = store.saveDraft(m_office->clerk, birthCertificate());
    QVERIFY(!fresh.ok());
    QCOMPARE(fresh.error().code, u"retired_service"_s);
    QVERIFY(fresh.errorMessage().contains(u"retired"_s));

    // The application captured before goes on, under the catalogue it was captured with.
    Result<Application> kept =
        store.saveDraft(m_office->clerk, birthCertificate(u"Sukarno"_s), before->id);
    QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
    kept = store.submit(m_office->clerk, before->id, true);
    QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
    kept = store.approve(m_office->supervisor, before->id);
    QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
    QCOMPARE(kept->catalogueVersion, 3);

    // Another service starts under the new version.
    ApplicationInput death;
    death.service = u"akta-kematian"_s;
    death.fields = {{u"deceased.name"_s, u"Ma'ruf"_s}};
    const Result<Application> other = store.saveDraft(m_office->clerk, death);
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    QCOMPARE(other->catalogueVersion, 4);
}

void TestMasterData::pulledRegionsRenameAVillage()
{
    const QByteArray regions = renamedVillage(u"19.04.01.1002"_s, u"Arung Dalam Raya"_s);
    Result<MasterData::Outcome> outcome =
        m_masterData->apply({answerOf(MasterKind::Regions, 1, regions)});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->changes,
             QStringList({u"Region table version 1: 108 regions; 0 added, 0 removed, 1 renamed."_s,
                          u"Renamed: 19.04.01.1002 Arung Dalam is now Arung Dalam Raya."_s}));
    QCOMPARE(m_office->regions->find(u"19.04.01.1002"_s)->name, u"Arung Dalam Raya"_s);
    QCOMPARE(m_office->regions->count(), 108);
    QCOMPARE(m_masterData->have(MasterKind::Regions), 1);

    const QList<RegionChoice> choices =
        m_office->regions->choices(u"19.04.01"_s, RegionLevel::Village);
    const auto village = std::find_if(choices.cbegin(), choices.cend(), [](const RegionChoice& c) {
        return c.code == "19.04.01.1002"_L1;
    });
    QVERIFY(village != choices.cend());
    QCOMPARE(village->name, u"Arung Dalam Raya"_s);

    const MasterDataVersion pulled = m_masterData->inUse().at(2);
    QCOMPARE(pulled.kind, MasterKind::Regions);
    QVERIFY(pulled.pulled);
    QCOMPARE(pulled.publishedAt, kPublished);
    QCOMPARE(MasterData::describe(pulled), outcome->changes);
    // The regions live in their table; the file is not kept twice.
    QSqlQuery query(m_office->database->connection());
    QVERIFY(query.exec(u"SELECT content IS NULL FROM master_data WHERE kind = 'regions'"_s));
    QVERIFY(query.next() && query.value(0).toBool());
}

void TestMasterData::codeListsAndCatalogueArriveTogether()
{
    // The lists drop "bloodType" and add a religion; the catalogue that comes with them no longer
    // names blood types, so the lists alone would not fit the catalogue in use.
    const QByteArray lists = codeListsVersion(2, [](QJsonObject& all) {
        all.remove(u"bloodType"_s);
        QJsonObject religion = all.value("religion"_L1).toObject();
        QJsonArray entries = religion.value("entries"_L1).toArray();
        entries.append(
            QJsonObject{{u"value"_s, u"9"_s},
                        {u"label"_s, QJsonObject{{u"id"_s, u"Uji"_s}, {u"en"_s, u"Test"_s}}}});
        religion.insert(u"entries"_s, entries);
        all.insert(u"religion"_s, religion);
    });
    const QByteArray catalogue = catalogueVersion(4, withoutBloodType);
    QVERIFY(Catalogue::builtIn().toJson().contains("\"bloodType\""));
    QVERIFY(!catalogue.contains("\"bloodType\""));

    // Alone, the lists would leave the catalogue in use without blood types.
    Result<MasterData::Outcome> alone =
        m_masterData->apply({answerOf(MasterKind::CodeLists, 2, lists)});
    QVERIFY(alone.ok());
    QCOMPARE(alone->refusals.size(), 1);

    Result<MasterData::Outcome> outcome = m_masterData->apply(
        {answerOf(MasterKind::CodeLists, 2, lists), answerOf(MasterKind::Catalogue, 4, catalogue)});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY2(outcome->refusals.isEmpty(), qPrintable(outcome->refusals.join(u'\n')));
    QVERIFY(outcome->changes.contains(u"Changed: religion."_s));
    QVERIFY(outcome->changes.contains(u"Removed: bloodType."_s));

    const auto inUse = MasterData::catalogueInUse(*m_office->database);
    QCOMPARE(inUse->version(), 4);
    QCOMPARE(MasterData::codeListsInUse(*m_office->database)->version(), 2);
    const FieldSpec* religion = inUse->service(u"kk-baru"_s)->field(u"head.religion"_s);
    QVERIFY(religion);
    QCOMPARE(religion->options.constLast().value, u"9"_s);
}

void TestMasterData::refusedVersionLeavesTheOneInUse_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("damaged");
    QTest::addColumn<QString>("reason");

    const auto row = [](const char* name, MasterKind kind, int version) -> QTestData& {
        return QTest::newRow(name) << int(kind) << version;
    };
    row("damaged on the way", MasterKind::Catalogue, 4)
        << catalogueVersion(4) << true << u"damaged on the way"_s;
    row("service dropped", MasterKind::Catalogue, 4)
        << catalogueVersion(4, [](QJsonArray& services) { services.removeAt(0); }) << false
        << u"The service kk-baru is missing."_s;
    row("other version inside", MasterKind::Catalogue, 5)
        << catalogueVersion(4) << false
        << u"The file names version 4 inside, but was published as version 5."_s;
    row("field type unknown to this program", MasterKind::Catalogue, 4)
        << catalogueVersion(4,
                            [](QJsonArray& services) {
                                QJsonObject service = services.at(0).toObject();
                                QJsonArray sections = service.value("sections"_L1).toArray();
                                QJsonObject section = sections.at(0).toObject();
                                QJsonArray fields = section.value("fields"_L1).toArray();
                                fields.append(QJsonObject{{u"key"_s, u"head.fingerprint"_s},
                                                          {u"type"_s, u"fingerprint"_s}});
                                section.insert(u"fields"_s, fields);
                                sections.replace(0, section);
                                service.insert(u"sections"_s, sections);
                                services.replace(0, service);
                            })
        << false << u"The service catalogue has a service or field it cannot read."_s;
    row("code list the catalogue needs dropped", MasterKind::CodeLists, 2)
        << codeListsVersion(2, [](QJsonObject& lists) { lists.remove(u"religion"_s); }) << false
        << u"The catalogue in use names a code list or a code these code lists lack."_s;
    row("region line broken", MasterKind::Regions, 1)
        << QByteArray("kode,nama\n19,Kepulauan Bangka Belitung\n19.04.01.1002\n") << false
        << u"Line 3 of the region file is not a region"_s;
    row("region code twice", MasterKind::Regions, 1)
        << QByteArray("kode,nama\n19,Kepulauan Bangka Belitung\n19,Babel\n") << false
        << u"Line 3 of the region file repeats the code 19 of line 2."_s;
}

void TestMasterData::refusedVersionLeavesTheOneInUse()
{
    QFETCH(int, kind);
    QFETCH(int, version);
    QFETCH(QByteArray, content);
    QFETCH(bool, damaged);
    QFETCH(QString, reason);

    protocol::MasterDataResponse answer = answerOf(MasterKind(kind), version, content);
    if (damaged)
        answer.content = answer.content->left(answer.content->size() / 2);
    const int before = m_masterData->have(MasterKind(kind));
    const QString arung = m_office->regions->find(u"19.04.01.1002"_s)->name;

    Result<MasterData::Outcome> outcome = m_masterData->apply({answer});
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(outcome->changes.isEmpty());
    QCOMPARE(outcome->refusals.size(), 1);
    QVERIFY2(outcome->refusals.first().contains(reason), qPrintable(outcome->refusals.first()));
    QVERIFY(outcome->refusals.first().startsWith(u"Version %1 of the "_s.arg(version)));
    QVERIFY(outcome->refusals.first().endsWith(u"tell the central office."_s));

    QCOMPARE(m_masterData->have(MasterKind(kind)), before);
    QCOMPARE(pulledRows(), 0);
    QCOMPARE(MasterData::catalogueInUse(*m_office->database)->version(), 3);
    QCOMPARE(m_office->regions->count(), 108);
    QCOMPARE(m_office->regions->find(u"19.04.01.1002"_s)->name, arung);
}

void TestMasterData::olderOrCurrentVersionIsNotApplied()
{
    // The built-in catalogue is version 3: a pulled version 3 or 2 changes nothing.
    for (int version : {2, 3}) {
        Result<MasterData::Outcome> outcome = m_masterData->apply(
            {answerOf(MasterKind::Catalogue, version, catalogueVersion(version))});
        QVERIFY(outcome.ok());
        QVERIFY(outcome->changes.isEmpty());
        QVERIFY(outcome->refusals.isEmpty());
    }
    // An answer without content says only which version is current.
    protocol::MasterDataResponse current = answerOf(MasterKind::Regions, 7, "kode,nama\n19,X\n");
    current.content.reset();
    Result<MasterData::Outcome> outcome = m_masterData->apply({current});
    QVERIFY(outcome.ok() && outcome->changes.isEmpty());
    QCOMPARE(pulledRows(), 0);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestMasterData)
#include "tst_master_data.moc"
