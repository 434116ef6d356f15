// sipelanduk-ctl as each role: every command a role may not run is refused with a sentence, the
// account commands of the IT operator work, and wrong passwords lock an account here too.

#include "CtlProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sipelanduk::test::ctlEnvironment;
using sipelanduk::test::Outcome;
using sipelanduk::test::runCtl;

namespace {

// The password of each account is "rahasia-" and its name.
QString passwordOf(const QString& name)
{
    return u"rahasia-"_s + name;
}

} // namespace

class TestPermissionsCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eachRoleIsRefusedWhatItMayNotDo_data();
    void eachRoleIsRefusedWhatItMayNotDo();
    void operatorCaresForAccounts();
    void wrongPasswordsLockTheAccount();

private:
    Outcome ctl(const QStringList& arguments, const QString& password,
                const QString& newPassword = {});
    QJsonArray users();
    QString writeFile(const QString& name, const QByteArray& content);

    QTemporaryDir m_dir;
    QString m_dataDir;
    QString m_applications;
    QString m_regions;
};

Outcome TestPermissionsCli::ctl(const QStringList& arguments, const QString& password,
                                const QString& newPassword)
{
    QProcessEnvironment environment = ctlEnvironment();
    if (!newPassword.isEmpty())
        environment.insert(u"SIPELANDUK_NEW_PASSWORD"_s, newPassword);
    return runCtl(m_dataDir, arguments, password.toUtf8(), environment);
}

QString TestPermissionsCli::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

QJsonArray TestPermissionsCli::users()
{
    const Outcome listed =
        ctl({u"users"_s, u"--json"_s, u"--as"_s, u"operator"_s}, passwordOf(u"operator"_s));
    if (listed.exitCode != 0)
        qWarning("%s", qPrintable(listed.err));
    return QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"users"_s).toArray();
}

void TestPermissionsCli::initTestCase()
{
    m_dataDir = m_dir.filePath(u"kantor-koba"_s);
    const Outcome init = ctl({u"init"_s, u"--office"_s, u"19.04.01"_s, u"--admin"_s, u"operator"_s},
                             passwordOf(u"operator"_s));
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const QList<std::pair<QString, QString>> accounts = {
        {u"siti"_s, u"clerk"_s}, {u"budi"_s, u"clerk"_s}, {u"kasi"_s, u"supervisor"_s}};
    for (const auto& [name, role] : accounts) {
        const Outcome added =
            ctl({u"add-user"_s, name, u"--role"_s, role, u"--as"_s, u"operator"_s},
                passwordOf(u"operator"_s), passwordOf(name));
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    }

    const QJsonObject application{
        {u"service"_s, u"akta-kelahiran"_s},
        {u"fields"_s, QJsonObject{{u"child.name"_s, u"Ma'ruf"_s}}},
        {u"requirements"_s, QJsonArray{}},
    };
    m_applications =
        writeFile(u"permohonan.json"_s,
                  QJsonDocument(QJsonObject{{u"format"_s, u"sipelanduk-applications"_s},
                                            {u"version"_s, 1},
                                            {u"applications"_s, QJsonArray{application}}})
                      .toJson());
    m_regions = writeFile(u"wilayah.csv"_s, "kode,nama\n19,KEPULAUAN BANGKA BELITUNG\n");
    QVERIFY(!m_applications.isEmpty() && !m_regions.isEmpty());
}

void TestPermissionsCli::eachRoleIsRefusedWhatItMayNotDo_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("command");

    const QStringList clerks = {u"siti"_s};
    const QStringList supervisors = {u"kasi"_s};
    const QStringList notClerks = {u"kasi"_s, u"operator"_s};
    const QStringList notSupervisors = {u"siti"_s, u"operator"_s};
    const QStringList notOperators = {u"siti"_s, u"kasi"_s};
    const QList<std::pair<QStringList, QStringList>> refusals = {
        {notClerks, {u"import-applications"_s, u"FILE"_s}},
        {notSupervisors, {u"approve"_s, u"--all"_s}},
        {notOperators, {u"add-user"_s, u"dewi"_s, u"--role"_s, u"clerk"_s}},
        {notOperators, {u"reset-password"_s, u"budi"_s}},
        {notOperators, {u"disable-user"_s, u"budi"_s}},
        {notOperators, {u"enable-user"_s, u"budi"_s}},
        {notOperators, {u"users"_s, u"--json"_s}},
        {notOperators, {u"enrol"_s, u"--server"_s, u"http://127.0.0.1:9"_s, u"--code"_s, u"X"_s}},
        {notOperators, {u"import-regions"_s, u"FILE"_s}},
        {notOperators, {u"set-ca-file"_s, u"FILE"_s}},
        {notOperators, {u"sync-schedule"_s, u"5"_s}},
        {notOperators, {u"sync-settings"_s, u"stall-timeout=60"_s}},
        {notOperators, {u"resync-status"_s}},
    };
    for (const auto& [users, command] : refusals) {
        for (const QString& user : users) {
            const QByteArray row = (user + u' ' + command.first()).toUtf8();
            QTest::newRow(row.constData()) << user << command;
        }
    }
}

void TestPermissionsCli::eachRoleIsRefusedWhatItMayNotDo()
{
    QFETCH(QString, user);
    QFETCH(QStringList, command);

    const QString file = command.first() == "import-regions"_L1 ? m_regions : m_applications;
    command.replaceInStrings(u"FILE"_s, file);
    const Outcome refused =
        ctl(command + QStringList{u"--as"_s, user}, passwordOf(user), u"sandi-baru-123"_s);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"may not"_s), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(user), qPrintable(refused.err));
    QVERIFY(refused.out.isEmpty());

    // The refused command changed nothing: every account as it was, nobody added.
    const QJsonArray accounts = users();
    QCOMPARE(accounts.size(), 4);
    for (const QJsonValue& account : accounts) {
        QVERIFY(account[u"active"_s].toBool());
        QCOMPARE(account[u"failedAttempts"_s].toInt(), 0);
    }
    QVERIFY(ctl({u"status"_s}, {}).out.startsWith(u"0 "_s));
}

void TestPermissionsCli::operatorCaresForAccounts()
{
    const QString admin = passwordOf(u"operator"_s);
    const QStringList asOperator = {u"--as"_s, u"operator"_s};

    const Outcome disabled = ctl(QStringList{u"disable-user"_s, u"budi"_s} + asOperator, admin);
    QVERIFY2(disabled.exitCode == 0, qPrintable(disabled.err));
    const Outcome refused =
        ctl({u"approve"_s, u"--all"_s, u"--as"_s, u"budi"_s}, u"rahasia-budi"_s);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"disabled"_s), qPrintable(refused.err));
    const Outcome self = ctl(QStringList{u"disable-user"_s, u"operator"_s} + asOperator, admin);
    QCOMPARE(self.exitCode, 1);

    const QJsonArray accounts = users();
    QCOMPARE(accounts.size(), 4);
    for (const QJsonValue& account : accounts) {
        const QJsonObject object = account.toObject();
        QCOMPARE(object.keys(), (QStringList{u"active"_s, u"failedAttempts"_s, u"lockedUntil"_s,
                                             u"name"_s, u"role"_s}));
        QCOMPARE(object[u"active"_s].toBool(), object[u"name"_s].toString() != "budi"_L1);
    }
    // As a person reads it: in columns, the role as --role takes it and as the program names it.
    const Outcome listed = ctl(QStringList{u"users"_s} + asOperator, admin);
    QCOMPARE(listed.out, u"budi      clerk       Counter clerk  disabled\n"
                         u"kasi      supervisor  Supervisor     active\n"
                         u"operator  admin       IT operator    active\n"
                         u"siti      clerk       Counter clerk  active\n"_s);

    const Outcome enabled = ctl(QStringList{u"enable-user"_s, u"budi"_s} + asOperator, admin);
    QVERIFY2(enabled.exitCode == 0, qPrintable(enabled.err));
    const Outcome reset =
        ctl(QStringList{u"reset-password"_s, u"budi"_s} + asOperator, admin, u"sandi-baru-budi"_s);
    QVERIFY2(reset.exitCode == 0, qPrintable(reset.err));
    // Signed in with the new password, budi meets the next rule: a clerk does not approve.
    const QStringList approve = {u"approve"_s, u"--all"_s, u"--as"_s, u"budi"_s};
    QVERIFY(ctl(approve, u"rahasia-budi"_s).err.contains(u"password is wrong"_s));
    QVERIFY(ctl(approve, u"sandi-baru-budi"_s).err.contains(u"may not"_s));
}

void TestPermissionsCli::wrongPasswordsLockTheAccount()
{
    const QStringList approve = {u"approve"_s, u"--all"_s, u"--as"_s, u"kasi"_s};
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const Outcome wrong = ctl(approve, u"salah-sandi"_s);
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(wrong.err.contains(u"locked"_s), attempt == 5);
    }
    const Outcome locked = ctl(approve, passwordOf(u"kasi"_s));
    QCOMPARE(locked.exitCode, 1);
    QVERIFY2(locked.err.contains(u"locked"_s), qPrintable(locked.err));

    const Outcome reset = ctl({u"reset-password"_s, u"kasi"_s, u"--as"_s, u"operator"_s},
                              passwordOf(u"operator"_s), u"sandi-baru-kasi"_s);
    QVERIFY2(reset.exitCode == 0, qPrintable(reset.err));
    const Outcome approved = ctl(approve, u"sandi-baru-kasi"_s);
    QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));
}

QTEST_GUILESS_MAIN(TestPermissionsCli)
#include "tst_permissions_cli.moc"
