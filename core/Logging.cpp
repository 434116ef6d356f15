#include "Logging.h"

#include <algorithm>

namespace sipelanduk {

Q_LOGGING_CATEGORY(lcDb, "sipelanduk.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDomain, "sipelanduk.domain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "sipelanduk.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "sipelanduk.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "sipelanduk.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "sipelanduk.ui", QtInfoMsg)

QString maskIdentityNumber(const QString& number)
{
    constexpr int kLength = 16;
    const bool looksLikeNumber =
        number.size() == kLength &&
        std::all_of(number.cbegin(), number.cend(), [](QChar c) { return c.isDigit(); });
    if (!looksLikeNumber)
        return QStringLiteral("****************");
    return number.left(4) + QStringLiteral("********") + number.right(4);
}

} // namespace sipelanduk
