#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace sipelanduk {

class Clock;
class Database;

// An account as the IT operator sees it; the password hash never leaves Accounts.
struct AccountState
{
    User user;
    bool active = true;
    int failedAttempts = 0;
    QDateTime lockedUntil;       // invalid when no lock was set since the last good sign-in
    QDateTime passwordChangedAt; // invalid when the password is the one set at creation

    bool isLocked(const QDateTime& now) const { return lockedUntil.isValid() && now < lockedUntil; }
};

// Local accounts of the office PC: one per person, passwords hashed with Argon2id (libsodium).
class Accounts
{
    Q_DECLARE_TR_FUNCTIONS(Accounts)

public:
    static constexpr int kMinimumPasswordLength = 8;
    // This many wrong passwords in a row lock the account for kLockoutMinutes from the last one.
    static constexpr int kMaxFailedAttempts = 5;
    static constexpr int kLockoutMinutes = 15;

    Accounts(Database& database, const Clock& clock)
        : m_database(database)
        , m_clock(clock)
    {}

    // `actor` is the IT operator creating the account; only the first admin is made without one.
    Result<User> create(const QString& name, Role role, const QString& password, const User* actor);
    // A locked account is refused even with the right password, a disabled one always.
    Result<User> authenticate(const QString& name, const QString& password);

    // The IT operator's care of accounts. An account is disabled, never deleted, so that what its
    // owner did stays attributed to them.
    Status resetPassword(const User& actor, const QString& name, const QString& newPassword);
    Status setActive(const User& actor, const QString& name, bool active);
    Result<QList<AccountState>> states(const User& actor) const;

    std::optional<User> find(const QString& name) const;
    QList<User> list() const;
    bool isEmpty() const;

    static Status checkName(const QString& name);
    static Status checkPassword(const QString& password);

private:
    std::optional<AccountState> loadState(const QString& name) const;
    bool passwordMatches(qint64 id, const QString& password) const;
    Result<User> recordFailure(const AccountState& account);
    Status storeFailures(qint64 id, int attempts, const QDateTime& lockedUntil);
    User userById(qint64 id) const;
    Status clearFailures(const AccountState& account);
    Status checkMayDisable(const User& actor, const AccountState& account) const;
    int activeAdminCount() const;

    static Result<QString> hashed(const QString& password);
    static Error wrongPassword();
    static Error locked(const QString& name, const QDateTime& until);
    static Error unknownAccount(const QString& name);

    Database& m_database;
    const Clock& m_clock;
};

} // namespace sipelanduk
