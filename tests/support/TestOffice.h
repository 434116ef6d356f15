#pragma once

#include "Clock.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "security/Accounts.h"
#include "storage/Database.h"
#include "storage/Office.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace sipelanduk::test {

inline QString sharedFile(const QString& relative)
{
    return QStringLiteral(SIPELANDUK_SHARED_DIR) + QLatin1Char('/') + relative;
}

// A kantor camat on a temporary data folder: office Koba, one IT operator, two clerks and two
// supervisors, a clock fixed at a known moment.
struct TestOffice
{
    QTemporaryDir dir;
    FixedClock clock{QDateTime(QDate(2026, 12, 3), QTime(9, 30), Qt::UTC)};
    std::unique_ptr<Database> database;
    std::unique_ptr<RegionStore> regions;
    std::unique_ptr<Accounts> accounts;
    std::unique_ptr<ApplicationStore> store;
    User admin, clerk, otherClerk, supervisor, otherSupervisor;

    bool setUp()
    {
        Result<std::unique_ptr<Database>> opened = Database::open(dir.path());
        if (!opened)
            return false;
        database = std::move(opened).value();
        regions = std::make_unique<RegionStore>(*database);
        accounts = std::make_unique<Accounts>(*database, clock);
        Result<User> it =
            Office::initialise(*database, *regions, *accounts, QStringLiteral("19.04.01"),
                               QStringLiteral("it"), QStringLiteral("rahasia-it"));
        if (!it)
            return false;
        admin = *it;
        clerk = add(QStringLiteral("siti"), Role::Clerk);
        otherClerk = add(QStringLiteral("budi"), Role::Clerk);
        supervisor = add(QStringLiteral("kasi"), Role::Supervisor);
        otherSupervisor = add(QStringLiteral("camat"), Role::Supervisor);
        store =
            std::make_unique<ApplicationStore>(*database, Catalogue::builtIn(), *regions, clock);
        return true;
    }

    User add(const QString& name, Role role)
    {
        Result<User> user = accounts->create(name, role, QStringLiteral("rahasia-") + name, &admin);
        return user ? *user : User{};
    }
};

// A complete birth-certificate application for a child of desa Arung Dalam.
inline ApplicationInput birthCertificate(const QString& childName = QStringLiteral("Ma'ruf"),
                                         const QString& birthDate = QStringLiteral("2026-11-20"))
{
    ApplicationInput input;
    input.service = QStringLiteral("akta-kelahiran");
    input.fields = QJsonObject{
        {QStringLiteral("child.name"), childName},
        {QStringLiteral("child.nik"), QJsonValue::Null},
        {QStringLiteral("child.sex"), QStringLiteral("1")},
        {QStringLiteral("child.birthPlace"), QStringLiteral("Koba")},
        {QStringLiteral("child.birthDate"), birthDate},
        {QStringLiteral("child.village"), QStringLiteral("19.04.01.1002")},
        {QStringLiteral("family.kk"), QStringLiteral("1904011505200001")},
        {QStringLiteral("mother.name"), QStringLiteral("Siti Aminah")},
        {QStringLiteral("mother.nik"), QStringLiteral("1904015505900002")},
        {QStringLiteral("reporter.name"), QStringLiteral("Ahmad")},
        {QStringLiteral("reporter.nik"), QStringLiteral("1904010101850003")},
        {QStringLiteral("reporter.relation"), QStringLiteral("ayah")},
    };
    input.requirements = {QStringLiteral("surat-kelahiran"), QStringLiteral("buku-nikah"),
                          QStringLiteral("kk"), QStringLiteral("f-2.01")};
    return input;
}

// One person of a family card (F-1.01), born in Koba, Muslim, an Indonesian citizen.
inline QJsonObject familyMember(const QString& name, const QJsonValue& nik, const QString& sex,
                                const QString& birthDate, const QString& shdk,
                                const QString& maritalStatus = QStringLiteral("1"))
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("nik"), nik},
        {QStringLiteral("sex"), sex},
        {QStringLiteral("birthPlace"), QStringLiteral("Koba")},
        {QStringLiteral("birthDate"), birthDate},
        {QStringLiteral("religion"), QStringLiteral("1")},
        {QStringLiteral("maritalStatus"), maritalStatus},
        {QStringLiteral("shdk"), shdk},
        {QStringLiteral("education"), QStringLiteral("1")},
        {QStringLiteral("occupation"), QStringLiteral("1")},
        {QStringLiteral("citizenship"), QStringLiteral("1")},
    };
}

// The four members of the Tanjung family after a birth: the head, his wife and two children.
inline QJsonArray tanjungFamily()
{
    return QJsonArray{
        familyMember(QStringLiteral("Yohanes Tanjung"), QStringLiteral("1904010607610123"),
                     QStringLiteral("1"), QStringLiteral("1961-07-06"), QStringLiteral("1"),
                     QStringLiteral("2")),
        familyMember(QStringLiteral("Siti Aminah"), QStringLiteral("1904015505900002"),
                     QStringLiteral("2"), QStringLiteral("1990-05-15"), QStringLiteral("3"),
                     QStringLiteral("2")),
        familyMember(QStringLiteral("Andreas Tanjung"), QStringLiteral("1904012003150004"),
                     QStringLiteral("1"), QStringLiteral("2015-03-20"), QStringLiteral("4")),
        familyMember(QStringLiteral("Zoë Tanjung"), QJsonValue::Null, QStringLiteral("2"),
                     QStringLiteral("2026-11-20"), QStringLiteral("4")),
    };
}

// A complete change of family card: a daughter was born into the Tanjung family.
inline ApplicationInput familyCardChange(const QJsonArray& members = tanjungFamily())
{
    ApplicationInput input;
    input.service = QStringLiteral("kk-perubahan");
    input.fields = QJsonObject{
        {QStringLiteral("head.name"), QStringLiteral("Yohanes Tanjung")},
        {QStringLiteral("head.nik"), QStringLiteral("1904010607610123")},
        {QStringLiteral("head.sex"), QStringLiteral("1")},
        {QStringLiteral("head.birthPlace"), QStringLiteral("Koba")},
        {QStringLiteral("head.birthDate"), QStringLiteral("1961-07-06")},
        {QStringLiteral("family.kk"), QStringLiteral("1904011505200001")},
        {QStringLiteral("family.village"), QStringLiteral("19.04.01.1002")},
        {QStringLiteral("change.kind"), QStringLiteral("kelahiran")},
        {QStringLiteral("members"), members},
    };
    input.requirements = {QStringLiteral("kk-lama"), QStringLiteral("bukti-peristiwa"),
                          QStringLiteral("f-1.01")};
    return input;
}

} // namespace sipelanduk::test
