#pragma once

#include "Result.h"
#include "security/Permissions.h"

#include <QCoreApplication>
#include <QLatin1String>

namespace sipelanduk {

class Database;

// How long a signed-in session may stand unused before the screen locks. Kept in the database so
// that every program on the PC follows the IT operator's choice.
class SessionPolicy
{
    Q_DECLARE_TR_FUNCTIONS(SessionPolicy)

public:
    static constexpr QLatin1String kIdleMinutesKey{"session.idleMinutes"};
    static constexpr int kDefaultIdleMinutes = 10;
    // A working day; 0 means the session never locks by itself.
    static constexpr int kMaxIdleMinutes = 480;

    // The stored value, or the default when none (or nothing sensible) is stored.
    static int idleMinutes(const Database& database);
    static Status setIdleMinutes(Database& database, const User& actor, int minutes);
};

} // namespace sipelanduk
