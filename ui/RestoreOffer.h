#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace sipelanduk {

class Prompter;

// What the desktop program does when the database is found damaged at start and a backup is at
// hand: it offers to restore the latest backup in the damaged one's place, asking for its
// passphrase until it opens the file or the person gives up.
class RestoreOffer
{
    Q_DECLARE_TR_FUNCTIONS(RestoreOffer)

public:
    static bool applies(const Error& openError, const QString& dataDir);
    // True when the data folder holds a working database again.
    static bool run(Prompter& prompter, const QString& dataDir, const QString& damage,
                    const QDateTime& now);
};

} // namespace sipelanduk
