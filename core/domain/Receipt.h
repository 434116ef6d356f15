#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace sipelanduk {

class Catalogue;
class Clock;
class Database;
struct Application;
struct OfficeInfo;
struct User;

// What the applicant takes home, as data: the printing code only lays it out. The receipt is an
// official slip in Bahasa Indonesia whatever language the clerk's screen uses.
struct ReceiptContent
{
    QString title;
    QString regencyName; // Kabupaten Bangka Tengah, when the region table knows it
    QString officeName;
    QString officeCode;
    QString registrationNumber;
    QString serviceName;
    QString applicantName;
    QStringList requirements;
    QDate receivedOn;
    QString receivedOnText;
    QString receivedBy;
    QStringList nextSteps;
    QString feeNote;
    QString printedAtText;
    // What the QR code holds: the registration number only, never personal data.
    QString qrPayload;
};

// "3 Desember 2026": a calendar date with the Indonesian month name.
QString indonesianDate(const QDate& date);

class Receipts
{
    Q_DECLARE_TR_FUNCTIONS(Receipts)

public:
    // The receipt of a saved application. The date received is the local calendar day of its
    // first save, the day its registration number carries.
    static Result<ReceiptContent> contentFor(const Application& application,
                                             const OfficeInfo& office, const Catalogue& catalogue,
                                             const Clock& clock, const QString& regencyName = {});

    // A receipt on paper or in a file carries personal data out of the program, so each one is an
    // audit entry. Only the clerk who captured the application, or someone who may see every
    // application, may print it.
    static Status recordPrinted(Database& database, const Clock& clock, const User& user,
                                const Application& application, const QString& how);
};

} // namespace sipelanduk
