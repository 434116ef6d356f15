#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QStringList>

namespace sipelanduk {

class Clock;
class Database;
struct User;

// Personal data is not kept on a counter PC for ever. Once the central office has completed an
// application and the document was handed over, its personal data is purged after a number of
// days, leaving a stub (registration number, service, dates, state) and an audit entry.
class Retention
{
    Q_DECLARE_TR_FUNCTIONS(Retention)

public:
    static constexpr int kDefaultDays = 30;

    Retention(Database& database, const Clock& clock)
        : m_database(database)
        , m_clock(clock)
    {}

    int days() const;
    Status setDays(const User& admin, int days);

    // Purges every application whose retention has ended; returns how many.
    Result<int> purge();

private:
    Status purgeOne(qint64 id);
    Result<QStringList> detachScans(qint64 id);

    Database& m_database;
    const Clock& m_clock;
};

} // namespace sipelanduk
