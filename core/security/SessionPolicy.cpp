#include "security/SessionPolicy.h"

#include "Logging.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace sipelanduk {

int SessionPolicy::idleMinutes(const Database& database)
{
    bool isNumber = false;
    const int minutes = database.setting(kIdleMinutesKey).toInt(&isNumber);
    if (!isNumber || minutes < 0 || minutes > kMaxIdleMinutes)
        return kDefaultIdleMinutes;
    return minutes;
}

Status SessionPolicy::setIdleMinutes(Database& database, const User& actor, int minutes)
{
    if (Status allowed = requirePermission(actor, Action::ManageUsers); !allowed)
        return allowed;
    if (minutes < 0 || minutes > kMaxIdleMinutes) {
        return Error{tr("%1 minutes is not a lock time: use 1 to %2 minutes, or 0 for a session "
                        "that never locks by itself.")
                         .arg(minutes)
                         .arg(kMaxIdleMinutes),
                     u"invalid_setting"_s};
    }
    if (Status saved = database.setSetting(kIdleMinutesKey, QString::number(minutes)); !saved)
        return saved;
    qCInfo(lcSecurity) << "idle lock set to" << minutes << "minutes by" << actor.name;
    return {};
}

} // namespace sipelanduk
