// sipelanduk-ctl nik against the shared NIK cases, on a data folder that holds the national region
// table: residents carry NIKs from anywhere in Indonesia.

#include "CtlProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString sharedFile(const QString& relative)
{
    return QStringLiteral(SIPELANDUK_SHARED_DIR) + u'/' + relative;
}

struct NikCase
{
    QString input;
    QString expected;
    QString reason;
};

// input,expected,reason: the reason is the rest of the line, commas and all.
QList<NikCase> readCases(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QList<NikCase> cases;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    for (const QString& line : lines.mid(1)) {
        const qsizetype first = line.indexOf(u',');
        const qsizetype second = line.indexOf(u',', first + 1);
        if (first < 0 || second < 0)
            return {};
        cases.append({line.left(first), line.mid(first + 1, second - first - 1).trimmed(),
                      line.mid(second + 1).trimmed()});
    }
    return cases;
}

} // namespace

class TestNikCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agreesWithEverySharedCase();

private:
    QByteArray ctl(const QStringList& arguments);

    QTemporaryDir m_dir;
};

QByteArray TestNikCli::ctl(const QStringList& arguments)
{
    return sipelanduk::test::ctlOutput(m_dir.filePath(u"data"_s), arguments);
}

// Before the first account exists the PC is being set up, so no sign-in is asked for.
void TestNikCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString table = sharedFile(u"data/wilayah/wilayah_kepmendagri_2025.csv"_s);
    QVERIFY2(QFile::exists(table), qPrintable(table));
    const QString imported = QString::fromUtf8(ctl({u"import-regions"_s, table}));
    QVERIFY2(imported.contains(u"91599"_s), qPrintable(imported));
}

void TestNikCli::agreesWithEverySharedCase()
{
    const QList<NikCase> cases = readCases(sharedFile(u"cases/nik_cases.csv"_s));
    QVERIFY(cases.size() >= 20);

    QStringList arguments{u"nik"_s, u"--json"_s};
    for (const NikCase& nikCase : cases)
        arguments.append(nikCase.input);
    const QJsonDocument document = QJsonDocument::fromJson(ctl(arguments));
    QVERIFY(document.isArray());
    const QJsonArray verdicts = document.array();
    QCOMPARE(verdicts.size(), cases.size());

    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonObject verdict = verdicts.at(i).toObject();
        const QString reasons = verdict.value(u"reasons"_s).toVariant().toStringList().join(u' ');
        QVERIFY2(verdict.value(u"verdict"_s).toString() == cases.at(i).expected,
                 qPrintable(u"%1 (%2): expected %3, got %4 %5"_s.arg(
                     cases.at(i).input, cases.at(i).reason, cases.at(i).expected,
                     verdict.value(u"verdict"_s).toString(), reasons)));
    }
}

QTEST_GUILESS_MAIN(TestNikCli)
#include "tst_nik_cli.moc"
