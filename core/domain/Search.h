#pragma once

#include "Result.h"
#include "domain/Application.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sipelanduk {

class ApplicationStore;
class Database;
struct User;

// What a search text is read as. One text can be more than one of these: "190401" is the start
// of a registration number, "Siti 2" a name and nothing else.
struct SearchTerms
{
    QString number;       // a NIK or KK number: 16 digits, found exactly
    QString registration; // the start of a registration number, upper case
    QString nameMatch;    // an FTS5 expression: every word as a prefix, all of them required
};

// Finds applications by NIK or KK number (any person's in the application, exactly), by
// registration number (exactly or its start) and by name (any person's, whole words or their
// start, ignoring case, accents and apostrophes). The indexes are kept by the schema's triggers
// in the transaction of every change, so a purged application is not found by what it lost.
class Search
{
    Q_DECLARE_TR_FUNCTIONS(Search)

public:
    static constexpr int kDefaultLimit = 200;

    Search(Database& database, const ApplicationStore& store);

    // The newest `limit` applications `user` may see that match `text`: a clerk's own, or all of
    // them for a supervisor or an IT operator. An empty text finds nothing.
    Result<QList<Application>> find(const User& user, const QString& text,
                                    int limit = kDefaultLimit) const;

    static SearchTerms termsOf(const QString& text);

    // Merges the name index into one segment. A name removed from the index stays in its older
    // segments, unreadable through search but in the file, until they are merged; a purge calls
    // this so that a purged name leaves the file too.
    static Status mergeNameIndex(Database& database);

private:
    Result<QList<qint64>> idsByNumber(const User& user, const QString& number, int limit) const;
    Result<QList<qint64>> idsByRegistration(const User& user, const QString& prefix,
                                            int limit) const;
    Result<QList<qint64>> idsByName(const User& user, const QString& match, int limit) const;
    Result<QList<qint64>> ids(const QString& sql, const QVariantList& values) const;

    Database& m_database;
    const ApplicationStore& m_store;
};

} // namespace sipelanduk
