#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QCoreApplication>
#include <QString>

namespace sipelanduk {

class Accounts;
class Database;
class RegionStore;

// The kantor camat this PC serves, and the PC's own station code. The station code is drawn at
// random when the office is set up; it keeps registration numbers from two PCs of one office
// apart without asking the server.
struct OfficeInfo
{
    QString code;    // kecamatan, e.g. 19.04.01
    QString name;    // Koba
    QString station; // five characters of Crockford base32
    QString installId;

    QString digits() const { return QString(code).remove(QLatin1Char('.')); }
};

class Office
{
    Q_DECLARE_TR_FUNCTIONS(Office)

public:
    static bool isInitialised(const Database& database);
    static Result<OfficeInfo> load(const Database& database);

    // First run: records the office and creates the first IT operator, in one transaction.
    static Result<User> initialise(Database& database, RegionStore& regions, Accounts& accounts,
                                   const QString& officeCode, const QString& adminName,
                                   const QString& adminPassword);

    static QString randomStationCode();

    // For a PC restored from another PC's backup: a new station code, so that it never hands out
    // a registration number the old PC used, and a new install id with no enrolment, because the
    // token stayed in the old PC's keychain. Returns the new station code.
    static Result<QString> renewIdentity(Database& database);
};

} // namespace sipelanduk
