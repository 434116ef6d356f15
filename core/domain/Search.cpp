#include "domain/Search.h"

#include "Logging.h"
#include "domain/ApplicationStore.h"
#include "security/Permissions.h"
#include "storage/Database.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// The apostrophes a name is written with; the index holds each name also without them.
const QString kApostrophes = u"'\u2019\u02bc\u2018`"_s;

bool seesAll(const User& user)
{
    return isAllowed(user.role, Action::ViewAllApplications);
}

QString scoped(const User& user)
{
    return seesAll(user) ? QString() : u" AND a.created_by = ?"_s;
}

QVariantList valuesFor(const User& user, QVariantList values, int limit)
{
    if (!seesAll(user))
        values.append(user.id);
    values.append(limit);
    return values;
}

QString withoutApostrophes(QString word)
{
    for (const QChar mark : kApostrophes)
        word.remove(mark);
    return word.remove(u'"');
}

// Each word as a quoted prefix, so that "wahy" finds "Wahyuni" and nothing in the text is read
// as FTS5 syntax.
QString nameMatchOf(const QString& text)
{
    QStringList words;
    const QStringList parts = text.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QString word = withoutApostrophes(part);
        if (std::any_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
            words.append(u'"' + word + u"\"*"_s);
    }
    return words.join(u' ');
}

QList<qint64> newestFirst(QList<qint64> ids, int limit)
{
    std::sort(ids.begin(), ids.end(), std::greater<>());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > limit)
        ids.resize(limit);
    return ids;
}

} // namespace

Search::Search(Database& database, const ApplicationStore& store)
    : m_database(database)
    , m_store(store)
{}

SearchTerms Search::termsOf(const QString& text)
{
    static const QRegularExpression kSeparators(u"[\\s.\\-]"_s);
    static const QRegularExpression kNumber(u"^[0-9]{16}$"_s);
    static const QRegularExpression kRegistration(u"^[0-9][0-9A-Z-]*$"_s);

    SearchTerms terms;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return terms;
    const QString digits = QString(trimmed).remove(kSeparators);
    if (kNumber.match(digits).hasMatch()) {
        terms.number = digits;
        return terms;
    }
    const QString registration = QString(trimmed).remove(QRegularExpression(u"\\s"_s)).toUpper();
    if (kRegistration.match(registration).hasMatch()) {
        terms.registration = registration;
        return terms;
    }
    terms.nameMatch = nameMatchOf(trimmed);
    return terms;
}

Status Search::mergeNameIndex(Database& database)
{
    QSqlQuery query(database.connection());
    if (!query.exec(u"INSERT INTO application_name_index (application_name_index) "
                    "VALUES ('optimize')"_s))
        return sqlError(tr("tidy the search index"), query.lastError().text());
    return {};
}

Result<QList<Application>> Search::find(const User& user, const QString& text, int limit) const
{
    const SearchTerms terms = termsOf(text);
    if (limit <= 0)
        limit = kDefaultLimit;

    Result<QList<qint64>> found = QList<qint64>();
    if (!terms.number.isEmpty())
        found = idsByNumber(user, terms.number, limit);
    else if (!terms.registration.isEmpty())
        found = idsByRegistration(user, terms.registration, limit);
    else if (!terms.nameMatch.isEmpty())
        found = idsByName(user, terms.nameMatch, limit);
    if (!found)
        return found.error();

    const QList<qint64> ids = newestFirst(*found, limit);
    qCDebug(lcDomain) << "search found" << ids.size() << "application(s) for user" << user.id;
    return m_store.withIds(ids);
}

Result<QList<qint64>> Search::idsByNumber(const User& user, const QString& number, int limit) const
{
    return ids(u"SELECT n.application_id FROM application_number n "
               "JOIN application a ON a.id = n.application_id WHERE n.number = ?"_s +
                   scoped(user) + u" ORDER BY n.application_id DESC LIMIT ?"_s,
               valuesFor(user, {number}, limit));
}

Result<QList<qint64>> Search::idsByRegistration(const User& user, const QString& prefix,
                                                int limit) const
{
    // Registration numbers are ASCII, so every one that starts with the prefix sorts below it
    // followed by the highest character of the Basic Multilingual Plane.
    const QString end = prefix + QChar(0xffff);
    return ids(u"SELECT a.id FROM application a WHERE a.registration_number >= ? "
               "AND a.registration_number < ?"_s +
                   scoped(user) + u" ORDER BY a.registration_number DESC LIMIT ?"_s,
               valuesFor(user, {prefix, end}, limit));
}

Result<QList<qint64>> Search::idsByName(const User& user, const QString& match, int limit) const
{
    return ids(u"SELECT f.rowid FROM application_name_index f "
               "JOIN application a ON a.id = f.rowid WHERE application_name_index MATCH ?"_s +
                   scoped(user) + u" ORDER BY f.rowid DESC LIMIT ?"_s,
               valuesFor(user, {match}, limit));
}

Result<QList<qint64>> Search::ids(const QString& sql, const QVariantList& values) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(tr("search the applications"), query.lastError().text()).error();
    QList<qint64> found;
    while (query.next())
        found.append(query.value(0).toLongLong());
    return found;
}

} // namespace sipelanduk
