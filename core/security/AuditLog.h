#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace sipelanduk {

class Clock;
class Database;
struct Application;
struct User;

// What can happen to a person's data on this PC. The names are stored; keep them stable.
enum class AuditAction
{
    Created,
    Changed,
    Viewed,
    Submitted,
    Approved,
    Returned,
    Refused,
    Printed,
    Exported,
    Sent,
    StatusReceived,
    HandedOver,
    Purged,
    SignedIn,
    SignInRefused,
    TrailStarted,
    ScanAttached,
    ScanRemoved,
};

QString auditActionName(AuditAction action);

struct AuditEntry
{
    qint64 seq = 0;
    QDateTime at;
    qint64 userId = 0;
    QString userName;
    QString action;
    QString applicationUuid;
    QString registrationNumber;
    QStringList subjects;
    QString detail;
    QString previousHash;
    QString hash;
};

struct AuditProblem
{
    qint64 seq = 0;
    QString message;
};

struct AuditVerification
{
    int entries = 0;
    QList<AuditProblem> problems;

    bool ok() const { return problems.isEmpty(); }
};

// The append-only record of who did what with which application, and when. Each entry carries
// the hash of the one before it, so an entry that was edited, removed or moved is found by
// verify(). The NIKs concerned are kept as salted hashes: the log can answer "what was done with
// this person's data" without holding the numbers.
class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)

public:
    static constexpr auto kGenesis =
        "0000000000000000000000000000000000000000000000000000000000000000";

    AuditLog(Database& database, const Clock& clock)
        : m_database(database)
        , m_clock(clock)
    {}

    // Appends inside the caller's transaction, if there is one, so an action and its entry are
    // kept or dropped together. `user` may be null for what the PC does by itself (sync, purge).
    Status record(AuditAction action, const User* user, const Application* application,
                  const QString& detail = {});
    Status record(AuditAction action, const User* user, const QString& detail);
    // An action about one person rather than one application (a report on their data).
    Status recordForPerson(AuditAction action, const User* user, const QString& nik,
                           const QString& detail);

    AuditVerification verify() const;
    QList<AuditEntry> forPerson(const QString& nik) const;
    QList<AuditEntry> forApplication(const QString& uuid) const;

    // The salted hash under which a NIK is found in the log.
    QString subjectOf(const QString& nik) const;
    // The NIKs of the people an application is about: every NIK field that holds one.
    static QStringList niksOf(const Application& application);

private:
    Status append(AuditEntry entry);
    static QString hashOf(const AuditEntry& entry);
    QList<AuditEntry> select(const QString& where, const QVariantList& values) const;
    QString salt() const;
    static QString saltFingerprint(const QString& salt);
    void checkProtection(AuditVerification& result) const;
    void checkSubjects(const QList<AuditEntry>& entries, AuditVerification& result) const;
    Status ensureSalt();

    Database& m_database;
    const Clock& m_clock;
};

} // namespace sipelanduk
