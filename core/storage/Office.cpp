#include "storage/Office.h"

#include "Logging.h"
#include "domain/Regions.h"
#include "security/Accounts.h"
#include "storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kOfficeCode = "office.code"_L1;
constexpr auto kOfficeName = "office.name"_L1;
constexpr auto kStation = "office.station"_L1;
constexpr auto kInstallId = "install.id"_L1;
// Kept by SyncClient; without it the PC counts as not enrolled.
constexpr auto kDeviceId = "sync.deviceId"_L1;

} // namespace

bool Office::isInitialised(const Database& database)
{
    return !database.setting(kOfficeCode).isEmpty();
}

Result<OfficeInfo> Office::load(const Database& database)
{
    if (!isInitialised(database)) {
        return Error{tr("This PC has not been set up yet. The IT operator sets the office first "
                        "(sipelanduk-ctl init)."),
                     u"not_initialised"_s};
    }
    return OfficeInfo{database.setting(kOfficeCode), database.setting(kOfficeName),
                      database.setting(kStation), database.setting(kInstallId)};
}

QString Office::randomStationCode()
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    QString code;
    for (int i = 0; i < 5; ++i)
        code.append(QLatin1Char(alphabet[randombytes_uniform(32)]));
    return code;
}

Result<User> Office::initialise(Database& database, RegionStore& regions, Accounts& accounts,
                                const QString& officeCode, const QString& adminName,
                                const QString& adminPassword)
{
    if (isInitialised(database)) {
        return Error{
            tr("This PC is already set up for kecamatan %1.").arg(database.setting(kOfficeCode)),
            u"already_initialised"_s};
    }
    if (Status loaded = regions.ensureBuiltIn(); !loaded)
        return loaded.error();
    const std::optional<Region> office = regions.find(officeCode.trimmed());
    if (!office || office->level != RegionLevel::District) {
        return Error{tr("%1 is not a kecamatan in the region table. Give the kecamatan code with "
                        "dots, for example 19.04.01 for Koba.")
                         .arg(officeCode),
                     u"unknown_office"_s};
    }
    if (sodium_init() < 0)
        return Error{tr("The security library could not start."), u"crypto"_s};

    if (Status begun = database.transaction(); !begun)
        return begun.error();
    Result<User> admin = accounts.create(adminName, Role::Admin, adminPassword, nullptr);
    Status stored = admin ? database.setSetting(kOfficeCode, office->code) : admin.error();
    if (stored)
        stored = database.setSetting(kOfficeName, office->name);
    if (stored)
        stored = database.setSetting(kStation, randomStationCode());
    if (stored)
        stored =
            database.setSetting(kInstallId, QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!stored) {
        database.rollback();
        return stored.error();
    }
    if (Status committed = database.commit(); !committed)
        return committed.error();
    qCInfo(lcDomain) << "office set up:" << office->code << office->name;
    return admin;
}

Result<QString> Office::renewIdentity(Database& database)
{
    const QString previous = database.setting(kStation);
    QString station = randomStationCode();
    while (station == previous)
        station = randomStationCode();

    if (Status begun = database.transaction(); !begun)
        return begun.error();
    Status stored = database.setSetting(kStation, station);
    if (stored)
        stored =
            database.setSetting(kInstallId, QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (QSqlQuery query(database.connection()); stored) {
        query.prepare(u"DELETE FROM setting WHERE key = ?"_s);
        query.addBindValue(QString(kDeviceId));
        if (!query.exec())
            stored = sqlError(tr("forget the enrolment"), query.lastError().text());
    }
    if (!stored) {
        database.rollback();
        return stored.error();
    }
    if (Status committed = database.commit(); !committed)
        return committed.error();
    qCInfo(lcDomain) << "new station code" << station << "replaces" << previous;
    return station;
}

} // namespace sipelanduk
