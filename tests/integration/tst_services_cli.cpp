// sipelanduk-ctl services: the catalogue as the machine reads it, without an account or a
// database that holds anything.

#include "CtlProcess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestServicesCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEveryServiceAsJson();
    void listsEveryServiceAsText();

private:
    QByteArray ctl(const QStringList& arguments);

    QTemporaryDir m_dir;
};

QByteArray TestServicesCli::ctl(const QStringList& arguments)
{
    return sipelanduk::test::ctlOutput(m_dir.filePath(u"data"_s), arguments);
}

void TestServicesCli::listsEveryServiceAsJson()
{
    const QJsonDocument document = QJsonDocument::fromJson(ctl({u"services"_s, u"--json"_s}));
    QVERIFY(document.isObject());
    QCOMPARE(document.object().value(u"version"_s).toInt(), 3);
    const QJsonArray services = document.object().value(u"services"_s).toArray();
    QCOMPARE(services.size(), 12);

    QSet<QString> codes;
    for (const QJsonValue& value : services) {
        const QJsonObject service = value.toObject();
        codes.insert(service.value(u"code"_s).toString());
        QVERIFY(!service.value(u"requirements"_s).toArray().isEmpty());
        const QJsonObject field = service.value(u"fields"_s).toArray().first().toObject();
        QVERIFY(field.contains(u"key"_s) && field.contains(u"type"_s));
        QVERIFY(field.value(u"required"_s).isBool());
    }
    const QSet<QString> expected{u"kk-baru"_s,      u"kk-perubahan"_s,     u"kk-hilang-rusak"_s,
                                 u"ktp-el-rekam"_s, u"ktp-el-perubahan"_s, u"ktp-el-hilang"_s,
                                 u"kia"_s,          u"akta-kelahiran"_s,   u"akta-kematian"_s,
                                 u"surat-pindah"_s, u"pindah-datang"_s,    u"perubahan-biodata"_s};
    QCOMPARE(codes, expected);
    // Nothing here is about a resident, and nothing asks for a sign-in.
    QVERIFY(!QFile::exists(QDir(m_dir.filePath(u"data"_s)).filePath(u"sipelanduk.sqlite"_s)));
}

void TestServicesCli::listsEveryServiceAsText()
{
    const QString text = QString::fromUtf8(ctl({u"services"_s}));
    QVERIFY(text.contains(u"akta-kematian  Death certificate"_s));
    QVERIFY(text.contains(u"deceased.deathDate (date, required)"_s));
}

QTEST_GUILESS_MAIN(TestServicesCli)
#include "tst_services_cli.moc"
