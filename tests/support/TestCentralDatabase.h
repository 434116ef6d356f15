#pragma once

#include <QDir>
#include <QList>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <functional>

namespace sipelanduk::test {

// The central database a test runs sipelanduk-pusat (or CentralStore) on. Each server and
// integration suite that talks to the central database is registered twice in ctest: as is, on a
// SQLite file, and as NAME_postgres with SIPELANDUK_TEST_BACKEND=postgres, on a new database of
// its own in the cluster that SIPELANDUK_TEST_POSTGRES names (scripts/with-postgres.sh starts
// one), dropped again afterwards. The test code is the same; only location() differs.
class TestCentralDatabase
{
public:
    TestCentralDatabase() = default;
    TestCentralDatabase(const TestCentralDatabase&) = delete;
    TestCentralDatabase& operator=(const TestCentralDatabase&) = delete;
    ~TestCentralDatabase() { drop(); }

    static bool usesPostgres()
    {
        return qEnvironmentVariable("SIPELANDUK_TEST_BACKEND") == QLatin1String("postgres");
    }

    // Why this variant cannot run here, or nothing; for initTestCase to fail with.
    static QString unavailable()
    {
        if (!usesPostgres() || qEnvironmentVariableIsSet("SIPELANDUK_TEST_POSTGRES"))
            return {};
        return QStringLiteral(
            "SIPELANDUK_TEST_POSTGRES is not set: the _postgres variants need a PostgreSQL "
            "cluster; run them through scripts/with-postgres.sh (scripts/test.sh does), or leave "
            "them out with ctest -LE postgres");
    }

    // Makes a new, empty database: a file `fileName` in `directory`, or a PostgreSQL database.
    // Empty on success, otherwise why not (to fail the test with).
    QString create(const QString& directory,
                   const QString& fileName = QStringLiteral("pusat.sqlite"))
    {
        drop();
        if (!usesPostgres()) {
            m_location = QDir(directory).filePath(fileName);
            return {};
        }
        if (const QString why = unavailable(); !why.isEmpty())
            return why;
        const QString admin = qEnvironmentVariable("SIPELANDUK_TEST_POSTGRES");
        m_name = QStringLiteral("sipelanduk_t_%1")
                     .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
        QString failure;
        withConnection(
            admin,
            [&](QSqlDatabase& db) {
                QSqlQuery create(db);
                if (!create.exec(QStringLiteral("CREATE DATABASE ") + m_name))
                    failure = create.lastError().text();
            },
            &failure);
        if (!failure.isEmpty()) {
            m_name.clear();
            return QStringLiteral("The test database could not be created: ") + failure;
        }
        QUrl url(admin);
        url.setPath(QLatin1Char('/') + m_name);
        m_location = url.toString();
        return {};
    }

    // What --db or CentralStore::open takes.
    QString location() const { return m_location; }

    // The rows `sql` gives, as the driver reads them; a failure is a single row saying so.
    QList<QVariantList> values(const QString& sql) const
    {
        QList<QVariantList> result;
        QString failure;
        withConnection(
            m_location,
            [&](QSqlDatabase& db) {
                QSqlQuery query(db);
                if (!query.exec(sql)) {
                    failure = query.lastError().text();
                    return;
                }
                while (query.next()) {
                    QVariantList row;
                    for (int i = 0; i < query.record().count(); ++i)
                        row.append(query.value(i));
                    result.append(row);
                }
            },
            &failure);
        if (!failure.isEmpty())
            return {{QVariant(QString(QStringLiteral("failed: ") + failure))}};
        return result;
    }

    // The same, each value as text.
    QList<QStringList> rows(const QString& sql) const
    {
        QList<QStringList> result;
        const QList<QVariantList> found = values(sql);
        for (const QVariantList& row : found) {
            QStringList texts;
            for (const QVariant& value : row)
                texts.append(value.toString());
            result.append(texts);
        }
        return result;
    }

    // The single number `sql` gives, or -1.
    qint64 count(const QString& sql) const
    {
        const QList<QStringList> found = rows(sql);
        bool ok = false;
        const qint64 value = found.size() == 1 && found.first().size() == 1
                                 ? found.first().first().toLongLong(&ok)
                                 : -1;
        return ok ? value : -1;
    }

    // Statements that change the database, for tests that prepare a state, with `bound` for its
    // '?' placeholders; empty on success.
    QString execute(const QString& sql, const QVariantList& bound = {}) const
    {
        QString failure;
        withConnection(
            m_location,
            [&](QSqlDatabase& db) {
                QSqlQuery query(db);
                bool done = false;
                if (bound.isEmpty()) {
                    done = query.exec(sql);
                } else if (query.prepare(sql)) {
                    for (const QVariant& value : bound)
                        query.addBindValue(value);
                    done = query.exec();
                }
                if (!done)
                    failure = query.lastError().text();
            },
            &failure);
        return failure;
    }

    // The text at `key` of `column`'s JSON object `fields`, in this backend's SQL.
    static QString jsonField(const QString& column, const QString& key)
    {
        if (usesPostgres())
            return QStringLiteral("(%1::jsonb -> 'fields' ->> '%2')").arg(column, key);
        return QStringLiteral("json_extract(%1, '$.fields.\"%2\"')").arg(column, key);
    }

    // Removes the PostgreSQL database (a SQLite file goes with its folder).
    void drop()
    {
        if (m_name.isEmpty())
            return;
        withConnection(
            qEnvironmentVariable("SIPELANDUK_TEST_POSTGRES"),
            [&](QSqlDatabase& db) {
                QSqlQuery(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name),
                          db);
            },
            nullptr);
        m_name.clear();
        m_location.clear();
    }

private:
    static void withConnection(const QString& location,
                               const std::function<void(QSqlDatabase&)>& work, QString* failure)
    {
        const QString name =
            QStringLiteral("test-central-%1")
                .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
        {
            const bool postgres = location.startsWith(QLatin1String("postgres://"));
            QSqlDatabase db = QSqlDatabase::addDatabase(
                postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
            if (postgres) {
                const QUrl url(location);
                db.setHostName(url.host());
                db.setPort(url.port(5432));
                db.setUserName(url.userName(QUrl::FullyDecoded));
                db.setPassword(url.password(QUrl::FullyDecoded));
                db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
            } else {
                db.setDatabaseName(location);
                db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
            }
            if (db.open())
                work(db);
            else if (failure)
                *failure = db.lastError().text();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    QString m_location;
    QString m_name;
};

} // namespace sipelanduk::test
