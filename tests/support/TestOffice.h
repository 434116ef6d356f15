#pragma once

#include "Clock.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "security/Accounts.h"
#include "storage/Database.h"
#include "storage/Office.h"

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

} // namespace sipelanduk::test
