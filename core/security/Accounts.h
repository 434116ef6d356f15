#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sipelanduk {

class Clock;
class Database;

// Local accounts of the office PC: one per person, passwords hashed with Argon2id (libsodium).
class Accounts
{
    Q_DECLARE_TR_FUNCTIONS(Accounts)

public:
    static constexpr int kMinimumPasswordLength = 8;

    Accounts(Database& database, const Clock& clock)
        : m_database(database)
        , m_clock(clock)
    {}

    // `actor` is the IT operator creating the account; only the first admin is made without one.
    Result<User> create(const QString& name, Role role, const QString& password, const User* actor);
    Result<User> authenticate(const QString& name, const QString& password) const;
    std::optional<User> find(const QString& name) const;
    QList<User> list() const;
    bool isEmpty() const;

    static Status checkName(const QString& name);
    static Status checkPassword(const QString& password);

private:
    Database& m_database;
    const Clock& m_clock;
};

} // namespace sipelanduk
