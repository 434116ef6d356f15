#pragma once

#include "Result.h"
#include "domain/Application.h"

#include <QCoreApplication>
#include <QList>

namespace sipelanduk {

class ApplicationStore;
struct User;

// Bulk capture from a JSON file (format in docs/import-format.md). Every entry goes through the
// same rules as the form. The file is checked whole first: if any entry has an error, nothing is
// saved and every problem is reported with its entry number.
class ApplicationImport
{
    Q_DECLARE_TR_FUNCTIONS(ApplicationImport)

public:
    struct Entry
    {
        ApplicationInput input;
        bool confirmWarnings = false;
    };

    struct Outcome
    {
        QStringList registrationNumbers;
        int warningsConfirmed = 0;
    };

    static Result<QList<Entry>> parse(const QByteArray& json);
    static Result<Outcome> run(ApplicationStore& store, const User& clerk, const QByteArray& json,
                               bool submit);
};

} // namespace sipelanduk
